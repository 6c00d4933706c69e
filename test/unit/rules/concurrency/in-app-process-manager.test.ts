import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'concurrency/in-app-process-manager';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags a cluster primary that forks again when a worker exits or disconnects', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['src/cluster.js:8', 'src/primary.ts:6', 'src/throng.ts:4']);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('cluster.js'))!;
    assert.strictEqual(f.severity, 'info');
    assert.strictEqual(f.message, 'This forks a new worker when one exits, so the app supervises its own processes.');
    assert.match(
      s.findings.find((x) => x.ruleId === ID && x.path.endsWith('primary.ts'))!.message,
      /when one disconnects/,
    );
    assert.strictEqual(
      s.findings.find((x) => x.ruleId === ID && x.path.endsWith('throng.ts'))!.message,
      'throng forks the workers and forks a new one whenever one exits, so the app supervises its own processes.',
    );
  });

  it('accepts forking without respawning, child_process.fork, throng with lifetime 0, a local throng(), tooling and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
