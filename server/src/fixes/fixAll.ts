// "Fix all" (source.fixAll.twelveFactor, Fix All in File): the fix-all-safe fixes of a file merged into one.
import type { FileEdit, Fix, Range } from '../engine/types';

const offsetKey = (p: Range['start']) => p.line * 1e6 + p.character;

/**
 * Merges fixes into one, in order. A fix is taken whole or not at all: one whose edits overlap an edit already
 * taken is left for the next run (half of a fix, say the code change without its .env line, would be worse than
 * none). Insertions at the same point do not overlap; they apply in the order taken.
 */
export function mergeFixes(fixes: Fix[], title = 'Fix all Twelve-Factor problems'): { fix?: Fix; skipped: number } {
  const spans = new Map<string, { start: number; end: number }[]>();
  const merged = new Map<string, FileEdit>();
  let skipped = 0;
  const overlaps = (file: string, r: Range) => {
    const start = offsetKey(r.start);
    const end = offsetKey(r.end);
    return (spans.get(file) ?? []).some((s) => start < s.end && end > s.start);
  };
  for (const fix of fixes) {
    const edits = fix.edits ?? [];
    if (!edits.length) continue;
    if (edits.some((fe) => fe.edits.some((e) => overlaps(fe.path, e.range)))) {
      skipped++;
      continue;
    }
    for (const fe of edits) {
      const list = spans.get(fe.path) ?? [];
      for (const e of fe.edits) list.push({ start: offsetKey(e.range.start), end: offsetKey(e.range.end) });
      spans.set(fe.path, list);
      const m = merged.get(fe.path) ?? { path: fe.path, create: fe.create, edits: [] };
      m.edits.push(...fe.edits);
      merged.set(fe.path, m);
    }
  }
  return { fix: merged.size ? { title, edits: [...merged.values()] } : undefined, skipped };
}
