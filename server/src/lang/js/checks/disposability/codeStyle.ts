// The code style a file already uses (quotes, semicolons, indentation), so inserted code looks like its neighbours.
import * as ts from 'typescript';
import { eolOf } from '../../../../util/text';

export interface CodeStyle {
  quote: "'" | '"';
  semi: string;
  /** One level of indentation. */
  unit: string;
  eol: string;
}

export function codeStyleOf(sf: ts.SourceFile): CodeStyle {
  const text = sf.text;
  let single = 0;
  let double = 0;
  let withSemi = 0;
  let withoutSemi = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n)) {
      if (text[n.getStart(sf)] === "'") single++;
      else double++;
    }
    if (
      ts.isExpressionStatement(n) ||
      ts.isVariableStatement(n) ||
      ts.isReturnStatement(n) ||
      ts.isImportDeclaration(n)
    ) {
      if (text[n.getEnd() - 1] === ';') withSemi++;
      else withoutSemi++;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const indents = text
    .split(/\r?\n/)
    .map((l) => /^[ \t]+(?=\S)/.exec(l)?.[0])
    .filter((x): x is string => !!x);
  let unit = '  ';
  if (indents.some((i) => i.startsWith('\t'))) unit = '\t';
  else if (indents.length) unit = ' '.repeat(Math.min(...indents.map((i) => i.length)));
  return { quote: double > single ? '"' : "'", semi: withoutSemi > withSemi ? '' : ';', unit, eol: eolOf(text) };
}

/** Leading whitespace of the line `pos` is on. */
export function indentAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Every identifier name used in a file, to choose a new one that clashes with nothing. */
export function usedNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export function freeName(used: Set<string>, candidates: string[]): string {
  for (const c of candidates) if (!used.has(c)) return c;
  for (let i = 2; ; i++) if (!used.has(`${candidates[0]}${i}`)) return `${candidates[0]}${i}`;
}
