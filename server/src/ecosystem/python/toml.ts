// TOML for the Python readers. Manifests (pyproject.toml, Pipfile) go through toml-eslint-parser, whose syntax tree
// gives every key and value its offsets, so findings and fixes point at the exact entry; lockfiles (uv.lock,
// poetry.lock, pdm.lock), where only values matter and files run to megabytes, through smol-toml, about ten times
// faster. Both stop at the first error; `tolerant` then blanks the offending line (spaces, so offsets hold) and tries
// again, a bounded number of times, so a broken line costs that line and not the file.
import { getStaticTOMLValue, parseTOML, type AST } from 'toml-eslint-parser';
import { parse as parseSmolToml } from 'smol-toml';
import { LineIndex } from '../../util/text';
import type { Range } from '../../util/types';
import type { PyProblem } from './types';

export type TomlPath = readonly (string | number)[];

interface Located {
  /** The last segment of the key (`version` in `requests.version = …`). */
  key?: AST.TOMLNode;
  /** The value; for a table, its header's key. */
  value: AST.TOMLNode;
  /** The whole entry: `key = value`, an array element, a table from its header to its last entry. */
  start: number;
  end: number;
}

/** A parsed manifest: its plain values, and where each key and value is. */
export interface TomlDoc {
  data: Record<string, unknown>;
  lines: LineIndex;
  problems: PyProblem[];
  /** The value at a path (`['project', 'dependencies', 0]`); for a table, its header's key. */
  valueRange(path: TomlPath): Range | undefined;
  /** The key's last segment: `requests` in `requests = "^2"` or in `[tool.poetry.dependencies.requests]`. */
  keyRange(path: TomlPath): Range | undefined;
  /** The whole entry: `key = value`, an array element, a table from its header to its last entry. */
  entryRange(path: TomlPath): Range | undefined;
  /**
   * Offset in the text of the first character of a string value, when the literal spells the value character for
   * character (single-line, no escapes), so parts of the value map to offsets; undefined otherwise.
   */
  stringStart(path: TomlPath): number | undefined;
}

const pathKey = (path: TomlPath) => path.map(String).join('\u0000');

const keyName = (k: AST.TOMLBare | AST.TOMLQuoted) => (k.type === 'TOMLBare' ? k.name : k.value);

function index(ast: AST.TOMLProgram): Map<string, Located> {
  const out = new Map<string, Located>();
  const record = (path: TomlPath, loc: Located) => {
    const k = pathKey(path);
    if (!out.has(k)) out.set(k, loc);
  };
  const value = (node: AST.TOMLContentNode, path: TomlPath) => {
    if (node.type === 'TOMLInlineTable') table(node.body, path);
    else if (node.type === 'TOMLArray')
      node.elements.forEach((el, i) => {
        record([...path, i], { value: el, start: el.range[0], end: el.range[1] });
        value(el, [...path, i]);
      });
  };
  const table = (body: readonly AST.TOMLKeyValue[], prefix: TomlPath) => {
    for (const kv of body) {
      const segs = kv.key.keys;
      // A dotted key (`requests.version = "^2"`) also stands for the tables it opens: the first entry locates them.
      segs.forEach((seg, i) => {
        const path = [...prefix, ...segs.slice(0, i + 1).map(keyName)];
        record(path, { key: seg, value: kv.value, start: kv.range[0], end: kv.range[1] });
      });
      value(kv.value, [...prefix, ...segs.map(keyName)]);
    }
  };
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') table([item], []);
    else {
      const segs = item.key.keys;
      record(item.resolvedKey, {
        key: segs[segs.length - 1],
        value: item.key,
        start: item.range[0],
        end: item.range[1],
      });
      table(item.body, item.resolvedKey);
    }
  }
  return out;
}

/** `ParseError` (toml-eslint-parser: `index`) or `TomlError` (smol-toml: 1-based `line`, `column`) → an offset. */
function errorOffset(e: unknown, text: string): number | undefined {
  const err = e as { index?: unknown; line?: unknown; column?: unknown };
  if (typeof err?.index === 'number') return Math.min(err.index, text.length);
  if (typeof err?.line === 'number' && typeof err.column === 'number') {
    let offset = 0;
    for (let line = 1; line < err.line; line++) {
      const nl = text.indexOf('\n', offset);
      if (nl < 0) return text.length;
      offset = nl + 1;
    }
    return Math.min(offset + err.column - 1, text.length);
  }
  return undefined;
}

const errorMessage = (e: unknown) =>
  String((e as Error)?.message ?? e)
    .split('\n')[0]
    .replace(/^Invalid TOML document: /, '')
    .replace(/\.$/, '');

/** Git's conflict markers: a lockfile merged without resolving them. */
const CONFLICT = /^(?:<{7}|={7}|>{7}|\|{7})(?: |$)/;

/** [start, end) of the line holding `offset`, line break excluded; costs the line's length. */
function lineBounds(text: string, offset: number): [number, number] {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return [start, end];
}

/** `text` with the given [start, end) spans replaced by as many spaces, so every offset still holds. */
function blank(text: string, spans: readonly [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + ' '.repeat(end - start);
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Parses with `parse`, blanking the line of each error and retrying up to `maxRetries` times. Conflict markers and a
 * byte-order mark are blanked first. Every problem has the range of what was skipped; `result` is undefined when
 * nothing parsed.
 */
export function tolerant<T>(
  text: string,
  parse: (text: string) => T,
  maxRetries: number,
): { result?: T; problems: PyProblem[]; lines: LineIndex } {
  const lines = new LineIndex(text);
  const problems: PyProblem[] = [];
  const conflicts: [number, number][] = text.charCodeAt(0) === 0xfeff ? [[0, 1]] : [];
  for (let offset = 0; offset <= text.length;) {
    const [start, end] = lineBounds(text, offset);
    if (CONFLICT.test(text.slice(start, Math.min(end, start + 8)))) conflicts.push([start, end]);
    offset = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
  }
  const marker = conflicts.find(([s]) => s > 0 || text.charCodeAt(0) !== 0xfeff);
  if (marker)
    problems.push({
      message: 'Unresolved merge conflict markers: both sides are read.',
      range: lines.range(...marker),
    });
  let t = conflicts.length ? blank(text, conflicts) : text;
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    try {
      return { result: parse(t), problems, lines };
    } catch (e) {
      const at = errorOffset(e, t);
      if (at === undefined) {
        // Not a syntax error: toml-eslint-parser spreads a string's characters into one call, which overflows the
        // stack past ~100k characters. No real manifest has such a string; read nothing rather than crash.
        problems.push({
          message: `The TOML reader failed (${errorMessage(e)}): nothing in this file is read.`,
          range: lines.range(0, 0),
        });
        return { problems, lines };
      }
      // An error at a blank line (an unclosed array at the end of the file) blames the last line with text before it.
      let [start, end] = lineBounds(t, at);
      while (start > 0 && !t.slice(start, end).trim()) [start, end] = lineBounds(t, start - 1);
      const message = `TOML syntax error (${errorMessage(e)})`;
      if (!t.slice(start, end).trim()) {
        problems.push({ message: `${message}: nothing in this file is read.`, range: lines.range(at, at) });
        return { problems, lines };
      }
      problems.push({ message: `${message}: this line is skipped.`, range: lines.range(start, end) });
      t = blank(t, [[start, end]]);
    }
  }
  const first = problems.find((p) => p.message.startsWith('TOML syntax error'));
  problems.push({
    message: 'Too many TOML syntax errors: nothing in this file is read.',
    range: first?.range ?? lines.range(0, 0),
  });
  return { problems, lines };
}

/** Retries for a manifest: each costs one parse of a small file. */
const MANIFEST_RETRIES = 40;

/** A manifest (pyproject.toml, Pipfile) with positions. Never throws on bad TOML. */
export function parseTomlManifest(text: string): TomlDoc {
  const { result: ast, problems, lines } = tolerant(text, (t) => parseTOML(t), MANIFEST_RETRIES);
  const located = ast ? index(ast) : new Map<string, Located>();
  const raw = ast ? getStaticTOMLValue(ast) : {};
  const data = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const at = (path: TomlPath) => located.get(pathKey(path));
  const rangeOf = (node: AST.TOMLNode | undefined) => node && lines.range(node.range[0], node.range[1]);
  return {
    data,
    lines,
    problems,
    valueRange: (path) => rangeOf(at(path)?.value),
    keyRange: (path) => rangeOf(at(path)?.key),
    entryRange: (path) => {
      const loc = at(path);
      return loc && lines.range(loc.start, loc.end);
    },
    stringStart: (path) => {
      const v = at(path)?.value;
      if (v?.type !== 'TOMLValue' || v.kind !== 'string' || v.multiline) return undefined;
      const inner = text.slice(v.range[0] + 1, v.range[1] - 1);
      return inner === v.value ? v.range[0] + 1 : undefined;
    },
  };
}

/** Retries for a lockfile: each parses a possibly large file, and lockfiles break mostly at conflict markers. */
const LOCK_RETRIES = 8;

/** A lockfile's values (no positions). Never throws on bad TOML. */
export function parseTomlData(text: string): { data: Record<string, unknown>; problems: PyProblem[] } {
  const { result, problems } = tolerant(text, (t) => parseSmolToml(t), LOCK_RETRIES);
  return { data: (result as Record<string, unknown> | undefined) ?? {}, problems };
}

/** The value at `path` in plain TOML data, or undefined (never reads through a non-object). */
export function getPath(data: unknown, path: TomlPath): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** An object's own entries, or none for any other value. */
export function tableEntries(v: unknown): [string, unknown][] {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
    ? Object.entries(v as Record<string, unknown>)
    : [];
}
