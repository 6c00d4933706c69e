// admin-processes/admin-task-endpoint: an HTTP route of the web app whose path names a one-off admin task
// (backfill, purge, migrate, re-index, …): the task runs inside the web process instead of as a one-off process.
import { defineRule, type ProjectContext, type Range } from '../../core/types';
import { processesOf, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { MIGRATION_SITES } from '../../facts/migrations';
import { ADMIN_TASK_ROUTES as ROUTES } from '../../facts/admin-processes';
import { adminTaskEndpointJs } from '../../lang/js/checks/admin-processes/admin-task-endpoint';

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
  sources: [adminTaskEndpointJs],
  checkProject,
  appliesTo: (ctx: ProjectContext) => processesOf(ctx.project, ctx.facts, ctx.workspace).some((p) => p.type === 'web'),
});
