// concurrency/scheduler-in-web-process: cron jobs and long-period timers started by the web process.
import * as path from 'path';
import { defineRule, type Message, type ProjectContext } from '../../core/types';
import { SCHEDULER_SITES as SITES, type SchedulerSite } from '../../facts/concurrency';
import { PACKAGE_CALLS } from '../../facts/migrations';
import { pythonModules, pythonProcesses, resolvePythonModule } from '../../model/pyProcesses';
import { schedulerInWebProcessJs } from '../../lang/js/checks/concurrency/scheduler-in-web-process';
import { schedulerInWebProcessPy } from '../../lang/py/checks/concurrency/scheduler-in-web-process';
import { isExamplePath, isTestPath, sourceLanguage } from '../../core/paths';
import { processesOf, runsInWeb, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { toPosix } from '../../util/text';

const ID = 'concurrency/scheduler-in-web-process';

function checkProject(ctx: ProjectContext): void {
  pythonHits(ctx);
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

/**
 * Python: a scheduler in a module that builds no web app (its check records the sites), started by a function that
 * the web app's start-up code calls (`start_background_jobs(app)` in `create_app()`, the package-calls fact), or
 * as a module loads that a web process imports (`gunicorn wsgi:app` → … → `jobs.py` starting it at module level).
 */
function pythonHits(ctx: ProjectContext): void {
  const { project } = ctx;
  const files = project.files
    .filter(
      (f) => f.kind === 'source' && sourceLanguage(f.path) === 'py' && !isTestPath(f.rel) && !isExamplePath(f.rel),
    )
    .map((f) => f.path);
  const withSites = files.filter((f) => ctx.fact(f, SITES)?.length);
  if (!withSites.length) return;
  const reported = new Set<string>();
  const report = (file: string, site: SchedulerSite, message: Message<'fromStartup' | 'inWeb'>) => {
    const key = `${file}:${site.range.start.line}:${site.range.start.character}`;
    if (reported.has(key)) return;
    reported.add(key);
    ctx.report(file, site.range, message);
  };
  const byModule = pythonModules(files, project.root);
  for (const file of files) {
    for (const call of ctx.fact(file, PACKAGE_CALLS) ?? []) {
      if (!call.startup) continue;
      const target = resolvePythonModule(call.pkg, file, byModule);
      if (!target || target === file) continue;
      for (const site of ctx.fact(target, SITES) ?? []) {
        if (!site.names.includes(call.name)) continue;
        const where = `${path.basename(file)}:${call.range.start.line + 1}`;
        report(target, site, { messageId: 'fromStartup', data: { scheduler: site.label, hook: call.startup, where } });
      }
    }
  }
  const web = pythonProcesses(project, ctx.workspace.root, ctx.facts, ctx.read).filter(
    (p) => p.type === 'web' && p.entry,
  );
  for (const file of withSites) {
    const p = web.find((w) => w.reachable.has(file));
    if (!p) continue;
    for (const site of ctx.fact(file, SITES) ?? [])
      if (site.onLoad)
        report(file, site, {
          messageId: 'inWeb',
          data: { scheduler: site.label, entry: toPosix(path.relative(project.root, p.entry!)) },
        });
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
      fromStartup: '{{scheduler}} schedules jobs inside the web process, started by {{hook}} ({{where}}).',
    },
  },
  sources: [schedulerInWebProcessJs, schedulerInWebProcessPy],
  uses: [PACKAGE_CALLS],
  checkProject,
  appliesTo,
});
