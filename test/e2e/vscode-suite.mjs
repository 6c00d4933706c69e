// Runs the desktop integration suite (test/vscode/suite) inside code-server's own extension host, so it runs on a
// machine that cannot download a desktop VS Code. Run from anywhere: `node test/e2e/vscode-suite.mjs`.
//
// How: code-server honours the workbench's `payload` URL parameter (extensionDevelopmentPath, extensionTestsPath,
// extensionEnvironment) only with VS Code's `enable-smoke-test-driver` option, which it takes as
// `--vscode-option enable-smoke-test-driver`. The workbench then loads the repository root as the extension under
// development (dist/client.js, dist/server.js) in the remote (Node) extension host, and runs the bundled suite's
// `run()` there. When `run()` settles, the workbench calls `window.codeAutomationExit(code)` (0 = passed), which
// this script exposes through Playwright. The suite also writes per-test results to TF_TEST_RESULTS, printed here.
//
// Exit code: the suite's (0 passed, 1 failed or did not finish). E2E_KEEP=1 keeps the temp dirs;
// TF_SUITE_TIMEOUT_MS bounds the whole suite (default 5 min). Logs: test/e2e/artifacts/vscode-suite-*.log.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleSuite } from '../vscode/bundleSuite.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { ARTIFACTS_DIR, CHROMIUM, CHROMIUM_ARGS, REPO_ROOT } from './lib/paths.mjs';
import { ensureNodeModules, ensureSystemPackages, log, prepareRunDirs } from './lib/setup.mjs';
import { waitFor } from './lib/wait.mjs';

const t0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const SUITE_TIMEOUT = Number(process.env.TF_SUITE_TIMEOUT_MS ?? 300_000);

ensureSystemPackages();
ensureNodeModules();

// The extension under development is the repository itself: build dist/ as runTest.ts does.
log('building dist/ (scripts/build.mjs)');
execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
// Inside the extension's folder, so the workbench runs the suite in the extension's own (remote) host.
const testsEntry = await bundleSuite(path.join(REPO_ROOT, '.vscode-test', 'web-suite'));

const dirs = prepareRunDirs({ workspaceSource: path.join(REPO_ROOT, 'test', 'vscode', 'fixture'), gitInit: false });
const resultsFile = path.join(dirs.root, 'results.json');
fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
const serverLog = path.join(ARTIFACTS_DIR, 'vscode-suite-code-server.log');
const consoleLog = path.join(ARTIFACTS_DIR, 'vscode-suite-console.log');
for (const f of [serverLog, consoleLog]) fs.rmSync(f, { force: true });

let server;
let browser;
let stopping;
const cleanup = async () => {
  stopping ??= (async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (process.env.E2E_KEEP) log(`kept ${dirs.root}`);
    else fs.rmSync(dirs.root, { recursive: true, force: true });
  })();
  return stopping;
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().finally(() => process.exit(130)));

let code = 1;
try {
  server = await startCodeServer(dirs, {
    logFile: serverLog,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  });
  // The remote authority code-server gives its workbench is "remote"; vscode-remote URIs name files on the server.
  const remote = (p) => `vscode-remote://remote${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(REPO_ROOT)],
    ['extensionTestsPath', remote(testsEntry)],
    ['extensionEnvironment', JSON.stringify({ TF_TEST_RESULTS: resultsFile, TF_TEST_WORKSPACE: dirs.workspace })],
  ];
  const url = `${server.url}?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`code-server at ${server.url} (workspace ${dirs.workspace}, log ${path.relative(process.cwd(), serverLog)})`);

  const { chromium } = await import('playwright-core'); // installed by ensureNodeModules() above
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const consoleOut = fs.openSync(consoleLog, 'a');
  let noTestHost = null; // the workbench found no extension host for the tests: waiting longer cannot help
  page.on('console', (msg) => {
    fs.writeSync(consoleOut, `[${msg.type()}] ${msg.text()}\n`);
    if (msg.type() === 'error' && msg.text().includes('No extension host found that can launch the test runner'))
      noTestHost = msg.text();
  });
  page.on('pageerror', (err) => fs.writeSync(consoleOut, `[pageerror] ${err.stack ?? err}\n`));
  let exitCode = null;
  await page.exposeFunction('codeAutomationExit', (c) => {
    exitCode = c;
  });

  const suiteStart = Date.now();
  await page.goto(url);
  await waitFor(
    () => {
      const fatal = (msg) => Object.assign(new Error(msg), { fatal: true });
      if (server.proc.exitCode !== null) throw fatal('code-server exited during the suite');
      if (noTestHost) throw fatal(noTestHost);
      return exitCode !== null;
    },
    { timeout: SUITE_TIMEOUT, interval: 250, what: 'the suite to finish (window.codeAutomationExit)' },
  );
  log(`suite finished in ${secs(suiteStart)} with exit code ${exitCode}`);

  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : null;
  if (results) printResults(results);
  else log(`the suite wrote no results to ${resultsFile}: see ${path.relative(process.cwd(), consoleLog)}`);
  // Both signals must agree: a suite that passed nothing, or results that disagree with the exit code, fail.
  const passed = results?.tests.filter((t) => t.state === 'passed').length ?? 0;
  code = exitCode === 0 && results?.failures === 0 && passed > 0 ? 0 : 1;
} catch (err) {
  console.error(err);
} finally {
  await cleanup();
}
log(`total ${secs(t0)}`);
process.exit(code);

function printResults({ tests, failures }) {
  const failed = tests.filter((t) => t.state === 'failed');
  const out = [];
  for (const t of tests) {
    if (t.state === 'passed') out.push(`  ✔ ${t.title}${t.duration ? ` (${t.duration} ms)` : ''}`);
    else if (t.state === 'pending') out.push(`  - ${t.title}`);
    else out.push(`  ${failed.indexOf(t) + 1}) ${t.title}`);
  }
  const count = (state) => tests.filter((t) => t.state === state).length;
  out.push('', `  ${count('passed')} passing`);
  if (count('pending')) out.push(`  ${count('pending')} pending`);
  if (failures) out.push(`  ${failures} failing`);
  failed.forEach((t, i) => out.push('', `  ${i + 1}) ${t.title}:`, `     ${t.error.replace(/\n/g, '\n     ')}`));
  console.log(out.join('\n'));
}
