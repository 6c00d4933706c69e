// The Python halves of the port-binding fixes (text and positions in, edits out): a literal port or loopback host
// becomes an `os.environ.get(…)` read with the literal as its default, and `import os` is added when the module has
// no `os` binding yet.
import type { Range, TextEdit } from '../../../../util/types';
import { LineIndex } from '../../../../util/text';

/** `import os`, `import sys, os`, `import os  # …` at the start of a line. */
const IMPORTS_OS = /^[ \t]*import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*os[ \t]*(?:,|#|\r?$)/m;
/** A top-level import statement's line (not `from __future__`, which must stay first). */
const TOP_IMPORT = /^(?:import[ \t]|from[ \t]+(?!__future__\b)[\w.]+[ \t]+import\b)/;

export interface PyEnvEdit {
  edits: TextEdit[];
  /** `import os` had to be added: two such fixes in one file must not both be applied unattended. */
  addsImport: boolean;
}

/** Where `import os` goes: before the module's first top-level import, or undefined when it has none. */
function importLine(text: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (TOP_IMPORT.test(lines[i])) return i;
  return undefined;
}

/**
 * Replaces the literal at `range` with `replacement(literal)` and makes sure `os` is imported; undefined when the
 * module has no top-level import to put `import os` beside.
 */
export function pyEnvEdit(text: string, range: Range, replacement: (raw: string) => string): PyEnvEdit | undefined {
  const lines = new LineIndex(text);
  const raw = text.slice(lines.offset(range.start), lines.offset(range.end));
  const edits: TextEdit[] = [{ range, newText: replacement(raw) }];
  const hasOs = IMPORTS_OS.test(text);
  if (!hasOs) {
    const at = importLine(text);
    if (at === undefined || at > range.start.line) return undefined;
    const pos = { line: at, character: 0 };
    edits.unshift({ range: { start: pos, end: pos }, newText: 'import os\n' });
  }
  return { edits, addsImport: !hasOs };
}

/** `8000` → `int(os.environ.get("PORT", 8000))`, `'8000'` → `os.environ.get("PORT", '8000')`. */
export function pyPortRead(raw: string): string | undefined {
  if (/^\d{1,5}$/.test(raw)) return `int(os.environ.get("PORT", ${raw}))`;
  if (/^(['"])\d{1,5}\1$/.test(raw)) return `os.environ.get("PORT", ${raw})`;
  return undefined;
}

/** `'127.0.0.1'` → `os.environ.get('HOST', '0.0.0.0')`, keeping the quote style. */
export function pyHostRead(raw: string, isLoopback: (host: string) => boolean): string | undefined {
  const m = /^(['"])([^'"\\]*)\1$/.exec(raw);
  if (!m || !isLoopback(m[2])) return undefined;
  return `os.environ.get(${m[1]}HOST${m[1]}, ${m[1]}0.0.0.0${m[1]})`;
}
