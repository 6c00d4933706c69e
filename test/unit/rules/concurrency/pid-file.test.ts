import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'concurrency/pid-file';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags PID files written by code, PID-file packages, pm2 pid_file and --pid flags in start commands', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'Procfile:1',
      'ecosystem.config.js:2',
      'package.json:5',
      'src/npid.js:2',
      'src/pid-data.ts:3',
      'src/pid.js:2',
      'src/stream.js:3',
    ]);
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.match(
      msg('package.json'),
      /^The start script asks forever to write a PID file \(--pidFile \/var\/run\/app\.pid\)/,
    );
    assert.match(msg('src/pid.js'), /PID file \(\/var\/run\/app\.pid\)/);
    assert.match(msg('src/stream.js'), /\.\/run\/worker\.pid/);
  });

  it('accepts the PID in logs and status data, pid-named packages, scripts that are not start commands, and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it("flags Python PID files: gunicorn -p, celery --pidfile=…, a uWSGI pidfile option, os.getpid() written to a file, open('….pid', 'w'), python-daemon, gunicorn.conf.py", async () => {
    const s = await scan(dir('py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'Procfile:1',
      'Procfile:2',
      'app/daemon_runner.py:6',
      'app/legacy.py:7',
      'app/poller.py:7',
      'app/poller.py:8',
      'app/worker.py:9',
      'gunicorn.conf.py:2',
      'uwsgi/app.ini:4',
    ]);
    const msg = (rel: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === rel)!.message;
    assert.strictEqual(msg('app/worker.py'), 'This writes the process id to a PID file (/var/run/ingest-worker.pid).');
    assert.strictEqual(msg('app/daemon_runner.py'), 'python-daemon writes a PID file for this process.');
    assert.strictEqual(msg('gunicorn.conf.py'), 'This gunicorn config writes a PID file (/tmp/gunicorn.pid).');
    assert.strictEqual(
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === 'uwsgi/app.ini')!.message,
      'The uWSGI config that the Dockerfile CMD loads writes a PID file (pidfile = /tmp/uwsgi.pid).',
    );
  });

  it("accepts celery's empty --pidfile= (which writes none), /dev/null, the PID logged, printed or in status JSON, pidfile=None, tests and scripts", async () => {
    assert.deepStrictEqual((await scan(dir('py-negative'))).where(ID), []);
  });
});
