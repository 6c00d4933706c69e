// `ENV` and `ARG` variables of a Dockerfile with the file offsets of their values, for findings and edits.
import type { Dockerfile } from '../core/model';
import { LineIndex } from '../util/text';

export interface DockerVar {
  keyword: 'ENV' | 'ARG';
  key: string;
  /** Unquoted value; undefined for `ARG NAME` without a default. */
  value?: string;
  /** File offsets of the value as written (quotes included). */
  valueStart: number;
  valueEnd: number;
  /** Index of the FROM stage the instruction belongs to (-1 before the first FROM). */
  stage: number;
}

interface Token { text: string; raw: string; start: number; end: number }

/** Splits instruction arguments like the Dockerfile shell-ish lexer: quotes group, `\`+newline is blank. */
function tokenize(src: string, base: number, escape: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    // (The line break is looked at in place: slicing the rest of the text at every escape made this quadratic.)
    while (i < src.length && (/\s/.test(src[i]) || (src[i] === escape && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))))) i++;
    if (i >= src.length) break;
    const start = i;
    let text = '';
    while (i < src.length && !/\s/.test(src[i])) {
      const c = src[i];
      if (c === '"' || c === "'") {
        const close = src.indexOf(c, i + 1);
        const end = close < 0 ? src.length : close;
        text += src.slice(i + 1, end);
        i = end + 1;
      } else if (c === escape && i + 1 < src.length && !/\s/.test(src[i + 1])) {
        text += src[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    out.push({ text, raw: src.slice(start, Math.min(i, src.length)), start: base + start, end: base + Math.min(i, src.length) });
  }
  return out;
}

export function dockerVars(df: Dockerfile, text: string): DockerVar[] {
  const lines = new LineIndex(text);
  const escape = /^#\s*escape\s*=\s*`/im.test(text.split(/\r?\n/, 5).join('\n')) ? '`' : '\\';
  const out: DockerVar[] = [];
  let stage = -1;
  for (const ins of df.instructions) {
    if (ins.keyword === 'FROM') stage++;
    if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
    const argsStart = lines.offset(ins.argsRange.start);
    const end = lines.offset({ line: ins.range.end.line, character: ins.range.end.character });
    const tokens = tokenize(text.slice(argsStart, end), argsStart, escape);
    if (!tokens.length) continue;
    const keyword = ins.keyword;
    if (keyword === 'ENV' && !tokens[0].text.includes('=')) {
      // Legacy `ENV KEY value with spaces`: everything after the key is the value.
      const key = tokens[0].text;
      const rest = tokens.slice(1);
      if (!rest.length) continue;
      out.push({ keyword, key, value: rest.map((t) => t.text).join(' '), valueStart: rest[0].start, valueEnd: rest[rest.length - 1].end, stage });
      continue;
    }
    for (const t of tokens) {
      const eq = t.raw.indexOf('=');
      if (eq < 0) {
        if (keyword === 'ARG') out.push({ keyword, key: t.text, valueStart: t.end, valueEnd: t.end, stage });
        continue;
      }
      const key = t.raw.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) continue;
      out.push({ keyword, key, value: t.text.slice(t.text.indexOf('=') + 1), valueStart: t.start + eq + 1, valueEnd: t.end, stage });
    }
  }
  return out;
}
