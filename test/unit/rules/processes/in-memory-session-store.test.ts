import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan, scanFiles } from '../../../helpers/engine';

const ID = 'processes/in-memory-session-store';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const isPy = (w: string) => /\.py:/.test(w);

describe(ID, () => {
  it('flags express-session, koa-generic-session and @fastify/session without a store, and explicit MemoryStores', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => !isPy(w))
        .sort(),
      [
        'src/builtin-store.js:4',
        'src/esm.ts:5',
        'src/explicit.js:5',
        'src/express.js:4',
        'src/fastify.js:4',
        'src/inline.js:2',
        'src/koa.js:4',
      ],
    );
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

  describe('Python', () => {
    it('flags Django cache sessions on LocMemCache, Flask-Session on a SimpleCache and in-memory session stores', async () => {
      const s = await scan(dir('positive'));
      assert.deepStrictEqual(s.where(ID).filter(isPy).sort(), [
        'python/api.py:12',
        'python/api.py:13',
        'python/flask_config.py:6',
        // On the LocMemCache BACKEND, the in-memory store (SESSION_ENGINE is line 4).
        'python/shop/settings.py:7',
        'python/wsgi.py:5',
      ]);
      const msg = (f: string) =>
        s.findings
          .filter((x) => x.ruleId === ID && x.path.endsWith(f))
          .map((x) => x.message)
          .join('\n');
      assert.strictEqual(
        msg('/shop/settings.py'),
        "Sessions use Django's cache backend, and CACHES['default'] is a LocMemCache in the memory of this process.",
      );
      assert.strictEqual(
        msg('/flask_config.py'),
        "Sessions are kept in cachelib's SimpleCache, in the memory of this process.",
      );
      assert.match(msg('/api.py'), /fastapi-sessions' InMemoryBackend/);
      assert.match(msg('/api.py'), /cachetools' TTLCache/);
    });

    it('flags cache sessions where no settings module of the project sets CACHES (the default LocMemCache)', async () => {
      const s = await scan(dir('positive/python-default'));
      assert.deepStrictEqual(s.where(ID), ['mysite/settings.py:5']);
      assert.strictEqual(
        s.findings.find((f) => f.ruleId === ID)!.message,
        "Sessions use Django's cache backend with no CACHES set: the default LocMemCache, in the memory of this process.",
      );
    });

    it('accepts cached_db, a shared cache for the session alias, CACHES set by another settings module, dev and test settings, plain caches and other session types', async () => {
      const s = await scan(dir('negative'));
      assert.deepStrictEqual(s.where(ID).filter(isPy), []);
      const split = await scan(dir('negative/python-split'));
      assert.deepStrictEqual(split.where(ID), []);
    });
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
