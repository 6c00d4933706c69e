import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';
import { isLocalDefaultUrl, isPrivateHost, parseServiceUrl } from '../../../../server/src/detect/urls';

const ID = 'backing-services/hardcoded-url';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags service URLs, client and ORM hosts, object-storage endpoints, buckets, ORM config files and Prisma URLs', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      'Dockerfile:3',
      'Dockerfile:4',
      'Dockerfile:5',
      'config/config.json:3',
      'knexfile.js:5',
      'ormconfig.json:3',
      'prisma/schema.prisma:7',
      'python/alembic_app/alembic.ini:5',
      'python/db.py:10',
      'python/db.py:11',
      'python/db.py:12',
      'python/db.py:13',
      'python/db.py:14',
      'python/db.py:15',
      'python/db.py:16',
      'python/db.py:17',
      'python/db.py:18',
      'python/db.py:19',
      'python/settings.py:5',
      'python/settings.py:8',
      'python/settings.py:9',
      'python/settings/base.py:2',
      'src/billing.js:3',
      'src/blob-store.ts:3',
      'src/cache.js:3',
      'src/data-source.ts:3',
      'src/data-source.ts:4',
      'src/db.js:3',
      'src/fallback.js:2',
      'src/fallback.js:3',
      'src/fallback.js:4',
      'src/host-fallback.js:4',
      'src/host-fallback.js:5',
      'src/host-fallback.js:6',
      'src/mongo.js:3',
      'src/replica.js:3',
      'src/replica.js:4',
      'src/replica.js:5',
      'src/replica.js:6',
      'src/sequelize.ts:3',
      'src/spaces.js:3',
      'src/spaces.js:4',
      'src/status.ts:2',
      'src/storage.ts:3',
      'src/storage.ts:5',
      'src/storage.ts:6',
    ]);
    const sev = (w: string) =>
      s.findings.find((f) => f.ruleId === ID && `${s.engine.rel(f.path)}:${f.range.start.line + 1}` === w)!.severity;
    assert.strictEqual(sev('src/storage.ts:5'), 'warning'); // acme-prod-uploads names an environment
    assert.strictEqual(sev('src/storage.ts:6'), 'info');
    assert.ok(!s.findings.some((f) => f.message.includes('Sup3rS3cretPw')));
  });

  it('treats a private label anywhere in a host name as private, and names the variable after the first label', async () => {
    for (const h of [
      'billing.internal.acme-corp.io',
      'api.corp.acme.com',
      'search.svc.acme.net',
      'db.private.acme.io',
      'wiki.intranet.acme.org',
      'pg.internal',
    ])
      assert.ok(isPrivateHost(h), h);
    for (const h of ['internal-tools.acme.io', 'corporate.acme.com', 'api.stripe.com', 'localhost'])
      assert.ok(!isPrivateHost(h), h);
    const s = await scan(dir('positive'));
    const billing = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('billing.js'))!;
    assert.ok(
      s.engine.fixesFor(billing).some((x) => x.title === 'Move BILLING_URL to .env'),
      s.engine
        .fixesFor(billing)
        .map((x) => x.title)
        .join(', '),
    );
  });

  it('flags service URLs baked into the shipped image by Dockerfile ENV, without a fix and without echoing passwords', async () => {
    const s = await scan(dir('positive'));
    const mine = s.findings.filter((f) => f.ruleId === ID && f.path.endsWith('Dockerfile'));
    assert.strictEqual(
      mine[0].message,
      "ENV DATABASE_URL in Dockerfile bakes 'postgres://shop:***@db.internal:5432/shop' into the image.",
    );
    for (const f of mine) {
      assert.ok(!/Xk29fLq8PzR4|Qw7xT2pLm9/.test(f.message), f.message);
      assert.ok(!s.engine.fixesFor(f).some((x) => /^Move /.test(x.title)));
    }
  });

  it("flags env fallbacks that are a deploy's real service (remote host or real password), without a move-to-env fix", async () => {
    const s = await scan(dir('positive'));
    const mine = s.findings.filter((f) => f.ruleId === ID && f.path.endsWith('fallback.js'));
    // Redacted, then clipped to keep the line short.
    assert.strictEqual(
      mine[0].message,
      "Fallback mongodb+srv URL 'mongodb+srv://app:***@cl…mongodb.net/app' for MONGO_URI is not a local default.",
    );
    for (const f of mine) {
      assert.ok(!/Vx7pQ2mLr9Zt|Kq8zLm2Rt5/.test(f.message), f.message);
      assert.ok(!s.engine.fixesFor(f).some((x) => /^Move /.test(x.title)));
    }
  });

  it('reads every host of a multi-host URL (replica sets, multi-host Postgres) and flags fallbacks to managed, private or cluster hosts', async () => {
    const s = await scan(dir('positive'));
    const at = (w: string) =>
      s.findings.find((f) => f.ruleId === ID && `${s.engine.rel(f.path)}:${f.range.start.line + 1}` === w)!;
    assert.strictEqual(
      at('src/replica.js:3').message,
      "Fallback mongodb URL 'mongodb://mongo-0.orders…?replicaSet=rs0' for MONGO_URL is not a local default.",
    );
    assert.strictEqual(
      at('src/replica.js:6').message,
      "Hardcoded postgres connection URL 'postgres://app:***@pg-a.inter…n_attrs=read-write'.",
    );
    assert.match(
      at('src/host-fallback.js:4').message,
      /^Fallback host 'orders-db\.c9x2kq7mzt.*\.amazonaws\.com' for PGHOST is not a local default\.$/,
    );
    for (const w of [
      'src/replica.js:3',
      'src/host-fallback.js:4',
      'src/host-fallback.js:5',
      'src/host-fallback.js:6',
    ]) {
      assert.ok(!s.engine.fixesFor(at(w)).some((x) => /^Move /.test(x.title)), w);
    }
    assert.ok(!s.findings.some((f) => f.message.includes('Wq8vLx2Tz5Rn')));
  });

  it('knows which hosts a local-development default may name', () => {
    for (const u of [
      'mongodb://mongo-0:27017,mongo-1:27017/app?replicaSet=rs0',
      'mongodb://localhost:27017,localhost:27018/app',
      'redis://redis.local:6379',
      'postgres://host.docker.internal:5432/app',
      'redis://[::1]:6379',
      'amqp://guest:guest@rabbitmq:5672',
    ])
      assert.ok(isLocalDefaultUrl(u), u);
    for (const u of [
      'mongodb://mongo-0:27017,mongo-1.prod.internal:27017/app',
      'redis://redis-master.orders.svc.cluster.local:6379',
      'redis://10.0.4.12:6379',
      'postgres://db.prod.acme.io/app',
      'mongodb+srv://cluster0.mongodb.net/app',
    ])
      assert.ok(!isLocalDefaultUrl(u), u);
    assert.deepStrictEqual(parseServiceUrl('postgresql://u:p@a.internal:5432,[::1]:5433/db')?.hosts, [
      'a.internal',
      '[::1]',
    ]);
  });

  it('accepts env reads and their fallbacks, public APIs, localhost, bind addresses, dev/test sections, env() in Prisma, tests, look-alike labels, build-stage and credential-free http ENV', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('moves a connection URL to DATABASE_URL, with a credential-free .env.example', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('db.js'))!;
    applyFix(fixFor(s, f, /^Move DATABASE_URL to \.env$/));
    assert.match(read(root, 'src/db.js'), /new Pool\(\{ connectionString: process\.env\.DATABASE_URL \}\)/);
    assert.strictEqual(read(root, '.env'), 'DATABASE_URL=postgres://shop:Sup3rS3cretPw@db.internal:5432/shop\n');
    assert.strictEqual(read(root, '.env.example'), 'DATABASE_URL=postgres://db.internal:5432/shop\n');
    assert.strictEqual(read(root, '.gitignore'), '.env\n');
    const again = await scan(root);
    assert.ok(!again.where(ID).includes('src/db.js:3'));
  });

  it('rewrites a Prisma datasource URL to env("DATABASE_URL")', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('schema.prisma'))!;
    applyFix(fixFor(s, f, /^Move DATABASE_URL to \.env$/));
    assert.match(read(root, 'prisma/schema.prisma'), /^ {2}url {6}= env\("DATABASE_URL"\)$/m);
    assert.match(read(root, '.env'), /^DATABASE_URL=postgresql:\/\/app:Sup3rS3cretPw@pg\.internal:5432\/app$/m);
    const again = await scan(root);
    assert.ok(!again.where(ID).includes('prisma/schema.prisma:7'));
  });

  it('moves hosts, endpoints and buckets to REDIS_HOST, S3_ENDPOINT and S3_BUCKET', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    for (const [file, line, name] of [
      ['src/cache.js', 2, 'REDIS_HOST'],
      ['src/storage.ts', 2, 'S3_ENDPOINT'],
      ['src/storage.ts', 4, 'S3_BUCKET'],
    ] as const) {
      const s = await scan(root);
      const f = s.findings.find(
        (x) => x.ruleId === ID && s.engine.rel(x.path) === file && x.range.start.line === line,
      )!;
      applyFix(fixFor(s, f, new RegExp(`^Move ${name} to \\.env$`)));
    }
    assert.match(read(root, 'src/cache.js'), /new Redis\(\{ host: process\.env\.REDIS_HOST, port: 6379 \}\)/);
    assert.match(read(root, 'src/storage.ts'), /endpoint: process\.env\.S3_ENDPOINT,/);
    assert.match(read(root, 'src/storage.ts'), /Bucket: process\.env\.S3_BUCKET, Key/);
    assert.strictEqual(
      read(root, '.env'),
      'REDIS_HOST=10.0.4.12\nS3_ENDPOINT=http://minio:9000\nS3_BUCKET=acme-prod-uploads\n',
    );
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => /cache\.js|storage\.ts:[35]/.test(w)),
      [],
    );
  });

  it('reads ormconfig.yml, skipping its development section', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'ormconfig.yml':
        'default:\n  type: postgres\n  host: pg.internal\ndevelopment:\n  type: postgres\n  host: db.local-dev\n',
    });
    assert.deepStrictEqual(s.where(ID), ['ormconfig.yml:3']);
  });

  it('offers no fix for JSON config files, which cannot read the environment', async () => {
    const s = await scan(dir('positive'));
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('ormconfig.json'))!;
    assert.ok(!s.engine.fixesFor(f).some((x) => /^Move /.test(x.title)));
  });
});

describe('backing-services/hardcoded-url: hosts outside known client calls', () => {
  const ID = 'backing-services/hardcoded-url';
  it('flags private hosts under host keys anywhere, and hosts picked by environment name', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'svc',
        dependencies: { '@nestjs/bullmq': '^10.0.0', nodemailer: '^6.9.0' },
      }),
      'src/app.module.ts':
        "import { BullModule } from '@nestjs/bullmq';\nexport const queues = BullModule.forRoot({\n  connection: { host: 'redis-master.orders.svc.cluster.local', port: 6379 },\n});\n",
      'src/mailer.ts':
        "import nodemailer from 'nodemailer';\nexport const mail = nodemailer.createTransport({\n  host: process.env.NODE_ENV === 'production' ? 'smtp.sendgrid.net' : 'localhost',\n  port: 587,\n});\n",
      'src/queues.ts':
        "export const queues = { connection: { host: process.env.REDIS_HOST ?? 'cache.internal' } };\nexport const relay = { host: process.env.SMTP_HOST || 'smtp.mail.prod.internal' };\n",
    });
    assert.deepStrictEqual(s.where(ID).sort(), [
      'src/app.module.ts:3',
      'src/mailer.ts:3',
      'src/queues.ts:1',
      'src/queues.ts:2',
    ]);
    assert.strictEqual(
      s.findings.find((x) => x.ruleId === ID && x.path.endsWith('queues.ts'))!.message,
      "Fallback host 'cache.internal' for REDIS_HOST is not a local default.",
    );
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('app.module.ts'))!;
    assert.ok(
      s.engine.fixesFor(f).some((x) => x.title === 'Move REDIS_HOST to .env'),
      s.engine
        .fixesFor(f)
        .map((x) => x.title)
        .join(', '),
    );
  });

  it('leaves public hosts, env fallbacks, loopback and zod/envalid defaults alone', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'svc', dependencies: { zod: '^3.23.0', envalid: '^8.0.0' } }),
      'src/a.ts':
        "export const a = { host: 'api.github.com' };\nexport const b = { host: process.env.REDIS_HOST ?? 'cache.local' };\nexport const c = { hostname: '127.0.0.1' };\nexport const d = { host: process.env.API_HOST || 'api.stripe.com' };\n",
      'src/env.ts':
        "import { z } from 'zod';\nimport { str } from 'envalid';\nexport const env = z.object({ REDIS_URL: z.string().url().default('redis://localhost:6379') }).parse(process.env);\nexport const spec = { LOG: str({ default: 'info' }) };\n",
      'src/picker.ts':
        "export const host = { host: process.env.NODE_ENV === 'production' ? process.env.SMTP_HOST : 'localhost' };\n",
    });
    assert.deepStrictEqual(s.where(ID), []);
  });
  it('reads a URL whose raw password holds # or ?', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'r', version: '1.0.0', dependencies: { '@prisma/client': '^5.14.0' } }),
      'src/db.ts':
        "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient({ datasources: { db: { url: 'postgresql://reports_admin:Xp9#vLq2!mT8@reports-prod.cxa81kq2.eu-west-1.rds.amazonaws.com:5432/reports' } } });\n",
    });
    assert.deepStrictEqual(s.where(ID), ['src/db.ts:2']);
    assert.deepStrictEqual(s.where('config/hardcoded-secret'), ['src/db.ts:2']);
    assert.ok(!s.findings.some((f) => f.message.includes('Xp9#vLq2')), 'the password is never shown');
  });
  it('flags the endpoint of a managed database or cache instance under a host key, whatever the client', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'r',
        version: '1.0.0',
        dependencies: { 'cache-manager-ioredis-yet': '^2.1.1' },
      }),
      'src/cache.ts':
        "import { redisStore } from 'cache-manager-ioredis-yet';\nexport const store = () => redisStore({\n  host: 'reports-cache.x7k2pq.ng.0001.euw1.cache.amazonaws.com',\n  port: 6379,\n});\nexport const api = { host: 'api.stripe.com', port: 443 };\n",
    });
    assert.deepStrictEqual(s.where(ID), ['src/cache.ts:3']);
  });
});
