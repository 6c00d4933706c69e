// `twelve-factor check --changed-since REF` on scratch git repositories: what a change reaches is reported (its files,
// and project findings elsewhere whose rule read a changed file), renames, deletions, untracked files, the failures
// (bad ref, no repository), and --prune-baseline, which keeps the entries of files the diff left out.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tempProject } from '../helpers/engine';

const CLI = path.join(__dirname, '..', '..', 'bin', 'twelve-factor');
const BASELINE = 'twelve-factor.baseline.json';
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';
const OTHER_SECRET = 'sk_live_9xQ27LmNpRtVwYz3K8cDfGhJ2sA';

/** git for the scratch repositories: no user or system config, a fixed identity. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository on `main` with `files` committed. */
function repo(files: Record<string, string>): string {
  const dir = tempProject(files);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

/** The CLI; git never looks for a repository above the temp folder (a test outside one must be outside one). */
function run(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', dir, ...args], {
    encoding: 'utf8',
    env: { ...GIT_ENV, NO_COLOR: '1', GIT_CEILING_DIRECTORIES: fs.realpathSync(os.tmpdir()) },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonFinding {
  file: string;
  line: number;
  ruleId: string;
  message: string;
}
function json(dir: string, ...args: string[]) {
  const r = run(dir, '--format', 'json', ...args);
  const findings = (JSON.parse(r.out) as { findings: JsonFinding[] }).findings;
  return { ...r, findings, places: findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`) };
}

const write = (dir: string, rel: string, text: string) => fs.writeFileSync(path.join(dir, rel), text);

const PKG = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  scripts: { start: 'node server.js' },
  dependencies: { express: '^4.19.2', stripe: '^14.0.0' },
});
const SERVER = [
  "const express = require('express');",
  'const app = express();',
  'app.listen(process.env.PORT || 3000);',
  '',
].join('\n');
const secretModule = (secret: string) =>
  `const Stripe = require('stripe');\nmodule.exports = new Stripe('${secret}');\n`;

describe('twelve-factor check --changed-since', function () {
  this.timeout(60000);

  it('reports the changed files (committed, staged, unstaged, untracked, renamed) and project findings they reach', () => {
    const dir = repo({
      'package.json': PKG,
      '.gitignore': 'node_modules\n.env\n',
      // Ignored, so never a changed file: its finding is reported only when a change reaches the rule's run.
      '.env': 'PORT=3000\n',
      'server.js': SERVER,
      'old.js': secretModule(SECRET),
      'gone.js': secretModule(OTHER_SECRET),
    });
    const whole = json(dir).places;
    assert.ok(whole.includes('package.json:1 dependencies/missing-lockfile'), whole.join('\n'));
    assert.ok(whole.includes('server.js:3 disposability/no-graceful-shutdown'), whole.join('\n'));

    // Nothing changed since main: nothing reported, and the check passes although the whole project fails.
    const none = run(dir, '--changed-since', 'main');
    assert.strictEqual(none.code, 0, none.out + none.err);
    assert.match(none.out, /^Changed since main: 0 files; findings elsewhere are reported only when/m);
    assert.match(none.out, /^0 findings/m);
    assert.strictEqual(json(dir).code, 1, 'the secrets fail a full check');

    git(dir, 'checkout', '-q', '-b', 'feature');
    git(dir, 'mv', 'old.js', 'renamed.js');
    git(dir, 'rm', '-q', 'gone.js');
    git(dir, 'commit', '-q', '-m', 'move and delete');
    // Untracked, and not ignored: a source that reads a variable, which the project-level env-example-drift run reads.
    write(dir, 'util.js', 'module.exports = { url: process.env.API_URL };\n');
    // A README only: no rule reads it.
    write(dir, 'README.md', '# app\n');
    git(dir, 'add', 'README.md');

    const r = json(dir, '--changed-since', 'main');
    assert.strictEqual(r.code, 1, r.err);
    assert.deepStrictEqual(r.places, [
      // In .env, unchanged (and ignored): reached because its rule's run read util.js.
      '.env:1 config/env-example-drift',
      // The renamed file is a changed file under its new name; the deleted one has nothing left to report.
      'renamed.js:2 config/hardcoded-secret',
    ]);
    assert.match(r.findings[0].message, /uses 2 environment variables but has no \.env\.example/);
    assert.match(r.err, /^Changed since main: 5 files;/m, 'renamed.js, old.js, gone.js, util.js, README.md');

    // An unstaged edit of server.js reaches its own findings.
    write(dir, 'server.js', `'use strict';\n${SERVER}`);
    assert.deepStrictEqual(json(dir, '--changed-since', 'main').places, [
      '.env:1 config/env-example-drift',
      'renamed.js:2 config/hardcoded-secret',
      'server.js:4 disposability/no-graceful-shutdown',
    ]);

    // Against the branch's own HEAD: only the working tree's changes (util.js, README.md, server.js) count.
    const sinceHead = json(dir, '--changed-since', 'HEAD');
    assert.deepStrictEqual(sinceHead.places, [
      '.env:1 config/env-example-drift',
      'server.js:4 disposability/no-graceful-shutdown',
    ]);
    assert.strictEqual(sinceHead.code, 0, 'warnings only');
  });

  it('reaches a project finding through a changed model file of a kind the rule reads', () => {
    const dir = repo({ 'package.json': PKG, 'server.js': SERVER, 'package-lock.json': '{"lockfileVersion":3}\n' });
    assert.deepStrictEqual(json(dir, '--changed-since', 'main').places, []);
    // The start script now runs another file: the finding sits in that (unchanged) file, reached through package.json.
    write(dir, 'worker.js', SERVER);
    git(dir, 'add', 'worker.js');
    git(dir, 'commit', '-q', '-m', 'worker');
    write(dir, 'package.json', PKG.replace('node server.js', 'node worker.js'));
    const r = json(dir, '--changed-since', 'HEAD');
    assert.ok(r.places.includes('worker.js:3 disposability/no-graceful-shutdown'), r.places.join('\n'));
    assert.ok(
      r.places.every((p) => p.startsWith('package.json:') || p.startsWith('worker.js:')),
      r.places.join('\n'),
    );

    // A deleted lockfile: the finding it causes sits in package.json, unchanged since the last commit.
    git(dir, 'commit', '-q', '-am', 'start the worker');
    assert.deepStrictEqual(json(dir, '--changed-since', 'HEAD').places, []);
    git(dir, 'rm', '-q', 'package-lock.json');
    assert.deepStrictEqual(json(dir, '--changed-since', 'HEAD').places, [
      'package.json:1 dependencies/missing-lockfile',
    ]);
  });

  it('scans a folder inside the repository: paths from the repository root are mapped into it', () => {
    const dir = repo({
      'README.md': '# monorepo\n',
      'apps/api/package.json': PKG,
      'apps/api/server.js': SERVER,
      'apps/web/x.js': secretModule(SECRET),
    });
    write(dir, 'apps/api/keys.js', secretModule(SECRET));
    write(dir, 'apps/web/y.js', secretModule(OTHER_SECRET));
    const r = json(path.join(dir, 'apps', 'api'), '--changed-since', 'main');
    assert.deepStrictEqual(r.places, ['keys.js:2 config/hardcoded-secret']);
    assert.match(r.err, /^Changed since main: 1 file;/m);
  });

  it('--prune-baseline keeps the entries of files the diff left out: they were filtered, not fixed', () => {
    const dir = repo({ 'package.json': PKG, 'server.js': SERVER, 'a.js': secretModule(SECRET) });
    assert.strictEqual(run(dir, '--write-baseline').code, 0);
    const before = JSON.parse(fs.readFileSync(path.join(dir, BASELINE), 'utf8')) as { findings: { path: string }[] };
    git(dir, 'add', BASELINE);
    git(dir, 'commit', '-q', '-m', 'baseline');
    // Fix the secret in a.js; package.json and server.js keep their (baselined) findings and are unchanged.
    write(dir, 'a.js', "module.exports = require('stripe')(process.env.STRIPE_KEY);\n");
    const pruned = run(dir, '--changed-since', 'HEAD', '--prune-baseline');
    assert.strictEqual(pruned.code, 0, pruned.out + pruned.err);
    assert.match(pruned.out, /^Removed 1 stale entry from the baseline/m);
    const after = JSON.parse(fs.readFileSync(path.join(dir, BASELINE), 'utf8')) as { findings: { path: string }[] };
    assert.deepStrictEqual(
      after.findings.map((e) => e.path),
      before.findings.map((e) => e.path).filter((p) => p !== 'a.js'),
    );
    assert.ok(
      after.findings.some((e) => e.path === 'package.json'),
      'unchanged files keep their entries',
    );
  });

  it('fails with one line on a bad ref, outside a repository, and on a ref that looks like an option', () => {
    const dir = repo({ 'package.json': PKG, 'server.js': SERVER });
    const bad = run(dir, '--changed-since', 'no-such-branch');
    assert.strictEqual(bad.code, 2);
    assert.deepStrictEqual(bad.err.trim().split('\n'), [
      "twelve-factor: unknown git ref 'no-such-branch' (--changed-since)",
    ]);
    assert.strictEqual(bad.out, '');

    const plain = tempProject({ 'package.json': PKG, 'server.js': SERVER });
    const outside = run(plain, '--changed-since', 'main');
    assert.strictEqual(outside.code, 2);
    assert.deepStrictEqual(outside.err.trim().split('\n'), [
      `twelve-factor: ${plain} is not in a git repository (--changed-since needs one)`,
    ]);

    const option = run(dir, '--changed-since', '--output=/tmp/x');
    assert.strictEqual(option.code, 2);
    assert.match(option.err, /^twelve-factor: --changed-since needs a git ref, not '--output=\/tmp\/x'$/m);
    const fix = run(dir, '--changed-since', 'main', '--fix');
    assert.strictEqual(fix.code, 2);
    assert.match(fix.err, /^twelve-factor: --fix and --changed-since: /m);

    // Unrelated histories: no merge-base to count from.
    git(dir, 'checkout', '-q', '--orphan', 'other');
    git(dir, 'commit', '-q', '-m', 'orphan');
    const unrelated = run(dir, '--changed-since', 'main');
    assert.strictEqual(unrelated.code, 2);
    assert.match(unrelated.err, /^twelve-factor: HEAD and 'main' have no common ancestor/m);
  });
});
