// Hostile workspaces against quick fixes: no write outside the workspace folder or through a symlink out of it, no
// .gitignore above the folder, no fix for an .env that is a folder, no edit at offsets of a text that changed on
// disk, .env read by dotenv's grammar, and shell words quoted.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import * as dotenv from 'dotenv';
import { applyFix, scan, type Scan } from '../../helpers/engine';
import type { Finding, Fix } from '../../../server/src/core/types';
import { parseEnvFile } from '../../../server/src/platform/envFile';
import { shellQuote } from '../../../server/src/platform/shell';
import { mergeFixes } from '../../../server/src/fixes/fixAll';
import { isRealPathInside } from '../../../server/src/util/safeRead';
import { LineIndex } from '../../../server/src/util/text';

const SECRET = 'config/hardcoded-secret';
const NOT_IGNORED = 'config/env-file-not-ignored';
const IN_DOCKERFILE = 'config/secret-in-dockerfile';
const ADMIN = 'admin-processes/undeclared-admin-script';
const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';
const PAYMENTS = `const Stripe = require('stripe');\n\nconst stripeKey = '${KEY}';\nmodule.exports = new Stripe(stripeKey);\n`;
const PKG = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  scripts: { start: 'node src/payments.js' },
  dependencies: { stripe: '^14.0.0' },
});

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temp folder holding `files`; removed after the suite. */
function folder(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-hostile-fixes-')));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function only(s: Scan, ruleId: string, rel?: string): Finding {
  const list = s.findings.filter((f) => f.ruleId === ruleId && (!rel || s.engine.rel(f.path) === rel));
  assert.strictEqual(list.length, 1, `${ruleId}: ${s.where(ruleId).join(', ')}`);
  return list[0];
}

function fixTitled(s: Scan, f: Finding, title: RegExp, read?: (p: string) => string | undefined): Fix {
  const fixes = s.engine.fixesFor(f, read);
  const fix = fixes.find((x) => title.test(x.title));
  assert.ok(fix, fixes.map((x) => x.title).join(', '));
  return fix;
}

/** Every path a fix writes is a regular file (or a new one) inside the workspace, symlinks resolved. */
function assertInside(root: string, fix: Fix): void {
  for (const fe of fix.edits ?? []) assert.ok(isRealPathInside(root, fe.path), `${fe.path} is outside ${root}`);
}

describe('hostile: fixes never write outside the workspace', () => {
  it('does not move a secret into a committed .env that links to a file outside the workspace', async () => {
    const outside = folder({ '.bashrc': 'export PS1=x\n' });
    const root = folder({ 'package.json': PKG, 'src/payments.js': PAYMENTS, '.gitignore': '.env\n' });
    fs.symlinkSync(path.join(outside, '.bashrc'), path.join(root, '.env'));
    const s = await scan(root);
    const fix = fixTitled(s, only(s, SECRET), /^Move STRIPE_SECRET_KEY to \.env/);
    assert.strictEqual(fix.edits, undefined);
    assert.match(fix.disabled!, /\.env links outside the workspace/);
    assert.strictEqual(fs.readFileSync(path.join(outside, '.bashrc'), 'utf8'), 'export PS1=x\n');
    // Nor does fix-all, which takes only fixes with edits.
    assert.strictEqual(
      mergeFixes(
        s.engine.fixesFor(only(s, SECRET)).filter((x) => x.fixAll),
        s.engine.read,
      ).fix,
      undefined,
    );
  });

  it('does not follow a dangling .env symlink (writing through it would create its target)', async () => {
    const outside = folder({});
    const root = folder({ 'package.json': PKG, 'src/payments.js': PAYMENTS, '.gitignore': '.env\n' });
    fs.symlinkSync(path.join(outside, 'created-by-fix'), path.join(root, '.env'));
    const s = await scan(root);
    assert.match(fixTitled(s, only(s, SECRET), /^Move STRIPE_SECRET_KEY/).disabled!, /links outside/);
  });

  it('moves the secret but leaves a .gitignore that links outside alone, and says so in the title', async () => {
    const outside = folder({ gitignore: 'node_modules/\n' });
    const root = folder({ 'package.json': PKG, 'src/payments.js': PAYMENTS });
    fs.symlinkSync(path.join(outside, 'gitignore'), path.join(root, '.gitignore'));
    const s = await scan(root);
    const fix = fixTitled(s, only(s, SECRET), /^Move STRIPE_SECRET_KEY to \.env/);
    assert.strictEqual(
      fix.title,
      'Move STRIPE_SECRET_KEY to .env (not git-ignored: .gitignore links outside the workspace)',
    );
    assert.strictEqual(fix.preferred, false);
    assertInside(root, fix);
    assert.deepStrictEqual(fix.edits!.map((e) => path.relative(root, e.path)).sort(), [
      '.env',
      '.env.example',
      'src/payments.js',
    ]);
    applyFix(fix);
    assert.strictEqual(fs.readFileSync(path.join(outside, 'gitignore'), 'utf8'), 'node_modules/\n');
    assert.strictEqual(fs.readFileSync(path.join(root, '.env'), 'utf8'), `STRIPE_SECRET_KEY=${KEY}\n`);
    // The .env now reported as not ignored gets a disabled fix with the reason, not an edit through the link.
    const again = await scan(root);
    const add = fixTitled(again, only(again, NOT_IGNORED), /^Add \.env to \.gitignore/);
    assert.strictEqual(add.edits, undefined);
    assert.match(add.disabled!, /\.gitignore links outside the workspace/);
  });

  it('leaves a .env.example that links outside alone, and says so in the title', async () => {
    const outside = folder({ example: 'OTHER=\n' });
    const root = folder({ 'package.json': PKG, 'src/payments.js': PAYMENTS, '.gitignore': '.env\n' });
    fs.symlinkSync(path.join(outside, 'example'), path.join(root, '.env.example'));
    const s = await scan(root);
    const fix = fixTitled(s, only(s, SECRET), /^Move STRIPE_SECRET_KEY to \.env/);
    assert.match(fix.title, /\(\.env\.example not updated: it links outside the workspace\)$/);
    assertInside(root, fix);
  });

  it('adds .env to a .gitignore in the workspace folder, not to the one of a git repository rooted above it', async () => {
    const repo = folder({
      '.gitignore': 'dist/\n',
      'app/package.json': PKG,
      'app/.env': 'SESSION_SECRET=Zq8vN3kLp0xR7tY4wB9e\n',
    });
    fs.mkdirSync(path.join(repo, '.git'));
    const root = path.join(repo, 'app');
    const s = await scan(root);
    assert.strictEqual(s.engine.workspace!.gitRoot, repo);
    const fix = fixTitled(s, only(s, NOT_IGNORED), /^Add \.env to \.gitignore$/);
    assert.deepStrictEqual(
      fix.edits!.map((e) => [e.path, e.create]),
      [[path.join(root, '.gitignore'), true]],
    );
    applyFix(fix);
    assert.strictEqual(fs.readFileSync(path.join(repo, '.gitignore'), 'utf8'), 'dist/\n');
    assert.strictEqual(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), '.env\n');
    assert.deepStrictEqual((await scan(root)).where(NOT_IGNORED), []);
  });

  it('still sees an .env the repository root above already ignores: no fix', async () => {
    const repo = folder({ '.gitignore': '.env\n', 'app/package.json': PKG, 'app/src/payments.js': PAYMENTS });
    fs.mkdirSync(path.join(repo, '.git'));
    const s = await scan(path.join(repo, 'app'));
    const fix = fixTitled(s, only(s, SECRET), /^Move STRIPE_SECRET_KEY to \.env/);
    assert.deepStrictEqual(fix.edits!.map((e) => path.relative(repo, e.path)).sort(), [
      'app/.env',
      'app/.env.example',
      'app/src/payments.js',
    ]);
  });

  it('offers no fix that writes to an .env that is a folder, or to a .dockerignore that is one', async () => {
    const root = folder({
      'package.json': PKG,
      'src/payments.js': PAYMENTS,
      '.gitignore': '.env\n',
      '.env/placeholder': '',
    });
    const s = await scan(root);
    const fix = fixTitled(s, only(s, SECRET), /^Move STRIPE_SECRET_KEY to \.env/);
    assert.strictEqual(fix.edits, undefined);
    assert.match(fix.disabled!, /\.env is not a readable text file/);

    const docker = folder({
      'package.json': PKG,
      Dockerfile: 'FROM node:20\nCOPY . .\nCMD ["node", "src/payments.js"]\n',
      '.env': 'A=1\n',
      '.gitignore': '.env\n',
      '.dockerignore/x': '',
    });
    const d = await scan(docker);
    const add = fixTitled(d, only(d, IN_DOCKERFILE, 'Dockerfile'), /^Add \.env to \.dockerignore/);
    assert.strictEqual(add.edits, undefined);
    assert.match(add.disabled!, /\.dockerignore is not a regular file/);
    assert.ok(
      d.logs.some((l) => /Fix "Add \.env to \.dockerignore" not offered: \.dockerignore is not a regular file/.test(l)),
      d.logs.join('\n'),
    );
    // One it can't read (binary) is not created over, which would prepend to it.
    fs.rmSync(path.join(docker, '.dockerignore'), { recursive: true });
    fs.writeFileSync(path.join(docker, '.dockerignore'), Buffer.from([0, 1, 2, 10]));
    const b = await scan(docker);
    assert.match(
      fixTitled(b, only(b, IN_DOCKERFILE, 'Dockerfile'), /^Add \.env to \.dockerignore/).disabled!,
      /\.dockerignore exists but could not be read/,
    );
  });
});

describe('hostile: fixes are computed from the text on disk now', () => {
  it('appends to a .dockerignore changed outside the editor at its new end, and flags the scan as stale', async () => {
    const root = folder({
      'package.json': PKG,
      Dockerfile: 'FROM node:20\nCOPY . .\nCMD ["node", "src/payments.js"]\n',
      '.env': 'A=1\n',
      '.gitignore': '.env\n',
      '.dockerignore': 'node_modules',
    });
    const s = await scan(root);
    const finding = only(s, IN_DOCKERFILE, 'Dockerfile');
    // Changed on disk after the scan; no file event yet, so the engine's cache still holds the old text.
    fs.writeFileSync(path.join(root, '.dockerignore'), 'node_modules\ncoverage\n# build output\ndist');
    const cachedFix = fixTitled(s, finding, /^Add \.env to \.dockerignore/);
    assert.deepStrictEqual(
      cachedFix.edits![0].edits[0].range.start,
      { line: 0, character: 12 },
      'the cache is stale, as the issue found',
    );
    const reads = s.engine.freshReads();
    const fix = fixTitled(s, finding, /^Add \.env to \.dockerignore/, reads.read);
    assert.deepStrictEqual([...reads.stale], [path.join(root, '.dockerignore')]);
    applyFix(fix);
    assert.strictEqual(
      fs.readFileSync(path.join(root, '.dockerignore'), 'utf8'),
      'node_modules\ncoverage\n# build output\ndist\n.env\n',
    );
  });

  it('records the hash of every file a fix was computed from, and nothing stale when disk matches the scan', async () => {
    const root = folder({
      'package.json': PKG,
      'src/payments.js': PAYMENTS,
      '.gitignore': 'node_modules/\n',
      '.env': 'OTHER: x\n',
    });
    const s = await scan(root);
    const reads = s.engine.freshReads();
    s.engine.fixesFor(only(s, SECRET), reads.read);
    assert.deepStrictEqual(reads.stale.size, 0);
    for (const rel of ['.env', '.env.example', '.gitignore']) assert.ok(reads.hashes.has(path.join(root, rel)), rel);
    assert.strictEqual(reads.hashes.get(path.join(root, '.env.example')), null);
  });
});

describe('hostile: .env files are read as dotenv reads them', () => {
  it('sees `KEY: value` lines, so "Move to .env" neither duplicates a key nor overrides its value', async () => {
    const root = folder({
      'package.json': PKG,
      'src/payments.js': PAYMENTS,
      '.gitignore': '.env\n',
      '.env': 'STRIPE_SECRET_KEY: sk_test_other\n',
    });
    const s = await scan(root);
    // The first name is taken: the next candidate.
    const fix = fixTitled(s, only(s, SECRET), /^Move STRIPE_KEY to \.env$/);
    applyFix(fix);
    const env = fs.readFileSync(path.join(root, '.env'), 'utf8');
    assert.deepStrictEqual(dotenv.parse(env), { STRIPE_SECRET_KEY: 'sk_test_other', STRIPE_KEY: KEY });

    const same = folder({
      'package.json': PKG,
      'src/payments.js': PAYMENTS,
      '.gitignore': '.env\n',
      '.env': `export STRIPE: ${KEY} # live\n`,
    });
    const t = await scan(same);
    const reuse = fixTitled(t, only(t, SECRET), /^Move STRIPE to \.env/);
    assert.ok(
      !reuse.edits!.some((e) => e.path === path.join(same, '.env')),
      'the existing key is reused, the file left alone',
    );
  });

  it("blanks an example's value as '' when a bare `KEY=` would take the next line's quoted text as its value", async () => {
    const root = folder({ 'package.json': PKG, '.env.example': `STRIPE_SECRET_KEY=${KEY}\n"note"\nOTHER=1\n` });
    const s = await scan(root);
    applyFix(fixTitled(s, only(s, 'config/secret-in-example'), /^Blank the value of STRIPE_SECRET_KEY$/));
    const text = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    assert.strictEqual(text, `STRIPE_SECRET_KEY=''\n"note"\nOTHER=1\n`);
    assert.deepStrictEqual(dotenv.parse(text), { STRIPE_SECRET_KEY: '', OTHER: '1' });
  });

  it('adds no key to an example file that a shell sourcing it would run as a command', async () => {
    const root = folder({
      'package.json': PKG,
      'src/a.js': "module.exports = [process.env['$(touch pwned)'], process.env.API_URL];\n",
      '.env.example': 'OTHER=\n',
    });
    const s = await scan(root);
    const written = s.findings
      .filter((f) => f.ruleId === 'config/env-example-drift')
      .flatMap((f) => s.engine.fixesFor(f))
      .flatMap((f) => f.edits ?? [])
      .flatMap((e) => e.edits.map((x) => x.newText));
    assert.ok(
      written.some((t) => t.includes('API_URL=')),
      written.join(' | '),
    );
    assert.ok(!written.some((t) => t.includes('$(')), written.join(' | '));
  });

  it('gives each entry exact key and value ranges, under LF, CRLF and CR', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['# c', 'A=1', 'export B: "two" # note', "C='multi", "line'", 'D=', 'E = spaced  '].join(eol);
      const entries = parseEnvFile(text);
      const lines = new LineIndex(text);
      const slice = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
        text.slice(lines.offset(r.start), lines.offset(r.end));
      assert.deepStrictEqual(
        entries.map((e) => [e.key, e.value, e.line, slice(e.keyRange), slice(e.valueRange)]),
        [
          ['A', '1', 1, 'A', '1'],
          ['B', 'two', 2, 'B', '"two"'],
          ['C', 'multi\nline', 3, 'C', `'multi${eol}line'`],
          ['D', '', 5, 'D', ''],
          ['E', 'spaced', 6, 'E', 'spaced'],
        ],
        JSON.stringify(eol),
      );
    }
  });

  it('stays linear on long runs of blank lines, where dotenv.parse is quadratic', () => {
    // Generous ratio on the best of three: linear is ×4 for 4× the input, quadratic ×16.
    const best = (n: number) =>
      Math.min(
        ...[0, 1, 2].map(() => {
          const text = 'A=1' + '\n'.repeat(n) + 'B=2';
          const t0 = process.hrtime.bigint();
          assert.strictEqual(parseEnvFile(text).length, 2);
          return Number(process.hrtime.bigint() - t0);
        }),
      );
    const ratio = best(800_000) / best(200_000);
    assert.ok(ratio < 10, `×${ratio.toFixed(1)} for ×4 input`);
  });
});

describe('hostile: shell words written by fixes are quoted', () => {
  it('shellQuote: sh reads back every word exactly, as one word, running nothing (300 words, one batch)', function () {
    const dir = folder({});
    const words = fc
      .sample(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(
              "'",
              '"',
              '`',
              '$',
              '\\',
              '\n',
              ' ',
              '\t',
              '#',
              '~',
              '*',
              '?',
              '=',
              ';',
              '&',
              '|',
              '(',
              ')',
              '{',
              '}',
              '<',
              '>',
              '!',
              '$(touch pwned)',
              '`touch pwned`',
              'é',
            ),
            fc.constantFrom(...'aZ09_-./:@%+,'),
          ),
          maxLength: 10,
        }),
        { seed: 3, numRuns: 300 },
      )
      .filter((w) => w !== '');
    words.push('A=b', '=ls', '~root', '-n', 'scripts/x$(touch pwned).js', "it's");
    // Each quoted word as the only argument of printf: it prints it followed by a NUL, whatever it holds.
    const script = words.map((w) => `printf '%s\\0' ${shellQuote(w)}`).join('\n');
    const run = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.deepStrictEqual(run.stdout.split('\0').slice(0, -1), words);
    assert.ok(!fs.existsSync(path.join(dir, 'pwned')));
    // A word shaped like an assignment, first in a command, would set a variable: quoted too.
    assert.strictEqual(shellQuote('A=b'), "'A=b'");
    assert.strictEqual(shellQuote('--config=x.js'), '--config=x.js');
  });

  it('undeclared-admin-script declares `node scripts/x$(touch pwned).js` with the path quoted', async function () {
    const rel = 'scripts/x$(touch pwned).js';
    const root = folder({
      'package.json': JSON.stringify({ name: 'a', scripts: { start: 'node index.js' } }, null, 2),
      'index.js': "require('http').createServer().listen(process.env.PORT);\n",
      [rel]: "console.log('seed');\n",
    });
    const s = await scan(root);
    const fix = fixTitled(s, only(s, ADMIN), /^Declare it as/);
    applyFix(fix);
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    const script = Object.values(scripts).find((v) => v.includes('scripts/'));
    assert.strictEqual(script, "node 'scripts/x$(touch pwned).js'", JSON.stringify(scripts));
    // The shell hands node the path as it is, and runs nothing else.
    const run = spawnSync('sh', ['-c', script!.replace(/^node /, "printf '%s' ")], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(run.stdout, rel);
    assert.ok(!fs.existsSync(path.join(root, 'pwned')));
  });
});
