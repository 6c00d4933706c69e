// The Dockerfile reader, on dockerfile-ast (the parser behind the Docker language server): parser directives only at
// the top of the file, continuation lines (comment and blank lines inside skipped, as BuildKit does), here-documents,
// ENV/ARG properties with their value ranges and FROM images. On top of it, the shape the rules share: one
// `DockerInstruction` per instruction, its arguments joined as before (continuation lines joined with a space, so
// messages quoting a command do not change) and ranges that end before any here-document body.
// dockerfile-ast is linear but slow on hostile files (about 3 s per MB of one-word arguments), hence the Dockerfile
// read limit in model/discover.ts.
import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import type { DockerHeredoc, DockerInstruction, DockerVarDef } from '../core/model';
import { LineIndex, lineRange } from '../util/text';
import type { TextSpan } from '../util/types';
import { shellComments } from './shell';

/** Instructions whose arguments may open here-documents (BuildKit). */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

interface AstHeredoc {
  getName(): string;
  getContentRange(): { start: { line: number }; end: { line: number } } | null;
  getDelimiterRange(): { start: { line: number } } | null;
}
interface AstProperty {
  getName(): string;
  getValue(): string | null;
  getValueRange(): DockerVarDef['valueRange'] | null;
}

export function parseDockerfile(text: string): DockerInstruction[] {
  return instructionsOf(DockerfileParser.parse(maskFalseHeredocs(text)), text.split(/\r?\n|\r/));
}

function instructionsOf(df: Dockerfile, lines: string[]): DockerInstruction[] {
  const esc = df.getEscapeCharacter();
  const out: DockerInstruction[] = [];
  for (const node of df.getInstructions()) {
    const ins = toInstruction(node, lines, esc);
    if (ins) out.push(ins);
  }
  return out;
}

/** Instructions whose shell form runs its arguments with a shell, where `# …` after the command is a comment. */
const SHELL_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/**
 * The comments of a Dockerfile, as offsets: Docker's own (a line starting with `#`, parser directives and
 * here-document bodies excepted), and the shell's: `# …` after a shell-form RUN, CMD or ENTRYPOINT command, and in
 * a RUN here-document that is a shell script. Trailing comments are read only with the default escape character,
 * the shell's `\`.
 */
export function dockerfileComments(text: string): TextSpan[] {
  const df = DockerfileParser.parse(maskFalseHeredocs(text));
  const index = new LineIndex(text);
  const out = new Map<number, TextSpan>();
  for (const c of df.getComments()) {
    const r = c.getRange();
    const start = index.offset(r.start);
    out.set(start, { start, end: index.offset(r.end) });
  }
  const shell = (from: number, to: number) => {
    for (const c of shellComments(text.slice(from, to)))
      if (!out.has(from + c.start)) out.set(from + c.start, { start: from + c.start, end: from + c.end });
  };
  if (df.getEscapeCharacter() === '\\') {
    for (const ins of instructionsOf(df, text.split(/\r?\n|\r/))) {
      if (!SHELL_KEYWORDS.has(ins.keyword) || ins.exec) continue;
      shell(index.offset(ins.argsRange.start), index.offset(ins.range.end));
      const script = runScript(ins);
      if (script) shell(index.offset(script.range.start), index.offset(script.range.end));
    }
  }
  return [...out.values()].sort((a, b) => a.start - b.start);
}

function toInstruction(node: Instruction, lines: string[], esc: string): DockerInstruction | undefined {
  const first = node.getRange().start.line;
  const line = lines[first] ?? '';
  // A keyword is letters followed by a blank or the line's end (`&& npm install` on its own line is no instruction).
  const m = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(line);
  if (!m) return undefined;
  const keyword = m[2].toUpperCase();
  const argsStart = m[0].length;
  const heredocs = HEREDOC_KEYWORDS.has(keyword) ? readHeredocs(node, lines) : [];
  // The instruction's own lines end before its first here-document body (or delimiter).
  let last = node.getRange().end.line;
  if (heredocs.length) last = heredocs[0].firstLine - 1;
  last = Math.max(first, Math.min(last, lines.length - 1));
  const args = joinArgs(lines, first, argsStart, last, esc);
  const exec = execForm(args);
  const ins: DockerInstruction = {
    keyword,
    args: args.trim(),
    exec,
    range: { start: { line: first, character: m[1].length }, end: { line: last, character: lines[last].length } },
    argsRange: lineRange(first, argsStart, line.length),
  };
  if (heredocs.length && !exec) ins.heredocs = heredocs.map((h) => h.heredoc);
  if (keyword === 'ENV' || keyword === 'ARG') ins.vars = varsOf(node);
  // (The node is a plain Instruction when dockerfile-ast did not take the keyword as one: `\uFEFFFROM`.)
  const from = node as unknown as { getImage?(): string | null; getBuildStage?(): string | null };
  if (keyword === 'FROM') ins.from = { image: from.getImage?.() ?? '', stage: from.getBuildStage?.() ?? undefined };
  return ins;
}

/**
 * The arguments as one string: the first line after the keyword, then each continuation line trimmed and joined
 * with a space, the escape character ending a line removed. Comment and blank lines inside are skipped.
 */
function joinArgs(lines: string[], first: number, argsStart: number, last: number, esc: string): string {
  let out = '';
  let cur = lines[first].slice(argsStart);
  for (let j = first + 1; j <= last; j++) {
    const t = lines[j].trim();
    if (t === '' || t.startsWith('#')) continue;
    const done = cur.trimEnd();
    out += done.endsWith(esc) ? done.slice(0, -1) : done;
    cur = ' ' + t;
  }
  return out + cur;
}

function readHeredocs(node: Instruction, lines: string[]): { heredoc: DockerHeredoc; firstLine: number }[] {
  const list = (node as unknown as { getHeredocs?(): AstHeredoc[] }).getHeredocs?.() ?? [];
  const out: { heredoc: DockerHeredoc; firstLine: number }[] = [];
  for (const h of list) {
    const content = h.getContentRange();
    const delim = h.getDelimiterRange();
    if (!content && !delim) continue; // `<<EOF` as the file's last line: nothing follows
    const start = content ? content.start.line : delim!.start.line;
    const bodyEnd = content ? Math.min(content.end.line, lines.length - 1) : start - 1;
    const range =
      bodyEnd >= start
        ? { start: { line: start, character: 0 }, end: { line: bodyEnd, character: lines[bodyEnd].length } }
        : { start: { line: start, character: 0 }, end: { line: start, character: 0 } };
    out.push({
      heredoc: { name: h.getName(), body: lines.slice(start, bodyEnd + 1).join('\n'), range },
      firstLine: start,
    });
  }
  return out;
}

/**
 * The text with `<<` blanked where BuildKit opens no here-document but dockerfile-ast would: inside quotes
 * (`RUN echo "a <<EOF"`) and in exec form (`RUN ["sh", "-c", "cat <<EOF"]`), on a RUN/COPY/ADD line. Same length,
 * so positions hold; only the parser sees it (arguments and bodies are read from the original lines).
 */
function maskFalseHeredocs(text: string): string {
  if (!text.includes('<<')) return text;
  return text.replace(/^([ \t]*(?:RUN|COPY|ADD)[ \t]+)([^\r\n]*<<[^\r\n]*)$/gim, (_m, head: string, rest: string) => {
    if (/^\[[^]*\]\s*$/.test(rest.trim())) return head + rest.replace(/<</g, '  ');
    let out = '';
    let quote = '';
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i];
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && quote === '"') {
          out += c + (rest[i + 1] ?? '');
          i++;
          continue;
        }
        if (c === '<' && rest[i + 1] === '<') {
          out += '  ';
          i++;
          continue;
        }
      } else if (c === '"' || c === "'") quote = c;
      out += c;
    }
    return head + out;
  });
}

function varsOf(node: Instruction): DockerVarDef[] {
  const props = (node as unknown as { getProperties?(): AstProperty[] }).getProperties?.() ?? [];
  const out: DockerVarDef[] = [];
  for (const p of props) {
    const valueRange = p.getValueRange();
    const value = p.getValue();
    out.push(valueRange && value !== null ? { key: p.getName(), value, valueRange } : { key: p.getName() });
  }
  return out;
}

/**
 * The here-document a RUN runs as its shell script: `RUN <<EOF`, `RUN bash <<EOF`, `RUN set -e && sh <<'EOF'` is not
 * one (only a shell, with options, before the here-document). Not `RUN cat > f <<EOF` or `RUN python3 <<EOF`, whose
 * bodies are data or another language.
 */
export function runScript(ins: DockerInstruction): DockerHeredoc | undefined {
  if (ins.keyword !== 'RUN' || ins.exec || ins.heredocs?.length !== 1) return undefined;
  const rest = ins.args.replace(/(?:^|\s)<<-?(?:"[^"]*"|'[^']*'|\S+)/, ' ').trim();
  return rest === '' || /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|a)?sh(?:\s+-[a-z]+)*$/.test(rest)
    ? ins.heredocs[0]
    : undefined;
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
