import { pool } from './db';
import { log } from './log';

// A separate process type that drains its current job on SIGTERM.
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

async function run(): Promise<void> {
  while (!stopping) {
    const { rows } = await pool.query("update jobs set state = 'running' where id = (select id from jobs where state = 'queued' limit 1 for update skip locked) returning id");
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    else log.info({ job: rows[0].id }, 'processed');
  }
  await pool.end();
}

run().catch((err) => {
  log.error(err);
  process.exitCode = 1;
});
