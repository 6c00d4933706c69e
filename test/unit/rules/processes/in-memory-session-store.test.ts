import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan, scanFiles } from '../../../helpers/engine';

const ID = 'processes/in-memory-session-store';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags express-session, koa-generic-session and @fastify/session without a store, and explicit MemoryStores', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'src/builtin-store.js:4',
      'src/esm.ts:5',
      'src/explicit.js:5',
      'src/express.js:4',
      'src/fastify.js:4',
      'src/inline.js:2',
      'src/koa.js:4',
    ]);
    const msg = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('express.js'))!.message;
    assert.strictEqual(
      msg,
      'express-session is used without a `store`, so sessions live in the MemoryStore of this process.',
    );
  });

  it('accepts shared stores, cookie sessions, look-alike functions, conditional stores, dev-only code and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('does not apply to a library without a server', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "lib", "version": "1.0.0", "dependencies": { "lodash": "^4.17.21" } }',
      'index.js': "module.exports = require('lodash').chunk;\n",
    });
    const processes = s.engine.checklist().find((f) => f.slug === 'processes')!;
    assert.strictEqual(processes.status, 'not-applicable');
  });
});
