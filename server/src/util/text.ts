// Offsets ↔ positions, hashing and other small text helpers shared by parsers, rules and fixes.
import { createHash } from 'crypto';
import type { Position, Range, TextEdit } from '../engine/types';

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  get lineCount(): number {
    return this.starts.length;
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  offset(pos: Position): number {
    const start = this.starts[Math.min(pos.line, this.starts.length - 1)] ?? 0;
    return Math.min(start + pos.character, this.text.length);
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  /** Text of a line without its line break. */
  lineText(line: number): string {
    const s = this.starts[line];
    if (s === undefined) return '';
    const e = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(s, e).replace(/\r?\n$|\r$/, '');
  }
}

export function lineRange(line: number, startChar: number, endChar: number): Range {
  return { start: { line, character: startChar }, end: { line, character: endChar } };
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The line break style a file already uses, so edits keep it. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function toPosix(p: string): string {
  return p.split('\\').join('/');
}

/** Heuristic for bundles and minified files: very long lines near the top, or long lines on average. */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  const lines = text.split('\n', 50);
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  // The average over the whole file: over the first 50 lines only, every file above 25 kB looked minified.
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return longest > 2000 || text.length / count > 500;
}

export function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8000);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function diffEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) { endB--; endA--; }
  const lines = new LineIndex(before);
  return { range: lines.range(start, endB), newText: after.slice(start, endA) };
}
