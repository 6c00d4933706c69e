// What the admin-processes rules' source checks record for their project halves, whatever the language.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';

/** A route of a file that runs a one-off admin task (admin-processes/admin-task-endpoint). */
export interface RouteFact {
  range: Range;
  /** `POST /internal/admin/backfill-totals` */
  route: string;
  /** The segment naming the task (`backfill-totals`), which the message names. */
  task: string;
  /** `tasks/:name/run`, `run-task`: runs whichever task it is given. */
  runner: boolean;
  /** The handler functions, to match migration sites inside them (migrations-on-boot reports those, not this rule). */
  bodies: Range[];
}
export const ADMIN_TASK_ROUTES = ownFact<RouteFact[]>('admin-processes/admin-task-endpoint', 'routes');
