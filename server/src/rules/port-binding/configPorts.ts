// Ports written as literals in a config module and bound to in another file: `export const config = { port: 3000 }`
// in config.ts, `app.listen(config.port)` in server.ts. Each side is a per-file fact; the project-level half of
// port-binding/hardcoded-port joins them through the module graph.
import * as ts from 'typescript';
import type { Range, SourceContext } from '../../engine/types';
import type { SourceFacts } from '../../engine/facts';
import type { ModuleGraph } from '../../model/processes';
import { declaredName, unwrap } from '../../engine/astUtil';

/** Per-file facts: the literal ports a module exports, and the imported values its servers bind to. */
export const EXPORTS_FACT = 'port-binding/port-exports';
export const USES_FACT = 'port-binding/port-uses';

/** A literal port a module exports, by the member path an importer reads it at (`config.port` → ['config', 'port']). */
export interface PortExport { path: string[]; port: string; range: Range }
/** An imported value a server binds to: `listen(config.port)` with `config` from './config'. */
export interface PortUse { specifier: string; path: string[]; range: Range }

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
    for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) consts.set(d.name.text, d.initializer);
  }
  /** A module-level const's value, through `Object.freeze(…)`. */
  const valueOf = (expr: ts.Expression): ts.Expression => {
    let n = unwrap(expr);
    for (let i = 0; i < 3; i++) {
      if (ts.isIdentifier(n) && consts.has(n.text)) n = unwrap(consts.get(n.text)!);
      else if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === 'Object' && n.expression.name.text === 'freeze') n = unwrap(n.arguments[0]);
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
  const exportsObject = (e: ts.Expression) => ts.isIdentifier(e) && e.text === 'exports'
    || (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports');
  for (const stmt of ctx.sourceFile.statements) {
    if (ts.isVariableStatement(stmt) && stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) visit(d.initializer, [d.name.text], 0);
    } else if (ts.isExportAssignment(stmt)) {
      visit(stmt.expression, [], 0); // `export default …` and `export = …`: what a default import or require gets
    } else if (ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      for (const el of stmt.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        if (consts.has(local)) visit(consts.get(local)!, el.name.text === 'default' ? [] : [el.name.text], 0);
      }
    } else if (ts.isExpressionStatement(stmt) && ts.isBinaryExpression(stmt.expression) && stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = stmt.expression;
      if (exportsObject(left)) visit(right, [], 0); // module.exports = { port: 3000 }
      else if (ts.isPropertyAccessExpression(left) && exportsObject(left.expression)) visit(right, [left.name.text], 0); // exports.port = 3000
    }
  }
  return out;
}

/** Whether an export at `path` is what an importer reads at `use` (a namespace import also sees `default`). */
export function sameMember(exp: string[], use: string[]): boolean {
  const a = exp.join('.');
  return a === use.join('.') || (use[0] === 'default' && a === use.slice(1).join('.'));
}

/** A config-module port that a server binds to: where the literal is, and which file binds it through which member. */
export interface BoundPort { target: string; exp: PortExport; src: string; use: PortUse }

/** The config-module ports the servers in `sources` bind to, each once. */
export function boundConfigPorts(sources: Iterable<string>, factsOf: (p: string) => SourceFacts | undefined, graph: ModuleGraph): BoundPort[] {
  const out: BoundPort[] = [];
  const done = new Set<string>();
  for (const src of sources) {
    for (const use of (factsOf(src)?.custom[USES_FACT] as PortUse[] | undefined) ?? []) {
      const target = graph.resolve(src, use.specifier);
      if (!target) continue;
      const exp = ((factsOf(target)?.custom[EXPORTS_FACT] as PortExport[] | undefined) ?? []).find((e) => sameMember(e.path, use.path));
      const key = exp && `${target}:${exp.range.start.line}:${exp.range.start.character}`;
      if (!exp || !key || done.has(key)) continue;
      done.add(key);
      out.push({ target, exp, src, use });
    }
  }
  return out;
}
