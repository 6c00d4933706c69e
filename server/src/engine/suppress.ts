// `twelve-factor-disable-next-line [rule-id …]` in a `//`, `/* */` or `#` comment silences the next line.
const DIRECTIVE = /(?:\/\/|\/\*|#)\s*twelve-factor-disable-next-line\b([^\r\n*]*)/g;

/** Line (0-based) that is silenced → the rule ids, or '*' for all rules. */
export type Suppressions = Map<number, Set<string> | '*'>;

export function parseSuppressions(text: string): Suppressions | undefined {
  if (!text.includes('twelve-factor-disable-next-line')) return undefined;
  const result: Suppressions = new Map();
  for (const m of text.matchAll(DIRECTIVE)) {
    const line = countLines(text, m.index ?? 0) + 1;
    const ids = m[1].split(/[\s,]+/).filter((s) => s.includes('/'));
    if (ids.length === 0) result.set(line, '*');
    else {
      const prev = result.get(line);
      if (prev === '*') continue;
      result.set(line, new Set([...(prev ?? []), ...ids]));
    }
  }
  return result;
}

export function isSuppressed(s: Suppressions | undefined, line: number, ruleId: string): boolean {
  const entry = s?.get(line);
  return entry === '*' || (entry instanceof Set && entry.has(ruleId));
}

/** Line breaks before `end`, counted as LineIndex counts them (\n, \r\n and a lone \r). */
function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}
