// Incremental updates re-run only what a change reaches (the kinds a project rule declares in meta.inputs, and the
// files it read through ctx.read), and never leave a stale finding: after any edits, findings equal a fresh scan.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import type { Finding, Rule } from '../../server/src/core/types';
import { silentLogger } from '../../server/src/core/types';
import { classify } from '../../server/src/model/discover';
import { FIXTURES, tempProject } from '../helpers/engine';

/** The rule with its project half counted (same id, so it replaces the original in the rule list). */
function counted(id: string, calls: Record<string, number>): Rule {
  const rule = ALL_RULES.find((r) => r.meta.id === id)!;
  calls[id] = 0;
  return {
    ...rule,
    checkProject: (ctx) => {
      calls[id]++;
      rule.checkProject?.(ctx);
    },
  };
}

function withCounted(ids: string[], calls: Record<string, number>): Rule[] {
  return [...ALL_RULES.filter((r) => !ids.includes(r.meta.id)), ...ids.map((id) => counted(id, calls))];
}

const APP = {
  'package.json':
    '{ "name": "app", "version": "1.0.0", "scripts": { "start": "node server.js" }, "dependencies": { "express": "4.18.2" } }\n',
  'package-lock.json': '{}\n',
  Dockerfile: 'FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm ci\nENTRYPOINT ["./docker-entrypoint.sh"]\n',
  'docker-entrypoint.sh': '#!/bin/sh\nnpm install\nexec node server.js\n',
  '.env.example': 'PORT=3000\n',
  'server.js':
    "require('express')().listen(process.env.PORT);\nconst key = process.env.API_KEY;\nprocess.on('SIGTERM', () => process.exit(0));\n",
  'NOTES.txt': 'nothing reads this\n',
};

const keys = (e: Engine, list: readonly Finding[]) =>
  list
    .map(
      (f) =>
        `${f.ruleId} ${e.rel(f.path)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`,
    )
    .sort();

describe('incremental updates', () => {
  const ids = [
    'build-release-run/unpinned-base-image',
    'config/env-example-drift',
    'build-release-run/install-at-start',
    'codebase/no-version-control',
  ];

  it('an edit to a Dockerfile re-runs the rules that read Dockerfiles, not env-example-drift', async () => {
    const calls: Record<string, number> = {};
    const root = tempProject(APP);
    const engine = new Engine({ root, rules: withCounted(ids, calls), logger: silentLogger });
    await engine.scan();
    assert.ok(engine.findings().some((f) => f.ruleId === 'build-release-run/unpinned-base-image'));
    const before = { ...calls };
    fs.writeFileSync(path.join(root, 'Dockerfile'), APP.Dockerfile.replace('node:latest', 'node:20.11.1-slim'));
    await engine.update(path.join(root, 'Dockerfile'), 'changed');
    assert.strictEqual(
      calls['build-release-run/unpinned-base-image'],
      before['build-release-run/unpinned-base-image'] + 1,
    );
    assert.strictEqual(calls['build-release-run/install-at-start'], before['build-release-run/install-at-start'] + 1);
    assert.strictEqual(calls['config/env-example-drift'], before['config/env-example-drift']);
    // A rule that declares no inputs re-runs on every change, as before inputs existed.
    assert.strictEqual(calls['codebase/no-version-control'], before['codebase/no-version-control'] + 1);
    assert.ok(!engine.findings().some((f) => f.ruleId === 'build-release-run/unpinned-base-image'));

    // A source edit re-runs env-example-drift (it reads facts), not the Dockerfile-only rule.
    const mid = { ...calls };
    fs.writeFileSync(path.join(root, 'server.js'), `${APP['server.js']}const db = process.env.DATABASE_URL;\n`);
    await engine.update(path.join(root, 'server.js'), 'changed');
    assert.strictEqual(calls['config/env-example-drift'], mid['config/env-example-drift'] + 1);
    assert.strictEqual(calls['build-release-run/unpinned-base-image'], mid['build-release-run/unpinned-base-image']);
    assert.ok(engine.findings().some((f) => f.ruleId === 'config/env-example-drift' && /DATABASE_URL/.test(f.message)));
  });

  it('an edit that only moves code in a .ts file with an elided import re-runs no rule that found nothing', async () => {
    // elided-imports keeps ranges, which the engine leaves out when it compares facts: moved code is not new facts,
    // and a rule that found nothing in any project has no finding to move.
    const calls: Record<string, number> = {};
    const pkg = (name: string) => JSON.stringify({ name, version: '1.0.0', main: 'src/index.ts' });
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
      'packages/a/package.json': pkg('a'),
      'packages/a/src/index.ts': "import { Thing } from './types';\nexport const make = (): Thing => ({});\n",
      'packages/a/src/types.ts': 'export interface Thing {}\n',
      'packages/b/package.json': pkg('b'),
      'packages/b/src/index.ts': 'export const b = process.env.B_URL;\n',
    });
    const engine = new Engine({ root, rules: withCounted(['config/env-example-drift'], calls), logger: silentLogger });
    await engine.scan();
    const before = calls['config/env-example-drift'];
    const p = path.join(root, 'packages/a/src/index.ts');
    fs.writeFileSync(p, `\n\n${fs.readFileSync(p, 'utf8')}`);
    await engine.update(p, 'changed');
    assert.strictEqual(calls['config/env-example-drift'], before);
    const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await fresh.scan();
    assert.deepStrictEqual(keys(engine, engine.findings()), keys(fresh, fresh.findings()));
  });

  it('a batch of file events re-runs each affected rule once, and ends where a fresh scan does', async () => {
    const calls: Record<string, number> = {};
    const root = tempProject(APP);
    const engine = new Engine({ root, rules: withCounted(ids, calls), logger: silentLogger });
    await engine.scan();
    const before = { ...calls };
    const edits: Record<string, string> = {
      Dockerfile: APP.Dockerfile.replace('node:latest', 'node:20.11.1-slim'),
      'docker-entrypoint.sh': '#!/bin/sh\nexec node server.js\n',
      'server.js': `${APP['server.js']}const db = process.env.DATABASE_URL;\n`,
      '.env.example': 'PORT=3000\nAPI_KEY=\n',
      'package.json': APP['package.json'].replace('1.0.0', '1.0.1'),
    };
    for (const [rel, text] of Object.entries(edits)) fs.writeFileSync(path.join(root, rel), text);
    assert.ok(
      await engine.updateMany(Object.keys(edits).map((rel) => ({ path: path.join(root, rel), change: 'changed' }))),
    );
    // Five changed files, each of a kind these rules read: still one run each.
    for (const id of ids) assert.strictEqual(calls[id], before[id] + 1, id);
    const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await fresh.scan();
    assert.deepStrictEqual(keys(engine, engine.findings()), keys(fresh, fresh.findings()));
  });

  it('an edit to a shell script a start command runs updates its finding, from disk or from an open buffer', async () => {
    const calls: Record<string, number> = {};
    const root = tempProject(APP);
    const buffers = new Map<string, string>();
    const engine = new Engine({
      root,
      rules: withCounted(ids, calls),
      logger: silentLogger,
      overlay: (p) => buffers.get(p),
    });
    await engine.scan();
    const installs = () =>
      engine
        .findings()
        .filter((f) => f.ruleId === 'build-release-run/install-at-start')
        .map((f) => engine.rel(f.path));
    assert.deepStrictEqual(installs(), ['docker-entrypoint.sh']);
    const script = path.join(root, 'docker-entrypoint.sh');
    const before = { ...calls };
    // Only the editor holds the change (the file was read from disk before): the engine still knows it was read.
    buffers.set(script, '#!/bin/sh\nexec node server.js\n');
    assert.ok(await engine.update(script, 'changed'));
    assert.deepStrictEqual(installs(), []);
    assert.strictEqual(calls['build-release-run/install-at-start'], before['build-release-run/install-at-start'] + 1);
    assert.strictEqual(calls['build-release-run/unpinned-base-image'], before['build-release-run/unpinned-base-image']);
    assert.strictEqual(calls['config/env-example-drift'], before['config/env-example-drift']);
    buffers.delete(script);
    fs.writeFileSync(script, '#!/bin/sh\nnpm install --production\nexec node server.js\n');
    await engine.update(script, 'changed');
    assert.deepStrictEqual(installs(), ['docker-entrypoint.sh']);
  });

  it('an edit to a file no rule reads, or a save that changes no text, re-runs nothing', async () => {
    const calls: Record<string, number> = {};
    const root = tempProject(APP);
    const engine = new Engine({ root, rules: withCounted(ids, calls), logger: silentLogger });
    await engine.scan();
    const before = { ...calls };
    fs.writeFileSync(path.join(root, 'NOTES.txt'), 'still nothing\n');
    assert.strictEqual(await engine.update(path.join(root, 'NOTES.txt'), 'changed'), false);
    await engine.update(path.join(root, 'server.js'), 'changed');
    assert.deepStrictEqual(calls, before);
  });
});

/** Text variants per file: each edit picks a file and one of its variants. */
const VARIANTS: Record<string, string[]> = {
  'package.json': [
    APP['package.json'],
    '{ "name": "app", "version": "1.0.0", "scripts": { "start": "npm run build && node server.js", "build": "tsc" }, "dependencies": { "express": "4.18.2" } }\n',
    '{ "name": "app", "version": "1.0.0", "scripts": { "start": "node worker.js" }, "dependencies": { "express": "^4.18.2", "pm2": "5.0.0" } }\n',
    '{ "name": "app", "version": "1.0.0", "private": true, "scripts": { "start": "./docker-entrypoint.sh" }, "devDependencies": { "express": "4.18.2" } }\n',
  ],
  Dockerfile: [
    APP.Dockerfile,
    'FROM node:20.11.1-slim\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD npm start\n',
    'FROM node:20\nENV API_KEY=sk_live_51HqLyjWDarjtT1zdp7dcXkQ2\nEXPOSE 8080\nCMD ["node", "server.js"]\n',
    'FROM node:20.11.1-slim\nCOPY . .\nCMD ["sh", "-c", "npm install && node server.js"]\n',
  ],
  '.env': ['', 'PORT=3000\nAPI_KEY=abc\n', 'DATABASE_URL=postgres://u:hunter2hunter2@db.example.com/app\n'],
  '.env.example': ['PORT=3000\n', 'PORT=3000\nAPI_KEY=\nDATABASE_URL=\n', ''],
  'docker-entrypoint.sh': [
    APP['docker-entrypoint.sh'],
    '#!/bin/sh\nexec node server.js\n',
    '#!/bin/sh\nnpm run build\nnohup node server.js &\n',
  ],
  'server.js': [
    APP['server.js'],
    "const app = require('express')();\napp.get('/', (q, r) => r.send(process.env.GREETING));\napp.listen(3000);\n",
    "require('./worker');\nrequire('http').createServer().listen(process.env.PORT || 8080);\nprocess.on('SIGTERM', () => process.exit(0));\n",
    "const fs = require('fs');\nrequire('express')().post('/log', (q, r) => { fs.appendFileSync('app.log', q.body); r.end(); }).listen(process.env.PORT);\n",
  ],
  'worker.js': [
    "setInterval(() => console.log('tick'), 1000);\n",
    "const cron = require('node-cron');\ncron.schedule('* * * * *', () => {});\nconst pw = 'Zx9q8N3vZ2kLp0xR7tY4wB9eD5s';\n",
    "require('child_process').execSync('npm install left-pad');\nmodule.exports = {};\n",
  ],
};

describe('incremental updates equal a fresh scan', function () {
  this.timeout(120_000);

  it("after an edit that moves code in a workspace package another project's rule reports into", async () => {
    // hardcoded-port of each app reports the port in @acme/config's module, from that file's facts.
    const app = (name: string) =>
      JSON.stringify({ name, version: '1.0.0', dependencies: { '@acme/config': 'workspace:*', koa: '^2.15.3' } });
    const config = 'export const config = {\n  port: 8080,\n};\n';
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'packages/config/package.json': JSON.stringify({ name: '@acme/config', version: '1.0.0', main: 'dist/index.js' }),
      'packages/config/src/index.ts': config,
      'apps/api/package.json': app('api'),
      'apps/api/src/server.ts':
        "import Koa from 'koa';\nimport { config } from '@acme/config';\nnew Koa().listen(config.port);\n",
    });
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await engine.scan();
    const port = (e: Engine) => keys(e, e.findings()).filter((k) => k.startsWith('port-binding/hardcoded-port'));
    assert.strictEqual(port(engine).length, 1);
    const p = path.join(root, 'packages/config/src/index.ts');
    fs.writeFileSync(p, `// two lines\n// above\n${config}`);
    await engine.update(p, 'changed');
    const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await fresh.scan();
    assert.deepStrictEqual(port(engine), port(fresh));
  });

  it("after random edits to the sources of a monorepo's packages, whose facts other projects read", async () => {
    // Facts that change re-run the file's project and the rules (of any project) that read them: an app's process
    // graph through a workspace package, the package's port config, its env reads and imports.
    const app = (name: string, start: string) =>
      JSON.stringify({
        name,
        version: '1.0.0',
        scripts: { start },
        dependencies: { '@acme/config': 'workspace:*', '@acme/lib': 'workspace:*', koa: '^2.15.3' },
      });
    const base: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'packages/config/package.json': JSON.stringify({ name: '@acme/config', version: '1.0.0', main: 'src/index.js' }),
      'packages/lib/package.json': JSON.stringify({ name: '@acme/lib', version: '1.0.0', main: 'src/index.js' }),
      'apps/api/package.json': app('api', 'node src/server.js'),
      'apps/worker/package.json': app('worker', 'node src/worker.js'),
      '.env.example': 'PORT=\n',
    };
    const variants: Record<string, string[]> = {
      'packages/config/src/index.js': [
        'module.exports = { port: 8080 };\n',
        'module.exports = { port: process.env.PORT, db: process.env.DATABASE_URL };\n',
        "// moved\n\nmodule.exports = { port: 8080, redis: 'redis://cache.prod.internal:6379' };\n",
      ],
      'packages/lib/src/index.js': [
        "exports.start = () => require('http').createServer().listen(3000);\n",
        "const cron = require('node-cron');\nexports.start = () => cron.schedule('* * * * *', () => {});\n",
        "exports.start = () => {};\nexports.log = (m) => require('fs').appendFileSync('app.log', m);\n",
      ],
      'apps/api/src/server.js': [
        "const Koa = require('koa');\nconst { port } = require('@acme/config');\nnew Koa().listen(port);\n",
        "require('@acme/lib').start();\nprocess.on('SIGTERM', () => process.exit(0));\n",
        "const pad = require('left-pad');\nrequire('@acme/lib').start();\n",
      ],
      'apps/worker/src/worker.js': [
        "require('@acme/lib').start();\n",
        "const { port } = require('@acme/config');\nrequire('http').createServer().listen(port);\n",
        "setInterval(() => {}, 1000);\nprocess.on('SIGTERM', () => process.exit(0));\n",
      ],
    };
    const files = Object.keys(variants);
    const edit = fc.record({ file: fc.constantFrom(...files), variant: fc.nat() });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        const root = tempProject({ ...base, ...Object.fromEntries(files.map((f) => [f, variants[f][0]])) });
        const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
        await engine.scan();
        for (const e of edits) {
          const p = path.join(root, e.file);
          fs.writeFileSync(p, variants[e.file][e.variant % variants[e.file].length]);
          await engine.update(p, 'changed');
          const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
          await fresh.scan();
          assert.deepStrictEqual(
            keys(engine, engine.findings()),
            keys(fresh, fresh.findings()),
            `after ${JSON.stringify(edits)}`,
          );
        }
        fs.rmSync(root, { recursive: true, force: true });
      }),
      { seed: 17, numRuns: Number(process.env.FUZZ_RUNS ?? 25) },
    );
  });

  it('after random edits to package.json scripts, Dockerfile CMD, .env files, a start script and sources', async () => {
    const files = Object.keys(VARIANTS);
    const edit = fc.record({ file: fc.constantFrom(...files), variant: fc.nat() });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), async (edits) => {
        const root = tempProject(Object.fromEntries(files.map((f) => [f, VARIANTS[f][0]])));
        const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
        await engine.scan();
        for (const e of edits) {
          const list = VARIANTS[e.file];
          const p = path.join(root, e.file);
          fs.writeFileSync(p, list[e.variant % list.length]);
          await engine.update(p, 'changed');
          const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
          await fresh.scan();
          assert.deepStrictEqual(
            keys(engine, engine.findings()),
            keys(fresh, fresh.findings()),
            `after ${JSON.stringify(edits)}`,
          );
          assert.deepStrictEqual(
            engine.checklist().map((c) => c.status),
            fresh.checklist().map((c) => c.status),
          );
        }
        fs.rmSync(root, { recursive: true, force: true });
      }),
      { seed: 9, numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  });
});

/**
 * A declaration that leaves out a kind the rule reads gives a stale finding. Over every rule fixture root: each
 * project file (package.json, lockfile, .env, Dockerfile, Procfile) and each other file a rule read is changed in
 * an open buffer, and the update must give what a fresh scan of the same buffers gives.
 */
describe('declared inputs cover what each rule reads', function () {
  this.timeout(300_000);

  const MUTATE: Record<string, (text: string) => string> = {
    'package-json': (t) => {
      try {
        const name = (JSON.parse(t) as { name?: unknown }).name;
        return JSON.stringify({ name: typeof name === 'string' ? name : 'x' });
      } catch {
        return '{ "name": "x" }';
      }
    },
    dockerfile: () =>
      'FROM node:latest\nENV SECRET_KEY=Zx9q8N3vZ2kLp0xR7tY4wB9eD5s\nRUN npm install\nCMD npm run build && node index.js\n',
    procfile: () => 'web: node index.js\nworker: npm install && node worker.js\n',
    env: () => '',
    lockfile: () => '',
    other: () => '',
    data: () => '',
  };

  function ruleRoots(): string[] {
    const out: string[] = [];
    const rules = path.join(FIXTURES, 'rules');
    for (const factor of fs.readdirSync(rules)) {
      for (const rule of fs.readdirSync(path.join(rules, factor))) {
        const dir = path.join(rules, factor, rule);
        for (const kind of fs.readdirSync(dir))
          if (fs.statSync(path.join(dir, kind)).isDirectory()) out.push(path.join(dir, kind));
      }
    }
    return out;
  }

  it('on every rule fixture root, an edit to any non-source file it holds', async () => {
    const stale: string[] = [];
    for (const root of ruleRoots()) {
      const buffers = new Map<string, string>();
      const overlay = (p: string) => buffers.get(p);
      const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger, overlay });
      await engine.scan();
      const read = [...engine.workspace!.files.values()]
        .filter((f) => f.kind !== 'source' && MUTATE[f.kind])
        .map((f) => f.path);
      for (const p of read) {
        const kind = classify(path.basename(p), engine.rel(p));
        const text = engine.read(p);
        if (text === undefined) continue;
        buffers.set(p, MUTATE[kind](text));
        await engine.update(p, 'changed');
        const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger, overlay });
        await fresh.scan();
        const a = keys(engine, engine.findings());
        const b = keys(fresh, fresh.findings());
        const where = `${path.relative(FIXTURES, root)} after editing ${engine.rel(p)}`;
        for (const f of a) if (!b.includes(f)) stale.push(`${where}: stale ${f}`);
        for (const f of b) if (!a.includes(f)) stale.push(`${where}: missing ${f}`);
        buffers.delete(p);
        await engine.update(p, 'changed');
      }
    }
    assert.deepStrictEqual(stale, []);
  });
});
