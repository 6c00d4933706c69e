// Engine.analyseNow and fileFindings: an edited document's own findings at once, the project rules' left to the next
// update(); one file's findings computed alone equal that file's share of findings().
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import type { Rule } from '../../server/src/core/types';
import { silentLogger } from '../../server/src/core/types';
import { tempProject } from '../helpers/engine';

const EXAMPLES = path.join(__dirname, '../../examples');

const APP = {
  'package.json':
    '{ "name": "app", "version": "1.0.0", "scripts": { "start": "node server.js" }, "dependencies": { "express": "4.18.2" } }\n',
  'package-lock.json': '{}\n',
  'twelve-factor.config.json': JSON.stringify({
    suppressions: [{ file: 'jobs.js', rule: 'logs/file-logging', reason: 'audit trail, shipped by the agent' }],
  }),
  '.env.example': 'PORT=3000\n',
  'server.js': [
    "require('express')().listen(process.env.PORT);",
    "const key = 'sk_live_51HqT9aB7cD2eF4gH6iJ8kL0m'; // twelve-factor-disable-line config/hardcoded-secret -- rotated test key",
    '// twelve-factor-disable-next-line logs/file-logging -- nothing here logs to a file',
    'const x = 1;',
    "process.on('SIGTERM', () => process.exit(0));",
    '',
  ].join('\n'),
  'jobs.js': "const fs = require('fs');\nfs.appendFileSync('audit.log', 'x');\n",
};

describe('Engine.analyseNow and fileFindings', () => {
  for (const example of ['shop', 'python-shop', 'clean-service']) {
    it(`fileFindings equals findings() for every file of examples/${example}`, async () => {
      const engine = new Engine({ root: path.join(EXAMPLES, example), rules: ALL_RULES, logger: silentLogger });
      await engine.scan();
      const files = [...engine.workspace!.files.keys()];
      // Each file alone first (findings() not computed yet, so nothing is taken from its cache).
      const alone = new Map(files.map((p) => [p, engine.fileFindings(p)]));
      const all = engine.findings();
      assert.ok(all.length > 0 || example === 'clean-service');
      for (const p of files)
        assert.deepStrictEqual(
          alone.get(p),
          all.filter((f) => f.path === p),
          engine.rel(p),
        );
    });
  }

  it('counts suppression comments and config entries as findings() does, unused ones reported', async () => {
    const root = tempProject(APP);
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await engine.scan();
    const server = path.join(root, 'server.js');
    const jobs = path.join(root, 'jobs.js');
    const alone = [engine.fileFindings(server), engine.fileFindings(jobs)];
    const all = engine.findings();
    assert.deepStrictEqual(alone, [all.filter((f) => f.path === server), all.filter((f) => f.path === jobs)]);
    // The unused disable-next-line is reported; the used comment and the config entry silence their findings.
    assert.deepStrictEqual(
      alone[0].map((f) => `${f.ruleId}:${f.range.start.line + 1}`),
      ['twelve-factor/unused-suppression:3'],
    );
    assert.deepStrictEqual(alone[1], []);
  });

  it("publishes an edit's own findings without re-running project rules; update() then re-checks the facts", async () => {
    const calls = { n: 0 };
    const rules: Rule[] = ALL_RULES.map((r) =>
      r.checkProject
        ? {
            ...r,
            checkProject: (ctx) => {
              calls.n++;
              r.checkProject!(ctx);
            },
          }
        : r,
    );
    const root = tempProject(APP);
    const engine = new Engine({ root, rules, logger: silentLogger });
    await engine.scan();
    const server = path.join(root, 'server.js');
    const before = calls.n;
    // A new secret (own finding) and an import of an undeclared package (a project rule's finding, from facts).
    fs.writeFileSync(
      server,
      `const pad = require('left-pad');\nconst stripeKey = 'sk_live_9fK2mQ7xR4tW8zB1nV5cL3pY';\n${APP['server.js']}`,
    );
    const now = engine.analyseNow(server)!;
    assert.strictEqual(calls.n, before, 'no project rule ran');
    assert.ok(now.some((f) => f.ruleId === 'config/hardcoded-secret' && f.range.start.line === 1));
    assert.ok(!now.some((f) => f.ruleId === 'dependencies/undeclared-import'));
    assert.deepStrictEqual(
      now,
      engine.findings().filter((f) => f.path === server),
    );
    // The same text again is no news; update() sees the facts changed since the project rules last ran.
    assert.deepStrictEqual(engine.analyseNow(server), now);
    assert.ok(await engine.update(server, 'changed'));
    assert.ok(calls.n > before);
    const updated = engine.findings();
    assert.ok(updated.some((f) => f.ruleId === 'dependencies/undeclared-import' && f.path === server));
    const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await fresh.scan();
    const key = (list: typeof updated) => list.map((f) => `${f.ruleId} ${f.path}:${f.range.start.line}:${f.message}`);
    assert.deepStrictEqual(key(updated), key(fresh.findings()));
  });

  it('declines what it cannot analyse alone: a config file, a file outside the model', async () => {
    const root = tempProject(APP);
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await engine.scan();
    assert.strictEqual(engine.analyseNow(path.join(root, 'twelve-factor.config.json')), undefined);
    assert.strictEqual(engine.analyseNow(path.join(root, 'package.json')), undefined);
    assert.strictEqual(engine.analyseNow(path.join(root, 'nope.js')), undefined);
  });
});

describe('incremental updates of an edit that only moved code', () => {
  it('re-run only the project rules with a finding in the file, and their findings move with the code', async () => {
    const calls: Record<string, number> = {};
    const counted = new Set([
      'port-binding/hardcoded-port',
      'config/env-example-drift',
      'dependencies/undeclared-import',
    ]);
    const rules: Rule[] = ALL_RULES.map((r) =>
      counted.has(r.meta.id)
        ? {
            ...r,
            checkProject: (ctx) => {
              calls[r.meta.id] = (calls[r.meta.id] ?? 0) + 1;
              r.checkProject!(ctx);
            },
          }
        : r,
    );
    const server = "const app = require('express')();\n\napp.listen(3000);\n";
    const root = tempProject({ ...APP, 'server.js': server });
    const engine = new Engine({ root, rules, logger: silentLogger });
    await engine.scan();
    const port = () =>
      engine
        .findings()
        .filter((f) => f.ruleId === 'port-binding/hardcoded-port')
        .map((f) => f.range.start.line);
    assert.deepStrictEqual(port(), [2]);
    const before = { ...calls };
    const p = path.join(root, 'server.js');
    fs.writeFileSync(p, `// the app\n${server}`);
    await engine.update(p, 'changed');
    assert.deepStrictEqual(port(), [3]);
    assert.strictEqual(calls['port-binding/hardcoded-port'], before['port-binding/hardcoded-port'] + 1);
    assert.strictEqual(calls['dependencies/undeclared-import'], before['dependencies/undeclared-import']);
    // A new import is a facts change: the rules that read facts run again.
    fs.writeFileSync(p, `// the app\n${server}const pad = require('left-pad');\n`);
    await engine.update(p, 'changed');
    assert.strictEqual(calls['dependencies/undeclared-import'], before['dependencies/undeclared-import'] + 1);
    const fresh = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await fresh.scan();
    const key = (list: ReturnType<Engine['findings']>) =>
      list.map((f) => `${f.ruleId} ${f.path}:${f.range.start.line}:${f.range.start.character} ${f.message}`);
    assert.deepStrictEqual(key(engine.findings()), key(fresh.findings()));
  });
});
