// A rule turned `off` in settings does not run at all (neither half, nor appliesTo), and turning it on runs it.
import * as assert from 'assert';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import type { Rule } from '../../server/src/core/types';
import { silentLogger } from '../../server/src/core/types';
import { tempProject } from '../helpers/engine';
import { jsCheck } from '../../server/src/lang/js/context';

describe('rules turned off', () => {
  it("never calls an off rule's source checks, checkProject or appliesTo; turning it on runs it and shows its findings", async () => {
    const calls = { source: 0, project: 0, applies: 0 };
    const probe: Rule = {
      meta: {
        id: 'test/probe',
        factor: 'config',
        severity: 'warning',
        description: 'Probe.',
        why: 'Probe.',
        messages: { probe: 'Probe finding.' },
      },
      sources: [
        jsCheck({
          trigger: /listen/,
          check(ctx) {
            calls.source++;
            ctx.report({ start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, { messageId: 'probe' });
          },
        }),
      ],
      checkProject() {
        calls.project++;
      },
      appliesTo() {
        calls.applies++;
        return true;
      },
    };
    const root = tempProject({
      'package.json': '{ "name": "app", "scripts": { "start": "node server.js" } }',
      'server.js': "require('http').createServer().listen(3000);\n",
    });
    const engine = new Engine({
      root,
      rules: [...ALL_RULES, probe],
      logger: silentLogger,
      ruleSettings: { 'test/probe': 'off' },
    });
    await engine.scan();
    assert.deepStrictEqual(calls, { source: 0, project: 0, applies: 0 });
    assert.ok(!engine.findings().some((f) => f.ruleId === 'test/probe'));
    // The other rules still ran.
    assert.ok(engine.findings().some((f) => f.ruleId === 'port-binding/hardcoded-port'));

    engine.ruleSettings = {};
    assert.ok(calls.source > 0 && calls.project > 0 && calls.applies > 0, JSON.stringify(calls));
    assert.ok(engine.findings().some((f) => f.ruleId === 'test/probe'));

    // Off again: its findings go, and it is not called.
    const before = { ...calls };
    engine.ruleSettings = { 'test/probe': 'off' };
    await engine.update(`${root}/server.js`, 'changed');
    assert.deepStrictEqual(calls, before);
    assert.ok(!engine.findings().some((f) => f.ruleId === 'test/probe'));
  });

  it('a severity setting (not off) changes no analysis: the rules keep running', async () => {
    const root = tempProject({
      'package.json': '{ "name": "app" }',
      'server.js': "require('http').createServer().listen(3000);\n",
    });
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await engine.scan();
    const a = engine.analysis(`${root}/server.js`);
    engine.ruleSettings = { 'port-binding/hardcoded-port': 'error' };
    assert.strictEqual(engine.analysis(`${root}/server.js`), a);
  });
});
