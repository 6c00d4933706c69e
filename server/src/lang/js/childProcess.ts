// Calls that run another program: node's child_process (also promisified), execa, zx's and Bun's `$`, Bun.spawn.
// Only calls bound to those modules count, so `regex.exec(s)` or an unrelated `spawn()` is never mistaken.
import * as ts from 'typescript';
import type { NodeIndex } from './nodeIndex';
import { calleeName, declaredName, dottedName, enclosingFunction, optionValues, stringValue, unwrap } from './astUtil';
import { moduleRefs, type ModuleRefs } from './moduleRefs';
import { allCommands, isCommandFlag, parseShell, programName, shellQuote } from '../../platform/shell';

export interface ProcessCall {
  /** The call or tagged template. */
  node: ts.Node;
  /** 'shell': one command line a shell interprets; 'file': a program and an argument list. */
  mode: 'shell' | 'file';
  /** shell mode: the command line, or its literal text up to the first `${…}` when `complete` is false. */
  command?: string;
  /** file mode: the program, when a literal. */
  program?: string;
  /** file mode: literal arguments (undefined where an argument is not a literal). */
  args?: (string | undefined)[];
  /** Whether `command`, or `program` and every argument, is fully known. */
  complete: boolean;
  /** shell mode, a template: the whole command line with each `${…}` replaced by DYNAMIC. */
  template?: string;
  /** The expression holding the command line or the program, for ranges. */
  commandNode: ts.Node;
}

const CHILD_PROCESS = new Set(['child_process', 'node:child_process']);
const SHELL_FNS = new Set(['exec', 'execSync']);
const FILE_FNS = new Set(['execFile', 'execFileSync', 'spawn', 'spawnSync']);
const EXECA_FILE = new Set(['execa', 'execaSync']);
const EXECA_SHELL = new Set(['execaCommand', 'execaCommandSync', 'command', 'commandSync']);

type Binding = { module: 'cp' | 'execa' | 'zx'; fn?: string };

function requiredModule(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require')
    return stringValue(n.arguments[0]);
  return undefined;
}

function moduleKind(spec: string | undefined): Binding['module'] | undefined {
  if (!spec) return undefined;
  if (CHILD_PROCESS.has(spec)) return 'cp';
  if (spec === 'execa') return 'execa';
  if (spec === 'zx' || spec === 'zx/globals' || spec === 'zx/core') return 'zx';
  return undefined;
}

/** Local names bound to the process modules: namespaces (`cp`) and functions (`exec`, `run = promisify(exec)`). */
function bindings(idx: NodeIndex): { namespaces: Map<string, Binding['module']>; fns: Map<string, Binding> } {
  const namespaces = new Map<string, Binding['module']>();
  const fns = new Map<string, Binding>();
  for (const imp of idx.imports) {
    const mod = moduleKind(stringValue(imp.moduleSpecifier));
    if (!mod) continue;
    const clause = imp.importClause;
    if (!clause) {
      if (mod === 'zx') fns.set('$', { module: 'zx', fn: '$' }); // import 'zx/globals'
      continue;
    }
    if (clause.isTypeOnly) continue;
    if (clause.name) {
      if (mod === 'execa') fns.set(clause.name.text, { module: 'execa', fn: 'execa' });
      namespaces.set(clause.name.text, mod);
    }
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) namespaces.set(nb.name.text, mod);
    else if (nb)
      for (const el of nb.elements)
        if (!el.isTypeOnly) fns.set(el.name.text, { module: mod, fn: (el.propertyName ?? el.name).text });
  }
  for (const v of idx.variables) {
    const init = v.initializer;
    if (!init) continue;
    const direct = moduleKind(requiredModule(init));
    if (direct) {
      if (ts.isIdentifier(v.name)) {
        namespaces.set(v.name.text, direct);
        if (direct === 'execa') fns.set(v.name.text, { module: 'execa', fn: 'execa' });
      } else if (ts.isObjectBindingPattern(v.name)) {
        for (const el of v.name.elements) {
          const local = declaredName(el.name);
          const orig = declaredName(el.propertyName ?? el.name);
          if (local && orig) fns.set(local, { module: direct, fn: orig });
        }
      }
      continue;
    }
    // const exec = require('child_process').exec
    const u = unwrap(init);
    if (ts.isPropertyAccessExpression(u) && ts.isIdentifier(v.name)) {
      const mod = moduleKind(requiredModule(u.expression));
      if (mod) fns.set(v.name.text, { module: mod, fn: u.name.text });
    }
  }
  // const run = promisify(exec) / util.promisify(cp.execFile): same program-running semantics.
  for (const v of idx.variables) {
    const init = v.initializer && unwrap(v.initializer);
    if (!init || !ts.isCallExpression(init) || calleeName(init.expression) !== 'promisify' || !ts.isIdentifier(v.name))
      continue;
    const target = init.arguments[0] && resolveFn(init.arguments[0], namespaces, fns);
    if (target) fns.set(v.name.text, target);
  }
  return { namespaces, fns };
}

function resolveFn(
  expr: ts.Expression,
  namespaces: Map<string, Binding['module']>,
  fns: Map<string, Binding>,
): Binding | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return fns.get(e.text);
  if (ts.isPropertyAccessExpression(e)) {
    const obj = unwrap(e.expression);
    // execa.sync / execa.command (execa ≤ 5): before the namespace case, which also holds a default-imported execa.
    if (ts.isIdentifier(obj) && fns.get(obj.text)?.fn === 'execa')
      return { module: 'execa', fn: e.name.text === 'sync' ? 'execaSync' : e.name.text };
    if (ts.isIdentifier(obj) && namespaces.has(obj.text)) return { module: namespaces.get(obj.text)!, fn: e.name.text };
    const mod = moduleKind(requiredModule(obj));
    if (mod) return { module: mod, fn: e.name.text };
  }
  return undefined;
}

/** Stands for a `${…}` substitution in `ProcessCall.template`: a word no command line contains. */
export const DYNAMIC = '__tf_dynamic__';

function templateText(t: ts.TemplateExpression): string {
  return t.head.text + t.templateSpans.map((s) => DYNAMIC + s.literal.text).join('');
}

/** A string, or the literal text before the first substitution of a template (and the template with placeholders). */
function commandText(
  node: ts.Expression | undefined,
): { text: string; complete: boolean; template?: string } | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  const s = stringValue(n);
  if (s !== undefined) return { text: s, complete: true };
  if (ts.isTemplateExpression(n)) return { text: n.head.text, complete: false, template: templateText(n) };
  return undefined;
}

function literalArgs(node: ts.Expression | undefined): { args: (string | undefined)[]; complete: boolean } {
  if (!node) return { args: [], complete: true };
  const n = unwrap(node);
  if (!ts.isArrayLiteralExpression(n)) return { args: [], complete: false };
  const args = n.elements.map((e) => (ts.isSpreadElement(e) ? undefined : stringValue(e)));
  return { args, complete: args.every((a) => a !== undefined) };
}

function hasShellOption(node: ts.Expression | undefined): boolean {
  const n = node && unwrap(node);
  if (!n || !ts.isObjectLiteralExpression(n)) return false;
  return n.properties.some(
    (p) =>
      ts.isPropertyAssignment(p) &&
      declaredName(p.name) === 'shell' &&
      p.initializer.kind !== ts.SyntaxKind.FalseKeyword,
  );
}

export function processCalls(sf: ts.SourceFile, idx: NodeIndex): ProcessCall[] {
  const { namespaces, fns } = bindings(idx);
  const out: ProcessCall[] = [];
  const usesBun = sf.text.includes('Bun.');
  // `require('child_process').exec(…)` binds no name: resolveFn reads it, so the file must still be searched.
  if (!namespaces.size && !fns.size && !usesBun && !sf.text.includes('child_process')) return out;
  for (const call of idx.calls) {
    const [first, second, third] = call.arguments;
    if (usesBun && /^Bun\.spawn(Sync)?$/.test(dottedName(call.expression) ?? '')) {
      // Bun.spawn(['ffmpeg', …]) or Bun.spawn({ cmd: [...] })
      let arr: ts.Expression | undefined = first;
      const f = first && unwrap(first);
      if (f && ts.isObjectLiteralExpression(f)) {
        const cmd = f.properties.find((p) => ts.isPropertyAssignment(p) && declaredName(p.name) === 'cmd') as
          ts.PropertyAssignment | undefined;
        arr = cmd?.initializer;
      }
      const a = arr && unwrap(arr);
      if (a && ts.isArrayLiteralExpression(a) && a.elements[0]) {
        const { args, complete } = literalArgs(a);
        if (args[0] !== undefined)
          out.push({
            node: call,
            mode: 'file',
            program: args[0],
            args: args.slice(1),
            complete,
            commandNode: a.elements[0],
          });
      }
      continue;
    }
    const b = resolveFn(call.expression, namespaces, fns);
    if (!b?.fn) continue;
    const isShell = (b.module === 'cp' && SHELL_FNS.has(b.fn)) || (b.module === 'execa' && EXECA_SHELL.has(b.fn));
    const isFile = (b.module === 'cp' && FILE_FNS.has(b.fn)) || (b.module === 'execa' && EXECA_FILE.has(b.fn));
    if (isShell) {
      const c = commandText(first);
      if (c)
        out.push({
          node: call,
          mode: 'shell',
          command: c.text,
          complete: c.complete,
          commandNode: first,
          template: c.template,
        });
      continue;
    }
    if (!isFile) continue;
    const argList = second && ts.isArrayLiteralExpression(unwrap(second)) ? second : undefined;
    const secondIsOptions = !!second && ts.isObjectLiteralExpression(unwrap(second));
    const options = argList ? third : secondIsOptions ? second : third;
    if (hasShellOption(options)) {
      // spawn('convert a.png b.jpg', { shell: true }): the first argument is a command line.
      const c = commandText(first);
      if (c)
        out.push({ node: call, mode: 'shell', command: c.text, complete: c.complete && !argList, commandNode: first });
      continue;
    }
    const program = stringValue(first && unwrap(first));
    if (program === undefined) continue;
    const { args, complete } = literalArgs(argList);
    // A non-array second argument is an argument list we cannot read.
    const known = argList ? complete : !second || secondIsOptions;
    out.push({ node: call, mode: 'file', program, args, complete: known, commandNode: first });
  }
  // zx / execa `$\`cmd\``, Bun.$`cmd`
  const tagged = [...idx.strings, ...idx.templates]
    .map((t) => t.parent)
    .filter((p): p is ts.TaggedTemplateExpression => !!p && ts.isTaggedTemplateExpression(p));
  for (const t of tagged) {
    const tag = dottedName(t.tag);
    const isZx = tag === '$' && (fns.get('$')?.module === 'zx' || fns.get('$')?.module === 'execa');
    if (!isZx && !(usesBun && tag === 'Bun.$')) continue;
    const tpl = t.template;
    const c = ts.isNoSubstitutionTemplateLiteral(tpl)
      ? { text: tpl.text, complete: true }
      : { text: tpl.head.text, complete: false, template: templateText(tpl) };
    out.push({ node: t, mode: 'shell', command: c.text, complete: c.complete, commandNode: tpl, template: c.template });
  }
  return out;
}

/** Whether the file mentions a process API at all: a cheap trigger for rules built on `processCalls`. */
export const PROCESS_TRIGGER = /child_process|execa|\bzx\b|Bun\.(spawn|\$)/;

const SHELL_PROGRAMS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh']);

/**
 * The call as one shell command line, when it is fully known: `exec('git pull')` → "git pull",
 * `spawn('git', ['clone', url])` with a literal url → "git clone https://…".
 */
export function fullCommandLine(call: ProcessCall): string | undefined {
  if (!call.complete) return undefined;
  if (call.mode === 'shell') return call.command;
  if (call.program === undefined || !call.args || call.args.some((a) => a === undefined)) return undefined;
  return [call.program, ...(call.args as string[])].map(shellQuote).join(' ');
}

/**
 * Programs the call certainly runs (basenames), including those of an `sh -c` body. For a command line known
 * only up to a `${…}`, a program counts when its name is complete before the substitution.
 */
export function programsRun(call: ProcessCall): string[] {
  const fromLine = (text: string, complete: boolean): string[] =>
    allCommands(parseShell(text))
      .filter((c) => c.programWord && c.program && (complete || c.programWord.end < text.length))
      .map((c) => c.program!);
  if (call.mode === 'shell') return call.command === undefined ? [] : fromLine(call.command, call.complete);
  if (call.program === undefined) return [];
  const program = programName(call.program);
  const out = [program];
  if (SHELL_PROGRAMS.has(program) && call.args) {
    const c = call.args.findIndex((a) => a !== undefined && isCommandFlag(a));
    const body = c >= 0 ? call.args[c + 1] : undefined;
    if (body !== undefined) out.push(...fromLine(body, true));
  }
  return out;
}

/** How a callee runs its first argument: as a program ('file') or a command line ('shell'). */
function runMode(
  callee: ts.Expression,
  refs: ModuleRefs,
  promisified: Map<string, ts.Expression>,
): 'file' | 'shell' | undefined {
  const e = unwrap(callee);
  // const execFileAsync = promisify(execFile)
  const inner = ts.isIdentifier(e) ? promisified.get(e.text) : undefined;
  const ref = refs.resolve(inner ?? e);
  if (!ref || ref.called || ref.path.length > 1) return undefined;
  const fn = ref.path[0] ?? '';
  if (ref.module === 'child_process') return FILE_FNS.has(fn) ? 'file' : SHELL_FNS.has(fn) ? 'shell' : undefined;
  // `execa(…)` is the module itself (path []); `execa.sync(…)` its old synchronous form.
  if (ref.module === 'execa')
    return EXECA_FILE.has(fn) || fn === '' || fn === 'sync' ? 'file' : EXECA_SHELL.has(fn) ? 'shell' : undefined;
  return undefined;
}

/** `spawn(cmd, args, { shell: true })` runs `cmd` as a command line. */
function shellOption(call: ts.CallExpression): boolean {
  return optionValues(call.arguments.slice(1), 'shell').some((v) => v.kind !== ts.SyntaxKind.FalseKeyword);
}

/** The name a function is called by in this file: `function run() {}`, `const run = (…) => …`. */
function functionName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    let child: ts.Node = fn;
    let p = fn.parent;
    while (p && ts.isParenthesizedExpression(p)) {
      child = p;
      p = p.parent;
    }
    if (p && ts.isVariableDeclaration(p) && p.initializer === child && ts.isIdentifier(p.name)) return p.name.text;
  }
  return undefined;
}

/** Whether `fn` assigns its parameter `name` (`cmd = path.join(binDir, cmd)`): then it may run something else. */
function reassigned(assignments: ts.BinaryExpression[], fn: ts.Node, name: string): boolean {
  return assignments.some((a) => ts.isIdentifier(a.left) && a.left.text === name && a.pos >= fn.pos && a.end <= fn.end);
}

/** The nearest function whose parameter `name` is (`spawn(cmd)` inside a callback inside `run(cmd)`). */
function declaringFunction(node: ts.Node, name: string): { fn: ts.FunctionLikeDeclaration; index: number } | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name && !p.dotDotDotToken);
    if (index >= 0) return { fn, index };
  }
  return undefined;
}

/**
 * A local helper that runs its parameter (`function run(cmd, args) { return spawn(cmd, args) }`) and the literal
 * programs this file passes it (`run('ffmpeg', […])`), each as a call of its own. Only same-file helpers with a
 * plain parameter passed straight through: anything less direct is not certain to run that program.
 */
export function wrapperProcessCalls(sf: ts.SourceFile, idx: NodeIndex): ProcessCall[] {
  const promisified = new Map<string, ts.Expression>();
  for (const v of idx.variables) {
    const init = v.initializer && unwrap(v.initializer);
    if (
      init &&
      ts.isCallExpression(init) &&
      calleeName(init.expression) === 'promisify' &&
      ts.isIdentifier(v.name) &&
      init.arguments[0]
    )
      promisified.set(v.name.text, init.arguments[0]);
  }
  let refs: ModuleRefs | undefined;
  const wrappers = new Map<string, { index: number; mode: 'file' | 'shell' }>();
  for (const call of idx.calls) {
    const first = call.arguments[0] && unwrap(call.arguments[0]);
    if (!first || !ts.isIdentifier(first)) continue;
    const declared = declaringFunction(call, first.text);
    const name = declared && functionName(declared.fn);
    if (!declared || !name || reassigned(idx.assignments, declared.fn, first.text)) continue;
    const index = declared.index;
    refs ??= moduleRefs(sf, idx);
    const mode = runMode(call.expression, refs, promisified);
    if (mode) wrappers.set(name, { index, mode: mode === 'file' && shellOption(call) ? 'shell' : mode });
  }
  const out: ProcessCall[] = [];
  if (!wrappers.size) return out;
  for (const call of idx.calls) {
    const w = ts.isIdentifier(call.expression) ? wrappers.get(call.expression.text) : undefined;
    const arg = w && call.arguments[w.index];
    const text = arg && stringValue(unwrap(arg));
    if (!w || !arg || text === undefined) continue;
    out.push(
      w.mode === 'shell'
        ? { node: call, mode: 'shell', command: text, complete: true, commandNode: arg }
        : { node: call, mode: 'file', program: text, complete: false, commandNode: arg },
    );
  }
  return out;
}
