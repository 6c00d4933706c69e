import { app } from './app';
import { config } from './config';
import { pool } from './db';
import { log } from './log';

const server = app.listen(config.port, () => log.info({ port: config.port }, 'listening'));

// The platform sends SIGTERM before it stops the process: finish in-flight requests, then exit.
function shutdown(signal: string): void {
  log.info({ signal }, 'shutting down');
  server.close(() => {
    pool.end().finally(() => process.exit(0));
  });
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
