// `twelve-factor check --fix`: the fix-all-safe fixes written to disk, idempotent, and never outside the folder.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../helpers/engine';
import { makeTempDir } from '../helpers/tempDirs';

const CLI = path.join(__dirname, '..', '..', 'bin', 'twelve-factor');
const SHOP = path.join(__dirname, '..', '..', 'examples', 'shop');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A scratch copy of examples/shop, a project with a finding of every rule. */
function shop(): string {
  const dir = makeTempDir('tf-fix-');
  fs.cpSync(SHOP, dir, { recursive: true });
  return dir;
}

/** Every regular file under `dir` (relative path → text); symlinks are not followed. */
function snapshot(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, snapshot(dir, r));
    else if (e.isFile()) out[r] = fs.readFileSync(path.join(dir, r), 'utf8');
  }
  return out;
}

/** The findings of a folder that have a fix safe to apply unattended, as `rule file message`. */
async function fixable(dir: string): Promise<string[]> {
  const s = await scan(dir);
  return s.findings
    .filter((f) => s.engine.fixesFor(f).some((x) => x.fixAll && !x.disabled && x.edits?.length))
    .map((f) => `${f.ruleId} ${s.engine.rel(f.path)} ${f.message}`);
}

async function findings(dir: string): Promise<string[]> {
  const s = await scan(dir);
  return s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)} ${f.message}`);
}

describe('twelve-factor check --fix', function () {
  this.timeout(60000);

  it('applies every fix-all-safe fix, lists the files and fixes, and a second run changes nothing', async () => {
    const dir = shop();
    const before = snapshot(dir);
    const toFix = await fixable(dir);
    assert.ok(toFix.length >= 3, toFix.join('\n'));

    const first = run('check', dir, '--fix');
    assert.strictEqual(first.code, 1, first.err);
    const summary = first.out.slice(0, first.out.indexOf('\n\n'));
    assert.match(summary, /^Fixed \d+ problems in \d+ files:$/m);
    assert.match(summary, /^ {2}src\/server\.js\n {4}Read the port from PORT, defaulting to 3000$/m);
    assert.match(summary, /^ {2}\.gitignore\n {4}Add \.env to \.gitignore$/m);
    assert.match(summary, /^ {2}\.dockerignore\n {4}Add \.env to \.dockerignore$/m);
    const after = snapshot(dir);
    const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
    // Exactly the files the summary lists, and nothing else.
    assert.deepStrictEqual(changed.sort(), [...summary.matchAll(/^ {2}(\S.*)$/gm)].map((m) => m[1]).sort());
    assert.match(after['src/server.js'], /listen\(Number\(process\.env\.PORT\) \|\| 3000/);

    // The findings it fixed are gone; what it could not fix is still reported.
    const left = await findings(dir);
    assert.deepStrictEqual(
      toFix.filter((f) => left.includes(f)),
      [],
    );
    assert.deepStrictEqual(await fixable(dir), []);
    assert.ok(left.length > 0);

    const second = run('check', dir, '--fix');
    assert.strictEqual(second.code, 1, second.err);
    assert.match(second.out, /^--fix: no fix safe to apply unattended\.$/m);
    assert.deepStrictEqual(snapshot(dir), after);
  });

  it('puts the summary on stderr when stdout carries a machine-readable report', () => {
    const dir = shop();
    const r = run('check', dir, '--fix', '--format', 'json');
    const report = JSON.parse(r.out);
    assert.ok(Array.isArray(report.findings));
    assert.match(r.err, /^Fixed \d+ problems in \d+ files:$/m);
  });

  it('still says what it fixed when a later step fails (a baseline that cannot be written)', () => {
    const dir = shop();
    const r = run(
      'check',
      dir,
      '--fix',
      '--write-baseline',
      '--baseline',
      path.join(dir, 'no', 'such', 'dir', 'b.json'),
    );
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /^Fixed \d+ problems in \d+ files:$/m);
    assert.match(r.err.trim().split('\n').at(-1)!, /^twelve-factor: cannot write the baseline /);
  });

  it('never writes through a symlink out of the folder, to a file there or to create one', () => {
    for (const existing of [true, false]) {
      const dir = shop();
      const outside = makeTempDir('tf-fix-outside-');
      // Without the link, --fix writes a .dockerignore (the first test): here it is a link to a file elsewhere.
      if (existing) fs.writeFileSync(path.join(outside, 'dockerignore'), 'node_modules\n');
      fs.symlinkSync(path.join(outside, 'dockerignore'), path.join(dir, '.dockerignore'));
      const r = run('check', dir, '--fix');
      const summary = r.out.slice(0, r.out.indexOf('\n\n'));
      assert.match(summary, /^Fixed \d+ problems/m);
      assert.doesNotMatch(summary, /dockerignore/);
      assert.deepStrictEqual(fs.readdirSync(outside), existing ? ['dockerignore'] : []);
      if (existing) assert.strictEqual(fs.readFileSync(path.join(outside, 'dockerignore'), 'utf8'), 'node_modules\n');
      assert.ok(fs.lstatSync(path.join(dir, '.dockerignore')).isSymbolicLink());
    }
  });

  it('keeps a UTF-8 byte-order mark', () => {
    const dir = shop();
    const server = path.join(dir, 'src', 'server.js');
    fs.writeFileSync(server, `\ufeff${fs.readFileSync(server, 'utf8')}`);
    run('check', dir, '--fix');
    const bytes = fs.readFileSync(server);
    assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(bytes.toString('utf8'), /process\.env\.PORT/);
  });
});
