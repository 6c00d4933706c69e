// What kind of backing service an expression creates or names: SQLite vs PostgreSQL, an in-memory store vs
// Redis, local disk vs S3. Used to tell when development and production attach different kinds.
import * as ts from 'typescript';
import { bindingNameOf, calleeName } from '../engine/astUtil';

export type Category = 'database' | 'store' | 'files';

export interface BackingKind {
  category: Category;
  /** Stable id: sqlite, postgres, memory, redis, disk, s3 … */
  kind: string;
  /** Human name for messages. */
  label: string;
}

const LABELS: Record<string, string> = {
  sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MySQL', mssql: 'SQL Server', mongodb: 'MongoDB', oracle: 'Oracle',
  memory: 'an in-memory store', redis: 'Redis', memcached: 'Memcached', disk: 'local disk', s3: 'S3', gcs: 'Google Cloud Storage',
  'memory-files': 'memory',
};

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
  while (n.parent && (ts.isConditionalExpression(n.parent) && n.parent.condition !== n || ts.isParenthesizedExpression(n.parent)
    || ts.isBinaryExpression(n.parent) && (n.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken))) n = n.parent;
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
    const db = databaseOfName(scheme.replace(/\+srv$/, ''));
    return db ? k('database', db) : undefined;
  }
  if (v === ':memory:' || /^sqlite:/i.test(v)) return k('database', 'sqlite');
  if ((key === 'filename' || key === 'storage' || key === 'url') && /\.(sqlite3?|db)$/i.test(v)) return k('database', 'sqlite');
  return undefined;
}

/** The category a stand-in's name points at: `InMemoryCache` a store, `FakeDb` a database, `MemoryStorage` files. */
function categoryOfName(name: string): Category {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().split(/[^a-z0-9]+/);
  if (words.some((w) => /^(db|database|sql|sqlite|postgres|pg|mysql|mongo|mongodb|pool|repo|repository)$/.test(w))) return 'database';
  if (words.some((w) => /^(storage|bucket|blob|file|files|s3|disk)$/.test(w))) return 'files';
  return 'store';
}

/**
 * In-memory and mock stand-ins for a real service: classes named `InMemory*`, `Memory*`, `Fake*`, `Mock*`, `*Mock`,
 * and packages such as ioredis-mock, redis-mock, mongodb-memory-server.
 */
function standIn(name: string): BackingKind | undefined {
  if (!/^(InMemory|Memory|Fake|Mock)[A-Z0-9_]|^[A-Z]\w*Mock$/.test(name)) return undefined;
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
  const db = databaseOfName(spec);
  return db ? k('database', db) : undefined;
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
    if (name === 'Database' && has('better-sqlite3', 'sqlite3', 'bun:sqlite', 'node:sqlite')) return k('database', 'sqlite');
    if (name === 'DatabaseSync' && has('node:sqlite')) return k('database', 'sqlite');
    if ((name === 'Pool' || name === 'Client') && has('pg', 'postgres')) return k('database', 'postgres');
    if (name === 'S3Client' || (name === 'S3' && has('aws-sdk', '@aws-sdk/client-s3'))) return k('files', 's3');
    if (name === 'Storage' && has('@google-cloud/storage')) return k('files', 'gcs');
    return undefined;
  }
  if (name === 'createClient' && has('redis', '@redis/client')) return k('store', 'redis');
  if ((name === 'createPool' || name === 'createConnection') && has('mysql', 'mysql2', 'mysql2/promise')) return k('database', 'mysql');
  if (name === 'diskStorage') return k('files', 'disk');
  if (name === 'multerS3') return k('files', 's3');
  return undefined;
}

/** Classifies a `new X()`, a factory call or a string literal; undefined when it names no backing service. */
export function backingKindOf(node: ts.Node, imports: Set<string>): BackingKind | undefined {
  if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
    && (node.expression.kind === ts.SyntaxKind.ImportKeyword || ts.isIdentifier(node.expression) && node.expression.text === 'require')) {
    return backingKindOfPackage(node.arguments[0].text);
  }
  if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
    const name = calleeName(node.expression);
    return name ? fromCallee(name, ts.isNewExpression(node), imports) : undefined;
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
