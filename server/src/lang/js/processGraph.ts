// The process-graph fact of a JS/TS file (facts/processGraph.ts): servers and consumers it starts, imported
// functions it calls.
import type { GraphFact } from '../../facts/processGraph';
import type { JsExtractContext } from './context';
import { isDevOnly } from './devOnly';
import { importedCalls, LONG_RUNNING_TRIGGER, schedulerStarts, serverStarts, workerStarts } from './longRunning';
import { MIGRATION_TRIGGER } from './migrationSites';
import { ADMIN_TASK_TRIGGER, mayRouteAdminTask } from '../../detect/adminTasks';

/**
 * The files the graph is read from: those four rules read it from when each recorded it (migrations-on-boot,
 * scheduler-in-web-process, no-graceful-shutdown, admin-task-endpoint), so the model is what it was with every
 * rule on; it is now the engine's, extracted whichever rules run.
 */
export function graphTrigger(text: string): boolean {
  return LONG_RUNNING_TRIGGER.test(text) || MIGRATION_TRIGGER.test(text) || ADMIN_TASK_TRIGGER.test(text);
}

export function processGraph(ctx: JsExtractContext): GraphFact | undefined {
  if (!LONG_RUNNING_TRIGGER.test(ctx.text) && !MIGRATION_TRIGGER.test(ctx.text) && !mayRouteAdminTask(ctx))
    return undefined;
  const fact: GraphFact = {};
  if (serverStarts(ctx).some((c) => !isDevOnly(c))) fact.server = true;
  if (workerStarts(ctx).length || schedulerStarts(ctx).length) fact.worker = true;
  const calls = importedCalls(ctx);
  if (calls.length) fact.calls = calls;
  return fact.server || fact.worker || fact.calls ? fact : undefined;
}
