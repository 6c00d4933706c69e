import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'concurrency/in-app-process-manager';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags a cluster primary that forks again when a worker exits or disconnects', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['src/cluster.js:8', 'src/primary.ts:6', 'src/throng.ts:4']);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('cluster.js'))!;
    assert.strictEqual(f.severity, 'info');
    assert.strictEqual(f.message, 'This forks a new worker when one exits, so the app supervises its own processes.');
    assert.match(
      s.findings.find((x) => x.ruleId === ID && x.path.endsWith('primary.ts'))!.message,
      /when one disconnects/,
    );
    assert.strictEqual(
      s.findings.find((x) => x.ruleId === ID && x.path.endsWith('throng.ts'))!.message,
      'throng forks the workers and forks a new one whenever one exits, so the app supervises its own processes.',
    );
  });

  it('accepts forking without respawning, child_process.fork, throng with lifetime 0, a local throng(), tooling and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('flags supervisors in the container command (supervisord, s6-overlay, honcho) and uWSGI attach-daemon', async () => {
    const s = await scan(dir('py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'honcho/Dockerfile:4',
      's6/Dockerfile:5',
      'supervisor/Dockerfile:4',
      'uwsgi/uwsgi.ini:4',
      'uwsgi/uwsgi.ini:5',
    ]);
    const msg = (file: string, line: number) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file && f.range.start.line === line - 1)!
        .message;
    assert.strictEqual(
      msg('supervisor/Dockerfile', 4),
      "The Dockerfile CMD runs supervisord, which supervises the app's processes inside one container.",
    );
    assert.strictEqual(
      msg('uwsgi/uwsgi.ini', 5),
      'The uWSGI master runs `celery -A hc worker --pidf…e=/tmp/celery.pid` beside the web app (smart-attach-daemon).',
    );
  });

  it('accepts an /init that is not s6-overlay, a daemon only set by an if-env block, and dev images', async () => {
    assert.deepStrictEqual((await scan(dir('py-negative'))).where(ID), []);
  });
});
