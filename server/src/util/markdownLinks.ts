// Relative links in Markdown made absolute against a base URL, for Markdown shown away from the repository (SARIF rule
// help on GitHub code scanning, where `../config/x.md` would 404). Rewrites inline link and image destinations
// (`[t](dest "title")`, `[t](<dest>)`), reference definitions (`[id]: dest`) and HTML `href`/`src` attributes; leaves
// fenced code blocks and code spans as they are. Absolute URLs (any scheme) stay as they are.

/** `dest` resolved against `base` when it is relative (a path, `./x`, `#anchor`, `//host`); otherwise unchanged. */
function resolve(dest: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(dest)) return dest;
  try {
    return new URL(dest, base).href;
  } catch {
    return dest;
  }
}

// An inline link's destination: `](` then `<…>` or a run without spaces (balanced parentheses one level deep).
const INLINE = /(\]\(\s*)(<[^<>\n]*>|(?:[^\s()<]|\([^\s()]*\))+)/g;
// A reference definition: up to three spaces, `[label]:`, the destination.
const DEFINITION = /^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^<>\n]*>|\S+)/;
const HTML_ATTRIBUTE = /(<[a-z][^>\n]*?\s(?:href|src)\s*=\s*)(["'])([^"'\n]*)\2/gi;

function rewriteText(text: string, base: string): string {
  const fix = (dest: string) => (dest.startsWith('<') ? `<${resolve(dest.slice(1, -1), base)}>` : resolve(dest, base));
  return text
    .replace(INLINE, (_m, open: string, dest: string) => open + fix(dest))
    .replace(HTML_ATTRIBUTE, (_m, open: string, q: string, dest: string) => `${open}${q}${resolve(dest, base)}${q}`);
}

/** One line outside code blocks: the parts outside code spans rewritten. */
function rewriteLine(line: string, base: string): string {
  const def = DEFINITION.exec(line);
  if (def)
    return (
      def[1] +
      (def[2].startsWith('<') ? `<${resolve(def[2].slice(1, -1), base)}>` : resolve(def[2], base)) +
      line.slice(def[0].length)
    );
  let out = '';
  let i = 0;
  while (i < line.length) {
    const open = line.indexOf('`', i);
    if (open < 0) break;
    const run = /^`+/.exec(line.slice(open))![0];
    // A code span closes at the next backtick run of the same length; without one the backticks are literal.
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    close.lastIndex = open + run.length;
    const end = close.exec(line);
    if (!end) {
      out += rewriteText(line.slice(i, open + run.length), base);
      i = open + run.length;
      continue;
    }
    out += rewriteText(line.slice(i, open), base) + line.slice(open, end.index + run.length);
    i = end.index + run.length;
  }
  return out + rewriteText(line.slice(i), base);
}

export function absoluteLinks(markdown: string, base: string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length && !line.trim().slice(marker.length))
          fence = undefined;
        return line;
      }
      if (marker) {
        fence = marker;
        return line;
      }
      return rewriteLine(line, base);
    })
    .join('\n');
}
