// Hostile and odd workspaces, file reads (issue 7, defects 1, 6 and 8): links to /dev/zero and FIFOs, unreadable
// files, degenerate globs, big lockfiles, UTF-16, links out of the workspace, and the .gitignore and depth cliffs.
// Every fixture is built here, in a temp folder removed afterwards.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import ignore from 'ignore';
import { scan, tempProject } from '../../helpers/engine';
import { Engine } from '../../../server/src/engine/engine';
import { ALL_RULES } from '../../../server/src/rules';
import { silentLogger } from '../../../server/src/core/types';
import { GitIgnore } from '../../../server/src/util/gitignore';

const CLI = path.join(__dirname, '..', '..', '..', 'bin', 'twelve-factor');
const ENV_NOT_IGNORED = 'config/env-file-not-ignored';
const PORT = 'port-binding/hardcoded-port';
const LISTEN = "const express = require('express');\nconst app = express();\napp.listen(3000);\n";
const APP_PKG = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  scripts: { start: 'node server.js' },
  dependencies: { express: '^4.19.2' },
});

const made: string[] = [];
function tmp(files: Record<string, string | Buffer> = {}): string {
  const root = tempProject(files);
  made.push(root);
  return root;
}

/** The CLI as a child process: a hang is a timeout here, not a stuck test run. */
function cli(args: string[], opts: { asOtherUser?: boolean } = {}) {
  let script = CLI;
  let uid = {};
  if (opts.asOtherUser && process.getuid?.() === 0) {
    // chmod 000 does not stop root: as root, the CLI runs as nobody, for whom it does. The bundle is copied where
    // nobody can read it (the checkout may be in a private home folder).
    const dir = tmp();
    fs.chmodSync(dir, 0o755);
    script = path.join(dir, 'cli.js');
    fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), script);
    uid = { uid: 65534, gid: 65534 };
  }
  const r = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    timeout: 20000,
    env: { ...process.env, NO_COLOR: '1' },
    ...uid,
  });
  assert.ok(!r.error, `the CLI did not finish: ${r.error?.message}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const HOSTILE = [
  '.gitignore',
  'sub/.gitignore',
  '.dockerignore',
  '.npmrc',
  '.yarnrc.yml',
  '.yarnrc',
  'pnpm-workspace.yaml',
  'node_modules/foo/package.json',
];

/**
 * A project whose rules read every file in HOSTILE: a Dockerfile copying the context with a .env (.dockerignore),
 * an install in the Dockerfile (.npmrc, .yarnrc*), a type-only import of an undeclared package (its manifest).
 */
function hostileProject(make: (p: string) => void): string {
  const root = tmp({
    'package.json': APP_PKG,
    'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' } } }),
    'server.ts':
      "import type { Foo } from 'foo';\nimport express from 'express';\nexpress().listen(Number(process.env.PORT));\nexport const f: Foo | undefined = undefined;\n",
    Dockerfile: 'FROM node:20\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n',
    '.env': 'FOO=bar\n',
    'sub/a.js': 'module.exports = 1;\n',
  });
  for (const rel of HOSTILE) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    make(path.join(root, rel));
  }
  return root;
}

const linkToZero = (p: string) => fs.symlinkSync('/dev/zero', p);
const fifo = (p: string) => execFileSync('mkfifo', [p]);

after(() => {
  for (const d of made) {
    if (!fs.existsSync(d)) continue; // the run's temp-folder hook may have removed it first
    try {
      execFileSync('chmod', ['-R', 'u+rwx', d]);
    } catch {
      /* already gone */
    }
    fs.rmSync(d, { recursive: true, force: true });
  }
});

describe('hostile workspace: every file read is guarded (issue 7, defect 1)', function () {
  this.timeout(30000);

  it('the repro: package.json and a .gitignore linked to /dev/zero: no hang, exit 0, the skip said', () => {
    const root = tmp({ 'package.json': '{"name":"x"}\n' });
    linkToZero(path.join(root, '.gitignore'));
    const r = cli(['check', root]);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.err, /^twelve-factor: Skipped 1 file: 1 outside-workspace\. --verbose lists them\.$/m);
  });

  it('every project file linked to /dev/zero is skipped and listed: .gitignore (root, subfolder), .dockerignore, .npmrc, .yarnrc*, pnpm-workspace.yaml, node_modules/*/package.json', () => {
    const root = hostileProject(linkToZero);
    const r = cli(['check', root, '--verbose']);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.err}`);
    for (const rel of HOSTILE)
      assert.match(
        r.err,
        new RegExp(
          `^info: Skipped ${rel.replace(/[.*]/g, '\\$&')}: a symlink to a file outside the workspace, not followed`,
          'm',
        ),
        `${rel} not reported`,
      );
    assert.match(
      r.err,
      new RegExp(`^twelve-factor: Skipped ${HOSTILE.length} files: ${HOSTILE.length} outside-workspace\\.$`, 'm'),
    );
  });

  it('every one of them a FIFO, in process: the scan ends, Engine.read refuses each with a reason, fixes reading node_modules finish', async () => {
    const root = hostileProject(fifo);
    const s = await scan(root);
    for (const rel of HOSTILE) assert.strictEqual(s.engine.read(path.join(root, rel)), undefined, rel);
    const skipped = new Map(s.engine.skipped.map((x) => [x.rel, x.reason]));
    for (const rel of HOSTILE) assert.strictEqual(skipped.get(rel), 'not-a-file', rel);
    // undeclared-import's fix reads node_modules/foo/package.json (a FIFO) for the version to declare.
    const undeclared = s.findings.filter((f) => f.ruleId === 'dependencies/undeclared-import');
    assert.ok(undeclared.length, 'the type-only import of foo is reported');
    for (const f of s.findings) s.engine.fixesFor(f);
  });
});

describe('hostile workspace: blind spots (issue 7, defect 6)', function () {
  this.timeout(30000);

  it('a lockfile over 1 MB is read: no false "no lockfile", its versions are known, nothing skipped', async () => {
    const packages: Record<string, unknown> = {
      '': { name: 'app', dependencies: { express: '^4.19.2' } },
      'node_modules/express': { version: '4.19.2' },
    };
    for (let i = 0; JSON.stringify(packages).length < 2.2 * 1024 * 1024; i++) {
      for (let j = 0; j < 500; j++)
        packages[`node_modules/pkg-${i}-${j}`] = {
          version: '1.0.0',
          resolved: `https://registry.npmjs.org/pkg-${i}-${j}/-/pkg-${i}-${j}-1.0.0.tgz`,
          integrity: 'sha512-' + 'A'.repeat(86),
        };
    }
    const root = tmp({
      'package.json': APP_PKG,
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages }),
      'server.js': LISTEN,
    });
    assert.ok(fs.statSync(path.join(root, 'package-lock.json')).size > 2 * 1024 * 1024);
    const s = await scan(root);
    assert.deepStrictEqual(s.where('dependencies/missing-lockfile'), []);
    assert.deepStrictEqual(s.engine.workspace!.projects[0].lockfile?.versions.get('express'), ['4.19.2']);
    assert.deepStrictEqual(s.engine.skipped, []);
  });

  it('workspaces [""], ["/"], ["!"], pnpm packages [""] and exclude [""] or a 70k-character pattern: logged and left out, the scan goes on', async () => {
    for (const [files, exclude] of [
      [{ 'package.json': JSON.stringify({ name: 'root', private: true, workspaces: [''] }) }, []],
      [{ 'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['/', '!', 'apps/*'] }) }, []],
      [{ 'package.json': JSON.stringify({ name: 'root', private: true, workspaces: { packages: [''] } }) }, []],
      [
        {
          'package.json': JSON.stringify({ name: 'root', private: true }),
          'pnpm-workspace.yaml': 'packages:\n  - ""\n  - "!"\n',
        },
        [],
      ],
      [{ 'package.json': JSON.stringify({ name: 'root', private: true }) }, ['', 'x'.repeat(70000)]],
    ] as [Record<string, string>, string[]][]) {
      const root = tmp({ ...files, 'apps/api/package.json': APP_PKG, 'apps/api/server.js': LISTEN });
      const logs: string[] = [];
      const engine = new Engine({
        root,
        rules: ALL_RULES,
        exclude,
        logger: { info() {}, warn: (m) => logs.push(m), error: (m) => logs.push(`error ${m}`) },
      });
      await engine.scan();
      const where = engine
        .findings()
        .filter((f) => f.ruleId === PORT)
        .map((f) => engine.rel(f.path));
      assert.deepStrictEqual(where, ['apps/api/server.js'], JSON.stringify(files));
      // Left out by the glob matcher, or already by the package.json view (an empty glob is no valid value there).
      assert.ok(
        logs.some((m) =>
          /^Ignored the (workspace glob|exclude pattern) |: ignored \d+ value\(s\) of the wrong type \(.*workspaces/.test(
            m,
          ),
        ),
        `no log for ${JSON.stringify(files)} ${exclude.length}: ${logs}`,
      );
      assert.ok(!logs.some((m) => m.startsWith('error')), logs.join('\n'));
    }
  });

  it('a member opened on its own under a root whose workspaces are [""]: the scan goes on', async () => {
    const outer = tmp({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: [''] }),
      'package-lock.json': '{}',
      'apps/api/package.json': APP_PKG,
      'apps/api/server.js': LISTEN,
    });
    const s = await scan(path.join(outer, 'apps', 'api'));
    assert.deepStrictEqual(s.where(PORT), ['server.js:3']);
  });

  it('an unreadable source file, folder or .gitignore is listed and makes the CLI exit 2; no "not ignored" finding under the .gitignore', () => {
    const root = tmp({
      'package.json': APP_PKG,
      'server.js': LISTEN,
      'b.js': LISTEN,
      'secret/c.js': LISTEN,
      'sub/.gitignore': '.env\n',
      'sub/.env': 'A=1\n',
      '.env': 'B=2\n',
    });
    fs.chmodSync(root, 0o755);
    for (const rel of ['b.js', 'secret', 'sub/.gitignore']) fs.chmodSync(path.join(root, rel), 0o000);
    const r = cli(['check', root, '--format', 'json'], { asOtherUser: true });
    assert.strictEqual(r.code, 2, r.err);
    assert.match(r.err, /^warn: Skipped b\.js: permission denied \(EACCES\)\.$/m);
    assert.match(
      r.err,
      /^warn: Skipped secret: a folder that could not be listed \(permission denied \(EACCES\)\)\.$/m,
    );
    assert.match(r.err, /^warn: Skipped sub\/\.gitignore: permission denied \(EACCES\); what it ignores is unknown/m);
    assert.match(r.err, /^twelve-factor: Skipped 3 files: 3 unreadable\. --verbose lists them\.$/m);
    const report = JSON.parse(r.out);
    const notIgnored = report.findings
      .filter((f: { ruleId: string }) => f.ruleId === ENV_NOT_IGNORED)
      .map((f: { file: string }) => f.file);
    assert.deepStrictEqual(
      notIgnored,
      ['.env'],
      'sub/.env is under an unreadable .gitignore: unknown, so not reported',
    );
    assert.deepStrictEqual(
      report.findings.filter((f: { ruleId: string }) => f.ruleId === PORT).map((f: { file: string }) => f.file),
      ['server.js'],
    );
    // Not every file was analysed: no factor passes, each applicable one says it was only partly analysed.
    const checklist = report.checklist as { status: string; partial?: boolean }[];
    assert.ok(
      checklist.every((c) => c.status !== 'pass' && (c.status === 'not-applicable' || c.partial)),
      JSON.stringify(checklist),
    );
  });

  it('a .gitignore that is a FIFO or a folder: its folder\'s ignore state is unknown, logged, no false "not ignored"', async () => {
    for (const make of [fifo, (p: string) => fs.mkdirSync(p)]) {
      const root = tmp({ 'package.json': APP_PKG, '.env': 'A=1\n', 'sub/.env': 'B=2\n' });
      make(path.join(root, '.gitignore'));
      const s = await scan(root);
      assert.deepStrictEqual(s.where(ENV_NOT_IGNORED), []);
      assert.ok(
        s.logs.some((m) => /^info Skipped \.gitignore: .*what it ignores is unknown/.test(m)),
        s.logs.join('\n'),
      );
      assert.strictEqual(s.engine.workspace!.files.get(path.join(root, '.env'))?.ignoreUnknown, true);
    }
    // Control: without the .gitignore both are reported.
    const plain = await scan(tmp({ 'package.json': APP_PKG, '.env': 'A=1\n', 'sub/.env': 'B=2\n' }));
    assert.deepStrictEqual(plain.where(ENV_NOT_IGNORED).sort(), ['.env:1', 'sub/.env:1']);
  });

  it('UTF-16 files (LE and BE, with a byte-order mark) are decoded and checked, not skipped as binary', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LISTEN, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(LISTEN, 'utf16le').swap16()]);
    const s = await scan(
      tmp({ 'package.json': APP_PKG, 'le.js': le, 'be.js': be, 'bin.js': Buffer.from([0x61, 0x00, 0x62]) }),
    );
    assert.deepStrictEqual(s.where(PORT).sort(), ['be.js:3', 'le.js:3']);
    assert.deepStrictEqual(
      s.engine.skipped.map((x) => `${x.rel} ${x.reason}`),
      ['bin.js binary'],
    );
  });

  it('symlinks, files and folders alike, are followed only to inside the workspace; each skip is logged and listed', async () => {
    const outside = tmp({
      '.env': 'OUT=1\n',
      'lib/x.js': LISTEN,
      'pkg/package.json': '{"name":"foo","types":"x.d.ts"}',
    });
    const root = tmp({ 'package.json': APP_PKG, 'config/shared.env': 'A=1\n', 'src/server.js': LISTEN });
    fs.symlinkSync('config/shared.env', path.join(root, '.env'));
    fs.symlinkSync(path.join(outside, '.env'), path.join(root, '.env.production.local'));
    fs.symlinkSync('src', path.join(root, 'lib'));
    fs.symlinkSync(path.join(outside, 'lib'), path.join(root, 'ext'));
    fs.mkdirSync(path.join(root, 'node_modules'));
    fs.symlinkSync(path.join(outside, 'pkg'), path.join(root, 'node_modules', 'foo'));
    const s = await scan(root);
    // Inside: the file link is read under its own name; the folder link is scanned once, at its real path.
    assert.ok(s.where(ENV_NOT_IGNORED).includes('.env:1'));
    assert.deepStrictEqual(s.where(PORT), ['src/server.js:3']);
    assert.ok(
      s.logs.includes('info Skipped lib: a symlink to a folder inside the workspace, scanned at its real path.'),
    );
    // Outside: never read, and said so.
    assert.strictEqual(s.engine.read(path.join(root, 'node_modules', 'foo', 'package.json')), undefined);
    assert.deepStrictEqual(
      s.engine.skipped.map((x) => `${x.rel} ${x.reason}`),
      [
        '.env.production.local outside-workspace',
        'ext outside-workspace',
        'node_modules/foo/package.json outside-workspace',
      ],
    );
    assert.ok(!s.findings.some((f) => f.path.startsWith(outside)));
  });
});

/** How many regular expressions ran meanwhile: `ignore` tests one per rule it tries. */
function regexTests(fn: () => void): number {
  const test = RegExp.prototype.test;
  let n = 0;
  RegExp.prototype.test = function (this: RegExp, s: string) {
    n++;
    return test.call(this, s);
  };
  try {
    fn();
  } finally {
    RegExp.prototype.test = test;
  }
  return n;
}

/** Deterministic pseudo-random numbers in [0, 1). */
function seeded(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe('hostile workspace: performance cliffs (issue 7, defect 8)', function () {
  this.timeout(30000);

  it('one .gitignore: the same verdicts as `ignore` for seeded random rules and paths', () => {
    const segs = ['a', 'b', 'A', 'foo', 'x.js', 'y.JS', 'build-1', 'build', '.env', 'c.d.ts'];
    const rules = [
      'a',
      'b',
      'foo',
      'x.js',
      '/a',
      'a/b',
      '/foo/x.js',
      'a/',
      'foo/',
      '*.js',
      '*.JS',
      'build*',
      'build-*/',
      '**/b',
      'a/*/x.js',
      '?.js',
      '[ab]',
      'b/**',
      '#a',
      '',
      'foo ',
      '\\!a',
      '*',
      'a/b/',
      '/b/',
      '.env',
      '*.env',
      'c.*',
      '**/a/b',
      '*/x.js',
      'a/**/b',
      '**/a/*.js',
      '**/a/**',
      '*/b/',
      'a/*/',
      'a/*',
      '**/foo/b',
      'a/b/*.js',
      '/**/x.js',
      '**/*',
      'a/**',
      'b/*/x.js',
      'a/b/c',
    ];
    const random = seeded(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    for (let t = 0; t < 1000; t++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 8) },
        () => (random() < 0.25 ? '!' : '') + pick(rules),
      ).join(random() < 0.2 ? '\r\n' : '\n');
      const gi = new GitIgnore('/w');
      gi.add('/w', text);
      const ref = ignore({ allowRelativePaths: true }).add(text);
      for (let k = 0; k < 20; k++) {
        const rel = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(segs)).join('/');
        const isDir = random() < 0.3;
        assert.strictEqual(
          gi.ignores(path.join('/w', rel), isDir),
          ref.test(rel + (isDir ? '/' : '')).ignored,
          `${JSON.stringify(text)} ${rel}${isDir ? '/' : ''}`,
        );
      }
    }
  });

  it('nested .gitignore files follow git: deeper files win, nothing under an excluded folder comes back, unknown is kept', () => {
    const gi = new GitIgnore('/w');
    gi.add('/w', 'logs/\n*.tmp\nbuild\n');
    gi.add('/w/a', '!keep.tmp\n!logs/\n');
    gi.markUnknown('/w/c');
    assert.strictEqual(gi.ignores('/w/x.tmp'), true);
    assert.strictEqual(gi.ignores('/w/a/keep.tmp'), false);
    assert.strictEqual(gi.ignores('/w/a/logs/x.txt'), false);
    assert.strictEqual(
      gi.ignores('/w/logs/keep.tmp'),
      true,
      'logs/ is excluded at the top: a deeper rule cannot re-include what is under it',
    );
    assert.strictEqual(gi.ignores('/w/build/a/keep.tmp'), true);
    assert.strictEqual(gi.isUnknown('/w/c/d/.env'), true);
    assert.strictEqual(gi.isUnknown('/w/a/.env'), false);
  });

  it("a .gitignore's cost per path does not grow with its number of rules (counted regex tests)", () => {
    const build = (n: number) => {
      const lines = ['**/*.min.*', 'src/**/fixtures/*.json', '[Bb]uild/', 'docs/*/draft', '!src/m1/f1.js'];
      for (let i = 0; i < n; i++)
        lines.push([`file${i}.js`, `gen/out${i}.js`, `cache-${i}/`, `*.tmp${i}`, `log${i}-*`][i % 5]);
      const text = lines.join('\n');
      const gi = new GitIgnore('/w');
      gi.add('/w', text);
      return { gi, ref: ignore({ allowRelativePaths: true }).add(text) };
    };
    const paths = Array.from(
      { length: 2000 },
      (_, i) =>
        `src/m${i % 40}/${['f', 'file', 'x.tmp', 'log'][i % 4]}${i % 300}${['.js', '.min.js', '', '-a.txt'][i % 4]}`,
    );
    const cost = (n: number) => {
      const { gi, ref } = build(n);
      const verdicts: boolean[] = [];
      const count = regexTests(() => {
        for (const p of paths) verdicts.push(gi.ignores(path.join('/w', p)));
      });
      return { count, verdicts, ref };
    };
    const small = cost(1000);
    const large = cost(16000);
    // The same answers as `ignore` scanning every rule (on a sample of paths, with the smaller set: compiling 16k
    // regexes is what is slow there). The extra rules of the larger set match none of these paths.
    const sample = paths.filter((_, i) => i % 10 === 0);
    assert.deepStrictEqual(
      small.verdicts.filter((_, i) => i % 10 === 0),
      sample.map((p) => small.ref.ignores(p)),
    );
    assert.deepStrictEqual(large.verdicts, small.verdicts);
    assert.ok(small.verdicts.some((v) => v) && small.verdicts.some((v) => !v));
    // Scanning every rule for every path costs 16 times more with 16 times the rules.
    assert.ok(
      large.count <= small.count * 1.25 + 100,
      `1k rules: ${small.count} regex tests; 16k rules: ${large.count}`,
    );
  });

  it('depth: scan work grows with the total path length, not faster (200 vs 800 nested folders, CPU time)', async () => {
    const scanCpu = async (depth: number) => {
      const root = tmp({ 'package.json': '{"name":"x"}' });
      let d = root;
      for (let i = 0; i < depth; i++) {
        d = path.join(d, 'd');
        fs.mkdirSync(d);
        fs.writeFileSync(path.join(d, 'i.js'), 'module.exports = 1;\n');
        if (i % 50 === 0) fs.writeFileSync(path.join(d, '.gitignore'), 'x.log\n**/z/*.tmp\n');
      }
      const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
      const t0 = process.cpuUsage();
      await engine.scan();
      const t = process.cpuUsage(t0);
      assert.strictEqual(engine.workspace!.projects[0].sources.length, depth);
      return t.user + t.system;
    };
    await scanCpu(20); // warm up
    const short = await scanCpu(200);
    const long = await scanCpu(800);
    // Work proportional to the total path length (quadratic in depth) may grow 16x from 200 to 800; the cubic cliff
    // (a realpath per folder walking every parent) grows 64x. Measured about 4x now, 27x before; 32x splits the two
    // with room for a loaded machine.
    assert.ok(
      long < short * 32,
      `200 folders deep: ${(short / 1000).toFixed(0)} ms; 800: ${(long / 1000).toFixed(0)} ms`,
    );
  });

  it('depth: nothing recursive that a deep tree can overflow (.gitignore verdicts 2,000 folders deep, with globs)', () => {
    const gi = new GitIgnore('/w');
    let d = '/w';
    let last = d;
    for (let i = 0; i < 2000; i++) {
      if (i % 10 === 0) gi.add((last = d), 'x.log\n**/z/*.tmp\nd/d/*.js\n!keep.log\n');
      d = path.join(d, 'd');
      assert.strictEqual(gi.ignores(d, true), false);
    }
    assert.strictEqual(gi.ignores(path.join(d, 'x.log')), true);
    assert.strictEqual(gi.ignores(path.join(d, 'keep.log')), false);
    assert.strictEqual(gi.ignores(path.join(d, 'z', 'a.tmp')), true);
    assert.strictEqual(gi.ignores(path.join(last, 'd', 'd', 'a.js')), true, 'd/d/*.js of the .gitignore two levels up');
    assert.strictEqual(gi.ignores(path.join(d, 'a.js')), false);
  });
});
