// Calls of a Python file that run another program, with the command when it is known statically: `subprocess`
// (`run`, `call`, `check_call`, `check_output`, `Popen`, `getoutput`), `os.system`/`os.popen`/`os.exec*`/`os.spawn*p`,
// asyncio's `create_subprocess_exec`/`_shell`, the `sh` package (`sh.convert(…)`, `from sh import ffmpeg`), and
// libraries that run a program (pdfkit, imgkit, pytesseract, pdf2image, ffmpeg-python). Only
// calls bound to those modules count. The command is a literal list's leading strings, a literal command line (or an
// f-string's text up to its first `{…}`), `shlex.split("…")`, or a local name assigned one of those once in the same
// function.
import type { SyntaxNode } from './parse';
import {
  callArgs,
  childrenOf,
  dottedName,
  importBindings,
  resolveName,
  stringValue,
  type CallArgs,
  type PyIndex,
} from './syntax';
import { allCommands, isCommandFlag, parseShell, programName } from '../../platform/shell';
import { lookupTable } from '../../util/table';

export interface PyProcessRun {
  call: SyntaxNode;
  /** The argument holding the command (for ranges), or the call's callee for `sh.ffmpeg(…)`. */
  commandNode: SyntaxNode;
  /** Programs the call runs, as basenames (`/usr/bin/convert` → convert); several for a shell line with `&&`. */
  programs: string[];
  /** Every simple command's words as far as they are literal (for what a program is asked to do). */
  argvs: string[][];
}

/** How a function runs its first argument: a program with its arguments ('file') or a shell command line ('shell'). */
type Mode = 'file' | 'shell' | 'subprocess';
const RUNNERS = lookupTable<{ mode: Mode; arg: number }>({
  'subprocess.run': { mode: 'subprocess', arg: 0 },
  'subprocess.call': { mode: 'subprocess', arg: 0 },
  'subprocess.check_call': { mode: 'subprocess', arg: 0 },
  'subprocess.check_output': { mode: 'subprocess', arg: 0 },
  'subprocess.Popen': { mode: 'subprocess', arg: 0 },
  'subprocess.getoutput': { mode: 'shell', arg: 0 },
  'subprocess.getstatusoutput': { mode: 'shell', arg: 0 },
  'os.system': { mode: 'shell', arg: 0 },
  'os.popen': { mode: 'shell', arg: 0 },
  'os.execvp': { mode: 'file', arg: 0 },
  'os.execvpe': { mode: 'file', arg: 0 },
  'os.execlp': { mode: 'file', arg: 0 },
  'os.execlpe': { mode: 'file', arg: 0 },
  'os.spawnvp': { mode: 'file', arg: 1 },
  'os.spawnlp': { mode: 'file', arg: 1 },
  'asyncio.create_subprocess_exec': { mode: 'file', arg: 0 },
  'asyncio.create_subprocess_shell': { mode: 'shell', arg: 0 },
});
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh']);
/** Attributes of the `sh` module that are not programs. */
const SH_API = new Set(['Command', 'ErrorReturnCode', 'RunningCommand', 'contrib', 'glob', 'pushd', 'bake']);

/**
 * Libraries that run a program to do their work (pdfkit runs wkhtmltopdf, pytesseract tesseract, pdf2image poppler's
 * pdftoppm, ffmpeg-python ffmpeg), unless the file points them at a binary of its own (`configuration(wkhtmltopdf=…)`,
 * `tesseract_cmd = …`, `poppler_path=…`).
 */
const LIBRARY_RUNS = lookupTable<{ program: string; own: RegExp }>({
  'pdfkit.from_string': { program: 'wkhtmltopdf', own: /\bconfiguration\s*\(/ },
  'pdfkit.from_url': { program: 'wkhtmltopdf', own: /\bconfiguration\s*\(/ },
  'pdfkit.from_file': { program: 'wkhtmltopdf', own: /\bconfiguration\s*\(/ },
  'imgkit.from_string': { program: 'wkhtmltoimage', own: /\bconfig\s*\(/ },
  'imgkit.from_url': { program: 'wkhtmltoimage', own: /\bconfig\s*\(/ },
  'imgkit.from_file': { program: 'wkhtmltoimage', own: /\bconfig\s*\(/ },
  'pytesseract.image_to_string': { program: 'tesseract', own: /tesseract_cmd/ },
  'pytesseract.image_to_data': { program: 'tesseract', own: /tesseract_cmd/ },
  'pytesseract.image_to_boxes': { program: 'tesseract', own: /tesseract_cmd/ },
  'pytesseract.image_to_pdf_or_hocr': { program: 'tesseract', own: /tesseract_cmd/ },
  'pdf2image.convert_from_path': { program: 'pdftoppm', own: /poppler_path/ },
  'pdf2image.convert_from_bytes': { program: 'pdftoppm', own: /poppler_path/ },
  'ffmpeg.input': { program: 'ffmpeg', own: /\.run(_async)?\([^)]*\bcmd\s*=/ },
  'ffmpeg.probe': { program: 'ffprobe', own: /\bprobe\([^)]*\bcmd\s*=/ },
});

/** A command as far as the source says it: literal words (undefined where one is not), or a command line. */
type Command = { words: (string | undefined)[] } | { line: string; complete: boolean };

/** Trigger text: a file that runs programs names one of these modules. */
export const PROCESS_TRIGGER = /\b(subprocess|os|asyncio|sh|pdfkit|imgkit|pytesseract|pdf2image|ffmpeg)\b/;

export function pyProcessRuns(text: string, index: PyIndex): PyProcessRun[] {
  if (!PROCESS_TRIGGER.test(text)) return [];
  const bindings = importBindings(text, index.imports);
  const out: PyProcessRun[] = [];
  let optional: Set<string> | undefined;
  for (const call of index.calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee) continue;
    const resolved = resolveName(callee, bindings);
    const library = LIBRARY_RUNS[resolved.replace(/^pytesseract\.pytesseract\./, 'pytesseract.')];
    if (library && bindings.has(callee.split('.')[0])) {
      // `try: import ffmpeg except ImportError: ffmpeg = None`: an optional feature (wger's video checks).
      optional ??= optionalNames(text, index.imports);
      if (!library.own.test(text) && !optional.has(callee.split('.')[0]))
        out.push({ call, commandNode: call, programs: [library.program], argvs: [] });
      continue;
    }
    const runner = RUNNERS[resolved];
    const isSh = !runner && /^sh\.[A-Za-z_]\w*$/.test(resolved) && bindings.has(callee.split('.')[0]);
    if (!runner && !isSh) continue;
    const args = callArgs(text, call);
    // sh.ffmpeg("-i", src) / from sh import ffmpeg; sh.Command("ffmpeg")(…)
    if (isSh) {
      const attr = resolved.slice(3);
      if (attr === 'Command') {
        const p = stringValue(text, args.positional[0]);
        if (p) out.push(run(call, args.positional[0], { words: [p] }));
      } else if (!SH_API.has(attr) && !attr.startsWith('_')) {
        // sh maps `google_chrome` to the program google-chrome.
        out.push(run(call, call.firstChild!, { words: [attr.replace(/_/g, '-')] }));
      }
      continue;
    }
    if (!runner) continue;
    const arg = runner.arg === 0 ? (args.positional[0] ?? args.keywords.get('args')) : args.positional[runner.arg];
    if (!arg) continue;
    const cmd = commandOf(text, arg, call, 0);
    if (!cmd) continue;
    if (runner.mode === 'shell' || (runner.mode === 'subprocess' && shellOption(text, args))) {
      // A list with shell=True runs its first element as the command line.
      const line =
        'line' in cmd ? cmd : cmd.words[0] !== undefined ? { line: cmd.words[0], complete: true } : undefined;
      if (line) out.push(run(call, arg, line));
    } else if ('words' in cmd) out.push(run(call, arg, cmd));
    else if (cmd.complete && !/\s/.test(cmd.line.trim())) out.push(run(call, arg, { words: [cmd.line.trim()] }));
  }
  return out.filter((r) => r.programs.length || r.argvs.length);
}

/** Names bound by imports inside a `try` block. */
function optionalNames(text: string, imports: readonly SyntaxNode[]): Set<string> {
  const inTry = imports.filter((stmt) => {
    for (let p = stmt.parent; p; p = p.parent) {
      if (p.name === 'TryStatement') return true;
      if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition') return false;
    }
    return false;
  });
  return new Set(importBindings(text, inTry).keys());
}

function shellOption(text: string, args: CallArgs): boolean {
  const v = args.keywords.get('shell');
  return !!v && !(v.name === 'Boolean' && text.slice(v.from, v.to) === 'False');
}

function run(call: SyntaxNode, commandNode: SyntaxNode, cmd: Command): PyProcessRun {
  const programs: string[] = [];
  const argvs: string[][] = [];
  const fromLine = (line: string, complete: boolean) => {
    for (const c of allCommands(parseShell(line))) {
      if (!c.program || !c.programWord || (!complete && c.programWord.end >= line.length)) continue;
      programs.push(c.program);
      argvs.push([c.program, ...c.args]);
    }
  };
  if ('line' in cmd) fromLine(cmd.line, cmd.complete);
  else if (cmd.words[0] !== undefined) {
    const program = programName(cmd.words[0]);
    programs.push(program);
    const literal: string[] = [];
    for (const w of cmd.words) {
      if (w === undefined) break;
      literal.push(w);
    }
    argvs.push([program, ...literal.slice(1)]);
    // ["sh", "-c", "ffmpeg …"]
    if (SHELLS.has(program)) {
      const c = cmd.words.findIndex((w, i) => i > 0 && w !== undefined && isCommandFlag(w));
      const body = c > 0 ? cmd.words[c + 1] : undefined;
      if (body !== undefined) fromLine(body, true);
    }
  }
  return { call, commandNode, programs: [...new Set(programs)], argvs };
}

/** What an argument says of the command: a literal list, a command line, `shlex.split(…)`, a name assigned one. */
function commandOf(text: string, node: SyntaxNode, at: SyntaxNode, depth: number): Command | undefined {
  switch (node.name) {
    case 'ArrayExpression':
    case 'TupleExpression': {
      const words: (string | undefined)[] = [];
      for (const k of childrenOf(node)) {
        if (k.name === '[' || k.name === ']' || k.name === '(' || k.name === ')' || k.name === ',') continue;
        words.push(stringValue(text, k));
      }
      return words.length ? { words } : undefined;
    }
    case 'String': {
      const v = stringValue(text, node);
      return v === undefined ? undefined : { line: v, complete: true };
    }
    case 'FormatString':
      return formatPrefix(text, node);
    case 'BinaryExpression': {
      // ["convert", src] + extra
      const left = node.firstChild;
      const op = left?.nextSibling;
      if (!left || !op || text.slice(op.from, op.to) !== '+') return undefined;
      const c = commandOf(text, left, at, depth);
      return c && 'words' in c ? { words: [...c.words, undefined] } : c && 'line' in c ? { ...c, complete: false } : c;
    }
    case 'CallExpression': {
      // shlex.split("exiftool -all= x")
      const callee = dottedName(text, node.firstChild);
      if (callee !== 'shlex.split' && callee !== 'split') return undefined;
      const inner = commandOf(text, callArgs(text, node).positional[0] ?? node, at, depth + 1);
      if (!inner || !('line' in inner)) return undefined;
      const words: (string | undefined)[] = inner.line.trim().split(/\s+/).filter(Boolean);
      // An f-string's last word may continue into its first replacement.
      if (!inner.complete && !/\s$/.test(inner.line)) words[words.length - 1] = undefined;
      return words.length && !/['"\\$`]/.test(inner.line) ? { words } : undefined;
    }
    case 'VariableName':
      return depth < 2 ? assignedCommand(text, text.slice(node.from, node.to), at, depth) : undefined;
  }
  return undefined;
}

/** `f"exiftool -all= {path}"` → the text before the first replacement, marked incomplete. */
function formatPrefix(text: string, node: SyntaxNode): Command | undefined {
  const raw = text.slice(node.from, node.to);
  const m = /^[fF][rR]?("""|'''|"|')/.exec(raw) ?? /^[rR][fF]("""|'''|"|')/.exec(raw);
  if (!m) return undefined;
  const start = node.from + m[0].length;
  const first = childrenOf(node).find((k) => k.name === 'FormatReplacement');
  const end = first ? first.from : node.to - m[1].length;
  const body = text.slice(start, end);
  if (body.includes('\\')) return undefined;
  return { line: body, complete: !first };
}

/** The command a local name holds: its one plain assignment in the same function (or at module level). */
function assignedCommand(text: string, name: string, at: SyntaxNode, depth: number): Command | undefined {
  const scope = enclosingScope(at);
  let found: SyntaxNode | undefined;
  let count = 0;
  const visit = (n: SyntaxNode): void => {
    for (let c = n.firstChild; c && count < 2; c = c.nextSibling) {
      if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition' || c.name === 'LambdaExpression') continue;
      if (c.name === 'AssignStatement') {
        const kids = childrenOf(c);
        if (kids.length === 3 && kids[0].name === 'VariableName' && text.slice(kids[0].from, kids[0].to) === name) {
          found = kids[2];
          count++;
        }
      } else if (c.name === 'ForStatement' || c.name === 'WithStatement') {
        // `for cmd in …` / `with … as cmd` bind the name too: not one value.
        const target = c.firstChild?.nextSibling;
        if (target?.name === 'VariableName' && text.slice(target.from, target.to) === name) count = 2;
      }
      visit(c);
    }
  };
  visit(scope);
  return count === 1 && found ? commandOf(text, found, at, depth + 1) : undefined;
}

function enclosingScope(node: SyntaxNode): SyntaxNode {
  let top = node;
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition') return p.getChild('Body') ?? p;
    top = p;
  }
  return top;
}

/** Programs the file looks up before running (`shutil.which("exiftool")`): optional, the code handles their absence. */
export function lookedUpPrograms(text: string, index: PyIndex): Set<string> {
  const out = new Set<string>();
  if (!/which|find_executable/.test(text)) return out;
  const bindings = importBindings(text, index.imports);
  for (const call of index.calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee) continue;
    const resolved = resolveName(callee, bindings);
    if (resolved !== 'shutil.which' && !/(^|\.)find_executable$/.test(resolved) && resolved !== 'which.which') continue;
    const p = stringValue(text, callArgs(text, call).positional[0]);
    if (p) out.add(programName(p));
  }
  return out;
}
