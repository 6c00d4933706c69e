// concurrency/scheduler-in-web-process in Python: a scheduler started in a module that also builds the web app
// (Flask(), FastAPI(), Starlette(), aiohttp's Application(), Django's get_wsgi_application() or an AppConfig): APScheduler's background schedulers and
// Flask-APScheduler `start()`, `schedule.every()` jobs the module runs with `schedule.run_pending()`, a re-arming
// `threading.Timer`, an asyncio task looping on `asyncio.sleep()`, fastapi-utils' `@repeat_every`, aiocron, each
// at least ten minutes apart where the period is written; and, in the app's start-up code (a startup hook, the
// lifespan, `AppConfig.ready()`, the app factory, module level, and the functions they call), a call that starts
// something named a scheduler (`scheduler.start()`, `SchedulerService.start()`). Not in development-only branches,
// not in a `__main__` block that runs no production server, not where the module takes a distributed lock, and not
// in-process upkeep (metrics, heartbeats, caches, tokens). Celery beat is a process of its own: not reported. In a
// module that builds no web app, the sites are recorded (with the functions leading to them) for the project half.
import type { SyntaxNode } from '../../parse';
import { pyCheck, type PySourceContext } from '../../context';
import { callArgs, childrenOf, dottedName, importBindings, resolveName, stringValue } from '../../syntax';
import { enclosingFunction, functionName, isDevOnly, mainBlockOf } from '../../devOnly';
import { pyServerBinds } from '../../ports';
import { SCHEDULER_SITES, type SchedulerSite } from '../../../../facts/concurrency';

/** Calls that build a web app, with how the message names it. */
const WEB_APPS: ReadonlyMap<string, string> = new Map([
  ['flask.Flask', 'Flask'],
  ['quart.Quart', 'Quart'],
  ['fastapi.FastAPI', 'FastAPI'],
  ['starlette.applications.Starlette', 'Starlette'],
  ['sanic.Sanic', 'Sanic'],
  ['aiohttp.web.Application', 'aiohttp'],
  ['falcon.App', 'Falcon'],
  ['falcon.asgi.App', 'Falcon'],
  ['bottle.Bottle', 'Bottle'],
  ['tornado.web.Application', 'Tornado'],
  ['litestar.Litestar', 'Litestar'],
  ['django.core.wsgi.get_wsgi_application', 'Django WSGI'],
  ['django.core.asgi.get_asgi_application', 'Django ASGI'],
]);
/** Scheduler classes that run their jobs in a background thread or the event loop, and the method that starts them. */
const SCHEDULERS: ReadonlyMap<string, string> = new Map([
  ['apscheduler.schedulers.background.BackgroundScheduler', 'start'],
  ['apscheduler.schedulers.asyncio.AsyncIOScheduler', 'start'],
  ['apscheduler.schedulers.gevent.GeventScheduler', 'start'],
  ['apscheduler.schedulers.tornado.TornadoScheduler', 'start'],
  ['apscheduler.schedulers.twisted.TwistedScheduler', 'start'],
  ['apscheduler.AsyncScheduler', 'start_in_background'],
  ['apscheduler.Scheduler', 'start_in_background'],
  ['flask_apscheduler.APScheduler', 'start'],
]);
const REPEAT_EVERY =
  /^(fastapi_utils\.tasks|fastapi_restful\.tasks|fastapi_utilities(\.repeat\.repeat_every)?)\.repeat_every$/;
/** A job that takes a distributed lock first runs once across instances: pg advisory locks, Redlock, SET NX. */
const LOCKED = /pg_(try_)?advisory_(xact_)?lock|redlock|\bsetnx\b|\bnx\s*=\s*True|\.lock\(\s*f?['"]/i;
/** Periodic work that belongs to each process (the JS rule's list): metrics, heartbeats, cache upkeep, tokens. */
const HOUSEKEEPING =
  /\b(metrics?|stats?|gauges?|heartbeats?|health|ping|keep ?alive|caches?|prune|evict|expire[sd]?|sweep|flush|tokens?|logs?|poll|gc|memory|lag|monitor|reconnect|sessions?)\b/i;
/** Decorators of start-up hooks: FastAPI/Starlette `on_event('startup')`, Flask's, Quart's, Sanic's. */
const STARTUP_DECORATOR = /\.(on_event|before_first_request|before_serving|before_server_start|listener|on_startup)$/;
/** Jobs at least this many seconds apart are scheduled work, not in-process upkeep. */
const JOB_INTERVAL_S = 600;

interface Site {
  node: SyntaxNode;
  /** Where the range ends (the callee, not the job's body). */
  end: number;
  label: string;
}

export const schedulerInWebProcessPy = pyCheck<'inWebModule'>({
  trigger: /schedul|Timer|create_task|ensure_future|repeat_every|aiocron/i,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || LOCKED.test(ctx.text)) return;
    const { text, index: idx } = ctx;
    const bindings = importBindings(text, idx.imports);
    const resolved = (n: SyntaxNode | null | undefined) => {
      const d = dottedName(text, n);
      return d === undefined ? undefined : resolveName(d, bindings);
    };
    const app = webApp(ctx, bindings);
    const functions = new Map<string, SyntaxNode>();
    const top = ctx.tree.topNode;
    for (let c = top.firstChild; c; c = c.nextSibling) {
      const fn = c.name === 'DecoratedStatement' ? c.getChild('FunctionDefinition') : c;
      if (fn?.name === 'FunctionDefinition') {
        const name = functionName(text, fn);
        if (name) functions.set(name, fn);
      }
    }
    const made = new Map<string, string>();
    for (const a of idx.assignments) {
      const kids = childrenOf(a);
      if (kids.length !== 3 || kids[2].name !== 'CallExpression') continue;
      const target = dottedName(text, kids[0]);
      const cls = resolved(kids[2].firstChild);
      if (target && cls) made.set(target, cls);
    }

    const sites: Site[] = [];
    const site = (node: SyntaxNode, callee: SyntaxNode, label: string) => sites.push({ node, end: callee.to, label });
    const runsPending = idx.calls.some((c) => resolved(c.firstChild) === 'schedule.run_pending');
    for (const call of idx.calls) {
      const callee = call.firstChild;
      if (!callee) continue;
      const name = resolved(callee);
      // scheduler.start(), BackgroundScheduler().start()
      if (callee.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName') {
        const method = text.slice(callee.lastChild.from, callee.lastChild.to);
        const recv = callee.firstChild;
        const recvName = dottedName(text, recv);
        const cls =
          recvName !== undefined
            ? made.get(recvName)
            : recv?.name === 'CallExpression'
              ? resolved(recv.firstChild)
              : undefined;
        if (cls && SCHEDULERS.get(cls) === method) {
          site(call, callee, `APScheduler's ${cls.slice(cls.lastIndexOf('.') + 1)}`);
          continue;
        }
      }
      if (name === 'schedule.every' && runsPending) site(call, callee, 'schedule.every()');
      else if (name === 'threading.Timer') {
        // def tick(): …; threading.Timer(3600, tick).start() inside tick: a timer that re-arms itself.
        const args = callArgs(text, call);
        const fn = enclosingFunction(call);
        const target = args.positional[1] ?? args.keywords.get('function');
        const period = seconds(text, args.positional[0] ?? args.keywords.get('interval'));
        if (
          fn &&
          target &&
          [functionName(text, fn), `self.${functionName(text, fn)}`].includes(dottedName(text, target)) &&
          period !== undefined &&
          period >= JOB_INTERVAL_S &&
          !isUpkeep(text, idx.calls, fn)
        )
          site(call, callee, 'A recurring threading.Timer');
      } else if (name === 'aiocron.crontab') site(call, callee, 'aiocron');
      else if (name && /(^asyncio\.|\.)(create_task|ensure_future)$/.test(name)) {
        // asyncio.create_task(refresh_rates()) where refresh_rates loops on a long asyncio.sleep()
        const arg = callArgs(text, call).positional[0];
        const loop = arg?.name === 'CallExpression' ? functions.get(dottedName(text, arg.firstChild) ?? '') : undefined;
        if (loop && periodicLoop(text, idx.calls, loop) && !isUpkeep(text, idx.calls, loop))
          site(call, callee, 'A periodic asyncio task');
      }
    }
    // @repeat_every(seconds=3600), @aiocron.crontab('0 * * * *')
    if (/repeat_every|aiocron/.test(text)) {
      ctx.tree.iterate({
        enter: (ref) => {
          if (ref.name !== 'Decorator') return;
          const dec = ref.node;
          const name = decoratorName(text, dec);
          const full = name && resolveName(name, bindings);
          const fn = dec.parent?.getChild('FunctionDefinition');
          const list = dec.getChild('ArgList');
          if (!full || !fn || !list) return;
          if (full === 'aiocron.crontab') sites.push({ node: dec, end: list.from, label: 'aiocron' });
          if (!REPEAT_EVERY.test(full) || isUpkeep(text, idx.calls, fn)) return;
          const kw = keywordsOf(text, list);
          const period = seconds(text, kw.get('seconds'));
          if (period !== undefined && period >= JOB_INTERVAL_S)
            sites.push({ node: dec, end: list.from, label: '@repeat_every' });
        },
      });
    }
    // A module that builds no web app: its sites are recorded, for the project half to join with the start-up code
    // that calls them (`start_background_jobs(app)` in `create_app()`) or the web process that imports it.
    if (!app) {
      recordSites(ctx, sites, functions);
      return;
    }
    // Start-up code that starts something named a scheduler (`SchedulerService.start()`).
    const startup = startupCode(ctx, bindings, functions);
    for (const call of idx.calls) {
      const callee = call.firstChild;
      const d = dottedName(text, callee);
      if (!callee || !d || sites.some((s) => s.node.from === call.from) || !inStartup(call, startup)) continue;
      const parts = d.split('.');
      const last = parts[parts.length - 1];
      const named =
        ((last === 'start' || last === 'start_in_background') && parts.slice(0, -1).some((p) => /schedul/i.test(p))) ||
        (/^(start|run|init|setup|launch)_\w*schedul\w*$/i.test(last) && !(parts.length === 1 && functions.has(last)));
      if (named) site(call, callee, `${d}()`);
    }

    // A `__main__` block schedules in the web process only when it also starts a production server there.
    const mainServes = pyServerBinds(text, idx).some((b) => !b.dev && mainBlockOf(text, b.node));
    const seen = new Set<number>();
    for (const s of sites) {
      if (seen.has(s.node.from) || isDevOnly(text, s.node) || (!mainServes && mainBlockOf(text, s.node))) continue;
      seen.add(s.node.from);
      const range = { start: ctx.rangeOf(s.node).start, end: ctx.rangeOf({ from: s.end, to: s.end }).end };
      ctx.report(range, { messageId: 'inWebModule', data: { scheduler: s.label, where: app } });
    }
  },
});

/**
 * The sites of a module that builds no web app, each with the top-level functions that lead to it in this module
 * (its own and their callers here, by name) and whether it runs as the module loads (at module level, or in a
 * function the module level calls). Not in development-only branches nor in the `__main__` block.
 */
function recordSites(ctx: PySourceContext, sites: Site[], functions: ReadonlyMap<string, SyntaxNode>): void {
  const { text, index: idx } = ctx;
  const topOf = (n: SyntaxNode): SyntaxNode | undefined => {
    let top: SyntaxNode | undefined;
    for (let f = enclosingFunction(n); f; f = enclosingFunction(f)) top = f;
    return top;
  };
  // Callers by callee name, among the module's top-level functions ('' for the module level itself).
  const callers = new Map<string, Set<string>>();
  for (const call of idx.calls) {
    const callee = call.firstChild?.name === 'VariableName' ? text.slice(call.firstChild.from, call.firstChild.to) : '';
    if (!functions.has(callee) || isDevOnly(text, call) || mainBlockOf(text, call)) continue;
    const top = topOf(call);
    // A method's calls are not the module's: the class may never be used.
    if (top && functions.get(functionName(text, top) ?? '')?.from !== top.from) continue;
    const by = top ? (functionName(text, top) ?? '') : '';
    (callers.get(callee) ?? callers.set(callee, new Set()).get(callee)!).add(by);
  }
  const out: SchedulerSite[] = [];
  const seen = new Set<number>();
  for (const s of sites) {
    if (seen.has(s.node.from) || isDevOnly(text, s.node) || mainBlockOf(text, s.node)) continue;
    seen.add(s.node.from);
    const top = topOf(s.node);
    const own = top ? functionName(text, top) : undefined;
    if (top && (!own || functions.get(own)?.from !== top.from)) continue;
    const names = own ? [own] : [];
    let onLoad = !top;
    for (let i = 0; i < names.length && i < 64; i++)
      for (const by of callers.get(names[i]) ?? []) {
        if (by === '') onLoad = true;
        else if (!names.includes(by)) names.push(by);
      }
    const range = { start: ctx.rangeOf(s.node).start, end: ctx.rangeOf({ from: s.end, to: s.end }).end };
    out.push({ range, label: s.label, onLoad, names });
  }
  if (out.length) ctx.record(SCHEDULER_SITES, out);
}

/** How the file takes part in the web process, for the message; undefined when it builds no web app. */
function webApp(ctx: PySourceContext, bindings: ReadonlyMap<string, string>): string | undefined {
  const { text, index: idx } = ctx;
  for (const call of idx.calls) {
    const d = dottedName(text, call.firstChild);
    const label = d === undefined ? undefined : WEB_APPS.get(resolveName(d, bindings));
    if (label && !isDevOnly(text, call)) return `this module builds the ${label} app`;
  }
  return appConfig(ctx, bindings) ? 'this module holds the Django AppConfig' : undefined;
}

/** The file's Django AppConfig subclass with a `ready()` method, if any. */
function appConfig(ctx: PySourceContext, bindings: ReadonlyMap<string, string>): SyntaxNode | undefined {
  if (!/AppConfig/.test(ctx.text)) return undefined;
  for (let c = ctx.tree.topNode.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'ClassDefinition') continue;
    const bases = c.getChild('ArgList');
    const isConfig =
      bases &&
      childrenOf(bases).some((b) => {
        const d = dottedName(ctx.text, b);
        return !!d && /(^|\.)AppConfig$/.test(resolveName(d, bindings));
      });
    const ready = isConfig
      ? c
          .getChild('Body')
          ?.getChildren('FunctionDefinition')
          .find((f) => functionName(ctx.text, f) === 'ready')
      : undefined;
    if (ready) return ready;
  }
  return undefined;
}

/**
 * The functions that run when the web process starts: start-up hooks (decorated, `lifespan=`/`on_startup=` of the
 * app, `add_event_handler('startup', …)`), `AppConfig.ready()`, app factories (functions that build the app), and the
 * module-level functions these and the module's top level call, transitively.
 */
function startupCode(
  ctx: PySourceContext,
  bindings: ReadonlyMap<string, string>,
  functions: ReadonlyMap<string, SyntaxNode>,
): Set<number> {
  const { text, index: idx } = ctx;
  // By where each function starts (tree nodes are made anew on each walk); -1: the module's top level.
  const reached = new Set<number>([TOP]);
  const ready = appConfig(ctx, bindings);
  if (ready) reached.add(ready.from);
  const byName = (n: SyntaxNode | undefined) => (n ? functions.get(dottedName(text, n) ?? '') : undefined);
  for (const fn of functions.values()) {
    const decorated = fn.parent?.name === 'DecoratedStatement' ? fn.parent.getChildren('Decorator') : [];
    if (decorated.some((d) => STARTUP_DECORATOR.test(decoratorName(text, d) ?? ''))) reached.add(fn.from);
  }
  for (const call of idx.calls) {
    const d = dottedName(text, call.firstChild);
    const full = d === undefined ? undefined : resolveName(d, bindings);
    const args = callArgs(text, call);
    if (full && WEB_APPS.has(full)) {
      const f = enclosingFunction(call);
      if (f) reached.add(f.from);
      const hook = byName(args.keywords.get('lifespan'));
      if (hook) reached.add(hook.from);
      const list = args.keywords.get('on_startup');
      for (const item of list ? childrenOf(list) : []) {
        const h = byName(item);
        if (h) reached.add(h.from);
      }
    }
    if (d?.endsWith('.add_event_handler') && stringValue(text, args.positional[0]) === 'startup') {
      const h = byName(args.positional[1]);
      if (h) reached.add(h.from);
    }
  }
  // The functions they call, by name, within this file: a worklist over each function's calls.
  const byCaller = new Map<number, SyntaxNode[]>();
  for (const call of idx.calls) {
    const at = enclosingFunction(call)?.from ?? TOP;
    const list = byCaller.get(at);
    if (list) list.push(call);
    else byCaller.set(at, [call]);
  }
  const queue = [...reached];
  while (queue.length) {
    for (const call of byCaller.get(queue.pop()!) ?? []) {
      const target = call.firstChild?.name === 'VariableName' ? byName(call.firstChild) : undefined;
      if (!target || reached.has(target.from)) continue;
      reached.add(target.from);
      queue.push(target.from);
    }
  }
  return reached;
}

const TOP = -1;

function inStartup(node: SyntaxNode, startup: ReadonlySet<number>): boolean {
  return startup.has(enclosingFunction(node)?.from ?? TOP);
}

/** `@a.b.c(…)` → `a.b.c`. */
function decoratorName(text: string, dec: SyntaxNode): string | undefined {
  const parts: string[] = [];
  for (const c of childrenOf(dec)) {
    if (c.name === 'VariableName') parts.push(text.slice(c.from, c.to));
    else if (c.name === 'ArgList') break;
  }
  return parts.length ? parts.join('.') : undefined;
}

function keywordsOf(text: string, list: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  const kids = childrenOf(list);
  for (let i = 0; i + 2 < kids.length; i++)
    if (kids[i].name === 'VariableName' && kids[i + 1].name === 'AssignOp')
      out.set(text.slice(kids[i].from, kids[i].to), kids[i + 2]);
  return out;
}

/** A constant number of seconds: `3600`, `60 * 60`, `24 * 60 * 60`, `(6 * 3600)`. */
function seconds(text: string, n: SyntaxNode | undefined | null, depth = 0): number | undefined {
  if (!n || depth > 20) return undefined;
  if (n.name === 'Number') {
    const v = Number(text.slice(n.from, n.to).replace(/_/g, ''));
    return Number.isFinite(v) ? v : undefined;
  }
  if (n.name === 'ParenthesizedExpression') return seconds(text, n.firstChild?.nextSibling, depth + 1);
  if (n.name === 'BinaryExpression') {
    const kids = childrenOf(n);
    if (kids.length !== 3) return undefined;
    const a = seconds(text, kids[0], depth + 1);
    const b = seconds(text, kids[2], depth + 1);
    const op = text.slice(kids[1].from, kids[1].to);
    if (a === undefined || b === undefined) return undefined;
    return op === '*' ? a * b : op === '+' ? a + b : undefined;
  }
  return undefined;
}

/** The calls inside a function. */
function callsIn(calls: readonly SyntaxNode[], fn: SyntaxNode): SyntaxNode[] {
  return calls.filter((c) => c.from >= fn.from && c.to <= fn.to);
}

/** A function whose `while` loop sleeps (`await asyncio.sleep(n)`) a constant of at least ten minutes. */
function periodicLoop(text: string, calls: readonly SyntaxNode[], fn: SyntaxNode): boolean {
  return callsIn(calls, fn).some((call) => {
    const d = dottedName(text, call.firstChild);
    if (!d || !/(^|\.)sleep$/.test(d)) return false;
    let inLoop = false;
    for (let p = call.parent; p && p.from > fn.from; p = p.parent) if (p.name === 'WhileStatement') inLoop = true;
    const period = seconds(text, callArgs(text, call).positional[0]);
    return inLoop && period !== undefined && period >= JOB_INTERVAL_S;
  });
}

/** Upkeep by the names of the function and of what it calls (`refresh_token_cache`, `push_metrics`), logging aside. */
function isUpkeep(text: string, calls: readonly SyntaxNode[], fn: SyntaxNode): boolean {
  const names: string[] = [functionName(text, fn) ?? ''];
  for (const call of callsIn(calls, fn)) {
    const d = dottedName(text, call.firstChild);
    if (d && !/^(log|logger|logging|print)(\.|$)/.test(d)) names.push(...d.split('.'));
  }
  return HOUSEKEEPING.test(names.join(' ').replace(/_/g, ' '));
}
