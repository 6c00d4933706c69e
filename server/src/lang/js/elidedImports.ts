// Imports TypeScript drops from its output because their bindings are only used as types: they never load at run
// time. A fact the engine extracts for the rules that follow imports into what ships (dependencies, codebase).
import * as ts from 'typescript';
import type { Range } from '../../core/types';
import type { JsExtractContext as ExtractContext } from './context';

// This walk runs on every TypeScript file with imports: compare kinds against numbers read once, because
// namespace members (`ts.isIdentifier`, `ts.SyntaxKind`) are getters once bundled.
const SK = ts.SyntaxKind;
const forEachChild = ts.forEachChild;
const isTypeNodeKind = (k: ts.SyntaxKind) => k >= SK.FirstTypeNode && k <= SK.LastTypeNode;
const SKIP = new Set([SK.InterfaceDeclaration, SK.TypeAliasDeclaration, SK.ImportDeclaration]);
const NAME_OWNERS = new Set([
  SK.PropertyAccessExpression,
  SK.PropertyAssignment,
  SK.PropertyDeclaration,
  SK.MethodDeclaration,
]);

/** Identifiers used as values anywhere (types, interfaces and import clauses skipped). */
function valueIdentifiers(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    const k = n.kind;
    if (isTypeNodeKind(k) || SKIP.has(k)) return;
    if (k === SK.HeritageClause && (n as ts.HeritageClause).token === SK.ImplementsKeyword) return;
    if (k === SK.Identifier) {
      const p = n.parent as ts.Node & { name?: ts.Node; propertyName?: ts.Node };
      const isName =
        (NAME_OWNERS.has(p.kind) && p.name === n) || (p.kind === SK.BindingElement && p.propertyName === n);
      if (!isName) names.add((n as ts.Identifier).text);
      return;
    }
    forEachChild(n, visit);
  };
  visit(sf);
  return names;
}

/**
 * The specifier ranges of the imports TypeScript elides in a .ts file. Kept as ranges, not `line:character` strings:
 * the engine compares facts without positions, so an edit that only moves code is not a change of facts.
 */
export function elidedImports(ctx: ExtractContext): Range[] | undefined {
  if (!/\.[cm]?tsx?$/.test(ctx.path)) return undefined;
  const candidates = ctx.index.imports.filter(
    (d) => d.importClause && !d.importClause.isTypeOnly && (d.importClause.name || d.importClause.namedBindings),
  );
  if (!candidates.length) return undefined;
  const elided: Range[] = [];
  const used = valueIdentifiers(ctx.sourceFile);
  for (const d of candidates) {
    const c = d.importClause!;
    const locals: string[] = [];
    if (c.name) locals.push(c.name.text);
    if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) locals.push(c.namedBindings.name.text);
    else if (c.namedBindings)
      locals.push(...c.namedBindings.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text));
    if (locals.every((n) => !used.has(n))) {
      elided.push(ctx.rangeOf(d.moduleSpecifier));
    }
  }
  return elided.length ? elided : undefined;
}
