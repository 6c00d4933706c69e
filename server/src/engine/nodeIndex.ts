// One walk over a syntax tree that files the nodes rules look at, so N rules don't walk the tree N times.
import * as ts from 'typescript';

export interface NodeIndex {
  calls: ts.CallExpression[];
  news: ts.NewExpression[];
  /** String literals and templates without substitutions. */
  strings: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral)[];
  templates: ts.TemplateExpression[];
  properties: ts.PropertyAssignment[];
  variables: ts.VariableDeclaration[];
  /** `a = b`, `a.b = c`, `a ||= b` … */
  assignments: ts.BinaryExpression[];
  propertyAccesses: ts.PropertyAccessExpression[];
  elementAccesses: ts.ElementAccessExpression[];
  imports: ts.ImportDeclaration[];
}

export function buildNodeIndex(sf: ts.SourceFile): NodeIndex {
  const idx: NodeIndex = {
    calls: [], news: [], strings: [], templates: [], properties: [], variables: [], assignments: [],
    propertyAccesses: [], elementAccesses: [], imports: [],
  };
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.CallExpression: idx.calls.push(node as ts.CallExpression); break;
      case ts.SyntaxKind.NewExpression: idx.news.push(node as ts.NewExpression); break;
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral: idx.strings.push(node as ts.StringLiteral); break;
      case ts.SyntaxKind.TemplateExpression: idx.templates.push(node as ts.TemplateExpression); break;
      case ts.SyntaxKind.PropertyAssignment: idx.properties.push(node as ts.PropertyAssignment); break;
      case ts.SyntaxKind.VariableDeclaration: idx.variables.push(node as ts.VariableDeclaration); break;
      case ts.SyntaxKind.BinaryExpression: {
        const k = (node as ts.BinaryExpression).operatorToken.kind;
        if (k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment) idx.assignments.push(node as ts.BinaryExpression);
        break;
      }
      case ts.SyntaxKind.PropertyAccessExpression: idx.propertyAccesses.push(node as ts.PropertyAccessExpression); break;
      case ts.SyntaxKind.ElementAccessExpression: idx.elementAccesses.push(node as ts.ElementAccessExpression); break;
      case ts.SyntaxKind.ImportDeclaration: idx.imports.push(node as ts.ImportDeclaration); break;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return idx;
}
