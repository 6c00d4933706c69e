// processes/module-level-state: a module-scope collection that request handlers change, so the app's state
// lives in the memory of one process.
import * as ts from 'typescript';
import type { ProjectContext, Rule, SourceContext } from '../../engine/types';
import { dottedName, unwrap } from '../../engine/astUtil';
import { moduleRefs, type ModuleRefs } from '../../detect/moduleRefs';
import { isToolingFile, runsServerOrWorker } from '../../detect/appCode';
import { handlersOf, type Handler, type Handlers } from '../../detect/handlers';

/** Methods that change an array, Map or Set in place (not sort/reverse: those reorder, they don't add state). */
const MUTATORS = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'set', 'add', 'delete', 'clear', 'fill']);
/** Calls that return a member of the collection: `carts.get(id).push(item)` still changes the module's state. */
const LOOKUPS = new Set(['get', 'find', 'findLast', 'at']);
/** Memoisation is allowed: a cache miss is harmless, the truth lives elsewhere. */
const CACHE_NAME = /cache|memo|lru/i;

interface State { decl: ts.VariableDeclaration; name: string; kind: string; isLet: boolean }
interface Mutation { node: ts.Node; how: string; handler: Handler; via?: string }

function collectionKind(init: ts.Expression): string | undefined {
  const n = unwrap(init);
  if (ts.isArrayLiteralExpression(n)) return 'array';
  if (ts.isObjectLiteralExpression(n)) return n.properties.some((p) => ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && ts.isFunctionLike(unwrap(p.initializer)))) ? undefined : 'object';
  if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && ['Map', 'Set', 'Array'].includes(n.expression.text)) return n.expression.text;
  if (ts.isCallExpression(n) && dottedName(n.expression) === 'Object.create') return 'object';
  return undefined;
}

/** Module-scope `const|let|var x = [] / {} / new Map() / new Set()`. */
function moduleState(sf: ts.SourceFile): Map<string, State> {
  const out = new Map<string, State>();
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
    else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && LOOKUPS.has(n.expression.name.text)) n = unwrap(n.expression.expression);
    else return undefined;
  }
}

/** Whether a stored value is the response (or context) itself: `clients.push(res)`, `clients.set(id, { res })`. */
function isConnection(node: ts.Node, param: string | undefined): boolean {
  if (!param) return false;
  const n = unwrap(node as ts.Expression);
  if (ts.isIdentifier(n)) return n.text === param;
  if (ts.isObjectLiteralExpression(n)) {
    return n.properties.some((p) => (ts.isShorthandPropertyAssignment(p) && p.name.text === param) || (ts.isPropertyAssignment(p) && isConnection(p.initializer, param)));
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
    const d = last.declarationList.declarations.find((x) => x.initializer && ts.isFunctionLike(unwrap(x.initializer)) && node.pos >= x.pos && node.end <= x.end);
    if (d && ts.isIdentifier(d.name)) return d.name.text;
  }
  return undefined;
}

class Collector {
  readonly mutations = new Map<string, Mutation>();
  /** Collections that hold open connections (`clients.push(res)`): per process by nature, not app state. */
  readonly connections = new Set<string>();
  /** Handler each module-level function is called from: `addItem(req.body)` inside `app.post('/cart')`. */
  private readonly calledFrom = new Map<string, Handler>();

  constructor(private readonly ctx: SourceContext, private readonly state: Map<string, State>, private readonly refs: ModuleRefs, private readonly handlers: Handlers) {
    for (const call of ctx.index.calls) {
      if (!ts.isIdentifier(call.expression) || !handlers.functionNamed(call.expression.text)) continue;
      const h = handlers.enclosing(call);
      if (h && !this.calledFrom.has(call.expression.text)) this.calledFrom.set(call.expression.text, h);
    }
  }

  record(root: ts.Identifier | undefined, node: ts.Node, how: string, stored?: ts.Node[]): void {
    if (!root) return;
    const st = this.state.get(root.text);
    if (!st || root === st.decl.name || this.refs.isShadowed(root.text, root)) return;
    let handler = this.handlers.enclosing(node);
    let via: string | undefined;
    if (!handler) {
      via = topLevelFunctionName(node, this.ctx.sourceFile);
      handler = via ? this.calledFrom.get(via) : undefined;
      if (!handler) return;
    }
    if (stored?.some((s) => isConnection(s, handler!.responseParam))) this.connections.add(root.text);
    // The first change in the file is the one the message shows.
    const prev = this.mutations.get(root.text);
    if (!prev || node.pos < prev.node.pos) this.mutations.set(root.text, { node, how, handler, via });
  }
}

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample || isToolingFile(ctx.rel, ctx.text)) return;
  const state = moduleState(ctx.sourceFile);
  if (state.size === 0) return;
  const handlers = handlersOf(ctx);
  if (handlers.size === 0) return;
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  const c = new Collector(ctx, state, refs, handlers);

  for (const call of ctx.index.calls) {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && MUTATORS.has(callee.name.text)) {
      c.record(rootOf(callee.expression), call, `${dottedName(callee) ?? callee.name.text}()`, [...call.arguments]);
    } else if (dottedName(callee) === 'Object.assign' && call.arguments[0]) {
      c.record(rootOf(call.arguments[0]), call, 'Object.assign()', call.arguments.slice(1));
    }
  }
  for (const a of ctx.index.assignments) {
    const left = unwrap(a.left);
    const compound = a.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
    if (ts.isIdentifier(left)) {
      // `cart = [...cart, item]` replaces the module's value
      if (state.get(left.text)?.isLet) c.record(left, a, `${left.text} = …`, [a.right]);
    } else if (ts.isElementAccessExpression(left)) {
      c.record(rootOf(left.expression), a, `${dottedName(left.expression) ?? 'x'}[…] ${a.operatorToken.getText(ctx.sourceFile)} …`, [a.right]);
    } else if (ts.isPropertyAccessExpression(left)) {
      // `stats.requests += 1` on a fixed property is a per-process counter, not app state.
      if (compound && ts.isNumericLiteral(unwrap(a.right))) continue;
      c.record(rootOf(left.expression), a, `${dottedName(left) ?? left.name.text} ${a.operatorToken.getText(ctx.sourceFile)} …`, [a.right]);
    }
  }
  // delete x[k], hits[ip]++ (a keyed counter is per-user state, e.g. a rate limit)
  for (const e of ctx.index.elementAccesses) {
    const p = e.parent;
    if (ts.isDeleteExpression(p)) c.record(rootOf(e.expression), p, `delete ${dottedName(e.expression) ?? 'x'}[…]`);
    else if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) {
      c.record(rootOf(e.expression), p, `${dottedName(e.expression) ?? 'x'}[…]${p.operator === ts.SyntaxKind.PlusPlusToken ? '++' : '--'}`);
    }
  }
  for (const e of ctx.index.propertyAccesses) {
    if (ts.isDeleteExpression(e.parent)) c.record(rootOf(e.expression), e.parent, `delete ${dottedName(e) ?? e.name.text}`);
  }

  for (const [name, m] of c.mutations) {
    if (c.connections.has(name)) continue;
    const st = state.get(name)!;
    const line = ctx.sourceFile.getLineAndCharacterOfPosition(m.node.getStart(ctx.sourceFile)).line + 1;
    const what = st.kind === 'object' ? 'an object' : st.kind === 'array' || st.kind === 'Array' ? 'an array' : `a ${st.kind}`;
    const where = m.via ? `\`${m.via}()\`, called from ${m.handler.phrase},` : m.handler.phrase;
    ctx.report(st.decl.name, `\`${name}\` is module-level state (${what}) that ${where} changes (\`${m.how}\`, line ${line}). Each process has its own copy: other instances never see it and a restart or deploy loses it. Keep it in a backing service such as Redis or the database.`, {
      data: { name, handler: m.handler.label, line },
    });
  }
}

export const moduleLevelState: Rule = {
  meta: {
    id: 'processes/module-level-state',
    factor: 'processes',
    severity: 'warning',
    description: 'A module-level array, object, Map or Set that request handlers change, so state lives in one process.',
  },
  trigger: /\b(req|request|ctx|reply|res|handler)\b|\.(get|post|put|patch|delete|del|all|use|route)\s*\(|@(Get|Post|Put|Patch|Delete|All)\b|\b(GET|POST|PUT|PATCH|DELETE)\b/,
  checkSource,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
};
