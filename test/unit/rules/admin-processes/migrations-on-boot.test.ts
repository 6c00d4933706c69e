import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles, tempProject } from '../../../helpers/engine';

const ID = 'admin-processes/migrations-on-boot';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

async function fixIn(project: string): Promise<string> {
  const root = copyFixture(`rules/${ID}/positive`);
  const s = await scan(root);
  const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path).startsWith(`${project}/`))!;
  const fix = fixFor(s, f, /as the Procfile release process/);
  assert.ok(!fix.preferred && !fix.fixAll);
  applyFix(fix);
  const again = await scan(root);
  assert.deepStrictEqual(
    again.where(ID).filter((w) => w.startsWith(`${project}/`)),
    [],
  );
  return root;
}

describe(ID, () => {
  it('flags migrations in web command lines and in code the web process runs on boot', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'code-drizzle/src/main.ts:8',
      'code-exec/src/start.js:3',
      'code-handler/src/server.js:6',
      'code-knex/src/server.ts:4',
      'code-knex/src/server.ts:5',
      'code-kysely/src/db.ts:9',
      'code-kysely/src/server.ts:5',
      'code-mongoose/src/server.ts:6',
      'code-own-runner/src/server.ts:5',
      'code-sequelize/models/index.js:6',
      'code-typeorm/src/data-source.ts:6',
      'docker/Dockerfile:4',
      'monorepo/apps/api/src/index.ts:8',
      'prestart/package.json:5',
      'procfile-web/Procfile:1',
      'setup-script/scripts/check-db.js:8',
      'start-chain/package.json:6',
    ]);
  });

  it('follows a web-path call into a workspace package to the migration it runs, reporting the call', async () => {
    const s = await scan(dir('positive'));
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === 'monorepo/apps/api/src/index.ts')!;
    assert.strictEqual(
      f.message,
      '`migrate()` from @acme/db migrates the database (monorepo/packages/db/src/index.ts:9) as each web process starts.',
    );
    assert.match(
      s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === 'code-kysely/src/server.ts')!.message,
      /^Migrator\.migrateToLatest\(\) migrates the database every time a web process starts \(loaded from src\/server\.ts\)\.$/,
    );
  });

  it('flags a migration in a script the container command runs before the server, naming what runs it', async () => {
    const s = await scan(dir('positive'));
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === 'setup-script/scripts/check-db.js')!;
    assert.strictEqual(
      f.message,
      "'npx prisma migrate deploy' migrates the database every time the app starts (run before it by the Dockerfile CMD).",
    );
  });

  it('says a migration in a request handler runs from that handler, and one at start-up runs as the process starts', async () => {
    const s = await scan(dir('positive'));
    const msg = (rel: string) => s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === rel)!.message;
    assert.strictEqual(
      msg('code-handler/src/server.js'),
      "'npx prisma migrate deploy' migrates the database from the request handler `app.post('/admin/migrate')`.",
    );
    assert.ok(!msg('code-handler/src/server.js').includes('every time a web process starts'));
    assert.match(msg('code-exec/src/start.js'), /every time a web process starts/);
  });

  it('accepts release processes, code only they call, dev-only sync, gated options, local scripts and tests', async () => {
    const s = await scan(dir('negative'));
    // monorepo: the web loads @acme/db without calling migrate(); only the release script does.
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix moves a chained migration out of start into a migrate script run by a new Procfile release entry', async () => {
    const root = await fixIn('start-chain');
    const pkg = JSON.parse(read(root, 'start-chain/package.json'));
    assert.deepStrictEqual(pkg.scripts, {
      build: 'tsc',
      start: 'node dist/server.js',
      migrate: 'prisma migrate deploy',
    });
    assert.strictEqual(read(root, 'start-chain/Procfile'), 'web: npm start\nrelease: npm run migrate\n');
    assert.match(
      read(root, 'start-chain/package.json'),
      /\n {4}"start": "node dist\/server\.js",\n {4}"migrate": "prisma migrate deploy"\n {2}\}/,
    );
  });

  it('fix edits the Procfile web command and adds the release entry', async () => {
    const root = await fixIn('procfile-web');
    assert.strictEqual(
      read(root, 'procfile-web/Procfile'),
      'web: node server.js\nworker: node worker.js\nrelease: npm run migrate\n',
    );
    assert.strictEqual(
      JSON.parse(read(root, 'procfile-web/package.json')).scripts.migrate,
      'npx sequelize-cli db:migrate',
    );
  });

  it('fix removes a prestart migration and releases the existing script', async () => {
    const root = await fixIn('prestart');
    const pkg = JSON.parse(read(root, 'prestart/package.json'));
    assert.deepStrictEqual(pkg.scripts, { start: 'node index.js', 'db:migrate': 'knex migrate:latest' });
    assert.strictEqual(read(root, 'prestart/Procfile'), 'web: npm start\nrelease: npm run db:migrate\n');
  });

  it('offers no rewrite for container commands or code', async () => {
    const s = await scan(dir('positive'));
    for (const f of s.findings.filter((x) => x.ruleId === ID && /Dockerfile|\.(ts|js)$/.test(x.path))) {
      assert.deepStrictEqual(
        s.engine.fixesFor(f).filter((x) => /release/.test(x.title)),
        [],
        s.engine.rel(f.path),
      );
    }
    assert.ok(!fs.existsSync(path.join(dir('positive'), 'start-chain', 'Procfile')));
  });
  it("flags migrations in the shell script a web image starts with, found from a workspace member's Dockerfile", async () => {
    const member = (name: string) =>
      JSON.stringify({ name, version: '1.0.0', scripts: { build: 'tsc' }, dependencies: { fastify: '^4.26.0' } });
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'acme',
        private: true,
        workspaces: ['apps/*'],
        scripts: { 'db:migrate': 'drizzle-kit migrate' },
      }),
      'apps/api/package.json': member('@acme/api'),
      'apps/api/src/server.ts':
        "import Fastify from 'fastify';\nFastify().listen({ port: Number(process.env.PORT) || 3000 });\n",
      'apps/api/Dockerfile': 'FROM node:20-alpine\nWORKDIR /srv\nCOPY . .\nCMD ["./scripts/start.sh"]\n',
      'apps/jobs/package.json': member('@acme/jobs'),
      'apps/jobs/src/index.ts': 'export {};\n',
      'apps/jobs/Dockerfile.worker': 'FROM node:20-alpine\nWORKDIR /srv\nCOPY . .\nCMD ["./scripts/jobs.sh"]\n',
      'scripts/start.sh': '#!/bin/sh\nset -eu\nnpm run db:migrate\nexec node apps/api/dist/server.js\n',
      'scripts/jobs.sh': '#!/bin/sh\nnpx drizzle-kit migrate\nexec node apps/jobs/dist/index.js\n',
    });
    assert.deepStrictEqual(s.where(ID), ['scripts/start.sh:3']);
    assert.strictEqual(
      s.findings.find((f) => f.ruleId === ID)!.message,
      "'npm run db:migrate' runs in the start.sh script (run by the Dockerfile CMD) as every web process boots.",
    );
  });

  it('flags Python migrations: manage.py, flask db, alembic in start commands, a uWSGI hook, start-up hooks in code', async () => {
    const s = await scan(dir('py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'Procfile:1',
      'boot/boot.sh:3',
      'cmd/Dockerfile:5',
      'django/shop/apps.py:9',
      'flaskapp/app.py:10',
      'handler/admin.py:10',
      'lifespan/shopapi/init_db.py:11',
      'lifespan/shopapi/main.py:12',
      // Functions the lifespan hands to a thread to run: asyncio.to_thread(f), loop.run_in_executor(None, f).
      'to-thread/tracker/db.py:6',
      'to-thread/tracker/main.py:12',
      'uwsgi/uwsgi.ini:6',
    ]);
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.strictEqual(
      msg('lifespan/shopapi/init_db.py'),
      '`command.upgrade()` migrates at each web start: the lifespan `lifespan()` calls `init_db.main()` (main.py:13).',
    );
    assert.strictEqual(
      msg('django/shop/apps.py'),
      '`call_command("migrate")` migrates the database on each web process start, in `ShopConfig.ready()`.',
    );
    assert.strictEqual(
      msg('uwsgi/uwsgi.ini'),
      "'python manage.py migrate --noinput' runs in uWSGI's uwsgi.ini (run by the Dockerfile CMD) as every web " +
        'process boots.',
    );
    assert.match(msg('handler/admin.py'), /from the request handler `run_migrations\(\)` \(\/admin\/migrate\)\.$/);
    assert.strictEqual(
      msg('to-thread/tracker/db.py'),
      '`command.upgrade()` migrates at each web start: the lifespan `lifespan()` calls `upgrade_schema()` (main.py:19).',
    );
  });

  it('accepts a release phase, migrate --check, dev entrypoints, "$1" gates the image skips, create_all and tests', async () => {
    // to-thread: a function handed to a thread that does not migrate, one stored (never called), a DEBUG-only call.
    const s = await scan(dir('py-negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it("fix moves a Python app's Procfile migration to a release entry", async () => {
    const root = tempProject({
      Procfile: 'web: python manage.py migrate --noinput && gunicorn shop.wsgi --bind 0.0.0.0:$PORT\n',
      'manage.py': 'import sys\n',
    });
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    applyFix(fixFor(s, f, /^Run 'python manage\.py migrate --noinput' as the Procfile release process/));
    assert.strictEqual(
      read(root, 'Procfile'),
      'web: gunicorn shop.wsgi --bind 0.0.0.0:$PORT\nrelease: python manage.py migrate --noinput\n',
    );
    assert.deepStrictEqual((await scan(root)).where(ID), []);
  });
});
