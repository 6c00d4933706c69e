import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'processes/module-level-state';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const notPy = (w: string) => !w.startsWith('python/');

describe(ID, () => {
  it('flags module-level collections that request handlers change, on the declaration', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).filter(notPy).sort(), [
      'app/api/cart/route.ts:1',
      'src/cart.js:3',
      'src/fastify.js:2',
      'src/koa.js:3',
      'src/lib/rateLimit.ts:4',
      'src/lib/throttle.js:1',
      'src/rate-limit.js:1',
      'src/shared/cart-store.ts:1',
      'src/shared/sessions.js:2',
      'src/shared/store.ts:1',
      'src/todos.controller.ts:2',
      'src/users.ts:3',
      'src/via-function.js:2',
    ]);
    const msg = (f: string) => s.findings.find((x) => x.ruleId === ID && x.path.endsWith(f))!.message;
    assert.strictEqual(
      msg('/cart.js'),
      "`carts` is module-level state (a Map) changed by the request handler `router.post('/cart/:id')` (line 7).",
    );
    assert.match(msg('/via-function.js'), /changed by `remember\(\)`, called from a request handler \(line \d+\)\.$/);
    assert.match(msg('/todos.controller.ts'), /`TodosController\.add\(\)`/);
    // Koa middleware typed `Middleware`, defined in its own module: (ctx, next) makes it a handler.
    assert.strictEqual(
      msg('/lib/rateLimit.ts'),
      '`hits` is module-level state (a Map) changed by the request handler `rateLimit(ctx, next)` (line 10).',
    );
    assert.match(msg('/route.ts'), /changed by the `POST` route handler \(line 5\)\.$/);
  });

  it('follows state a module exports to the handlers in other files that change it, directly or through a function', async () => {
    const s = await scan(dir('positive'));
    const msg = (f: string) => s.findings.find((x) => x.ruleId === ID && x.path.endsWith(f))!.message;
    assert.strictEqual(
      msg('/shared/sessions.js'),
      '`sessions` is module-level state (a Map) changed by a request handler in ./login.js (line 5).',
    );
    assert.strictEqual(
      msg('/shared/cart-store.ts'),
      '`carts` is module-level state (an object) changed by `addItem()` from a handler in ./cart-routes.ts (line 6).',
    );
    assert.strictEqual(
      msg('/shared/store.ts'),
      '`state` is module-level state (an object) changed by a request handler in ./visits.ts (line 6).',
    );
  });

  it('accepts read-only constants, caches, boot-time registration, open connections, shadowing, counters, client callbacks and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  describe('Python', () => {
    it('flags module-level collections and class attributes that Flask, FastAPI, Django, DRF and aiohttp handlers change', async () => {
      const s = await scan(dir('positive'));
      assert.deepStrictEqual(
        s
          .where(ID)
          .filter((w) => !notPy(w))
          .sort(),
        [
          'python/aio_sessions.py:5',
          'python/api/throttle.py:6',
          'python/cartapp/limits.py:3',
          'python/cartapp/store.py:1',
          'python/cartapp/store.py:2',
          'python/cartapp/store.py:3',
          'python/fastapi_items.py:5',
          'python/fastapi_items.py:6',
          'python/flask_cart.py:5',
          'python/flask_global.py:6',
          'python/flask_global.py:7',
          'python/flask_global.py:8',
          'python/shop/views.py:5',
        ],
      );
      const msg = (f: string) =>
        s.findings
          .filter((x) => x.ruleId === ID && x.path.endsWith(f))
          .map((x) => x.message)
          .join('\n');
      assert.strictEqual(
        msg('/flask_cart.py'),
        '`carts` is module-level state (a dict) changed by the request handler `add_to_cart()` (line 10).',
      );
      assert.match(
        msg('/fastapi_items.py'),
        /`seen_ids` is module-level state \(a set\) changed by `remember\(\)`, called from a request handler \(line 10\)\./,
      );
      assert.strictEqual(
        msg('/shop/views.py'),
        '`BASKETS` is module-level state (a defaultdict) changed by the view `add_to_basket()` (line 9).',
      );
      assert.strictEqual(
        msg('/api/throttle.py'),
        '`ThrottledView.hits` is module-level state (a dict) changed by the view method `ThrottledView.get()` (line 10).',
      );
      // `global visits; visits = visits + [...]`, a MethodView registered with add_url_rule, a before_request hook.
      assert.match(msg('/flask_global.py'), /`orders` .* `OrderAPI\.post\(\)` \(line 13\)/);
      assert.match(msg('/flask_global.py'), /`visits` .* `visit\(\)` \(line 23\)/);
      assert.match(msg('/flask_global.py'), /`rate` .* the request hook `count\(\)` \(line 29\)/);
      assert.match(msg('/aio_sessions.py'), /`sessions` .* `login\(\)` \(line 10\)/);
    });

    it('follows state a module holds to the handlers of other modules that change it, by relative or absolute import', async () => {
      const scanned = await scan(dir('positive'));
      // Whatever the function's name: a rate limiter's allow() keeps per-process windows.
      assert.deepStrictEqual(
        scanned.findings.filter((x) => x.ruleId === ID && x.path.endsWith('/limits.py')).map((x) => x.message),
        ['`_windows` is module-level state (a dict) changed by `allow()` from a handler in ./routes.py (line 23).'],
      );
      const s = await scan(dir('positive'));
      const msgs = s.findings
        .filter((x) => x.ruleId === ID && x.path.endsWith('/store.py'))
        .map((x) => x.message)
        .sort();
      assert.deepStrictEqual(msgs, [
        '`CARTS` is module-level state (a dict) changed by `add_to_cart()` from a handler in ./routes.py (line 17).',
        '`ORDERS` is module-level state (a list) changed by a request handler in ./routes.py (line 11).',
        '`VISITS` is module-level state (a dict) changed by a request handler in ../api/visits.py (line 10).',
      ]);
    });

    it('accepts constants, caches, import-time registries, connections, locals and parameters, tasks, tools and tests', async () => {
      const s = await scan(dir('negative'));
      assert.deepStrictEqual(s.where(ID), []);
      // The negatives are analysed (a parse problem would hide findings).
      assert.ok(s.engine.analysis(path.join(s.root, 'python/app/main.py'))?.parsed);
    });
  });
});
