import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'processes/sticky-sessions';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags sticky-session packages where they are set up, or imported', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'src/cluster.js:5',
      'src/imported-only.js:1',
      'src/io.ts:8',
      'src/with-adapter.js:6',
    ]);
    const f = (name: string) => s.findings.find((x) => x.ruleId === ID && x.path.endsWith(name))!;
    assert.strictEqual(f('cluster.js').severity, 'warning');
    assert.match(f('cluster.js').message, /sticky-session listen\(\) pins each client to one process/);
    // With a shared adapter the stickiness only serves long-polling: an advisory.
    assert.strictEqual(f('with-adapter.js').severity, 'info');
    assert.match(
      f('with-adapter.js').message,
      /pins each client to one process, though a shared adapter is in place\.$/,
    );
  });

  it('accepts look-alike names and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
