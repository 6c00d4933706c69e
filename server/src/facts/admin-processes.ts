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

/**
 * A Python view that runs a one-off admin task, by the name a URLconf imports it by (a top-level function or a
 * class-based view): admin-task-endpoint reports the `path()` that routes to it.
 */
export interface PyTaskView {
  name: string;
  range: Range;
  /** The command it runs (`call_command("rebuild_index")`): a task whatever the route is called. */
  command?: string;
  /** It does bulk work: a task when the route or this name names one (`task`). */
  bulk: boolean;
  /** The part of the view's name that names a task (`backfill_invoice_totals`): counts on an admin route. */
  task?: string;
  /** The view's file is an admin one (`ops/views.py`, `admin_views.py`). */
  admin?: boolean;
}
export const PY_TASK_VIEWS = ownFact<PyTaskView[]>('admin-processes/admin-task-endpoint', 'py-views');

/** A Django URLconf entry: `path("ops/backfill/", views.backfill)`, with the view's module as imported. */
export interface PyUrlRoute {
  range: Range;
  /** The route as written (`ops/backfill/`), regex anchors dropped. */
  path: string;
  /** The view's module: dotted (`billing.views`), relative (`.views`, `..core.views`), or '' for this file. */
  module: string;
  name: string;
  /** The URLconf is an admin one (`ops/urls.py`, `admin_urls.py`). */
  admin: boolean;
}
export const PY_URL_ROUTES = ownFact<PyUrlRoute[]>('admin-processes/admin-task-endpoint', 'py-urls');
