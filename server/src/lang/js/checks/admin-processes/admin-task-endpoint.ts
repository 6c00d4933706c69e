// admin-processes/admin-task-endpoint in JS/TS: the routes a file registers (Express, Koa, Fastify, hapi, Hono, Nest,
// Next.js) whose path names a one-off admin task, recorded for the project half, which knows the web process's files.
import * as path from 'path';
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext } from '../../context';
import { calleeName, declaredName, dottedName, stringValue, unwrap } from '../../astUtil';
import { handlersOf, type Handlers } from '../../handlers';
import {
  ADMIN_TASK_TRIGGER,
  ADMIN_WORDS,
  WRITE_METHODS,
  mayRouteAdminTask,
  taskSegment,
  words,
} from '../../../../detect/adminTasks';
import { LineIndex } from '../../../../util/text';
import { ADMIN_TASK_ROUTES, type RouteFact } from '../../../../facts/admin-processes';

/** Handing the work to a queue or job runner: the task runs in a worker, not in the web process. */
const ENQUEUE_METHOD =
  /^(add|addBulk|enqueue\w*|publish\w*|send|sendMessage|dispatch|now|schedule|trigger|createJob|createTask|submit)$/;
const QUEUE_WORDS =
  /^(queues?|jobs?|boss|agenda|bull|bullmq|workers?|inngest|tasks?|producer|sqs|pubsub|topic|scheduler|qstash|kafka|channel|bus)$/;

/** A route path argument: a string, or a template whose substitutions are dropped (`${base}/backfill` → /backfill). */
function pathText(arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  const n = unwrap(arg);
  const s = stringValue(n);
  if (s !== undefined) return s;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((sp) => `/${sp.literal.text}`).join('');
  return undefined;
}

function objectString(o: ts.ObjectLiteralExpression, key: string): string | undefined {
  for (const p of o.properties)
    if (ts.isPropertyAssignment(p) && declaredName(p.name) === key) return pathText(p.initializer);
  return undefined;
}

/** The HTTP verb of a route object (`method: 'POST'` or `['GET', 'POST']`): a write verb wins. */
function objectMethod(o: ts.ObjectLiteralExpression): string | undefined {
  for (const p of o.properties) {
    if (!ts.isPropertyAssignment(p) || declaredName(p.name) !== 'method') continue;
    const v = unwrap(p.initializer);
    const all = ts.isArrayLiteralExpression(v) ? v.elements.map((e) => stringValue(unwrap(e))) : [stringValue(v)];
    const verbs = all.filter((x): x is string => !!x).map((x) => x.toUpperCase());
    return verbs.find((x) => WRITE_METHODS.has(x)) ?? verbs[0];
  }
  return undefined;
}

/** Where a router is mounted, as far as this file says: Koa `new Router({ prefix })`, `router.prefix()`, `app.use('/admin', router)`, a Fastify plugin's `{ prefix }`. */
function prefixOf(
  ctx: JsExtractContext,
  owner: ts.Expression,
  call: ts.CallExpression,
  cache: Map<string, string>,
): string {
  const o = unwrap(owner);
  if (ts.isIdentifier(o)) {
    let p = cache.get(o.text);
    if (p === undefined) cache.set(o.text, (p = namedPrefix(ctx, o.text)));
    if (p) return p;
  }
  // fastify.register(async (f) => { f.post('/reindex', …) }, { prefix: '/admin' })
  for (let p: ts.Node | undefined = call.parent; p; p = p.parent) {
    if (
      !ts.isFunctionLike(p) ||
      !p.parent ||
      !ts.isCallExpression(p.parent) ||
      calleeName(p.parent.expression) !== 'register' ||
      p.parent.arguments[0] !== p
    )
      continue;
    const opts = p.parent.arguments[1] && unwrap(p.parent.arguments[1]);
    if (opts && ts.isObjectLiteralExpression(opts)) return objectString(opts, 'prefix') ?? '';
  }
  return '';
}

function namedPrefix(ctx: JsExtractContext, name: string): string {
  for (const v of ctx.index.variables) {
    if (!ts.isIdentifier(v.name) || v.name.text !== name || !v.initializer) continue;
    const init = unwrap(v.initializer);
    const opts =
      (ts.isNewExpression(init) || ts.isCallExpression(init)) && init.arguments?.[0]
        ? unwrap(init.arguments[0])
        : undefined;
    const p = opts && ts.isObjectLiteralExpression(opts) ? objectString(opts, 'prefix') : undefined;
    if (p) return p;
  }
  for (const c of ctx.index.calls) {
    const e = c.expression;
    if (!ts.isPropertyAccessExpression(e)) continue;
    if (e.name.text === 'prefix' && ts.isIdentifier(e.expression) && e.expression.text === name)
      return pathText(c.arguments[0]) ?? '';
    if (
      e.name.text === 'use' &&
      c.arguments.slice(1).some((a) => {
        const m = unwrap(a);
        return ts.isIdentifier(m) && m.text === name;
      })
    )
      return pathText(c.arguments[0]) ?? '';
  }
  return '';
}

function joinPath(...parts: string[]): string {
  return ('/' + parts.join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/** The handler functions among a registration's arguments that handlers.ts recognised. */
function handlerArgs(handlers: Handlers, args: readonly ts.Expression[]): ts.FunctionLikeDeclaration[] {
  const out: ts.FunctionLikeDeclaration[] = [];
  const add = (e: ts.Expression) => {
    const n = unwrap(e);
    const fn =
      ts.isArrowFunction(n) || ts.isFunctionExpression(n)
        ? n
        : ts.isIdentifier(n)
          ? handlers.functionNamed(n.text)
          : undefined;
    if (fn && handlers.byFn.has(fn)) out.push(fn);
  };
  for (const a of args) {
    const n = unwrap(a);
    if (ts.isObjectLiteralExpression(n)) {
      for (const p of n.properties) {
        if (declaredName(p.name) !== 'handler') continue;
        if (ts.isMethodDeclaration(p) && handlers.byFn.has(p)) out.push(p);
        else if (ts.isPropertyAssignment(p)) add(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) add(p.name);
      }
    } else if (ts.isArrayLiteralExpression(n)) n.elements.forEach(add);
    else add(n);
  }
  return out;
}

/** The handler hands the task to a queue or job runner (`queue.add('backfill')`, `inngest.send(…)`). */
function enqueues(fn: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const e = unwrap(n.expression);
      if (ts.isIdentifier(e) && /^enqueue/i.test(e.text)) found = true;
      if (ts.isPropertyAccessExpression(e) && ENQUEUE_METHOD.test(e.name.text)) {
        const receiver =
          dottedName(e.expression) ??
          (ts.isCallExpression(unwrap(e.expression))
            ? calleeName((unwrap(e.expression) as ts.CallExpression).expression)
            : undefined);
        if (receiver && receiver.split('.').some((part) => words(part).some((w) => QUEUE_WORDS.test(w)))) found = true;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return found;
}

interface Candidate {
  at: ts.Node;
  route: string;
  method: string | undefined;
  fns: ts.Node[];
  context: boolean;
}

/** Express, Koa, Fastify, hapi and Hono registrations whose handler handlers.ts recognised. */
function registrations(ctx: JsExtractContext, handlers: Handlers, fileAdmin: boolean): Candidate[] {
  const out: Candidate[] = [];
  const prefixes = new Map<string, string>();
  for (const call of ctx.index.calls) {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const method = callee.name.text;
    const owner = callee.expression;
    const ownerAdmin = (dottedName(owner) ?? '').split('.').some((part) => words(part).some((w) => ADMIN_WORDS.has(w)));
    const context = fileAdmin || ownerAdmin;
    if (method === 'route' && call.arguments.length === 1) {
      // fastify.route({ method, url, handler }), server.route({ method, path, handler }) (hapi), or arrays of them
      const arg = unwrap(call.arguments[0]);
      for (const o of ts.isArrayLiteralExpression(arg) ? arg.elements.map(unwrap) : [arg]) {
        if (!ts.isObjectLiteralExpression(o)) continue;
        const url = objectString(o, 'url') ?? objectString(o, 'path');
        const fns = handlerArgs(handlers, [o]);
        if (url !== undefined && fns.length)
          out.push({
            at: o,
            route: joinPath(prefixOf(ctx, owner, call, prefixes), url),
            method: objectMethod(o),
            fns,
            context,
          });
      }
      continue;
    }
    // Not `use`: middleware mounted on a path (auth, rate limits) is not the route that runs the task.
    if (!/^(get|post|put|patch|delete|del|all)$/.test(method)) continue;
    // app.route('/x').post(h)
    const chained =
      ts.isCallExpression(owner) && calleeName(owner.expression) === 'route' ? pathText(owner.arguments[0]) : undefined;
    const p = chained ?? pathText(call.arguments[0]);
    if (p === undefined || !p.startsWith('/')) continue;
    const fns = handlerArgs(handlers, chained !== undefined ? call.arguments : call.arguments.slice(1));
    if (!fns.length) continue;
    const router =
      chained !== undefined && ts.isCallExpression(owner) && ts.isPropertyAccessExpression(owner.expression)
        ? owner.expression.expression
        : owner;
    const verb = method === 'del' ? 'DELETE' : method === 'all' ? undefined : method.toUpperCase();
    out.push({ at: call, route: joinPath(prefixOf(ctx, router, call, prefixes), p), method: verb, fns, context });
  }
  return out;
}

/** Nest controller methods: `@Controller('admin')` + `@Post('reindex')`. */
function nestRoutes(handlers: Handlers, fileAdmin: boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const fn of handlers.byFn.keys()) {
    if (!ts.isMethodDeclaration(fn) || !ts.isClassDeclaration(fn.parent)) continue;
    const route = decoratorArg(fn, /^(Get|Post|Put|Patch|Delete|All|Options|Head)$/);
    const base = decoratorArg(fn.parent, /^Controller$/);
    if (!route) continue;
    out.push({
      at: fn.name,
      route: joinPath(base?.path ?? '', route.path),
      method: route.name === 'All' ? undefined : route.name.toUpperCase(),
      fns: [fn],
      context: fileAdmin,
    });
  }
  return out;
}

function decoratorArg(n: ts.Node, name: RegExp): { name: string; path: string } | undefined {
  if (!ts.canHaveDecorators(n)) return undefined;
  for (const d of ts.getDecorators(n) ?? []) {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? calleeName(e.expression) : calleeName(e);
    if (!callee || !name.test(callee)) continue;
    const arg = ts.isCallExpression(e) && e.arguments[0] ? unwrap(e.arguments[0]) : undefined;
    const p = arg && ts.isObjectLiteralExpression(arg) ? objectString(arg, 'path') : pathText(arg);
    return { name: callee, path: p ?? '' };
  }
  return undefined;
}

/** Next.js API routes: the file path is the route (`pages/api/admin/purge.ts`, `app/api/reindex/route.ts`). */
function nextRoutes(ctx: JsExtractContext, handlers: Handlers, fileAdmin: boolean): Candidate[] {
  const rel = ctx.rel;
  // The extension first, then the leftmost `pages/api/` before it: `(api\/.+)\.[cm]?[jt]sx?$` read to the end from each.
  const ext = /\.[cm]?[jt]sx?$/.exec(rel);
  const pages = ext ? /(^|\/)pages\/(api\/[^]+)$/.exec(rel.slice(0, ext.index)) : null;
  if (pages) {
    const route = joinPath(pages[2].replace(/(^|\/)index$/, ''));
    if (/(^|\/)_/.test(pages[2])) return [];
    for (const stmt of ctx.sourceFile.statements) {
      // export default async function handler(req, res) {…}
      if (
        ts.isFunctionDeclaration(stmt) &&
        ts.getModifiers(stmt)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
      ) {
        return [{ at: stmt.name ?? stmt, route, method: undefined, fns: [stmt], context: fileAdmin }];
      }
      // export default handler; export default withAdmin(async (req, res) => {…})
      if (ts.isExportAssignment(stmt) && !stmt.isExportEquals) {
        const e = unwrap(stmt.expression);
        const named = ts.isIdentifier(e) ? handlers.functionNamed(e.text) : undefined;
        const inner = ts.isCallExpression(e)
          ? e.arguments
              .map((a) => unwrap(a))
              .map((a) =>
                ts.isIdentifier(a)
                  ? handlers.functionNamed(a.text)
                  : ts.isArrowFunction(a) || ts.isFunctionExpression(a)
                    ? a
                    : undefined,
              )
              .filter((f): f is ts.FunctionLikeDeclaration => !!f)
          : [];
        const fns: ts.Node[] = named ? [named] : ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? [e] : inner;
        if (!fns.length) return [];
        const at = named && (ts.isFunctionDeclaration(named) && named.name ? named.name : named);
        return [{ at: ts.isIdentifier(e) && at ? at : stmt, route, method: undefined, fns, context: fileAdmin }];
      }
    }
    return [];
  }
  const routeFile = /\/route\.[cm]?[jt]sx?$/.exec(rel);
  const app = routeFile ? /(^|\/)app\/([^]+)$/.exec(rel.slice(0, routeFile.index)) : null;
  if (!app) return [];
  // Route groups `(admin)` and private folders do not appear in the URL; `(admin)` still says what the routes are.
  const dir = app[2]
    .split('/')
    .filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .join('/');
  const groupAdmin = app[2].split('/').some((s) => /^\(.*\)$/.test(s) && words(s).some((w) => ADMIN_WORDS.has(w)));
  const out: Candidate[] = [];
  for (const [fn, h] of handlers.byFn) {
    const verb = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) route handler$/.exec(h.label)?.[1];
    if (!verb) continue;
    const at =
      ts.isFunctionDeclaration(fn) && fn.name
        ? fn.name
        : fn.parent && ts.isVariableDeclaration(fn.parent)
          ? fn.parent.name
          : fn;
    out.push({ at, route: joinPath(dir), method: verb, fns: [fn], context: fileAdmin || groupAdmin });
  }
  return out;
}
export const adminTaskEndpointJs = jsCheck<never>({
  trigger: ADMIN_TASK_TRIGGER,
  check(ctx) {
    // Which process loads this file is decided at project level, from the module graph.
    if (!mayRouteAdminTask(ctx)) return;
    const handlers = handlersOf(ctx);
    // `routes/admin.ts`, `admin/routes.js`: an admin router, wherever it is mounted.
    const fileAdmin = path.posix
      .dirname(ctx.rel)
      .split('/')
      .concat(path.posix.basename(ctx.rel).replace(/\.[^.]*$/, ''))
      .some((s) => words(s).some((w) => ADMIN_WORDS.has(w)));
    const facts: RouteFact[] = [];
    const lines = new LineIndex(ctx.text);
    const seen = new Set<ts.Node>();
    for (const c of [
      ...registrations(ctx, handlers, fileAdmin),
      ...nestRoutes(handlers, fileAdmin),
      ...nextRoutes(ctx, handlers, fileAdmin),
    ]) {
      if (seen.has(c.at)) continue;
      seen.add(c.at);
      const task = taskSegment(c.route, c.method, c.context);
      if (!task || c.fns.some(enqueues)) continue;
      const r = ctx.rangeOf(c.at);
      // A registration may span the whole handler: point at its first line.
      const range =
        r.start.line === r.end.line
          ? r
          : { start: r.start, end: { line: r.start.line, character: lines.lineText(r.start.line).length } };
      facts.push({
        range,
        route: c.method ? `${c.method} ${c.route}` : c.route,
        task: task.segment,
        runner: task.runner,
        bodies: c.fns.map((fn) => ctx.rangeOf(fn)),
      });
    }
    if (facts.length) ctx.record(ADMIN_TASK_ROUTES, facts);
  },
});
