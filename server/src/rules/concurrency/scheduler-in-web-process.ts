// concurrency/scheduler-in-web-process: cron jobs and long-period timers started by the web process.
import { ownFact } from '../../core/facts';
import * as path from 'path';
import * as ts from 'typescript';
import type { ProjectContext, Range, Rule, SourceContext } from '../../core/types';
import { isDevOnly } from '../../detect/devOnly';
import { LONG_RUNNING_TRIGGER, schedulerStarts, scopeOf, type SiteScope } from '../../detect/longRunning';
import { processesOf, runsInWeb, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { toPosix } from '../../util/text';

const ID = 'concurrency/scheduler-in-web-process';

interface SchedulerSite extends SiteScope {
  range: Range;
  label: string;
}
const SITES = ownFact<SchedulerSite[]>(ID, 'sites');

/** A job that takes a distributed lock first runs once across instances: pg advisory locks, Redlock, SET NX. */
const LOCKED = /pg_(try_)?advisory_(xact_)?lock|redlock|acquireLock|withLock|tryLock|setnx|['"]NX['"]/i;

/** The job's code: the decorated method (`@Cron()`), or the functions passed to the scheduling call. */
function jobText(ctx: SourceContext, node: ts.Node): string {
  if (ts.isDecorator(node.parent) && node.parent.parent) return node.parent.parent.getText(ctx.sourceFile);
  if (ts.isDecorator(node) && node.parent) return node.parent.getText(ctx.sourceFile);
  const args = ts.isCallExpression(node) || ts.isNewExpression(node) ? (node.arguments ?? []) : [];
  return args
    .filter((a) => ts.isFunctionLike(a) || ts.isObjectLiteralExpression(a))
    .map((a) => a.getText(ctx.sourceFile))
    .join('\n');
}

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const sites: SchedulerSite[] = [];
  for (const s of schedulerStarts(ctx)) {
    if (isDevOnly(s.node) || LOCKED.test(jobText(ctx, s.node))) continue;
    // Point at the callee (`cron.schedule`); the job body may span many lines.
    const callee = ts.isCallExpression(s.node) || ts.isNewExpression(s.node) ? s.node.expression : s.node;
    const range = { start: ctx.rangeOf(s.node).start, end: ctx.rangeOf(callee).end };
    sites.push({ range, label: s.label, ...scopeOf(ctx, s.node) });
  }
  if (sites.length) ctx.record(SITES, sites);
}

function checkProject(ctx: ProjectContext): void {
  const processes = processesOf(ctx.project, ctx.facts, ctx.workspace);
  if (!processes.some((p) => p.type === 'web')) return;
  for (const file of ctx.project.sources) {
    const sites = ctx.fact(file, SITES);
    if (!sites) continue;
    for (const site of sites) {
      if (!runsInWeb(file, site, processes, ctx.facts)) continue;
      const web = processes.find((p) => p.type === 'web' && p.reachable.has(file))!;
      const via = toPosix(path.relative(ctx.project.root, web.entry));
      ctx.report(file, site.range, { messageId: 'inWeb', data: { scheduler: site.label, entry: via } });
    }
  }
}

export const schedulerInWebProcess: Rule = {
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'concurrency',
    severity: 'info',
    description: 'A cron or interval job started inside the web process instead of a process type of its own.',
    why: "Scale out by process type (factor VIII): a schedule in the web process runs once per web instance, and restarts skip or repeat runs. Run schedules in a process type of their own (a Procfile 'clock:' or 'worker:' entry).",
    messages: {
      inWeb: '{{scheduler}} schedules jobs inside the web process (loaded from {{entry}}).',
    },
  },
  trigger: LONG_RUNNING_TRIGGER,
  checkSource,
  checkProject,
  appliesTo: (ctx) => processesOf(ctx.project, ctx.facts, ctx.workspace).some((p) => p.type === 'web'),
};
