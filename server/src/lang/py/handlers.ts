// Request handlers in one Python file: Flask/Quart/Sanic/FastAPI route decorators (`@app.route('/x')`, `@bp.get`,
// `@router.post`), request hooks (`@app.before_request`, `@app.middleware('http')`), functions registered by name
// (`add_url_rule`, `add_api_route`, aiohttp's `router.add_get` and `web.get`, Starlette's `Route`), Django views
// (functions taking `request` in views modules or files that import Django's or DRF's request types, `@api_view`) and
// the methods of class-based views (Django/DRF `View`/`APIView`/`ViewSet`, Flask `MethodView`, aiohttp `web.View`,
// Starlette `HTTPEndpoint`, Tornado `RequestHandler`, Flask-RESTful `Resource`), and functions whose `request`
// parameter is typed as a framework's request. Found by one walk of the tree; per file (no other module is read).
import * as path from 'path';
import type { SyntaxNode, Tree } from './parse';
import { callArgs, childrenOf, dottedName, importBindings, resolveName, stringValue, type PyIndex } from './syntax';
import { lookupTable } from '../../util/table';

/** A function or method definition, with what the handler finders and the checks read of it. */
export interface PyFunction {
  node: SyntaxNode;
  name: string;
  params: PyParam[];
  /** Decorators as written (`app.route`, `api_view`), each with its node (`callArgs` reads a called one's). */
  decorators: PyDecorator[];
  /** The class whose body defines it, when it is a method. */
  cls?: PyClass;
  /** Defined at the module's top level (not in a function, not in a class). */
  topLevel: boolean;
}

export interface PyDecorator {
  name: string;
  node: SyntaxNode;
  called: boolean;
}

export interface PyParam {
  name: string;
  /** The annotation's dotted name, resolved through the imports (`web.Request` → `aiohttp.web.Request`). */
  type?: string;
}

export interface PyClass {
  node: SyntaxNode;
  name: string;
  /** Base classes' dotted names, resolved through the imports. */
  bases: string[];
  topLevel: boolean;
  methods: PyFunction[];
}

export interface PyHandler {
  fn: PyFunction;
  /** How a message names it: `add_item()`, `CartView.post()`. */
  label: string;
  /** How a sentence names it: "the request handler `add_item()`", "the view `cart()`". */
  phrase: string;
  /** Parameters that hold the client's connection (a WebSocket): stored, they are per process by nature. */
  connectionParams: string[];
}

/** The functions and classes of a file, from one walk. */
export interface PyDefinitions {
  functions: PyFunction[];
  classes: PyClass[];
  bindings: Map<string, string>;
}

/** The identifiers a parameter list declares, with their annotations (`self`, `*args`, `**kw` included). */
function paramsOf(text: string, list: SyntaxNode | null, bindings: Map<string, string>): PyParam[] {
  const out: PyParam[] = [];
  if (!list) return out;
  const kids = childrenOf(list);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    const prev = kids[i - 1]?.name;
    if (k.name !== 'VariableName' || (prev !== '(' && prev !== ',' && prev !== '*' && prev !== '**' && prev !== '/'))
      continue;
    const param: PyParam = { name: text.slice(k.from, k.to) };
    const ann = kids[i + 1]?.name === 'TypeDef' ? kids[i + 1].lastChild : null;
    const type = ann ? dottedName(text, ann) : undefined;
    if (type) param.type = resolveName(type, bindings);
    out.push(param);
  }
  return out;
}

/** `@a.b.c(…)` → 'a.b.c', called; other decorator expressions are undefined. */
function decoratorOf(text: string, dec: SyntaxNode): PyDecorator | undefined {
  let name = '';
  let called = false;
  for (const k of childrenOf(dec)) {
    if (k.name === 'At') continue;
    if (k.name === 'VariableName' || k.name === '.') name += text.slice(k.from, k.to);
    else if (k.name === 'ArgList') called = true;
    else return undefined;
  }
  return name ? { name, node: dec, called } : undefined;
}

export function pyDefinitions(text: string, tree: Tree, index: PyIndex): PyDefinitions {
  const bindings = importBindings(text, index.imports);
  const functions: PyFunction[] = [];
  const classes: PyClass[] = [];
  const classAt = new Map<number, PyClass>();
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'FunctionDefinition' && ref.name !== 'ClassDefinition') return;
      const node = ref.node;
      const holder = node.parent?.name === 'DecoratedStatement' ? node.parent : node;
      const topLevel = holder.parent?.name === 'Script';
      const nameNode = node.getChild('VariableName');
      if (!nameNode) return;
      const name = text.slice(nameNode.from, nameNode.to);
      if (ref.name === 'ClassDefinition') {
        const bases: string[] = [];
        const list = node.getChild('ArgList');
        if (list) {
          for (const b of childrenOf(list)) {
            const d = dottedName(text, b);
            if (d) bases.push(resolveName(d, bindings));
          }
        }
        const cls: PyClass = { node, name, bases, topLevel, methods: [] };
        classes.push(cls);
        classAt.set(node.from, cls);
        return;
      }
      const decorators: PyDecorator[] = [];
      if (holder !== node)
        for (const d of holder.getChildren('Decorator')) {
          const dec = decoratorOf(text, d);
          if (dec) decorators.push(dec);
        }
      // A method: the body it is in belongs to a class.
      const body = holder.parent;
      const owner = body?.name === 'Body' && body.parent?.name === 'ClassDefinition' ? body.parent : undefined;
      const cls = owner ? classAt.get(owner.from) : undefined;
      const fn: PyFunction = {
        node,
        name,
        params: paramsOf(text, node.getChild('ParamList'), bindings),
        decorators,
        cls,
        topLevel,
      };
      functions.push(fn);
      cls?.methods.push(fn);
    },
  });
  return { functions, classes, bindings };
}

/** Decorator methods that register a route with a path: Flask, Quart, Sanic, FastAPI, aiohttp's RouteTableDef. */
const ROUTE_DECORATORS = new Set([
  'route',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'options',
  'api_route',
  'websocket',
  'websocket_route',
  'view',
]);
/** Decorator methods that run a function on every request (Flask/Quart hooks; `middleware('http')` of FastAPI). */
const HOOK_DECORATORS = new Set([
  'before_request',
  'before_app_request',
  'after_request',
  'after_app_request',
  'middleware',
]);
/** Django and DRF decorators that only views carry. */
const VIEW_DECORATORS =
  /^(api_view|require_http_methods|require_GET|require_POST|require_safe|csrf_exempt|login_required|permission_required|staff_member_required|user_passes_test)$/;
/** Base classes whose methods handle requests (one instance per request in Django, DRF, Tornado). */
const VIEW_BASE =
  /^(View|MethodView|APIView|GenericAPIView|HTTPEndpoint|WebSocketEndpoint|RequestHandler|Resource)$|[a-z]View$|ViewSet$/;
/** Frameworks whose import makes a `*View` base class a web view (not a GUI one). */
const WEB_MODULES =
  /^(django|rest_framework|flask|flask_restful|flask_restx|aiohttp|tornado|starlette|fastapi|quart|sanic|falcon|pyramid|ninja|litestar)(\.|$)/;
/** Request types: a parameter annotated with one is a request handler's (or a dependency run per request). */
const REQUEST_TYPES = new Set([
  'aiohttp.web.Request',
  'aiohttp.web_request.Request',
  'aiohttp.web.BaseRequest',
  'starlette.requests.Request',
  'fastapi.Request',
  'fastapi.requests.Request',
  'django.http.HttpRequest',
  'django.http.request.HttpRequest',
  'rest_framework.request.Request',
  'quart.Request',
  'sanic.Request',
  'sanic.request.Request',
]);
const WEBSOCKET_TYPES = /(^|\.)WebSocket$/;
const CONNECTION_PARAM = /^(websocket|ws|socket|sock|connection|conn)$/;
/** Modules whose request object makes a `request` parameter a Django view's. */
const DJANGO_REQUEST_MODULES = /^(django\.(http|shortcuts|views|contrib\.auth\.decorators)|rest_framework)(\.|$)/;
/** Registration calls: the method, and where the handler is among the arguments. */
const REGISTRATIONS = lookupTable<{ positional: number; keyword: string; withPath: number }>({
  add_url_rule: { positional: 2, keyword: 'view_func', withPath: 0 },
  add_api_route: { positional: 1, keyword: 'endpoint', withPath: 0 },
  add_api_websocket_route: { positional: 1, keyword: 'endpoint', withPath: 0 },
  add_websocket_route: { positional: 1, keyword: 'endpoint', withPath: 0 },
  add_get: { positional: 1, keyword: 'handler', withPath: 0 },
  add_post: { positional: 1, keyword: 'handler', withPath: 0 },
  add_put: { positional: 1, keyword: 'handler', withPath: 0 },
  add_patch: { positional: 1, keyword: 'handler', withPath: 0 },
  add_delete: { positional: 1, keyword: 'handler', withPath: 0 },
  add_head: { positional: 1, keyword: 'handler', withPath: 0 },
  add_view: { positional: 1, keyword: 'handler', withPath: 0 },
});
/** aiohttp's route definitions (`web.get('/x', handler)`) and Starlette's `Route('/x', endpoint)`. */
const ROUTE_FACTORIES = lookupTable<number>({
  'aiohttp.web.get': 1,
  'aiohttp.web.post': 1,
  'aiohttp.web.put': 1,
  'aiohttp.web.patch': 1,
  'aiohttp.web.delete': 1,
  'aiohttp.web.head': 1,
  'aiohttp.web.view': 1,
  'aiohttp.web.route': 2,
  'starlette.routing.Route': 1,
  'starlette.routing.WebSocketRoute': 1,
});

/** A URL path as route decorators take it: `/x`, or `` for a router's own prefix. */
function isRoutePath(value: string | undefined): boolean {
  return value !== undefined && (value === '' || value.startsWith('/'));
}

export class PyHandlers {
  private readonly byFn = new Map<number, PyHandler>();
  /** Top-level functions by name; null when the name is defined more than once. */
  private readonly topLevel = new Map<string, PyFunction | null>();

  constructor(
    private readonly text: string,
    rel: string,
    readonly defs: PyDefinitions,
    index: PyIndex,
  ) {
    const { functions, classes, bindings } = defs;
    for (const fn of functions) if (fn.topLevel) this.topLevel.set(fn.name, this.topLevel.has(fn.name) ? null : fn);
    const imported = [...new Set(bindings.values())];
    const webFile = imported.some((m) => WEB_MODULES.test(m));
    const djangoFile =
      imported.some((m) => DJANGO_REQUEST_MODULES.test(m)) ||
      /^(views|viewsets|.*_views)\.py$/.test(path.posix.basename(rel)) ||
      /(^|\/)views\//.test(rel);

    for (const fn of functions) {
      for (const d of fn.decorators) {
        const dot = d.name.lastIndexOf('.');
        const method = d.name.slice(dot + 1);
        if (dot > 0 && ROUTE_DECORATORS.has(method) && d.called) {
          const args = callArgs(text, d.node);
          const p = args.positional[0] ?? args.keywords.get('path') ?? args.keywords.get('rule');
          if (isRoutePath(stringValue(text, p))) {
            if (method === 'view') this.addClassByName(fn.name, classes);
            else this.add(fn, 'the request handler');
          }
        } else if (dot > 0 && HOOK_DECORATORS.has(method)) {
          if (method !== 'middleware' || stringValue(text, callArgs(text, d.node).positional[0]) === 'http')
            this.add(fn, 'the request hook');
        } else if (VIEW_DECORATORS.test(method) && (method === 'api_view' || firstArg(fn) === 'request')) {
          this.add(fn, 'the view');
        }
      }
      if (fn.topLevel && djangoFile && firstArg(fn) === 'request') this.add(fn, 'the view');
      if (fn.params.some((p) => p.type && REQUEST_TYPES.has(p.type))) this.add(fn, 'the request handler');
    }

    // Class-based views, and classes derived from one in this file.
    if (webFile) {
      const views = new Set<string>();
      for (let changed = true; changed;) {
        changed = false;
        for (const c of classes) {
          if (views.has(c.name) || !c.topLevel) continue;
          const isView = c.bases.some((b) => {
            const last = b.split('.').pop()!;
            if (views.has(b)) return true;
            if (last === 'Resource') return /^flask_rest(ful|x)\./.test(b);
            // The file imports a web framework, so a `*View` base is a web view (a GUI toolkit's would be odd here).
            return VIEW_BASE.test(last);
          });
          if (isView) {
            views.add(c.name);
            changed = true;
          }
        }
      }
      for (const c of classes) if (views.has(c.name)) this.addClass(c);
    }

    // Registration calls: app.add_url_rule('/x', view_func=fn), app.router.add_get('/x', fn), web.get('/x', fn).
    for (const call of index.calls) {
      const callee = call.firstChild;
      const dotted = dottedName(text, callee);
      if (!dotted) continue;
      const method = dotted.slice(dotted.lastIndexOf('.') + 1);
      const reg = dotted.includes('.') ? REGISTRATIONS[method] : undefined;
      const factory = ROUTE_FACTORIES[resolveName(dotted, bindings)];
      if (!reg && factory === undefined) continue;
      const args = callArgs(text, call);
      if (reg && !isRoutePath(stringValue(text, args.positional[reg.withPath]))) continue;
      const target = reg ? (args.keywords.get(reg.keyword) ?? args.positional[reg.positional]) : undefined;
      this.addTarget(target ?? args.keywords.get('endpoint') ?? args.positional[factory], classes);
    }
  }

  private add(fn: PyFunction, kind: string): void {
    if (this.byFn.has(fn.node.from)) return;
    const label = fn.cls ? `${fn.cls.name}.${fn.name}()` : `${fn.name}()`;
    const connectionParams = fn.params
      .filter((p) => CONNECTION_PARAM.test(p.name) || (p.type !== undefined && WEBSOCKET_TYPES.test(p.type)))
      .map((p) => p.name);
    this.byFn.set(fn.node.from, { fn, label, phrase: `${kind} \`${label}\``, connectionParams });
  }

  /** Every method of a view class but dunders, class- and static methods (they run when URLs are set up). */
  private addClass(c: PyClass): void {
    for (const m of c.methods) {
      if (/^__.*__$/.test(m.name) || m.name === 'as_view') continue;
      if (m.decorators.some((d) => d.name === 'classmethod' || d.name === 'staticmethod')) continue;
      this.add(m, 'the view method');
    }
  }

  private addClassByName(name: string, classes: PyClass[]): void {
    const c = classes.filter((x) => x.name === name && x.topLevel);
    if (c.length === 1) this.addClass(c[0]);
  }

  /** `fn`, or `CartView.as_view('cart')`. */
  private addTarget(arg: SyntaxNode | undefined, classes: PyClass[]): void {
    if (!arg) return;
    if (arg.name === 'VariableName') {
      const name = this.text.slice(arg.from, arg.to);
      const fn = this.topLevel.get(name);
      if (fn) this.add(fn, 'the request handler');
      else this.addClassByName(name, classes);
      return;
    }
    if (arg.name === 'CallExpression') {
      const d = dottedName(this.text, arg.firstChild);
      if (d?.endsWith('.as_view')) this.addClassByName(d.slice(0, -'.as_view'.length), classes);
    }
  }

  /** The handler whose body holds `node` (functions nested in it included). */
  enclosing(node: SyntaxNode): PyHandler | undefined {
    for (let p = node.parent; p; p = p.parent) {
      if (p.name !== 'FunctionDefinition') continue;
      const h = this.byFn.get(p.from);
      if (h) return h;
    }
    return undefined;
  }

  /** The handler a function definition is, if it is one. */
  of(fn: SyntaxNode): PyHandler | undefined {
    return this.byFn.get(fn.from);
  }

  /** The top-level function named `name`, when the file defines exactly one. */
  functionNamed(name: string): PyFunction | undefined {
    return this.topLevel.get(name) ?? undefined;
  }

  get size(): number {
    return this.byFn.size;
  }
}

/** The first parameter after `self`/`cls`. */
function firstArg(fn: PyFunction): string | undefined {
  const ps = fn.cls && (fn.params[0]?.name === 'self' || fn.params[0]?.name === 'cls') ? fn.params.slice(1) : fn.params;
  return ps[0]?.name;
}

/** The request handlers of a Python file. */
export function pyHandlers(ctx: { text: string; rel: string; tree: Tree; index: PyIndex }): PyHandlers {
  return new PyHandlers(ctx.text, ctx.rel, pyDefinitions(ctx.text, ctx.tree, ctx.index), ctx.index);
}

/** The innermost function definition holding `node`, if any. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') return p;
  return undefined;
}

/** The top-level function definition (the outermost `def`) holding `node`, if any. */
export function outermostFunction(node: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') found = p;
  return found;
}
