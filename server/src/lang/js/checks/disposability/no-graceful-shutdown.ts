// disposability/no-graceful-shutdown in JS/TS: the servers, consumers and loops a file starts and how it handles
// SIGTERM, recorded for the project half, which knows which process loads the file.
import * as ts from 'typescript';
import type { Range } from '../../../../core/types';
import { jsCheck } from '../../context';
import { dottedName } from '../../astUtil';
import { isDevOnly } from '../../devOnly';
import {
  LONG_RUNNING_TRIGGER,
  handlesOnlySigint,
  intervalLoops,
  sigtermHandling,
  schedulerStarts,
  serverStarts,
  workerStarts,
} from '../../longRunning';
import { SHUTDOWN_FACT, type ShutdownFact, type ShutdownSite } from '../../../../facts/disposability';

export const noGracefulShutdownJs = jsCheck<never>({
  trigger: LONG_RUNNING_TRIGGER,
  check(ctx) {
    const sites: ShutdownSite[] = [];
    if (!ctx.isTest && !ctx.isExample) {
      const at = (n: ts.Node): Range => {
        // The callee (`app.listen`, `new Worker`) is enough to point at; the arguments may span many lines.
        const callee = ts.isCallExpression(n) || ts.isNewExpression(n) ? n.expression : n;
        const r = ctx.rangeOf(n);
        return { start: r.start, end: ctx.rangeOf(callee).end };
      };
      for (const c of serverStarts(ctx))
        if (!isDevOnly(c))
          sites.push({ range: at(c), label: `${dottedName(c.expression) ?? 'listen'}()`, kind: 'server' });
      for (const s of [...workerStarts(ctx), ...schedulerStarts(ctx)])
        if (!isDevOnly(s.node)) sites.push({ range: at(s.node), label: s.label, kind: 'worker' });
      for (const s of intervalLoops(ctx)) sites.push({ range: at(s.node), label: s.label, kind: 'interval' });
    }
    const sigterm = sigtermHandling(ctx);
    const fact: ShutdownFact = { sites, handles: sigterm.handles, sigintOnly: handlesOnlySigint(ctx) };
    if (sigterm.ignored.length)
      fact.ignored = sigterm.ignored.map(({ call, empty }) => ({
        range: { start: ctx.rangeOf(call).start, end: ctx.rangeOf(call.expression).end },
        empty,
      }));
    if (sites.length || fact.handles || fact.sigintOnly || fact.ignored) ctx.record(SHUTDOWN_FACT, fact);
  },
});
