// Cheap text checks for files that may route a one-off admin task (admin-processes/admin-task-endpoint), shared with
// the process graph, which is read from the same files.
import type { FileContext } from '../core/types';
import { isCommandLineFile } from './appCode';

/** The task is in the route string, or (Next.js) in the file path: then any API route handler may be one. */
export const ADMIN_TASK_TRIGGER =
  /backfill|purge|migrat|index|rebuild|recalc|recomput|clean|seed|sync|repair|fix|reset|task|\breq\b|nextapi|export\s+default|export\s+(async\s+)?function\s+(get|post|put|patch|delete)\b|export\s+const\s+(get|post|put|patch|delete)\b/i;

/** A word that can name a task, in the code (a route string) or the path (Next.js): cheaper than finding routes. */
export const TASK_TEXT =
  /backfill|purge|migrat|re-?index|rebuild|recalc|recomput|clean-?up|\bseed|\b(re)?sync\b|repair|\bfix|reset|run-?task|\btasks\b/i;

/** Whether an app file (not a test, example or command-line script) may register a route that runs an admin task. */
export function mayRouteAdminTask(ctx: Pick<FileContext, 'rel' | 'text' | 'isTest' | 'isExample'>): boolean {
  if (ctx.isTest || ctx.isExample || isCommandLineFile(ctx.rel, ctx.text)) return false;
  return TASK_TEXT.test(ctx.rel) || TASK_TEXT.test(ctx.text);
}
