// Starts and stops one code-server process (its own process group) on a free loopback port.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CODE_SERVER_BIN, NODE24_BIN } from './paths.mjs';
import { codeServerEnv } from './setup.mjs';
import { waitFor } from './wait.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Returns { url, port, proc, stop() }. Output goes to `logFile` so failures can be
 * diagnosed after the run. Resolves once /healthz answers, rejects if the process
 * dies first or the deadline passes. `extraArgs` go before the workspace folder.
 */
export async function startCodeServer(dirs, { logFile, port, timeout = 90_000, extraArgs = [] } = {}) {
  port ??= await freePort();
  const args = [
    CODE_SERVER_BIN,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--extensions-dir',
    dirs.extensions,
    '--user-data-dir',
    dirs.userData,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...extraArgs,
    dirs.workspace,
  ];
  const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
  // detached => own process group, so stop() also ends the VS Code server and extension hosts it forks.
  const proc = spawn(path.join(NODE24_BIN, 'node'), args, {
    env: codeServerEnv(dirs),
    stdio: ['ignore', out, out],
    detached: true,
  });
  let exited = null;
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const url = `http://127.0.0.1:${port}/`;
  const server = { url, port, proc, stop: () => stopProcessGroup(proc) };
  try {
    await waitFor(
      async () => {
        if (exited)
          throw Object.assign(new Error(`code-server exited early: ${JSON.stringify(exited)}`), { fatal: true });
        const res = await fetch(`${url}healthz`).catch(() => null);
        return res?.ok;
      },
      { timeout, interval: 250, what: `code-server on ${url}` },
    );
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

async function stopProcessGroup(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once('exit', r));
  const signal = (sig) => {
    try {
      process.kill(-proc.pid, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
  // Children that ignored SIGTERM may outlive the leader; the group id still reaches them.
  signal('SIGKILL');
}
