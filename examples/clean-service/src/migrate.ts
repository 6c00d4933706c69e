import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { pool } from './db';
import { log } from './log';

// Runs as the Procfile's release process, never on web boot.
async function migrate(): Promise<void> {
  const dir = join(__dirname, '..', 'migrations');
  for (const file of readdirSync(dir).sort()) {
    await pool.query(readFileSync(join(dir, file), 'utf8'));
    log.info({ file }, 'applied');
  }
  await pool.end();
}

migrate().catch((err) => {
  log.error(err);
  process.exit(1);
});
