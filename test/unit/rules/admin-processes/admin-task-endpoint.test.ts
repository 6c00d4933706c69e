import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'admin-processes/admin-task-endpoint';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags routes whose path names a one-off task: Express, Koa, Fastify, hapi, Nest and Next.js', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => !w.startsWith('py-'))
        .sort(),
      [
        'express/src/routes/admin.js:12',
        'express/src/routes/admin.js:17',
        'express/src/routes/admin.js:6',
        'express/src/server.js:13',
        'express/src/server.js:18',
        'express/src/server.js:23',
        'express/src/server.js:29',
        'express/src/server.js:8',
        'fastify/server.js:13',
        'fastify/server.js:7',
        'hapi/index.js:8',
        'koa/src/maintenance.js:15',
        'koa/src/maintenance.js:7',
        'nest/src/maintenance.controller.ts:11',
        'next-app/app/api/(admin)/reindex/route.ts:3',
        'next-app/app/api/admin/fix-totals/route.ts:3',
        'next-pages/pages/api/admin/purge-orphans.ts:5',
        'next-pages/pages/api/seed.ts:5',
      ],
    );
  });

  it('names the route with its router prefix and the task it runs', async () => {
    const s = await scan(dir('positive'));
    const at = (rel: string, line: number) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === rel && f.range.start.line === line - 1)!;
    const koa = at('koa/src/maintenance.js', 7);
    assert.strictEqual(
      koa.message,
      'POST /internal/admin/backfill-totals runs a one-off admin task (backfill-totals) inside the web process.',
    );
    assert.match(at('fastify/server.js', 7).message, /^POST \/admin\/sync-products /);
    assert.strictEqual(
      at('express/src/server.js', 23).message,
      'POST /admin/tasks/:name/run runs one-off admin tasks by name inside the web process.',
    );
    assert.match(
      at('next-pages/pages/api/admin/purge-orphans.ts', 5).message,
      /^\/api\/admin\/purge-orphans runs a one-off admin task \(purge-orphans\)/,
    );
    assert.match(at('next-app/app/api/(admin)/reindex/route.ts', 3).message, /^POST \/api\/reindex /);
    assert.match(at('nest/src/maintenance.controller.ts', 11).message, /^POST \/admin\/backfill-slugs /);
  });

  it('accepts admin CRUD, health, password resets, webhooks, per-record actions, cron routes, queued tasks, clients, tests and CLI scripts', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
    // A migration in a handler is migrations-on-boot's finding, not a second one here.
    assert.deepStrictEqual(
      s.where('admin-processes/migrations-on-boot').filter((w) => !w.startsWith('py-')),
      ['migrate-endpoint/src/server.js:7'],
    );
  });

  it('offers only the generic fixes', async () => {
    const s = await scan(dir('positive'));
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.deepStrictEqual(
      s.engine.fixesFor(f).map((x) => x.title),
      [`Disable ${ID} for this line`, `Show documentation for ${ID}`],
    );
  });
});
