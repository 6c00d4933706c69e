// disposability/no-graceful-shutdown in Python: a long-running worker the file runs itself (lang/py/longRunning.ts:
// a polling `while True:` loop, a consumer, a BlockingScheduler, an event loop run forever, reached from the file's
// top level, its `__main__` block or a management command's handle()) with no SIGTERM handler in the file. Python's
// default for SIGTERM is to die on the spot: no `finally`, no `with` exit, the job in hand lost. Per file: which
// Procfile or Dockerfile line runs it is not needed, the entry point in the file says it is run.
import { pyCheck } from '../../context';
import { LongRunning, sigtermHandling, type LongRunningSite } from '../../longRunning';
import { isPyAppCode } from '../appFiles';

type Id = 'noHandler' | 'onlySigint' | 'handlerOnlyLogs' | 'handlerDoesNothing';

const WHAT: Record<LongRunningSite['what'], string> = {
  loop: 'The worker loop',
  consumer: 'The consumer',
  scheduler: 'The scheduler',
  'event loop': 'The event loop',
};

function describe(site: LongRunningSite): string {
  const where =
    site.entry === 'main'
      ? 'run from `__main__`'
      : site.entry === 'command'
        ? `of the \`${site.command}\` management command`
        : 'started at module level';
  return `${WHAT[site.what]} ${where}`;
}

export const noGracefulShutdownPy = pyCheck<Id>({
  trigger: /\bwhile\s+(True|1)\s*:|start_consuming|BlockingScheduler|run_forever|\.listen\(|\.consume\(|KafkaConsumer/,
  check(ctx) {
    if (!isPyAppCode(ctx)) return;
    const lr = new LongRunning(ctx);
    const site = lr.sites()[0];
    if (!site) return;
    const sigterm = sigtermHandling(ctx, lr.bindings);
    if (sigterm.handles) return;
    const process = describe(site);
    const ignored = sigterm.ignored[0];
    if (ignored) {
      // A handler that only logs replaces the default exit: the process outlives SIGTERM until it is SIGKILLed.
      const callee = ignored.call.firstChild!;
      ctx.report(
        { start: ctx.rangeOf(ignored.call).start, end: ctx.rangeOf(callee).end },
        { messageId: ignored.empty ? 'handlerDoesNothing' : 'handlerOnlyLogs', data: { process } },
        { data: { kind: 'worker', process: 'worker', ignored: true } },
      );
      return;
    }
    ctx.report(
      ctx.rangeOf(site),
      { messageId: sigterm.sigint ? 'onlySigint' : 'noHandler', data: { process } },
      { data: { kind: 'worker', process: 'worker', entry: site.entry, sigint: sigterm.sigint } },
    );
  },
});
