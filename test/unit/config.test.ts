// twelve-factor.config.json: every key, precedence (nested files, overrides, editor settings), invalid configs,
// the suppressions list and its quick fix, live changes, and the published schema kept in step.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import { configSchemaJson, INVALID_CONFIG } from '../../server/src/engine/config';
import { UNUSED_SUPPRESSION } from '../../server/src/engine/suppress';
import { processesOf } from '../../server/src/model/processes';
import type { Logger } from '../../server/src/core/types';
import { applyFix, tempProject } from '../helpers/engine';

const ROOT = path.join(__dirname, '..', '..');
const PORT = 'port-binding/hardcoded-port';
const SECRET = 'config/hardcoded-secret';
const SHUTDOWN = 'disposability/no-graceful-shutdown';
const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

const PKG = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  engines: { node: '20' },
  scripts: { start: 'node server.js' },
  dependencies: { express: '4.18.2' },
});
const SERVER = `const express = require('express');\nconst stripe = '${KEY}';\nexpress().listen(3000);\n`;

function files(extra: Record<string, string> = {}): Record<string, string> {
  return { 'package.json': PKG, 'package-lock.json': '{}', 'server.js': SERVER, ...extra };
}

async function engineOn(root: string, opts: Partial<ConstructorParameters<typeof Engine>[0]> = {}) {
  const logs: string[] = [];
  const logger: Logger = { info: () => {}, warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const engine = new Engine({ root, rules: ALL_RULES, logger, ...opts });
  await engine.scan();
  return engine;
}

function where(engine: Engine, ruleId?: string): string[] {
  return engine
    .findings()
    .filter((f) => !ruleId || f.ruleId === ruleId)
    .map((f) => `${engine.rel(f.path)}:${f.range.start.line + 1} ${f.ruleId} ${f.severity}`);
}

describe('config files', () => {
  it('rules: a severity, "off" (the rule does not run), and ESLint\'s [severity, options]', async () => {
    const root = tempProject(
      files({
        'twelve-factor.config.json': JSON.stringify({
          rules: { [PORT]: 'info', [SECRET]: 'off', 'config/env-example-drift': ['warning', { ignore: ['API_URL'] }] },
        }),
        '.env.example': 'PORT=\n',
        'lib.js': 'module.exports = process.env.API_URL + process.env.OTHER_URL;\n',
      }),
    );
    const engine = await engineOn(root);
    assert.deepStrictEqual(where(engine, PORT), [`server.js:3 ${PORT} info`]);
    assert.deepStrictEqual(where(engine, SECRET), []);
    assert.ok(!engine.analysis(path.join(root, 'server.js'))!.findings.some((f) => f.ruleId === SECRET), 'did not run');
    const drift = engine.findings().filter((f) => f.ruleId === 'config/env-example-drift');
    assert.ok(drift.some((f) => f.message.includes('OTHER_URL')));
    assert.ok(!drift.some((f) => f.message.includes('API_URL')), 'the option from the config applies');
  });

  it('.twelve-factorrc.json is read too; factors: false turns off every rule of a factor', async () => {
    const root = tempProject(files({ '.twelve-factorrc.json': '{ "factors": { "disposability": false } }' }));
    const engine = await engineOn(root);
    assert.deepStrictEqual(where(engine, SHUTDOWN), []);
    assert.strictEqual(engine.checklist().find((c) => c.slug === 'disposability')!.status, 'not-applicable');
    assert.strictEqual(where(engine, PORT).length, 1);
  });

  it('nearer files override farther ones; overrides apply after their own file; editor settings win', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'twelve-factor.config.json': JSON.stringify({
        rules: { [PORT]: 'error' },
        overrides: [{ files: ['apps/*/server.js'], rules: { [PORT]: 'hint' } }],
      }),
      'apps/api/package.json': PKG,
      'apps/api/server.js': SERVER,
      'apps/web/package.json': PKG,
      'apps/web/server.js': SERVER,
      'apps/web/twelve-factor.config.json': JSON.stringify({ rules: { [PORT]: 'info' } }),
      'apps/admin/package.json': PKG,
      'apps/admin/server.js': SERVER,
      'apps/admin/.twelve-factorrc.json': JSON.stringify({
        rules: { [PORT]: 'warning' },
        overrides: [{ files: ['server.js'], rules: { [PORT]: 'off' } }],
      }),
    });
    const engine = await engineOn(root);
    // api: the root's override; web: its own file over the root's override; admin: its own override last.
    assert.deepStrictEqual(where(engine, PORT), [
      `apps/api/server.js:3 ${PORT} hint`,
      `apps/web/server.js:3 ${PORT} info`,
    ]);
    engine.ruleSettings = { [PORT]: 'warning' };
    assert.deepStrictEqual(where(engine, PORT), [
      `apps/admin/server.js:3 ${PORT} warning`,
      `apps/api/server.js:3 ${PORT} warning`,
      `apps/web/server.js:3 ${PORT} warning`,
    ]);
  });

  it('ignores: globs skip paths; "!glob" scans what the default skip list leaves out', async () => {
    const root = tempProject(
      files({
        'twelve-factor.config.json': JSON.stringify({ ignores: ['scripts/**', '!dist/server.js'] }),
        'scripts/dev.js': "require('express')().listen(4000);\n",
        'dist/server.js': "require('express')().listen(4001);\n",
        'dist/other.js': "require('express')().listen(4002);\n",
      }),
    );
    const engine = await engineOn(root);
    assert.deepStrictEqual(where(engine, PORT), [`dist/server.js:1 ${PORT} warning`, `server.js:3 ${PORT} warning`]);
  });

  it('allow: values and patterns the secret rules do not report', async () => {
    const second = 'sk_live_9zYx8WvU7tS6rQ5pO4nM3lK2';
    const root = tempProject(
      files({
        'twelve-factor.config.json': JSON.stringify({ allow: { values: [KEY], patterns: ['^sk_live_9zYx'] } }),
        'pay.js': `module.exports = '${second}';\n`,
        'other.js': "module.exports = 'sk_live_Ab12Cd34Ef56Gh78Ij90Kl12';\n",
      }),
    );
    const engine = await engineOn(root);
    assert.deepStrictEqual(where(engine, SECRET), [`other.js:1 ${SECRET} error`]);
  });

  it('allow patterns run in linear time; one RE2 does not take is marked', async () => {
    const root = tempProject(
      files({
        'twelve-factor.config.json': JSON.stringify({ allow: { patterns: ['(a+)+$', '(?<=x)y'] } }),
        'pay.js': `module.exports = '${'a'.repeat(3000)}sk_live_9zYx8WvU7tS6rQ5pO4nM3lK2!';\n`,
      }),
    );
    const engine = await engineOn(root);
    assert.deepStrictEqual(
      engine
        .findings()
        .filter((f) => f.ruleId === INVALID_CONFIG.id)
        .map((f) => f.message.replace(/: error parsing regexp: .*/, '')),
      ['Ignored allow.patterns[1]'],
    );
  });

  it('suppressions: silences a finding in a file that takes no comment, kept as an external suppression', async () => {
    const root = tempProject(
      files({
        'package.json': JSON.stringify({
          name: 'app',
          version: '1.0.0',
          scripts: { start: 'node server.js' },
          dependencies: { express: '*' },
        }),
        'twelve-factor.config.json': JSON.stringify(
          {
            suppressions: [
              { rule: 'dependencies/unpinned-version', file: 'package.json', reason: 'pinned by the lockfile' },
              { rule: PORT, file: 'nothing-here.js' },
            ],
          },
          null,
          2,
        ),
      }),
    );
    const engine = await engineOn(root);
    assert.deepStrictEqual(where(engine, 'dependencies/unpinned-version'), []);
    const silenced = engine.suppressedFindings().filter((f) => f.ruleId === 'dependencies/unpinned-version');
    assert.deepStrictEqual(
      silenced.map((f) => f.suppression),
      [{ kind: 'external', justification: 'pinned by the lockfile' }],
    );
    const unused = engine.findings().filter((f) => f.ruleId === UNUSED_SUPPRESSION.id);
    assert.deepStrictEqual(
      unused.map((f) => [engine.rel(f.path), f.range.start.line + 1, f.message]),
      [['twelve-factor.config.json', 8, `Unused suppressions entry: ${PORT} reports nothing in nothing-here.js.`]],
    );
    // Its quick fix removes the entry (and the comma before it), and leaves the rest of the file as it was.
    const config = path.join(root, 'twelve-factor.config.json');
    const before = fs.readFileSync(config, 'utf8');
    const remove = engine.fixesFor(unused[0]).find((f) => f.title === 'Remove the unused suppressions entry')!;
    assert.ok(remove?.preferred);
    applyFix(remove);
    const after = fs.readFileSync(config, 'utf8');
    assert.deepStrictEqual(JSON.parse(after), { suppressions: [JSON.parse(before).suppressions[0]] });
    assert.strictEqual(after, before.replace(/,\n\s*\{\n\s*"rule": "port-binding[^}]*\}/, ''));
    // Against the text it no longer matches (applied once already), it offers nothing.
    const onDisk = (p: string) => fs.readFileSync(p, 'utf8');
    assert.ok(!engine.fixesFor(unused[0], onDisk).some((f) => f.title === 'Remove the unused suppressions entry'));
    await engine.update(config, 'changed');
    assert.deepStrictEqual(
      engine.findings().filter((f) => f.ruleId === UNUSED_SUPPRESSION.id),
      [],
    );
    fs.writeFileSync(config, before);
    await engine.update(config, 'changed');
    // With reasons required, the entry without one is reported as such; the one with a reason still works.
    engine.requireSuppressionReason = true;
    assert.deepStrictEqual(where(engine, 'dependencies/unpinned-version'), []);
    assert.match(
      engine.findings().find((f) => f.ruleId === UNUSED_SUPPRESSION.id)!.message,
      /needs a reason, so it suppresses nothing/,
    );
  });

  it('the quick fix on a finding in package.json writes a suppressions entry (creating the file, then adding)', async () => {
    const pkg = JSON.stringify({
      name: 'app',
      version: '1.0.0',
      scripts: { start: 'node server.js' },
      dependencies: { express: '*', cors: 'latest' },
    });
    const root = tempProject(files({ 'package.json': pkg }));
    let engine = await engineOn(root);
    const entryFix = (e: Engine, ruleId: string) => {
      const f = e.findings().find((x) => x.ruleId === ruleId && e.rel(x.path) === 'package.json')!;
      assert.ok(f, ruleId);
      const fix = e.fixesFor(f).find((x) => x.title.startsWith('Suppress'))!;
      assert.ok(fix, `fixes: ${e.fixesFor(f).map((x) => x.title)}`);
      return fix;
    };
    const first = entryFix(engine, 'dependencies/unpinned-version');
    assert.strictEqual(
      first.title,
      'Suppress dependencies/unpinned-version in package.json in twelve-factor.config.json',
    );
    applyFix(first);
    engine = await engineOn(root);
    assert.deepStrictEqual(where(engine, 'dependencies/unpinned-version'), [], 'both findings of the rule in the file');
    applyFix(entryFix(engine, 'codebase/no-version-control'));
    const config = JSON.parse(fs.readFileSync(path.join(root, 'twelve-factor.config.json'), 'utf8'));
    assert.deepStrictEqual(config.suppressions, [
      { rule: 'dependencies/unpinned-version', file: 'package.json', reason: '' },
      { rule: 'codebase/no-version-control', file: 'package.json', reason: '' },
    ]);
    engine = await engineOn(root);
    assert.deepStrictEqual(where(engine, 'codebase/no-version-control'), []);
    // A JS file takes a comment: no config entry offered there.
    const port = engine.findings().find((f) => f.ruleId === PORT)!;
    assert.ok(!engine.fixesFor(port).some((f) => f.title.startsWith('Suppress')));
  });

  it('processes: declares a process the files do not, typed by its name as in a Procfile', async () => {
    const worker = [
      "const { Worker } = require('bullmq');",
      "new Worker('emails', async (job) => job.id, { connection: { url: process.env.REDIS_URL } });",
      '',
    ].join('\n');
    const extra = { 'jobs/consume.js': worker };
    const shutdownOf = (engine: Engine) =>
      engine
        .findings()
        .filter((f) => f.ruleId === SHUTDOWN && f.path.endsWith('consume.js'))
        .map((f) => f.message);
    // Nothing starts jobs/consume.js: no process, so no finding.
    assert.deepStrictEqual(shutdownOf(await engineOn(tempProject(files(extra)))), []);
    const config = '{\n  "processes": {\n    "worker": "node jobs/consume.js"\n  }\n}\n';
    const engine = await engineOn(tempProject(files({ ...extra, 'twelve-factor.config.json': config })));
    const messages = shutdownOf(engine);
    assert.strictEqual(messages.length, 1);
    assert.match(messages[0], /^The 'worker' process of twelve-factor\.config\.json \(jobs\/consume\.js\)/);
  });

  it('processes: a name that is no process type, or a command that is no string, is marked and left out', async () => {
    const config = '{ "processes": { "web server": "node server.js", "worker": 1, "clock": "node clock.js" } }';
    const engine = await engineOn(tempProject(files({ 'twelve-factor.config.json': config })));
    const problems = engine
      .findings()
      .filter((f) => f.ruleId === INVALID_CONFIG.id)
      .map((f) => f.message);
    assert.deepStrictEqual(problems, [
      'Ignored process "web server": a process name is letters, digits, - and _, as in a Procfile.',
      'Ignored process "worker": expected string.',
    ]);
    const web = processesOf(engine.workspace!.projects[0], (p) => engine.analysis(p)?.facts);
    assert.deepStrictEqual(
      web.map((p) => `${p.type} ${p.origin.kind} ${p.command}`),
      ['web script node server.js'],
      'clock.js does not exist: no process; the bad entries are left out',
    );
  });

  describe('an invalid config', () => {
    it('malformed JSON: reported where it breaks, and the defaults stay in force', async () => {
      const root = tempProject(
        files({ 'twelve-factor.config.json': '{\n  "rules": { "port-binding/hardcoded-port": "off" \n' }),
      );
      const engine = await engineOn(root);
      const problems = engine.findings().filter((f) => f.ruleId === INVALID_CONFIG.id);
      assert.strictEqual(problems.length, 1);
      assert.match(problems[0].message, /^Ignored twelve-factor\.config\.json: it is not valid JSON \(/);
      assert.strictEqual(problems[0].range.start.line, 2);
      assert.strictEqual(where(engine, PORT).length, 1);
    });

    it('wrong types and unknown ids: each marked at its place and left out; the rest applies', async () => {
      const text = [
        '{',
        '  // comments are fine',
        '  "rules": { "port-binding/no-such-rule": "off", "config/hardcoded-secret": "loud", "disposability/no-graceful-shutdown": "off" },',
        '  "ignores": "scripts",',
        '  "colour": true',
        '}',
      ].join('\n');
      const root = tempProject(files({ 'twelve-factor.config.json': text }));
      const engine = await engineOn(root);
      const problems = engine
        .findings()
        .filter((f) => f.ruleId === INVALID_CONFIG.id)
        .map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
      assert.deepStrictEqual(problems, [
        `3:14 Ignored rule "port-binding/no-such-rule": no rule has this id.`,
        `3:77 Ignored rule "config/hardcoded-secret": expected a severity, "off" or [severity, { options }].`,
        `4:14 Ignored ignores: expected array.`,
        `5:3 Ignored colour: unknown setting.`,
      ]);
      assert.strictEqual(where(engine, SECRET).length, 1, 'the bad severity left the default');
      assert.deepStrictEqual(where(engine, SHUTDOWN), [], 'the valid part applies');
    });
  });

  it('a change to a config file (on disk or in an open buffer) applies at the next update', async () => {
    const root = tempProject(files());
    const open = new Map<string, string>();
    const engine = await engineOn(root, { overlay: (p) => open.get(p) });
    assert.strictEqual(where(engine, PORT).length, 1);
    const config = path.join(root, 'twelve-factor.config.json');
    fs.writeFileSync(config, JSON.stringify({ rules: { [PORT]: 'off' } }));
    assert.ok(await engine.update(config, 'created'));
    assert.strictEqual(where(engine, PORT).length, 0);
    open.set(config, JSON.stringify({ rules: { [PORT]: 'error' } }));
    await engine.update(config, 'changed');
    assert.deepStrictEqual(where(engine, PORT), [`server.js:3 ${PORT} error`]);
    open.delete(config);
    fs.rmSync(config);
    await engine.update(config, 'deleted');
    assert.deepStrictEqual(where(engine, PORT), [`server.js:3 ${PORT} warning`]);
  });

  it("the config file is not scanned as the app's data", async () => {
    const root = tempProject(
      files({ 'twelve-factor.config.json': JSON.stringify({ allow: { values: [KEY] }, rules: {} }) }),
    );
    const engine = await engineOn(root);
    assert.ok(!engine.findings().some((f) => f.path.endsWith('twelve-factor.config.json')));
  });
});

describe('the config schema', () => {
  const published = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'config.schema.json'), 'utf8'));

  it('is in step with the rules (npm run docs:rules writes it)', () => {
    assert.deepStrictEqual(published, configSchemaJson(ALL_RULES), 'run npm run docs:rules');
  });

  it('is contributed for both file names and validates real configs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepStrictEqual(pkg.contributes.jsonValidation, [
      { fileMatch: ['twelve-factor.config.json', '.twelve-factorrc.json'], url: './schemas/config.schema.json' },
    ]);
    const validate = new Ajv({ strict: false }).compile(published);
    assert.ok(
      validate({
        $schema: './node_modules/twelve-factor/schemas/config.schema.json',
        rules: { [PORT]: 'off', 'config/env-example-drift': ['warning', { ignore: ['X'] }] },
        factors: { logs: false },
        ignores: ['scripts/**', '!dist/server.js'],
        overrides: [{ files: ['scripts/**'], rules: { [SECRET]: 'info' } }],
        allow: { values: ['x'], patterns: ['^sk_test_'] },
        suppressions: [{ rule: PORT, file: 'package.json', reason: 'r' }],
      }),
      JSON.stringify(validate.errors),
    );
    assert.ok(!validate({ rules: { 'no/such': 'off' } }));
    assert.ok(!validate({ factors: { nope: false } }));
    assert.ok(!validate({ rules: { [PORT]: ['warning', { nope: 1 }] } }));
  });
});
