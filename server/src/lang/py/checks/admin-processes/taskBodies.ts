// What a request handler's body does that makes it a one-off admin task (admin-processes/admin-task-endpoint):
// - runs a management or migration command: `call_command("rebuild_index")`, alembic's `command.downgrade(…)`,
//   a subprocess of `manage.py <command>`, `alembic …` or `flask …` (a command, whatever the route is called);
// - bulk work over a table: a loop over a query that writes (`for inv in Invoice.objects.filter(…): inv.save()`), or
//   a bulk statement (`.objects.filter(…).update(…)`, `bulk_update`, `session.execute(update(…))`), or a call of a
//   function named for a task (`rebuild_search_index()`): a task only when the route or the view is named for one;
// - hands the work to a queue (`.delay()`, `.apply_async()`, `enqueue()`): the right pattern, never a finding.
import type { SyntaxNode } from '../../parse';
import { callArgs, childrenOf, dottedName, resolveName, stringValue } from '../../syntax';
import type { PyProcessRun } from '../../childProcess';
import { isPythonMigration, pySubcommands, pythonInvocation } from '../../../../platform/pyCommand';
import { taskSegment } from '../../../../detect/adminTasks';
import { excerpt } from '../../../../util/redact';

export interface TaskEvidence {
  /** A command the body runs (`call_command("rebuild_index")`), and whether it is a schema migration. */
  command?: { label: string; migration: boolean };
  /** Bulk work over a table, or a call of a task-named function (`rebuild_index()`). */
  bulk: boolean;
  /** The body hands work to a queue or job runner. */
  enqueues: boolean;
}

const CALL_COMMAND = /^django\.core\.management\.call_command$/;
/** alembic's and Flask-Migrate's command API: what they run is a migration command whatever its arguments. */
const MIGRATION_API = /^(alembic\.command|flask_migrate)\.(upgrade|downgrade|stamp|merge|revision|migrate)$/;
/** Command-line programs whose subcommands are the app's admin tasks. */
const TASK_TOOLS = new Set(['django', 'alembic', 'flask']);
/** Calls whose iterable reads rows: Django querysets, SQLAlchemy, peewee, MongoDB, Redis scans. */
const QUERY_METHOD =
  /^(all|filter|filter_by|exclude|iterator|values|values_list|only|defer|select_related|prefetch_related|order_by|distinct|query|scalars|execute|yield_per|select|find|scan_iter|keys|in_bulk)$/;
/** Calls that write a row, a cache entry or an index document. */
const WRITE_METHOD =
  /^(save|add|add_all|merge|update|update_one|update_many|update_or_create|get_or_create|create|delete|set|hset|hmset|mset|setex|sadd|zadd|rpush|lpush|put|put_item|index|upsert|replace_one|insert_one|insert|bulk_update|bulk_create|commit)$/;
/** Bulk statements on their own: a whole queryset's `.update()`/`.delete()`, `bulk_update`, `update_many`. */
const BULK_METHOD = /^(bulk_update|bulk_create|update_many|delete_many)$/;
/** Handing work to Celery, RQ, Dramatiq, Huey, taskiq or a queue client. */
const ENQUEUE_METHOD = /^(delay|apply_async|send_task|enqueue\w*|send_with_options|kiq|signature)$/;
const ENQUEUE_FN = /^(enqueue\w*|send_task|async_task|run_async)$/;

/** Every call inside `node` (nested functions included), in source order. */
function callsIn(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  const end = node.to;
  while (cursor.next() && cursor.from < end) if (cursor.name === 'CallExpression') out.push(cursor.node);
  return out;
}

function methodOf(text: string, call: SyntaxNode): string | undefined {
  const callee = call.firstChild;
  if (callee?.name === 'MemberExpression') {
    const prop = callee.lastChild;
    return prop?.name === 'PropertyName' ? text.slice(prop.from, prop.to) : undefined;
  }
  return callee?.name === 'VariableName' ? text.slice(callee.from, callee.to) : undefined;
}

/** The receiver chain of a method call as text (`Invoice.objects.filter(total=None)` for `.update(…)`). */
function receiverText(text: string, call: SyntaxNode): string {
  const callee = call.firstChild;
  return callee?.name === 'MemberExpression' && callee.firstChild
    ? text.slice(callee.firstChild.from, callee.firstChild.to)
    : '';
}

/** Whether an expression reads rows: it holds a query call, or is a local name assigned one in `fn`. */
function readsRows(text: string, expr: SyntaxNode, fn: SyntaxNode, depth = 0): boolean {
  if (expr.name === 'VariableName' && depth < 2) {
    const name = text.slice(expr.from, expr.to);
    for (const c of callsInAssignments(text, fn, name)) if (readsRows(text, c, fn, depth + 1)) return true;
    return false;
  }
  const calls = expr.name === 'CallExpression' ? [expr, ...callsIn(expr)] : callsIn(expr);
  return calls.some((c) => {
    const m = methodOf(text, c);
    return !!m && QUERY_METHOD.test(m) && (c.firstChild?.name === 'MemberExpression' || m === 'select');
  });
}

/** The values assigned to `name` in a function's body. */
function callsInAssignments(text: string, fn: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = fn.cursor();
  const end = fn.to;
  while (cursor.next() && cursor.from < end) {
    if (cursor.name !== 'AssignStatement') continue;
    const kids = childrenOf(cursor.node);
    if (kids.length === 3 && kids[0].name === 'VariableName' && text.slice(kids[0].from, kids[0].to) === name)
      out.push(kids[2]);
  }
  return out;
}

/** A label for a command line a subprocess runs, if it runs one of the app's admin commands. */
function commandRun(argv: string[]): { label: string; migration: boolean } | undefined {
  const inv = pythonInvocation(argv);
  if (!inv || !TASK_TOOLS.has(inv.tool)) return undefined;
  const sub = pySubcommands(inv);
  if (!sub.length || (inv.tool === 'flask' && /^(run|shell|routes)$/.test(sub[0]))) return undefined;
  if (inv.tool === 'django' && /^(runserver|shell|check|help|version)$/.test(sub[0])) return undefined;
  const head = inv.tool === 'django' ? 'manage.py' : inv.tool;
  return {
    label: `\`${excerpt(`${head} ${sub.slice(0, 2).join(' ')}`, 40, 37)}\``,
    migration: isPythonMigration(argv),
  };
}

/** The evidence in one handler function (`runs`: the file's process runs; `bindings`: its import bindings). */
export function taskEvidence(
  text: string,
  fn: SyntaxNode,
  bindings: ReadonlyMap<string, string>,
  runs: readonly PyProcessRun[],
): TaskEvidence {
  const out: TaskEvidence = { bulk: false, enqueues: false };
  const setCommand = (label: string, migration: boolean) => {
    // A task other than a migration wins: migrations-on-boot reports migrations in route handlers.
    if (!out.command || (out.command.migration && !migration)) out.command = { label, migration };
  };
  for (const call of callsIn(fn)) {
    const written = dottedName(text, call.firstChild);
    const resolved = written ? resolveName(written, bindings) : undefined;
    const method = methodOf(text, call);
    if (resolved && CALL_COMMAND.test(resolved)) {
      const name = stringValue(text, callArgs(text, call).positional[0]);
      if (name) setCommand(`\`call_command("${excerpt(name, 30, 27)}")\``, /^(migrate|migrate_schemas)$/.test(name));
      continue;
    }
    if (resolved && MIGRATION_API.test(resolved)) {
      setCommand(`\`${written}()\``, /\.upgrade$/.test(resolved));
      continue;
    }
    if (!method) continue;
    if (
      (call.firstChild?.name === 'MemberExpression' && ENQUEUE_METHOD.test(method)) ||
      (call.firstChild?.name === 'VariableName' && ENQUEUE_FN.test(method))
    ) {
      out.enqueues = true;
      continue;
    }
    if (BULK_METHOD.test(method)) out.bulk = true;
    else if (
      (method === 'update' || method === 'delete') &&
      /\.objects\b|\.query\(|\.filter\(/.test(receiverText(text, call))
    )
      out.bulk = true;
    else if (method === 'execute' && /^\s*\(\s*(update|delete)\s*\(/.test(text.slice(call.lastChild!.from, call.to)))
      out.bulk = true;
    // rebuild_search_index(), services.backfill_totals(db); not `random.seed()`: one word names no task.
    else if (/[a-z0-9]_[a-z]/i.test(method) && taskSegment(`/${method}`, undefined, false)) out.bulk = true;
  }
  for (const r of runs) {
    if (r.call.from < fn.from || r.call.to > fn.to) continue;
    for (const argv of r.argvs) {
      const c = commandRun(argv);
      if (c) setCommand(c.label, c.migration);
    }
  }
  if (!out.bulk) out.bulk = writesInLoop(text, fn);
  return out;
}

/** A `for` loop over rows whose body writes. */
function writesInLoop(text: string, fn: SyntaxNode): boolean {
  const cursor = fn.cursor();
  const end = fn.to;
  while (cursor.next() && cursor.from < end) {
    if (cursor.name !== 'ForStatement') continue;
    const loop = cursor.node;
    const kids = childrenOf(loop);
    const at = kids.findIndex((k) => k.name === 'in');
    const iterable = kids[at + 1];
    const body = kids.find((k) => k.name === 'Body');
    if (!iterable || !body || !readsRows(text, iterable, fn)) continue;
    if (callsIn(body).some((c) => WRITE_METHOD.test(methodOf(text, c) ?? ''))) return true;
    // `for invoice in Invoice.query: invoice.total = …` then `db.session.commit()`: the ORM's unit of work writes
    // every row the loop changed.
    const target = kids[at - 1];
    const name = target?.name === 'VariableName' ? text.slice(target.from, target.to) : undefined;
    if (name && setsAttributeOf(text, body, name) && callsIn(fn).some((c) => COMMIT.test(methodOf(text, c) ?? '')))
      return true;
  }
  return false;
}

/** Unit-of-work flushes: SQLAlchemy's session, Django's transaction-less save is a WRITE_METHOD already. */
const COMMIT = /^(commit|flush)$/;

/** Whether a loop body assigns an attribute of its loop variable (`row.total = …`, `row.total += …`). */
function setsAttributeOf(text: string, body: SyntaxNode, name: string): boolean {
  const cursor = body.cursor();
  const end = body.to;
  while (cursor.next() && cursor.from < end) {
    if (cursor.name !== 'AssignStatement' && cursor.name !== 'UpdateStatement') continue;
    const first = cursor.node.firstChild;
    if (first?.name === 'MemberExpression' && first.firstChild?.name === 'VariableName') {
      if (text.slice(first.firstChild.from, first.firstChild.to) === name) return true;
    }
  }
  return false;
}
