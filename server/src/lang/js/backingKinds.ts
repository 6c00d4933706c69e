// What kind of backing service an expression creates or names: SQLite vs PostgreSQL, an in-memory store vs
// Redis, local disk vs S3, an EventEmitter vs RabbitMQ. Used to tell when development and production attach
// different kinds.
import * as ts from 'typescript';
import { bindingNameOf, calleeName, declaredName } from './astUtil';
import type { NodeIndex } from './nodeIndex';
import type { ModuleRef, ModuleRefs } from './moduleRefs';
import { fsWritesOf } from './fsWrites';
import { lookupTable } from '../../util/table';

export type Category = 'database' | 'store' | 'files' | 'queue' | 'service';

export interface BackingKind {
  category: Category;
  /** Stable id: sqlite, postgres, memory, redis, disk, s3 … */
  kind: string;
  /** Human name for messages. */
  label: string;
}

const LABELS: Record<string, string> = lookupTable({
  sqlite: 'SQLite',
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  mssql: 'SQL Server',
  mongodb: 'MongoDB',
  oracle: 'Oracle',
  memory: 'an in-memory store',
  redis: 'Redis',
  memcached: 'Memcached',
  disk: 'local disk',
  s3: 'S3',
  gcs: 'Google Cloud Storage',
  'azure-blob': 'Azure Blob Storage',
  'memory-files': 'memory',
  rabbitmq: 'RabbitMQ',
  kafka: 'Kafka',
  sqs: 'SQS',
  nats: 'NATS',
  pubsub: 'Google Pub/Sub',
  servicebus: 'Azure Service Bus',
  'redis-queue': 'a Redis queue (Bull)',
  'memory-queue': 'an in-memory EventEmitter',
});

function k(category: Category, kind: string): BackingKind {
  return { category, kind, label: LABELS[kind] ?? kind };
}

/** Database names as ORMs and query builders spell them (`client: 'sqlite3'`, `dialect: 'postgres'`, `type: 'mysql'`). */
export function databaseOfName(name: string): string | undefined {
  const n = name.toLowerCase();
  if (/^(sqlite3?|better-sqlite3|sqlite|libsql|sql\.js|expo-sqlite|capacitor-sqlite)$/.test(n)) return 'sqlite';
  if (/^(pg|postgres|postgresql|pg-native|cockroachdb|redshift)$/.test(n)) return 'postgres';
  if (/^(mysql2?|mariadb)$/.test(n)) return 'mysql';
  if (/^(mssql|tedious)$/.test(n)) return 'mssql';
  if (n === 'mongodb') return 'mongodb';
  if (/^(oracledb|oracle)$/.test(n)) return 'oracle';
  return undefined;
}

const DISCRIMINATORS = new Set(['client', 'dialect', 'type', 'driver', 'provider', 'adapter']);

/** The property a value ends up in, looking through `a ? 'pg' : 'sqlite3'` and `x || 'sqlite'`. */
function propertyKeyOf(node: ts.Node): string | undefined {
  let n: ts.Node = node;
  while (
    n.parent &&
    ((ts.isConditionalExpression(n.parent) && n.parent.condition !== n) ||
      ts.isParenthesizedExpression(n.parent) ||
      (ts.isBinaryExpression(n.parent) &&
        (n.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
          n.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)))
  )
    n = n.parent;
  return bindingNameOf(n);
}

function fromString(lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): BackingKind | undefined {
  const v = lit.text.trim();
  const key = propertyKeyOf(lit);
  if (key && DISCRIMINATORS.has(key)) {
    const db = databaseOfName(v);
    if (db) return k('database', db);
  }
  const scheme = /^([a-z][a-z0-9+]*):\/\//i.exec(v)?.[1].toLowerCase();
  if (scheme) {
    if (scheme === 'redis' || scheme === 'rediss') return k('store', 'redis');
    if (scheme === 'memcached') return k('store', 'memcached');
    if (scheme === 'amqp' || scheme === 'amqps') return k('queue', 'rabbitmq');
    if (scheme === 'nats') return k('queue', 'nats');
    const db = databaseOfName(scheme.replace(/\+srv$/, ''));
    return db ? k('database', db) : undefined;
  }
  if (v === ':memory:' || /^sqlite:/i.test(v)) return k('database', 'sqlite');
  if ((key === 'filename' || key === 'storage' || key === 'url') && /\.(sqlite3?|db)$/i.test(v))
    return k('database', 'sqlite');
  return undefined;
}

/**
 * The category a stand-in's name points at: `InMemoryCache` a store, `FakeDb` a database, `MemoryStorage` files,
 * `InMemoryBroker` a message broker.
 */
function categoryOfName(name: string): Category {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  if (words.some((w) => /^(db|database|sql|sqlite|postgres|pg|mysql|mongo|mongodb|pool|repo|repository)$/.test(w)))
    return 'database';
  if (words.some((w) => /^(storage|bucket|blob|file|files|s3|disk)$/.test(w))) return 'files';
  if (words.some((w) => /^(broker|queue|bus|pubsub|mq|amqp|rabbit|rabbitmq|kafka|sqs|nats)$/.test(w))) return 'queue';
  if (words.some((w) => /^(cache|store|session|sessions|redis|kv|memcache|memcached)$/.test(w))) return 'store';
  // `FakePaymentsClient`, `MockMailerService`: a third-party API the app calls.
  if (words.some((w) => /^(client|api|gateway|service|provider|sdk|mailer|payments?|sms)$/.test(w))) return 'service';
  return 'store';
}

/**
 * In-memory and mock stand-ins for a real service: classes named `InMemory*`, `Memory*`, `InProcess*`, `Fake*`,
 * `Mock*`, `*Mock`,
 * and packages such as ioredis-mock, redis-mock, mongodb-memory-server.
 */
/** The name a stand-in imitates: `FakePaymentsClient` → `PaymentsClient`, `RedisMock` → `Redis`. */
export function standInStem(name: string): string | undefined {
  return (
    /^(?:InMemory|Memory|InProcess|InProc|Fake|Mock|Stub|Dummy|Noop)([A-Z]\w*)$/.exec(name)?.[1] ??
    /^([A-Z]\w*?)Mock$/.exec(name)?.[1]
  );
}

export function standIn(name: string): BackingKind | undefined {
  if (!/^(InMemory|Memory|InProcess|InProc|Fake|Mock)[A-Z0-9_]|^[A-Z]\w*Mock$/.test(name)) return undefined;
  const category = categoryOfName(name);
  return { category, kind: category === 'store' ? 'memory' : `memory-${category}`, label: name };
}

/** What `require('x')` / `import('x')` of a package attaches: a mock package or a real client. */
export function backingKindOfPackage(spec: string): BackingKind | undefined {
  const base = spec.replace(/^@[^/]+\//, '').toLowerCase();
  const mock = /^(.+)-(mock|memory-server|in-memory|fake)$/.exec(base) ?? /^(?:mock|fake)-(.+)$/.exec(base);
  if (mock) {
    const real = backingKindOfPackage(mock[1]);
    const category = real?.category ?? categoryOfName(mock[1]);
    return { category, kind: category === 'store' ? 'memory' : `memory-${category}`, label: spec };
  }
  if (/^(ioredis|redis|@redis\/client)$/.test(spec)) return k('store', 'redis');
  if (/^(memcached|memjs)$/.test(spec)) return k('store', 'memcached');
  if (spec === 'mongodb' || spec === 'mongoose') return k('database', 'mongodb');
  const client = CLIENT_PACKAGES[spec];
  if (client) return k(client[0], client[1]);
  const db = databaseOfName(spec);
  return db ? k('database', db) : undefined;
}

/** Client packages of brokers and object stores, and the kind they attach. */
const CLIENT_PACKAGES: Record<string, [Category, string]> = lookupTable({
  amqplib: ['queue', 'rabbitmq'],
  'amqplib/callback_api': ['queue', 'rabbitmq'],
  'amqp-connection-manager': ['queue', 'rabbitmq'],
  kafkajs: ['queue', 'kafka'],
  '@aws-sdk/client-sqs': ['queue', 'sqs'],
  nats: ['queue', 'nats'],
  '@google-cloud/pubsub': ['queue', 'pubsub'],
  '@azure/service-bus': ['queue', 'servicebus'],
  bullmq: ['queue', 'redis-queue'],
  bull: ['queue', 'redis-queue'],
  '@aws-sdk/client-s3': ['files', 's3'],
  '@google-cloud/storage': ['files', 'gcs'],
  '@azure/storage-blob': ['files', 'azure-blob'],
});

/**
 * The members of a client package that connect to the service (`amqp.connect()`, `new Kafka()`,
 * `BlobServiceClient.fromConnectionString()`); other members (`PutObjectCommand`, `Partitioners`) are not counted.
 */
const CLIENT_ENTRIES: Record<string, RegExp> = lookupTable({
  amqplib: /^connect$/,
  'amqplib/callback_api': /^connect$/,
  'amqp-connection-manager': /^connect$/,
  kafkajs: /^Kafka$/,
  '@aws-sdk/client-sqs': /^SQS(Client)?$/,
  nats: /^connect$/,
  '@google-cloud/pubsub': /^PubSub$/,
  '@azure/service-bus': /^ServiceBusClient$/,
  bullmq: /^(Queue|Worker)$/,
  bull: /^$/,
  '@aws-sdk/client-s3': /^S3(Client)?$/,
  '@google-cloud/storage': /^Storage$/,
  '@azure/storage-blob': /^(BlobServiceClient|ContainerClient)(\.fromConnectionString)?$/,
});

/** A call or `new` of a module member, resolved through imports: `amqp.connect` from amqplib, EventEmitter from events. */
export function backingKindOfRef(ref: ModuleRef): BackingKind | undefined {
  if (ref.called) return undefined;
  const member = ref.path.join('.');
  // A bare EventEmitter standing in for a broker; only compared with other brokers.
  if ((ref.module === 'events' || ref.module === 'eventemitter3') && (member === '' || member === 'EventEmitter'))
    return k('queue', 'memory-queue');
  const entry = CLIENT_ENTRIES[ref.module];
  const client = CLIENT_PACKAGES[ref.module];
  return entry && client && entry.test(member) ? k(client[0], client[1]) : undefined;
}

function fromCallee(name: string, isNew: boolean, imports: Set<string>): BackingKind | undefined {
  const has = (...m: string[]) => m.some((x) => imports.has(x));
  if (isNew) {
    const stand = standIn(name);
    if (stand && !/^MemoryStore$|^MemoryCache$/.test(name)) return stand;
    if (name === 'MongoClient') return k('database', 'mongodb');
    if (/^MemoryStore$|^MemoryCache$/.test(name)) return k('store', 'memory');
    if (/^(NodeCache|LRUCache|LRU|QuickLRU)$/.test(name)) return k('store', 'memory');
    if (name === 'Map') return k('store', 'memory');
    if (/^Redis(Store|Cache)?$|^IORedis$/.test(name)) return k('store', 'redis');
    if (/^Memcached(Store)?$/.test(name)) return k('store', 'memcached');
    if (name === 'MongoStore') return k('store', 'mongodb');
    if (name === 'Database' && has('better-sqlite3', 'sqlite3', 'bun:sqlite', 'node:sqlite'))
      return k('database', 'sqlite');
    if (name === 'DatabaseSync' && has('node:sqlite')) return k('database', 'sqlite');
    if ((name === 'Pool' || name === 'Client') && has('pg', 'postgres')) return k('database', 'postgres');
    if (name === 'S3Client' || (name === 'S3' && has('aws-sdk', '@aws-sdk/client-s3'))) return k('files', 's3');
    if (name === 'Storage' && has('@google-cloud/storage')) return k('files', 'gcs');
    if (name === 'BlobServiceClient' && has('@azure/storage-blob')) return k('files', 'azure-blob');
    if (name === 'SQS' && has('aws-sdk')) return k('queue', 'sqs');
    return undefined;
  }
  if (name === 'createClient' && has('redis', '@redis/client')) return k('store', 'redis');
  if ((name === 'createPool' || name === 'createConnection') && has('mysql', 'mysql2', 'mysql2/promise'))
    return k('database', 'mysql');
  if (name === 'diskStorage') return k('files', 'disk');
  if (name === 'multerS3') return k('files', 's3');
  return undefined;
}

/**
 * Classifies a `new X()`, a factory call or a string literal; undefined when it names no backing service.
 * With `refs`, callees are also resolved through imports (`amqp.connect()` of amqplib).
 */
export function backingKindOf(node: ts.Node, imports: Set<string>, refs?: ModuleRefs): BackingKind | undefined {
  if (
    ts.isCallExpression(node) &&
    node.arguments.length === 1 &&
    ts.isStringLiteral(node.arguments[0]) &&
    (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
      (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
  ) {
    return backingKindOfPackage(node.arguments[0].text);
  }
  if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
    const name = calleeName(node.expression);
    const byName = name ? fromCallee(name, ts.isNewExpression(node), imports) : undefined;
    if (byName || !refs) return byName;
    const ref = refs.resolve(node.expression);
    return ref ? backingKindOfRef(ref) : undefined;
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return fromString(node);
  return undefined;
}

/**
 * A class picked as a branch of an environment switch, not yet constructed: `isDev ? RedisMock : Redis`.
 * Classified by its name, or by the package it is imported from.
 */
export function backingKindOfClass(name: string, imports: Set<string>, importedFrom?: string): BackingKind | undefined {
  if (importedFrom) {
    const pkg = backingKindOfPackage(importedFrom);
    if (pkg) return pkg;
  }
  return fromCallee(name, true, imports);
}

/** Kinds that stand in for a service inside the process or on local disk, rather than attach one. */
function isLocalKind(k: BackingKind): boolean {
  return k.kind === 'memory' || k.kind.startsWith('memory-') || k.kind === 'disk';
}

function addKind(list: BackingKind[], kind: BackingKind): void {
  if (!list.some((x) => x.kind === kind.kind && x.category === kind.category)) list.push(kind);
}

type ClassDecl = ts.ClassDeclaration | ts.ClassExpression;

/**
 * What the classes declared in one file attach, judged from their bodies: `class AmqpBroker` that calls
 * `amqp.connect()` is RabbitMQ, `class LocalDiskStorage` that writes with fs is local disk, `class Bus extends
 * EventEmitter` is an in-memory broker. A real client in the body wins over a Map or an fs write beside it.
 */
export class LocalClasses {
  private readonly decls = new Map<string, ClassDecl | null>();
  private readonly memo = new Map<string, BackingKind[]>();

  constructor(
    sf: ts.SourceFile,
    private readonly idx: NodeIndex,
    private readonly refs: ModuleRefs,
    private readonly imports: Set<string>,
  ) {
    const add = (name: string, d: ClassDecl) => this.decls.set(name, this.decls.has(name) ? null : d);
    for (const st of sf.statements) if (ts.isClassDeclaration(st) && st.name) add(st.name.text, st);
    for (const v of idx.variables) {
      if (ts.isIdentifier(v.name) && v.initializer && ts.isClassExpression(v.initializer) && !v.initializer.name)
        add(v.name.text, v.initializer);
    }
  }

  has(name: string): boolean {
    return !!this.decls.get(name);
  }

  /** Kinds `new Name()` attaches; [] when the class is not declared here or attaches nothing known. */
  kindsOf(name: string): BackingKind[] {
    const done = this.memo.get(name);
    if (done) return done;
    const decl = this.decls.get(name);
    this.memo.set(name, []); // guards against classes that construct each other
    if (!decl) return [];
    const strong: BackingKind[] = [];
    const weak: BackingKind[] = [];
    const put = (kind: BackingKind) => addKind(isLocalKind(kind) ? weak : strong, kind);
    const inside = (n: ts.Node) => n.pos >= decl.pos && n.end <= decl.end;
    for (const node of [...this.idx.news, ...this.idx.calls]) {
      if (!inside(node)) continue;
      const kind = backingKindOf(node, this.imports, this.refs);
      if (kind) put(kind);
      else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text !== name)
        this.kindsOf(node.expression.text).forEach(put);
    }
    for (const s of this.idx.strings) {
      const kind = inside(s) ? backingKindOf(s, this.imports) : undefined;
      if (kind) put(kind);
    }
    for (const h of decl.heritageClauses ?? []) {
      if (h.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const t of h.types) {
        const ref = this.refs.resolve(t.expression);
        const kind = ref
          ? backingKindOfRef(ref)
          : ts.isIdentifier(t.expression)
            ? fromCallee(t.expression.text, true, this.imports)
            : undefined;
        if (kind) put(kind);
        else if (ts.isIdentifier(t.expression)) this.kindsOf(t.expression.text).forEach(put);
      }
    }
    if (fsWritesOf(this.idx, this.refs).some((w) => inside(w.call))) put(k('files', 'disk'));
    const kinds = (strong.length ? strong : weak).map((x) => ({ ...x, label: `${name} (${x.label})` }));
    this.memo.set(name, kinds);
    return kinds;
  }

  /**
   * `AmqpBroker.connect()`: a static method of a class declared here that constructs the class
   * (`new AmqpBroker(…)` or `new this(…)`), so it attaches what the class does. Undefined for other calls.
   */
  factoryClass(call: ts.CallExpression): string | undefined {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
    const name = callee.expression.text;
    const decl = this.decls.get(name);
    if (!decl) return undefined;
    const method = decl.members.find(
      (m): m is ts.MethodDeclaration =>
        ts.isMethodDeclaration(m) &&
        !!m.body &&
        (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0 &&
        declaredName(m.name) === callee.name.text,
    );
    if (!method) return undefined;
    const constructs = this.idx.news.some(
      (n) =>
        n.pos >= method.pos &&
        n.end <= method.end &&
        ((ts.isIdentifier(n.expression) && n.expression.text === name) ||
          n.expression.kind === ts.SyntaxKind.ThisKeyword),
    );
    return constructs ? name : undefined;
  }
}
