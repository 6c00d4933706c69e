// The client's file watcher (WATCH_GLOB) must cover every file the engine models and every file a rule reads, or an
// edit made outside the editor (a `git pull`, a script) leaves stale findings until a full rescan.
import * as assert from 'assert';
import * as fs from 'fs';
import picomatch from 'picomatch';
import { WATCH_GLOB } from '../../shared/protocol';
import { classify } from '../../server/src/model/discover';
import { LOCKFILE_NAMES } from '../../server/src/ecosystem/npm/lockfile';
import { scanFiles } from '../helpers/engine';
import { BASELINE_FILE } from '../../server/src/engine/baseline';
import { CONFIG_FILES } from '../../server/src/engine/config';

const watched = picomatch(WATCH_GLOB, { dot: true });

/** A name of each kind the engine models, and the files rules read beside them. */
const MODELLED = [
  'package.json',
  ...Object.keys(LOCKFILE_NAMES),
  '.env',
  '.env.production',
  '.env.example',
  '.gitignore',
  'Dockerfile',
  'Dockerfile.prod',
  'api.dockerfile',
  'api.Dockerfile',
  'Containerfile',
  'Procfile',
  'Procfile.dev',
  'docker-compose.yml',
  'compose.prod.yaml',
  'tsconfig.json',
  'tsconfig.build.json',
  'jsconfig.json',
  '.nvmrc',
  '.node-version',
  '.tool-versions',
  'server.js',
  'app.ts',
  'view.tsx',
  'lib.mjs',
  'lib.cjs',
  'mod.mts',
  'mod.cts',
  'app.py',
  'config.json',
  'config.yml',
  'queue.yaml',
  'schema.prisma',
  'Aptfile',
];
const READ_BY_RULES = ['docker-entrypoint.sh', 'start.bash', '.dockerignore', '.npmrc', '.yarnrc', '.yarnrc.yml'];

describe('the client file watcher', () => {
  it('covers every kind of file the engine models, at any depth', () => {
    for (const base of MODELLED) {
      assert.notStrictEqual(classify(base, base), 'other', `${base} is modelled`);
      for (const rel of [base, `apps/api/${base}`]) assert.ok(watched(rel), `watches ${rel}`);
    }
  });

  it('covers the shell scripts, ignore files and package-manager configs rules read', () => {
    for (const base of READ_BY_RULES) assert.ok(watched(`deploy/${base}`), `watches ${base}`);
  });

  it('covers the baseline file, which the engine reads again when it changes', () => {
    assert.ok(watched(BASELINE_FILE));
  });

  it('covers the config files, at the root and at project roots', () => {
    for (const name of CONFIG_FILES) for (const rel of [name, `apps/api/${name}`]) assert.ok(watched(rel), rel);
  });

  it('updates a finding from an entrypoint script when only the script changes', async () => {
    const s = await scanFiles({
      'package.json':
        '{ "name": "app", "version": "1.0.0", "scripts": { "start": "node server.js" }, "dependencies": { "express": "4.18.2" } }\n',
      'package-lock.json': '{}\n',
      Dockerfile: 'FROM node:20.11-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nENTRYPOINT ["./docker-entrypoint.sh"]\n',
      'docker-entrypoint.sh': '#!/bin/sh\nnpm install\nexec node server.js\n',
      'server.js': "require('express')().listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n",
    });
    const installs = () => s.engine.findings().filter((f) => f.ruleId === 'build-release-run/install-at-start');
    assert.strictEqual(installs().length, 1);
    const script = `${s.root}/docker-entrypoint.sh`;
    assert.ok(watched('docker-entrypoint.sh'));
    fs.writeFileSync(script, '#!/bin/sh\nexec node server.js\n');
    await s.engine.update(script, 'changed');
    assert.deepStrictEqual(installs(), []);
  });
});
