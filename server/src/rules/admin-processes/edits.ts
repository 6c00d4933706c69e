// Edits the admin-process fixes share: package.json scripts (formatting kept by jsonc-parser) and Procfile entries.
import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import type { Project } from '../../core/model';
import type { Range, TextEdit } from '../../core/types';
import { LineIndex, eolOf } from '../../util/text';
import { shellQuote } from '../../platform/shell';
import { canSetString } from '../../ecosystem/npm/packageJson';

function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: eolOf(text),
  };
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function minimalEdit(before: string, after: string): TextEdit {
  let s = 0;
  while (s < before.length && s < after.length && before[s] === after[s]) s++;
  let e = 0;
  while (e < before.length - s && e < after.length - s && before[before.length - 1 - e] === after[after.length - 1 - e])
    e++;
  const lines = new LineIndex(before);
  return { range: lines.range(s, before.length - e), newText: after.slice(s, after.length - e) };
}

/** Sets (or, with undefined, removes) `scripts.<name>` for each change, in order; new scripts go last. */
export function scriptsEdit(text: string, changes: [string, string | undefined][]): TextEdit | undefined {
  let out = text;
  for (const [name, value] of changes) {
    if (!canSetString(out, ['scripts', name])) return undefined; // `"scripts": []`, or a script that is not a string
    out = applyEdits(out, modify(out, ['scripts', name], value, { formattingOptions: formattingOf(out) }));
  }
  return out === text ? undefined : minimalEdit(text, out);
}

/** How the project's package manager runs a script (the name is a package.json key: any text, so quoted). */
export function runScript(project: Project | undefined, name: string): string {
  const kind = project?.lockfile?.kind;
  const word = shellQuote(name);
  if (kind === 'yarn') return `yarn ${word}`;
  if (kind === 'pnpm') return `pnpm ${word}`;
  if (kind === 'bun') return `bun run ${word}`;
  return name === 'start' ? 'npm start' : `npm run ${word}`;
}

/** A name not yet used among the scripts, trying the candidates in order. */
export function freeScriptName(scripts: Record<string, unknown>, candidates: string[]): string {
  for (const c of candidates) if (!(c in scripts)) return c;
  for (let i = 2; ; i++) if (!(`${candidates[0]}${i}` in scripts)) return `${candidates[0]}${i}`;
}

export function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
