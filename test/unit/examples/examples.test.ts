// The bundled examples are the product's showcase: precision work on real repositories must not cost them a finding.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../helpers/engine';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

describe('examples', () => {
  it('examples/shop keeps every finding it shows (rule and place)', async () => {
    const s = await scan(path.join(EXAMPLES, 'shop'));
    const got = s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}:${f.range.start.line + 1}`).sort();
    const want: string[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'shop.expected.json'), 'utf8'));
    assert.deepStrictEqual(want.filter((w) => !got.includes(w)), [], 'findings lost');
    assert.deepStrictEqual(got.filter((g) => !want.includes(g)), [], 'new findings: judge them, then add them to shop.expected.json');
  });

  it('examples/shop keeps every message word for word, and its id (shop.messages.json)', async () => {
    const s = await scan(path.join(EXAMPLES, 'shop'));
    const got = s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.messageId}: ${f.message}`).sort();
    const file = path.join(__dirname, 'shop.messages.json');
    if (process.env.UPDATE_MESSAGES) fs.writeFileSync(file, JSON.stringify(got, null, 1) + '\n');
    const want: string[] = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepStrictEqual(got, want);
  });

  it('examples/python-shop keeps every finding it shows (rule and place)', async () => {
    const s = await scan(path.join(EXAMPLES, 'python-shop'));
    const got = s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}:${f.range.start.line + 1}`).sort();
    const file = path.join(__dirname, 'python-shop.expected.json');
    if (process.env.UPDATE_EXAMPLES) fs.writeFileSync(file, JSON.stringify(got, null, 1) + '\n');
    const want: string[] = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepStrictEqual(want.filter((w) => !got.includes(w)), [], 'findings lost');
    assert.deepStrictEqual(got.filter((g) => !want.includes(g)), [], 'new findings: judge them, then add them to python-shop.expected.json');
  });

  it('examples/python-clean stays silent', async () => {
    const s = await scan(path.join(EXAMPLES, 'python-clean'));
    assert.deepStrictEqual(s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}:${f.range.start.line + 1}`), []);
  });

  it('examples/clean-service stays silent', async () => {
    const s = await scan(path.join(EXAMPLES, 'clean-service'));
    assert.deepStrictEqual(s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}:${f.range.start.line + 1}`), []);
  });
});
