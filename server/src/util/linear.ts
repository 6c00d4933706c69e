// Linear-time stand-ins for regexes that backtrack quadratically on workspace text (a long run of `<`, `_` or
// `#` tried from every offset). Each says which regex it replaces; results are the same.

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/g;

/** Index just past the last line terminator (where `.` can no longer be stopped), or 0. */
function afterLastTerminator(s: string): number {
  let last = -1;
  LINE_TERMINATOR.lastIndex = 0;
  for (let m = LINE_TERMINATOR.exec(s); m; m = LINE_TERMINATOR.exec(s)) last = m.index;
  return last + 1;
}

/**
 * `s.replace(/[chars].*$/, '')`: cuts at the first of `chars` that only non-terminators follow.
 * With `keepOne`, `s.replace(/(.)[chars].*$/, '$1')`: the character cut at must not be the first of its line.
 */
export function cutTail(s: string, chars: string, keepOne = false): string {
  const from = afterLastTerminator(s) + (keepOne ? 1 : 0);
  for (let i = from; i < s.length; i++) if (chars.includes(s[i])) return s.slice(0, i);
  return s;
}

/** `s.replace(/^c+|c+$/g, '')` for one character `c`. */
export function trimChar(s: string, c: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === c) start++;
  while (end > start && s[end - 1] === c) end--;
  return s.slice(start, end);
}

/** `/<[^>]*>/.test(s)`: some `<` has a `>` after it. */
export function hasAngleBracketed(s: string): boolean {
  const lt = s.indexOf('<');
  return lt >= 0 && s.lastIndexOf('>') > lt;
}

/** `/\$\{[^}]*\}/.test(s)`: some `${` is closed by a `}`. */
export function hasDollarBrace(s: string): boolean {
  const open = s.indexOf('${');
  return open >= 0 && s.indexOf('}', open + 2) >= 0;
}

/** `/\{\{[^}]*\}\}/.test(s)`: a `{{` whose first `}` is doubled. Every `{{` before one `}` shares it, so each `}` is seen once. */
export function hasDoubleBrace(s: string): boolean {
  let open = s.indexOf('{{');
  while (open >= 0) {
    const close = s.indexOf('}', open + 2);
    if (close < 0) return false;
    if (s[close + 1] === '}') return true;
    open = s.indexOf('{{', close + 1);
  }
  return false;
}

/**
 * Whether `text` matches a glob: `*` stands for any run of characters not in `sep`; with `question`, `?` for any
 * one such character and `[a-z]`/`[^a-z]` for one of (or none of) a set. Everything else is literal. The regexes
 * this replaces (`^a[^:]*b[^:]*c$`, `^.*x.*y$`) backtrack polynomially in the number of stars. Without `question`,
 * each `sep`-separated part is matched by finding the pattern's literal pieces leftmost in order (greedy is exact
 * for `*`); with it, by dynamic programming, O(pattern × text), for the short texts it is used on.
 */
export function globMatch(pattern: string, text: string, opts: { sep?: string; question?: boolean } = {}): boolean {
  if (opts.question) return globDp(globTokens(pattern), text, opts.sep ?? '');
  // Parts between separators match part for part (`*` never crosses one); here `sep` is one character.
  const pp = opts.sep ? pattern.split(opts.sep) : [pattern];
  const tp = opts.sep ? text.split(opts.sep) : [text];
  return pp.length === tp.length && pp.every((p, i) => starMatch(p, tp[i]));
}

function starMatch(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === text;
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (first.length + last.length > text.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const found = text.indexOf(pieces[k], at);
    if (found < 0 || found + pieces[k].length > end) return false;
    at = found + pieces[k].length;
  }
  return true;
}

type GlobToken = '*' | '?' | { ch: string } | { neg: boolean; set: string; ranges: [string, string][] };

/** `*`, `?`, `[…]` (an unclosed `[` is literal) and literal characters. */
function globTokens(pattern: string): GlobToken[] {
  const out: GlobToken[] = [];
  const lastClose = pattern.lastIndexOf(']');
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' || c === '?') out.push(c);
    else if (c === '[' && lastClose >= i + 2) {
      const close = pattern.indexOf(']', i + 2);
      let body = pattern.slice(i + 1, close);
      const neg = body.startsWith('^');
      if (neg) body = body.slice(1);
      const ranges: [string, string][] = [];
      let set = '';
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          ranges.push([body[k], body[k + 2]]);
          k += 2;
        } else set += body[k];
      }
      out.push({ neg, set, ranges });
      i = close;
    } else out.push({ ch: c });
  }
  return out;
}

function globDp(tokens: GlobToken[], text: string, sep: string): boolean {
  const m = tokens.length;
  // row[j]: tokens[0..j) match the text read so far.
  let row = new Uint8Array(m + 1);
  row[0] = 1;
  for (let j = 1; j <= m && tokens[j - 1] === '*'; j++) row[j] = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const free = !sep.includes(c);
    const next = new Uint8Array(m + 1);
    for (let j = 1; j <= m; j++) {
      const t = tokens[j - 1];
      let ok: boolean;
      if (t === '*') ok = !!next[j - 1] || (free && !!row[j]);
      else if (t === '?') ok = free && !!row[j - 1];
      else if ('ch' in t) ok = t.ch === c && !!row[j - 1];
      else ok = !!row[j - 1] && (t.set.includes(c) || t.ranges.some(([a, b]) => a <= c && c <= b)) !== t.neg;
      next[j] = ok ? 1 : 0;
    }
    row = next;
  }
  return row[m] === 1;
}
