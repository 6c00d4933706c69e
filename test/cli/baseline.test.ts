// `twelve-factor check` with a baseline: --write-baseline, the round trip through edits, --prune-baseline,
// --baseline FILE, and the failures (a missing or broken baseline).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempProject } from '../helpers/engine';
import { makeTempDir } from '../helpers/tempDirs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

function reportSchema() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const file = path.join(__dirname, '..', '..', 'schemas', 'report.schema.json');
  return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
}

const CLI = path.join(__dirname, '..', '..', 'bin', 'twelve-factor');
const BASELINE = 'twelve-factor.baseline.json';
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';
const OTHER_SECRET = 'sk_live_9xQ27LmNpRtVwYz3K8cDfGhJ2sA';
const PKG = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  scripts: { start: 'node server.js' },
  dependencies: { express: '^4.19.2', stripe: '^14.0.0' },
});
const SERVER = [
  "const express = require('express');",
  "const Stripe = require('stripe');",
  `const stripe = new Stripe('${SECRET}');`,
  'const app = express();',
  "app.get('/', (req, res) => res.send(String(!!stripe)));",
  'app.listen(3000);',
  '',
].join('\n');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const json = (dir: string, ...args: string[]) => {
  const r = run('check', dir, '--format', 'json', ...args);
  return { ...r, report: JSON.parse(r.out) as { findings: { ruleId: string; line: number }[]; baseline?: unknown } };
};

const entries = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: unknown[] }).findings;

describe('twelve-factor check with a baseline', function () {
  this.timeout(60000);

  it('round trip: written, still matched after lines shift, a changed line is new, fixed entries are pruned', () => {
    const dir = tempProject({ 'package.json': PKG, 'server.js': SERVER });
    const file = path.join(dir, BASELINE);
    const all = json(dir).report.findings.length;
    assert.strictEqual(run('check', dir).code, 1, 'the secret is an error');

    const written = run('check', dir, '--write-baseline');
    assert.strictEqual(written.code, 0, written.out + written.err);
    assert.match(written.out, new RegExp(`^Wrote ${all} findings to the baseline ${BASELINE}\\.$`, 'm'));
    assert.match(written.out, new RegExp(`^Baseline ${BASELINE}: ${all} findings not shown\\.$`, 'm'));
    assert.match(written.out, /^0 findings/m);
    assert.strictEqual(entries(file).length, all);
    assert.ok(!fs.readFileSync(file, 'utf8').includes(SECRET.slice(0, 12)));
    // SARIF keeps baselined findings as suppressed (external), so code scanning does not close them as fixed.
    const sarif = JSON.parse(run('check', dir, '--format', 'sarif').out).runs[0];
    assert.strictEqual(sarif.results.length, all);
    for (const res of sarif.results)
      assert.deepStrictEqual(res.suppressions, [{ kind: 'external', justification: `In the baseline ${BASELINE}` }]);

    // Lines added above every finding: all still baselined, nothing stale.
    fs.writeFileSync(path.join(dir, 'server.js'), `// Payments service.\n'use strict';\n\n${SERVER}`);
    const shifted = json(dir);
    assert.strictEqual(shifted.code, 0, shifted.out);
    assert.deepStrictEqual(shifted.report.findings, []);
    assert.deepStrictEqual(shifted.report.baseline, { file: BASELINE, baselined: all, stale: 0 });

    // The flagged text changed (another key): a new finding that fails the check; its old entry is stale.
    fs.writeFileSync(
      path.join(dir, 'server.js'),
      `// Payments service.\n'use strict';\n\n${SERVER.replace(SECRET, OTHER_SECRET)}`,
    );
    const changed = json(dir);
    assert.strictEqual(changed.code, 1);
    assert.deepStrictEqual(
      changed.report.findings.map((f) => [f.ruleId, f.line]),
      [['config/hardcoded-secret', 6]],
    );
    assert.deepStrictEqual(changed.report.baseline, { file: BASELINE, baselined: all - 1, stale: 1 });
    const text = run('check', dir);
    assert.match(
      text.out,
      new RegExp(
        `^Baseline ${BASELINE}: ${all - 1} findings not shown, 1 entry fixed since \\(--prune-baseline removes it\\)\\.$`,
        'm',
      ),
    );

    // Pruning drops the stale entry and adds nothing: the new finding still fails.
    const pruned = run('check', dir, '--prune-baseline');
    assert.strictEqual(pruned.code, 1);
    assert.match(pruned.out, new RegExp(`^Removed 1 stale entry from the baseline ${BASELINE}\\.$`, 'm'));
    assert.strictEqual(entries(file).length, all - 1);
    const after = json(dir).report;
    assert.deepStrictEqual(after.baseline, { file: BASELINE, baselined: all - 1, stale: 0 });
    // The report with a baseline is still what schemas/report.schema.json describes.
    const validate = reportSchema();
    assert.ok(validate(after), JSON.stringify(validate.errors));
    assert.match(run('check', dir, '--prune-baseline').out, /^No stale entries in the baseline/m);
  });

  it('--baseline FILE reads and writes a baseline elsewhere; one named that does not exist is a failure', () => {
    const dir = tempProject({ 'package.json': PKG, 'server.js': SERVER });
    const file = path.join(makeTempDir('tf-baseline-'), 'ci.json');
    assert.strictEqual(run('check', dir, '--baseline', file, '--write-baseline').code, 0);
    assert.ok(!fs.existsSync(path.join(dir, BASELINE)));
    const r = json(dir, '--baseline', file);
    assert.strictEqual(r.code, 0);
    assert.deepStrictEqual(r.report.findings, []);
    // Without it, the default file (absent here) is looked for: every finding is new.
    assert.strictEqual(run('check', dir).code, 1);

    const missing = run('check', dir, '--baseline', path.join(dir, 'nope.json'));
    assert.strictEqual(missing.code, 2);
    assert.deepStrictEqual(missing.err.trim().split('\n'), [`twelve-factor: no baseline at nope.json`]);
    const prune = run('check', dir, '--prune-baseline');
    assert.strictEqual(prune.code, 2);
    assert.deepStrictEqual(prune.err.trim().split('\n'), [`twelve-factor: no baseline at ${BASELINE} to prune`]);
  });

  it('fails with one line on a baseline it cannot use, and on conflicting flags', () => {
    const dir = tempProject({
      'package.json': PKG,
      'server.js': SERVER,
      [BASELINE]: '{\n  "version": 1,\n<<<<<<< HEAD\n  "findings": []\n}\n',
    });
    const broken = run('check', dir);
    assert.strictEqual(broken.code, 2);
    assert.deepStrictEqual(broken.err.trim().split('\n'), [
      `twelve-factor: cannot use the baseline ${BASELINE}: not valid JSON (InvalidSymbol at line 3)`,
    ]);
    // Writing replaces it.
    assert.strictEqual(run('check', dir, '--write-baseline').code, 0);
    assert.strictEqual(run('check', dir).code, 0);

    const both = run('check', dir, '--write-baseline', '--prune-baseline');
    assert.strictEqual(both.code, 2);
    assert.match(both.err, /^twelve-factor: --write-baseline and --prune-baseline: use one/);
    assert.match(run('check', '--help').out, /--write-baseline/);
  });

  it('with --fix, the baseline written is what is left after fixing', () => {
    const dir = tempProject({ 'package.json': PKG, 'server.js': SERVER });
    const r = run('check', dir, '--fix', '--write-baseline');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^Fixed 1 problem in 1 file:$/m);
    const rules = (entries(path.join(dir, BASELINE)) as { rule: string }[]).map((e) => e.rule);
    assert.ok(!rules.includes('port-binding/hardcoded-port'), rules.join());
    assert.ok(rules.includes('config/hardcoded-secret'), rules.join());
  });
});
