// Module state shared across files, for processes/module-level-state in JS/TS: what a module exports, by the member
// path an importer reads it at (the facts the rule's project half joins are in facts/processes.ts).
import * as ts from 'typescript';
import { declaredName, unwrap } from '../../astUtil';

const isExported = (node: ts.Node) =>
  !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (node: ts.Node) =>
  !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

/** `module.exports` or `exports`. */
function isExportsObject(e: ts.Expression): boolean {
  const n = unwrap(e);
  return (
    (ts.isIdentifier(n) && n.text === 'exports') ||
    (ts.isPropertyAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'module' &&
      n.name.text === 'exports')
  );
}

/**
 * Module-scope names a module exports, each with the member paths an importer reads it at: `export const carts`
 * → ['carts'], `export default carts` and `module.exports = carts` → [], `module.exports = { carts, add: addItem }`
 * → ['carts'] and ['add'].
 */
export function exportedNames(sf: ts.SourceFile): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const add = (local: string, p: string[]) => {
    const list = out.get(local) ?? [];
    if (!list.some((x) => x.join('.') === p.join('.'))) list.push(p);
    out.set(local, list);
  };
  const fromValue = (value: ts.Expression, base: string[]) => {
    const n = unwrap(value);
    if (ts.isIdentifier(n)) add(n.text, base);
    else if (ts.isObjectLiteralExpression(n)) {
      for (const p of n.properties) {
        if (ts.isShorthandPropertyAssignment(p)) add(p.name.text, [...base, p.name.text]);
        else if (ts.isPropertyAssignment(p) && ts.isIdentifier(unwrap(p.initializer))) {
          const key = declaredName(p.name);
          if (key) add((unwrap(p.initializer) as ts.Identifier).text, [...base, key]);
        }
      }
    }
  };
  for (const stmt of sf.statements) {
    if (ts.isVariableStatement(stmt) && isExported(stmt)) {
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, [d.name.text]);
    } else if (ts.isFunctionDeclaration(stmt) && stmt.name && isExported(stmt)) {
      add(stmt.name.text, isDefault(stmt) ? [] : [stmt.name.text]);
    } else if (
      ts.isExportDeclaration(stmt) &&
      !stmt.moduleSpecifier &&
      !stmt.isTypeOnly &&
      stmt.exportClause &&
      ts.isNamedExports(stmt.exportClause)
    ) {
      for (const el of stmt.exportClause.elements)
        add((el.propertyName ?? el.name).text, el.name.text === 'default' ? [] : [el.name.text]);
    } else if (ts.isExportAssignment(stmt)) {
      fromValue(stmt.expression, []);
    } else if (
      ts.isExpressionStatement(stmt) &&
      ts.isBinaryExpression(stmt.expression) &&
      stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      const { left, right } = stmt.expression;
      if (isExportsObject(left)) fromValue(right, []);
      else if (
        ts.isPropertyAccessExpression(left) &&
        isExportsObject(left.expression) &&
        ts.isIdentifier(unwrap(right))
      )
        add((unwrap(right) as ts.Identifier).text, [left.name.text]);
    }
  }
  return out;
}
