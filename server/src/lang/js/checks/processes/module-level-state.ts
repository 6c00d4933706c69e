// processes/module-level-state in JS/TS: module-scope collections that request handlers change (directly or through
// a module-level function); records what a module exports and which imported values its handlers change, for the
// project half.
import * as path from 'path';
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext } from '../../context';
import { dottedName, stringValue, unwrap } from '../../astUtil';
import { boundNames, moduleRefs, type ModuleRef, type ModuleRefs } from '../../moduleRefs';
import { handlersOf, type Handler, type Handlers } from '../../handlers';
import { isToolingFile } from '../../../../detect/appCode';
import { isLocalSpecifier } from '../../../../ecosystem/npm/packages';
import { clip } from '../../../../util/text';
import {
  IMPORTED_CHANGES as CHANGES_FACT,
  STATE_EXPORTS as EXPORTS_FACT,
  type ImportedChange,
  type StateExport,
  type StateFn,
} from '../../../../facts/processes';
import { exportedNames } from './sharedState';

/** Methods that change an array, Map or Set in place (not sort/reverse: those reorder, they don't add state). */
const MUTATORS = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'set', 'add', 'delete', 'clear', 'fill']);
/** Calls that return a member of the collection: `carts.get(id).push(item)` still changes the module's state. */
const LOOKUPS = new Set(['get', 'find', 'findLast', 'at']);
/** Memoisation is allowed: a cache miss is harmless, the truth lives elsewhere. */
const CACHE_NAME = /cache|memo|lru/i;

interface State {
  decl: ts.VariableDeclaration;
  name: string;
  kind: string;
  isLet: boolean;
}
interface Mutation {
  node: ts.Node;
  how: string;
  handler: Handler;
  via?: string;
}

function collectionKind(init: ts.Expression): string | undefined {
  const n = unwrap(init);
  if (ts.isArrayLiteralExpression(n)) return 'array';
  if (ts.isObjectLiteralExpression(n))
    return n.properties.some(
      (p) => ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && ts.isFunctionLike(unwrap(p.initializer))),
    )
      ? undefined
      : 'object';
  if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && ['Map', 'Set', 'Array'].includes(n.expression.text))
    return n.expression.text;
  if (ts.isCallExpression(n) && dottedName(n.expression) === 'Object.create') return 'object';
  return undefined;
}

/** Module-scope `const|let|var x = [] / {} / new Map() / new Set()`; none in a cache module (`cache.ts`, `lru.js`). */
function moduleState(sf: ts.SourceFile, rel: string): Map<string, State> {
  const out = new Map<string, State>();
  if (CACHE_NAME.test(path.posix.basename(rel))) return out;
  const seen = new Set<string>();
  for (const stmt of sf.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    const isLet = !(stmt.declarationList.flags & ts.NodeFlags.Const);
    for (const decl of stmt.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name)) continue;
      const name = decl.name.text;
      if (seen.has(name)) out.delete(name);
      seen.add(name);
      const kind = decl.initializer && collectionKind(decl.initializer);
      if (kind && !CACHE_NAME.test(name)) out.set(name, { decl, name, kind, isLet });
    }
  }
  return out;
}

/** `carts`, `carts.items`, `carts[id]`, `carts.get(id).items` → the identifier `carts`. */
function rootOf(expr: ts.Expression): ts.Identifier | undefined {
  let n = unwrap(expr);
  for (;;) {
    if (ts.isIdentifier(n)) return n;
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = unwrap(n.expression);
    else if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      LOOKUPS.has(n.expression.name.text)
    )
      n = unwrap(n.expression.expression);
    else return undefined;
  }
}

/** Whether a stored value is the response (or context) itself: `clients.push(res)`, `clients.set(id, { res })`. */
function isConnection(node: ts.Node, param: string | undefined): boolean {
  if (!param) return false;
  const n = unwrap(node as ts.Expression);
  if (ts.isIdentifier(n)) return n.text === param;
  if (ts.isObjectLiteralExpression(n)) {
    return n.properties.some(
      (p) =>
        (ts.isShorthandPropertyAssignment(p) && p.name.text === param) ||
        (ts.isPropertyAssignment(p) && isConnection(p.initializer, param)),
    );
  }
  return false;
}

/** The module-level function a node is in (for `function addItem() { carts.push… }` called from a handler). */
function topLevelFunctionName(node: ts.Node, sf: ts.SourceFile): string | undefined {
  let last: ts.Node | undefined;
  for (let p = node.parent; p && p !== sf; p = p.parent) last = p;
  if (!last) return undefined;
  if (ts.isFunctionDeclaration(last) && last.name) return last.name.text;
  if (ts.isVariableStatement(last)) {
    const d = last.declarationList.declarations.find(
      (x) => x.initializer && ts.isFunctionLike(unwrap(x.initializer)) && node.pos >= x.pos && node.end <= x.end,
    );
    if (d && ts.isIdentifier(d.name)) return d.name.text;
  }
  return undefined;
}

class Collector {
  readonly mutations = new Map<string, Mutation>();
  /** Module state changed by a top-level function no handler here calls: the function may be exported. */
  readonly fnMutations = new Map<string, { state: string; how: string; line: number }>();
  /** Imported values a handler here changes: `sessions.set()` with `sessions` from './store'. */
  readonly imported: ImportedChange[] = [];
  /** Collections that hold open connections (`clients.push(res)`): per process by nature, not app state. */
  readonly connections = new Set<string>();
  /** Handler each module-level function is called from: `addItem(req.body)` inside `app.post('/cart')`. */
  private readonly calledFrom = new Map<string, Handler>();
  /** Names imported from modules of this project; only changes through them can reach another module's state. */
  private readonly localImports: Set<string>;

  constructor(
    private readonly ctx: JsExtractContext,
    private readonly state: Map<string, State>,
    private readonly refs: ModuleRefs,
    private readonly handlers: Handlers,
  ) {
    this.localImports = handlers.size ? refs.namesFrom(isLocalSpecifier) : new Set();
    for (const call of ctx.index.calls) {
      if (!ts.isIdentifier(call.expression) || !handlers.functionNamed(call.expression.text)) continue;
      const h = handlers.enclosing(call);
      if (h && !this.calledFrom.has(call.expression.text)) this.calledFrom.set(call.expression.text, h);
    }
  }

  /** `target` is what changes (`carts`, `store.carts`, `carts.get(id)`); its root names the state. */
  record(target: ts.Expression, node: ts.Node, how: string, stored?: ts.Node[]): void {
    const root = rootOf(target);
    if (!root) return;
    const st = this.state.get(root.text);
    if (st && root === st.decl.name) return;
    // Cheap tests first: most changes in a file are to its own locals.
    const ref = st || !this.localImports.has(root.text) ? undefined : this.importedRef(target);
    if ((!st && !ref) || this.refs.isShadowed(root.text, root)) return;
    let handler = this.handlers.enclosing(node);
    let via: string | undefined;
    if (!handler) {
      via = topLevelFunctionName(node, this.ctx.sourceFile);
      handler = via ? this.calledFrom.get(via) : undefined;
      if (!handler) {
        if (st && via && !this.fnMutations.has(via))
          this.fnMutations.set(via, { state: st.name, how, line: this.line(node) });
        return;
      }
    }
    if (!st) {
      // Open connections kept by a handler (`clients.push(res)`) are per process by nature.
      if (!stored?.some((x) => isConnection(x, handler!.responseParam))) {
        this.imported.push({
          specifier: ref!.module,
          path: ref!.path,
          how,
          line: this.line(node),
          phrase: handler.phrase,
          call: false,
        });
      }
      return;
    }
    if (stored?.some((s) => isConnection(s, handler!.responseParam))) this.connections.add(root.text);
    // The first change in the file is the one the message shows.
    const prev = this.mutations.get(root.text);
    if (!prev || node.pos < prev.node.pos) this.mutations.set(root.text, { node, how, handler, via });
  }

  /** What a change goes through when it is a value imported from another module of the project. */
  private importedRef(target: ts.Expression): ModuleRef | undefined {
    const ref = this.refs.resolve(memberChain(target));
    return ref && !ref.called && isLocalSpecifier(ref.module) ? ref : undefined;
  }

  /** A handler calls a function imported from another module of the project (`addToCart(req.body)`). */
  recordCall(call: ts.CallExpression): void {
    const root = rootOf(call.expression);
    if (!root || !this.localImports.has(root.text)) return;
    const ref = this.refs.resolve(call.expression);
    if (
      !ref ||
      ref.called ||
      !ref.path.length ||
      !isLocalSpecifier(ref.module) ||
      !CHANGING_CALL.test(ref.path[ref.path.length - 1])
    )
      return;
    const handler = this.handlers.enclosing(call);
    if (!handler) return;
    this.imported.push({
      specifier: ref.module,
      path: ref.path,
      how: `${ref.path.join('.')}()`,
      line: this.line(call),
      phrase: handler.phrase,
      call: true,
    });
  }

  private line(node: ts.Node): number {
    return this.ctx.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.ctx.sourceFile)).line + 1;
  }
}

/**
 * Names of functions that change something (`addItem`, `setCached`, `createSession`, `store.remember`): the calls of
 * imported functions worth following into their module. A pre-filter: the module's own facts say what a function does.
 */
const CHANGING_CALL =
  /^(add|set|put|push|insert|append|create|save|store|register|record|track|remember|incr|increment|decr|decrement|update|upsert|remove|delete|del|clear|reset|mark|enqueue|dequeue|join|leave|subscribe|unsubscribe|open|close|login|logout|bump|collect|reserve|release|claim|allocate|assign|cancel|expire|evict|lock|unlock|acquire|hold|consume|touch)([A-Z_]|$)/;

/** Names bound at module scope to a module of this project (`import { a } from './x'`, `const { b } = require('./y')`). */
function localImportNames(ctx: JsExtractContext): Set<string> {
  const out = new Set<string>();
  for (const imp of ctx.index.imports) {
    const spec = stringValue(imp.moduleSpecifier);
    const clause = imp.importClause;
    if (spec === undefined || !isLocalSpecifier(spec) || !clause || clause.isTypeOnly) continue;
    if (clause.name) out.add(clause.name.text);
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) out.add(nb.name.text);
    else if (nb) for (const el of nb.elements) if (!el.isTypeOnly) out.add(el.name.text);
  }
  for (const v of ctx.index.variables) {
    let n = v.initializer && unwrap(v.initializer);
    while (n && ts.isPropertyAccessExpression(n)) n = unwrap(n.expression);
    if (!n || !ts.isCallExpression(n) || !ts.isIdentifier(n.expression) || n.expression.text !== 'require') continue;
    const spec = n.arguments[0] && stringValue(n.arguments[0]);
    if (spec && isLocalSpecifier(spec)) for (const name of boundNames(v.name)) out.add(name);
  }
  return out;
}

/** Whether the file changes, or calls a changing function of, something it imported from the project. */
function changesImports(ctx: JsExtractContext, names: Set<string>): boolean {
  if (!names.size) return false;
  const rooted = (e: ts.Expression) => names.has(rootOf(e)?.text ?? '');
  for (const call of ctx.index.calls) {
    const callee = call.expression;
    const name = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : undefined;
    if (name && (MUTATORS.has(name) || CHANGING_CALL.test(name)) && rooted(callee)) return true;
  }
  for (const a of ctx.index.assignments) {
    const left = unwrap(a.left);
    if ((ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && rooted(left.expression))
      return true;
  }
  for (const e of ctx.index.elementAccesses) {
    const p = e.parent;
    if (
      (ts.isDeleteExpression(p) || ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) &&
      rooted(e.expression)
    )
      return true;
  }
  return ctx.index.propertyAccesses.some((e) => ts.isDeleteExpression(e.parent) && rooted(e.expression));
}

/** The property chain from the root that a change goes through: `store.carts` of `store.carts.get(id).items`. */
function memberChain(expr: ts.Expression): ts.Expression {
  let n = unwrap(expr);
  let chain = n;
  for (;;) {
    if (ts.isPropertyAccessExpression(n)) n = unwrap(n.expression);
    else if (ts.isElementAccessExpression(n)) {
      n = unwrap(n.expression);
      chain = n;
    } else if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      LOOKUPS.has(n.expression.name.text)
    ) {
      n = unwrap(n.expression.expression);
      chain = n;
    } else return chain;
  }
}

function kindPhrase(st: State): string {
  return st.kind === 'object' ? 'an object' : st.kind === 'array' || st.kind === 'Array' ? 'an array' : `a ${st.kind}`;
}

export const moduleLevelStateJs = jsCheck<'changedByHandler' | 'changedViaCall'>({
  // Handlers, and modules that start a collection empty at module scope (which handlers elsewhere may fill).
  // A type annotation stays on its line: `[^=\n]` also crossed CR line breaks, reading the file on from each declaration.
  trigger:
    /\b(req|request|ctx|reply|res|handler)\b|\.(get|post|put|patch|delete|del|all|use|route)\s*\(|@(Get|Post|Put|Patch|Delete|All)\b|\b(GET|POST|PUT|PATCH|DELETE)\b|^(export\s+)?(const|let|var)\s+\w+(\s*:[^=\n\r\u2028\u2029]+)?\s*=\s*(\[\s*\]|\{\s*\}|\{\s*\w+\s*:\s*(\[\s*\]|\{\s*\}|new\s+(Map|Set)\b)|new\s+(Map|Set|Array)\b|Object\.create\b)/m,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isToolingFile(ctx.rel, ctx.text)) return;
    const state = moduleState(ctx.sourceFile, ctx.rel);
    // Without state of its own, a file matters only as a handler changing state it imports from the project: look
    // for such a change cheaply before finding the handlers.
    if (state.size === 0 && !changesImports(ctx, localImportNames(ctx))) return;
    const handlers = handlersOf(ctx);
    if (state.size === 0 && handlers.size === 0) return;
    const refs = moduleRefs(ctx.sourceFile, ctx.index);
    const c = new Collector(ctx, state, refs, handlers);

    for (const call of ctx.index.calls) {
      const callee = call.expression;
      if (ts.isPropertyAccessExpression(callee) && MUTATORS.has(callee.name.text)) {
        c.record(callee.expression, call, `${dottedName(callee) ?? callee.name.text}()`, [...call.arguments]);
      } else if (dottedName(callee) === 'Object.assign' && call.arguments[0]) {
        c.record(call.arguments[0], call, 'Object.assign()', call.arguments.slice(1));
      } else {
        c.recordCall(call);
      }
    }
    for (const a of ctx.index.assignments) {
      const left = unwrap(a.left);
      const compound = a.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
      if (ts.isIdentifier(left)) {
        // `cart = [...cart, item]` replaces the module's value
        if (state.get(left.text)?.isLet) c.record(left, a, `${left.text} = …`, [a.right]);
      } else if (ts.isElementAccessExpression(left)) {
        c.record(
          left.expression,
          a,
          `${dottedName(left.expression) ?? 'x'}[…] ${a.operatorToken.getText(ctx.sourceFile)} …`,
          [a.right],
        );
      } else if (ts.isPropertyAccessExpression(left)) {
        // `stats.requests += 1` on a fixed property is a per-process counter, not app state.
        if (compound && ts.isNumericLiteral(unwrap(a.right))) continue;
        c.record(
          left.expression,
          a,
          `${dottedName(left) ?? left.name.text} ${a.operatorToken.getText(ctx.sourceFile)} …`,
          [a.right],
        );
      }
    }
    // delete x[k], hits[ip]++ (a keyed counter is per-user state, e.g. a rate limit)
    for (const e of ctx.index.elementAccesses) {
      const p = e.parent;
      if (ts.isDeleteExpression(p)) c.record(e.expression, p, `delete ${dottedName(e.expression) ?? 'x'}[…]`);
      else if (
        (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) &&
        (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)
      ) {
        c.record(
          e.expression,
          p,
          `${dottedName(e.expression) ?? 'x'}[…]${p.operator === ts.SyntaxKind.PlusPlusToken ? '++' : '--'}`,
        );
      }
    }
    for (const e of ctx.index.propertyAccesses) {
      if (ts.isDeleteExpression(e.parent)) c.record(e.expression, e.parent, `delete ${dottedName(e) ?? e.name.text}`);
    }

    const reported = new Set<string>();
    for (const [name, m] of c.mutations) {
      if (c.connections.has(name)) continue;
      reported.add(name);
      const st = state.get(name)!;
      const line = ctx.sourceFile.getLineAndCharacterOfPosition(m.node.getStart(ctx.sourceFile)).line + 1;
      // Through a function, the line of the call in the handler says which handler.
      const data = { name, kind: kindPhrase(st), line, call: m.via, handler: clip(m.handler.phrase, 56) };
      ctx.report(
        st.decl.name,
        { messageId: m.via ? 'changedViaCall' : 'changedByHandler', data },
        {
          data: { name, handler: m.handler.label, line },
        },
      );
    }

    // For the project half: what this module exports that handlers elsewhere may change, and what handlers here
    // change that comes from elsewhere.
    const exported = exportedNames(ctx.sourceFile);
    const states: StateExport[] = [];
    const fns: StateFn[] = [];
    for (const [local, paths] of exported) {
      const st = state.get(local);
      if (st && !reported.has(local) && !c.connections.has(local))
        for (const p of paths)
          states.push({ path: p, name: local, kind: kindPhrase(st), range: ctx.rangeOf(st.decl.name) });
      const fm = c.fnMutations.get(local);
      const target = fm && state.get(fm.state);
      if (fm && target && !reported.has(fm.state) && !c.connections.has(fm.state)) {
        for (const p of paths)
          fns.push({
            path: p,
            fn: local,
            name: fm.state,
            kind: kindPhrase(target),
            how: fm.how,
            line: fm.line,
            range: ctx.rangeOf(target.decl.name),
          });
      }
    }
    if (states.length || fns.length) ctx.record(EXPORTS_FACT, { states, fns });
    if (c.imported.length) ctx.record(CHANGES_FACT, c.imported);
  },
});
