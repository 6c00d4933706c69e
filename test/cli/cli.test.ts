// The CLI as CI runs it: a real process, every format, and the exit codes.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, tempProject } from '../helpers/engine';

const CLI = path.join(__dirname, '..', '..', 'bin', 'twelve-factor');
const APP = path.join(FIXTURES, 'lsp', 'app');
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('twelve-factor CLI', function () {
  this.timeout(20000);

  it('text: stylish report grouped by file, with the checklist, exit 1 on errors', () => {
    const r = run('check', APP);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /^src\/payments\.js$/m);
    assert.match(r.out, /^ {2}3:19 +error +Hardcoded Stripe secret key 'sk_l…Tx'.*config\/hardcoded-secret$/m);
    assert.match(r.out, /^src\/server\.js$(\n^ {2}\d.*$)*?\n^ {2}6:12 +warning +Port 3000 is hardcoded/m);
    assert.match(r.out, /✗ fail {2}III\. Config/);
    assert.ok(!r.out.includes(SECRET));
  });

  it('json: the documented shape with 1-based positions and relative paths', () => {
    const r = run('check', APP, '--format', 'json');
    assert.strictEqual(r.code, 1);
    const report = JSON.parse(r.out);
    const secret = report.findings.find((f: { ruleId: string }) => f.ruleId === 'config/hardcoded-secret');
    assert.deepStrictEqual(secret, {
      file: 'src/payments.js', line: 3, column: 19, endLine: 3, endColumn: 56, ruleId: 'config/hardcoded-secret', factor: 3,
      severity: 'error', message: secret.message,
    });
    assert.strictEqual(report.checklist.length, 12);
    assert.deepStrictEqual(report.checklist[2], { factor: 3, name: 'Config', status: 'fail', findings: report.findings.filter((f: { factor: number }) => f.factor === 3).length });
    assert.ok(['pass', 'warn', 'fail', 'not-applicable'].includes(report.checklist[0].status));
    assert.ok(!r.out.includes(SECRET));
  });

  it('sarif: a 2.1.0 log GitHub code scanning accepts', () => {
    const r = run('check', APP, '--format=sarif');
    assert.strictEqual(r.code, 1);
    const log = JSON.parse(r.out);
    assert.strictEqual(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const run0 = log.runs[0];
    assert.strictEqual(run0.tool.driver.name, 'twelve-factor');
    const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    for (const res of run0.results) {
      assert.strictEqual(ids[res.ruleIndex], res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      const loc = res.locations[0].physicalLocation;
      assert.ok(!loc.artifactLocation.uri.startsWith('/'), 'relative to SRCROOT');
      assert.strictEqual(loc.artifactLocation.uriBaseId, 'SRCROOT');
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
    for (const rule of run0.tool.driver.rules) assert.ok(rule.shortDescription.text && rule.help.text);
    assert.ok(!r.out.includes(SECRET));
  });

  it('--max-severity sets the threshold for exit 1', () => {
    const dir = tempProject({ 'package.json': '{"name":"x","dependencies":{"express":"^4.0.0"}}', 'index.js': "require('express')().listen(3000);\n" });
    assert.strictEqual(run('check', dir).code, 0, 'only a warning: below the default threshold (error)');
    assert.strictEqual(run('check', dir, '--max-severity', 'warning').code, 1);
  });

  it('exit 0 and an empty report for a clean project', () => {
    const r = run('check', path.join(__dirname, '..', '..', 'examples', 'clean-service'), '--format', 'json', '--max-severity', 'info');
    assert.strictEqual(r.code, 0, r.out);
    assert.deepStrictEqual(JSON.parse(r.out).findings, []);
  });

  it('exit 2 with a one-line reason on usage errors and unreadable directories', () => {
    const bad = run('check', '--format', 'xml');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err.split('\n')[0], /^twelve-factor: --format must be text, json or sarif, not 'xml'$/);
    const missing = run('check', path.join(os.tmpdir(), 'does-not-exist-tf'));
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /^twelve-factor: cannot read directory .*does-not-exist-tf/);
    assert.strictEqual(missing.err.trim().split('\n').length, 1);
    assert.strictEqual(run('lint').code, 2);
    const file = path.join(os.tmpdir(), `tf-file-${process.pid}`);
    fs.writeFileSync(file, 'x');
    assert.strictEqual(run('check', file).code, 2);
  });

  it('--output writes the report to a file', () => {
    const out = path.join(os.tmpdir(), `tf-out-${process.pid}.json`);
    const r = run('check', APP, '--format', 'json', '--output', out);
    assert.strictEqual(r.out, '');
    assert.ok(JSON.parse(fs.readFileSync(out, 'utf8')).findings.length > 0);
  });
});
