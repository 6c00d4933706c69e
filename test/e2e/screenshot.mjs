// `npm run screenshot`: the README's picture. The packaged extension in code-server on a copy of examples/shop,
// with a secret's quick-fix menu open beside the checklist, saved to docs/images/checklist.png.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startCodeServer } from './lib/codeServer.mjs';
import { CHROMIUM, CHROMIUM_ARGS, REPO_ROOT } from './lib/paths.mjs';
import {
  buildVsix,
  ensureNodeModules,
  ensureSystemPackages,
  installExtension,
  log,
  prepareRunDirs,
} from './lib/setup.mjs';
import { waitFor } from './lib/wait.mjs';
import { Workbench } from './lib/workbench.mjs';

const OUT = path.join(REPO_ROOT, 'docs', 'images', 'checklist.png');

ensureSystemPackages();
ensureNodeModules();
const vsix = buildVsix();
const dirs = prepareRunDirs({ workspaceSource: path.join(REPO_ROOT, 'examples', 'shop') });
installExtension(dirs, vsix);
const server = await startCodeServer(dirs, { logFile: path.join(dirs.root, 'code-server.log') });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const wb = await Workbench.open(browser, server.url, { artifactsDir: path.dirname(OUT) });
  await wb.runCommand('Twelve-Factor: Open Checklist');
  const view = wb.viewPane('Checklist');
  await waitFor(
    async () => (await wb.treeRows('Checklist')).filter((r) => r.level === 1 && r.description).length === 12,
    { timeout: 60_000, what: 'twelve factors' },
  );
  // Expand Config to show findings grouped by file.
  const rows = await wb.treeRows('Checklist');
  const config = rows.find((r) => r.level === 1 && r.label === 'III. Config');
  await wb.treeRow('Checklist', config.index).locator('.monaco-tl-twistie').click();
  await wb.openFile('src/payments.js');
  await wb.waitForProblems((p) => p.some((x) => /hardcoded-secret/.test(x.text ?? JSON.stringify(x))), {
    what: 'secret problem',
  });
  await wb.openQuickFixMenu('sk_live');
  await view.waitFor({ state: 'visible' });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  await wb.page.screenshot({ path: OUT });
  log(`wrote ${path.relative(REPO_ROOT, OUT)}`);
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(dirs.root, { recursive: true, force: true });
}
