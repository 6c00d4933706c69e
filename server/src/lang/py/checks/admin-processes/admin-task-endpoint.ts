// admin-processes/admin-task-endpoint in Python: a request handler whose body runs a one-off admin task
// (taskBodies.ts): a management or migration command, or bulk work over a table when the route or the handler is
// named for a task (backfill, reindex, purge-…, `rebuild` under an admin prefix: detect/adminTasks.ts). A route's name
// alone is not enough, nor is bulk work alone (`mark all read`). Flask/Quart/FastAPI route decorators (with a
// Blueprint's `url_prefix` or an APIRouter's `prefix` from the same file) and DRF `@action`s are reported here, at the
// decorator. A Django view's route is in a URLconf: the view and the `path()` entries are recorded, and the project
// half reports the `path()` that routes to a task view (the endpoint is what exposes the task; the same function run
// from a management command is the right pattern).
import * as path from 'path';
import { pyCheck } from '../../context';
import type { SyntaxNode } from '../../parse';
import {
  callArgs,
  childrenOf,
  dottedName,
  importBindings,
  relativeImportBindings,
  resolveName,
  stringValue,
} from '../../syntax';
import { pyHandlers, type PyFunction } from '../../handlers';
import { pyProcessRuns } from '../../childProcess';
import { isDevOnly } from '../../devOnly';
import { isPyAppCode } from '../appFiles';
import { taskEvidence, type TaskEvidence } from './taskBodies';
import { ADMIN_WORDS, WRITE_METHODS, taskSegment, words } from '../../../../detect/adminTasks';
import { PY_TASK_VIEWS, PY_URL_ROUTES, type PyTaskView, type PyUrlRoute } from '../../../../facts/admin-processes';
import { LineIndex } from '../../../../util/text';

export const PY_ADMIN_TASK_TRIGGER =
  /call_command|alembic|flask_migrate|manage\.py|for\s|bulk_|_many\(|\.update\(|urlpatterns/;

const ROUTE_METHODS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route']);
/** Decorators migrations-on-boot reads as route handlers: it reports a migration run there. */
const MIGRATION_ROUTE = /\.(route|get|post|put|patch|delete|api_route|websocket)$/;
const URL_FUNCTIONS = new Set(['django.urls.path', 'django.urls.re_path', 'django.conf.urls.url']);
const ROUTER_CLASSES = new Map([
  ['flask.Blueprint', 'url_prefix'],
  ['quart.Blueprint', 'url_prefix'],
  ['fastapi.APIRouter', 'prefix'],
  ['fastapi.routing.APIRouter', 'prefix'],
]);

const isAdminName = (s: string) => words(s).some((w) => ADMIN_WORDS.has(w));
/** A route with an admin-like segment (`/admin/…`, `/ops/…`). */
export const isAdminPath = (p: string) => p.split('/').some(isAdminName);

function joinPath(...parts: string[]): string {
  return ('/' + parts.join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/** `{id}`, `<int:pk>`, `:id`: Python frameworks' parameters in the form taskSegment knows (`:id`). */
function normalisePath(p: string): string {
  return p.replace(/<[^<>/]*>|\{[^{}/]*\}|\(\?P<[^>/]*>[^/]*?\)/g, ':p');
}

export const adminTaskEndpointPy = pyCheck<'runsTask'>({
  trigger: PY_ADMIN_TASK_TRIGGER,
  check(ctx) {
    if (!isPyAppCode(ctx)) return;
    const { text } = ctx;
    const fileAdmin = path.posix
      .dirname(ctx.rel)
      .split('/')
      .concat(path.posix.basename(ctx.rel, '.py'))
      .some(isAdminName);
    const bindings = importBindings(text, ctx.index.imports);
    const lines = new LineIndex(text);
    const oneLine = (n: SyntaxNode) => {
      const r = ctx.rangeOf(n);
      return r.start.line === r.end.line
        ? r
        : { start: r.start, end: { line: r.start.line, character: lines.lineText(r.start.line).length } };
    };
    if (/urlpatterns/.test(text)) {
      const routes = urlRoutes(text, ctx.index.calls, ctx.index.imports, bindings, fileAdmin, oneLine);
      if (routes.length) ctx.record(PY_URL_ROUTES, routes);
    }
    const handlers = pyHandlers(ctx);
    if (!handlers.size) return;
    const runs = pyProcessRuns(text, ctx.index);
    const prefixes = routerPrefixes(text, ctx.index.assignments, bindings);
    const views = new Map<string, PyTaskView>();
    for (const fn of handlers.defs.functions) {
      if (!handlers.of(fn.node)) continue;
      const decorated = routeOf(text, fn, bindings, prefixes);
      const evidence = taskEvidence(text, fn.node, bindings, runs);
      if (evidence.enqueues || (!evidence.command && !evidence.bulk)) continue;
      if (decorated) {
        const task = taskOf(evidence, decorated, fn, fileAdmin);
        if (task)
          ctx.report(oneLine(decorated.at), {
            messageId: 'runsTask',
            data: { route: decorated.label, task },
          });
        continue;
      }
      // A Django view: a top-level function, or a class-based view's method (recorded under the class).
      const owner = fn.cls ?? (fn.topLevel ? fn : undefined);
      if (!owner || (fn.cls && !fn.cls.topLevel)) continue;
      const command = evidence.command?.label;
      const known = views.get(owner.name);
      const view: PyTaskView = known ?? {
        name: owner.name,
        range: oneLine(owner.node.getChild('VariableName') ?? owner.node),
        bulk: false,
      };
      view.bulk ||= evidence.bulk;
      if (command && !view.command) view.command = command;
      const task = taskSegment(`/${owner.name}`, undefined, fileAdmin);
      if (task) view.task = task.segment;
      if (fileAdmin) view.admin = true;
      views.set(owner.name, view);
    }
    if (views.size) ctx.record(PY_TASK_VIEWS, [...views.values()]);
  },
});

interface DecoratedRoute {
  at: SyntaxNode;
  /** `POST /admin/reindex`, "The action `JobViewSet.reindex()`". */
  label: string;
  path: string;
  method?: string;
  admin: boolean;
  /** migrations-on-boot reports a migration in this handler. */
  migrationReported: boolean;
}

/** The task a decorated route runs, for the message, or undefined. */
function taskOf(e: TaskEvidence, r: DecoratedRoute, fn: PyFunction, fileAdmin: boolean): string | undefined {
  if (e.command && !(e.command.migration && r.migrationReported)) return e.command.label;
  if (!e.bulk) return undefined;
  const admin = fileAdmin || r.admin;
  const byRoute = taskSegment(normalisePath(r.path), r.method, admin);
  if (byRoute) return byRoute.segment;
  // POST /admin/run → backfill_orders(): on an admin route the handler's name says what it runs. Elsewhere a name
  // like `purge_export_data()` on `/export/purge` is the product's action on that resource.
  const read = !r.method || /^(GET|HEAD|OPTIONS)$/.test(r.method);
  if (read || /:p/.test(normalisePath(r.path)) || !(admin || isAdminPath(r.path))) return undefined;
  return taskSegment(`/${fn.name}`, r.method, admin)?.segment;
}

/** `bp = Blueprint("admin", __name__, url_prefix="/admin")`, `router = APIRouter(prefix="/admin")`. */
function routerPrefixes(
  text: string,
  assignments: readonly SyntaxNode[],
  bindings: ReadonlyMap<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of assignments) {
    const kids = childrenOf(a);
    if (kids.length !== 3 || kids[0].name !== 'VariableName' || kids[2].name !== 'CallExpression') continue;
    const callee = dottedName(text, kids[2].firstChild);
    const key = callee ? ROUTER_CLASSES.get(resolveName(callee, bindings)) : undefined;
    if (!key) continue;
    const prefix = stringValue(text, callArgs(text, kids[2]).keywords.get(key));
    out.set(text.slice(kids[0].from, kids[0].to), prefix ?? '');
  }
  return out;
}

/** The route a handler's decorator registers: Flask/FastAPI-style `@owner.post("/x")`, or a DRF `@action`. */
function routeOf(
  text: string,
  fn: PyFunction,
  bindings: ReadonlyMap<string, string>,
  prefixes: ReadonlyMap<string, string>,
): DecoratedRoute | undefined {
  for (const d of fn.decorators) {
    if (!d.called) continue;
    const dot = d.name.lastIndexOf('.');
    const method = d.name.slice(dot + 1);
    const resolved = resolveName(d.name, bindings);
    if (resolved === 'rest_framework.decorators.action' || (d.name === 'action' && fn.cls)) {
      const a = decoratorArgs(text, d.node);
      const urlPath = stringValue(text, a.keywords.get('url_path')) ?? fn.name;
      const detail = a.keywords.get('detail');
      const perRecord = !!detail && text.slice(detail.from, detail.to) === 'True';
      return {
        at: d.node,
        label: `The action \`${fn.cls ? `${fn.cls.name}.` : ''}${fn.name}()\``,
        path: (perRecord ? '/:p/' : '/') + urlPath,
        method: verbOf(text, a.keywords.get('methods')) ?? 'GET',
        admin: !!fn.cls && isAdminName(fn.cls.name),
        migrationReported: false,
      };
    }
    if (dot <= 0 || !ROUTE_METHODS.has(method)) continue;
    const a = decoratorArgs(text, d.node);
    const p = stringValue(text, a.positional[0] ?? a.keywords.get('path') ?? a.keywords.get('rule'));
    if (p === undefined || (p !== '' && !p.startsWith('/'))) continue;
    const owner = d.name.slice(0, dot);
    const route = joinPath(prefixes.get(owner) ?? '', p);
    const verb =
      method === 'route' || method === 'api_route'
        ? (verbOf(text, a.keywords.get('methods')) ?? (method === 'route' ? 'GET' : undefined))
        : method.toUpperCase();
    return {
      at: d.node,
      label: verb ? `${verb} ${route}` : route,
      path: route,
      method: verb,
      admin: isAdminName(owner),
      migrationReported: MIGRATION_ROUTE.test(d.name),
    };
  }
  return undefined;
}

/** A called decorator's arguments (`@x.post("/a", …)`: the ArgList is the decorator's last child). */
function decoratorArgs(text: string, dec: SyntaxNode): ReturnType<typeof callArgs> {
  return callArgs(text, dec);
}

/** `methods=["GET", "POST"]`: a write verb wins. */
function verbOf(text: string, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const verbs = childrenOf(node)
    .map((k) => stringValue(text, k)?.toUpperCase())
    .filter((v): v is string => !!v);
  return verbs.find((v) => WRITE_METHODS.has(v)) ?? verbs[0];
}

/** Django URLconf entries whose view is a name or `X.as_view()`: `path("ops/backfill/", views.backfill)`. */
function urlRoutes(
  text: string,
  calls: readonly SyntaxNode[],
  imports: readonly SyntaxNode[],
  bindings: ReadonlyMap<string, string>,
  fileAdmin: boolean,
  oneLine: (n: SyntaxNode) => PyUrlRoute['range'],
): PyUrlRoute[] {
  const relative = relativeImportBindings(text, imports);
  const out: PyUrlRoute[] = [];
  for (const call of calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee || !URL_FUNCTIONS.has(resolveName(callee, bindings))) continue;
    const args = callArgs(text, call);
    const route = stringValue(text, args.positional[0] ?? args.keywords.get('route'));
    let view = args.positional[1] ?? args.keywords.get('view');
    if (route === undefined || !view) continue;
    if (view.name === 'CallExpression') {
      const c = dottedName(text, view.firstChild);
      if (!c?.endsWith('.as_view')) continue;
      view = view.firstChild!.firstChild!;
    }
    const ref = dottedName(text, view);
    if (!ref || isDevOnly(text, call)) continue;
    const dot = ref.lastIndexOf('.');
    const name = ref.slice(dot + 1);
    let module: string;
    if (dot < 0) module = relative.get(ref)?.replace(/\.[^.]*$/, '') ?? moduleOf(bindings.get(ref), name);
    else {
      const head = ref.split('.')[0];
      const rest = ref.slice(head.length, dot);
      const base = relative.get(head) ?? bindings.get(head);
      if (base === undefined) continue;
      module = base + rest;
    }
    out.push({
      range: oneLine(call),
      path: route.replace(/^\^/, '').replace(/\$$/, ''),
      module,
      name,
      admin: fileAdmin,
    });
  }
  return out;
}

/** `from billing.views import backfill` binds backfill → billing.views.backfill: the module is billing.views. */
function moduleOf(bound: string | undefined, name: string): string {
  if (bound === undefined) return '';
  return bound.endsWith(`.${name}`) ? bound.slice(0, -name.length - 1) : bound;
}
