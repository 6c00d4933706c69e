// What keeps a Node process alive and how it ends: servers, queue consumers, schedulers and SIGTERM handling,
// found from one file's node index. Also when a call runs: on module load, or only inside an exported function.
import * as ts from 'typescript';
import type { JsExtractContext as SourceContext } from './context';
import type { SiteScope } from '../../facts/migrations';
import { calleeName, constInitializer, declaredName, dottedName, stringValue, unwrap } from './astUtil';
import { moduleRefs, type ModuleRef } from './moduleRefs';
import { handlersOf } from './handlers';
import { memoKey } from '../../util/memo';
import { packageName } from '../../ecosystem/npm/packages';

/** Broad text pre-check for files that may start a server, a consumer or a scheduler, or handle SIGTERM. */
export const LONG_RUNNING_TRIGGER =
  /listen|serve|startStandaloneServer|\.start\(|Worker|\.process\(|consume|eachMessage|eachBatch|Consumer|\.work\(|setInterval|schedule|Cron|cron|agenda|[Bb]ree|toad-scheduler|SIG[A-Z]+|enableShutdownHooks/;

function refOf(ctx: SourceContext, expr: ts.Expression): ModuleRef | undefined {
  return moduleRefs(ctx.sourceFile, ctx.index).resolve(expr);
}

function refIs(ref: ModuleRef | undefined, modules: readonly string[], path?: readonly string[]): boolean {
  if (!ref || !modules.includes(ref.module)) return false;
  return !path || (ref.path.length === path.length && ref.path.every((p, i) => p === path[i]));
}

function binds(ctx: SourceContext, modules: readonly string[]): boolean {
  return (
    moduleRefs(ctx.sourceFile, ctx.index).binds(modules) || ctx.facts.imports.some((i) => modules.includes(i.specifier))
  );
}

/** `x.method(...)` with `x` anything but the global `process`. */
function methodCall(call: ts.CallExpression, names: readonly string[]): boolean {
  const e = call.expression;
  return ts.isPropertyAccessExpression(e) && names.includes(e.name.text) && dottedName(e.expression) !== 'process';
}

/** `app.listen(…)`, `Bun.serve(…)`, hono/micro `serve(…)`, Apollo `startStandaloneServer`, hapi `server.start()`. */
export function serverStarts(ctx: SourceContext): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const hapi = binds(ctx, ['@hapi/hapi', 'hapi']);
  for (const call of ctx.index.calls) {
    const name = calleeName(call.expression);
    if (name === 'listen' && methodCall(call, ['listen'])) {
      // eventBus.listen('orders', fn) is not a server; a port, a pipe/socket path or nothing is.
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      const s = stringValue(first);
      if (s !== undefined && !/^(\d+|[/\\.].*)$/.test(s)) continue;
      out.push(call);
    } else if (name === 'serve') {
      const dn = dottedName(call.expression);
      if (
        dn === 'Bun.serve' ||
        dn === 'Deno.serve' ||
        refIs(refOf(ctx, call.expression), ['@hono/node-server', 'micro', 'srvx'])
      )
        out.push(call);
    } else if (name === 'startStandaloneServer') {
      out.push(call);
    } else if (name === 'start' && hapi && methodCall(call, ['start']) && call.arguments.length === 0) {
      out.push(call);
    }
  }
  return out;
}

export interface Site {
  node: ts.Node;
  label: string;
}

/** Long-running queue and stream consumers: BullMQ/bull/bee-queue, amqplib, kafkajs, SQS, pg-boss, graphile-worker. */
export function workerStarts(ctx: SourceContext): Site[] {
  const out: Site[] = [];
  for (const n of ctx.index.news) {
    const ref = refOf(ctx, n.expression);
    if (refIs(ref, ['bullmq', 'node-resque'], ['Worker']))
      out.push({ node: n, label: `new Worker() (${ref!.module})` });
  }
  const bull = binds(ctx, ['bull', 'bee-queue', 'kue']);
  const amqp = binds(ctx, ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager']);
  const pgBoss = binds(ctx, ['pg-boss']);
  for (const call of ctx.index.calls) {
    if (bull && methodCall(call, ['process'])) out.push({ node: call, label: 'queue.process()' });
    else if (amqp && methodCall(call, ['consume'])) out.push({ node: call, label: 'channel.consume()' });
    else if (pgBoss && methodCall(call, ['work'])) out.push({ node: call, label: 'boss.work()' });
    else if (methodCall(call, ['run']) && call.arguments.length === 1) {
      const arg = unwrap(call.arguments[0]);
      if (
        ts.isObjectLiteralExpression(arg) &&
        arg.properties.some((p) => /^each(Message|Batch)$/.test(declaredName(p.name) ?? ''))
      )
        out.push({ node: call, label: 'consumer.run()' });
    } else {
      const ref = refOf(ctx, call.expression);
      if (refIs(ref, ['sqs-consumer'], ['Consumer', 'create']))
        out.push({ node: call, label: 'Consumer.create() (sqs-consumer)' });
      else if (refIs(ref, ['graphile-worker'], ['run'])) out.push({ node: call, label: 'run() (graphile-worker)' });
      else if (refIs(ref, ['@temporalio/worker'], ['Worker', 'create']))
        out.push({ node: call, label: 'Worker.create() (Temporal)' });
    }
  }
  return out;
}

const MINUTE = 60_000;

/** A constant number of milliseconds: `60000`, `24 * 60 * 60 * 1000`, `15 * MINUTE` when MINUTE is a const here. */
export function constantMs(ctx: SourceContext, expr: ts.Expression | undefined, depth = 0): number | undefined {
  if (!expr || depth > 4) return undefined;
  const n = unwrap(expr);
  if (ts.isNumericLiteral(n)) return Number(n.text.replace(/_/g, ''));
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const a = constantMs(ctx, n.left, depth + 1);
    const b = constantMs(ctx, n.right, depth + 1);
    return a !== undefined && b !== undefined ? a * b : undefined;
  }
  if (ts.isIdentifier(n)) {
    const init = constInitializer(ctx.index, n.text);
    if (init) return constantMs(ctx, init, depth + 1);
  }
  return undefined;
}

/**
 * Periodic work that belongs to the process itself, not a job: metrics, heartbeats, cache upkeep, token refresh.
 * Matched against the names of what the callback calls or assigns, never its strings: a job's SQL (`REFRESH
 * MATERIALIZED VIEW`) or log text says nothing about it. "refresh" alone is no sign (`refreshMaterializedView()`
 * is a job); what is refreshed is (`refreshToken`, `refreshCache`).
 */
const HOUSEKEEPING =
  /\b(metrics?|stats?|gauges?|heartbeats?|health|ping|keep-?alive|caches?|prune|evict|expire[sd]?|sweep|flush|tokens?|logs?|poll|gc|memory|lag|monitor|reconnect|sessions?)\b/i;
/** A logging call (`console.log`, `app.log.info`, `logger.warn`, `log(…)`): logging is not what a job does. */
const LOGGING = /^(console|log|logger|logging|pino|winston|bunyan|debug)$/i;

/** Names a dotted callee or reference is made of (`app.log.info` → app, log, info), or undefined if not plain names. */
function nameChain(e: ts.Expression): string[] | undefined {
  const n = unwrap(e);
  if (ts.isIdentifier(n)) return [n.text];
  if (n.kind === ts.SyntaxKind.ThisKeyword) return [];
  if (ts.isPropertyAccessExpression(n)) {
    const head = nameChain(n.expression);
    return head && [...head, n.name.text];
  }
  if (ts.isCallExpression(n) || ts.isAwaitExpression(n) || ts.isNonNullExpression(n)) return nameChain(n.expression);
  return undefined;
}

/** The words an interval callback is named by: its own name, and the names of what it calls and assigns, logging left out. */
function callbackWords(ctx: SourceContext, cb: ts.Expression): string {
  const names: string[] = [];
  const fn = unwrap(cb);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) {
    names.push(...(nameChain(fn) ?? []));
  } else {
    if (ts.isFunctionExpression(fn) && fn.name) names.push(fn.name.text);
    const inside = (n: ts.Node) => n.pos >= fn.pos && n.end <= fn.end;
    for (const call of ctx.index.calls) {
      if (!inside(call)) continue;
      const chain = nameChain(call.expression);
      if (
        !chain?.length ||
        chain.slice(0, -1).some((w) => LOGGING.test(w)) ||
        (chain.length === 1 && LOGGING.test(chain[0]))
      )
        continue;
      names.push(...chain);
    }
    for (const a of ctx.index.assignments) if (inside(a)) names.push(...(nameChain(a.left) ?? []));
  }
  // camelCase and snake_case split: `pushStats` → "push Stats", `flush_logs` → "flush logs".
  return names
    .join(' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ');
}

/** Jobs at least this far apart are scheduled work, not in-process upkeep. */
export const JOB_INTERVAL_MS = 10 * MINUTE;

/**
 * Schedulers: node-cron, cron, croner, node-schedule, agenda/bree `start()`, toad-scheduler jobs, `@nestjs/schedule`
 * `@Cron`/`@Interval`, and `setInterval` with a constant period of at least ten minutes whose callback is not upkeep.
 */
export function schedulerStarts(ctx: SourceContext): Site[] {
  const out: Site[] = [];
  for (const n of ctx.index.news) {
    const ref = refOf(ctx, n.expression);
    if (refIs(ref, ['cron'], ['CronJob'])) out.push({ node: n, label: 'new CronJob()' });
    else if (refIs(ref, ['croner'], ['Cron']) || refIs(ref, ['croner']))
      out.push({ node: n, label: 'new Cron() (croner)' });
  }
  const agendaLike = binds(ctx, ['agenda', '@hokify/agenda', 'bree']);
  const toad = binds(ctx, ['toad-scheduler']);
  for (const call of ctx.index.calls) {
    const name = calleeName(call.expression);
    const ref = refOf(ctx, call.expression);
    if (refIs(ref, ['node-cron'], ['schedule']) || refIs(ref, ['node-cron'], ['createTask']))
      out.push({ node: call, label: 'cron.schedule()' });
    else if (refIs(ref, ['cron'], ['CronJob', 'from']) || refIs(ref, ['cron'], ['job']))
      out.push({ node: call, label: 'CronJob.from()' });
    else if (refIs(ref, ['croner'], ['Cron']) || refIs(ref, ['croner']))
      out.push({ node: call, label: 'Cron() (croner)' });
    else if (refIs(ref, ['node-schedule'], ['scheduleJob'])) out.push({ node: call, label: 'schedule.scheduleJob()' });
    else if (refIs(ref, ['@nestjs/schedule'], ['Cron']) || refIs(ref, ['@nestjs/schedule'], ['Interval']))
      out.push({ node: call, label: `@${name}()` });
    else if (agendaLike && methodCall(call, ['start']) && call.arguments.length === 0)
      out.push({
        node: call,
        label: `${dottedName((call.expression as ts.PropertyAccessExpression).expression) ?? 'scheduler'}.start()`,
      });
    else if (toad && methodCall(call, ['addSimpleIntervalJob', 'addIntervalJob', 'addCronJob', 'addLongIntervalJob']))
      out.push({ node: call, label: `scheduler.${name}()` });
    else if (
      name === 'setInterval' &&
      (ts.isIdentifier(call.expression) ||
        dottedName(call.expression) === 'global.setInterval' ||
        dottedName(call.expression) === 'globalThis.setInterval')
    ) {
      const ms = constantMs(ctx, call.arguments[1]);
      if (ms === undefined || ms < JOB_INTERVAL_MS) continue;
      const cb = call.arguments[0];
      if (cb && HOUSEKEEPING.test(callbackWords(ctx, cb))) continue;
      out.push({ node: call, label: 'setInterval()' });
    }
  }
  return out;
}

/** `setInterval` loops of any period: in a worker process these keep it running. */
export function intervalLoops(ctx: SourceContext): Site[] {
  return ctx.index.calls
    .filter((c) => ts.isIdentifier(c.expression) && c.expression.text === 'setInterval')
    .map((c) => ({ node: c, label: 'setInterval()' }));
}

const SIGNAL_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Log levels a logging call ends in: `logger.warn`, `console.log`, `app.log.info`. */
const LOG_LEVELS = /^(log|info|warn|warning|error|debug|trace|fatal|notice|verbose|silly|critical|crit|alert|emerg)$/;
/** Calls a log line may make to format its values; anything else might be the shutdown itself. */
const FORMATTING = /^(stringify|String|toISOString|toString|toFixed|now|uptime|inspect|format|Date)$/;

/** A log line's arguments: values and formatting only, no callbacks, assignments or other calls. */
function plainArguments(args: readonly ts.Expression[]): boolean {
  let plain = true;
  const visit = (n: ts.Node): void => {
    if (!plain) return;
    if (
      ts.isFunctionLike(n) ||
      ts.isAwaitExpression(n) ||
      ts.isDeleteExpression(n) ||
      (ts.isPrefixUnaryExpression(n) &&
        (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) ||
      ts.isPostfixUnaryExpression(n) ||
      (ts.isBinaryExpression(n) &&
        n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
      ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !FORMATTING.test(calleeName(n.expression) ?? ''))
    ) {
      plain = false;
      return;
    }
    ts.forEachChild(n, visit);
  };
  for (const a of args) visit(a);
  return plain;
}

/** `console.warn(…)`, `logger.info(…)`, `this.log.warn(…)`, `debug(…)`, `process.stderr.write(…)`: writes a log line, nothing else. */
function isLogLine(expr: ts.Expression): boolean {
  let n = unwrap(expr);
  if (ts.isVoidExpression(n)) n = unwrap(n.expression);
  return ts.isCallExpression(n) && plainArguments(n.arguments) && isLogger(n.expression);
}

/** A logging function: `console.warn`, `logger.info`, `this.log.warn`, `debug`, `process.stderr.write`. */
function isLogger(callee: ts.Expression): boolean {
  if (/^process\.(stdout|stderr)\.write$/.test(dottedName(callee) ?? '')) return true;
  const chain = nameChain(callee);
  if (!chain?.length) return false;
  if (chain.length === 1) return LOGGING.test(chain[0]);
  return LOG_LEVELS.test(chain[chain.length - 1]) && chain.slice(0, -1).some((w) => LOGGING.test(w));
}

/** A signal handler that only logs (or is empty): installing it stops Node's default exit, so the signal is ignored. */
function onlyLogs(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return isLogLine(body as ts.Expression);
  return body.statements.every(
    (st) =>
      ts.isEmptyStatement(st) ||
      (ts.isReturnStatement(st) && !st.expression) ||
      (ts.isExpressionStatement(st) && isLogLine(st.expression)),
  );
}

export interface SigtermHandling {
  /** The file acts on SIGTERM: a handler that does more than log, Nest's shutdown hooks, or a shutdown library's setup call. */
  handles: boolean;
  /** `process.on('SIGTERM', …)` calls whose handler only logs or is empty: the process ignores the signal. */
  ignored: { call: ts.CallExpression; empty: boolean }[];
}

/**
 * How this file handles SIGTERM: `process.on('SIGTERM', …)` (also `once`, `addListener`, a signal from a list
 * that names SIGTERM), Nest's `enableShutdownHooks()`, or a shutdown library's setup call. A handler is judged by
 * its function (inline, or a module-level function passed by name); one we cannot see counts as handling.
 */
export function sigtermHandling(ctx: SourceContext): SigtermHandling {
  const namesSigterm = ctx.index.strings.some((s) => s.text === 'SIGTERM');
  const ignored: SigtermHandling['ignored'] = [];
  for (const call of ctx.index.calls) {
    const e = call.expression;
    const name = calleeName(e);
    if (name === 'enableShutdownHooks') return { handles: true, ignored: [] };
    if (
      name &&
      /^(createTerminus|createHttpTerminator|createLightship|closeWithGrace|gracefulShutdown|asyncExitHook|exitHook|onExit|nodeCleanup|onShutdown)$/.test(
        name,
      )
    )
      return { handles: true, ignored: [] };
    if (!ts.isPropertyAccessExpression(e) || !SIGNAL_METHODS.has(e.name.text) || dottedName(e.expression) !== 'process')
      continue;
    const sig = stringValue(call.arguments[0] && unwrap(call.arguments[0]));
    // for (const s of ['SIGINT', 'SIGTERM']) process.on(s, shutdown)
    if (sig !== 'SIGTERM' && !(sig === undefined && namesSigterm)) continue;
    const arg = call.arguments[1] && unwrap(call.arguments[1]);
    const fn =
      arg &&
      (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)
        ? arg
        : ts.isIdentifier(arg)
          ? handlersOf(ctx).functionNamed(arg.text)
          : undefined);
    // process.on('SIGTERM', console.log): the logger itself is the handler.
    if (arg && ts.isPropertyAccessExpression(arg) && isLogger(arg)) ignored.push({ call, empty: false });
    else if (fn && onlyLogs(fn))
      ignored.push({
        call,
        empty: !!fn.body && ts.isBlock(fn.body) && fn.body.statements.every((st) => !ts.isExpressionStatement(st)),
      });
    else return { handles: true, ignored: [] };
  }
  return { handles: false, ignored };
}

/** Whether the file names a signal handler for SIGINT only, for a more helpful message. */
export function handlesOnlySigint(ctx: SourceContext): boolean {
  return ctx.index.calls.some(
    (c) =>
      ts.isPropertyAccessExpression(c.expression) &&
      SIGNAL_METHODS.has(c.expression.name.text) &&
      dottedName(c.expression.expression) === 'process' &&
      stringValue(c.arguments[0]) === 'SIGINT',
  );
}

const MODULE = '\u0000module';

interface FileScopes {
  /** Top-level function (or class) names of the file. */
  tops: Map<string, ts.Node>;
  /** Those of them the module's default export is (importers call it by their own name). */
  defaults: Set<string>;
  loaded: Set<string>;
  /** callee → callers among the top-level names (MODULE for module scope). */
  callers: Map<string, Set<string>>;
}

/** Per file, kept on its node index (one analysis). */
const FILE_SCOPES = memoKey<FileScopes>('fileScopes');

function topStatement(node: ts.Node): ts.Node | undefined {
  let n: ts.Node = node;
  while (n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  return n.parent ? n : undefined;
}

/** The top-level name a node belongs to, MODULE when it runs on load, undefined when it runs per request or is unknown. */
function ownerOf(ctx: SourceContext, node: ts.Node, tops: Map<string, ts.Node>): string | undefined {
  const top = topStatement(node);
  if (!top) return MODULE;
  let inFunction = false;
  for (let p = node.parent; p && p !== top.parent; p = p.parent)
    if (ts.isFunctionLike(p)) {
      inFunction = true;
      break;
    }
  if (ts.isFunctionDeclaration(top)) return top.name?.text ?? 'default';
  if (ts.isClassDeclaration(top)) return top.name?.text ?? 'default';
  if (!inFunction) return MODULE;
  if (ts.isVariableStatement(top)) {
    for (const d of top.declarationList.declarations) {
      if (d.pos <= node.pos && node.end <= d.end && d.initializer) {
        const init = unwrap(d.initializer);
        const name = declaredName(d.name);
        if (
          name &&
          tops.has(name) &&
          (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init))
        )
          return name;
      }
    }
  }
  if (ts.isExportAssignment(top)) return 'default';
  if (
    ts.isExpressionStatement(top) &&
    ts.isBinaryExpression(top.expression) &&
    top.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    // module.exports = { migrate() {…} } / exports.migrate = async () => {…}
    const left = dottedName(top.expression.left) ?? '';
    if (/^(module\.)?exports(\.|$)/.test(left)) {
      for (let p = node.parent; p && p !== top; p = p.parent) {
        if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p)) && p.parent === unwrap(top.expression.right))
          return declaredName(p.name) ?? 'default';
      }
      return left.split('.').pop() === 'exports' ? 'default' : left.split('.').pop();
    }
  }
  // A callback registered at module scope (`.then(…)`, an IIFE, a listen callback) runs on load, unless it
  // handles requests or signals.
  if (handlersOf(ctx).enclosing(node)) return undefined;
  for (let p = node.parent; p && p !== top; p = p.parent) {
    if (
      ts.isFunctionLike(p) &&
      p.parent &&
      ts.isCallExpression(p.parent) &&
      ts.isPropertyAccessExpression(p.parent.expression) &&
      SIGNAL_METHODS.has(p.parent.expression.name.text) &&
      dottedName(p.parent.expression.expression) === 'process'
    )
      return undefined;
  }
  return MODULE;
}

function fileScopes(ctx: SourceContext): FileScopes {
  return ctx.index.memo.get(FILE_SCOPES, () => computeFileScopes(ctx));
}

function computeFileScopes(ctx: SourceContext): FileScopes {
  const tops = new Map<string, ts.Node>();
  for (const stmt of ctx.sourceFile.statements) {
    if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) && stmt.name) tops.set(stmt.name.text, stmt);
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        const name = declaredName(d.name);
        if (name && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init)))
          tops.set(name, d);
      }
    }
  }
  const defaults = new Set<string>(['default']);
  for (const stmt of ctx.sourceFile.statements) {
    if (
      ts.isFunctionDeclaration(stmt) &&
      stmt.name &&
      ts.getModifiers(stmt)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
    )
      defaults.add(stmt.name.text);
    if (ts.isExportAssignment(stmt) && ts.isIdentifier(stmt.expression)) defaults.add(stmt.expression.text);
    if (
      ts.isExpressionStatement(stmt) &&
      ts.isBinaryExpression(stmt.expression) &&
      dottedName(stmt.expression.left) === 'module.exports' &&
      ts.isIdentifier(stmt.expression.right)
    )
      defaults.add(stmt.expression.right.text);
  }
  const callers = new Map<string, Set<string>>();
  const edge = (from: string, to: string) => {
    let s = callers.get(to);
    if (!s) callers.set(to, (s = new Set()));
    s.add(from);
  };
  for (const call of ctx.index.calls) {
    const e = unwrap(call.expression);
    if (!ts.isIdentifier(e) || !tops.has(e.text)) continue;
    const from = ownerOf(ctx, call, tops);
    if (from !== undefined && from !== e.text) edge(from, e.text);
  }
  // Also `main().catch(…)`, `void main()`, `new Server()` at module scope: the identifiers are callees above;
  // classes instantiated on load run their constructor only, so they stay unloaded.
  const loaded = new Set<string>();
  const queue = [MODULE];
  const callees = new Map<string, string[]>();
  for (const [to, froms] of callers) for (const f of froms) callees.set(f, [...(callees.get(f) ?? []), to]);
  while (queue.length) {
    const cur = queue.pop()!;
    for (const next of callees.get(cur) ?? []) {
      if (loaded.has(next) || ts.isClassDeclaration(tops.get(next)!)) continue;
      loaded.add(next);
      queue.push(next);
    }
  }
  return { tops, defaults, loaded, callers };
}

/** When the code at `node` runs, as far as this file tells. */
export function scopeOf(ctx: SourceContext, node: ts.Node): SiteScope {
  const s = fileScopes(ctx);
  const owner = ownerOf(ctx, node, s.tops);
  if (owner === undefined) return { onLoad: false, names: [] };
  if (owner === MODULE) return { onLoad: true, names: [] };
  if (s.loaded.has(owner)) return { onLoad: true, names: [owner] };
  // Every top-level function from which `owner` is reached in this file.
  const names = new Set([owner]);
  const queue = [owner];
  while (queue.length) {
    for (const from of s.callers.get(queue.pop()!) ?? []) {
      if (from !== MODULE && !names.has(from)) {
        names.add(from);
        queue.push(from);
      }
    }
  }
  if ([...names].some((n) => s.defaults.has(n))) names.add('default');
  return { onLoad: false, names: [...names] };
}

/**
 * Names of imported functions this file calls (`runMigrations()`, `jobs.start()` → "start"), so a project rule can
 * tell whether a function exported elsewhere runs in this process.
 */
export function importedCalls(ctx: SourceContext): string[] {
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  const out = new Set<string>();
  for (const call of ctx.index.calls) {
    const e = unwrap(call.expression);
    const ref = refs.resolve(e);
    if (
      !ref ||
      (!ref.module.startsWith('.') &&
        !ref.module.startsWith('#') &&
        !ref.module.startsWith('@/') &&
        !ref.module.startsWith('~/'))
    )
      continue;
    const name = ref.path.length ? ref.path[ref.path.length - 1] : ts.isIdentifier(e) ? 'default' : undefined;
    if (name) out.add(name);
  }
  return [...out];
}

/**
 * Calls of functions imported from packages (`import { migrate } from '@acme/db'; migrate()` → package "@acme/db",
 * name "migrate"; a default import called is "default"), so a project rule can match them with what a workspace
 * package exports.
 */
export function packageCallSites(ctx: SourceContext): { call: ts.CallExpression; pkg: string; name: string }[] {
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  const out: { call: ts.CallExpression; pkg: string; name: string }[] = [];
  for (const call of ctx.index.calls) {
    const e = unwrap(call.expression);
    const ref = refs.resolve(e);
    if (!ref || ref.called) continue;
    const pkg = packageName(ref.module);
    const name = ref.path.length ? ref.path[ref.path.length - 1] : ts.isIdentifier(e) ? 'default' : undefined;
    if (pkg && name) out.push({ call, pkg, name });
  }
  return out;
}
