// One walk over a syntax tree that files the nodes rules look at, so N rules don't walk the tree N times.
import * as ts from 'typescript';
import { Memo } from '../../util/memo';

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
  /** The tree nests deeper than MAX_TREE_DEPTH: what lies below was not indexed, and rules must not walk it. */
  tooDeep?: boolean;
  /**
   * Values computed once per file and shared by the rules and extractors that run on it (module refs, handlers,
   * scopes): made with the index, so they live exactly as long as this file's tree, one analysis.
   */
  memo: Memo;
}

/**
 * Deepest tree the index (and the recursive walks of rules) take on. Hand-written code stays far below; past a few
 * thousand levels (`((((…))))`, a 4,000-link `a.b.c…` chain) recursion exhausts the stack.
 */
export const MAX_TREE_DEPTH = 2000;

// Namespace-import members are getters once bundled; read the hot ones once, not per node.
const SK = ts.SyntaxKind;
const forEachChild = ts.forEachChild;
const K = {
  call: SK.CallExpression,
  neu: SK.NewExpression,
  str: SK.StringLiteral,
  tpl: SK.NoSubstitutionTemplateLiteral,
  tplExpr: SK.TemplateExpression,
  prop: SK.PropertyAssignment,
  variable: SK.VariableDeclaration,
  binary: SK.BinaryExpression,
  access: SK.PropertyAccessExpression,
  element: SK.ElementAccessExpression,
  imp: SK.ImportDeclaration,
  firstAssign: SK.FirstAssignment,
  lastAssign: SK.LastAssignment,
};

export function buildNodeIndex(sf: ts.SourceFile): NodeIndex {
  const idx: NodeIndex = {
    calls: [],
    news: [],
    strings: [],
    templates: [],
    properties: [],
    variables: [],
    assignments: [],
    propertyAccesses: [],
    elementAccesses: [],
    imports: [],
    memo: new Memo(),
  };
  let depth = 0;
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case K.call:
        idx.calls.push(node as ts.CallExpression);
        break;
      case K.neu:
        idx.news.push(node as ts.NewExpression);
        break;
      case K.str:
      case K.tpl:
        idx.strings.push(node as ts.StringLiteral);
        break;
      case K.tplExpr:
        idx.templates.push(node as ts.TemplateExpression);
        break;
      case K.prop:
        idx.properties.push(node as ts.PropertyAssignment);
        break;
      case K.variable:
        idx.variables.push(node as ts.VariableDeclaration);
        break;
      case K.binary: {
        const k = (node as ts.BinaryExpression).operatorToken.kind;
        if (k >= K.firstAssign && k <= K.lastAssign) idx.assignments.push(node as ts.BinaryExpression);
        break;
      }
      case K.access:
        idx.propertyAccesses.push(node as ts.PropertyAccessExpression);
        break;
      case K.element:
        idx.elementAccesses.push(node as ts.ElementAccessExpression);
        break;
      case K.imp:
        idx.imports.push(node as ts.ImportDeclaration);
        break;
    }
    if (++depth > MAX_TREE_DEPTH) idx.tooDeep = true;
    else forEachChild(node, visit);
    depth--;
  };
  visit(sf);
  return idx;
}
