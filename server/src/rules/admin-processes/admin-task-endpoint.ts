// admin-processes/admin-task-endpoint: an HTTP route of the web app whose path names a one-off admin task
// (backfill, purge, migrate, re-index, …): the task runs inside the web process instead of as a one-off process.
import { defineRule, type ProjectContext, type Range } from '../../core/types';
import { processesOf, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { MIGRATION_SITES } from '../../facts/migrations';
import { ADMIN_TASK_ROUTES as ROUTES } from '../../facts/admin-processes';
import { adminTaskEndpointJs } from '../../lang/js/checks/admin-processes/admin-task-endpoint';
import { adminTaskEndpointPy } from '../../lang/py/checks/admin-processes/admin-task-endpoint';
import { PY_TASK_VIEWS, PY_URL_ROUTES, type PyUrlRoute } from '../../facts/admin-processes';
import { ADMIN_WORDS, taskSegment, words } from '../../detect/adminTasks';
import { sourceLanguage } from '../../core/paths';
import { toPosix } from '../../util/text';
import * as path from 'path';

const ID = 'admin-processes/admin-task-endpoint';

const inside = (r: Range, outer: Range) =>
  (r.start.line > outer.start.line ||
    (r.start.line === outer.start.line && r.start.character >= outer.start.character)) &&
  (r.end.line < outer.end.line || (r.end.line === outer.end.line && r.end.character <= outer.end.character));

function checkProject(ctx: ProjectContext): void {
  const processes = processesOf(ctx.project, ctx.facts, ctx.workspace);
  for (const file of ctx.project.sources) {
    const facts = ctx.fact(file, ROUTES);
    if (!facts) continue;
    // Loaded only by a non-web process (an admin console run from the CLI, a worker): not the web app.
    if (
      processes.some((p) => p.type !== 'web' && p.reachable.has(file)) &&
      !processes.some((p) => p.type === 'web' && p.reachable.has(file))
    )
      continue;
    const migrations = ctx.fact(file, MIGRATION_SITES) ?? [];
    for (const f of facts) {
      if (migrations.some((m) => m.handler && f.bodies.some((b) => inside(m.range, b)))) continue;
      const message = f.runner
        ? ({ messageId: 'runsTasks', data: { route: f.route } } as const)
        : ({ messageId: 'runsTask', data: { route: f.route, task: f.task } } as const);
      ctx.report(file, f.range, message, {
        data: { route: f.route, task: f.task, runner: f.runner },
      });
    }
  }
  pythonUrlRoutes(ctx);
}

/**
 * Django URLconf entries routing to a view that runs a task (the Python check reports decorated routes itself): a view
 * running a command always, one doing bulk work when the route or the view is named for a task.
 */
function pythonUrlRoutes(ctx: ProjectContext): void {
  const files = ctx.project.files
    .filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py')
    .map((f) => f.path);
  const byRel = new Set(files.map((f) => toPosix(f)));
  for (const file of files) {
    for (const r of ctx.fact(file, PY_URL_ROUTES) ?? []) {
      for (const target of moduleFiles(file, r, files, byRel)) {
        const view = ctx.fact(target, PY_TASK_VIEWS)?.find((v) => v.name === r.name);
        if (!view) continue;
        const route = '/' + r.path;
        // The view's name counts on an admin route only (as for decorated routes: lang/py/checks/admin-processes).
        const admin =
          r.admin || !!view.admin || route.split('/').some((seg) => words(seg).some((w) => ADMIN_WORDS.has(w)));
        const shape = route.replace(/<[^<>/]*>|\(\?P<[^>/]*>[^/]*?\)/g, ':p');
        const byName = admin && !shape.includes(':p') ? view.task : undefined;
        const task =
          view.command ?? (view.bulk ? (taskSegment(shape, undefined, r.admin)?.segment ?? byName) : undefined);
        if (!task) continue;
        ctx.report(file, r.range, { messageId: 'runsTask', data: { route, task } }, { data: { route, task } });
        break;
      }
    }
  }
}

/** The files a URLconf's view module may be: this file, a relative module, or any file ending in the dotted path. */
function moduleFiles(file: string, r: PyUrlRoute, files: string[], all: Set<string>): string[] {
  if (r.module === '') return [file];
  const candidates = (base: string) => [`${base}.py`, `${base}/__init__.py`].filter((c) => all.has(c));
  if (r.module.startsWith('.')) {
    const dots = /^\.+/.exec(r.module)![0].length;
    let dir = path.posix.dirname(toPosix(file));
    for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
    const rest = r.module.slice(dots);
    return candidates(rest ? `${dir}/${rest.replace(/\./g, '/')}` : dir);
  }
  const suffix = '/' + r.module.replace(/\./g, '/');
  return files.filter((f) => {
    const p = toPosix(f);
    return p.endsWith(`${suffix}.py`) || p.endsWith(`${suffix}/__init__.py`);
  });
}

export const adminTaskEndpoint = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'admin-processes',
    severity: 'info',
    description:
      'An HTTP route of the web app that runs a one-off admin task (backfill, purge, migration, re-index) instead of a one-off process.',
    why: 'Admin tasks run as one-off processes from the same release (factor XII): inside the web process they share its memory and database pool with live traffic, leave no audit trail and hit the request timeout. Make the task a script (`npm run task:<name>`) run with `heroku run`, a Kubernetes Job or similar.',
    messages: {
      runsTasks: '{{route}} runs one-off admin tasks by name inside the web process.',
      runsTask: '{{route}} runs a one-off admin task ({{task}}) inside the web process.',
    },
  },
  uses: [MIGRATION_SITES],
  sources: [adminTaskEndpointJs, adminTaskEndpointPy],
  checkProject,
  appliesTo: (ctx: ProjectContext) =>
    processesOf(ctx.project, ctx.facts, ctx.workspace).some((p) => p.type === 'web') ||
    ctx.project.files.some((f) => !!ctx.fact(f.path, PY_URL_ROUTES) || !!ctx.fact(f.path, PY_TASK_VIEWS)),
});
