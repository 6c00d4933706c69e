import * as assert from 'assert';
import * as path from 'path';
import {
  FIXTURES,
  applyFix,
  copyFixture,
  fixFor,
  read,
  scan,
  scanFiles,
  type Scan,
  findingAt,
} from '../../../helpers/engine';

const ID = 'build-release-run/build-at-start';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

const at = (s: Scan, file: string, line: number) => findingAt(s, ID, file, line);

describe(ID, () => {
  it('flags compilers, bundlers and npm run build in start scripts, prestart, the Procfile and the final CMD', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      'api/package.json:5',
      'site/package.json:7',
      'site/package.json:8',
      'styled/package.json:5',
      'web/Dockerfile:6',
      'web/package.json:5',
      'worker/Procfile:1',
      'worker/package.json:5',
    ]);
    assert.match(at(s, 'web/package.json', 5).message, /runs 'next build' at start-up/);
  });

  it('flags stylesheet and docs generators that start or prestart reach through npm run and yarn', async () => {
    const s = await scan(dir('positive'));
    assert.match(
      at(s, 'site/package.json', 7).message,
      /^The styles script \(run by 'start'\) runs 'sass --no-source-map scss:public\/css' at start-up\.$/,
    );
    assert.match(
      at(s, 'site/package.json', 8).message,
      /^The docs script \(run by 'prestart'\) runs 'apidoc -i src -o public\/docs' at start-up\.$/,
    );
    // A long command is clipped in the middle.
    assert.strictEqual(
      at(s, 'styled/package.json', 5).message,
      "The start script runs 'tailwindcss -i src/main.css -…/main.css --minify' at start-up.",
    );
  });

  it("flags another workspace package's build run at start (pnpm --filter, npm -w, yarn workspace)", async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'orders', private: true, workspaces: ['apps/*'] }),
      'apps/worker/package.json': JSON.stringify({
        name: '@orders/worker',
        version: '1.0.0',
        scripts: { build: 'tsc' },
        dependencies: { bullmq: '5.0.0' },
      }),
      'apps/worker/src/index.ts': "import { Worker } from 'bullmq';\nnew Worker('q', async () => {});\n",
      'apps/worker/Dockerfile':
        'FROM node:20-alpine\nWORKDIR /repo\nCOPY . .\nCMD ["sh", "-c", "pnpm --filter @orders/worker build && node apps/worker/dist/index.js"]\n',
    });
    assert.deepStrictEqual(s.where(ID), ['apps/worker/Dockerfile:4']);
    assert.match(at(s, 'apps/worker/Dockerfile', 4).message, /runs 'pnpm --filter @orders\/worker build' at start-up/);
  });

  it('flags prisma generate at start-up, not in build or install scripts', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'docs',
        version: '1.0.0',
        scripts: { build: 'prisma generate && tsc', postinstall: 'prisma generate', start: 'node dist/main.js' },
        dependencies: { koa: '^2.15.3' },
        devDependencies: { prisma: '^5.14.0' },
      }),
      Dockerfile: 'FROM node:20-slim\nCOPY . .\nCMD ["sh", "-c", "npx prisma generate && node dist/main.js"]\n',
    });
    assert.deepStrictEqual(s.where(ID), ['Dockerfile:3']);
    assert.match(at(s, 'Dockerfile', 3).message, /runs 'npx prisma generate' at start-up/);
  });

  it('accepts builds in build/prepare scripts, the release phase and build stages, type checks and previews', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('moves a compiler call to a new build script', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    applyFix(fixFor(s, at(s, 'api/package.json', 5), /Move 'tsc' to a build script/));
    assert.strictEqual(
      read(root, 'api/package.json'),
      `{
  "name": "api",
  "private": true,
  "scripts": {
    "build": "tsc",
    "start": "node dist/server.js"
  },
  "dependencies": {
    "express": "^4.19.2"
  }
}
`,
    );
    assert.deepStrictEqual(
      (await scan(root)).where(ID).filter((w) => w.startsWith('api/')),
      [],
    );
  });

  it('drops calls of an existing build script, and a prestart that only builds', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    applyFix(
      fixFor(
        s,
        at(s, 'worker/Procfile', 1),
        /Remove 'npm run build' from the Procfile 'web' process; build before deploying/,
      ),
    );
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'worker/package.json', 5), /Remove 'npm run build' \(remove the prestart script\)/));
    s = await scan(root);
    applyFix(
      fixFor(s, at(s, 'web/package.json', 5), /Remove 'next build' from the start script; build before deploying/),
    );
    assert.strictEqual(read(root, 'worker/Procfile'), 'web: node dist/server.js\n');
    assert.deepStrictEqual(JSON.parse(read(root, 'worker/package.json')).scripts, {
      start: 'node dist/worker.js',
      build: 'tsc -p .',
    });
    assert.deepStrictEqual(JSON.parse(read(root, 'web/package.json')).scripts, {
      start: 'next start',
      build: 'next build',
    });
  });

  it('moves a CMD build into a RUN step before the USER switch', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    applyFix(fixFor(s, at(s, 'web/Dockerfile', 6), /Run 'npx next build' in a RUN step at image build time/));
    assert.strictEqual(
      read(root, 'web/Dockerfile'),
      'FROM node:20.12-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npx next build\nUSER node\nCMD npx next start\n',
    );
    assert.deepStrictEqual(
      (await scan(root)).where(ID).filter((w) => w.startsWith('web/Dockerfile')),
      [],
    );
  });

  it("flags Python build steps at start: collectstatic, compilemessages, the tutorial's `flask translate compile`", async () => {
    const s = await scan(dir('py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['Procfile:1', 'docker/Dockerfile:5', 'entry/entrypoint.sh:3']);
    assert.strictEqual(
      at(s, 'Procfile', 1).message,
      "The Procfile 'web' process runs 'flask translate compile' at start-up.",
    );
  });

  it('accepts collectstatic in a RUN step or the release phase, other management commands and --help', async () => {
    assert.deepStrictEqual((await scan(dir('py-negative'))).where(ID), []);
  });

  it('fix moves collectstatic from the CMD to a RUN step', async () => {
    const root = copyFixture(`rules/${ID}/py-positive`);
    const s = await scan(root);
    applyFix(
      fixFor(s, at(s, 'docker/Dockerfile', 5), /^Run 'python manage\.py collectstatic --noinput' in a RUN step/),
    );
    const text = read(root, 'docker/Dockerfile');
    assert.match(text, /\nRUN python manage\.py collectstatic --noinput\n/);
    assert.match(text, /\nCMD exec gunicorn shop\.wsgi --bind 0\.0\.0\.0:\$PORT\n/);
    assert.deepStrictEqual(
      (await scan(root)).where(ID).filter((w) => w.startsWith('docker/')),
      [],
    );
  });
});
