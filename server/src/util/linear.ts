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
 * Whether `text` matches a glob where `*` stands for any run of characters not in `sep` (one character) and
 * everything else is literal. The regex this replaces (`^a[^:]*b[^:]*c$`) backtracks polynomially in the number of
 * stars; here each `sep`-separated part is matched by finding the pattern's literal pieces leftmost in order (greedy
 * is exact for `*`).
 */
export function globMatch(pattern: string, text: string, opts: { sep?: string } = {}): boolean {
  // Parts between separators match part for part (`*` never crosses one).
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
