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
    assert.match(msg('/cart.js'), /`carts` is module-level state \(a Map\) that the request handler `router\.post\('\/cart\/:id'\)` changes \(`carts\.set\(\)`, line 7\)/);
    assert.match(msg('/via-function.js'), /`remember\(\)`, called from the request handler `app\.post\('\/login'\)`, changes/);
    assert.match(msg('/todos.controller.ts'), /`TodosController\.add\(\)`/);
    // Koa middleware typed `Middleware`, defined in its own module: (ctx, next) makes it a handler.
    assert.match(msg('/lib/rateLimit.ts'), /`hits` is module-level state \(a Map\) that the request handler `rateLimit\(ctx, next\)` changes \(`hits\.set\(\)`, line 10\)/);
    assert.match(msg('/route.ts'), /that the `POST` route handler changes \(`carts\.set\(\)`, line 5\)/);
  });

  it('follows state a module exports to the handlers in other files that change it, directly or through a function', async () => {
    const s = await scan(dir('positive'));
    const msg = (f: string) => s.findings.find((x) => x.ruleId === ID && x.path.endsWith(f))!.message;
    assert.match(msg('/shared/sessions.js'), /^`sessions` is module-level state \(a Map\) that the request handler `router\.post\('\/login'\)` in \.\/login\.js changes \(`sessions\.set\(\)`, line 5\)\. Each process has its own copy/);
    assert.match(msg('/shared/cart-store.ts'), /^`carts` is module-level state \(an object\) that `addItem\(\)` \(`carts\[…\] = …`, line 4\), called from the request handler `cartRoutes\.post\('\/cart\/:id'\)` in \.\/cart-routes\.ts \(line 6\), changes\./);
    assert.match(msg('/shared/store.ts'), /^`state` is module-level state \(an object\) that the request handler `visits\.get\('\/'\)` in \.\/visits\.ts changes \(`store\.visits\.push\(\)`, line 6\)/);
  });

  it('accepts read-only constants, caches, boot-time registration, open connections, shadowing, counters, client callbacks and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
