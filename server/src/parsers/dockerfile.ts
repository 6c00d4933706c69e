// A small Dockerfile reader: instructions with positions, continuation lines, here-documents and exec-form detection.
// Linear in the file: each line is read once (continuations are collected, not re-trimmed as they grow), since a
// workspace Dockerfile may be a hostile one of 1 MB of `\` lines. dockerfile-ast was considered: its heredoc support
// is complete, but it is several times slower and grows super-linearly on long lines.
import type { DockerHeredoc, DockerInstruction } from '../core/model';
import { lineRange } from '../util/text';

/** Instructions whose arguments may open here-documents (BuildKit). */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

export function parseDockerfile(text: string): DockerInstruction[] {
  const lines = text.split(/\r?\n|\r/);
  const out: DockerInstruction[] = [];
  let escape = '\\';
  const isComment = (l: string) => l.trimStart().startsWith('#');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const directive = /^#\s*escape\s*=\s*(\S)/i.exec(line);
    if (directive && out.length === 0) escape = directive[1];
    // `[^]*`, not `.*`: with a U+2028 in the line, `.*$` failed and the match was retried for every blank before it.
    const m = /^(\s*)([A-Za-z]+)(\s+|$)([^]*)$/.exec(line);
    if (!m || isComment(line)) continue;
    const [, lead, kw, sp] = m;
    const argsStart = lead.length + kw.length + sp.length;
    // Continuation lines: a line whose last non-blank character is the escape character goes on with the next one.
    // Comment lines inside are dropped (as Docker does); a blank line ends the instruction.
    const parts: string[] = [];
    let cur = m[4];
    let last = i;
    for (;;) {
      const trimmed = cur.trimEnd();
      if (!trimmed.endsWith(escape) || last + 1 >= lines.length) {
        parts.push(cur);
        break;
      }
      parts.push(trimmed.slice(0, -1));
      last++;
      while (isComment(lines[last]) && last + 1 < lines.length) last++;
      if (isComment(lines[last])) {
        parts.push(escape); // a comment as the file's last line: the escape stays, as before
        break;
      }
      cur = ' ' + lines[last].trim();
    }
    const args = parts.join('');
    const keyword = kw.toUpperCase();
    const exec = execForm(args);
    const ins: DockerInstruction = {
      keyword,
      args: args.trim(),
      exec,
      range: { start: { line: i, character: lead.length }, end: { line: last, character: lines[last].length } },
      argsRange: lineRange(i, argsStart, line.length),
    };
    if (HEREDOC_KEYWORDS.has(keyword) && !exec && args.includes('<<')) {
      const found = readHeredocs(args, lines, last + 1);
      if (found.heredocs.length) {
        ins.heredocs = found.heredocs;
        last = found.last;
      }
    }
    out.push(ins);
    i = last;
  }
  return out;
}

/** `<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<'EOF'` as a word of the arguments. */
const HEREDOC_WORD = /^\d*<<(-?)(?:"([^"<]+)"|'([^'<]+)'|([^"'<]+))$/;

/**
 * The here-documents an instruction opens, in order, each body starting on the line after the previous one's
 * delimiter (the first after the instruction). A body without its delimiter line runs to the end of the file,
 * where Docker would refuse the build.
 */
function readHeredocs(args: string, lines: string[], from: number): { heredocs: DockerHeredoc[]; last: number } {
  const heredocs: DockerHeredoc[] = [];
  let next = from;
  for (const word of args.split(/\s+/)) {
    const m = HEREDOC_WORD.exec(word);
    if (!m || next >= lines.length) continue;
    const name = m[2] ?? m[3] ?? m[4];
    const stripTabs = m[1] === '-';
    let j = next;
    while (j < lines.length && (stripTabs ? lines[j].replace(/^\t+/, '') : lines[j]) !== name) j++;
    const bodyEnd = j - 1; // the body's last line; next - 1 for an empty body
    const range = bodyEnd >= next
      ? { start: { line: next, character: 0 }, end: { line: bodyEnd, character: lines[bodyEnd].length } }
      : { start: { line: next, character: 0 }, end: { line: next, character: 0 } };
    heredocs.push({ name, body: lines.slice(next, bodyEnd + 1).join('\n'), range });
    next = j + 1;
  }
  return { heredocs, last: Math.min(next, lines.length) - 1 };
}

function execForm(args: string): string[] | undefined {
  const t = args.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

export function isDockerfileName(base: string): boolean {
  return /^(Dockerfile|Containerfile)(\..+)?$/.test(base) || /\.(dockerfile|Dockerfile)$/.test(base);
}
