import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'config/env-file-not-ignored';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it("flags .env, .env.local, a plain project's .env.production and nested .env files git would track", async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['.env:1', '.env.local:1', '.env.production:1', 'services/worker/.env:1']);
    // Discovery reads .gitignore, not git's index: say what is known, not that git "would" commit it.
    const env = s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === '.env')!;
    assert.strictEqual(env.message, '.env is not git-ignored, so it is (or will be) committed.');
  });

  it('accepts ignored files, examples, .env.test, test and docs folders, and Next.js mode files', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix appends .env to .gitignore (fix-all safe) and a rescan is clean', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === '.env')!;
    const fix = fixFor(s, f, /^Add \.env to \.gitignore$/);
    assert.ok(fix.preferred && fix.fixAll);
    applyFix(fix);
    assert.strictEqual(read(root, '.gitignore'), 'node_modules/\n.env\n');
    const again = await scan(root);
    // The unanchored pattern covers nested .env files too.
    assert.deepStrictEqual(again.where(ID), ['.env.local:1', '.env.production:1']);
    const g = again.findings.find((x) => x.ruleId === ID && x.path.endsWith('.env.local'))!;
    applyFix(fixFor(again, g, /^Add \.env\.local to \.gitignore$/));
    assert.strictEqual(read(root, '.gitignore'), 'node_modules/\n.env\n.env.local\n');
  });

  it('creates .gitignore when there is none', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    fs.rmSync(path.join(root, '.gitignore'));
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === '.env')!;
    applyFix(fixFor(s, f, /^Add \.env to \.gitignore$/));
    assert.strictEqual(read(root, '.gitignore'), '.env\n');
  });
});
