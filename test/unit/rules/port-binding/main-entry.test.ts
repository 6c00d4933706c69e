import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, findingAt, fixFor, read, scan } from '../../../helpers/engine';

// A Python module's `__main__` block is local development while production imports the module by path (gunicorn,
// uvicorn), and the production server when a declared process runs the module as `__main__` (model/pyProcesses.ts).
const PORT = 'port-binding/hardcoded-port';
const LOOPBACK = 'port-binding/loopback-bind';
const EXPOSED = 'port-binding/exposed-port-mismatch';
const dir = (k: string) => path.join(FIXTURES, 'rules', 'port-binding', 'main-entry', k);

describe('port-binding: a __main__ entry that a production process runs', () => {
  it('flags its port and loopback host, and the EXPOSE that differs: CMD python -m, Procfile, entrypoint script', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(PORT).sort(), [
      'docker-module/svc/main.py:13',
      'entrypoint-script/api/run.py:5',
      'procfile-script/server.py:12',
    ]);
    assert.deepStrictEqual(s.where(LOOPBACK).sort(), [
      'docker-module/svc/main.py:13',
      'entrypoint-script/api/run.py:5',
      'procfile-script/server.py:12',
    ]);
    // entrypoint-script exposes the 9000 its run.py binds.
    assert.deepStrictEqual(s.where(EXPOSED), ['docker-module/Dockerfile:4']);
    const msg = (id: string, file: string) =>
      s.findings.find((f) => f.ruleId === id && s.engine.rel(f.path) === file)!.message;
    assert.strictEqual(
      msg(PORT, 'docker-module/svc/main.py'),
      'Port 8000 is hardcoded in the __main__ entry that the Dockerfile CMD runs, instead of read from PORT.',
    );
    assert.strictEqual(
      msg(LOOPBACK, 'procfile-script/server.py'),
      "The __main__ entry the Procfile 'web' process runs binds to localhost: only this machine can reach the server.",
    );
    assert.strictEqual(
      msg(EXPOSED, 'docker-module/Dockerfile'),
      'Dockerfile exposes 8080, but the Python server it starts listens on 8000 (svc/main.py).',
    );
  });

  it("flags a package's __main__.py that a config file's process runs", async () => {
    const s = await scan(dir('positive/configured'));
    assert.deepStrictEqual(s.where(PORT), ['board/__main__.py:5']);
    assert.deepStrictEqual(s.where(LOOPBACK), ['board/__main__.py:5']);
  });

  it('fixes the port to read PORT, and the EXPOSE to the port the server binds', async () => {
    const root = copyFixture('rules/port-binding/main-entry/positive/docker-module');
    const s = await scan(root);
    applyFix(fixFor(s, findingAt(s, PORT, 'svc/main.py', 13), /^Read the port from PORT, defaulting to 8000$/));
    assert.match(read(root, 'svc/main.py'), /^import os\n[\s\S]*port=int\(os\.environ\.get\("PORT", 8000\)\)\)/);
    applyFix(fixFor(s, findingAt(s, EXPOSED, 'Dockerfile', 4), /^Expose 8000 instead of 8080$/));
    assert.match(read(root, 'Dockerfile'), /^EXPOSE 8000$/m);
  });

  it('accepts a module gunicorn imports, the reloader, a proxy in the image, dev images and processes, PORT reads, workers', async () => {
    const s = await scan(dir('negative'));
    // gunicorn-import's own `--bind 0.0.0.0:8080` in its CMD is the command-line finding, not the module's.
    assert.deepStrictEqual(
      s.where(PORT).filter((w) => w.includes('.py')),
      [],
    );
    assert.deepStrictEqual(s.where(LOOPBACK), []);
    assert.deepStrictEqual(s.where(EXPOSED), []);
  });
});
