// Bundles the integration suite for an extension host, which loads plain CommonJS: test/vscode/suite/index.ts (the
// `run()` entry VS Code calls) and extension.test.ts, with mocha and vscode left external. Shared by runTest.ts
// (desktop VS Code) and test/e2e/vscode-suite.mjs (code-server). `outDir` must be inside the repository so the bundle
// resolves mocha from the repository's node_modules.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SUITE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'suite');

/** Replaces `outDir` with a fresh bundle and returns the path of its entry module (`index.js`). */
export async function bundleSuite(outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(SUITE_DIR, 'index.ts'), path.join(SUITE_DIR, 'extension.test.ts')],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}
