import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'disposability/exit-in-request-handler';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags process.exit() in Express, Fastify and Nest handlers, nested callbacks and named middleware', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'src/fastify.ts:8',
      'src/orders.controller.ts:7',
      'src/server.js:12',
      'src/server.js:18',
      'src/server.js:22',
    ]);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('server.js'))!;
    assert.match(f.message, /app\.get\('\/orders'\)/);
  });

  it('accepts exits in shutdown paths, startup code, HTTP clients, CLIs and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
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
