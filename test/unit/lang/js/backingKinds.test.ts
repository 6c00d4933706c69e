// lang/js/backingKinds.ts: which kind of backing service an expression, package, module member or class attaches.
import * as assert from 'assert';
import {
  backingKindOf,
  backingKindOfClass,
  backingKindOfPackage,
  backingKindOfRef,
  databaseOfName,
  LocalClasses,
  standIn,
  standInStem,
} from '../../../../server/src/lang/js/backingKinds';
import { parse } from '../../../helpers/ast';

/** kind of the first `new`, else the first call not to `f`, else the first string. */
function kindOf(code: string, imports: string[] = []): string | undefined {
  const p = parse(code);
  const node = p.idx.news[0] ?? p.idx.calls.find((c) => c.expression.getText(p.sf) !== 'f') ?? p.idx.strings[0];
  return backingKindOf(node, new Set(imports), p.refs)?.kind;
}

describe('lang/js/backingKinds', () => {
  it('maps ORM and driver spellings of databases, case-insensitively', () => {
    const cases: [string, string | undefined][] = [
      ['sqlite3', 'sqlite'],
      ['better-sqlite3', 'sqlite'],
      ['SQLite', 'sqlite'],
      ['libsql', 'sqlite'],
      ['pg', 'postgres'],
      ['postgresql', 'postgres'],
      ['cockroachdb', 'postgres'],
      ['mysql2', 'mysql'],
      ['mariadb', 'mysql'],
      ['tedious', 'mssql'],
      ['mongodb', 'mongodb'],
      ['oracledb', 'oracle'],
      ['redis', undefined],
      ['', undefined],
      ['mysql3', undefined],
    ];
    for (const [n, db] of cases) assert.strictEqual(databaseOfName(n), db, n);
  });

  it('classifies stand-in class names by the service their name imitates', () => {
    const cases: [string, string, string][] = [
      ['InMemoryCache', 'store', 'memory'],
      ['FakeDb', 'database', 'memory-database'],
      ['MemoryStorage', 'files', 'memory-files'],
      ['InMemoryBroker', 'queue', 'memory-queue'],
      ['FakePaymentsClient', 'service', 'memory-service'],
      ['RedisMock', 'store', 'memory'],
      ['InMemoryUserRepo', 'database', 'memory-database'],
    ];
    for (const [n, category, kind] of cases) assert.deepStrictEqual(standIn(n), { category, kind, label: n }, n);
    for (const n of ['Memory', 'Mockingbird', 'MockupGenerator', 'Redis', ''])
      assert.strictEqual(standIn(n), undefined, n);
    assert.deepStrictEqual(['FakePaymentsClient', 'RedisMock', 'StubMailer', 'Redis'].map(standInStem), [
      'PaymentsClient',
      'Redis',
      'Mailer',
      undefined,
    ]);
  });

  it('classifies packages: clients, mock and in-memory packages (scoped too), and nothing for others', () => {
    const cases: [string, string | undefined][] = [
      ['ioredis', 'redis'],
      ['@redis/client', 'redis'],
      ['memjs', 'memcached'],
      ['mongoose', 'mongodb'],
      ['amqplib', 'rabbitmq'],
      ['kafkajs', 'kafka'],
      ['@aws-sdk/client-s3', 's3'],
      ['@aws-sdk/client-sqs', 'sqs'],
      ['bullmq', 'redis-queue'],
      ['pg', 'postgres'],
      ['sqlite3', 'sqlite'],
      ['ioredis-mock', 'memory'],
      ['@acme/redis-mock', 'memory'],
      ['mongodb-memory-server', 'memory-database'],
      ['mock-aws-s3', 'memory-files'],
      ['fake-sqs', 'memory-queue'],
      ['express', undefined],
      ['', undefined],
      ['constructor', undefined],
    ];
    for (const [s, kind] of cases) assert.strictEqual(backingKindOfPackage(s)?.kind, kind, s);
  });

  it('counts only the connecting members of client modules, and not what a call of them returned', () => {
    assert.strictEqual(backingKindOfRef({ module: 'amqplib', path: ['connect'] })?.kind, 'rabbitmq');
    assert.strictEqual(backingKindOfRef({ module: 'amqplib', path: ['connect'], called: true }), undefined);
    assert.strictEqual(backingKindOfRef({ module: 'kafkajs', path: ['Partitioners'] }), undefined);
    assert.strictEqual(backingKindOfRef({ module: '@aws-sdk/client-s3', path: ['PutObjectCommand'] }), undefined);
    assert.strictEqual(
      backingKindOfRef({ module: '@azure/storage-blob', path: ['BlobServiceClient', 'fromConnectionString'] })?.kind,
      'azure-blob',
    );
    assert.strictEqual(backingKindOfRef({ module: 'events', path: ['EventEmitter'] })?.kind, 'memory-queue');
    assert.strictEqual(backingKindOfRef({ module: 'events', path: ['once'] }), undefined);
  });

  it('classifies constructors and factories, some only when the file imports their package', () => {
    assert.strictEqual(kindOf(`new Redis()`), 'redis');
    assert.strictEqual(kindOf(`new Map()`), 'memory');
    assert.strictEqual(kindOf(`new MemoryStore()`), 'memory');
    assert.strictEqual(kindOf(`new LRUCache({ max: 1 })`), 'memory');
    assert.strictEqual(kindOf(`new Database('x.db')`, ['better-sqlite3']), 'sqlite');
    assert.strictEqual(kindOf(`new Database('x.db')`), undefined);
    assert.strictEqual(kindOf(`new Pool()`, ['pg']), 'postgres');
    assert.strictEqual(kindOf(`new Pool()`, ['mysql']), undefined);
    assert.strictEqual(kindOf(`new S3()`, ['aws-sdk']), 's3');
    assert.strictEqual(kindOf(`new S3()`), undefined);
    assert.strictEqual(kindOf(`createClient()`, ['redis']), 'redis');
    assert.strictEqual(kindOf(`createClient()`), undefined);
    assert.strictEqual(kindOf(`mysql.createPool({})`, ['mysql2']), 'mysql');
    assert.strictEqual(kindOf(`multer.diskStorage({})`), 'disk');
    assert.strictEqual(kindOf(`require('ioredis')`), 'redis');
    assert.strictEqual(kindOf(`import('redis-mock')`), 'memory');
  });

  it('resolves callees through imports when no name matches', () => {
    assert.strictEqual(kindOf(`import amqp from 'amqplib'; amqp.connect(u)`), 'rabbitmq');
    assert.strictEqual(kindOf(`import { Kafka } from 'kafkajs'; new Kafka({})`), 'kafka');
    assert.strictEqual(kindOf(`import { EventEmitter } from 'node:events'; new EventEmitter()`), 'memory-queue');
  });

  it('classifies strings: discriminator values, service URL schemes, SQLite files and :memory:', () => {
    assert.strictEqual(kindOf(`f({ client: 'sqlite3' })`), 'sqlite');
    assert.strictEqual(kindOf(`f({ dialect: 'postgres' })`), 'postgres');
    assert.strictEqual(kindOf(`f({ client: isProd ? 'pg' : 'sqlite3' })`), 'postgres');
    assert.strictEqual(kindOf(`f({ name: 'postgres' })`), undefined);
    assert.strictEqual(kindOf(`f({ url: 'redis://cache:6379' })`), 'redis');
    assert.strictEqual(kindOf(`f('mongodb+srv://c/x')`), 'mongodb');
    assert.strictEqual(kindOf(`f('amqp://mq')`), 'rabbitmq');
    assert.strictEqual(kindOf(`f(':memory:')`), 'sqlite');
    assert.strictEqual(kindOf(`f({ filename: './data.sqlite' })`), 'sqlite');
    assert.strictEqual(kindOf(`f({ other: './data.sqlite' })`), undefined);
    assert.strictEqual(kindOf(`f('https://x.y')`), undefined);
    assert.strictEqual(kindOf(`f('')`), undefined);
  });

  it('classifies a class picked by an environment switch by its package first, then its name', () => {
    assert.strictEqual(backingKindOfClass('RedisMock', new Set(), 'ioredis-mock')?.kind, 'memory');
    assert.strictEqual(backingKindOfClass('Redis', new Set(), 'ioredis')?.kind, 'redis');
    assert.strictEqual(backingKindOfClass('Database', new Set(['better-sqlite3']))?.kind, 'sqlite');
    assert.strictEqual(backingKindOfClass('Foo', new Set()), undefined);
  });

  describe('LocalClasses', () => {
    const p = parse(`import amqp from 'amqplib'; import { EventEmitter } from 'events'; import fs from 'fs';
class AmqpBroker { async start() { this.c = await amqp.connect(url) } static connect() { return new AmqpBroker() } static other() { return 1 } }
class SelfFactory { static create() { return new this() } }
class LocalDiskStorage { save(n, d) { fs.writeFileSync(n, d) } }
class Bus extends EventEmitter {}
class Both { constructor() { this.m = new Map(); this.r = new Redis() } }
class Wrap { constructor() { this.b = new AmqpBroker() } }
class A { constructor() { this.b = new B() } } class B { constructor() { this.a = new A() } }
const Anon = class { constructor() { this.m = new Map() } };
class Dup {} class Dup {}
class Plain { x() { return 1 } }
AmqpBroker.connect(); AmqpBroker.other(); SelfFactory.create(); Nope.connect(); connect();`);
    const classes = new LocalClasses(p.sf, p.idx, p.refs, new Set(['amqplib', 'events', 'fs']));
    const kinds = (n: string) => classes.kindsOf(n).map((k) => `${k.kind}: ${k.label}`);

    it('judges classes by their bodies and base classes; a real client wins over a Map beside it', () => {
      assert.deepStrictEqual(kinds('AmqpBroker'), ['rabbitmq: AmqpBroker (RabbitMQ)']);
      assert.deepStrictEqual(kinds('LocalDiskStorage'), ['disk: LocalDiskStorage (local disk)']);
      assert.deepStrictEqual(kinds('Bus'), ['memory-queue: Bus (an in-memory EventEmitter)']);
      assert.deepStrictEqual(kinds('Both'), ['redis: Both (Redis)']);
      assert.deepStrictEqual(kinds('Wrap'), ['rabbitmq: Wrap (AmqpBroker (RabbitMQ))']);
      assert.deepStrictEqual(kinds('Anon'), ['memory: Anon (an in-memory store)']);
    });

    it('ends on classes that construct each other, and knows nothing of duplicate, plain or undeclared classes', () => {
      assert.deepStrictEqual(
        [kinds('A'), kinds('B'), kinds('Plain'), kinds('Nope'), kinds('Dup')],
        [[], [], [], [], []],
      );
      assert.deepStrictEqual(
        ['Plain', 'Dup', 'Nope'].map((n) => classes.has(n)),
        [true, false, false],
      );
    });

    it('finds static factories that construct their own class (by name or `new this`)', () => {
      const found = Object.fromEntries(
        p.idx.calls
          .filter((c) => c.getText(p.sf).endsWith('()') && !c.getText(p.sf).includes('new'))
          .map((c) => [c.getText(p.sf), classes.factoryClass(c)]),
      );
      assert.strictEqual(found['AmqpBroker.connect()'], 'AmqpBroker');
      assert.strictEqual(found['SelfFactory.create()'], 'SelfFactory');
      assert.strictEqual(found['AmqpBroker.other()'], undefined);
      assert.strictEqual(found['Nope.connect()'], undefined);
      assert.strictEqual(found['connect()'], undefined);
    });
  });
});
