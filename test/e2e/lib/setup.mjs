// Idempotent machine and run setup shared by run.mjs and demo.mjs.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CHROMIUM,
  CODE_SERVER_BIN,
  E2E_DIR,
  FIXTURE_DIR,
  NODE24_BIN,
  NODE24_DIR,
  REPO_ROOT,
  VSIX_PATH,
} from './paths.mjs';

export function log(msg) {
  process.stderr.write(`[e2e] ${msg}\n`);
}

/** Runs a command with inherited stdio (or captured output) and throws on failure. */
export function sh(cmd, args, { cwd = E2E_DIR, env = process.env, capture = false } = {}) {
  const res = spawnSync(cmd, args, { cwd, env, stdio: capture ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    const out = capture ? `\n${res.stdout}\n${res.stderr}` : '';
    throw new Error(`${cmd} ${args.join(' ')} exited with ${res.status}${out}`);
  }
  return res.stdout;
}

/** Environment in which code-server (and npm building its native modules) sees Node 24 first. */
export function node24Env(extra = {}) {
  const env = { ...process.env };
  // Under `npm run`, these describe the outer npm on Node 20. npm_config_user_agent would even
  // override the inner npm's own one, and code-server's postinstall reads the Node version from it.
  for (const k of Object.keys(env)) {
    if (/^npm_(config_user_agent|node_execpath|execpath|lifecycle_|package_)/.test(k)) delete env[k];
  }
  return {
    ...env,
    PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
    ...extra,
  };
}

function debInstalled(pkg) {
  const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.includes('install ok installed');
}

/** chromium for Playwright, libkrb5-dev for code-server's kerberos module, git for the fixture. */
export function ensureSystemPackages() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!debInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (spawnSync('git', ['--version']).status !== 0) missing.push('git');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0)
    throw new Error(`Missing Debian packages (${missing.join(', ')}); install them as root`);
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get', ['update', '-qq'], { env });
  sh('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

function installStamp() {
  const h = crypto.createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) h.update(fs.readFileSync(path.join(E2E_DIR, f)));
  return h.digest('hex');
}

/**
 * Installs test/e2e/node_modules when missing or when the lockfile changed.
 * Two steps because code-server's postinstall refuses any Node but 24 and
 * builds native modules: first fetch everything without scripts (this Node),
 * then rebuild with the packaged Node 24 first on PATH and as node-gyp's nodedir.
 */
export function ensureNodeModules() {
  const stampFile = path.join(E2E_DIR, 'node_modules', '.e2e-install-stamp');
  const want = installStamp();
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === want && fs.existsSync(CODE_SERVER_BIN)) return;
  const t0 = Date.now();
  log('installing test/e2e dependencies (npm ci + code-server native build)');
  sh('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
  sh('npm', ['rebuild', '--no-audit', '--no-fund'], { env: node24Env() });
  fs.writeFileSync(stampFile, want);
  log(`dependencies installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** Builds the real extension package unless E2E_VSIX points at a prebuilt one. */
export function buildVsix() {
  if (process.env.E2E_VSIX) return path.resolve(process.env.E2E_VSIX);
  log('npm run package (repo root)');
  sh('npm', ['run', 'package'], { cwd: REPO_ROOT });
  if (!fs.existsSync(VSIX_PATH)) throw new Error(`npm run package did not produce ${VSIX_PATH}`);
  return VSIX_PATH;
}

/**
 * Fresh temp dirs for one run, so runs never share editor state and tests
 * never dirty the repo. `workspaceSource` is copied (fixture) unless `inPlace`.
 */
export function prepareRunDirs({ workspaceSource = FIXTURE_DIR, inPlace = false, gitInit = true } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-e2e-'));
  const dirs = {
    root,
    extensions: path.join(root, 'extensions'),
    userData: path.join(root, 'user-data'),
    xdg: path.join(root, 'xdg'),
    workspace: inPlace ? workspaceSource : path.join(root, 'workspace'),
  };
  for (const d of [dirs.extensions, dirs.userData, dirs.xdg]) fs.mkdirSync(d, { recursive: true });
  if (!inPlace) {
    fs.cpSync(workspaceSource, dirs.workspace, { recursive: true });
    if (gitInit) {
      // A committed repo makes the Codebase factor see a real git checkout.
      const git = (...a) =>
        sh('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', ...a], {
          cwd: dirs.workspace,
          capture: true,
        });
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'fixture');
    }
  }
  writeUserSettings(dirs.userData);
  return dirs;
}

/** Settings that keep the workbench quiet and predictable for screenshots and key input. */
function writeUserSettings(userData) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.editor.enablePreview': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.parameterHints.enabled': false,
    'editor.hover.enabled': false,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    // No network here: keep built-in extensions from trying (and from reporting failures as problems).
    'json.schemaDownload.enable': false,
    'npm.fetchOnlinePackageInfo': false,
    'typescript.disableAutomaticTypeAcquisition': true,
    'git.openRepositoryInParentFolders': 'never',
    'window.restoreWindows': 'none',
  };
  const dir = path.join(userData, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Environment for code-server: Node 24, and config/state kept inside the run's temp dir. */
export function codeServerEnv(dirs) {
  return node24Env({
    CODE_SERVER_CONFIG: path.join(dirs.root, 'code-server.yaml'),
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
  });
}

export function installExtension(dirs, vsix) {
  log(`installing ${path.basename(vsix)}`);
  const out = sh(
    path.join(NODE24_BIN, 'node'),
    [
      CODE_SERVER_BIN,
      '--extensions-dir',
      dirs.extensions,
      '--user-data-dir',
      dirs.userData,
      '--install-extension',
      vsix,
      '--force',
    ],
    {
      env: codeServerEnv(dirs),
      capture: true,
    },
  );
  if (!/successfully installed/i.test(out)) throw new Error(`Extension install did not report success:\n${out}`);
}
