// concurrency/scheduler-in-web-process in JS/TS: the schedulers a file starts (not dev-only, not behind a
// distributed lock), recorded for the project half, which knows which of them the web process loads.
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext } from '../../context';
import { isDevOnly } from '../../devOnly';
import { LONG_RUNNING_TRIGGER, schedulerStarts, scopeOf } from '../../longRunning';
import { SCHEDULER_SITES, type SchedulerSite } from '../../../../facts/concurrency';

/** A job that takes a distributed lock first runs once across instances: pg advisory locks, Redlock, SET NX. */
const LOCKED = /pg_(try_)?advisory_(xact_)?lock|redlock|acquireLock|withLock|tryLock|setnx|['"]NX['"]/i;

/** The job's code: the decorated method (`@Cron()`), or the functions passed to the scheduling call. */
function jobText(ctx: JsExtractContext, node: ts.Node): string {
  if (ts.isDecorator(node.parent) && node.parent.parent) return node.parent.parent.getText(ctx.sourceFile);
  if (ts.isDecorator(node) && node.parent) return node.parent.getText(ctx.sourceFile);
  const args = ts.isCallExpression(node) || ts.isNewExpression(node) ? (node.arguments ?? []) : [];
  return args
    .filter((a) => ts.isFunctionLike(a) || ts.isObjectLiteralExpression(a))
    .map((a) => a.getText(ctx.sourceFile))
    .join('\n');
}

export const schedulerInWebProcessJs = jsCheck<never>({
  trigger: LONG_RUNNING_TRIGGER,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const sites: SchedulerSite[] = [];
    for (const s of schedulerStarts(ctx)) {
      if (isDevOnly(s.node) || LOCKED.test(jobText(ctx, s.node))) continue;
      // Point at the callee (`cron.schedule`); the job body may span many lines.
      const callee = ts.isCallExpression(s.node) || ts.isNewExpression(s.node) ? s.node.expression : s.node;
      const range = { start: ctx.rangeOf(s.node).start, end: ctx.rangeOf(callee).end };
      sites.push({ range, label: s.label, ...scopeOf(ctx, s.node) });
    }
    if (sites.length) ctx.record(SCHEDULER_SITES, sites);
  },
});
