// The CLI reads the same config files as the editor, and takes --config, --rule and --ignore over them.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempProject } from '../helpers/engine';

const CLI = path.join(__dirname, '..', '..', 'bin', 'twelve-factor');
const PORT = 'port-binding/hardcoded-port';
const SECRET = 'config/hardcoded-secret';

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function app(extra: Record<string, string> = {}): string {
  return tempProject({
    'package.json': JSON.stringify({
      name: 'app',
      version: '1.0.0',
      engines: { node: '20' },
      scripts: { start: 'node server.js' },
      dependencies: { express: '4.18.2' },
    }),
    'package-lock.json': '{}',
    'server.js': "const stripe = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';\nrequire('express')().listen(3000);\n",
    'scripts/dev.js': "require('express')().listen(4000);\n",
    ...extra,
  });
}

function rules(out: string): string[] {
  return (JSON.parse(out) as { findings: { file: string; ruleId: string; severity: string }[] }).findings
    .filter((f) => f.ruleId === PORT || f.ruleId === SECRET)
    .map((f) => `${f.file} ${f.ruleId} ${f.severity}`);
}

describe('CLI config', function () {
  this.timeout(20000);

  it('reads twelve-factor.config.json in DIR, as the editor does', () => {
    const root = app({ 'twelve-factor.config.json': JSON.stringify({ rules: { [SECRET]: 'off', [PORT]: 'info' } }) });
    const r = run(root, '.', '--format', 'json');
    assert.strictEqual(r.code, 0, r.err);
    assert.deepStrictEqual(rules(r.out), [`server.js ${PORT} info`]);
  });

  it('--rule ID:SEVERITY (repeatable) wins over config files; --ignore GLOB (repeatable) skips paths', () => {
    const root = app({ 'twelve-factor.config.json': JSON.stringify({ rules: { [PORT]: 'off' } }) });
    const r = run(root, '.', '--format', 'json', '--rule', `${PORT}:warning`, `--rule=${SECRET}:hint`);
    assert.deepStrictEqual(rules(r.out), [`server.js ${SECRET} hint`, `server.js ${PORT} warning`]);
    assert.strictEqual(r.code, 0);
    const ignored = run(root, '.', '--format', 'json', '--rule', `${PORT}:warning`, '--ignore', 'server.js');
    assert.deepStrictEqual(rules(ignored.out), []);
  });

  it('--config FILE applies over the config files found in DIR', () => {
    const root = app({ 'twelve-factor.config.json': JSON.stringify({ rules: { [PORT]: 'off' } }) });
    const extra = path.join(root, '..', `${path.basename(root)}-ci.json`);
    fs.writeFileSync(
      extra,
      JSON.stringify({ rules: { [SECRET]: 'info', [PORT]: 'warning' }, ignores: ['scripts/**'] }),
    );
    try {
      const r = run(root, '.', '--format', 'json', '--config', extra);
      assert.deepStrictEqual(rules(r.out), [`server.js ${SECRET} info`, `server.js ${PORT} warning`]);
    } finally {
      fs.rmSync(extra);
    }
  });

  it('usage errors: a bad --rule, a missing or malformed --config exit 2 with one line', () => {
    const root = app();
    for (const [args, message] of [
      [['--rule', 'nope/x:off'], /--rule: no rule has the id 'nope\/x'/],
      [['--rule', `${PORT}:loud`], /--rule takes ID:SEVERITY/],
      [['--config', 'missing.json'], /cannot read the config file missing\.json/],
    ] as const) {
      const r = run(root, '.', ...args);
      assert.strictEqual(r.code, 2, r.err);
      assert.match(r.err.split('\n')[0], message);
    }
    fs.writeFileSync(path.join(root, 'ci.json'), '{ "rules": ');
    const broken = run(root, '.', '--config', path.join(root, 'ci.json'));
    assert.strictEqual(broken.code, 2);
    assert.match(broken.err, /twelve-factor: Ignored ci\.json: it is not valid JSON/);
  });

  it('an invalid config in DIR: a warning line with its place, the finding in the report, the defaults in force', () => {
    const root = app({ 'twelve-factor.config.json': '{\n  "rules": { "nope/x": "off" }\n}\n' });
    const r = run(root, '.', '--format', 'json');
    assert.match(
      r.err,
      /^twelve-factor: warning: twelve-factor\.config\.json:2:14: Ignored rule "nope\/x": no rule has this id\.$/m,
    );
    const findings = JSON.parse(r.out).findings as { file: string; ruleId: string; line: number }[];
    assert.ok(findings.some((f) => f.ruleId === 'twelve-factor/invalid-config' && f.line === 2));
    assert.strictEqual(r.code, 1, 'the secret, an error by default, still fails the check');
  });

  it('several folders: each with its own config files, one report with paths relative to the current directory', () => {
    const root = tempProject({});
    const make = (rel: string, extra: Record<string, string> = {}) => {
      const dir = app(extra);
      fs.renameSync(dir, path.join(root, rel));
    };
    fs.mkdirSync(path.join(root, 'apps'));
    make('apps/api', { 'twelve-factor.config.json': JSON.stringify({ rules: { [SECRET]: 'off' } }) });
    make('apps/web');
    const r = run(root, 'apps/api', 'apps/web', '--format', 'json');
    assert.strictEqual(r.code, 1, r.err);
    assert.deepStrictEqual(rules(r.out), [
      `apps/api/server.js ${PORT} warning`,
      `apps/web/server.js ${SECRET} error`,
      `apps/web/server.js ${PORT} warning`,
    ]);
    const config = (JSON.parse(r.out).checklist as { name: string; findings: number }[]).find(
      (c) => c.name === 'Config',
    )!;
    assert.strictEqual(config.findings, 1);
    const text = run(root, 'apps/api', 'apps/web');
    assert.match(text.out, /^apps\/web\/server\.js$/m);
    const nested = run(root, 'apps', 'apps/web');
    assert.strictEqual(nested.code, 2);
    assert.match(nested.err, /^twelve-factor: apps\/web is inside apps: give each folder once$/m);
  });
});
