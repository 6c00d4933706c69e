import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'disposability/exit-in-request-handler';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const isPy = (w: string) => w.startsWith('python/');

describe(ID, () => {
  it('flags process.exit() in Express, Fastify and Nest handlers, nested callbacks and named middleware', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => !isPy(w))
        .sort(),
      ['src/fastify.ts:8', 'src/orders.controller.ts:7', 'src/server.js:12', 'src/server.js:18', 'src/server.js:22'],
    );
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('server.js'))!;
    assert.match(f.message, /app\.get\('\/orders'\)/);
  });

  it('accepts exits in shutdown paths, startup code, HTTP clients, CLIs and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('flags sys.exit(), os._exit(), exit() and quit() in Flask routes, Django views and functions nested in them', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).filter(isPy).sort(), [
      'python/app.py:15',
      'python/app.py:21',
      'python/app.py:29',
      'python/orders/views.py:13',
      'python/orders/views.py:8',
    ]);
    const msg = (line: number) =>
      s.findings.find((x) => x.ruleId === ID && x.path.endsWith('app.py') && x.range.start.line === line - 1)!.message;
    assert.strictEqual(
      msg(15),
      'sys.exit() in the request handler `orders()` kills the process and every request in flight.',
    );
    // `from sys import exit as bail`: named by what it is.
    assert.strictEqual(
      msg(29),
      'sys.exit() in the request handler `quit_now()` kills the process and every request in flight.',
    );
  });

  it("accepts a module's own exit(), a parameter named quit, startup and __main__ exits, tools and tests (Python)", async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID).filter(isPy), []);
  });

  it('offers only the generic fixes (no safe rewrite exists)', async () => {
    const s = await scan(dir('positive'));
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.deepStrictEqual(
      s.engine.fixesFor(f).map((x) => x.title),
      [`Disable ${ID} for this line`, `Show documentation for ${ID}`],
    );
  });
});
