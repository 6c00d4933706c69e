// Runs the integration suite in a desktop VS Code (downloaded by @vscode/test-electron) with only this extension,
// on a scratch copy of test/vscode/fixture. Run: `npx tsx test/vscode/runTest.ts` (needs a display, or xvfb-run).
// VSCODE_VERSION picks the VS Code build (default: the engines.vscode minimum).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { bundleSuite } from './bundleSuite.mjs';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  // The extension under test is the packaged bundle, as users get it.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });

  // The extension host loads JavaScript: bundle the suite (mocha and vscode stay external). Inside the repository,
  // next to the VS Code download in .vscode-test/, so the bundle resolves mocha from the repository's node_modules.
  const extensionTestsPath = await bundleSuite(path.join(ROOT, '.vscode-test', 'suite'));

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-vscode-ws-'));
  fs.cpSync(path.join(__dirname, 'fixture'), workspace, { recursive: true });
  const engine = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.vscode.replace(/^\^/, '');
  try {
    return await runTests({
      cachePath: path.join(ROOT, '.vscode-test'),
      version: process.env.VSCODE_VERSION ?? engine,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath,
      extensionTestsEnv: { TF_TEST_WORKSPACE: workspace },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
