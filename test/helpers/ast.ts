// A source file parsed the way the JS adapter (lang/js/adapter.ts) parses one, for unit tests of the AST-taking detect/ functions.
import * as ts from 'typescript';
import { buildNodeIndex, type NodeIndex } from '../../server/src/lang/js/nodeIndex';
import { parseSource } from '../../server/src/lang/js/parse';
import { moduleRefs, type ModuleRefs } from '../../server/src/lang/js/moduleRefs';

export interface Parsed {
  sf: ts.SourceFile;
  idx: NodeIndex;
  refs: ModuleRefs;
}

export function parse(text: string, file = 'src/a.ts'): Parsed {
  const sf = parseSource(file, text);
  const idx = buildNodeIndex(sf);
  return { sf, idx, refs: moduleRefs(sf, idx) };
}

/** The string literal whose text is `text` (the first one). */
export function literal(p: Parsed, text: string): ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  const s = p.idx.strings.find((x) => x.text === text);
  if (!s) throw new Error(`no string literal '${text}'`);
  return s;
}

/** The first call whose callee is written `callee`. */
export function callTo(p: Parsed, callee: string): ts.CallExpression {
  const c = p.idx.calls.find((x) => x.expression.getText(p.sf) === callee);
  if (!c) throw new Error(`no call to ${callee}`);
  return c;
}
