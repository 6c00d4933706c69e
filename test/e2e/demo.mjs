// `npm run demo`: code-server with the freshly packaged extension on the repo's examples/
// folder, for trying it by hand in a browser. No Playwright. Runs until Ctrl+C.
// Opens examples/ in place, so fixes applied in the demo change the repo's files.
// PORT=NNNN picks the port (default: a free one); E2E_VSIX=path skips `npm run package`.
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer } from './lib/codeServer.mjs';
import { REPO_ROOT } from './lib/paths.mjs';
import {
  buildVsix,
  ensureNodeModules,
  ensureSystemPackages,
  installExtension,
  log,
  prepareRunDirs,
} from './lib/setup.mjs';

ensureSystemPackages();
ensureNodeModules();
const vsix = buildVsix();
const dirs = prepareRunDirs({ workspaceSource: path.join(REPO_ROOT, 'examples'), inPlace: true });
installExtension(dirs, vsix);

const server = await startCodeServer(dirs, { port: process.env.PORT ? Number(process.env.PORT) : undefined });
console.log(`\nTwelve-Factor demo: open ${server.url} (folder ${dirs.workspace}). Ctrl+C to stop.\n`);

let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  fs.rmSync(dirs.root, { recursive: true, force: true });
  process.exit(code);
};
// code-server has its own process group, so Ctrl+C reaches only this process.
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.proc.on('exit', (c) => {
  if (!stopping) {
    log(`code-server exited (${c})`);
    stop(1);
  }
});
