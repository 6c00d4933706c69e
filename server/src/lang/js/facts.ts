// The facts every JS/TS file gets: imports (from the tree, or from ts.preProcessFile when no tree is built) and
// environment reads.
import * as ts from 'typescript';
import type { Range } from '../../core/types';
import { emptyFacts, type ImportFact, type SourceFacts } from '../../core/facts';
import {
  calleeName,
  envVarName,
  isCoercionCall,
  isEnvFallback,
  isEnvObject,
  stringValue,
  declaredName,
} from './astUtil';
import type { NodeIndex } from './nodeIndex';
import { LineIndex } from '../../util/text';

/** Imports without a full parse, for files no rule needs a tree for. */
export function factsFromPreprocess(text: string): SourceFacts {
  // detectJavaScriptImports: also report require() and import() calls, as the full-tree path does.
  const info = ts.preProcessFile(text, true, true);
  const lines = new LineIndex(text);
  const facts = emptyFacts();
  for (const ref of info.importedFiles) {
    // pos is the opening quote (end = pos + the name's length): the range is the literal, quotes included, as from
    // the tree. It was taken one character early, so a finding moved by a column when no rule parsed the file.
    const quote = text[ref.pos];
    const close = quote === '"' || quote === "'" || quote === '`' ? text.indexOf(quote, ref.pos + 1) : -1;
    facts.imports.push({
      specifier: ref.fileName,
      range: lines.range(ref.pos, close >= 0 ? close + 1 : ref.end + 2),
      typeOnly: false,
      kind: 'import',
    });
  }
  facts.ambientModules = info.ambientExternalModules ?? [];
  return facts;
}

export function factsFromTree(sf: ts.SourceFile, idx: NodeIndex, rangeOf: (n: ts.Node) => Range): SourceFacts {
  const facts = emptyFacts();
  const add = (spec: ts.Expression | undefined, kind: ImportFact['kind'], typeOnly: boolean) => {
    const s = stringValue(spec);
    if (s !== undefined && spec) facts.imports.push({ specifier: s, range: rangeOf(spec), typeOnly, kind });
  };
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt)) {
      const c = stmt.importClause;
      const typeOnly =
        !!c &&
        (c.isTypeOnly ||
          (!c.name &&
            !!c.namedBindings &&
            ts.isNamedImports(c.namedBindings) &&
            c.namedBindings.elements.length > 0 &&
            c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(stmt.moduleSpecifier, 'import', typeOnly);
    } else if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier) {
      add(stmt.moduleSpecifier, 'export', stmt.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference)) {
      add(stmt.moduleReference.expression, 'require', stmt.isTypeOnly);
    } else if (ts.isModuleDeclaration(stmt) && ts.isStringLiteral(stmt.name)) {
      facts.ambientModules.push(stmt.name.text);
    }
  }
  for (const call of idx.calls) {
    const arg = call.arguments[0];
    if (call.expression.kind === ts.SyntaxKind.ImportKeyword) add(arg, 'dynamic', false);
    else if (ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1)
      add(arg, 'require', false);
  }
  // import('x') in a type position: `typeof import('x')`.
  const visitTypes = (n: ts.Node): void => {
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument))
      add(n.argument.literal as ts.StringLiteral, 'import', true);
    ts.forEachChild(n, visitTypes);
  };
  if (sf.text.includes('import(')) visitTypes(sf);

  for (const node of [...idx.propertyAccesses, ...idx.elementAccesses]) {
    const name = envVarName(node);
    if (name === undefined) continue;
    facts.envReads.push({ name, range: rangeOf(node), hasDefault: hasFallback(node) });
  }
  // const { A, B: b = 'x' } = process.env
  for (const v of idx.variables) {
    if (!v.initializer || !isEnvObject(v.initializer) || !ts.isObjectBindingPattern(v.name)) continue;
    for (const el of v.name.elements) {
      const name = declaredName(el.propertyName ?? el.name);
      if (name && !el.dotDotDotToken) facts.envReads.push({ name, range: rangeOf(el), hasDefault: !!el.initializer });
    }
  }
  return facts;
}

function hasFallback(node: ts.Node): boolean {
  // See through conversions of the read: `Number(process.env.PREFETCH) || 20`. A converted value is never nullish
  // and String() turns a missing variable into 'undefined', so only `||` after a number or boolean conversion
  // is a default (`Number(process.env.X) ?? 20` and `String(process.env.X) || 'a'` never use theirs).
  let child: ts.Node = node;
  let p = node.parent;
  let converted: 'none' | 'falsy' | 'string' = 'none';
  while (
    p &&
    (ts.isParenthesizedExpression(p) ||
      ts.isAsExpression(p) ||
      ts.isNonNullExpression(p) ||
      ts.isSatisfiesExpression(p) ||
      (ts.isCallExpression(p) && p.arguments[0] === child && isCoercionCall(p)))
  ) {
    if (ts.isCallExpression(p)) converted = calleeName(p.expression) === 'String' ? 'string' : 'falsy'; // the outermost decides
    child = p;
    p = p.parent;
  }
  if (p && ts.isBinaryExpression(p) && p.left === child) {
    const op = p.operatorToken.kind;
    if (converted === 'none') return op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken;
    return converted === 'falsy' && op === ts.SyntaxKind.BarBarToken;
  }
  return node.parent ? isEnvFallback(node) : false;
}
