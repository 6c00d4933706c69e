// concurrency/scheduler-in-web-process: cron jobs and long-period timers started by the web process.
import * as path from 'path';
import { defineRule, type ProjectContext } from '../../core/types';
import { SCHEDULER_SITES as SITES } from '../../facts/concurrency';
import { schedulerInWebProcessJs } from '../../lang/js/checks/concurrency/scheduler-in-web-process';
import { processesOf, runsInWeb, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { toPosix } from '../../util/text';

const ID = 'concurrency/scheduler-in-web-process';

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

export const schedulerInWebProcess = defineRule({
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
  sources: [schedulerInWebProcessJs],
  checkProject,
  appliesTo: (ctx) => processesOf(ctx.project, ctx.facts, ctx.workspace).some((p) => p.type === 'web'),
});
