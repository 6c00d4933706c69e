import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, type Scan, findingAt } from '../../../helpers/engine';

const ID = 'build-release-run/install-at-start';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

const at = (s: Scan, file: string, line: number) => findingAt(s, ID, file, line);

describe(ID, () => {
  it('flags installs in start scripts and hooks, scripts the Procfile runs, Procfile entries and the final CMD', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      'Dockerfile:5',
      'Dockerfile.worker:5',
      'Procfile:2',
      'forum/deploy/docker/entrypoint.sh:6',
      'forum/deploy/docker/entrypoint.sh:7',
      'forum/deploy/docker/entrypoint.sh:13',
      'package.json:6',
      'package.json:7',
      'package.json:8',
    ]);
    assert.match(
      at(s, 'package.json', 8).message,
      /^The serve script \(run by the Procfile 'web' process\) runs 'npm install --production'/,
    );
    // The underline covers the install command itself where it can.
    assert.deepStrictEqual(at(s, 'Procfile', 2).range, {
      start: { line: 1, character: 8 },
      end: { line: 1, character: 12 },
    });
  });

  it('follows the ENTRYPOINT to the script the Dockerfile copies, into the functions the script calls', async () => {
    const s = await scan(dir('positive'));
    assert.strictEqual(
      at(s, 'forum/deploy/docker/entrypoint.sh', 7).message,
      "The entrypoint.sh script (run by the Dockerfile ENTRYPOINT) runs 'npm install' every time the app starts.",
    );
    // A case arm's pattern (`yarn)`) is not a command: the install after it is.
    assert.match(at(s, 'forum/deploy/docker/entrypoint.sh', 6).message, /runs 'yarn install' every time/);
    assert.deepStrictEqual(at(s, 'forum/deploy/docker/entrypoint.sh', 6).range, {
      start: { line: 5, character: 10 },
      end: { line: 5, character: 22 },
    });
  });

  it('accepts build and install scripts, the release phase, dev images, version checks and echo', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('drops the install from scripts and the Procfile, removes an install-only prestart, and moves a CMD install to RUN', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const start = fixFor(s, at(s, 'package.json', 7), /Remove 'npm ci' from the start script/);
    assert.strictEqual(start.preferred, true);
    applyFix(start);
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'package.json', 6), /Remove the prestart script \(it only installs\)/));
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'package.json', 7), /Remove 'npm install --production' from the serve script/));
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'Procfile', 2), /Remove 'yarn' from the Procfile 'worker' process/));
    s = await scan(root);
    const docker = fixFor(
      s,
      at(s, 'Dockerfile', 5),
      /Move 'npm install --omit=dev' to a 'RUN npm ci --omit=dev' build step/,
    );
    applyFix(docker);
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'Dockerfile.worker', 5), /Remove 'npm i' from the CMD/));

    const pkg = JSON.parse(read(root, 'package.json'));
    assert.deepStrictEqual(pkg.scripts, {
      start: 'node server.js',
      serve: 'node server.js',
      build: 'npm ci && tsc',
      postinstall: 'npm install left-pad',
    });
    assert.strictEqual(
      read(root, 'Procfile'),
      'web: npm run serve\nworker: node worker.js\nrelease: npm ci && node migrate.js\n',
    );
    assert.strictEqual(
      read(root, 'Dockerfile'),
      'FROM node:20.12-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD node server.js\n',
    );
    assert.match(read(root, 'Dockerfile.worker'), /\nCMD \["sh", "-c", "node worker\.js"\]\n$/);
    // Lines of a shell script are reported, not rewritten.
    assert.deepStrictEqual(
      (await scan(root)).where(ID).filter((w) => !w.startsWith('forum/')),
      [],
    );
  });

  it('does not offer to drop an install whose result is piped or or-ed', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const fs = await import('fs');
    fs.writeFileSync(path.join(root, 'Procfile'), 'web: npm install || node server.js\n');
    const s = await scan(root);
    const f = at(s, 'Procfile', 1);
    assert.deepStrictEqual(
      s.engine.fixesFor(f).filter((x) => x.title.startsWith('Remove')),
      [],
    );
  });

  it('flags Python installs at start: pip install in the Procfile, poetry install in the CMD, uv sync in its script', async () => {
    const s = await scan(dir('py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['Procfile:1', 'docker/Dockerfile:4', 'entry/start.sh:3']);
  });

  it('accepts installs in RUN steps and pip asked for its version', async () => {
    assert.deepStrictEqual((await scan(dir('py-negative'))).where(ID), []);
  });

  it('fix removes pip install from the Procfile web command', async () => {
    const root = copyFixture(`rules/${ID}/py-positive`);
    const s = await scan(root);
    const fix = fixFor(
      s,
      at(s, 'Procfile', 1),
      /^Remove 'pip install -r requirements\.txt' from the Procfile 'web' process$/,
    );
    assert.ok(fix.preferred);
    applyFix(fix);
    assert.strictEqual(read(root, 'Procfile'), 'web: gunicorn app:app --bind 0.0.0.0:$PORT\n');
  });
});
