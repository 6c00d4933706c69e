// Request handlers in one file: functions passed to route registrations (Express, Koa, Fastify, Hono, hapi),
// (req, res) functions, Nest controller methods and Next.js route handlers. Found from the node index and the
// top-level statements, without another walk of the tree.
import * as path from 'path';
import * as ts from 'typescript';
import type { JsExtractContext as SourceContext } from './context';
import { calleeName, declaredName, dottedName, stringValue, unwrap } from './astUtil';
import { memoKey } from '../../util/memo';

export interface Handler {
  fn: ts.FunctionLikeDeclaration;
  /** How a message names it: `router.post('/cart')`, `addItem(req, res)`, `CartController.add()`. */
  label: string;
  /** Name of the response parameter (`res`, `reply`, `ctx`), to recognise stored connections. */
  responseParam?: string;
  /** How a sentence names it: "the request handler `router.post('/cart')`", "the `POST` route handler". */
  phrase: string;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'options', 'head', 'all', 'use']);
const HTTP_VERBS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const NEST_ROUTE = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head']);
const CLIENTS = /^(request|superagent|axios|got|needle|ky|http|https|\$|jQuery|cy|agent|supertest|httpClient)$/;
const REQ = /^_?(req|request)$/;
const RES = /^_?(res|response|reply|h)$/;
/** Koa-style middleware: one context, then `next`. */
const CTX = /^_?(ctx|context)$/;
const NEXT = /^_?next$/;

function isFunction(
  n: ts.Node,
): n is ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration {
  return (
    ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)
  );
}

function paramNames(fn: ts.SignatureDeclaration): (string | undefined)[] {
  return fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
}

function routePath(arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  const n = unwrap(arg);
  const s = stringValue(n);
  if (s !== undefined) return s.startsWith('/') || s === '*' || s === '' ? s || '/' : undefined;
  if (ts.isTemplateExpression(n) && n.head.text.startsWith('/')) return `${n.head.text}…`;
  if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) return (n as ts.RegularExpressionLiteral).text;
  if (ts.isArrayLiteralExpression(n) && n.elements.length > 0 && n.elements.every((e) => routePath(e) !== undefined))
    return routePath(n.elements[0]);
  return undefined;
}

export class Handlers {
  readonly byFn = new Map<ts.Node, Handler>();
  private readonly functionsByName = new Map<string, ts.FunctionLikeDeclaration | null>();

  constructor(ctx: SourceContext) {
    const sf = ctx.sourceFile;
    const isRouteFile = /^route\.[cm]?[jt]sx?$/.test(path.posix.basename(ctx.rel));
    // Named functions of the module, for `app.get('/x', addItem)`.
    for (const stmt of sf.statements) {
      if (ts.isFunctionDeclaration(stmt) && stmt.name) this.name(stmt.name.text, stmt);
      if (ts.isVariableStatement(stmt)) {
        for (const d of stmt.declarationList.declarations) {
          const init = d.initializer && unwrap(d.initializer);
          if (ts.isIdentifier(d.name) && init && isFunction(init)) this.name(d.name.text, init);
        }
      }
    }
    for (const stmt of sf.statements) {
      // Next.js app router: export async function POST(request) in route.ts
      if (
        isRouteFile &&
        ts.isFunctionDeclaration(stmt) &&
        stmt.name &&
        HTTP_VERBS.has(stmt.name.text) &&
        isExported(stmt)
      )
        this.add(stmt, `${stmt.name.text} route handler`, false, `the \`${stmt.name.text}\` route handler`);
      if (isRouteFile && ts.isVariableStatement(stmt) && isExported(stmt)) {
        for (const d of stmt.declarationList.declarations) {
          const init = d.initializer && unwrap(d.initializer);
          if (ts.isIdentifier(d.name) && HTTP_VERBS.has(d.name.text) && init && isFunction(init))
            this.add(init, `${d.name.text} route handler`, false, `the \`${d.name.text}\` route handler`);
        }
      }
      if (ts.isClassDeclaration(stmt) && hasDecorator(stmt, (n) => n === 'Controller')) {
        for (const m of stmt.members) {
          if (ts.isMethodDeclaration(m) && m.body && hasDecorator(m, (n) => NEST_ROUTE.has(n)))
            this.add(m, `${stmt.name?.text ?? 'controller'}.${declaredName(m.name) ?? 'handler'}()`, false);
        }
      }
    }
    for (const call of ctx.index.calls) this.fromRegistration(call);
    // (req, res[, next]), (request, reply) and Koa (ctx, next) functions wherever they are bound: controllers and
    // middleware exported for a router or `app.use()` in another file.
    const candidates: ts.Node[] = [];
    for (const stmt of sf.statements) if (ts.isFunctionDeclaration(stmt)) candidates.push(stmt);
    for (const v of ctx.index.variables) if (v.initializer) candidates.push(unwrap(v.initializer));
    for (const p of ctx.index.properties) candidates.push(unwrap(p.initializer));
    for (const a of ctx.index.assignments) candidates.push(unwrap(a.right));
    for (const stmt of sf.statements) if (ts.isClassDeclaration(stmt)) candidates.push(...stmt.members);
    for (const c of candidates) {
      if (!isFunction(c) || this.byFn.has(c)) continue;
      const [a, b] = paramNames(c);
      if (a && b && ((REQ.test(a) && RES.test(b)) || (CTX.test(a) && NEXT.test(b))))
        this.add(c, `${functionName(c) ?? 'function'}(${a}, ${b})`);
    }
  }

  private name(name: string, fn: ts.FunctionLikeDeclaration): void {
    this.functionsByName.set(name, this.functionsByName.has(name) ? null : fn);
  }

  private add(
    fn: ts.FunctionLikeDeclaration,
    label: string,
    framework = true,
    phrase = `the request handler \`${label}\``,
  ): void {
    if (this.byFn.has(fn)) return;
    const names = paramNames(fn);
    if (names[0] && /^(err|error|e)$/i.test(names[0])) return; // a Node-style callback, not a handler
    // Express/Fastify (req, res); Koa (ctx, next) and Hono pass one context; Nest and Next.js return the response instead.
    const responseParam = !framework
      ? undefined
      : names.length >= 2 && !NEXT.test(names[1] ?? '')
        ? names[1]
        : names[0];
    this.byFn.set(fn, { fn, label, responseParam, phrase });
  }

  private fromRegistration(call: ts.CallExpression): void {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const owner = dottedName(callee.expression);
    // app.route('/x').get(h).post(h)
    const chained =
      ts.isCallExpression(callee.expression) && calleeName(callee.expression.expression) === 'route'
        ? routePath(callee.expression.arguments[0])
        : undefined;
    if (method === 'route' && call.arguments.length === 1) {
      // fastify.route({ method, url, handler }), server.route({ method, path, handler }) (hapi), or arrays of them
      const arg = unwrap(call.arguments[0]);
      const objs = ts.isArrayLiteralExpression(arg) ? arg.elements.map(unwrap) : [arg];
      for (const o of objs) {
        if (!ts.isObjectLiteralExpression(o)) continue;
        const url = objectString(o, 'url') ?? objectString(o, 'path');
        const verb = objectString(o, 'method');
        this.fromArg(o, `${owner ?? 'route'}.route(${[verb, url].filter(Boolean).join(' ')})`, true);
      }
      return;
    }
    if (!ROUTE_METHODS.has(method)) return;
    // HTTP clients look the same: request.get('/users', (err, res) => …), $.get('/api', cb).
    if (CLIENTS.test(owner?.split('.')[0] ?? '')) return;
    const p = chained ?? routePath(call.arguments[0]);
    const label = `${owner ?? (chained ? 'route' : 'app')}.${method}(${p !== undefined ? `'${p}'` : '…'})`;
    const args = chained !== undefined || p === undefined ? call.arguments : call.arguments.slice(1);
    if (p === undefined && chained === undefined) {
      // No path: only `use(middleware)` with a request-shaped first parameter.
      if (method !== 'use') return;
      for (const a of args) {
        const fn = this.functionOf(a);
        if (!fn) continue;
        const [first, second] = paramNames(fn);
        if (first && (REQ.test(first) || CTX.test(first) || (first === 'c' && second === 'next'))) this.add(fn, label);
      }
      return;
    }
    for (const a of args) this.fromArg(a, label, false);
  }

  private fromArg(arg: ts.Expression, label: string, objectOnly: boolean): void {
    const n = unwrap(arg);
    if (ts.isObjectLiteralExpression(n)) {
      // fastify.get('/x', { handler }) and route option objects
      for (const p of n.properties) {
        if (declaredName(p.name) !== 'handler') continue;
        if (ts.isMethodDeclaration(p)) this.add(p, label);
        else if (ts.isPropertyAssignment(p)) this.fromArg(p.initializer, label, false);
        else if (ts.isShorthandPropertyAssignment(p)) this.fromArg(p.name, label, false);
      }
      return;
    }
    if (objectOnly) return;
    if (ts.isArrayLiteralExpression(n)) {
      for (const e of n.elements) this.fromArg(e, label, false);
      return;
    }
    const fn = this.functionOf(n);
    if (fn) this.add(fn, label);
  }

  private functionOf(arg: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    const n = unwrap(arg);
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return n;
    if (ts.isIdentifier(n)) return this.functionsByName.get(n.text) ?? undefined;
    return undefined;
  }

  /** The handler whose body holds `node` (nested callbacks included). */
  enclosing(node: ts.Node): Handler | undefined {
    for (let p = node.parent; p; p = p.parent) {
      const h = this.byFn.get(p);
      if (h) return h;
    }
    return undefined;
  }

  /** A module-level function bound to `name`, if exactly one. */
  functionNamed(name: string): ts.FunctionLikeDeclaration | undefined {
    return this.functionsByName.get(name) ?? undefined;
  }

  get size(): number {
    return this.byFn.size;
  }
}

function objectString(o: ts.ObjectLiteralExpression, key: string): string | undefined {
  for (const p of o.properties)
    if (ts.isPropertyAssignment(p) && declaredName(p.name) === key) return stringValue(p.initializer);
  return undefined;
}

function isExported(n: ts.Node): boolean {
  return !!ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDecorator(n: ts.Node, test: (name: string) => boolean): boolean {
  if (!ts.canHaveDecorators(n)) return false;
  return (ts.getDecorators(n) ?? []).some((d) => {
    const e = d.expression;
    const name = ts.isCallExpression(e) ? calleeName(e.expression) : calleeName(e);
    return !!name && test(name);
  });
}

function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name)
    return declaredName(fn.name);
  const p = fn.parent;
  if (p && ts.isVariableDeclaration(p)) return declaredName(p.name);
  if (p && ts.isPropertyAssignment(p)) return declaredName(p.name);
  if (p && ts.isBinaryExpression(p)) return dottedName(p.left);
  return undefined;
}

const HANDLERS = memoKey<Handlers>('handlers');
/** Handlers of the file, computed once per analysis for the rules that need them (kept on its node index). */
export function handlersOf(ctx: SourceContext): Handlers {
  return ctx.index.memo.get(HANDLERS, () => new Handlers(ctx));
}
