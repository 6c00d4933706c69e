import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan, scanFiles } from '../../../helpers/engine';

const ID = 'dev-prod-parity/env-specific-backing-service';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags NODE_ENV switches between kinds of database, store and file storage (ternaries, ifs, env-keyed config)', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['knexfile.js:2', 'src/cache.js:4', 'src/db.ts:6', 'src/mongo.js:4', 'src/provider.ts:7', 'src/redis-mock.ts:4', 'src/session.js:7', 'src/uploads.js:6']);
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && f.path.endsWith(file))!.message;
    assert.match(msg('db.ts'), /^Development uses SQLite but production uses PostgreSQL \(chosen by `isProd`\)/);
    assert.match(msg('cache.js'), /^Development uses an in-memory store but production uses Redis/);
    assert.match(msg('uploads.js'), /^Development uses local disk but production uses S3/);
    assert.match(msg('redis-mock.ts'), /^Development uses ioredis-mock but production uses Redis \(chosen by `config\.env === 'development'`\)/);
    assert.match(msg('provider.ts'), /^Development uses InMemoryCache but production uses Redis/);
    assert.match(msg('mongo.js'), /^Development uses mongodb-memory-server but production uses MongoDB/);
    assert.match(msg('knexfile.js'), /^The development section uses SQLite but production uses PostgreSQL/);
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

  it('words the finding neutrally when the condition does not say which side is production', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'src/db.js': "module.exports = { client: process.env.APP_ENV === 'qa' ? 'mysql2' : 'pg' };\n",
    });
    assert.deepStrictEqual(s.where(ID), ['src/db.js:1']);
    assert.match(s.findings.find((f) => f.ruleId === ID)!.message, /^`process\.env\.APP_ENV === 'qa'` switches between MySQL and PostgreSQL/);
  });
});
