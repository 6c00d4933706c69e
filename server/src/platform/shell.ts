// A small, generic reader for POSIX shell command strings (npm scripts, Procfile entries, Dockerfile RUN/CMD,
// `child_process.exec` arguments). It is not a shell: it splits a command line into simple commands on
// `&&`, `||`, `;`, `|`, `&` and line breaks (outside quotes), splits each into words with quotes removed,
// drops redirections and leading `VAR=value` assignments, skips here-document bodies, sees through keywords (`then`,
// `do`, `!`) and wrappers (`env`, `sudo`, `exec`, `cross-env`, `npx`, …) to find the program, and reads
// `sh -c '…'` bodies as nested commands. (mvdan-sh and tree-sitter-bash were weighed: a 1.5 MB GopherJS bundle or
// a wasm file to ship, for command lines that are mostly one line; this reader keeps the offsets fixes need.)
// Offsets are into the string given to `parseShell`, so callers can cut commands out of it (`removeCommands`).
import { lookupTable } from '../util/table';
import type { TextSpan } from '../util/types';

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '\n' | '(' | ')';

export interface ShellWord {
  /** The word as the program receives it: quotes and escapes removed. */
  text: string;
  /** Offsets of the word in the parsed string (quotes included). */
  start: number;
  end: number;
}

export interface ShellCommand {
  /** Every word of the simple command, redirections excluded, assignments included. */
  words: ShellWord[];
  /** Offsets of the whole simple command in the parsed string, surrounding whitespace excluded. */
  start: number;
  end: number;
  /** Raw text of the simple command. */
  text: string;
  /** Keywords written before the command on its line (`then`, `do`, `! `), not part of `words` or `text`. */
  keywords?: string;
  /** Here-documents the command opens (`cat <<EOF`); their bodies follow the line and are no commands. */
  heredocs?: HereDoc[];
  /** Operator before this command (undefined for the first) and after it (undefined for the last). */
  before?: ShellOperator;
  after?: ShellOperator;
  /** Basename of the program actually run, after assignments and wrappers; undefined for an empty command. */
  program?: string;
  /** The program word as written (`./node_modules/.bin/tsc`, `/usr/bin/git`). */
  programWord?: ShellWord;
  /** Arguments of the program (after the wrappers). */
  args: string[];
  /** `sh -c '…'` / `bash -lc "…"`: the commands of the body, offsets relative to `nestedText`. */
  nested?: ShellCommand[];
  nestedText?: string;
}

export interface HereDoc {
  /** The delimiter word, quotes removed. */
  name: string;
  /** `<<-`: leading tabs are stripped from the body and the delimiter line. */
  stripTabs: boolean;
}

/**
 * The lines of a script (split at line breaks) that are here-document bodies or their delimiter lines, for readers
 * that take a script line by line: `cat <<MSG` … `npm install` … `MSG` is a message, not an install.
 */
export function heredocBodyLines(lines: string[]): Set<number> {
  const out = new Set<number>();
  for (let n = 0; n < lines.length; n++) {
    if (!lines[n].includes('<<')) continue;
    for (const doc of parseShell(lines[n]).flatMap((c) => c.heredocs ?? [])) {
      while (++n < lines.length) {
        out.add(n);
        const l = lines[n].replace(/\r$/, '');
        if ((doc.stripTabs ? l.replace(/^\t+/, '') : l) === doc.name) break;
      }
    }
  }
  return out;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh']);

/**
 * Splits a command line into simple commands. Never throws; unbalanced quotes run to the end of the string.
 * `onComment` gets the offsets of each comment (`#` at the start of a word, to the line's end; never in quotes or
 * here-document bodies).
 */
export function parseShell(cmd: string, onComment?: (start: number, end: number) => void): ShellCommand[] {
  const out: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let before: ShellOperator | undefined;
  let heredocs: HereDoc[] = [];
  let opened: HereDoc[] = []; // those of the command being read
  let i = 0;
  const n = cmd.length;
  const flush = (op: ShellOperator | undefined) => {
    // `then npm install` (commands are split at `;` and line breaks, not at keywords): the command follows them.
    let k = 0;
    while (k < words.length - 1 && LEADING_KEYWORDS.has(words[k].text)) k++;
    const keywords = k
      ? words
          .slice(0, k)
          .map((w) => w.text)
          .join(' ')
      : undefined;
    words = words.slice(k);
    if (words.length) {
      const start = words[0].start;
      const end = words[words.length - 1].end;
      out.push(
        finish({
          words,
          start,
          end,
          text: cmd.slice(start, end),
          before: out.length ? before : undefined,
          args: [],
          ...(keywords ? { keywords } : {}),
          ...(opened.length ? { heredocs: opened } : {}),
        }),
      );
      before = op;
    } else if (!before || before === '(' || before === ')') {
      // `a &&\n b`: the first operator since the last command joins them; `(a) || b`: `||` does, not `)`.
      before = op;
    }
    words = [];
    opened = [];
  };
  while (i < n) {
    const c = cmd[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && cmd[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      // A comment runs to the end of the line.
      const from = i;
      while (i < n && cmd[i] !== '\n') i++;
      onComment?.(from, cmd[i - 1] === '\r' ? i - 1 : i);
      continue;
    }
    const op = operatorAt(cmd, i);
    if (op) {
      flush(op.op);
      i += op.length;
      // Here-document bodies start on the next line: they are data (or a script fed to a program), not commands.
      if (op.op === '\n' && heredocs.length) {
        i = skipHeredocBodies(cmd, i, heredocs);
        heredocs = [];
      }
      continue;
    }
    const redirect = /^\d*(>>|>&|<<<|<<|<>|>\||&>>|&>|>|<)/.exec(cmd.slice(i, i + 5));
    if (redirect) {
      i += redirect[0].length;
      if (redirect[1] === '<<') {
        // `<<EOF`, `<<-EOF` (leading tabs stripped from the body), `<< 'EOF'`: the delimiter word, quotes removed.
        const stripTabs = cmd[i] === '-';
        if (stripTabs) i++;
        while (i < n && (cmd[i] === ' ' || cmd[i] === '\t')) i++;
        const w = readWord(cmd, i);
        if (w.text) {
          heredocs.push({ name: w.text, stripTabs });
          opened.push({ name: w.text, stripTabs });
        }
        i = w.end;
        continue;
      }
      // The target of the redirection (`> out.log`, `2>&1`) is not an argument.
      while (i < n && (cmd[i] === ' ' || cmd[i] === '\t')) i++;
      i = readWord(cmd, i).end;
      continue;
    }
    const w = readWord(cmd, i);
    if (w.end === i) {
      i++;
      continue;
    }
    words.push(w);
    i = w.end;
  }
  flush(undefined);
  // The operator after the last command is whatever ended it; only keep operators between commands.
  for (let k = 0; k < out.length; k++) out[k].after = out[k + 1]?.before;
  return out;
}

/** The comments of a shell script (or command line), as offsets: see parseShell. */
export function shellComments(script: string): TextSpan[] {
  const out: TextSpan[] = [];
  parseShell(script, (start, end) => out.push({ start, end }));
  return out;
}

/** Past the bodies of the here-documents opened on the line that ended at `i`, each up to its delimiter line. */
function skipHeredocBodies(s: string, i: number, docs: HereDoc[]): number {
  for (const doc of docs) {
    while (i < s.length) {
      let eol = s.indexOf('\n', i);
      if (eol < 0) eol = s.length;
      let from = i;
      if (doc.stripTabs) while (from < eol && s[from] === '\t') from++;
      const to = eol > from && s[eol - 1] === '\r' ? eol - 1 : eol;
      i = eol + 1;
      if (s.slice(from, to) === doc.name) break;
    }
  }
  return Math.min(i, s.length);
}

function operatorAt(s: string, i: number): { op: ShellOperator; length: number } | undefined {
  const two = s.slice(i, i + 2);
  if (two === '&&' || two === '||') return { op: two, length: 2 };
  if (two === ';;') return { op: ';', length: 2 };
  const c = s[i];
  if (c === ';' || c === '\n') return { op: c, length: 1 };
  if (c === '|') return { op: '|', length: s[i + 1] === '&' ? 2 : 1 };
  if (c === '&' && s[i + 1] !== '>') return { op: '&', length: 1 };
  if (c === '(' || c === ')') return { op: c, length: 1 };
  return undefined;
}

/**
 * One word starting at `i`: quotes, escapes, `$(…)`, `${…}` and backticks stay inside it. Plain runs are copied by
 * slice, not character by character: a 1 MB word built with `+=` per character took a quarter of a second.
 */
function readWord(s: string, i: number): ShellWord {
  const start = i;
  let text = '';
  let run = i; // start of the plain characters not yet copied into text
  while (i < s.length) {
    const c = s[i];
    if (
      c === ' ' ||
      c === '\t' ||
      c === '\n' ||
      c === '\r' ||
      c === ';' ||
      c === '|' ||
      c === '<' ||
      c === '>' ||
      c === '(' ||
      c === ')'
    )
      break;
    if (c === '&') break;
    if (c !== '\\' && c !== "'" && c !== '"' && c !== '`' && !(c === '$' && (s[i + 1] === '(' || s[i + 1] === '{'))) {
      i++;
      continue;
    }
    text += s.slice(run, i);
    if (c === '\\') {
      if (s[i + 1] !== '\n') text += s[i + 1] ?? '';
      i += 2;
    } else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      const end = close < 0 ? s.length : close;
      text += s.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      let from = i;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) {
          text += s.slice(from, i) + s[i + 1];
          i += 2;
          from = i;
          continue;
        }
        if (s[i] === '$' && s[i + 1] === '(') {
          const e = skipParens(s, i + 1);
          text += s.slice(from, e);
          i = e;
          from = i;
          continue;
        }
        i++;
      }
      text += s.slice(from, Math.min(i, s.length));
      i++;
    } else {
      // `$(…)`, `${…}`, backticks: kept whole.
      const e = c === '`' ? skipTo(s, i + 1, '`') : s[i + 1] === '(' ? skipParens(s, i + 1) : skipTo(s, i + 2, '}');
      text += s.slice(i, e);
      i = e;
    }
    run = i;
  }
  if (run < i) text += s.slice(run, Math.min(i, s.length));
  return { text, start, end: Math.min(i, s.length) };
}

function skipParens(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i + 1;
    else if (s[i] === "'") {
      const e = s.indexOf("'", i + 1);
      i = e < 0 ? s.length : e;
    }
  }
  return s.length;
}

function skipTo(s: string, from: number, ch: string): number {
  const e = s.indexOf(ch, from);
  return e < 0 ? s.length : e + 1;
}

/** Wrappers that run their argument as the program, with the options each takes a value for. */
const WRAPPERS: Record<
  string,
  { valueFlags?: string[]; untilDoubleDash?: boolean; skipAssignments?: boolean; subcommands?: string[] }
> = lookupTable({
  env: { valueFlags: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'], skipAssignments: true },
  exec: { valueFlags: ['-a'] },
  command: {},
  builtin: {},
  sudo: {
    valueFlags: [
      '-u',
      '--user',
      '-g',
      '--group',
      '-h',
      '--host',
      '-p',
      '--prompt',
      '-C',
      '-D',
      '--chdir',
      '-U',
      '-r',
      '-t',
    ],
    skipAssignments: true,
  },
  doas: { valueFlags: ['-u', '-C'] },
  nohup: {},
  time: {},
  nice: { valueFlags: ['-n', '--adjustment'] },
  ionice: { valueFlags: ['-c', '-n', '-p'] },
  timeout: { valueFlags: ['-s', '--signal', '-k', '--kill-after'] },
  stdbuf: { valueFlags: ['-i', '-o', '-e'] },
  tini: {},
  'dumb-init': {},
  'su-exec': {},
  gosu: {},
  xargs: { valueFlags: ['-n', '-I', '-L', '-P', '-d', '-E', '-s'] },
  'cross-env': { skipAssignments: true },
  'cross-env-shell': { skipAssignments: true },
  dotenv: { valueFlags: ['-e', '-c', '-v'], untilDoubleDash: true },
  'dotenv-cli': { valueFlags: ['-e', '-c', '-v'], untilDoubleDash: true },
  'env-cmd': { valueFlags: ['-f', '--file', '-e', '--environments', '-r', '--rc-file'] },
  npx: { valueFlags: ['-p', '--package', '-c', '--call', '-w', '--workspace'] },
  pnpx: { valueFlags: ['-p', '--package'] },
  bunx: { valueFlags: ['-p', '--package'] },
});
// `pnpm exec x`, `pnpm dlx x`, `yarn exec x`, `yarn dlx x`, `npm exec -- x`, `bun x x` run `x`.
const EXEC_SUBCOMMANDS: Record<string, string[]> = lookupTable({
  pnpm: ['exec', 'dlx'],
  yarn: ['exec', 'dlx'],
  npm: ['exec', 'x'],
  bun: ['x'],
});

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Basename of a program word: `/usr/bin/git` → "git", `.\\node_modules\\.bin\\tsc.cmd` → "tsc". */
export function programName(word: string): string {
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.replace(/\.(cmd|exe|bat)$/i, '');
}

/**
 * The program a list of words runs and its arguments, seeing through assignments and wrappers
 * (`NODE_ENV=production sudo -E npx tsc -p .` → `tsc`, [`-p`, `.`]). Returns the index of the program word.
 */
export function unwrapCommand(words: string[]): { program?: string; index: number; args: string[] } {
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i])) i++;
  for (let guard = 0; guard < 10 && i < words.length; guard++) {
    const name = programName(words[i]);
    const wrapper = WRAPPERS[name];
    const execSubs = EXEC_SUBCOMMANDS[name];
    if (execSubs && execSubs.includes(words[i + 1] ?? '')) {
      i += 2;
      if (words[i] === '--') i++;
      while (i < words.length && words[i].startsWith('-') && words[i] !== '--') i++;
      if (words[i] === '--') i++;
      continue;
    }
    if (!wrapper) break;
    i++;
    if (wrapper.untilDoubleDash) {
      const dd = words.indexOf('--', i);
      if (dd >= 0) {
        i = dd + 1;
        continue;
      }
    }
    while (i < words.length) {
      const w = words[i];
      if (w === '--') {
        i++;
        break;
      }
      if (w.startsWith('-') && w.length > 1) {
        i += wrapper.valueFlags?.includes(w) ? 2 : 1;
        continue;
      }
      if (wrapper.skipAssignments && ASSIGNMENT.test(w)) {
        i++;
        continue;
      }
      // `timeout 30 cmd`, `nice 10 cmd` take a bare number first.
      if (name === 'timeout' && /^\d/.test(w)) {
        i++;
        continue;
      }
      break;
    }
  }
  if (i >= words.length) return { index: i, args: [] };
  return { program: programName(words[i]), index: i, args: words.slice(i + 1) };
}

function finish(c: ShellCommand): ShellCommand {
  const texts = c.words.map((w) => w.text);
  const { program, index, args } = unwrapCommand(texts);
  c.program = program;
  c.programWord = program ? c.words[index] : undefined;
  c.args = args;
  if (program && SHELLS.has(program)) {
    // sh [-e] -c 'body' [name args…]: the body is a command line of its own.
    for (let k = index + 1; k < c.words.length; k++) {
      const w = c.words[k].text;
      if (isCommandFlag(w)) {
        const body = c.words[k + 1];
        if (body) {
          c.nestedText = body.text;
          c.nested = parseShell(body.text);
        }
        break;
      }
      if (!w.startsWith('-')) break;
    }
  }
  return c;
}

/**
 * `-c`, `-ec`, `-lc`: shell options that include `-c` (the next word is the command line). Tested in two steps:
 * `/^-[a-zA-Z]*c[a-zA-Z]*$/` backtracks over every `c` of a long word.
 */
export function isCommandFlag(word: string, letters: RegExp = /^-[a-zA-Z]+$/): boolean {
  return letters.test(word) && word.includes('c');
}

/**
 * Quotes a word for a POSIX shell, only when it needs it: the shell then reads back exactly `word` as one word,
 * nothing expanded. Bare words hold only characters no shell treats specially, and never look like an assignment
 * (`A=b` first in a command sets a variable) or start with `=` (zsh expands `=ls` to a path). Anything else goes
 * in single quotes, each `'` written as `'\''`. (No shell word holds a NUL: callers write paths and npm names.)
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) && !/^([A-Za-z_][A-Za-z0-9_]*)?=/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Words that open a compound command or negate one, before the command they run (`then cp a b`, `! grep x`). */
const COMPOUND_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** The ones parseShell moves out of a command's words (`time` stays: it is also a wrapper the program is read through). */
const LEADING_KEYWORDS = new Set([...COMPOUND_KEYWORDS].filter((k) => k !== 'time'));

/**
 * The program and arguments of a simple command, also when it follows a keyword on its line (`then cp a b`,
 * where `program` is the keyword): the parser splits at `;` and line breaks, not at keywords.
 */
export function afterKeywords(c: ShellCommand): { program?: string; args: string[] } {
  const words = c.words.map((w) => w.text);
  let k = 0;
  while (k < words.length && COMPOUND_KEYWORDS.has(words[k])) k++;
  if (k === 0) return { program: c.program, args: c.args };
  const { program, args } = unwrapCommand(words.slice(k));
  return { program, args };
}

/** Every command including those nested in `sh -c` bodies, depth first. */
export function allCommands(commands: ShellCommand[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  const visit = (list: ShellCommand[]) => {
    for (const c of list) {
      out.push(c);
      if (c.nested) visit(c.nested);
    }
  };
  visit(commands);
  return out;
}

/** Whether the command's output is piped into the next one (`curl … | sh`). */
export function pipesInto(commands: ShellCommand[], i: number): ShellCommand | undefined {
  return commands[i]?.after === '|' ? commands[i + 1] : undefined;
}

/** Arguments that are not options (`-x`, `--flag`), skipping the values of the given value-taking options. */
export function positionalArgs(args: string[], valueFlags: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (valueFlags.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * The command line without the given top-level commands, each removed with one adjacent `&&` or `;`
 * (`npm install && node server.js` → `node server.js`). Returns undefined when a command cannot be removed
 * without changing what the rest means (it is piped, or joined by `||` or `&`), and '' when nothing is left.
 */
export function removeCommands(
  cmd: string,
  commands: ShellCommand[],
  drop: (c: ShellCommand) => boolean,
): string | undefined {
  const removable = (op: ShellOperator | undefined) => op === undefined || op === '&&' || op === ';' || op === '\n';
  const keep = commands.filter((c) => !drop(c));
  if (keep.length === commands.length) return cmd;
  for (const c of commands) {
    if (drop(c) && (!removable(c.before) || !removable(c.after))) return undefined;
    // `then npm install`: removing it would leave `if …; fi`, which no shell accepts.
    if (drop(c) && c.keywords) return undefined;
  }
  // Subshells and groups: `(a && b) || c` is not a flat list; leave it alone.
  const gaps = [
    cmd.slice(0, commands[0].start),
    ...commands.slice(1).map((c, k) => cmd.slice(commands[k].end, c.start)),
    cmd.slice(commands[commands.length - 1].end),
  ];
  if (gaps.some((g) => /[()]/.test(g.replace(/#.*$/gm, '')))) return undefined;
  if (!keep.length) return '';
  // Rebuild from the kept commands' raw text and the operators that stood between kept neighbours.
  let out = '';
  for (let k = 0; k < keep.length; k++) {
    if (k > 0) {
      const prevIdx = commands.indexOf(keep[k - 1]);
      const curIdx = commands.indexOf(keep[k]);
      // The original text between two adjacent kept commands is kept verbatim (spacing, line breaks).
      if (curIdx === prevIdx + 1) out += cmd.slice(keep[k - 1].end, keep[k].start);
      else {
        const op = keep[k].before === '\n' ? '\n' : (keep[k].before ?? '&&');
        out += op === ';' ? '; ' : op === '\n' ? '\n' : ` ${op} `;
      }
    }
    out += cmd.slice(keep[k].start, keep[k].end);
  }
  return out;
}

/** Whether a simple command is followed by `&` (backgrounded), including a trailing `&` at the end of the line. */
export function isBackgrounded(command: string, list: ShellCommand[], k: number): boolean {
  const c = list[k];
  if (c.after !== undefined) return c.after === '&';
  if (k !== list.length - 1) return false;
  // The parser keeps operators between commands only: look past redirections (`> out.log 2>&1 &`) ourselves.
  const rest = command.slice(c.end).replace(/(?<!\d)\d*(>>|>&|&>>|&>|>|<)\s*("[^"]*"|'[^']*'|[^\s&;|]+)/g, '');
  return /^\s*&(?!&)\s*$/.test(rest);
}
