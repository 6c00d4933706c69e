// Parses `.env` files with positions. Values follow dotenv's rules (quotes, escapes, inline comments).
import * as dotenv from 'dotenv';
import { lineRange } from '../util/text';
import type { EnvEntry } from '../model/types';

// `[^]*`, not `.*`: a U+2028 in the value made `.*$` fail and retry from each blank before it.
const LINE = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)([^]*)$/;

export function parseEnvFile(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const lines = text.split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i]);
    if (!m) continue;
    const [, lead, key, eq, rawValue] = m;
    let raw = rawValue;
    let lastLine = i;
    // A quoted value may span lines; dotenv supports that for double, single and back quotes.
    const q = raw.trimStart()[0];
    if ((q === '"' || q === "'" || q === '`') && !closesQuote(raw.trimStart(), q)) {
      let j = i + 1;
      while (j < lines.length && !lines[j].includes(q)) j++;
      if (j < lines.length) {
        raw = lines.slice(i, j + 1).join('\n').slice(lead.length + key.length + eq.length);
        lastLine = j;
      }
    }
    const parsed = dotenv.parse(`${key}=${raw}`);
    const value = parsed[key] ?? '';
    const keyStart = lead.length;
    const valueStart = keyStart + key.length + eq.length;
    const valueRange = lastLine === i
      ? lineRange(i, valueStart, valueStart + rawValue.replace(/(?<!\s)\s+#[^]*$/, '').trimEnd().length)
      : { start: { line: i, character: valueStart }, end: { line: lastLine, character: lines[lastLine].length } };
    entries.push({ key, value, line: i, keyRange: lineRange(i, keyStart, keyStart + key.length), valueRange });
    i = lastLine;
  }
  return entries;
}

function closesQuote(s: string, q: string): boolean {
  for (let k = 1; k < s.length; k++) {
    if (s[k] === '\\') k++;
    else if (s[k] === q) return true;
  }
  return false;
}

const EXAMPLE = /\.(example|sample|template|dist|defaults?|schema)$|^\.env\.(example|sample|template)\b/i;

export function isEnvFileName(base: string): boolean {
  return base === '.env' || base.startsWith('.env.');
}

export function isExampleEnvName(base: string): boolean {
  return EXAMPLE.test(base);
}

/** Quotes a value for a .env line so dotenv reads back exactly `value`. */
export function quoteEnvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(value)) return value;
  if (!value.includes('\n')) {
    if (!value.includes("'")) return `'${value}'`;
    if (!value.includes('`')) return `\`${value}\``;
  }
  // dotenv turns \n back into a newline inside double quotes; it has no escape for a quote itself.
  return `"${value.replace(/\n/g, '\\n')}"`;
}
