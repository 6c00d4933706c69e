import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'processes/module-level-state';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags module-level collections that request handlers change, on the declaration', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
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
});
