// "Fix all" (source.fixAll.twelveFactor, Fix All in File): the fix-all-safe fixes of a file merged into one.
import type { FileEdit, Fix, Range, TextEdit } from '../core/types';
import { diffEdit, LineIndex } from '../util/text';

const offsetKey = (p: Range['start']) => p.line * 1e6 + p.character;

interface Chain {
  create?: boolean;
  first: FileEdit;
  rewrites: ((text: string) => string)[];
}

/**
 * Merges fixes into one, in order. Edits that can be made to any version of their file (`rewrite`, e.g. adding a
 * dependency to package.json) are chained: each applies to the text the previous one left, and the file gets one
 * edit from its current text (`read`) to the result. Other edits are kept as they are; a fix with one that overlaps
 * an edit already taken is left for the next run. A fix is taken whole or not at all: half of one (the code change
 * without its .env line) would be worse than none. Insertions at the same point apply in the order taken.
 */
export function mergeFixes(
  fixes: Fix[],
  read: (path: string) => string | undefined,
  title = 'Fix all Twelve-Factor problems',
): { fix?: Fix; skipped: number; taken: Fix[] } {
  const spans = new Map<string, { start: number; end: number }[]>();
  const plain = new Map<string, FileEdit>();
  const chains = new Map<string, Chain>();
  let skipped = 0;
  const taken: Fix[] = [];
  const overlaps = (fe: FileEdit) =>
    (spans.get(fe.path) ?? []).some((s) =>
      fe.edits.some((e) => offsetKey(e.range.start) < s.end && offsetKey(e.range.end) > s.start),
    );
  // A file is chained when the first edit taken for it can be; later edits to it must be chainable too.
  const conflicts = (fe: FileEdit) => (chains.has(fe.path) ? !fe.rewrite : overlaps(fe));
  for (const fix of fixes) {
    const edits = fix.edits ?? [];
    if (!edits.length) continue;
    if (edits.some(conflicts)) {
      skipped++;
      continue;
    }
    taken.push(fix);
    for (const fe of edits) {
      const chain = chains.get(fe.path);
      if (chain) chain.rewrites.push(fe.rewrite!);
      else if (fe.rewrite && !plain.has(fe.path))
        chains.set(fe.path, { create: fe.create, first: fe, rewrites: [fe.rewrite] });
      else {
        const list = spans.get(fe.path) ?? [];
        for (const e of fe.edits) list.push({ start: offsetKey(e.range.start), end: offsetKey(e.range.end) });
        spans.set(fe.path, list);
        const m = plain.get(fe.path) ?? { path: fe.path, create: fe.create, edits: [] };
        m.edits.push(...fe.edits);
        plain.set(fe.path, m);
      }
    }
  }
  const out: FileEdit[] = [...plain.values()];
  for (const [file, chain] of chains) {
    if (chain.rewrites.length === 1) {
      out.push({ path: file, create: chain.create, edits: chain.first.edits });
      continue;
    }
    const before = read(file) ?? '';
    const after = chain.rewrites.reduce((text, rewrite) => rewrite(text), before);
    if (after !== before) out.push({ path: file, create: chain.create, edits: [diffEdit(before, after)] });
  }
  return out.length ? { fix: { title, edits: out }, skipped, taken } : { fix: undefined, skipped, taken: [] };
}

/**
 * A file's text after non-overlapping edits, all against that text (as the editor applies a merged fix; the CLI's
 * `--fix` too). Edits at the same point land in the order given.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = LineIndex.of(text);
  const spans = edits
    .map((e, i) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.i - b.i);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.text;
    at = Math.max(at, s.end);
  }
  return out + text.slice(at);
}
