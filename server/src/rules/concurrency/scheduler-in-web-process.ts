// concurrency/scheduler-in-web-process: cron jobs and long-period timers started by the web process.
import * as path from 'path';
import { defineRule, type ProjectContext } from '../../core/types';
import { SCHEDULER_SITES as SITES } from '../../facts/concurrency';
import { schedulerInWebProcessJs } from '../../lang/js/checks/concurrency/scheduler-in-web-process';
import { schedulerInWebProcessPy } from '../../lang/py/checks/concurrency/scheduler-in-web-process';
import { isTestPath, sourceLanguage } from '../../core/paths';
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

/** Python web frameworks: a project whose Python code imports one has a web process (its check reports by itself). */
const PY_WEB = /^(flask|quart|fastapi|starlette|sanic|aiohttp|falcon|bottle|tornado|litestar|django)(\.|$)/;

function appliesTo(ctx: ProjectContext): boolean {
  if (processesOf(ctx.project, ctx.facts, ctx.workspace).some((p) => p.type === 'web')) return true;
  return ctx.project.files.some(
    (f) =>
      f.kind === 'source' &&
      sourceLanguage(f.path) === 'py' &&
      !isTestPath(f.rel) &&
      !!ctx.facts(f.path)?.imports.some((i) => PY_WEB.test(i.specifier)),
  );
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
      inWebModule: '{{scheduler}} schedules jobs inside the web process ({{where}}).',
    },
  },
  sources: [schedulerInWebProcessJs, schedulerInWebProcessPy],
  checkProject,
  appliesTo,
});
