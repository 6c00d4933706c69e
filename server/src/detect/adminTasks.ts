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

// What a route path says: the words and segments that name a one-off task (shared by the JS and Python checks).

/** Words that name a one-off task wherever they appear in a path: no product feature is called this. */
const TASK_VERBS = new Set(['backfill', 'migrate', 'reindex', 'seed']);
/** The same tasks as nouns: `POST /admin/migrations` runs them, `GET /admin/migrations` may just list them. */
const TASK_NOUNS = new Set(['backfills', 'migration', 'migrations', 'reindexes']);
/**
 * Verbs that name a task when the segment says what they act on (`purge-orphans`, `recalculate-totals`); alone they
 * are often a product action on the resource before them (`/trash/purge`, `/cart/recalculate`).
 */
const NAMED_VERBS = new Set(['purge', 'cleanup', 'recalculate', 'recalc', 'recompute', 'resync']);
/** Verbs that name a task only under an admin-like prefix (`/admin/sync`, not `/calendar/sync`). */
const GENERIC_VERBS = new Set(['rebuild', 'sync', 'repair', ...NAMED_VERBS]);
/** Caches and CDNs are flushed in an instant: an operational action, not a data task. */
const CACHE = /^(cache|caches|cdn)$/;
/** Prefixes that mark maintenance routes. Not `tasks`: in a to-do app `/tasks/sync` is the product. */
export const ADMIN_WORDS = new Set([
  'admin',
  'administration',
  'internal',
  'ops',
  'maintenance',
  'backoffice',
  'superadmin',
  'sysadmin',
]);
/** `reset-password` and friends are user flows, not data tasks. */
const ACCOUNT_WORDS =
  /^(password|passwd|pass|pin|token|tokens|mfa|2fa|totp|otp|credentials?|secret|email|login|session|sessions|link|api|key|keys|account|username)$/;
/** Called by other systems or a scheduler, not run by hand: webhooks, OAuth callbacks, platform cron routes. */
const NOT_ADMIN = /^(webhooks?|hooks?|callbacks?|cron|crons|scheduled?)$/;
/** A route that reports on a task rather than running it. */
const READ_ONLY = /^(status|progress|history|logs?|report|reports|stats|preview)$/;
/** Word pairs a path may split: `re-index`, `clean-up`, `reIndex`, `back_fill`. */
const JOINED = new Set(['reindex', 'cleanup', 'resync', 'rebuild', 'recalculate', 'recompute', 'backfill']);
export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `backfill-totals` → backfill, totals; `reIndex` → reindex; `run_task` → run, task. */
export function words(segment: string): string[] {
  const raw = segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (i + 1 < raw.length && JOINED.has(raw[i] + raw[i + 1])) {
      out.push(raw[i] + raw[i + 1]);
      i++;
    } else out.push(raw[i]);
  }
  return out;
}

/** `:id`, `{id}`, `[id]`, `[...slug]`, `*`, `(.*)`: a parameter names one record, so the route acts on that record. */
export function isParam(segment: string): boolean {
  return /^(:|\{|\[|\*|\()/.test(segment);
}

/**
 * The segment of `route` that names a one-off task, if any. `method` is the HTTP verb (upper case) or undefined
 * when the route takes any. `adminContext`: the router, its prefix or its file says it is an admin router.
 */
export function taskSegment(
  route: string,
  method: string | undefined,
  adminContext: boolean,
): { segment: string; runner: boolean } | undefined {
  const segments = route.split('/').filter(Boolean);
  const segWords = segments.map((s) => (isParam(s) ? [] : words(s)));
  if (segWords.some((w) => w.some((x) => NOT_ADMIN.test(x) || READ_ONLY.test(x) || CACHE.test(x)))) return undefined;
  const read = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  const write = !!method && WRITE_METHODS.has(method);
  for (let i = 0; i < segments.length; i++) {
    if (isParam(segments[i])) continue;
    const w = segWords[i];
    const before = segments.slice(0, i);
    // `/users/:id/purge` deletes one user's data on request: a product feature, not a maintenance task.
    const perRecord = before.some(isParam);
    const admin = adminContext || segWords.slice(0, i).some((ws) => ws.some((x) => ADMIN_WORDS.has(x)));
    // tasks/run, run-task: a generic task runner, whatever the task. `tasks/:id/run` only under an admin prefix:
    // automation and CI products run their users' tasks that way.
    if (w.length === 1 && (w[0] === 'tasks' || w[0] === 'task') && !read) {
      const next = segments[i + 1] ?? '';
      const afterParam = isParam(next) && admin ? (segments[i + 2] ?? '') : next;
      if (!isParam(afterParam) && /^(run|execute|exec|trigger)$/.test(words(afterParam)[0] ?? ''))
        return { segment: segments[i], runner: true };
    }
    if (w[0] === 'run' && (w[1] === 'task' || w[1] === 'tasks') && !read) return { segment: segments[i], runner: true };
    if (perRecord) continue;
    if (read && w.some((x) => TASK_NOUNS.has(x))) continue;
    if (w.some((x) => TASK_VERBS.has(x))) return { segment: segments[i], runner: false };
    if (NAMED_VERBS.has(w[0]) && w.length > 1 && !(w.length === 2 && w[1] === 'all'))
      return { segment: segments[i], runner: false };
    if (write && w.some((x) => TASK_NOUNS.has(x))) return { segment: segments[i], runner: false };
    // fix-totals, fix-orphaned-uploads: a data fix.
    if (w[0] === 'fix' && w.length > 1 && !read) return { segment: segments[i], runner: false };
    if (!admin || read) continue;
    if (w[0] === 'reset' && w.length > 1 && !w.slice(1).some((x) => ACCOUNT_WORDS.test(x)))
      return { segment: segments[i], runner: false };
    if (w.some((x) => GENERIC_VERBS.has(x))) return { segment: segments[i], runner: false };
  }
  return undefined;
}
