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

  it('examples/clean-service stays silent', async () => {
    const s = await scan(path.join(EXAMPLES, 'clean-service'));
    assert.deepStrictEqual(s.findings.map((f) => `${f.ruleId} ${s.engine.rel(f.path)}:${f.range.start.line + 1}`), []);
  });
});
