// What the editor tests share: the README's config blocks (the README is what is tested), the editors' binaries
// (missing ones fail the test, never skip it), the built server on PATH as `twelve-factor-lsp`, and a project with a
// known finding.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempProject } from '../helpers/engine';
import { makeTempDir } from '../helpers/tempDirs';

export const ROOT = path.join(__dirname, '..', '..');
export const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
export const HARNESS = path.join(__dirname, 'harness');

/** Which apt package puts each binary on PATH (`.ci/run` installs them). */
const PACKAGES: Record<string, string> = { nvim: 'neovim', emacs: 'emacs-nox', 'pre-commit': 'pre-commit', git: 'git' };

/**
 * The fenced block after `<!-- editor-config: NAME -->` in README.md, with its language. The marker is invisible on
 * GitHub and the Marketplace; the test reads the block a user copies.
 */
export function readmeBlock(name: string): { lang: string; text: string } {
  const marker = `<!-- editor-config: ${name} -->`;
  const at = README.indexOf(marker);
  assert.ok(at >= 0, `README.md has no ${marker}`);
  const m = README.slice(at + marker.length).match(/^\s*```(\w+)\n([\s\S]*?)^```$/m);
  assert.ok(
    m && m.index !== undefined && !README.slice(at + marker.length, at + marker.length + m.index).trim(),
    `no fenced block right after ${marker}`,
  );
  return { lang: m[1], text: m[2] };
}

/** The absolute path of `bin`, or a failed test that says how to install it. */
export function requireBinary(bin: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  assert.ok(
    r.status === 0 && r.stdout.trim(),
    `${bin} is not installed: this tier runs the real editor (apt-get install ${PACKAGES[bin] ?? bin}; .ci/run does)`,
  );
  return r.stdout.trim();
}

/** `--version`'s first line. */
export function versionOf(bin: string, flag = '--version'): string {
  return spawnSync(bin, [flag], { encoding: 'utf8' }).stdout.split('\n')[0];
}

/** A folder holding the package's bins on the built dist/ (`twelve-factor-lsp`, `twelve-factor`), for PATH. */
export function binsOnPath(): string {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'server.js')), 'run `npm run build` first');
  const dir = makeTempDir('tf-editors-bin-');
  for (const bin of ['twelve-factor-lsp', 'twelve-factor'])
    fs.symlinkSync(path.join(ROOT, 'bin', bin), path.join(dir, bin));
  return dir;
}

export const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';
export const SECRET_RULE = 'config/hardcoded-secret';
/** A git repository (the root markers the configs look for) whose src/pay.js line 1 holds a secret. */
export function secretProject(): string {
  const root = tempProject({
    'package.json': '{"name":"shop","version":"1.0.0","scripts":{"start":"node src/pay.js"}}\n',
    'src/pay.js': `const stripe = '${SECRET}';\nmodule.exports = stripe;\n`,
  });
  git(root, ['init', '-q']);
  return root;
}

/** Git with no user or system config (no hooksPath, signing or identity from this machine). */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
}

export function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: gitEnv() });
  assert.strictEqual(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a command to its end, killed (and failed) past `timeoutMs`, so a hung editor cannot hang the suite. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not end in ${opts.timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, opts.timeoutMs);
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** The environment without the npm_* variables `npm run` passes down (npm inside a hook must not inherit them). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, ...extra };
}
