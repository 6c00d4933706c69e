import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, scan, scanFiles } from '../../../helpers/engine';
import { LineIndex } from '../../../../server/src/util/text';

const ID = 'dev-prod-parity/env-specific-backing-service';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags NODE_ENV switches between kinds of database, store, file storage and message broker (ternaries, ifs, early returns, env-keyed config)', async () => {
    const s = await scan(dir('positive'));
    // The Python cases under python/ are env-specific-backing-service-py.test.ts's.
    assert.deepStrictEqual(
      s.where(ID).filter((w) => !w.startsWith('python/')),
      [
        'knexfile.js:2',
        'packages/shared/src/db.js:8',
        'src/blob.js:13',
        'src/broker.ts:31',
        'src/cache.js:4',
        'src/db.ts:6',
        'src/events.ts:9',
        'src/invoice-queue.ts:12',
        'src/lib/storage.ts:26',
        'src/mongo.js:4',
        'src/payments.module.ts:7',
        'src/provider.ts:7',
        'src/redis-mock.ts:4',
        'src/session.js:7',
        'src/uploads.js:6',
      ],
    );
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && f.path.endsWith(file))!.message;
    // The finding sits on the condition that chooses: the message no longer quotes it.
    const chosenBy = (file: string) => {
      const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith(file))!;
      const text = fs.readFileSync(f.path, 'utf8');
      const lines = new LineIndex(text);
      return text.slice(lines.offset(f.range.start), lines.offset(f.range.end));
    };
    assert.strictEqual(msg('db.ts'), 'Development uses SQLite but production uses PostgreSQL.');
    assert.strictEqual(chosenBy('db.ts'), 'isProd');
    assert.match(msg('cache.js'), /^Development uses an in-memory store but production uses Redis/);
    assert.match(msg('uploads.js'), /^Development uses local disk but production uses S3/);
    assert.match(msg('redis-mock.ts'), /^Development uses ioredis-mock but production uses Redis\.$/);
    assert.strictEqual(chosenBy('redis-mock.ts'), "config.env === 'development'");
    assert.match(msg('provider.ts'), /^Development uses InMemoryCache but production uses Redis/);
    assert.match(msg('mongo.js'), /^Development uses mongodb-memory-server but production uses MongoDB/);
    assert.match(msg('knexfile.js'), /^The development section uses SQLite but production uses PostgreSQL/);
    // An exiting `if` in a factory, a local class wrapping an EventEmitter, a static factory of a local class.
    assert.strictEqual(msg('broker.ts'), 'Development uses InMemoryBroker but production uses AmqpBroker (RabbitMQ).');
    assert.strictEqual(chosenBy('broker.ts'), "config.env !== 'production'");
    assert.match(
      msg('events.ts'),
      /^Development uses LocalBus \(an in-memory EventEmitter\) but production uses Kafka\.$/,
    );
    assert.strictEqual(chosenBy('events.ts'), 'isProduction');
    // `development || test` serves development.
    assert.match(msg('packages/shared/src/db.js'), /^Development uses SQLite but production uses PostgreSQL\.$/);
    assert.match(chosenBy('packages/shared/src/db.js'), /^process\.env\.NODE_ENV === 'development' \|\|/);
    assert.strictEqual(msg('lib/storage.ts'), 'Development uses LocalDiskStorage (local disk) but production uses S3.');
    assert.strictEqual(
      msg('blob.js'),
      'Development uses DiskBlobs (local disk) but production uses Azure Blob Storage.',
    );
    assert.strictEqual(chosenBy('blob.js'), "config.get('env') === 'production'");
  });

  it('accepts the same service configured per environment, test-only doubles, non-environment flags, one-sided switches and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('reports an if / else-if chain once, at the outermost switch', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0", "dependencies": { "knex": "^3.1.0" } }',
      'src/db.js': [
        "const knex = require('knex');",
        'let db;',
        "if (process.env.NODE_ENV === 'production') {",
        "  db = knex({ client: 'pg', connection: process.env.DATABASE_URL });",
        "} else if (process.env.NODE_ENV === 'development') {",
        "  db = knex({ client: 'sqlite3', connection: { filename: './dev.db' } });",
        '} else {',
        "  db = knex({ client: 'sqlite3', connection: { filename: ':memory:' } });",
        '}',
        'module.exports = db;',
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(s.where(ID), ['src/db.js:3']);
  });

  it('takes the code after an exiting `if` as its else branch, leaving tests out of both sides', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0", "dependencies": { "knex": "^3.1.0" } }',
      'src/db.js': [
        "const knex = require('knex');",
        'function settings() {',
        "  if (process.env.NODE_ENV === 'development') return { client: 'sqlite3', connection: { filename: './dev.db' } };",
        "  if (process.env.NODE_ENV === 'test') return { client: 'sqlite3', connection: { filename: ':memory:' } };",
        "  if (process.env.NODE_ENV === 'staging') throw new Error('no staging database');",
        "  return { client: 'pg', connection: process.env.DATABASE_URL };",
        '}',
        // Only tests get SQLite here: not a parity problem.
        'function other() {',
        "  if (process.env.NODE_ENV !== 'test') return { client: 'pg', connection: process.env.DATABASE_URL };",
        "  return { client: 'sqlite3', connection: { filename: ':memory:' } };",
        '}',
        'module.exports = knex(settings());',
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(s.where(ID), ['src/db.js:3']);
    assert.match(
      s.findings.find((f) => f.ruleId === ID)!.message,
      /^Development uses SQLite but production uses PostgreSQL/,
    );
  });

  it('classifies local classes by their bodies, also when a branch picks the class without constructing it', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'src/queue.ts': [
        "import * as amqp from 'amqplib';",
        "import { EventEmitter } from 'events';",
        'class Rabbit { async open() { return amqp.connect(process.env.AMQP_URL as string); } }',
        'class Loopback { private readonly bus = new EventEmitter(); }',
        'class Counter { private readonly seen = new Map<string, number>(); }',
        "export const Impl = process.env.APP_ENV === 'production' ? Rabbit : Loopback;",
        // Different categories (a broker and an in-process Map) are not compared.
        "export const other = process.env.APP_ENV === 'production' ? new Rabbit() : new Counter();",
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(s.where(ID), ['src/queue.ts:6']);
    assert.match(
      s.findings.find((f) => f.ruleId === ID)!.message,
      /^Development uses Loopback \(an in-memory EventEmitter\) but production uses Rabbit \(RabbitMQ\)/,
    );
  });

  it('words the finding neutrally when the condition does not say which side is production', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'src/db.js': "module.exports = { client: process.env.APP_ENV === 'qa' ? 'mysql2' : 'pg' };\n",
    });
    assert.deepStrictEqual(s.where(ID), ['src/db.js:1']);
    assert.match(
      s.findings.find((f) => f.ruleId === ID)!.message,
      /^`process\.env\.APP_ENV === 'qa'` switches between MySQL and PostgreSQL/,
    );
  });
});
