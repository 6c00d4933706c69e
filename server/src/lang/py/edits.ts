// The Python halves of fixes that must parse, taking text and positions, never nodes: a string literal's value as
// written, the `os.environ[…]` read that replaces it, and the `import os` a file needs for that read.
import type { Range } from '../../core/types';
import { eolOf, LineIndex } from '../../util/text';
import { parsePython } from './parse';
import { childrenOf, importBindings, stringValue } from './syntax';

/** The value of a plain Python string literal (`'x'`, `"x"`, `r'x'`, triple-quoted), or undefined. */
export function pyStringLiteralValue(raw: string): string | undefined {
  const parsed = parsePython(raw);
  const stmt = parsed.tree?.topNode.firstChild;
  if (!stmt || stmt.nextSibling || stmt.name !== 'ExpressionStatement') return undefined;
  const lit = stmt.firstChild;
  if (!lit || lit.from !== 0 || lit.to !== raw.length) return undefined;
  return stringValue(raw, lit);
}

/** `os.environ['NAME']`, in the quotes the replaced literal used. */
export function pyEnvRead(name: string, raw: string): string {
  const q = /^[rRuU]?"/.test(raw) && !raw.includes('"""') ? '"' : "'";
  return `os.environ[${q}${name}${q}]`;
}

/**
 * The edit that binds `module` at the top of a file, or undefined when a module-level `import module` at its head
 * already does. It goes after the module docstring and any `from __future__` imports, before the first other
 * statement. Only the file's head is parsed (reports ask every finding whether it has a fix): an `import os` further
 * down, after code, is not seen, and a second one at the top is harmless.
 */
export function pyImportEdit(text: string, module: string): { range: Range; newText: string } | undefined {
  const headEnd = headLength(text);
  const head = text.slice(0, headEnd);
  const parsed = parsePython(head);
  if (!parsed.tree) return undefined;
  const top = childrenOf(parsed.tree.topNode).filter((s) => s.name !== 'Comment');
  const imports = top.filter((s) => s.name === 'ImportStatement');
  if (importBindings(head, imports).get(module) === module) return undefined;
  let i = 0;
  if (top[0]?.name === 'ExpressionStatement' && top[0].firstChild?.name === 'String') i = 1;
  while (top[i]?.name === 'ImportStatement' && /^from\s+__future__\b/.test(head.slice(top[i].from, top[i].to))) i++;
  // Every position is within the head (or at its end, the start of a line), so the head's line index serves.
  const lines = new LineIndex(head);
  const eol = eolOf(text);
  const line = `import ${module}${eol}`;
  // Before the first import (or, with none, the first code): a blank line after it when code follows, as PEP 8 lays
  // out imports.
  const before = top[i]?.from ?? (headEnd < text.length ? headEnd : undefined);
  if (before !== undefined) {
    const at = { line: lines.position(before).line, character: 0 };
    const blank = top[i]?.name === 'ImportStatement' ? '' : eol;
    return { range: { start: at, end: at }, newText: line + blank };
  }
  // Nothing but a docstring (or nothing at all): after it, on a line of its own.
  const end = i > 0 ? top[i - 1].to : 0;
  const pos = lines.position(end);
  const needsBreak = end > 0 || (text.length > 0 && !/[\r\n]$/.test(text));
  return { range: { start: pos, end: pos }, newText: (needsBreak ? eol : '') + line };
}

const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/y;
const DOCSTRING_START = /^[rRuU]?("""|''')/;

/**
 * Where a file's head ends: its leading comments, blank lines, docstring and import statements (their indented or
 * bracketed continuation lines included), up to the first line that starts other code in column 0.
 */
function headLength(text: string): number {
  let pos = 0;
  let closing: string | undefined;
  while (pos < text.length) {
    LINE.lastIndex = pos;
    const line = LINE.exec(text)![0];
    if (!line) break;
    const body = line.replace(/[\r\n]+$/, '');
    if (closing) {
      if (body.includes(closing)) closing = undefined;
    } else {
      const doc = DOCSTRING_START.exec(body);
      if (doc) {
        if (body.indexOf(doc[1], doc[0].length) < 0) closing = doc[1];
      } else if (body && !/^[\s#)\]},]/.test(body) && !/^(import|from)\b/.test(body) && !/^["']/.test(body)) {
        return pos;
      }
    }
    pos += line.length;
  }
  return text.length;
}

/**
 * What the move-to-env fix needs to replace the Python string literal at `range`: its value (re-read from the
 * current text), the `os.environ[…]` read, and the `import os` edit when the file lacks one. Undefined when the text
 * there is not a plain literal (bytes, an f-string, escapes).
 */
export function pyLiteralMove(
  text: string,
  range: Range,
):
  | { value: string; expression: (name: string) => string; sourceEdits: { range: Range; newText: string }[] }
  | undefined {
  const lines = LineIndex.of(text);
  const raw = text.slice(lines.offset(range.start), lines.offset(range.end));
  const value = pyStringLiteralValue(raw);
  if (value === undefined) return undefined;
  const imp = pyImportEdit(text, 'os');
  return { value, expression: (name) => pyEnvRead(name, raw), sourceEdits: imp ? [imp] : [] };
}
