// Finding fingerprints (core/fingerprint.ts): what a baseline and SARIF partialFingerprints match findings by.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan, scanFiles, tempProject } from '../helpers/engine';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import { silentLogger } from '../../server/src/core/types';
import type { Range } from '../../server/src/core/types';
import { fingerprintFindings, fingerprintKey, NEIGHBOURHOOD } from '../../server/src/core/fingerprint';
import {
  PORT_RULE as PORT,
  SECRET,
  SECRET_RULE,
  STRIPE_PKG as pkg,
  STRIPE_SERVER as SERVER,
} from '../helpers/stripeApp';

const range = (line: number, from: number, to: number): Range => ({
  start: { line, character: from },
  end: { line, character: to },
});
/** The fingerprint of one flagged span, found by its text, alone in its file. */
const fpOf = (text: string, flagged: string, ruleId = PORT, rel = 'server.js', nth = 0): string => {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(flagged, at + 1);
  assert.ok(at >= 0, `${flagged} not in text`);
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const from = before[line].length;
  return fingerprintFindings(rel, text, [{ ruleId, range: range(line, from, from + flagged.length) }])[0];
};

/** Fingerprints of a scan's findings, by rule. */
async function fingerprints(files: Record<string, string>): Promise<Record<string, string[]>> {
  const s = await scanFiles(files);
  const out: Record<string, string[]> = {};
  for (const f of s.findings) (out[f.ruleId] ??= []).push(f.fingerprint);
  return out;
}

describe('finding fingerprints', () => {
  it('are 16 hex digits, the same for the same finding in the same text', () => {
    const a = fpOf(SERVER, '3000');
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.strictEqual(fpOf(SERVER, '3000'), a);
  });

  it('survive lines inserted above (line numbers are not an input)', async () => {
    const before = await fingerprints({ 'package.json': pkg, 'server.js': SERVER });
    const after = await fingerprints({ 'package.json': pkg, 'server.js': `// header\n\n'use strict';\n${SERVER}` });
    assert.ok(before[PORT]?.length === 1 && before[SECRET_RULE]?.length === 1, JSON.stringify(before));
    assert.deepStrictEqual(after[PORT], before[PORT]);
    assert.deepStrictEqual(after[SECRET_RULE], before[SECRET_RULE]);
  });

  it('survive re-indentation, re-spacing and CRLF line breaks', () => {
    const a = fpOf(SERVER, '3000');
    const reindented = SERVER.replace('app.listen(3000);', '    app.listen( 3000 ) ;\t');
    assert.strictEqual(fpOf(reindented, '3000'), a);
    assert.strictEqual(fpOf(SERVER.replace(/\n/g, '\r\n'), '3000'), a);
    assert.strictEqual(
      fpOf(
        `function main() {\n${SERVER.split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}\n}\n`,
        '3000',
      ),
      a,
    );
  });

  it('survive edits to other lines, the ones next to the finding included', () => {
    const a = fpOf(SERVER, '3000');
    assert.strictEqual(fpOf(SERVER.replace("res.send('ok')", "res.send('hello')"), '3000'), a);
    assert.strictEqual(
      fpOf(
        SERVER.replace('app.listen(3000);', "console.log('starting');\napp.listen(3000);\nconsole.log('up');"),
        '3000',
      ),
      a,
    );
  });

  it('change when the flagged text or the rest of its line changes', () => {
    const a = fpOf(SERVER, '3000');
    assert.notStrictEqual(fpOf(SERVER.replace('3000', '3001'), '3001'), a);
    assert.notStrictEqual(fpOf(SERVER.replace('app.listen(3000)', 'server.listen(3000)'), '3000'), a);
    const s = fpOf(SERVER, SECRET, SECRET_RULE);
    const rotated = SECRET.replace('4eC39', '9xQ71');
    assert.notStrictEqual(fpOf(SERVER.replace(SECRET, rotated), rotated, SECRET_RULE), s);
  });

  it('change with the rule and with the path', () => {
    const a = fpOf(SERVER, '3000');
    assert.notStrictEqual(fpOf(SERVER, '3000', 'port-binding/other-rule'), a);
    assert.notStrictEqual(fpOf(SERVER, '3000', PORT, 'src/server.js'), a);
  });

  it('tell apart identical flagged lines by their order in the file, whatever the order given', () => {
    const text = 'a.listen(3000);\nb();\na.listen(3000);\n';
    const first = { ruleId: PORT, range: range(0, 9, 13) };
    const second = { ruleId: PORT, range: range(2, 9, 13) };
    const [x, y] = fingerprintFindings('s.js', text, [first, second]);
    assert.notStrictEqual(x, y);
    assert.deepStrictEqual(fingerprintFindings('s.js', text, [second, first]), [y, x]);
    // The first keeps its fingerprint when an unrelated line is added between them.
    assert.strictEqual(
      fingerprintFindings('s.js', `a.listen(3000);\nb();\nc();\na.listen(3000);\n`, [
        first,
        { ruleId: PORT, range: range(3, 9, 13) },
      ])[0],
      x,
    );
    // Two identical spans on one line, too.
    const [p, q] = fingerprintFindings('s.js', 'f(3000, 3000);\n', [
      { ruleId: PORT, range: range(0, 2, 6) },
      { ruleId: PORT, range: range(0, 8, 12) },
    ]);
    assert.notStrictEqual(p, q);
  });

  it('in a scan: identical findings get distinct fingerprints, and a suppressed twin leaves the other as it was', async () => {
    const twin = "const express = require('express');\nexpress().listen(3000);\nexpress().listen(3000);\n";
    const both = await fingerprints({ 'package.json': pkg, 'server.js': twin });
    assert.strictEqual(both[PORT].length, 2);
    assert.notStrictEqual(both[PORT][0], both[PORT][1]);
    const suppressed = await fingerprints({
      'package.json': pkg,
      'server.js': twin.replace(
        'express().listen(3000);\n',
        '// twelve-factor-disable-next-line\nexpress().listen(3000);\n',
      ),
    });
    assert.deepStrictEqual(suppressed[PORT], [both[PORT][1]]);
  });

  it('keep only NEIGHBOURHOOD characters of the line each side: an edit far along a one-line JSON file changes nothing', () => {
    const json = (tail: string) =>
      JSON.stringify({ db: { password: SECRET }, padding: 'x'.repeat(NEIGHBOURHOOD), tail });
    assert.strictEqual(
      fpOf(json('one'), SECRET, SECRET_RULE, 'config/production.json'),
      fpOf(json('two'), SECRET, SECRET_RULE, 'config/production.json'),
    );
    const near = (v: string) => JSON.stringify({ a: v, db: { password: SECRET } });
    assert.notStrictEqual(fpOf(near('one'), SECRET, SECRET_RULE), fpOf(near('two'), SECRET, SECRET_RULE));
  });

  it('a range ending at the start of a line does not take in that line', () => {
    const text = 'RUN npm install\nCMD node x\n';
    const flagged = { ruleId: 'r', range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } };
    assert.deepStrictEqual(
      fingerprintFindings('Dockerfile', text, [flagged]),
      fingerprintFindings('Dockerfile', 'RUN npm install\nCMD node y\n', [flagged]),
    );
  });

  it('a file that cannot be read is fingerprinted by the range alone', () => {
    assert.deepStrictEqual(fingerprintKey(undefined, range(4, 2, 6)), ['unreadable', '4:2-4:6']);
    const [a, b] = fingerprintFindings('gone.js', undefined, [
      { ruleId: PORT, range: range(4, 2, 6) },
      { ruleId: PORT, range: range(5, 2, 6) },
    ]);
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.notStrictEqual(a, b);
  });

  it('never hold the flagged secret, nor any part of the flagged text', async () => {
    const s = await scanFiles({ 'package.json': pkg, 'server.js': SERVER });
    const secret = s.findings.find((f) => f.ruleId === SECRET_RULE)!;
    assert.ok(secret);
    assert.match(secret.fingerprint, /^[0-9a-f]{16}$/);
    // 16 hex digits cannot hold a 32-character key; and no 6-character piece of it shows up.
    for (let i = 0; i + 6 <= SECRET.length; i++)
      assert.ok(!secret.fingerprint.includes(SECRET.slice(i, i + 6).toLowerCase()));
  });

  it('every finding of examples/shop has one, and no two are equal', async () => {
    const s = await scan(path.join(__dirname, '..', '..', 'examples', 'shop'));
    assert.ok(s.findings.length > 20);
    for (const f of s.findings) assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
    assert.strictEqual(new Set(s.findings.map((f) => f.fingerprint)).size, s.findings.length);
  });

  it('follow the text through engine updates (the memo never serves a stale fingerprint)', async () => {
    const root = tempProject({ 'package.json': pkg, 'server.js': SERVER });
    const file = path.join(root, 'server.js');
    const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger });
    await engine.scan();
    const port = () =>
      engine
        .findings()
        .filter((f) => f.ruleId === PORT)
        .map((f) => `${f.range.start.line} ${f.fingerprint}`);
    const [first] = port();
    const fp = first.split(' ')[1];
    fs.writeFileSync(file, `// moved\n${SERVER}`);
    await engine.update(file, 'changed');
    assert.deepStrictEqual(port(), [`6 ${fp}`]);
    fs.writeFileSync(file, `// moved\n${SERVER.replace('3000', '3001')}`);
    await engine.update(file, 'changed');
    const [changed] = port();
    assert.ok(changed.startsWith('6 ') && !changed.endsWith(fp), changed);
    fs.writeFileSync(file, `// moved\n${SERVER}\napp.listen(3000);\n`);
    await engine.update(file, 'changed');
    const two = port();
    assert.strictEqual(two.length, 2);
    assert.strictEqual(two[0], `6 ${fp}`);
    assert.notStrictEqual(two[1].split(' ')[1], fp);
  });
});
