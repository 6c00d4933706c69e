// Where a Python file sends logs to a file (for logs/file-logging, and logs/in-app-log-rotation, which reports the
// import of a rotating handler only where one is used): file handlers constructed in code or named in a logging
// dict config (Django's LOGGING, dictConfig), `logging.basicConfig(filename=…)`, loguru file sinks, structlog
// loggers writing to an opened file, and `open()` appends to a log file. Not in development-only branches (`if
// DEBUG:`) or branches the environment opts into (`if os.environ.get('LOG_FILE'):`), not in scripts and CLIs, and
// not when the file name is read from the environment (it may be /dev/stdout) or is a std stream.
import type { SyntaxNode } from '../../parse';
import type { PySourceContext } from '../../context';
import { callArgs, childrenOf, dottedName, importBindings, resolveName, stringValue } from '../../syntax';
import { isDevOnly, isFirstBody } from '../../devOnly';
import { isToolingFile } from '../../../../detect/appCode';

/** Handler classes that write files, by the dotted name code and dict configs give them; whether they rotate. */
export const FILE_HANDLERS: ReadonlyMap<string, boolean> = new Map([
  ['logging.FileHandler', false],
  ['logging.handlers.WatchedFileHandler', false],
  ['logging.handlers.RotatingFileHandler', true],
  ['logging.handlers.TimedRotatingFileHandler', true],
  ['concurrent_log_handler.ConcurrentRotatingFileHandler', true],
  ['concurrent_log_handler.ConcurrentTimedRotatingFileHandler', true],
  ['cloghandler.ConcurrentRotatingFileHandler', true],
]);
const STRUCTLOG_FILE_LOGGERS =
  /^structlog\.(PrintLoggerFactory|WriteLoggerFactory|BytesLoggerFactory|PrintLogger|WriteLogger|BytesLogger)$/;
const STD_STREAM = /^\/dev\/(stdout|stderr|null)$|^(ext:\/\/)?sys\.(stdout|stderr)$/;
/** A log file's path: `*.log`, `*.log.1`, anything under /var/log/ or a `log`/`logs` folder. */
const LOG_PATH = /\.log(\.\d+)?$|^\/var\/log\/|(^|\/)logs?\/[^/]+$/i;

export interface FileLogSite {
  node: SyntaxNode;
  /** What writes the file, for the message: `RotatingFileHandler, logs/app.log, rotated by the app`. */
  via: string;
  /** The handler class's dotted name when the site is a handler (for the rotation rule). */
  handler?: string;
  /** The callee as written, for a handler constructed in code (`RotatingFileHandler`, `clh.ConcurrentRotatingFileHandler`). */
  callee?: string;
  rotates: boolean;
}

export function fileLogSites(ctx: PySourceContext): FileLogSite[] {
  const { text, index: idx } = ctx;
  const bindings = importBindings(text, idx.imports);
  // Names bound once to a value (`LOG_FILE = os.getenv('LOG_FILE')`), to see through them.
  const once = new Map<string, SyntaxNode | null>();
  for (const a of idx.assignments) {
    const kids = childrenOf(a);
    if (kids.length !== 3 || kids[0].name !== 'VariableName' || kids[1].name !== 'AssignOp') continue;
    const name = text.slice(kids[0].from, kids[0].to);
    once.set(name, once.has(name) ? null : kids[2]);
  }
  const valueOf = (n: SyntaxNode | undefined): SyntaxNode | undefined => {
    if (n?.name === 'VariableName') return once.get(text.slice(n.from, n.to)) ?? n;
    return n;
  };
  /** Env reads (the value may be /dev/stdout), std streams, and `None` are no file a rule can name. */
  const notAFile = (n: SyntaxNode | undefined): boolean => {
    const v = valueOf(n);
    if (!v) return true;
    if (v.name === 'None') return true;
    // `os.getenv('LOG_FILE')`, `int(os.getenv(…))`, `os.getenv('LOG_FILE') or 'app.log'`: an env read in it.
    const r = ctx.rangeOf(v);
    if (ctx.facts.envReads.some((e) => after(e.range.start, r.start) && after(r.end, e.range.end))) return true;
    const s = stringValue(text, v);
    const dotted = dottedName(text, v);
    return (s !== undefined && STD_STREAM.test(s)) || (dotted !== undefined && STD_STREAM.test(dotted));
  };
  /** The file's name as the message shows it: a literal, or `…/name.log` joined onto a folder. */
  const fileName = (n: SyntaxNode | undefined): string | undefined => {
    const v = valueOf(n);
    if (!v) return undefined;
    const s = stringValue(text, v);
    if (s !== undefined) return s;
    if (v.name === 'BinaryExpression') {
      const right = stringValue(text, v.lastChild);
      if (
        right !== undefined &&
        v.lastChild?.prevSibling &&
        text.slice(v.lastChild.prevSibling.from, v.lastChild.prevSibling.to) === '/'
      )
        return `…/${right}`;
    }
    if (v.name === 'CallExpression' && /(^|\.)path\.join$/.test(dottedName(text, v.firstChild) ?? '')) {
      const args = callArgs(text, v).positional;
      const last = stringValue(text, args[args.length - 1]);
      if (last !== undefined) return `…/${last}`;
    }
    return undefined;
  };
  const describe = (what: string, file: string | undefined, rotates: boolean) =>
    `${what}${file ? `, ${file}` : ''}${rotates ? ', rotated by the app' : ''}`;

  // Scripts, CLIs and migrations (`scripts/`, `bin/`, `#!` files) run once by hand: their run logs are not the app's.
  if (isToolingFile(ctx.rel, text)) return [];
  // The `open()` a structlog logger writes to is that logger's site.
  const opened = new Set<number>();
  const isEnvRead = (n: SyntaxNode): boolean => {
    const r = ctx.rangeOf(n);
    return ctx.facts.envReads.some((e) => same(e.range.start, r.start) && same(e.range.end, r.end));
  };
  /** A condition that holds when the environment asks for it: `os.environ.get('LOG_FILE')`, `'X' in os.environ`. */
  const envOptIn = (cond: SyntaxNode | null, depth = 0): boolean => {
    if (!cond || depth > 32) return false;
    if (cond.name === 'ParenthesizedExpression') return envOptIn(cond.firstChild?.nextSibling ?? null, depth + 1);
    if (isEnvRead(cond)) return true;
    if (cond.name === 'VariableName') {
      const v = once.get(text.slice(cond.from, cond.to));
      return !!v && isEnvRead(v);
    }
    if (cond.name === 'BinaryExpression') {
      const kids = childrenOf(cond);
      const ops = kids
        .slice(1, -1)
        .map((k) => k.name)
        .join(' ');
      if (ops === 'and') return envOptIn(kids[0], depth + 1) || envOptIn(kids[kids.length - 1], depth + 1);
      if (ops === 'in') return /^os\.environ$|^environ$/.test(dottedName(text, kids[kids.length - 1]) ?? '');
    }
    return false;
  };
  /** In the body of `if <env opt-in>:` (the operator turns file logging on): configuration, not a violation. */
  const optedIn = (node: SyntaxNode): boolean => {
    for (let child = node, p = node.parent; p; child = p, p = p.parent)
      if (p.name === 'IfStatement' && isFirstBody(child)) if (envOptIn(child.prevSibling)) return true;
    return false;
  };
  const out: FileLogSite[] = [];
  const add = (site: FileLogSite) => {
    if (!isDevOnly(text, site.node) && !optedIn(site.node)) out.push(site);
  };
  for (const call of idx.calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee) continue;
    const resolved = resolveName(callee, bindings);
    const args = callArgs(text, call);
    const handler = FILE_HANDLERS.get(resolved);
    if (handler !== undefined) {
      const file = args.keywords.get('filename') ?? args.positional[0];
      if (file && notAFile(file)) continue;
      const short = resolved.slice(resolved.lastIndexOf('.') + 1);
      add({ node: call, via: describe(short, fileName(file), handler), handler: resolved, callee, rotates: handler });
    } else if (resolved === 'logging.basicConfig') {
      const file = args.keywords.get('filename');
      if (!file || notAFile(file)) continue;
      add({ node: call, via: describe('logging.basicConfig filename', fileName(file), false), rotates: false });
    } else if (resolved === 'loguru.logger.add') {
      const sink = args.positional[0] ?? args.keywords.get('sink');
      if (!sink || notAFile(sink) || !isPathValue(text, valueOf(sink)!)) continue;
      const rotates = args.keywords.has('rotation');
      add({ node: call, via: describe('loguru file sink', fileName(sink), rotates), rotates });
    } else if (STRUCTLOG_FILE_LOGGERS.test(resolved)) {
      const file = valueOf(args.keywords.get('file') ?? args.positional[0]);
      const opener = file?.name === 'CallExpression' ? dottedName(text, file.firstChild) : undefined;
      if (!opener || !/(^|\.)open$/.test(opener)) continue;
      const name = fileName(callArgs(text, file!).positional[0]);
      opened.add(file!.from);
      add({ node: call, via: describe(`structlog ${resolved.slice(10)}`, name, false), rotates: false });
    } else if (/^(open|io\.open|codecs\.open)$/.test(resolved) && !opened.has(call.from)) {
      const file = fileName(args.positional[0] ?? args.keywords.get('file'));
      const mode = stringValue(text, args.positional[1] ?? args.keywords.get('mode'));
      if (file === undefined || mode === undefined || !/[aw]/.test(mode) || !LOG_PATH.test(file.replace(/^…\//, 'x/')))
        continue;
      add({
        node: call,
        via: describe(`open() in ${mode.includes('a') ? 'append' : 'write'} mode`, file, false),
        rotates: false,
      });
    }
  }
  // Logging dict configs: `'handlers': {'file': {'class': 'logging.FileHandler', 'filename': …}}` (Django's LOGGING,
  // dictConfig), also `LOGGING['handlers']['file'] = {…}`.
  if (/Handler['"]/.test(text)) {
    ctx.tree.iterate({
      enter: (ref) => {
        if (ref.name !== 'String') return;
        const node = ref.node;
        const cls = stringValue(text, node);
        const rotates = cls === undefined ? undefined : FILE_HANDLERS.get(cls);
        if (rotates === undefined) return;
        const dict = node.parent;
        const colon = node.prevSibling;
        if (
          dict?.name !== 'DictionaryExpression' ||
          colon?.name !== ':' ||
          stringValue(text, colon.prevSibling) !== 'class'
        )
          return;
        const file = dictValue(text, dict, 'filename');
        if (file && notAFile(file)) return;
        add({
          node,
          via: describe(cls!.slice(cls!.lastIndexOf('.') + 1), fileName(file), rotates),
          handler: cls,
          rotates,
        });
      },
    });
  }
  return out;
}

/** A dict literal's value at a string key. */
function dictValue(text: string, dict: SyntaxNode, key: string): SyntaxNode | undefined {
  const kids = childrenOf(dict);
  for (let i = 0; i + 2 < kids.length; i++)
    if (kids[i + 1].name === ':' && stringValue(text, kids[i]) === key) return kids[i + 2];
  return undefined;
}

/** A loguru sink that is a path: a string, an f-string, a `Path(…)`, a `folder / 'app.log'` join, `os.path.join(…)`. */
function isPathValue(text: string, n: SyntaxNode): boolean {
  if (n.name === 'String') return stringValue(text, n) !== undefined;
  if (n.name === 'FormatString') return true;
  if (n.name === 'CallExpression') return /(^|\.)(Path|PurePath|join)$/.test(dottedName(text, n.firstChild) ?? '');
  if (n.name === 'BinaryExpression') {
    const op = n.firstChild?.nextSibling;
    return (
      !!op &&
      text.slice(op.from, op.to) === '/' &&
      (n.lastChild?.name === 'String' || n.lastChild?.name === 'FormatString')
    );
  }
  return false;
}

function same(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line === b.line && a.character === b.character;
}

function after(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line > b.line || (a.line === b.line && a.character >= b.character);
}
