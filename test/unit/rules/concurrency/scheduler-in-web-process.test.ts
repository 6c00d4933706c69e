import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'concurrency/scheduler-in-web-process';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags cron, node-schedule, agenda, Nest @Cron and day-long setInterval jobs the web process starts', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'agenda/src/index.ts:8',
      'nest-cron/src/tasks.service.ts:6',
      'web-cron/src/jobs.js:6',
      'web-cron/src/jobs.js:7',
      'web-cron/src/jobs.js:8',
      'web-cron/src/jobs.js:9',
      // REFRESH MATERIALIZED VIEW and a 'refreshed' log line are job text, not token or cache upkeep.
      'web-cron/src/views.js:4',
      'web-cron/src/views.js:8',
    ]);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.strictEqual(f.severity, 'info');
    assert.match(f.message, /loaded from src\/index\.ts/);
  });

  it('accepts schedulers in their own process, functions only a worker calls, upkeep timers, dev-only jobs and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
