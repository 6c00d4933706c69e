// The baseline (engine/baseline.ts): its file format, and the engine marking the findings it holds, through edits.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan, tempProject } from '../helpers/engine';
import { makeTempDir } from '../helpers/tempDirs';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import { silentLogger } from '../../server/src/core/types';
import { BASELINE_FILE, baselineEntries, parseBaseline, serializeBaseline } from '../../server/src/engine/baseline';
import {
  PORT_RULE as PORT,
  SECRET,
  SECRET_RULE,
  STRIPE_PKG as PKG,
  STRIPE_SERVER as SERVER,
} from '../helpers/stripeApp';

/** A project whose current findings are all written to its baseline. */
async function baselined(files: Record<string, string>) {
  const root = tempProject(files);
  const first = await scan(root);
  fs.writeFileSync(path.join(root, BASELINE_FILE), serializeBaseline(baselineEntries(first.findings, root)));
  return { root, first };
}

describe('baseline', () => {
  describe('file format', () => {
    it('round-trips entries: version 1, sorted, one a line, no message', () => {
      const entries = [
        { rule: 'b/rule', path: 'src/b.js', fingerprint: '00000000000000bb', messageId: 'm' },
        { rule: 'a/rule', path: 'src/b.js', fingerprint: '00000000000000aa', messageId: 'm' },
        { rule: 'a/rule', path: 'package.json', fingerprint: '00000000000000cc' },
      ];
      const text = serializeBaseline(entries);
      assert.strictEqual(JSON.parse(text).version, 1);
      const lines = text.split('\n').filter((l) => l.includes('"rule"'));
      assert.deepStrictEqual(
        lines.map((l) => JSON.parse(l.trim().replace(/,$/, '')).fingerprint),
        ['00000000000000cc', '00000000000000aa', '00000000000000bb'],
      );
      const parsed = parseBaseline(text);
      assert.ok('entries' in parsed);
      assert.strictEqual(parsed.skipped, 0);
      assert.deepStrictEqual(
        parsed.entries.map((e) => e.fingerprint),
        ['00000000000000cc', '00000000000000aa', '00000000000000bb'],
      );
      assert.deepStrictEqual(parseBaseline(serializeBaseline([])), { entries: [], skipped: 0 });
    });

    it('says why a file cannot be used, without quoting it, and skips malformed entries', () => {
      const conflict = '{\n  "version": 1,\n<<<<<<< HEAD\n  "findings": []\n}\n';
      assert.deepStrictEqual(parseBaseline(conflict), { error: 'not valid JSON (InvalidSymbol at line 3)' });
      assert.deepStrictEqual(parseBaseline('[]'), { error: 'not a JSON object' });
      assert.deepStrictEqual(parseBaseline('{"findings": []}'), { error: 'no "version": 1' });
      assert.deepStrictEqual(parseBaseline('{"version": 2, "findings": []}'), {
        error: 'version 2 is newer than this twelve-factor reads (1)',
      });
      assert.deepStrictEqual(parseBaseline('{"version": 1}'), { error: 'no "findings" list' });
      const mixed = parseBaseline(
        JSON.stringify({
          version: 1,
          findings: [
            { rule: 'a/b', path: 'x.js', fingerprint: '0123456789abcdef' },
            { rule: 'a/b', path: 'x.js', fingerprint: 'not-a-fingerprint' },
            { rule: 'a/b', fingerprint: '0123456789abcdef' },
            null,
            'a/b',
          ],
        }),
      );
      assert.ok('entries' in mixed);
      assert.strictEqual(mixed.entries.length, 1);
      assert.strictEqual(mixed.skipped, 4);
    });

    it('holds rule, path, fingerprint and message id, never the secret or a message', async () => {
      const { root } = await baselined({ 'package.json': PKG, 'server.js': SERVER });
      const text = fs.readFileSync(path.join(root, BASELINE_FILE), 'utf8');
      const entries = JSON.parse(text).findings as Record<string, string>[];
      assert.ok(entries.some((e) => e.rule === SECRET_RULE && e.path === 'server.js'));
      for (const e of entries) assert.deepStrictEqual(Object.keys(e), ['rule', 'path', 'fingerprint', 'messageId']);
      // Neither the secret, nor a piece of it, nor its redacted shape.
      for (const piece of [SECRET, SECRET.slice(0, 12), SECRET.slice(-8), 'sk_l'])
        assert.ok(!text.includes(piece), piece);
    });
  });

  describe('in the engine', () => {
    it('marks the findings it holds, through lines added above; a changed flagged line is new', async () => {
      const { root, first } = await baselined({ 'package.json': PKG, 'server.js': SERVER });
      assert.ok(first.findings.some((f) => f.ruleId === PORT) && first.findings.some((f) => f.ruleId === SECRET_RULE));
      const again = await scan(root);
      assert.deepStrictEqual(
        again.findings.filter((f) => !f.baselined),
        [],
      );
      assert.deepStrictEqual(again.engine.staleBaselineEntries(), []);

      // Lines added above both findings, and the file re-indented: every finding still in the baseline.
      const shifted = `// header\n'use strict';\n\n${SERVER.replace(/^app\.listen/m, '  app.listen')}`;
      fs.writeFileSync(path.join(root, 'server.js'), shifted);
      const moved = await scan(root);
      assert.deepStrictEqual(moved.where(PORT), ['server.js:9']);
      assert.deepStrictEqual(
        moved.findings.filter((f) => !f.baselined).map((f) => f.ruleId),
        [],
      );
      assert.deepStrictEqual(moved.engine.staleBaselineEntries(), []);

      // The flagged text changed: a new finding, and the old entry is stale (fixed since).
      fs.writeFileSync(path.join(root, 'server.js'), shifted.replace('listen(3000)', 'listen(3001)'));
      const changed = await scan(root);
      // The port and the missing SIGTERM handler are both reported on the listen line.
      const fresh = changed.findings.filter((f) => !f.baselined);
      assert.ok(fresh.some((f) => f.ruleId === PORT));
      assert.ok(
        fresh.every((f) => f.range.start.line === 8),
        fresh.map((f) => f.ruleId).join(),
      );
      assert.ok(changed.findings.find((f) => f.ruleId === SECRET_RULE)!.baselined);
      assert.deepStrictEqual(
        changed.engine
          .staleBaselineEntries()
          .map((e) => e.rule)
          .sort(),
        fresh.map((f) => f.ruleId).sort(),
      );
    });

    it('counts baselined findings apart in the checklist, and lists only new ones', async () => {
      const { root } = await baselined({ 'package.json': PKG, 'server.js': SERVER });
      fs.appendFileSync(path.join(root, 'server.js'), 'app.listen(4000);\n');
      const s = await scan(root);
      const port = s.engine.checklist().find((c) => c.slug === 'port-binding')!;
      assert.strictEqual(port.baselined, 1);
      assert.deepStrictEqual(port.counts, { error: 0, warning: 1, info: 0, hint: 0 });
      assert.deepStrictEqual(
        port.findings.map((f) => f.range.start.line),
        [6],
      );
      const config = s.engine.checklist().find((c) => c.slug === 'config')!;
      // Only baselined findings: nothing new fails, but the factor is not a clean pass either.
      assert.strictEqual(config.status, 'warn');
      assert.strictEqual(config.findings.length, 0);
      assert.ok(config.baselined! >= 1);
    });

    it('reads the file again when it changes, from the editor buffer when open', async () => {
      const root = tempProject({ 'package.json': PKG, 'server.js': SERVER });
      const file = path.join(root, BASELINE_FILE);
      const s = await scan(root);
      assert.ok(s.findings.length > 0 && s.findings.every((f) => !f.baselined));
      assert.strictEqual(s.engine.baseline?.ok, false);
      fs.writeFileSync(file, serializeBaseline(baselineEntries(s.findings, root)));
      assert.strictEqual(await s.engine.update(file, 'created'), true);
      assert.ok(s.engine.findings().every((f) => f.baselined));
      fs.rmSync(file);
      assert.strictEqual(await s.engine.update(file, 'deleted'), true);
      assert.ok(s.engine.findings().every((f) => !f.baselined));
      // Open in the editor: the buffer wins over disk, as for every other file.
      let buffer: string | undefined = serializeBaseline(baselineEntries(s.findings, root));
      const editor = new Engine({
        root,
        rules: ALL_RULES,
        logger: silentLogger,
        overlay: (p) => (p === file ? buffer : undefined),
      });
      await editor.scan();
      assert.ok(editor.findings().every((f) => f.baselined));
      buffer = serializeBaseline([]);
      assert.strictEqual(await editor.update(file, 'changed'), true);
      assert.ok(editor.findings().every((f) => !f.baselined));
    });

    it('is not read by any rule, and a broken one is logged and ignored', async () => {
      const root = tempProject({
        'package.json': PKG,
        'server.js': SERVER,
        // Hex strings, rule ids and paths: nothing in the baseline is the app's config.
        [BASELINE_FILE]: '{\n  "version": 1,\n<<<<<<< HEAD\n',
      });
      const s = await scan(root);
      assert.deepStrictEqual(
        s.findings.filter((f) => f.path.endsWith(BASELINE_FILE)),
        [],
      );
      assert.ok(s.findings.every((f) => !f.baselined));
      assert.ok(
        s.logs.some((l) => l.includes(`warn Ignored the baseline ${BASELINE_FILE}: not valid JSON`)),
        s.logs.join('\n'),
      );
      const { root: withFile } = await baselined({ 'package.json': PKG, 'server.js': SERVER });
      assert.deepStrictEqual(
        (await scan(withFile)).findings.filter((f) => f.path.endsWith(BASELINE_FILE)),
        [],
      );
    });

    it('does not call entries of a rule that is off stale', async () => {
      const { root } = await baselined({ 'package.json': PKG, 'server.js': SERVER });
      const s = await scan(root);
      s.engine.ruleSettings = { [PORT]: 'off' };
      assert.deepStrictEqual(s.engine.staleBaselineEntries(), []);
    });

    it('never follows the default file through a symlink out of the folder', async () => {
      const outside = makeTempDir('tf-outside-');
      const root = tempProject({ 'package.json': PKG, 'server.js': SERVER });
      const s0 = await scan(root);
      fs.writeFileSync(path.join(outside, 'b.json'), serializeBaseline(baselineEntries(s0.findings, root)));
      fs.symlinkSync(path.join(outside, 'b.json'), path.join(root, BASELINE_FILE));
      const s = await scan(root);
      assert.ok(s.findings.every((f) => !f.baselined));
      assert.ok(
        s.logs.some((l) => /warn Ignored the baseline .*outside the workspace/.test(l)),
        s.logs.join('\n'),
      );
    });
  });
});
