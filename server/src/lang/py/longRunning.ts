// Long-running Python processes seen in one file, and how the file handles SIGTERM. A file is a process when it runs
// code of its own: its top-level statements, its `if __name__ == "__main__":` block, or the `handle()` of a Django
// management command; what those reach through calls of the file's own functions (and `self.` methods) counts too.
// The long-running parts are polling loops (`while True:` that waits: sleep, a blocking queue pop, a poll), consumer
// loops (pika's `start_consuming()`, `for msg in consumer` over Kafka or a Redis pubsub), a BlockingScheduler's
// `start()` and an event loop's `run_forever()`. Servers run by gunicorn, uvicorn, celery, rq or dramatiq are not here:
// those runners handle SIGTERM themselves, and the code they run has none of these entry points.
import type { SyntaxNode } from './parse';
import type { PySourceContext } from './context';
import { callArgs, childrenOf, dottedName, importBindings, resolveName } from './syntax';

export type EntryKind = 'main' | 'module' | 'command';

export interface LongRunningSite {
  /** The `while`/`for` statement or the call. */
  node: SyntaxNode;
  /** What to underline: the loop's head, or the callee. */
  from: number;
  to: number;
  what: 'loop' | 'consumer' | 'scheduler' | 'event loop';
  entry: EntryKind;
  /** The management command's name, for `command`. */
  command?: string;
}

/** Calls that wait for work or time inside a polling loop, by the callee's last name. */
const WAITS = new Set([
  'sleep',
  'blpop',
  'brpop',
  'brpoplpush',
  'blmove',
  'bzpopmin',
  'bzpopmax',
  'xread',
  'xreadgroup',
  'receive_message',
  'receive_messages',
  'poll',
  'get_message',
  'run_pending',
  'consume',
  'basic_get',
  'drain_events',
  'process_data_events',
]);
const KAFKA_CONSUMERS = new Set(['kafka.KafkaConsumer', 'aiokafka.AIOKafkaConsumer']);
const BLOCKING_SCHEDULERS = new Set([
  'apscheduler.schedulers.blocking.BlockingScheduler',
  'apscheduler.schedulers.BlockingScheduler',
]);
/** Exceptions whose handler is the SIGINT (Ctrl-C) path, not the end of the loop's work. */
const INTERRUPTS = /\b(KeyboardInterrupt|SystemExit)\b/;

function isMainGuard(text: string, stmt: SyntaxNode): boolean {
  if (stmt.name !== 'IfStatement') return false;
  const cond = stmt.firstChild?.nextSibling;
  if (cond?.name !== 'BinaryExpression') return false;
  const s = text.slice(cond.from, cond.to).replace(/\s+/g, '');
  return /^(__name__==(['"])__main__\2|(['"])__main__\3==__name__)$/.test(s);
}

/** The exception types of the `except` clause a Body belongs to, as text, or undefined when it is no except body. */
function exceptTypes(text: string, body: SyntaxNode): string | undefined {
  if (body.parent?.name !== 'TryStatement') return undefined;
  let types = '';
  for (let p = body.prevSibling; p; p = p.prevSibling) {
    if (p.name === 'except') return types || 'BaseException';
    if (p.name === 'Body' || p.name === 'try' || p.name === 'else' || p.name === 'finally') return undefined;
    if (p.name !== 'as' && p.name !== 'VariableName') types = text.slice(p.from, p.to) + types;
    else if (p.name === 'VariableName' && p.prevSibling?.name !== 'as') types = text.slice(p.from, p.to) + types;
  }
  return undefined;
}

/** Walks a subtree without entering nested functions, classes or lambdas (they run only when called). */
function walkCode(node: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  const stack: SyntaxNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    for (let c = n.lastChild; c; c = c.prevSibling) {
      if (
        c.name === 'FunctionDefinition' ||
        c.name === 'ClassDefinition' ||
        c.name === 'LambdaExpression' ||
        c.name === 'DecoratedStatement'
      )
        continue;
      stack.push(c);
    }
  }
}

interface Unit {
  node: SyntaxNode;
  entry: EntryKind;
  command?: string;
}

export class LongRunning {
  private readonly text: string;
  readonly bindings: Map<string, string>;
  /** Top-level functions by name, and methods by class and name. */
  private readonly functions = new Map<string, SyntaxNode>();
  private readonly methods = new Map<string, SyntaxNode>();
  /** `name = Cls(…)`: what a name was made from (resolved), anywhere in the file. */
  private readonly made = new Map<string, string>();
  private readonly waitMemo = new Map<number, boolean>();

  constructor(private readonly ctx: Pick<PySourceContext, 'text' | 'tree' | 'index' | 'rel'>) {
    this.text = ctx.text;
    this.bindings = importBindings(ctx.text, ctx.index.imports);
    for (const stmt of childrenOf(ctx.tree.topNode)) {
      const def = stmt.name === 'DecoratedStatement' ? stmt.lastChild : stmt;
      if (def?.name === 'FunctionDefinition') this.addFn(this.functions, this.nameOf(def), def);
      if (def?.name === 'ClassDefinition') {
        const cls = this.nameOf(def);
        for (const m of childrenOf(def.getChild('Body') ?? def)) {
          const md = m.name === 'DecoratedStatement' ? m.lastChild : m;
          if (md?.name === 'FunctionDefinition') this.addFn(this.methods, `${cls}.${this.nameOf(md)}`, md);
        }
      }
    }
    for (const a of ctx.index.assignments) {
      const kids = childrenOf(a);
      const value = kids[kids.length - 1];
      if (kids[0]?.name !== 'VariableName' || value?.name !== 'CallExpression') continue;
      const callee = dottedName(this.text, value.firstChild);
      if (callee) this.made.set(this.slice(kids[0]), resolveName(callee, this.bindings));
    }
  }

  private slice(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private nameOf(def: SyntaxNode): string {
    const n = def.getChild('VariableName');
    return n ? this.slice(n) : '';
  }

  private addFn(map: Map<string, SyntaxNode>, name: string, def: SyntaxNode): void {
    // Defined twice (`if PY2: def f… else: def f…`): which one runs is unknown, keep the first.
    if (name && !map.has(name)) map.set(name, def);
  }

  /** The code that runs when the file is run: see the file's comment. */
  private entries(): Unit[] {
    const out: Unit[] = [];
    const top = this.ctx.tree.topNode;
    for (const stmt of childrenOf(top)) {
      if (isMainGuard(this.text, stmt)) {
        const body = stmt.getChild('Body');
        if (body) out.push({ node: body, entry: 'main' });
      } else if (
        stmt.name !== 'FunctionDefinition' &&
        stmt.name !== 'ClassDefinition' &&
        stmt.name !== 'DecoratedStatement' &&
        stmt.name !== 'IfStatement' &&
        stmt.name !== 'TryStatement'
      )
        out.push({ node: stmt, entry: 'module' });
    }
    const command = /(^|\/)management\/commands\/([^/]+)\.py$/.exec(this.ctx.rel);
    const handle = command && this.methods.get('Command.handle');
    if (handle) out.push({ node: handle, entry: 'command', command: command[2] });
    return out;
  }

  /** The function a call runs, when it is one of this file's (`main()`, `self.run()` inside class `Cls`). */
  private target(call: SyntaxNode): SyntaxNode | undefined {
    const callee = call.firstChild;
    if (callee?.name === 'VariableName') return this.functions.get(this.slice(callee));
    if (callee?.name !== 'MemberExpression') return undefined;
    const obj = callee.firstChild;
    const prop = callee.lastChild;
    if (!obj || prop?.name !== 'PropertyName') return undefined;
    const method = this.slice(prop);
    if (obj.name === 'VariableName') {
      const name = this.slice(obj);
      const cls = name === 'self' || name === 'cls' ? this.classOf(call) : this.made.get(name);
      return cls ? this.methods.get(`${cls}.${method}`) : undefined;
    }
    // Worker().run()
    if (obj.name === 'CallExpression') {
      const cls = dottedName(this.text, obj.firstChild);
      return cls ? this.methods.get(`${cls}.${method}`) : undefined;
    }
    return undefined;
  }

  private classOf(node: SyntaxNode): string | undefined {
    for (let p = node.parent; p; p = p.parent) if (p.name === 'ClassDefinition') return this.nameOf(p);
    return undefined;
  }

  /** Whether code (a loop's body) waits: a wait call, directly or in a function of this file it calls. */
  private waits(node: SyntaxNode, depth = 0): boolean {
    let found = false;
    walkCode(node, (n) => {
      if (found || n.name !== 'CallExpression') return;
      const callee = n.firstChild;
      const last = callee?.name === 'MemberExpression' ? callee.lastChild : callee;
      if (last && WAITS.has(this.slice(last))) found = true;
      else if (depth < 3) {
        const fn = this.target(n);
        if (fn) {
          let w = this.waitMemo.get(fn.from);
          if (w === undefined) {
            this.waitMemo.set(fn.from, false); // recursion guard
            w = this.waits(fn, depth + 1);
            this.waitMemo.set(fn.from, w);
          }
          found = w;
        }
      }
    });
    return found;
  }

  /** `while True:` / `while 1:` with no `break` or `return` of its own (but the Ctrl-C path's). */
  private isForever(loop: SyntaxNode): boolean {
    const cond = loop.firstChild?.nextSibling;
    if (!cond || !/^(True|1)$/.test(this.slice(cond))) return false;
    const body = loop.getChild('Body');
    if (!body) return false;
    let escapes = false;
    walkCode(body, (n) => {
      if (escapes) return;
      if (n.name === 'ReturnStatement') escapes = true;
      if (n.name !== 'BreakStatement') return;
      // The break's own loop, and whether it is on the KeyboardInterrupt path.
      for (let p = n.parent; p && p !== loop; p = p.parent) {
        if (p.name === 'WhileStatement' || p.name === 'ForStatement') return;
        if (p.name === 'Body') {
          const types = exceptTypes(this.text, p);
          if (types && INTERRUPTS.test(types)) return;
        }
      }
      escapes = true;
    });
    return !escapes;
  }

  /** The long-running sites the file's entry points reach, in order of entry and position. */
  sites(): LongRunningSite[] {
    const out: LongRunningSite[] = [];
    const seen = new Set<number>();
    for (const unit of this.entries()) {
      const queue: SyntaxNode[] = [unit.node];
      const done = new Set<number>([unit.node.from]);
      while (queue.length) {
        const code = queue.shift()!;
        const start = code.name === 'FunctionDefinition' ? (code.getChild('Body') ?? code) : code;
        walkCode(start, (n) => {
          const site = this.site(n);
          if (site && !seen.has(n.from)) {
            seen.add(n.from);
            out.push({ ...site, entry: unit.entry, command: unit.command });
          }
          if (n.name === 'CallExpression') {
            const fn = this.target(n);
            if (fn && !done.has(fn.from)) {
              done.add(fn.from);
              queue.push(fn);
            }
          }
        });
      }
    }
    return out;
  }

  private site(n: SyntaxNode): Omit<LongRunningSite, 'entry' | 'command'> | undefined {
    if (n.name === 'WhileStatement') {
      const cond = n.firstChild?.nextSibling;
      const body = n.getChild('Body');
      if (cond && body && this.isForever(n) && this.waits(body))
        return { node: n, from: n.from, to: cond.to, what: 'loop' };
      return undefined;
    }
    if (n.name === 'ForStatement') {
      const kids = childrenOf(n);
      const at = kids.findIndex((k) => k.name === 'in');
      const iter = kids[at + 1];
      if (!iter) return undefined;
      if (iter.name === 'VariableName' && KAFKA_CONSUMERS.has(this.made.get(this.slice(iter)) ?? ''))
        return { node: n, from: n.from, to: iter.to, what: 'consumer' };
      // for message in pubsub.listen(), for method, props, body in channel.consume(queue)
      if (iter.name === 'CallExpression' && iter.firstChild?.name === 'MemberExpression') {
        const m = iter.firstChild.lastChild;
        if (m && /^(listen|consume)$/.test(this.slice(m)))
          return { node: n, from: n.from, to: iter.to, what: 'consumer' };
      }
      return undefined;
    }
    if (n.name !== 'CallExpression') return undefined;
    const callee = n.firstChild;
    if (callee?.name !== 'MemberExpression') return undefined;
    const prop = callee.lastChild;
    const obj = callee.firstChild;
    if (prop?.name !== 'PropertyName' || !obj) return undefined;
    const method = this.slice(prop);
    const at = { node: n, from: callee.from, to: callee.to };
    if (method === 'start_consuming') return { ...at, what: 'consumer' };
    if (method === 'run_forever') return { ...at, what: 'event loop' };
    if (method === 'start') {
      const made =
        obj.name === 'VariableName'
          ? this.made.get(this.slice(obj))
          : obj.name === 'CallExpression'
            ? resolveName(dottedName(this.text, obj.firstChild) ?? '', this.bindings)
            : undefined;
      if (made && BLOCKING_SCHEDULERS.has(made)) return { ...at, what: 'scheduler' };
    }
    return undefined;
  }
}

export interface SigtermHandling {
  /** A SIGTERM handler that acts (or one we cannot see: imported, or a shutdown helper from elsewhere). */
  handles: boolean;
  /** Only SIGINT is handled (`except KeyboardInterrupt`, `signal.signal(SIGINT, …)`). */
  sigint: boolean;
  /** `signal.signal(SIGTERM, …)` calls whose handler ignores the signal (SIG_IGN, empty, or only logs). */
  ignored: { call: SyntaxNode; empty: boolean }[];
}

const LOG_CALL =
  /^(print|(self\.)?(log|logger|_logger|_log|logging|LOGGER|LOG)\.\w+|logging\.\w+|(self\.)?(stdout|stderr)\.write|sys\.(stdout|stderr)\.write|warnings\.warn)$/;
/** A helper of another module that installs signal handlers (`setup_signal_handlers()` from the app's utils). */
const SIGNAL_HELPER =
  /^(install|setup|set_up|register|add|init|configure|handle|catch|trap)_?\w*(signal|sigterm)|graceful/i;

/** How the file handles SIGTERM: `signal.signal`, `loop.add_signal_handler`, a loop over signals naming SIGTERM. */
export function sigtermHandling(
  ctx: Pick<PySourceContext, 'text' | 'index' | 'tree'>,
  bindings: Map<string, string>,
): SigtermHandling {
  const { text, index } = ctx;
  const out: SigtermHandling = { handles: false, sigint: false, ignored: [] };
  const inComment = (at: number) => index.comments.some((c) => at >= c.from && at < c.to);
  const mentionsSigterm = [...text.matchAll(/\bSIGTERM\b/g)].some((m) => !inComment(m.index));
  // Every def of the file by name (top-level and methods): a handler passed as `on_term` or `self.on_term`.
  const defs = new Map<string, SyntaxNode>();
  ctx.tree.topNode.cursor().iterate((ref) => {
    if (ref.name === 'FunctionDefinition') {
      const n = ref.node.getChild('VariableName');
      const name = n ? text.slice(n.from, n.to) : '';
      if (name && !defs.has(name)) defs.set(name, ref.node);
    } else if (ref.name === 'Body' && !out.sigint) {
      const types = exceptTypes(text, ref.node);
      if (types && /\bKeyboardInterrupt\b/.test(types)) out.sigint = true;
    }
  });
  for (const call of index.calls) {
    const callee = call.firstChild;
    // `asyncio.get_running_loop().add_signal_handler(…)`: no dotted name, the method is enough.
    const prop = callee?.name === 'MemberExpression' ? callee.lastChild : null;
    const written =
      dottedName(text, callee) ?? (prop?.name === 'PropertyName' ? `?.${text.slice(prop.from, prop.to)}` : undefined);
    if (!written) continue;
    const name = resolveName(written, bindings);
    const parts = written.split('.');
    const last = parts[parts.length - 1];
    if (name !== 'signal.signal' && last !== 'add_signal_handler') {
      if (
        SIGNAL_HELPER.test(last) &&
        !defs.has(last) &&
        !/^(self|cls|\?)$/.test(parts[0]) &&
        !name.startsWith('signal.')
      )
        out.handles = true;
      continue;
    }
    const args = callArgs(text, call);
    const sig = args.positional[0];
    if (!sig) continue;
    const sigText = text.slice(sig.from, sig.to);
    if (/SIGINT/.test(sigText)) out.sigint = true;
    // `for sig in (signal.SIGINT, signal.SIGTERM): signal.signal(sig, stop)`
    const term = /SIGTERM/.test(sigText) || (sig.name === 'VariableName' && mentionsSigterm);
    if (!term) continue;
    const handler = args.positional[1];
    const verdict = handler ? handlerVerdict(text, handler, defs) : 'acts';
    if (verdict === 'acts') out.handles = true;
    else if (verdict !== 'default') out.ignored.push({ call, empty: verdict === 'empty' });
  }
  return out;
}

/** What a SIGTERM handler does: acts, only logs, does nothing, or restores the default (SIG_DFL). */
function handlerVerdict(
  text: string,
  handler: SyntaxNode,
  defs: Map<string, SyntaxNode>,
): 'acts' | 'logs' | 'empty' | 'default' {
  const written = dottedName(text, handler);
  if (written && /(^|\.)SIG_DFL$/.test(written)) return 'default';
  if (written && /(^|\.)SIG_IGN$/.test(written)) return 'empty';
  if (handler.name === 'LambdaExpression') {
    const body = handler.lastChild;
    if (!body || /^(None|Ellipsis|Number|String|Boolean)$/.test(body.name)) return 'empty';
    return body.name === 'CallExpression' && LOG_CALL.test(dottedName(text, body.firstChild) ?? '') ? 'logs' : 'acts';
  }
  const fnName = written?.split('.').pop();
  const def = fnName && (written === fnName || /^(self|cls)\./.test(written!)) ? defs.get(fnName) : undefined;
  if (!def) return 'acts';
  const body = def.getChild('Body');
  if (!body) return 'acts';
  let logs = false;
  for (const stmt of childrenOf(body)) {
    if (stmt.name === ':' || stmt.name === 'PassStatement') continue;
    if (stmt.name === 'ExpressionStatement') {
      const e = stmt.firstChild;
      if (e?.name === 'String' || e?.name === 'Ellipsis') continue;
      if (e?.name === 'CallExpression' && LOG_CALL.test(dottedName(text, e.firstChild) ?? '')) {
        logs = true;
        continue;
      }
    }
    // `desc = signal.strsignal(signum)` before logging it: a local used only to log.
    if (stmt.name === 'AssignStatement' && stmt.firstChild?.name === 'VariableName') {
      const value = stmt.lastChild;
      if (
        value?.name !== 'CallExpression' ||
        !/^(signal\.strsignal|str|repr|f)$/.test(dottedName(text, value.firstChild) ?? '')
      )
        return 'acts';
      continue;
    }
    return 'acts';
  }
  return logs ? 'logs' : 'empty';
}
