// `npm run test:e2e`: set up, build and install the extension, start code-server on a
// fixture copy, run the mocha suite against it with Playwright, always stop code-server.
// Extra arguments go to mocha (e.g. `npm run test:e2e -- --grep Checklist`).
// E2E_VSIX=path skips `npm run package` and installs that file; E2E_KEEP=1 keeps the temp dirs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer } from './lib/codeServer.mjs';
import { ARTIFACTS_DIR, E2E_DIR } from './lib/paths.mjs';
import {
  buildVsix,
  ensureNodeModules,
  ensureSystemPackages,
  installExtension,
  log,
  prepareRunDirs,
} from './lib/setup.mjs';

const t0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

ensureSystemPackages();
ensureNodeModules();
log(`setup done in ${secs(t0)}`);

const vsix = buildVsix();
const dirs = prepareRunDirs();

// Old failure screenshots and logs would be mistaken for this run's.
fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
for (const f of fs.readdirSync(ARTIFACTS_DIR)) {
  if (f.startsWith('failure-') || f.endsWith('.log')) fs.rmSync(path.join(ARTIFACTS_DIR, f));
}

const logFile = path.join(ARTIFACTS_DIR, 'code-server.log');
let server;
let stopping;
const cleanup = async () => {
  stopping ??= (async () => {
    await server?.stop();
    if (process.env.E2E_KEEP) log(`kept ${dirs.root}`);
    else fs.rmSync(dirs.root, { recursive: true, force: true });
  })();
  return stopping;
};
// code-server runs in its own process group, so Ctrl+C does not reach it: stop it here.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => cleanup().finally(() => process.exit(130)));
}

let code = 1;
try {
  installExtension(dirs, vsix);
  server = await startCodeServer(dirs, { logFile });
  log(`code-server at ${server.url} (workspace ${dirs.workspace}, log ${path.relative(process.cwd(), logFile)})`);
  const suiteStart = Date.now();
  code = await new Promise((resolve, reject) => {
    const mocha = spawn(
      process.execPath,
      [
        path.join(E2E_DIR, 'node_modules', 'mocha', 'bin', 'mocha.js'),
        '--config',
        path.join(E2E_DIR, '.mocharc.json'),
        ...process.argv.slice(2),
      ],
      {
        cwd: E2E_DIR,
        stdio: 'inherit',
        env: {
          ...process.env,
          E2E_URL: server.url,
          E2E_WORKSPACE: dirs.workspace,
          E2E_ARTIFACTS: ARTIFACTS_DIR,
          E2E_STARTED_AT: String(suiteStart),
        },
      },
    );
    mocha.on('error', reject);
    mocha.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  log(`suite finished in ${secs(suiteStart)} (total ${secs(t0)})`);
} catch (err) {
  console.error(err);
} finally {
  await cleanup();
}
process.exit(code);
