// Parses `.env` files with positions, by the grammar of dotenv's `parse` (the dotenv in package.json): `KEY=value`,
// `export KEY=value` and `KEY: value` lines, quotes that span lines, inline comments. Values are what dotenv reads.
import { LineIndex } from '../util/text';
import type { EnvEntry } from '../core/model';
import type { TextSpan } from '../util/types';

// dotenv's LINE regex (lib/main.js), without its leading `(?:^|^)\s*`: this scanner skips that whitespace itself
// and runs the rest once per run of blank lines. Run from every line start, as dotenv does, the prefix is
// quadratic on long runs of blank lines (dotenv.parse takes 7 s on 40,000 newlines). Flags: m as dotenv, y to run
// at one position only, d for the groups' offsets.
const ENTRY =
  /(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dmy;

/** What `\s` matches in a JavaScript regex. */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Where `^` and `$` match in a regex with the m flag: around these. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** The first line start (`^` under the m flag) at or after `from`, or s.length. */
function lineStartFrom(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (i === 0 || isLineTerminator(s.charCodeAt(i - 1))) return i;
  return s.length;
}

/**
 * dotenv's walk over the (CRLF-normalised) text: each entry's match (`m`, from `ENTRY`), and each line start that
 * begins no entry (`other`, at its first non-blank character). dotenv skips those lines.
 */
function walkEnv(norm: string, entry: (m: RegExpExecArray) => void, other?: (p: number) => void): void {
  const n = norm.length;
  let pos = 0;
  while (pos < n) {
    let p = pos;
    while (p < n && isSpace(norm.charCodeAt(p))) p++;
    if (p >= n) break;
    ENTRY.lastIndex = p;
    const m = ENTRY.exec(norm);
    if (!m) {
      other?.(p);
      // No line start between pos and p can begin an entry: they all reach p through the whitespace.
      pos = lineStartFrom(norm, p + 1);
      continue;
    }
    entry(m);
    pos = lineStartFrom(norm, p + m[0].length);
  }
}

export function parseEnvFile(text: string): EnvEntry[] {
  // dotenv turns CRLF and CR into LF first; offsets map back to `text` for the ranges.
  const hasCr = text.includes('\r');
  const norm = hasCr ? text.replace(/\r\n?/g, '\n') : text;
  const toText = hasCr ? offsetMap(text) : undefined;
  const at = (i: number) => (toText ? toText[i] : i);
  const lines = new LineIndex(text);
  const entries: EnvEntry[] = [];
  const n = norm.length;
  walkEnv(norm, (m) => {
    const key = m[1];
    const [keyStart, keyEnd] = m.indices![1]!;
    const raw = m[2] ?? '';
    let valueStart: number;
    let valueEnd: number;
    if (m.indices![2]) {
      const [vs, ve] = m.indices![2];
      valueStart = vs + (raw.length - raw.trimStart().length);
      valueEnd = Math.max(valueStart, ve - (raw.length - raw.trimEnd().length));
    } else {
      // No value: just after `=`, or after `:` and the one whitespace character the `: ` form needs.
      let i = keyEnd;
      while (i < n && isSpace(norm.charCodeAt(i))) i++;
      valueStart = valueEnd = norm[i] === '=' ? i + 1 : Math.min(n, keyEnd + 2);
    }
    const start = lines.position(at(keyStart));
    entries.push({
      key,
      value: envValue(raw),
      line: start.line,
      keyRange: { start, end: lines.position(at(keyEnd)) },
      valueRange: { start: lines.position(at(valueStart)), end: lines.position(at(valueEnd)) },
    });
  });
  return entries;
}

/**
 * The comments of a `.env` text as dotenv reads it, as offsets into `text`: a line that starts with `#` (outside a
 * quoted value that spans lines), and the `#…` after an entry's value. A `#` inside quotes is part of the value.
 */
export function envComments(text: string): TextSpan[] {
  const hasCr = text.includes('\r');
  const norm = hasCr ? text.replace(/\r\n?/g, '\n') : text;
  const toText = hasCr ? offsetMap(text) : undefined;
  const at = (i: number) => (toText ? toText[i] : i);
  const out: TextSpan[] = [];
  const toEol = (from: number) => {
    let e = from;
    while (e < norm.length && !isLineTerminator(norm.charCodeAt(e))) e++;
    out.push({ start: at(from), end: at(e) });
  };
  walkEnv(
    norm,
    (m) => {
      // The match ends with `\s*(?:#.*)?`: the first `#` after the value (or the separator) starts the comment.
      const after = m.indices![2]?.[1] ?? m.indices![1]![1];
      const end = m.index + m[0].length;
      const hash = norm.indexOf('#', after);
      if (hash >= 0 && hash < end) toEol(hash);
    },
    (p) => {
      if (norm[p] === '#') toEol(p);
    },
  );
  return out;
}

/** dotenv's value rules: trimmed, outer quotes removed, and `\n`, `\r` turned into breaks inside double quotes. */
function envValue(raw: string): string {
  const trimmed = raw.trim();
  let value = stripQuotes(trimmed);
  if (trimmed[0] === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
  return value;
}

/**
 * What dotenv's `value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')` returns, in linear time (the regex backtracks
 * quadratically on a long line of quotes and line separators): from each line start holding a quote, up to the
 * last same quote that ends a line, the two quotes are dropped; the search goes on after it.
 */
function stripQuotes(s: string): string {
  const last: Record<string, number> = { "'": -1, '"': -1, '`': -1 };
  for (let j = 0; j < s.length; j++) {
    const ch = s[j];
    if ((ch === "'" || ch === '"' || ch === '`') && (j + 1 === s.length || isLineTerminator(s.charCodeAt(j + 1))))
      last[ch] = j;
  }
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length;) {
    const q = s[i];
    if ((q === "'" || q === '"' || q === '`') && last[q] > i) {
      out += s.slice(copied, i) + s.slice(i + 1, last[q]);
      copied = last[q] + 1;
      i = lineStartFrom(s, copied);
    } else {
      i = lineStartFrom(s, i + 1);
    }
  }
  return out + s.slice(copied);
}

/** For each offset in the CRLF/CR-normalised text (and its end), the offset in the original. */
function offsetMap(text: string): Int32Array {
  const map = new Int32Array(text.length + 1);
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    map[k++] = i;
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i++;
  }
  map[k] = text.length;
  return map.subarray(0, k + 1);
}

/** The values a `.env` text sets, the last of a repeated key winning, as dotenv's parse returns them. */
export function envValues(text: string): Map<string, string> {
  return new Map(parseEnvFile(text).map((e) => [e.key, e.value]));
}

const EXAMPLE = /\.(example|sample|template|dist|defaults?|schema)$|^\.env\.(example|sample|template)\b/i;

export function isEnvFileName(base: string): boolean {
  return base === '.env' || base.startsWith('.env.');
}

export function isExampleEnvName(base: string): boolean {
  return EXAMPLE.test(base);
}

export type EnvQuote = { ok: true; text: string } | { ok: false; reason: string };

const BARE = /^[A-Za-z0-9_./:@%+,=-]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Writes `value` for a `KEY=…` line of a `.env` file so that dotenv's parse and a POSIX shell sourcing the file
 * (`. ./.env`) both read back exactly `value`, with nothing expanded; otherwise says why it can't.
 *
 * - Plain words go bare.
 * - Anything without `'` goes in single quotes: literal to both (dotenv lets a single-quoted value span lines, and
 *   takes a `\` before the closing quote as text).
 * - A value with `'` can only go in double quotes. The shell expands `$` and `` ` `` there and gives `\` a meaning
 *   before `$`, `` ` ``, `"`, `\` and a line break; dotenv has no escapes but `\n` and `\r` (so it can't hold `"`
 *   inside them) and keeps every other `\`. No escape works for both, so the value must need none.
 *   Backticks are never used: dotenv reads them as quotes, every shell as command substitution.
 * - A NUL (no shell variable holds one), a CR (dotenv reads every CR as a line break) and broken UTF-16 are refused.
 */
export function quoteEnvValue(value: string): EnvQuote {
  if (value.includes('\0'))
    return { ok: false, reason: 'it contains a NUL character, which no shell variable can hold' };
  if (value.includes('\r'))
    return { ok: false, reason: 'it contains a carriage return, which dotenv reads as a line break' };
  if (LONE_SURROGATE.test(value)) return { ok: false, reason: 'it is not valid Unicode text' };
  if (BARE.test(value)) return { ok: true, text: value };
  if (!value.includes("'")) return { ok: true, text: `'${value}'` };
  if (/["$`]/.test(value)) {
    return {
      ok: false,
      reason: `it holds ' and ${/"/.test(value) ? '"' : /\$/.test(value) ? '$' : '`'}, which no quoting reads back the same in dotenv and a shell`,
    };
  }
  if (/\\([\\nr\n]|$)/.test(value))
    return { ok: false, reason: "it holds ' and a backslash sequence that dotenv and a shell read differently" };
  return { ok: true, text: `"${value}"` };
}

/** Whether a shell can assign the name (`KEY=…`): dotenv also takes `.` and `-`, but a shell runs such a line. */
export function isShellName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
