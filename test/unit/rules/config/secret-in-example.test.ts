import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';
import { isWordy } from '../../../../server/src/rules/config/secret-in-example';

const ID = 'config/secret-in-example';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags provider keys and random-looking secret values in example env files', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      '.env.example:2',
      '.env.example:3',
      '.env.example:5',
      '.env.example:6',
      '.env.sample:1',
      '.env.sample:2',
    ]);
    const sev = s.findings.filter((f) => f.ruleId === ID).map((f) => f.severity);
    assert.deepStrictEqual(sev, ['error', 'warning', 'warning', 'warning', 'error', 'warning']);
    for (const f of s.findings) assert.ok(!f.message.includes('hxIGjb7u4YQ1rOhoYHGEFOwq'));
  });

  it('accepts blanks, placeholders, wordy demo values, test keys, publishable keys, DSNs, local URLs, real .env files and fixtures', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix blanks the value (quotes included), keeps the comment, and a rescan is clean', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    for (const f of s.findings.filter((x) => x.ruleId === ID)) {
      const fix = fixFor(s, f, /^Blank the value of /);
      assert.ok(fix.preferred && fix.fixAll);
      applyFix(fix);
      s = await scan(root);
    }
    assert.strictEqual(
      read(root, '.env.example'),
      'PORT=3000\nSTRIPE_SECRET_KEY=\nSESSION_SECRET= # from 1Password\nDATABASE_URL=postgres://postgres:postgres@localhost:5432/app\nSMTP_URL=\nGITHUB_SECRET=\n',
    );
    assert.strictEqual(read(root, '.env.sample'), 'GITHUB_TOKEN=\nAPI_KEY=\n');
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('tells memorable demo values from random ones', () => {
    assert.ok(isWordy('supersecretkey123'));
    assert.ok(isWordy('my-jwt-secret-2024'));
    assert.ok(!isWordy('hxIGjb7u4YQ1rOhoYHGEFOwq'));
    assert.ok(!isWordy('dd2c6bbc504012d6c3b698f36c72dba2'));
  });
});
