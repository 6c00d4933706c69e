// A JS project with Python files beside it: the JS findings are what they are without the Python files, no JS rule
// reads a .py file, the Python files are analysed by the Python adapter, and suppression comments work in them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyFix, scan, tempProject } from '../../../helpers/engine';
import { ALL_RULES } from '../../../../server/src/rules';
import type { ReportedFinding, Rule } from '../../../../server/src/core/types';
import { pyCheck } from '../../../../server/src/lang/py/context';
import { parseSuppressions, UNUSED_SUPPRESSION } from '../../../../server/src/engine/suppress';

const JS_FILES: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'shop',
    version: '1.0.0',
    scripts: { start: 'node src/server.js', worker: 'python worker/main.py' },
    dependencies: { express: '^4.19.2' },
  }),
  'src/server.js': [
    "const express = require('express');",
    "const stripe = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';",
    'const app = express();',
    'app.listen(3000);',
    'module.exports = { stripe, url: process.env.API_URL };',
    '',
  ].join('\n'),
  '.env.example': 'OTHER=1\n',
};

// Python that every JS rule would flag if it read it: undeclared imports (requests, an npm-looking `os`), a secret, a
// hardcoded port and database URL, file logging, env reads missing from .env.example.
const PY_FILES: Record<string, string> = {
  'worker/main.py': [
    'import os',
    'import requests',
    'from flask import Flask',
    "API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx'",
    "DB = 'postgres://app:hunter2@db.internal:5432/app'",
    "logging.basicConfig(filename='app.log')",
    "TOKEN = os.environ['PY_ONLY_TOKEN']",
    'app = Flask(__name__)',
    "app.run(host='0.0.0.0', port=8000)",
    '',
  ].join('\n'),
  'worker/tests/test_main.py': 'import pytest\n',
  'scripts/setup.py': "from setuptools import setup\nsetup(name='x')\n",
};

const key = (s: Awaited<ReturnType<typeof scan>>, f: ReportedFinding) =>
  `${f.ruleId} ${s.engine.rel(f.path)}:${f.range.start.line}:${f.range.start.character} ${f.message}`;

describe('lang/py in a JS project', () => {
  it('leaves the JS findings as they are, and no JS rule reads a .py file', async () => {
    const jsOnly = await scan(tempProject(JS_FILES));
    const mixed = await scan(tempProject({ ...JS_FILES, ...PY_FILES }));
    assert.ok(jsOnly.findings.length >= 3, jsOnly.findings.map((f) => key(jsOnly, f)).join('\n'));
    assert.deepStrictEqual(
      mixed.findings.filter((f) => !f.path.endsWith('.py')).map((f) => key(mixed, f)),
      jsOnly.findings.map((f) => key(jsOnly, f)),
    );
    // Findings in .py files come only from rules with a Python check, or project halves that read Python facts
    // (hardcoded-port: the literal ports lang/py/ports.ts extracts; undeclared-import, missing-lockfile: the Python
    // project model), never from a JS one.
    const pythonRules = new Set([
      ...ALL_RULES.filter((r) => r.sources?.some((c) => c.language === 'py')).map((r) => r.meta.id),
      'port-binding/hardcoded-port',
      'dependencies/undeclared-import',
    ]);
    const onPython = mixed.findings.filter((f) => f.path.endsWith('.py'));
    assert.deepStrictEqual(
      onPython.filter((f) => !pythonRules.has(f.ruleId)).map((f) => key(mixed, f)),
      [],
    );
    // The Python files were analysed, by the Python adapter, and are sources of no JS project.
    const main = path.join(mixed.root, 'worker/main.py');
    const a = mixed.engine.analysis(main)!;
    assert.deepStrictEqual(
      a.facts.imports.map((i) => i.specifier),
      ['os', 'requests', 'flask'],
    );
    assert.deepStrictEqual(
      a.facts.envReads.map((r) => r.name),
      ['PY_ONLY_TOKEN'],
    );
    assert.ok(mixed.engine.analysis(path.join(mixed.root, 'scripts/setup.py')));
    const model = mixed.engine.workspace!;
    for (const p of model.projects)
      assert.deepStrictEqual(
        p.sources.filter((s) => s.endsWith('.py')),
        [],
      );
    assert.strictEqual(model.files.get(main)?.kind, 'source');
  });

  it('says in the log which Python files it could not analyse, and why', async () => {
    const s = await scan(
      tempProject({ 'deep.py': 'x = ' + '('.repeat(300) + ')'.repeat(300) + '\n', 'broken.py': 'def f(:\n' }),
    );
    assert.ok(
      s.logs.includes('warn Skipped the rules on deep.py: brackets nested 300 deep, more than Python allows (200).'),
      s.logs.join('\n'),
    );
    assert.ok(s.logs.includes('info broken.py: 2 syntax error(s); analysed what parsed.'), s.logs.join('\n'));
  });

  describe('suppression comments in Python', () => {
    /** A rule with a Python check that flags every `FLAG` in .py files. */
    const FLAG: Rule = {
      meta: {
        id: 'test/py-flag',
        factor: 'config',
        severity: 'warning',
        description: 'Flags FLAG.',
        why: 'For tests.',
        messages: { flag: 'FLAG here.' },
      },
      sources: [
        pyCheck({
          trigger: /FLAG/,
          check(ctx) {
            for (const m of ctx.text.matchAll(/FLAG/g))
              ctx.report(ctx.rangeOf({ from: m.index, to: m.index + 4 }), { messageId: 'flag' });
          },
        }),
      ],
    };
    const rules = [...ALL_RULES, FLAG];

    it('reads # twelve-factor-disable-line and -next-line through commentsAt, never from a string', async () => {
      const text = [
        'a = FLAG  # twelve-factor-disable-line test/py-flag -- fixture',
        '# twelve-factor-disable-next-line test/py-flag',
        'b = FLAG',
        "c = 'FLAG # twelve-factor-disable-line test/py-flag'",
        'd = """',
        '# twelve-factor-disable-next-line test/py-flag',
        '"""',
        'e = FLAG',
        '',
      ].join('\n');
      const s = parseSuppressions('app.py', text)!;
      assert.deepStrictEqual(
        s.directives.map((d) => [d.kind, d.line, d.rules.map((r) => r.id), d.reason]),
        [
          ['disable-line', 0, ['test/py-flag'], 'fixture'],
          ['disable-next-line', 2, ['test/py-flag'], undefined],
        ],
      );
      const root = tempProject({ 'app.py': text });
      const r = await scan(root, rules);
      assert.deepStrictEqual(r.where('test/py-flag'), ['app.py:4', 'app.py:8']);
      assert.deepStrictEqual(r.where(UNUSED_SUPPRESSION.id), []);
    });

    it('the disable fix writes a # comment that holds', async () => {
      const root = tempProject({ 'svc/app.py': 'def f():\n    return FLAG\n' });
      const s = await scan(root, rules);
      const f = s.findings.find((x) => x.ruleId === 'test/py-flag')!;
      const fix = s.engine.fixesFor(f).find((x) => /^Disable test\/py-flag for this line$/.test(x.title));
      assert.ok(
        fix,
        s.engine
          .fixesFor(f)
          .map((x) => x.title)
          .join(', '),
      );
      applyFix(fix);
      const text = fs.readFileSync(path.join(root, 'svc/app.py'), 'utf8');
      assert.strictEqual(text, 'def f():\n    # twelve-factor-disable-next-line test/py-flag\n    return FLAG\n');
      const again = await scan(root, rules);
      assert.deepStrictEqual(again.where('test/py-flag'), []);
      assert.deepStrictEqual(again.where(UNUSED_SUPPRESSION.id), []);
    });
  });
});
