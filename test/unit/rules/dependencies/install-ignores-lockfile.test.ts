import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, type Scan, findingAt } from '../../../helpers/engine';

const ID = 'dependencies/install-ignores-lockfile';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

const at = (s: Scan, file: string, line: number) => findingAt(s, ID, file, line);

describe(ID, () => {
  it('flags npm install, yarn and pnpm install without a frozen lockfile in Dockerfile RUN and the release phase', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'Dockerfile.migrate:4',
      'Dockerfile.worker:3',
      'Dockerfile.worker:6',
      'Dockerfile:11',
      'Dockerfile:4',
      'Procfile:2',
      'jobs/Dockerfile:4',
      'web/Dockerfile:5',
      'worker/Dockerfile:4',
    ]);
    assert.strictEqual(
      at(s, 'Dockerfile', 4).message,
      "'npm install' resolves versions afresh and may rewrite package-lock.json.",
    );
    assert.match(
      at(s, 'Dockerfile.migrate', 4).message,
      /runs before package-lock\.json is copied in, so it resolves versions afresh\.$/,
    );
    assert.match(
      at(s, 'web/Dockerfile', 5).message,
      /updates pnpm-lock\.yaml when it does not match package\.json instead of failing\.$/,
    );
    // `cd` into the folder package*.json was copied to installs this project.
    assert.strictEqual(
      at(s, 'Dockerfile.worker', 3).message,
      "'npm install --omit=dev' resolves versions afresh and may rewrite package-lock.json.",
    );
    assert.deepStrictEqual(at(s, 'Dockerfile.worker', 3).range, {
      start: { line: 2, character: 46 },
      end: { line: 2, character: 68 },
    });
    // The underline covers the install command itself.
    assert.deepStrictEqual(at(s, 'jobs/Dockerfile', 4).range, {
      start: { line: 3, character: 23 },
      end: { line: 3, character: 35 },
    });
  });

  it('accepts npm ci, frozen installs, named and global installs, other folders, dev images and stages, and projects without a committed lockfile', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('swaps each install for its frozen form, keeping wrappers and flags', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const first = fixFor(s, at(s, 'Dockerfile', 4), /^Replace 'npm install' with 'npm ci'$/);
    assert.strictEqual(first.preferred, true);
    applyFix(first);
    s = await scan(root);
    const prod = fixFor(
      s,
      at(s, 'Dockerfile', 11),
      /^Replace 'NODE_ENV=production npm install --production' with 'NODE_ENV=production npm ci --omit=dev'$/,
    );
    assert.strictEqual(prod.preferred, true);
    applyFix(prod);
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'Procfile', 2), /with 'npm ci'/));
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'worker/Dockerfile', 4), /with 'yarn install --production --frozen-lockfile'/));
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'jobs/Dockerfile', 4), /with 'yarn install --immutable'/));
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'web/Dockerfile', 5), /with 'pnpm install --prod --frozen-lockfile'/));
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'Dockerfile.worker', 3), /^Replace 'npm install --omit=dev' with 'npm ci --omit=dev'$/));
    s = await scan(root);
    applyFix(fixFor(s, at(s, 'Dockerfile.worker', 6), /^Replace 'npm install' with 'npm ci'$/));
    s = await scan(root);
    // A continued RUN line is not rewritten.
    assert.deepStrictEqual(
      s.engine.fixesFor(at(s, 'Dockerfile.migrate', 4)).filter((f) => f.title.startsWith('Replace')),
      [],
    );
    fs.unlinkSync(path.join(root, 'Dockerfile.migrate'));

    assert.match(
      read(root, 'Dockerfile'),
      /\nRUN npm ci\nCOPY \. \.\n[^]*\nRUN NODE_ENV=production npm ci --omit=dev && npm cache clean --force\n/,
    );
    assert.strictEqual(read(root, 'Procfile'), 'web: node dist/server.js\nrelease: npm ci && node migrate.js\n');
    assert.match(read(root, 'worker/Dockerfile'), /\nRUN yarn install --production --frozen-lockfile\n/);
    assert.match(read(root, 'jobs/Dockerfile'), /\nRUN corepack enable && yarn install --immutable\n/);
    assert.match(read(root, 'web/Dockerfile'), /\nRUN pnpm install --prod --frozen-lockfile\n/);
    assert.match(
      read(root, 'Dockerfile.worker'),
      /\nRUN apk add --no-cache git && cd \/tmp\/deps && npm ci --omit=dev\n[^]*\nRUN cd app && npm ci\n/,
    );
    assert.deepStrictEqual((await scan(root)).where(ID), []);
  });

  it('does not flag a project whose lockfile git ignores', async () => {
    const root = copyFixture(`rules/${ID}/negative`);
    fs.rmSync(path.join(root, 'ignoredlock', '.gitignore'));
    const s = await scan(root);
    assert.deepStrictEqual(s.where(ID), ['ignoredlock/Dockerfile:4']);
  });

  it('flags Python images that ignore or may rewrite the lockfile: uv sync, pipenv install, pip install . or -r', async () => {
    const s = await scan(path.join(FIXTURES, 'rules', ID, 'py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'pipenv/Dockerfile:5',
      'poetry/Dockerfile:4',
      'req/Dockerfile:4',
      'uvsync/Dockerfile:5',
    ]);
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.strictEqual(
      msg('poetry/Dockerfile'),
      "'pip install .' resolves the project's dependencies from their ranges, ignoring poetry.lock.",
    );
    assert.strictEqual(
      msg('req/Dockerfile'),
      "'pip install -r requirements.txt' installs the unpinned requirements of requirements.txt, ignoring uv.lock.",
    );
  });

  it('accepts uv sync --frozen/--locked or UV_LOCKED, poetry install, exported or compiled requirements, wheels', async () => {
    assert.deepStrictEqual((await scan(path.join(FIXTURES, 'rules', ID, 'py-negative'))).where(ID), []);
  });

  it('fix adds --locked to uv sync and --deploy to pipenv install', async () => {
    const root = copyFixture(`rules/${ID}/py-positive`);
    const s = await scan(root);
    const finding = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!;
    applyFix(fixFor(s, finding('uvsync/Dockerfile'), /^Replace 'uv sync --no-dev' with 'uv sync --no-dev --locked'$/));
    applyFix(
      fixFor(
        s,
        finding('pipenv/Dockerfile'),
        /^Replace 'pipenv install --system' with 'pipenv install --system --deploy'$/,
      ),
    );
    assert.match(read(root, 'uvsync/Dockerfile'), /\nRUN uv sync --no-dev --locked\n/);
    assert.match(read(root, 'pipenv/Dockerfile'), /\nRUN pipenv install --system --deploy\n/);
    assert.deepStrictEqual((await scan(root)).where(ID).sort(), ['poetry/Dockerfile:4', 'req/Dockerfile:4']);
    assert.deepStrictEqual(
      s.engine.fixesFor(finding('poetry/Dockerfile')).filter((f) => /^Replace/.test(f.title)),
      [],
    );
  });
});
