// The ports a file's servers bind, as a fact the engine extracts for the port-binding rules and unpinned-engines:
// whether it starts a server, literal ports it binds, and ports written as literals in a config module and bound to
// in another file (`export const config = { port: 3000 }` in config.ts, `app.listen(config.port)` in server.ts),
// which the project-level half of port-binding/hardcoded-port joins through the module graph.
import * as ts from 'typescript';
import type { JsExtractContext as SourceContext } from './context';
import type { LiteralPort, PortBindings, PortExport, PortUse } from '../../facts/ports';
import { calleeName, constInitializer, declaredName, unwrap } from './astUtil';
import { moduleRefs } from './moduleRefs';

const PORT_KEY = /port/i;
/** Variables that carry the server's port (a DB_PORT read says nothing about it). */
const SERVER_PORT_VAR = /^(PORT|HTTP_PORT|HTTPS_PORT|APP_PORT|SERVER_PORT|WEB_PORT|API_PORT|LISTEN_PORT)$/i;
const MAX_DEPTH = 3;

/** A port number written as a literal: `3000` or `'3000'`. */
export function literalPort(node: ts.Expression): ts.NumericLiteral | ts.StringLiteral | undefined {
  const n = unwrap(node);
  const lit = ts.isNumericLiteral(n) || (ts.isStringLiteral(n) && /^\d{2,5}$/.test(n.text)) ? n : undefined;
  return lit && Number(lit.text) > 0 && Number(lit.text) < 65536 ? lit : undefined;
}

/**
 * Literal ports the file exports. None when the file reads the server's PORT variable at all: such a module already lets the
 * environment decide (`if (process.env.PORT) config.port = …`), and a literal there is the local default.
 */
export function portExports(ctx: SourceContext): PortExport[] {
  if (ctx.facts.envReads.some((r) => SERVER_PORT_VAR.test(r.name))) return [];
  const out: PortExport[] = [];
  const consts = new Map<string, ts.Expression>();
  for (const stmt of ctx.sourceFile.statements) {
    if (!ts.isVariableStatement(stmt) || !(stmt.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of stmt.declarationList.declarations)
      if (ts.isIdentifier(d.name) && d.initializer) consts.set(d.name.text, d.initializer);
  }
  /** A module-level const's value, through `Object.freeze(…)`. */
  const valueOf = (expr: ts.Expression): ts.Expression => {
    let n = unwrap(expr);
    for (let i = 0; i < 3; i++) {
      if (ts.isIdentifier(n) && consts.has(n.text)) n = unwrap(consts.get(n.text)!);
      else if (
        ts.isCallExpression(n) &&
        n.arguments.length === 1 &&
        ts.isPropertyAccessExpression(n.expression) &&
        ts.isIdentifier(n.expression.expression) &&
        n.expression.expression.text === 'Object' &&
        n.expression.name.text === 'freeze'
      )
        n = unwrap(n.arguments[0]);
      else break;
    }
    return n;
  };
  const visit = (expr: ts.Expression, path: string[], depth: number) => {
    const n = valueOf(expr);
    const lit = literalPort(n);
    if (lit && path.length && PORT_KEY.test(path[path.length - 1])) {
      out.push({ path, port: lit.text, range: ctx.rangeOf(lit) });
      return;
    }
    if (!ts.isObjectLiteralExpression(n) || depth >= MAX_DEPTH) return;
    for (const p of n.properties) {
      const key = p.name ? declaredName(p.name) : undefined;
      if (!key) continue;
      if (ts.isPropertyAssignment(p)) visit(p.initializer, [...path, key], depth + 1);
      else if (ts.isShorthandPropertyAssignment(p)) visit(p.name, [...path, key], depth + 1);
    }
  };
  const exportsObject = (e: ts.Expression) =>
    (ts.isIdentifier(e) && e.text === 'exports') ||
    (ts.isPropertyAccessExpression(e) &&
      ts.isIdentifier(e.expression) &&
      e.expression.text === 'module' &&
      e.name.text === 'exports');
  for (const stmt of ctx.sourceFile.statements) {
    if (ts.isVariableStatement(stmt) && stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of stmt.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.initializer) visit(d.initializer, [d.name.text], 0);
    } else if (ts.isExportAssignment(stmt)) {
      visit(stmt.expression, [], 0); // `export default …` and `export = …`: what a default import or require gets
    } else if (
      ts.isExportDeclaration(stmt) &&
      !stmt.moduleSpecifier &&
      stmt.exportClause &&
      ts.isNamedExports(stmt.exportClause)
    ) {
      for (const el of stmt.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        if (consts.has(local)) visit(consts.get(local)!, el.name.text === 'default' ? [] : [el.name.text], 0);
      }
    } else if (
      ts.isExpressionStatement(stmt) &&
      ts.isBinaryExpression(stmt.expression) &&
      stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      const { left, right } = stmt.expression;
      if (exportsObject(left))
        visit(right, [], 0); // module.exports = { port: 3000 }
      else if (ts.isPropertyAccessExpression(left) && exportsObject(left.expression)) visit(right, [left.name.text], 0); // exports.port = 3000
    }
  }
  return out;
}

// --- the fact ----------------------------------------------------------------------------------------------------

/** Calls that take `{ port }` options: fastify/net `listen({ port })`, hapi `server({ port })`, hono/bun `serve({ port })`. */
const OPTION_CALLS = new Set([
  'listen',
  'server',
  'Server',
  'serve',
  'createServer',
  'startStandaloneServer',
  'WebSocketServer',
]);
/** `new WebSocketServer({ port })`, `new WebSocket.Server({ port })` (ws), `new Server({ port })` (ws, socket.io): servers of their own. */
const SERVER_NEWS = new Set(['WebSocketServer', 'Server']);

/** `const PORT = 3000` in this file, when the argument is a plain identifier bound once to a literal. */
function resolveConst(ctx: SourceContext, id: ts.Identifier): ts.NumericLiteral | ts.StringLiteral | undefined {
  const init = constInitializer(ctx.index, id.text);
  return init && literalPort(init);
}

function literalFor(ctx: SourceContext, arg: ts.Expression): ts.NumericLiteral | ts.StringLiteral | undefined {
  const n = unwrap(arg);
  if (ts.isIdentifier(n)) return resolveConst(ctx, n);
  return literalPort(n);
}

const SERVER_CALLS = new Set(['listen', 'createServer', 'serve', 'startStandaloneServer']);

export const PORT_TRIGGER = /listen|\bport\b|serve|WebSocketGateway/i;

export function portBindings(ctx: SourceContext): PortBindings | undefined {
  const out: PortBindings = {};
  if (
    ctx.index.calls.some((c) => SERVER_CALLS.has(calleeName(c.expression) ?? '')) ||
    ctx.index.news.some(
      (n) => SERVER_NEWS.has(calleeName(n.expression) ?? '') && n.arguments?.some((a) => hasPortOption(unwrap(a))),
    )
  ) {
    out.server = true;
  }
  if (ctx.isTest || ctx.isExample) return out.server ? out : undefined;
  const exported = portExports(ctx);
  if (exported.length) out.exports = exported;
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  const uses: PortUse[] = [];
  /** A port read from another module (`config.port`): the project-level half looks for a literal there. */
  const imported = (arg: ts.Expression) => {
    const n = unwrap(arg);
    const ref =
      ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)
        ? refs.resolve(n)
        : undefined;
    if (ref && !ref.called && ref.path.length)
      uses.push({ specifier: ref.module, path: ref.path, range: ctx.rangeOf(n) });
  };
  const reported = new Set<ts.Node>();
  const literals: LiteralPort[] = [];
  const report = (lit: ts.NumericLiteral | ts.StringLiteral) => {
    if (reported.has(lit)) return;
    reported.add(lit);
    literals.push({ range: ctx.rangeOf(lit), port: lit.text, numeric: ts.isNumericLiteral(lit) });
  };
  for (const call of ctx.index.calls) {
    const name = calleeName(call.expression);
    if (!name) continue;
    const first = call.arguments[0];
    if (!first) continue;
    // Nest: @WebSocketGateway(8081) serves the gateway on a port of its own.
    if (name === 'WebSocketGateway' && ts.isDecorator(call.parent)) {
      const lit = literalFor(ctx, first);
      if (lit) report(lit);
      else if (!ts.isObjectLiteralExpression(unwrap(first))) imported(first);
    }
    if (name === 'listen' && ts.isPropertyAccessExpression(call.expression)) {
      const lit = literalFor(ctx, first);
      if (lit) report(lit);
      else imported(first);
    }
    if (OPTION_CALLS.has(name)) {
      for (const arg of call.arguments) checkPortOption(ctx, unwrap(arg), report, imported);
    }
  }
  for (const n of ctx.index.news) {
    const name = calleeName(n.expression);
    if (name && OPTION_CALLS.has(name))
      for (const arg of n.arguments ?? []) checkPortOption(ctx, unwrap(arg), report, imported);
  }
  if (uses.length) out.uses = uses;
  if (literals.length) out.literals = literals;
  return out.server || out.exports || out.uses || out.literals ? out : undefined;
}

function hasPortOption(node: ts.Expression): boolean {
  return (
    ts.isObjectLiteralExpression(node) &&
    node.properties.some((p) => p.name !== undefined && declaredName(p.name)?.toLowerCase() === 'port')
  );
}

function checkPortOption(
  ctx: SourceContext,
  node: ts.Expression,
  report: (l: ts.NumericLiteral | ts.StringLiteral) => void,
  imported: (e: ts.Expression) => void,
): void {
  if (!ts.isObjectLiteralExpression(node)) return;
  for (const prop of node.properties) {
    if (ts.isPropertyAssignment(prop) && declaredName(prop.name) === 'port') {
      const lit = literalFor(ctx, prop.initializer);
      if (lit) report(lit);
      else imported(prop.initializer);
    } else if (ts.isShorthandPropertyAssignment(prop) && prop.name.text.toLowerCase() === 'port') {
      const lit = resolveConst(ctx, prop.name);
      if (lit) report(lit);
      else imported(prop.name);
    }
  }
}
