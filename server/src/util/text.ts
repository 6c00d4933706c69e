// Offsets ↔ positions, hashing and other small text helpers shared by parsers, rules and fixes.
import { createHash } from 'crypto';
import type { Position, Range, TextEdit } from './types';
import { hasUtf16Bom } from './safeRead';

const RECENT_INDEXES: LineIndex[] = [];

export class LineIndex {
  /**
   * The index of a text, shared by the calls that ask for the same text in turn: a report asks each of a file's
   * findings for its fixes, and each fix would index the whole file again (quadratic in the file's findings). Keyed by
   * the text itself, so never stale; the last few are kept.
   */
  static of(text: string): LineIndex {
    const i = RECENT_INDEXES.findIndex((x) => x.text === text);
    if (i >= 0) {
      const hit = RECENT_INDEXES[i];
      if (i > 0) RECENT_INDEXES.unshift(...RECENT_INDEXES.splice(i, 1));
      return hit;
    }
    const made = new LineIndex(text);
    RECENT_INDEXES.unshift(made);
    if (RECENT_INDEXES.length > 4) RECENT_INDEXES.pop();
    return made;
  }

  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
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

/** A range's start as `line:character`, to match places across facts (imports, their specifiers). */
export function startKey(r: Range): string {
  return `${r.start.line}:${r.start.character}`;
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

/**
 * A long name, path, URL or command cut to `max` characters around an ellipsis, keeping its start and end, so a
 * diagnostic message stays one short line. Only ever shows part of `text`: safe on already-redacted values.
 */
export function clip(text: string, max = 48): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.6);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** Heuristic for bundles and minified files: very long lines. */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  // By line shape, over the whole file: hand-written code averages well under 100 characters a line whatever its size
  // (uptime-kuma's 80 kB server.js is ordinary code); bundles and minified files average thousands.
  let newlines = 0;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    newlines++;
    if (i - start > longest) longest = i - start;
    start = i + 1;
  }
  if (text.length - start > longest) longest = text.length - start;
  const average = text.length / (newlines + 1);
  if (average > 250) return true;
  // A generated file with a source map, or a bundle banner, and very long lines among short ones.
  const generated =
    /\/[/*][#@] sourceMappingURL=|^\/\*![^\n]*\b(webpack|rollup|esbuild|license)\b|^\(function\s*\(\w*\)\s*\{\s*["']use strict["'];?\s*var\s/im.test(
      text,
    );
  return longest > 5000 && (generated || average > 120);
}

/** NUL bytes in the first 8 kB, except in UTF-16 text (marked by its byte-order mark), which is full of them. */
export function looksBinary(buf: Buffer): boolean {
  if (hasUtf16Bom(buf)) return false;
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
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  const lines = new LineIndex(before);
  return { range: lines.range(start, endB), newText: after.slice(start, endA) };
}
