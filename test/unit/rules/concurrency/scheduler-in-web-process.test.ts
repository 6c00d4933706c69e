import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'concurrency/scheduler-in-web-process';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags cron, node-schedule, agenda, Nest @Cron and day-long setInterval jobs the web process starts', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'agenda/src/index.ts:8',
      'nest-cron/src/tasks.service.ts:6',
      // Python, per file: the module builds the web app (or is the Django AppConfig) and starts the scheduler.
      'py-django/shop/apps.py:13',
      // Another module's function the app factory calls; a module the WSGI module imports, starting it as it loads.
      'py-factory-jobs/orders/jobs.py:12',
      // The lifespan's asyncio loop, a scheduler the lifespan starts through start_jobs(), @repeat_every.
      'py-fastapi/main.py:17',
      'py-fastapi/main.py:22',
      'py-fastapi/main.py:32',
      // APScheduler, schedule.every() run by a thread, a day-long re-arming threading.Timer.
      'py-flask/app.py:14',
      'py-flask/app.py:16',
      'py-flask/app.py:30',
      'py-imported-scheduler/portal/cron.py:11',
      'web-cron/src/jobs.js:6',
      'web-cron/src/jobs.js:7',
      'web-cron/src/jobs.js:8',
      'web-cron/src/jobs.js:9',
      // REFRESH MATERIALIZED VIEW and a 'refreshed' log line are job text, not token or cache upkeep.
      'web-cron/src/views.js:4',
      'web-cron/src/views.js:8',
    ]);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.strictEqual(f.severity, 'info');
    assert.match(f.message, /loaded from src\/index\.ts/);
    const msg = (file: string) => s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === file)!.message;
    assert.strictEqual(
      msg('py-flask/app.py'),
      "APScheduler's BackgroundScheduler schedules jobs inside the web process (this module builds the Flask app).",
    );
    assert.match(msg('py-django/shop/apps.py'), /\(this module holds the Django AppConfig\)\.$/);
    assert.strictEqual(
      msg('py-factory-jobs/orders/jobs.py'),
      'schedule.every() schedules jobs inside the web process, started by the app factory `create_app()` (__init__.py:9).',
    );
    assert.strictEqual(
      msg('py-imported-scheduler/portal/cron.py'),
      "APScheduler's BackgroundScheduler schedules jobs inside the web process (loaded from portal/wsgi.py).",
    );
  });

  it('accepts schedulers in their own process, functions only a worker calls, upkeep timers, dev-only jobs and tests', async () => {
    // Python too: Celery beat, a clock process, a jobs module that builds no web app, token/metrics upkeep and short
    // loops, `if DEBUG:` and a `__main__` development server, a distributed lock, tests; a jobs module the app factory
    // calls only when debugging, one only the clock process imports (also from a CLI command of the web module), one
    // the web imports that starts nothing on load.
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
