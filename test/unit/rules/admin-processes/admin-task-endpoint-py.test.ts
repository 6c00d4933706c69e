// admin-processes/admin-task-endpoint in Python: handlers whose body runs a command, or bulk work named for a task.
import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, findingAt, scan } from '../../../helpers/engine';

const ID = 'admin-processes/admin-task-endpoint';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const py = (s: Awaited<ReturnType<typeof scan>>, id = ID) => s.where(id).filter((w) => w.startsWith('py-'));

describe(`${ID} (Python)`, () => {
  it('flags Flask, FastAPI and DRF routes and the Django URLconf entries of views that run a command or a named bulk task', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(py(s).sort(), [
      'py-django/shop/urls.py:12',
      'py-django/shop/urls.py:13',
      'py-django/shop/urls.py:14',
      'py-django/shop/urls.py:15',
      'py-django/shop/views.py:41',
      'py-fastapi/app/routes/ops.py:13',
      'py-fastapi/app/routes/ops.py:19',
      'py-fastapi/app/routes/ops.py:29',
      'py-flask/app/admin.py:10',
      'py-flask/app/admin.py:17',
    ]);
    const msg = (file: string, line: number) => findingAt(s, ID, file, line).message;
    assert.strictEqual(
      msg('py-flask/app/admin.py', 10),
      'POST /admin/reindex-search runs a one-off admin task (reindex-search) inside the web process.',
    );
    assert.strictEqual(
      msg('py-flask/app/admin.py', 17),
      'POST /admin/run runs a one-off admin task (backfill_orders) inside the web process.',
    );
    assert.strictEqual(
      msg('py-django/shop/urls.py', 13),
      '/maintenance/search/ runs a one-off admin task (`call_command("rebuild_index")`) inside the web process.',
    );
    assert.strictEqual(
      msg('py-django/shop/views.py', 41),
      'The action `JobViewSet.recalculate_totals()` runs a one-off admin task (recalculate_totals) inside the web process.',
    );
    assert.match(
      msg('py-fastapi/app/routes/ops.py', 13),
      /^POST \/ops\/schema\/rollback runs .*`command\.downgrade\(\)`/,
    );
  });

  it('accepts CRUD, health, queued tasks, cache flushes, names without the work, reports, per-record and per-user actions, DEBUG-only and unrouted views, commands and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(py(s), []);
    // The alembic upgrade in a route is migrations-on-boot's.
    assert.deepStrictEqual(py(s, 'admin-processes/migrations-on-boot'), ['py-flask/app/admin.py:42']);
  });
});
