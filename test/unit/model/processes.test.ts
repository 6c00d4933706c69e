import * as assert from 'assert';
import * as path from 'path';
import { scanFiles, scan, type Scan } from '../../helpers/engine';
import { Memo } from '../../../server/src/util/memo';
import { commandSteps, processesOf, runsInWeb, type ProcessInfo } from '../../../server/src/model/processes';
import { emptyFacts, type SourceFacts } from '../../../server/src/core/facts';
import { PROCESS_GRAPH } from '../../../server/src/facts/processGraph';
import type { Project } from '../../../server/src/core/model';
import { isMigrationProgram, programTarget } from '../../../server/src/platform/command';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

function projectOf(s: Scan, rel = '.'): Project {
  const root = path.join(s.root, rel);
  return s.engine.workspace!.projects.find((p) => p.root === root)!;
}

function procs(s: Scan, rel = '.'): ProcessInfo[] {
  return processesOf(projectOf(s, rel), (f) => s.engine.analysis(f)?.facts, s.engine.workspace);
}

/** `type entry [reachable…]`, paths relative to the project. */
function summary(s: Scan, rel = '.'): string[] {
  const root = path.join(s.root, rel);
  const r = (f: string) => path.relative(root, f).split(path.sep).join('/');
  return procs(s, rel)
    .map((p) => `${p.type} ${r(p.entry)} [${[...p.reachable].map(r).sort().join(' ')}]`)
    .sort();
}

const SERVER = "import express from 'express';\nexpress().listen(Number(process.env.PORT));\n";

describe('model/processes', () => {
  it("reads the clean example: Procfile types, dist → src, and each process's module graph", async () => {
    const s = await scan(path.join(EXAMPLES, 'clean-service'));
    assert.deepStrictEqual(summary(s), [
      'release src/migrate.ts [src/config.ts src/db.ts src/log.ts src/migrate.ts]',
      'web src/server.ts [src/app.ts src/config.ts src/db.ts src/log.ts src/server.ts]',
      'worker src/worker.ts [src/config.ts src/db.ts src/log.ts src/worker.ts]',
    ]);
    const web = procs(s).find((p) => p.type === 'web')!;
    assert.strictEqual(web.origin.kind, 'procfile');
    // The Procfile, the start script, main and the Dockerfile CMD all start src/server.ts.
    assert.deepStrictEqual(web.origins.map((o) => o.kind).sort(), ['docker', 'main', 'procfile', 'script']);
  });

  it('maps runners and build output back to sources', async () => {
    const s = await scanFiles({
      'a/package.json': JSON.stringify({
        name: 'a',
        scripts: { start: 'cross-env NODE_ENV=production node -r dotenv/config --enable-source-maps build/index.js' },
      }),
      'a/src/index.mts': SERVER,
      'b/package.json': JSON.stringify({
        name: 'b',
        scripts: { start: 'ts-node -P tsconfig.json src/main.ts', 'start:worker': 'tsx watch src/jobs' },
      }),
      'b/Procfile': 'web: npm start\nworker: npm run start:worker\n',
      'b/src/main.ts': SERVER,
      'b/src/jobs/index.ts': 'setInterval(() => {}, 1000);\n',
      'c/package.json': JSON.stringify({ name: 'c', scripts: { start: 'nest start', 'start:prod': 'node dist/main' } }),
      'c/src/main.ts':
        "import { NestFactory } from '@nestjs/core';\nasync function b() { const app = await NestFactory.create({}); await app.listen(3000); }\nb();\n",
      'd/package.json': JSON.stringify({
        name: 'd',
        main: 'server.js',
        scripts: { dev: 'nodemon --exec "node -r ts-node/register" src/dev.ts' },
      }),
      'd/server.js': "require('http').createServer().listen(process.env.PORT);\n",
      'd/src/dev.ts': SERVER,
      'e/package.json': JSON.stringify({ name: 'e' }),
      'e/Dockerfile':
        'FROM node:20\nWORKDIR /srv/app\nCOPY . .\nENTRYPOINT ["dumb-init", "--"]\nCMD ["node", "/srv/app/dist/api/server.js"]\n',
      'e/src/api/server.ts': SERVER,
    });
    assert.deepStrictEqual(summary(s, 'a'), ['web src/index.mts [src/index.mts]']);
    assert.deepStrictEqual(summary(s, 'b'), [
      'web src/main.ts [src/main.ts]',
      'worker src/jobs/index.ts [src/jobs/index.ts]',
    ]);
    assert.deepStrictEqual(summary(s, 'c'), ['web src/main.ts [src/main.ts]']);
    // `dev` scripts are local tooling, not processes.
    assert.deepStrictEqual(summary(s, 'd'), ['web server.js [server.js]']);
    assert.deepStrictEqual(summary(s, 'e'), ['web src/api/server.ts [src/api/server.ts]']);
  });

  it('follows npm scripts, pre-scripts and sh -c, in run order', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'x',
        scripts: {
          prestart: 'npm run migrate',
          start: 'sh -c "tsc && node dist/server.js"',
          migrate: 'node dist/migrate.js',
        },
      }),
      'src/server.ts': SERVER,
      'src/migrate.ts': 'export {};\n',
    });
    const steps = commandSteps(projectOf(s), 'npm start');
    assert.deepStrictEqual(
      steps.map((x) => `${x.script ?? '-'}: ${x.argv.join(' ')}${x.entry ? ' → ' + path.basename(x.entry) : ''}`),
      [
        '-: npm start',
        'prestart: npm run migrate',
        'migrate: node dist/migrate.js → migrate.ts',
        'start: tsc',
        'start: node dist/server.js → server.ts',
      ],
    );
    // The migrate script is a release process; the web process runs it first (setup).
    assert.deepStrictEqual(summary(s), [
      'release src/migrate.ts [src/migrate.ts]',
      'web src/server.ts [src/server.ts]',
    ]);
  });

  it('resolves ESM .js → .ts, index files, package.json imports and workspace packages; skips type-only imports', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/api/package.json': JSON.stringify({
        name: '@acme/api',
        type: 'module',
        scripts: { start: 'node dist/server.js' },
        imports: { '#config': './src/config.ts', '#lib/*': './src/lib/*.js' },
      }),
      'packages/api/src/server.ts':
        "import './routes/index.js';\nimport type { T } from './types.js';\nimport '#config';\nimport { x } from '#lib/x';\nimport { shared } from '@acme/shared';\nimport express from 'express';\nexpress().listen(Number(process.env.PORT));\n",
      'packages/api/src/routes/index.ts': "export * from '../db.mjs';\n",
      'packages/api/src/db.mts': 'export const db = 1;\n',
      'packages/api/src/types.ts': 'export type T = 1;\n',
      'packages/api/src/config.ts': 'export const c = 1;\n',
      'packages/api/src/lib/x.ts': 'export const x = 1;\n',
      'packages/shared/package.json': JSON.stringify({ name: '@acme/shared', main: 'dist/index.js' }),
      'packages/shared/src/index.ts': 'export const shared = 1;\n',
    });
    const [web] = procs(s, 'packages/api');
    const rel = (f: string) => path.relative(s.root, f).split(path.sep).join('/');
    assert.deepStrictEqual([...web.reachable].map(rel).sort(), [
      'packages/api/src/config.ts',
      'packages/api/src/db.mts',
      'packages/api/src/lib/x.ts',
      'packages/api/src/routes/index.ts',
      'packages/api/src/server.ts',
      'packages/shared/src/index.ts',
    ]);
    assert.strictEqual(web.incomplete, false);
  });

  it('marks a graph with unresolved path aliases incomplete', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'x', scripts: { start: 'node dist/index.js' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./src/*'] } } }),
      'src/index.ts': "import '~/boot';\n" + SERVER,
      'src/boot.ts': 'export {};\n',
    });
    assert.strictEqual(procs(s)[0].incomplete, true);
  });

  it('infers a web entry when nothing declared starts a server: the file nothing imports', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'x', private: true }),
      'index.js': "require('./app');\n",
      'app.js': "require('http').createServer().listen(process.env.PORT);\n",
      'scripts/dev-server.js': "require('http').createServer().listen(8080);\n",
      'app.test.js': "require('./app');\n",
      'public/f.js': "require('http').createServer().listen(8080);\n",
    });
    assert.deepStrictEqual(summary(s), ['web index.js [app.js index.js]']);
    assert.strictEqual(procs(s)[0].origin.kind, 'inferred');
  });

  it('guesses no web entry where a declared process starts a server, or where many server files are left over', async () => {
    const declared = await scanFiles({
      'package.json': JSON.stringify({ name: 'kuma', private: true, scripts: { start: 'node server/server.js' } }),
      'server/server.js':
        "const name = './setup-' + 'database';\nrequire(name);\nrequire('http').createServer().listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n",
      'server/setup-database.js': "require('http').createServer().listen(process.env.PORT);\n",
    });
    assert.deepStrictEqual(summary(declared), ['web server/server.js [server/server.js]']);
    const many = await scanFiles({
      'package.json': JSON.stringify({ name: 'forum', private: true }),
      ...Object.fromEntries(
        ['a', 'b', 'c'].map((n) => [
          `src/upgrades/${n}.js`,
          "require('http').createServer().listen(process.env.PORT);\n",
        ]),
      ),
    });
    assert.deepStrictEqual(summary(many), []);
  });

  it('types untyped entries by what they load: a bin is "other", and a library\'s main is no process at all', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'lib', main: 'lib/index.js', bin: { tool: 'cli.js' } }),
      'lib/index.js': 'module.exports = () => 1;\n',
      'cli.js': "#!/usr/bin/env node\nrequire('./lib')();\n",
    });
    assert.deepStrictEqual(summary(s), ['other cli.js [cli.js lib/index.js]']);
  });

  it('infers no process for a library, or for an examples collection nothing starts (neither private nor deployable)', async () => {
    const lib = await scanFiles({
      'package.json': JSON.stringify({ name: 'web-framework', main: 'lib/application.js', files: ['lib'] }),
      'lib/application.js':
        "const http = require('http');\nmodule.exports = class App { listen(...a) { return http.createServer().listen(...a); } };\n",
      'benchmark/server.js': "require('http').createServer().listen(3333);\n",
    });
    assert.deepStrictEqual(summary(lib), []);
    const examples = await scanFiles({
      'package.json': JSON.stringify({ name: 'koa-examples', dependencies: { koa: '^2.2.0' } }),
      'hello-world/app.js':
        "const Koa = require('koa');\nconst app = module.exports = new Koa();\nif (!module.parent) app.listen(3000);\n",
      'hello-world/test.js': "require('./app');\n",
      'blog/app.js':
        "const Koa = require('koa');\nconst app = module.exports = new Koa();\nif (!module.parent) app.listen(3000);\n",
      'upload/app.js':
        "const Koa = require('koa');\nconst app = module.exports = new Koa();\nif (!module.parent) app.listen(3000);\n",
    });
    assert.deepStrictEqual(summary(examples), []);
    // A package with a bin that a Procfile deploys is an app: its main is a process again.
    const deployed = await scanFiles({
      'package.json': JSON.stringify({
        name: 'mockbin',
        main: 'src/index.js',
        bin: { mockbin: 'bin/mockbin' },
        scripts: { start: 'bin/mockbin' },
      }),
      Procfile: 'web: npm start\n',
      'src/index.js': "require('http').createServer().listen(process.env.PORT);\n",
    });
    assert.deepStrictEqual(summary(deployed), ['web src/index.js [src/index.js]']);
  });

  it('leaves the main of Electron apps and editor extensions alone', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'ext', main: 'out/extension.js', engines: { vscode: '^1.90.0' } }),
      'src/extension.ts': "import * as http from 'http';\nhttp.createServer().listen(0);\n",
    });
    assert.deepStrictEqual(summary(s), []);
  });

  it('reads runners and migration commands', () => {
    assert.deepStrictEqual(
      programTarget(['node', '--env-file', '.env', '-r', 'dotenv/config', 'dist/a.js', '--port', '1']),
      { file: 'dist/a.js', runner: 'node' },
    );
    assert.strictEqual(programTarget(['node', '-e', 'x']), undefined);
    assert.deepStrictEqual(programTarget(['nodemon', '--watch', 'src', '--exec', 'ts-node', 'src/a.ts']), {
      nested: 'ts-node src/a.ts',
      runner: 'nodemon',
    });
    assert.deepStrictEqual(programTarget(['pm2-runtime', 'start', 'ecosystem.config.js']), undefined);
    for (const yes of [
      'prisma migrate deploy',
      'prisma db push',
      'sequelize-cli db:migrate',
      'knex migrate:latest',
      'knex seed:run',
      'typeorm migration:run -d dist/ds.js',
      'node scripts/migrate.js',
      'tsx src/db/seed.ts',
      'node migrations/run.js',
    ]) {
      assert.ok(isMigrationProgram(yes.split(' ')), yes);
    }
    for (const no of [
      'prisma generate',
      'knex migrate:make x',
      'node scripts/check-migrations.js',
      'node server.js',
      'typeorm migration:generate',
    ]) {
      assert.ok(!isMigrationProgram(no.split(' ')), no);
    }
  });

  it('runsInWeb: on-load code and functions web code calls run in web; functions only another process calls do not', () => {
    const file = '/p/jobs.ts';
    const web: ProcessInfo = {
      type: 'web',
      entry: '/p/web.ts',
      command: '',
      origin: {
        kind: 'inferred',
        file: '/p/web.ts',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
      origins: [],
      reachable: new Set(['/p/web.ts', file]),
      setup: [],
      incomplete: false,
    };
    const worker: ProcessInfo = {
      ...web,
      type: 'worker',
      entry: '/p/worker.ts',
      reachable: new Set(['/p/worker.ts', file]),
    };
    const facts = new Map<string, SourceFacts>();
    const f = emptyFacts();
    f.values[PROCESS_GRAPH.id] = { calls: ['startJobs'] };
    facts.set('/p/web.ts', f);
    const factsOf = (p: string) => facts.get(p);
    assert.ok(runsInWeb(file, { onLoad: true, names: [] }, [web, worker], factsOf));
    assert.ok(runsInWeb(file, { onLoad: false, names: ['startJobs'] }, [web, worker], factsOf));
    assert.ok(!runsInWeb(file, { onLoad: false, names: ['other'] }, [web, worker], factsOf));
    // Nothing else loads it: whoever calls it is the web process.
    assert.ok(runsInWeb(file, { onLoad: false, names: ['other'] }, [web], factsOf));
    assert.ok(!runsInWeb(file, { onLoad: true, names: [] }, [worker], factsOf));
  });

  it('follows a 7,000-file import chain and caches the result', () => {
    const root = '/big';
    const sources: string[] = [];
    const facts = new Map<string, SourceFacts>();
    const N = 7000;
    for (let i = 0; i < N; i++) {
      const p = path.join(root, 'src', `m${i}.ts`);
      sources.push(p);
      const f = emptyFacts();
      for (const j of [i * 2 + 1, i * 2 + 2, (i * 7) % N])
        if (j < N)
          f.imports.push({
            specifier: `./m${j}.js`,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            typeOnly: false,
            kind: 'import',
          });
      f.imports.push({
        specifier: 'express',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        typeOnly: false,
        kind: 'import',
      });
      facts.set(p, f);
    }
    facts.get(sources[N - 1])!.values[PROCESS_GRAPH.id] = { server: true };
    const project = {
      root,
      isWorkspaceRoot: false,
      files: [],
      sources,
      envFiles: [],
      dockerfiles: [],
      memo: new Memo(),
      pkg: {
        path: path.join(root, 'package.json'),
        text: '{}',
        data: { main: 'dist/m0.js', scripts: { start: 'node dist/m0.js' } },
        tree: undefined,
        deps: new Map(),
        malformedDeps: new Set(),
        scripts: { start: 'node dist/m0.js' },
        workspaces: [],
        ignored: [],
      },
    } as Project;
    // Timing belongs to `npm run bench`; here: the whole chain is followed, and the project's memo returns the same object.
    const result = processesOf(project, (p) => facts.get(p));
    assert.strictEqual(result.length, 1);
    assert.strictEqual(result[0].type, 'web');
    assert.strictEqual(result[0].reachable.size, N);
    assert.strictEqual(
      processesOf(project, (p) => facts.get(p)),
      result,
    );
  });

  it('follows require() in files no rule parsed', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'cjs', scripts: { start: 'node index.js' } }),
      'index.js': "require('http').createServer(require('./handler')).listen(process.env.PORT);\n",
      'handler.js': "module.exports = require('./util');\n",
      'util.js': 'module.exports = (q, r) => r.end();\n',
    });
    assert.deepStrictEqual(summary(s), ['web index.js [handler.js index.js util.js]']);
  });
});
