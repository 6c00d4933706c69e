import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'concurrency/daemonizes';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags pm2 start, forever start and & in start commands, detached+unref children and daemon packages', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'Dockerfile.worker:3',
      'Dockerfile:4',
      'Procfile:1',
      'package.json:5',
      'package.json:6',
      'package.json:8',
      'src/chained.ts:2',
      'src/daemon.js:1',
      'src/spawn-detached.js:2',
    ]);
    const msg = (file: string, line: number) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file && f.range.start.line === line - 1)!
        .message;
    assert.match(
      msg('package.json', 5),
      /^The start script daemonizes: `pm2 start` hands the app to a background pm2 daemon/,
    );
    assert.match(
      msg('package.json', 8),
      /^The worker script \(run by the Procfile 'worker' process\) daemonizes: `forever start`/,
    );
    assert.match(msg('Procfile', 1), /`node dist\/worker\.js &` starts an unsupervised background process/);
  });

  it('accepts foreground runners, non-start scripts, earlier build stages, attached children, local modules, tooling and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('leaves test fixtures and examples inside the workspace alone', async () => {
    const pkg = '{ "name": "f", "version": "1.0.0", "scripts": { "start": "pm2 start app.js" } }';
    const s = await scanFiles({
      'package.json': '{ "name": "root", "version": "1.0.0" }',
      'test/fixtures/app/package.json': pkg,
      'examples/demo/package.json': pkg,
    });
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fixes start commands to run in the foreground', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const at = (file: string, line: number) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file && f.range.start.line === line - 1)!;

    const pm2 = fixFor(
      s,
      at('package.json', 5),
      /^Run in the foreground: pm2-runtime start ecosystem\.config\.js --env production$/,
    );
    assert.ok(!pm2.preferred);
    applyFix(pm2);
    s = await scan(root);
    applyFix(fixFor(s, at('package.json', 6), /^Run in the foreground/));
    s = await scan(root);
    applyFix(fixFor(s, at('package.json', 8), /^Run in the foreground/));
    s = await scan(root);
    const scripts = JSON.parse(read(root, 'package.json')).scripts;
    assert.strictEqual(scripts.start, 'pm2-runtime start ecosystem.config.js --env production');
    assert.strictEqual(scripts['start:prod'], 'NODE_ENV=production node dist/server.js > out.log 2>&1');
    assert.strictEqual(scripts.worker, 'forever dist/worker.js');
    assert.strictEqual(scripts.dev, 'nodemon src/server.js & tsc -w');

    const docker = fixFor(s, at('Dockerfile', 4), /^Run in the foreground/);
    applyFix(docker);
    s = await scan(root);
    const trailing = fixFor(s, at('Dockerfile.worker', 3), /^Run in the foreground: node dist\/worker\.js$/);
    assert.ok(trailing.preferred);
    applyFix(trailing);
    assert.match(read(root, 'Dockerfile'), /^CMD \["pm2-runtime", "start", "dist\/server\.js"\]$/m);
    assert.match(read(root, 'Dockerfile.worker'), /^CMD node dist\/worker\.js$/m);

    // A second process behind `&` needs a process type of its own: no automatic fix.
    s = await scan(root);
    assert.ok(!s.engine.fixesFor(at('Procfile', 1)).some((f) => /foreground/.test(f.title)));
    assert.deepStrictEqual(
      s.where(ID).filter((w) => !w.startsWith('src/')),
      ['Procfile:1'],
    );
  });

  it('flags Python daemons: gunicorn --daemon, celery --detach and celery multi, a uWSGI daemonize option', async () => {
    const s = await scan(dir('py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['Procfile:1', 'Procfile:2', 'multi/Dockerfile:4', 'uwsgi/app.ini:4']);
    const msg = (file: string, line: number) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file && f.range.start.line === line - 1)!
        .message;
    assert.strictEqual(
      msg('Procfile', 1),
      "The Procfile 'web' process daemonizes: `--daemon` puts gunicorn in the background.",
    );
    assert.strictEqual(
      msg('uwsgi/app.ini', 4),
      'The uWSGI config that the Dockerfile CMD loads puts uWSGI in the background (daemonize).',
    );
  });

  it('accepts Python servers and workers in the foreground, and dev images', async () => {
    assert.deepStrictEqual((await scan(dir('py-negative'))).where(ID), []);
  });

  it('fix drops --daemon and --detach from the Procfile commands', async () => {
    const root = copyFixture(`rules/${ID}/py-positive`);
    for (const line of [0, 1]) {
      const s = await scan(root);
      const f = s.findings.find(
        (x) => x.ruleId === ID && s.engine.rel(x.path) === 'Procfile' && x.range.start.line === line,
      )!;
      applyFix(fixFor(s, f, /^Run in the foreground/));
    }
    assert.strictEqual(
      read(root, 'Procfile'),
      'web: gunicorn app:app --bind 0.0.0.0:$PORT\nworker: celery -A app worker --loglevel info\n',
    );
  });
});
