// The CLI as CI runs it: a real process, every format, and the exit codes.
import * as assert from 'assert';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, tempProject } from '../helpers/engine';

const CLI = path.join(__dirname, '..', '..', 'bin', 'twelve-factor');
const APP = path.join(FIXTURES, 'lsp', 'app');
/** Scans without a warning on stderr, so a failure's stderr is its one line. */
const CLEAN = path.join(__dirname, '..', '..', 'examples', 'clean-service');
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Temp dirs of this file, removed after its tests. */
const temps: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cli-'));
  temps.push(d);
  return d;
};
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

/** A failure's stderr: exactly one line, `twelve-factor: …`, and no stack trace. */
function oneLine(err: string, pattern: RegExp): void {
  const lines = err.split('\n').filter(Boolean);
  assert.strictEqual(lines.length, 1, err);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(err, /^\s+at /m);
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
    const secret = report.findings.find(
      (f: { ruleId: string; file: string }) => f.ruleId === 'config/hardcoded-secret' && f.file === 'src/payments.js',
    );
    assert.deepStrictEqual(secret, {
      file: 'src/payments.js',
      line: 3,
      column: 19,
      endLine: 3,
      endColumn: 56,
      ruleId: 'config/hardcoded-secret',
      factor: 3,
      severity: 'error',
      message: secret.message,
      messageId: secret.messageId,
      fingerprint: secret.fingerprint,
      docsUrl: `https://github.com/twelve-factor-lint/twelve-factor/blob/v${report.version}/docs/rules/config/hardcoded-secret.md`,
      fixable: true,
    });
    assert.match(secret.fingerprint, /^[0-9a-f]{16}$/);
    assert.strictEqual(report.checklist.length, 12);
    assert.deepStrictEqual(report.checklist[2], {
      factor: 3,
      name: 'Config',
      status: 'fail',
      findings: report.findings.filter((f: { factor: number }) => f.factor === 3).length,
    });
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
      assert.match(res.partialFingerprints['twelveFactor/v1'], /^[0-9a-f]{16}$/);
      // The message names its template, which the rule lists in SARIF's positional format.
      const template = run0.tool.driver.rules[res.ruleIndex].messageStrings[res.message.id]?.text;
      assert.ok(template && !/\{\{\w/.test(template), `${res.ruleId} ${res.message.id}`);
    }
    const json = JSON.parse(run('check', APP, '--format', 'json').out);
    assert.deepStrictEqual(
      run0.results.map(
        (x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['twelveFactor/v1'],
      ),
      json.findings.map((f: { fingerprint: string }) => f.fingerprint),
      'SARIF and JSON agree',
    );
    for (const rule of run0.tool.driver.rules) assert.ok(rule.shortDescription.text && rule.help.text);
    assert.ok(!r.out.includes(SECRET));
  });

  it('suppression comments: --require-suppression-reason, and unused ones in the text, JSON and SARIF reports', () => {
    const dir = tempProject({
      'package.json': '{"name":"x","dependencies":{"express":"^4.0.0"}}',
      'server.js':
        "const express = require('express');\n// twelve-factor-disable-next-line port-binding/hardcoded-port\nexpress().listen(3000);\n",
      '.env.example': '# twelve-factor-disable-next-line config/secret-in-example -- see ops/runbook\nPORT=3000\n',
    });
    const text = run('check', dir);
    assert.strictEqual(text.code, 0, text.err);
    assert.match(
      text.out,
      /^ {2}1:3 +info +Unused twelve-factor-disable-next-line for config\/secret-in-example, which reports nothing here to suppress\. +twelve-factor\/unused-suppression$/m,
    );
    assert.doesNotMatch(text.out, /hardcoded-port$/m);
    const strict = JSON.parse(run('check', dir, '--format', 'json', '--require-suppression-reason').out);
    assert.deepStrictEqual(
      strict.findings
        .filter((f: { file: string }) => f.file === 'server.js')
        .map((f: { line: number; ruleId: string; factor: number }) => `${f.line} ${f.ruleId} ${f.factor}`),
      [
        '2 twelve-factor/unused-suppression 0',
        '3 disposability/no-graceful-shutdown 9',
        '3 port-binding/hardcoded-port 7',
      ],
    );
    // Factor 0 (no factor's) is what the report schema allows for the engine's own report.
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(
      JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'report.schema.json'), 'utf8')),
    );
    assert.ok(validate(strict), JSON.stringify(validate.errors));
    // Markdown lists the report too, after the factors (it belongs to none).
    assert.match(
      run('check', dir, '--format', 'markdown').out,
      /\n## Suppression comments\n\n- \*\*info\*\* `[^`]+` Unused twelve-factor-disable-next-line/,
    );
    const sarif = JSON.parse(run('check', dir, '--format', 'sarif').out).runs[0];
    const rule = sarif.tool.driver.rules.find((x: { id: string }) => x.id === 'twelve-factor/unused-suppression');
    assert.deepStrictEqual(rule.properties.tags, ['twelve-factor']);
    assert.strictEqual(rule.defaultConfiguration.level, 'note');
    for (const res of sarif.results) {
      assert.strictEqual(sarif.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(sarif.tool.driver.rules[res.ruleIndex].messageStrings[res.message.id], res.message.id);
    }
    assert.ok(sarif.results.some((x: { ruleId: string }) => x.ruleId === 'twelve-factor/unused-suppression'));
  });

  it('json and sarif: fingerprints survive lines added above, and change with the flagged text', () => {
    const server = "const express = require('express');\nconst key = '" + SECRET + "';\nexpress().listen(3000);\n";
    const dir = tempProject({
      'package.json': '{"name":"x","dependencies":{"express":"^4.0.0"}}',
      'server.js': server,
    });
    const fingerprints = (format: 'json' | 'sarif') => {
      const r = run('check', dir, '--format', format, '--max-severity', 'hint');
      assert.ok(!r.out.includes(SECRET));
      const log = JSON.parse(r.out);
      return format === 'json'
        ? log.findings.map((f: { ruleId: string; line: number; fingerprint: string }) => `${f.ruleId} ${f.fingerprint}`)
        : log.runs[0].results.map(
            (x: { ruleId: string; partialFingerprints: Record<string, string> }) =>
              `${x.ruleId} ${x.partialFingerprints['twelveFactor/v1']}`,
          );
    };
    const before = fingerprints('json');
    assert.ok(
      before.some((f: string) => f.startsWith('config/hardcoded-secret ')) &&
        before.some((f: string) => f.startsWith('port-binding/hardcoded-port ')),
      before.join('\n'),
    );
    assert.deepStrictEqual(fingerprints('sarif'), before);
    fs.writeFileSync(path.join(dir, 'server.js'), `'use strict';\n\n${server}`);
    assert.deepStrictEqual(fingerprints('json'), before);
    fs.writeFileSync(path.join(dir, 'server.js'), server.replace('3000', '8080'));
    const after = fingerprints('sarif');
    const port = (list: string[]) => list.find((f) => f.startsWith('port-binding/hardcoded-port '));
    assert.ok(port(after) && port(after) !== port(before));
    assert.strictEqual(
      after.find((f: string) => f.startsWith('config/hardcoded-secret ')),
      before.find((f: string) => f.startsWith('config/hardcoded-secret ')),
    );
  });

  it("prints package.json's version in --version and the SARIF driver", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.strictEqual(run('--version').out, `${version}\n`);
    assert.strictEqual(
      JSON.parse(run('check', CLEAN, '--format', 'sarif').out).runs[0].tool.driver.semanticVersion,
      version,
    );
  });

  it('--max-severity sets the threshold for exit 1', () => {
    const dir = tempProject({
      'package.json': '{"name":"x","dependencies":{"express":"^4.0.0"}}',
      'index.js': "require('express')().listen(3000);\n",
    });
    temps.push(dir);
    assert.strictEqual(run('check', dir).code, 0, 'only a warning: below the default threshold (error)');
    assert.strictEqual(run('check', dir, '--max-severity', 'warning').code, 1);
  });

  it('exit 0 and an empty report for a clean project', () => {
    const r = run('check', CLEAN, '--format', 'json', '--max-severity', 'info');
    assert.strictEqual(r.code, 0, r.out);
    assert.deepStrictEqual(JSON.parse(r.out).findings, []);
  });

  it('exit 2 with a one-line reason on usage errors and unreadable directories', () => {
    const bad = run('check', '--format', 'xml');
    assert.strictEqual(bad.code, 2);
    assert.match(
      bad.err.split('\n')[0],
      /^twelve-factor: --format must be text, json, sarif, github, codeclimate or markdown, not 'xml'$/,
    );
    assert.match(bad.err, /--debug +print the stack trace/, 'the usage documents --debug');
    const missing = run('check', path.join(os.tmpdir(), 'does-not-exist-tf'));
    assert.strictEqual(missing.code, 2);
    oneLine(
      missing.err,
      /^twelve-factor: cannot read directory .*does-not-exist-tf: no such file or directory \(ENOENT\)$/,
    );
    assert.strictEqual(run('lint').code, 2);
    const file = path.join(tempDir(), 'file');
    fs.writeFileSync(file, 'x');
    const notDir = run('check', file);
    assert.strictEqual(notDir.code, 2);
    oneLine(notDir.err, /^twelve-factor: cannot read directory .*: not a directory$/);
  });

  it('--output writes the report to a file', () => {
    const out = path.join(tempDir(), 'report.json');
    const r = run('check', APP, '--format', 'json', '--output', out);
    assert.strictEqual(r.out, '');
    assert.ok(JSON.parse(fs.readFileSync(out, 'utf8')).findings.length > 0);
  });

  it('exit 2 with one line, no stack trace, when --output cannot be written', () => {
    const output = path.join(tempDir(), 'missing', 'report.json');
    const r = run('check', CLEAN, '--output', output);
    assert.strictEqual(r.code, 2, r.err);
    assert.strictEqual(r.out, '');
    oneLine(r.err, /^twelve-factor: cannot write .*missing\/report\.json: no such file or directory \(ENOENT\)$/);
  });

  it('exit 2, not 1, with one line when stdout is full (> /dev/full)', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [CLI, 'check', CLEAN], {
        encoding: 'utf8',
        stdio: ['ignore', full, 'pipe'],
      });
      assert.strictEqual(r.status, 2, r.stderr);
      oneLine(r.stderr, /^twelve-factor: cannot write the report to stdout: no space left on device \(ENOSPC\)$/);
    } finally {
      fs.closeSync(full);
    }
  });

  it('exit 2 with one line when the reader of stdout is gone (EPIPE)', async () => {
    const child = spawn(process.execPath, [CLI, 'check', CLEAN], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closes the read end before the CLI has started, so its one write fails.
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.strictEqual(code, 2, err);
    oneLine(err, /^twelve-factor: cannot write the report to stdout: broken pipe \(EPIPE\)$/);
  });

  it('exit 2 with one line under `| head -c1` when the report is larger than the pipe holds', () => {
    // examples/shop's SARIF log is over 200 kB, far above a pipe's 64 kB: head exits while the CLI still writes.
    const shop = path.join(__dirname, '..', '..', 'examples', 'shop');
    const r = spawnSync(
      'bash',
      [
        '-c',
        '"$0" "$1" check "$2" --format sarif | head -c1 >/dev/null; exit "${PIPESTATUS[0]}"',
        process.execPath,
        CLI,
        shop,
      ],
      { encoding: 'utf8' },
    );
    assert.strictEqual(r.status, 2, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('twelve-factor:'));
    assert.deepStrictEqual(lines, ['twelve-factor: cannot write the report to stdout: broken pipe (EPIPE)'], r.stderr);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });
});
