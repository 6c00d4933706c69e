// Suppression comments (engine/suppress.ts): every form in every comment syntax, reasons, blocks, file-wide, the
// secret scanners' allow comments, reports on unused ones and their fixes, and the "disable for this line" fix.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyFix, fixFor, read, scan, tempProject, type Scan } from '../helpers/engine';
import { ALL_RULES } from '../../server/src/rules';
import type { Rule } from '../../server/src/core/types';
import { jsCheck } from '../../server/src/lang/js/context';
import { LineIndex } from '../../server/src/util/text';
import fc from 'fast-check';
import {
  parseSuppressions,
  SECRET_RULES,
  suppressionOf,
  suppressionReports,
  UNUSED_SUPPRESSION,
} from '../../server/src/engine/suppress';
import { rangeProblem } from '../helpers/fuzz';
import { Engine } from '../../server/src/engine/engine';
import { silentLogger } from '../../server/src/core/types';
import { redactText } from '../../server/src/util/redact';

const PORT = 'port-binding/hardcoded-port';
const SECRET = 'config/hardcoded-secret';
const LOCK = 'dependencies/install-ignores-lockfile';
const AT_START = 'build-release-run/install-at-start';
const NOT_IGNORED = 'config/env-file-not-ignored';
const UNUSED = UNUSED_SUPPRESSION.id;

const PROJECT: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'app',
    version: '1.0.0',
    scripts: { start: 'sh start.sh' },
    dependencies: { express: '^4.19.2' },
    engines: { node: '20.11.0' },
  }),
  'package-lock.json': JSON.stringify({
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { express: '^4.19.2' } },
      'node_modules/express': { version: '4.19.2' },
    },
  }),
  'server.js': "const express = require('express');\nexpress().listen(3000);\n",
  '.env': 'STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\nPORT=3000\n',
  '.dockerignore': '.env\n',
  Dockerfile:
    'FROM node:20.11.0\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\nCOPY . .\nCMD ["node", "server.js"]\n',
  Procfile: 'web: npm install && node server.js\n',
  'start.sh': '#!/bin/sh\nnpm install\nexec node server.js\n',
  'config/queue.yaml': 'production:\n  amqpUrl: "amqp://orders:Qz8rT2vLp5@mq.internal:5672"\n',
};

/** One flagged line per comment syntax: the file, the rule, the line (1-based) and how a line comment opens. */
interface Case {
  name: string;
  file: string;
  rule: string;
  line: number;
  open: string;
  close?: string;
}
const CASES: Case[] = [
  { name: 'JS, //', file: 'server.js', rule: PORT, line: 2, open: '//' },
  { name: 'JS, /* */', file: 'server.js', rule: PORT, line: 2, open: '/*', close: ' */' },
  { name: '.env', file: '.env', rule: SECRET, line: 1, open: '#' },
  { name: 'Dockerfile', file: 'Dockerfile', rule: LOCK, line: 4, open: '#' },
  { name: 'YAML', file: 'config/queue.yaml', rule: SECRET, line: 2, open: '#' },
  { name: 'Procfile', file: 'Procfile', rule: AT_START, line: 1, open: '#' },
  { name: 'shell script', file: 'start.sh', rule: AT_START, line: 2, open: '#' },
];

/** The text with `line` (1-based) inserted before line `at`, indented as that line is. */
function insertAt(text: string, at: number, line: string): string {
  const lines = text.split('\n');
  const indent = /^\s*/.exec(lines[at - 1] ?? '')![0];
  lines.splice(at - 1, 0, indent + line);
  return lines.join('\n');
}

function appendTo(text: string, at: number, suffix: string): string {
  const lines = text.split('\n');
  lines[at - 1] += suffix;
  return lines.join('\n');
}

const comment = (c: Case, body: string) => `${c.open} ${body}${c.close ?? ''}`;

async function scanProject(
  edit: Record<string, (text: string) => string> = {},
  opts: { rules?: readonly Rule[]; extra?: Record<string, string>; requireReason?: boolean } = {},
): Promise<Scan & { reports(file?: string): string[] }> {
  const files = { ...PROJECT, ...opts.extra };
  for (const [f, fn] of Object.entries(edit)) files[f] = fn(files[f]);
  const root = tempProject(files);
  const engine = new Engine({
    root,
    rules: opts.rules ?? ALL_RULES,
    logger: silentLogger,
    requireSuppressionReason: opts.requireReason,
  });
  await engine.scan();
  const findings = engine.findings();
  const where = (id: string) =>
    findings.filter((f) => f.ruleId === id).map((f) => `${engine.rel(f.path)}:${f.range.start.line + 1}`);
  return {
    engine,
    root,
    findings,
    logs: [],
    where,
    reports: (file?: string) =>
      findings
        .filter((f) => f.ruleId === UNUSED && (!file || engine.rel(f.path) === file))
        .map((f) => `${engine.rel(f.path)}:${f.range.start.line + 1} ${f.messageId}`),
  };
}

const hits = (s: Scan, c: Case) => s.where(c.rule).filter((w) => w.startsWith(`${c.file}:`));

describe('suppression comments', function () {
  this.timeout(60_000);

  it('each case is flagged where the table says, and nothing is reported about suppressions', async () => {
    const s = await scanProject();
    for (const c of CASES) assert.deepStrictEqual(hits(s, c), [`${c.file}:${c.line}`], c.name);
    assert.deepStrictEqual(s.reports(), []);
  });

  for (const c of CASES) {
    describe(c.name, () => {
      it('twelve-factor-disable-next-line, with the rule and a reason holding a /', async () => {
        const s = await scanProject({
          [c.file]: (t) =>
            insertAt(t, c.line, comment(c, `twelve-factor-disable-next-line ${c.rule} -- see ops/runbook`)),
        });
        assert.deepStrictEqual(hits(s, c), []);
        assert.deepStrictEqual(s.reports(), []);
        const silenced = s.engine.suppressedFindings().filter((f) => f.ruleId === c.rule);
        assert.deepStrictEqual(
          silenced.map((f) => [s.engine.rel(f.path), f.range.start.line + 1, f.suppression]),
          [[c.file, c.line + 1, { kind: 'inSource', justification: 'see ops/runbook' }]],
        );
      });

      it('twelve-factor-disable-next-line without a rule id silences every rule on the line', async () => {
        const s = await scanProject({
          [c.file]: (t) => insertAt(t, c.line, comment(c, 'twelve-factor-disable-next-line -- see ops/runbook')),
        });
        assert.deepStrictEqual(hits(s, c), []);
        assert.deepStrictEqual(s.reports(), []);
      });

      if (c.file !== 'Dockerfile') {
        it('twelve-factor-disable-line at the end of the line', async () => {
          const s = await scanProject({
            [c.file]: (t) => appendTo(t, c.line, ' ' + comment(c, `twelve-factor-disable-line ${c.rule} -- ops/x`)),
          });
          assert.deepStrictEqual(hits(s, c), []);
          assert.deepStrictEqual(s.reports(), []);
        });
      }

      it('a twelve-factor-disable … twelve-factor-enable block, with several ids', async () => {
        const s = await scanProject({
          [c.file]: (t) =>
            insertAt(
              insertAt(t, c.line + 1, comment(c, `twelve-factor-enable ${c.rule}`)),
              c.line,
              comment(c, `twelve-factor-disable ${c.rule}, ${NOT_IGNORED} -- see ops/runbook`),
            ),
        });
        assert.deepStrictEqual(hits(s, c), []);
        // The .env's other id suppressed something (env-file-not-ignored is on its first line); elsewhere it is unused.
        assert.deepStrictEqual(
          s.reports(),
          c.file === '.env' ? [] : [`${c.file}:${c.line} unusedRule`],
          s.findings
            .filter((f) => f.ruleId === UNUSED)
            .map((f) => f.message)
            .join('\n'),
        );
      });

      it('twelve-factor-disable-file', async () => {
        // A shell script's first line is its #! line.
        const at = c.file === 'start.sh' ? 2 : 1;
        const s = await scanProject({
          [c.file]: (t) => insertAt(t, at, comment(c, `twelve-factor-disable-file ${c.rule}`)),
        });
        assert.deepStrictEqual(hits(s, c), []);
        assert.deepStrictEqual(s.reports(), []);
      });

      it('a directive for another rule silences nothing and is reported as unused, on its line', async () => {
        const s = await scanProject({
          [c.file]: (t) => insertAt(t, c.line, comment(c, 'twelve-factor-disable-next-line codebase/cross-app-import')),
        });
        assert.deepStrictEqual(hits(s, c), [`${c.file}:${c.line + 1}`]);
        assert.deepStrictEqual(s.reports(), [`${c.file}:${c.line} unusedRule`]);
        const report = s.findings.find((f) => f.ruleId === UNUSED)!;
        assert.strictEqual(
          report.message,
          'Unused twelve-factor-disable-next-line for codebase/cross-app-import, which reports nothing here to suppress.',
        );
        assert.strictEqual(report.severity, 'info');
      });

      it('the disable fix writes a comment that silences the line, and nothing is reported after', async () => {
        const s = await scanProject();
        const f = s.findings.find((x) => x.ruleId === c.rule && s.engine.rel(x.path) === c.file)!;
        applyFix(fixFor(s, f, /^Disable/));
        const again = await scan(s.root);
        assert.deepStrictEqual(hits(again, c), [], read(s.root, c.file));
        assert.deepStrictEqual(
          again.findings.filter((x) => x.ruleId === UNUSED),
          [],
        );
      });
    });
  }

  it('a directive in a string, a YAML block scalar or a here-document is no comment', async () => {
    const dir = (rule: string) => `twelve-factor-disable-next-line ${rule}`;
    const s = await scanProject({
      'server.js': (t) => insertAt(t, 2, `const note = "// ${dir(PORT)}";`),
      '.env': (t) => insertAt(t, 1, `NOTE="# ${dir(SECRET)}"`),
      Dockerfile: (t) =>
        insertAt(t, 4, `RUN echo "# ${dir(LOCK)}"`) + 'COPY <<CFG /etc/notes\n# twelve-factor-disable-file\nCFG\n',
      'config/queue.yaml': (t) => insertAt(t, 2, `notes: |\n    # ${dir(SECRET)}`),
      Procfile: (t) => `release: echo "# ${dir(AT_START)}"\n` + t,
      'start.sh': (t) => insertAt(t, 2, `echo "# ${dir(AT_START)}"`) + 'cat <<EOF\n# twelve-factor-disable-file\nEOF\n',
    });
    for (const c of CASES) assert.strictEqual(hits(s, c).length, 1, c.name);
    assert.deepStrictEqual(s.reports(), []);
  });

  it('reads a directive only at the start of a comment, and keywords whole', async () => {
    const s = await scanProject({
      'server.js': (t) => insertAt(t, 2, `// see twelve-factor-disable-next-line ${PORT}`),
      '.env': (t) => insertAt(t, 1, `# twelve-factor-disable-next-lines ${SECRET}`),
    });
    assert.deepStrictEqual(s.where(PORT), ['server.js:3']);
    assert.ok(s.where(SECRET).includes('.env:2'));
    assert.deepStrictEqual(s.reports(), []);
  });

  it('reads JSDoc-style and multi-line block comments', async () => {
    const s = await scanProject({
      'server.js': (t) => `/**\n * twelve-factor-disable-file\n *   ${PORT}\n */\n${t}`,
    });
    assert.deepStrictEqual(s.where(PORT), []);
    assert.deepStrictEqual(s.reports(), []);
  });

  describe('blocks', () => {
    const three =
      "const express = require('express');\nexpress().listen(3000);\nexpress().listen(3001);\nexpress().listen(3002);\n";

    it('enable ends a block; a bare disable stays on for rules an enable with ids does not name', async () => {
      const s = await scanProject({
        'server.js': () =>
          three
            .replace('express().listen(3000);', `// twelve-factor-disable ${PORT}\nexpress().listen(3000);`)
            .replace('express().listen(3001);', `// twelve-factor-enable ${PORT}\nexpress().listen(3001);`),
      });
      assert.deepStrictEqual(s.where(PORT), ['server.js:5', 'server.js:6']);
      assert.deepStrictEqual(s.reports(), []);
    });

    it('a bare enable closes a disable with ids; enable with ids carves a rule out of a bare disable', async () => {
      const s = await scanProject({
        'server.js': () =>
          `// twelve-factor-disable\n${three.replace('express().listen(3001);', `// twelve-factor-enable ${PORT}\nexpress().listen(3001);`)}`,
      });
      assert.deepStrictEqual(s.where(PORT), ['server.js:5', 'server.js:6']);
      // The bare disable still silences the other rule on listen(3000): disposability/no-graceful-shutdown.
      assert.ok(!s.where('disposability/no-graceful-shutdown').length);
      assert.deepStrictEqual(s.reports(), []);
    });

    it('a block starts where its comment does: code before it on the same line is not in it', async () => {
      const s = await scanProject({
        'server.js': () =>
          three.replace('express().listen(3000);', `express().listen(3000); // twelve-factor-disable ${PORT}`),
      });
      assert.deepStrictEqual(s.where(PORT), ['server.js:2']);
      assert.deepStrictEqual(s.reports(), []);
    });

    it('reports an enable that closes nothing, bare or for one rule', async () => {
      const s = await scanProject({
        'server.js': (t) =>
          `// twelve-factor-enable\n// twelve-factor-disable ${PORT}\n${t}// twelve-factor-enable ${PORT}, ${SECRET}\n`,
      });
      assert.deepStrictEqual(s.reports(), ['server.js:1 unusedEnable', 'server.js:5 unusedEnableRule']);
      const partial = s.findings.find((f) => f.messageId === 'unusedEnableRule')!;
      assert.strictEqual(partial.message, `Unused twelve-factor-enable for ${SECRET}, which is not disabled here.`);
    });
  });

  describe('reasons', () => {
    it('a reason with a / is a reason, not a rule id (the comment used to suppress nothing)', async () => {
      const s = await scanProject({
        'server.js': (t) => insertAt(t, 2, `// twelve-factor-disable-next-line ${PORT} -- see ops/runbook`),
      });
      assert.deepStrictEqual(s.where(PORT), []);
      assert.deepStrictEqual(s.reports(), []);
    });

    it('words without -- are unknown rule ids: reported, and its fix makes them the reason', async () => {
      const s = await scanProject({
        'server.js': (t) => insertAt(t, 2, '// twelve-factor-disable-next-line because ops said so'),
        '.env': (t) => insertAt(t, 1, `# twelve-factor-disable-next-line ${SECRET} rotated`),
      });
      // Only unknown ids: it names no rule, so it silences nothing. With a known one, that one applies.
      assert.deepStrictEqual(s.where(PORT), ['server.js:3']);
      assert.ok(!s.where(SECRET).includes('.env:2'));
      assert.deepStrictEqual(s.reports(), ['.env:1 unknownRule', 'server.js:2 unknownRules']);
      const [env, js] = s.findings.filter((f) => f.ruleId === UNUSED);
      assert.strictEqual(
        js.message,
        'Unknown rules because, ops, said, so in twelve-factor-disable-next-line; a reason goes after `--`.',
      );
      assert.strictEqual(
        env.message,
        'Unknown rule rotated in twelve-factor-disable-next-line; a reason goes after `--`.',
      );
      applyFix(fixFor(s, js, /^Make "because ops said so" the reason \(after --\)$/));
      applyFix(fixFor(s, env, /^Make "rotated" the reason/));
      assert.match(read(s.root, 'server.js'), /\n\/\/ twelve-factor-disable-next-line -- because ops said so\n/);
      assert.match(read(s.root, '.env'), /^# twelve-factor-disable-next-line config\/hardcoded-secret -- rotated\n/);
      const again = await scan(s.root);
      assert.deepStrictEqual(again.where(PORT), []);
      assert.ok(!again.where(SECRET).includes('.env:2'));
      assert.deepStrictEqual(again.where(UNUSED), []);
    });

    it('an unknown id with a / is reported, and the known ids of the comment still apply', async () => {
      const s = await scanProject({
        'server.js': (t) => insertAt(t, 2, `// twelve-factor-disable-next-line ports/hardcoded-port, ${PORT}`),
      });
      assert.deepStrictEqual(s.where(PORT), []);
      assert.deepStrictEqual(s.reports(), ['server.js:2 unknownRule']);
      const report = s.findings.find((f) => f.ruleId === UNUSED)!;
      assert.deepStrictEqual(
        s.engine.fixesFor(report).map((f) => f.title),
        [`Show documentation for ${UNUSED}`],
      );
    });

    it('requireSuppressionReason: a directive without a reason suppresses nothing and is reported; with one it works', async () => {
      const edit = {
        'server.js': (t: string) => insertAt(t, 2, `// twelve-factor-disable-next-line ${PORT}`),
        '.env': (t: string) =>
          insertAt(t, 1, `# twelve-factor-disable-next-line ${SECRET} -- rotated weekly, see ops/keys`),
      };
      const s = await scanProject(edit, { requireReason: true });
      assert.deepStrictEqual(s.where(PORT), ['server.js:3']);
      assert.ok(!s.where(SECRET).includes('.env:2'));
      assert.deepStrictEqual(s.reports(), ['server.js:2 noReason']);
      assert.strictEqual(
        s.findings.find((f) => f.ruleId === UNUSED)!.message,
        'twelve-factor-disable-next-line gives no reason after `--`, which this workspace requires, so it suppresses nothing.',
      );
      // The setting applies live.
      s.engine.requireSuppressionReason = false;
      assert.deepStrictEqual(
        s.engine.findings().filter((f) => f.ruleId === PORT || f.ruleId === UNUSED),
        [],
      );
    });

    it('requireSuppressionReason: the disable fix ends the comment with -- for the reason', async () => {
      const s = await scanProject({}, { requireReason: true });
      const f = s.findings.find((x) => x.ruleId === PORT)!;
      const fix = fixFor(
        s,
        f,
        /^Disable port-binding\/hardcoded-port for this line \(then give the reason after --\)$/,
      );
      applyFix(fix);
      assert.strictEqual(
        read(s.root, 'server.js'),
        `const express = require('express');\n// twelve-factor-disable-next-line ${PORT} --\nexpress().listen(3000);\n`,
      );
    });
  });

  describe('unused suppressions', () => {
    it('reports a bare directive that silences nothing, and its fix removes the comment line', async () => {
      const s = await scanProject({ 'server.js': (t) => `${t}// twelve-factor-disable-next-line\nconst x = 1;\n` });
      assert.deepStrictEqual(s.reports(), ['server.js:3 unused']);
      const report = s.findings.find((f) => f.ruleId === UNUSED)!;
      assert.strictEqual(report.message, 'Unused twelve-factor-disable-next-line: no finding here to suppress.');
      applyFix(fixFor(s, report, /^Remove the unused suppression comment$/));
      assert.strictEqual(read(s.root, 'server.js'), `${PROJECT['server.js']}const x = 1;\n`);
    });

    it('reports the one unused id of a list, and its fix takes out just that id', async () => {
      const s = await scanProject({
        'server.js': (t) => insertAt(t, 2, `// twelve-factor-disable-next-line ${SECRET}, ${PORT} -- ok`),
      });
      assert.deepStrictEqual(s.reports(), ['server.js:2 unusedRule']);
      const report = s.findings.find((f) => f.ruleId === UNUSED)!;
      assert.strictEqual(
        new LineIndex(read(s.root, 'server.js'))
          .lineText(1)
          .slice(report.range.start.character, report.range.end.character),
        SECRET,
      );
      applyFix(fixFor(s, report, /^Remove config\/hardcoded-secret from the comment$/));
      assert.match(read(s.root, 'server.js'), new RegExp(`\n// twelve-factor-disable-next-line ${PORT} -- ok\n`));
      const again = await scan(s.root);
      assert.deepStrictEqual(again.where(UNUSED), []);
      assert.deepStrictEqual(again.where(PORT), []);
    });

    it('removes a trailing comment without the code before it, and a JSX {/* */} with its braces', async () => {
      const s = await scanProject({
        'server.js': (t) => `${t}const y = 2; // twelve-factor-disable-line ${SECRET}\n`,
        'view.jsx': () =>
          'export const V = () => (\n  <div>\n    {/* twelve-factor-disable-next-line */}\n    <p>x</p>\n  </div>\n);\n',
      });
      assert.deepStrictEqual(s.reports(), ['server.js:3 unusedRule', 'view.jsx:3 unused']);
      for (const report of s.findings.filter((f) => f.ruleId === UNUSED)) applyFix(fixFor(s, report, /^Remove/));
      assert.strictEqual(read(s.root, 'server.js'), `${PROJECT['server.js']}const y = 2;\n`);
      assert.strictEqual(read(s.root, 'view.jsx'), 'export const V = () => (\n  <div>\n    <p>x</p>\n  </div>\n);\n');
    });

    it('the removal fix is not offered once the comment changed', async () => {
      const s = await scanProject({ 'server.js': (t) => `${t}// twelve-factor-disable-next-line\nconst x = 1;\n` });
      const report = s.findings.find((f) => f.ruleId === UNUSED)!;
      const changed = read(s.root, 'server.js').replace('disable-next-line', 'disable-next-line ');
      const fixes = s.engine.fixesFor(report, (p) => (p === report.path ? changed : undefined));
      assert.deepStrictEqual(
        fixes.map((f) => f.title),
        [`Show documentation for ${UNUSED}`],
      );
    });

    it('is reported in files without any finding, but not for rules turned off, nor in git-ignored files', async () => {
      const s = await scanProject(
        {},
        {
          extra: {
            'lib/util.js': `// twelve-factor-disable-next-line ${PORT}\nmodule.exports = 1;\n`,
            'lib/off.js': `// twelve-factor-disable-next-line processes/module-level-state\nmodule.exports = 2;\n`,
            'local/notes.yaml': '# twelve-factor-disable-file\na: 1\n',
            '.gitignore': 'local/\n',
          },
        },
      );
      assert.deepStrictEqual(s.reports(), ['lib/off.js:1 unusedRule', 'lib/util.js:1 unusedRule']);
      s.engine.ruleSettings = { 'processes/module-level-state': 'off' };
      assert.deepStrictEqual(
        s.engine
          .findings()
          .filter((f) => f.ruleId === UNUSED)
          .map((f) => s.engine.rel(f.path)),
        ['lib/util.js'],
      );
    });

    it('twelveFactor.rules can turn the reports off or change their severity', async () => {
      const s = await scanProject({ 'server.js': (t) => `${t}// twelve-factor-disable-next-line\n` });
      assert.strictEqual(s.reports().length, 1);
      s.engine.ruleSettings = { [UNUSED]: 'warning' };
      assert.deepStrictEqual(
        s.engine
          .findings()
          .filter((f) => f.ruleId === UNUSED)
          .map((f) => f.severity),
        ['warning'],
      );
      s.engine.ruleSettings = { [UNUSED]: 'off' };
      assert.deepStrictEqual(
        s.engine.findings().filter((f) => f.ruleId === UNUSED),
        [],
      );
    });

    it('counts in no factor of the checklist, and has a why and a documentation page', async () => {
      const s = await scanProject({ 'server.js': (t) => `${t}// twelve-factor-disable-next-line\n` });
      assert.ok(s.findings.some((f) => f.ruleId === UNUSED));
      assert.ok(s.engine.checklist().every((c) => c.findings.every((f) => f.ruleId !== UNUSED)));
      assert.match(s.engine.whyOf(UNUSED)!, /stale twelve-factor-disable comment/);
      const report = s.findings.find((f) => f.ruleId === UNUSED)!;
      const docs = fixFor(s, report, /^Show documentation/);
      const url = (docs.command!.arguments![0] as { url: string }).url;
      assert.ok(url.endsWith('/docs/rules/twelve-factor/unused-suppression.md'), url);
    });

    it('messages are one sentence of at most 120 characters, ending with a full stop', () => {
      for (const [id, template] of Object.entries(UNUSED_SUPPRESSION.messages)) {
        const longest = template
          .replace(/\{\{directive\}\}/g, 'twelve-factor-disable-next-line')
          .replace(/\{\{rule\}\}/g, 'config/secret-exposed-to-client');
        assert.strictEqual(redactText(longest), longest, `${id} reads as no secret`);
        assert.ok(longest.length <= 120, `${id}: ${longest.length}`);
        assert.ok(template.endsWith('.') && !/[.!?]\s+[A-Z]/.test(template.replace(/`[^`]*`/g, '')), id);
      }
    });
  });

  it('an edit that adds a directive to a file without findings is weighed at once (and one that removes it too)', async () => {
    const s = await scanProject();
    assert.deepStrictEqual(s.reports(), []);
    const file = path.join(s.root, 'Procfile');
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `# twelve-factor-disable-next-line config/hardcoded-secret\n${before}`);
    await s.engine.update(file, 'changed');
    const reports = () =>
      s.engine
        .findings()
        .filter((f) => f.ruleId === UNUSED)
        .map((f) => `${s.engine.rel(f.path)}:${f.range.start.line + 1} ${f.messageId}`);
    assert.deepStrictEqual(reports(), ['Procfile:1 unusedRule']);
    fs.writeFileSync(file, before);
    await s.engine.update(file, 'changed');
    assert.deepStrictEqual(reports(), []);
  });

  describe("secret scanners' allow comments", () => {
    const PRAGMAS = [
      'gitleaks:allow',
      'pragma: allowlist secret',
      'trufflehog:ignore',
      'nosemgrep',
      'nosemgrep: generic.secrets',
    ];

    it('names the four secret rules, each of which exists', () => {
      const ids = new Set(ALL_RULES.map((r) => r.meta.id));
      assert.deepStrictEqual(
        [...SECRET_RULES].filter((id) => !ids.has(id)),
        [],
      );
      assert.strictEqual(SECRET_RULES.size, 4);
    });

    for (const pragma of PRAGMAS) {
      it(`${pragma} on the flagged line silences the secret rules there, and only them`, async () => {
        const s = await scanProject({
          '.env': (t) => appendTo(t, 1, ` # ${pragma}`),
          'config/queue.yaml': (t) => appendTo(t, 2, ` # ${pragma}`),
          'server.js': (t) => `${t}const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'; // ${pragma}\n`,
        });
        assert.deepStrictEqual(s.where(SECRET), []);
        // Not a secret rule: still reported.
        assert.deepStrictEqual(s.where(NOT_IGNORED), ['.env:1']);
        assert.deepStrictEqual(s.reports(), []);
      });
    }

    it('where reasons are required, an allow comment (which has no place for one) suppresses nothing', async () => {
      const s = await scanProject(
        { 'server.js': (t) => `${t}const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'; // gitleaks:allow\n` },
        { requireReason: true },
      );
      assert.ok(s.where(SECRET).includes('server.js:3'), s.where(SECRET).join());
    });

    it("detect-secrets' nextline form silences the line after; a pragma in a string or on another line does not", async () => {
      const s = await scanProject({
        '.env': (t) => insertAt(t, 1, '# pragma: allowlist nextline secret'),
        'config/queue.yaml': (t) => insertAt(t, 2, '# gitleaks:allow'),
        'server.js': (t) => `${t}const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc gitleaks:allow';\n`,
      });
      assert.deepStrictEqual(s.where(SECRET), ['config/queue.yaml:3', 'server.js:3']);
    });
  });

  describe('the disable fix', () => {
    /** A rule that flags every `FLAG` in JS/TS files, and in the other files of the model and start.sh. */
    const FLAG: Rule = {
      meta: {
        id: 'test/flag',
        factor: 'config',
        severity: 'warning',
        description: 'Flags FLAG.',
        why: 'For tests.',
        messages: { flag: 'FLAG here.' },
      },
      sources: [
        jsCheck({
          trigger: /FLAG/,
          check(ctx) {
            const lines = new LineIndex(ctx.text);
            for (const m of ctx.text.matchAll(/FLAG/g))
              ctx.report(lines.range(m.index, m.index + 4), { messageId: 'flag' });
          },
        }),
      ],
      checkProject(ctx) {
        const files = [...ctx.workspace.files.values()].filter((f) => f.kind !== 'source').map((f) => f.path);
        for (const p of [...files, path.join(ctx.project.root, 'start.sh')]) {
          const text = ctx.read(p);
          if (!text) continue;
          const lines = new LineIndex(text);
          for (const m of text.matchAll(/FLAG/g))
            ctx.report(p, lines.range(m.index, m.index + 4), { messageId: 'flag' });
        }
      },
    };
    const flagged = async (files: Record<string, string>) =>
      scanProject({}, { rules: [...ALL_RULES, FLAG], extra: files });
    const disableTitle = /^Disable test\/flag for this line$/;
    const fixed = async (s: Scan, file: string, line: number): Promise<string | undefined> => {
      const f = s.findings.find(
        (x) => x.ruleId === 'test/flag' && s.engine.rel(x.path) === file && x.range.start.line === line - 1,
      );
      assert.ok(f, `no FLAG at ${file}:${line}; have ${s.where('test/flag').join(', ')}`);
      const fix = s.engine.fixesFor(f).find((x) => disableTitle.test(x.title));
      if (!fix) return undefined;
      applyFix(fix);
      const again = await scan(s.root, [...ALL_RULES, FLAG]);
      assert.deepStrictEqual(
        again.findings.filter((x) => x.ruleId === 'test/flag' && again.engine.rel(x.path) === file),
        [],
        read(s.root, file),
      );
      assert.deepStrictEqual(
        again.findings.filter((x) => x.ruleId === UNUSED),
        [],
      );
      return read(s.root, file);
    };

    it('JSX children: {/* */} above the line, since // there would be text', async () => {
      const s = await flagged({ 'view.jsx': 'export const V = () => (\n  <div>\n    <p>FLAG</p>\n  </div>\n);\n' });
      assert.strictEqual(
        await fixed(s, 'view.jsx', 3),
        'export const V = () => (\n  <div>\n    {/* twelve-factor-disable-next-line test/flag */}\n    <p>FLAG</p>\n  </div>\n);\n',
      );
    });

    it('inside a multi-line template literal: no comment can silence the line, so no fix', async () => {
      const s = await flagged({ 'tpl.js': 'const t = `\n  FLAG\n`;\nmodule.exports = t;\n' });
      assert.strictEqual(await fixed(s, 'tpl.js', 2), undefined);
    });

    it('extends the directive already above the line', async () => {
      const line = "require('express')().listen(3000, 'FLAG');";
      const s = await flagged({ 'a.js': `// twelve-factor-disable-next-line ${PORT} -- legacy\n${line}\n` });
      assert.strictEqual(
        await fixed(s, 'a.js', 2),
        `// twelve-factor-disable-next-line ${PORT}, test/flag -- legacy\n${line}\n`,
      );
    });

    it('a shell line continued from the one above: at the end of the line, not between them', async () => {
      const s = await flagged({ 'start.sh': '#!/bin/sh\nset -e && \\\n  echo FLAG\nexec node server.js\n' });
      assert.strictEqual(
        await fixed(s, 'start.sh', 3),
        '#!/bin/sh\nset -e && \\\n  echo FLAG # twelve-factor-disable-line test/flag\nexec node server.js\n',
      );
    });

    it('a Dockerfile line that goes on: above it, where Docker drops comment lines', async () => {
      const s = await flagged({ Dockerfile: 'FROM node:20.11.0\nRUN echo FLAG && \\\n    npm ci\n' });
      assert.strictEqual(
        await fixed(s, 'Dockerfile', 2),
        'FROM node:20.11.0\n# twelve-factor-disable-next-line test/flag\nRUN echo FLAG && \\\n    npm ci\n',
      );
    });

    it('a YAML block scalar: a comment line there would be content, so no fix', async () => {
      const s = await flagged({ 'config/app.yaml': 'motd: |\n  hello\n  FLAG\nport: 3000\n' });
      assert.strictEqual(await fixed(s, 'config/app.yaml', 3), undefined);
    });

    it('a plain YAML scalar over two lines: not between them (that breaks the scalar), at the end of the line', async () => {
      const s = await flagged({ 'config/app.yaml': 'motd: hello\n  FLAG\nport: 3000\n' });
      assert.strictEqual(
        await fixed(s, 'config/app.yaml', 2),
        'motd: hello\n  FLAG # twelve-factor-disable-line test/flag\nport: 3000\n',
      );
    });

    it('a Procfile entry and a .env line: # above the line', async () => {
      const s = await flagged({ Procfile: 'web: node server.js --FLAG\n' });
      assert.strictEqual(
        await fixed(s, 'Procfile', 1),
        '# twelve-factor-disable-next-line test/flag\nweb: node server.js --FLAG\n',
      );
    });

    it('none for JSON, .nvmrc or a lockfile: a config file suppressions entry instead', async () => {
      const s = await flagged({ 'config/app.json': '{ "a": "FLAG" }\n', '.nvmrc': 'FLAG\n' });
      for (const file of ['config/app.json', '.nvmrc']) {
        const f = s.findings.find((x) => x.ruleId === 'test/flag' && s.engine.rel(x.path) === file)!;
        assert.ok(f, file);
        assert.deepStrictEqual(
          s.engine.fixesFor(f).map((x) => x.title),
          [`Suppress test/flag in ${file} in twelve-factor.config.json`, 'Show documentation for test/flag'],
        );
      }
    });
  });

  it('hostile text: directives are read without throwing, every range inside the file, in every syntax (seeded)', () => {
    const open = ['// ', '/* ', '# ', '{/* ', '/**\n * ', '#'];
    const keyword = ['disable', 'disable-line', 'disable-next-line', 'enable', 'disable-file'];
    const directive = fc
      .tuple(fc.constantFrom(...open), fc.constantFrom(...keyword))
      .map(([o, k]) => `${o}twelve-factor-${k} `);
    const pieces = [
      ' */',
      '*/}',
      '\n',
      '\r\n',
      '\r',
      ' ',
      ',',
      '--',
      ' -- ',
      '"',
      "'",
      '`',
      '${',
      '}',
      '\\\n',
      '<<EOF\n',
      'EOF\n',
      '|\n',
      '  ',
      PORT,
      SECRET,
      'x/y',
      'why',
      '# gitleaks:allow',
      '// pragma: allowlist nextline secret',
      '# nosemgrep',
      'RUN ',
      'CMD ',
      'web: ',
      'KEY=',
      'a: ',
      '<div>',
      '</div>',
      '\u2028',
      '\uFEFF',
      'é',
    ];
    const text = fc
      .array(fc.oneof(directive, fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 40 })
      .map((a) => a.join(''));
    const files = [
      'a.js',
      'a.tsx',
      '.env',
      'Dockerfile',
      'app.yaml',
      'Procfile',
      'run.sh',
      'schema.prisma',
      '.gitignore',
    ];
    let directives = 0;
    fc.assert(
      fc.property(fc.constantFrom(...files), text, (file, t) => {
        const p = `/w/${file}`;
        const s = parseSuppressions(p, t);
        if (!s) return;
        directives += s.directives.length;
        const problems: (string | undefined)[] = [];
        for (const d of s.directives) {
          problems.push(rangeProblem(d.range, t, 'directive'), rangeProblem(d.removal, t, 'removal'));
          for (const r of d.rules)
            problems.push(rangeProblem(r.range, t, r.id), rangeProblem(r.removal, t, `${r.id} removal`));
        }
        const usage = new Map();
        for (let line = 0; line < 6; line++) suppressionOf(s, PORT, { line, character: 0 }, line % 2 === 0, usage);
        for (const requireReason of [false, true])
          for (const f of suppressionReports(p, t, s, {
            requireReason,
            usage,
            known: (id) => id !== 'x/y',
            off: () => false,
          }))
            problems.push(rangeProblem(f.range, t, f.messageId));
        assert.deepStrictEqual(problems.filter(Boolean), [], JSON.stringify(t));
      }),
      { seed: 20261207, numRuns: 4000 },
    );
    // The inputs do reach the directive reader.
    assert.ok(directives > 500, `${directives} directives read`);
  });
});
