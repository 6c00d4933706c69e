import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'config/env-file-not-ignored';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it("flags .env, .env.local, a plain project's .env.production and nested .env files git would track", async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      '.env:1',
      '.env.local:1',
      '.env.production:1',
      // ENVIRONMENT=development, but a secret-looking SECRET_KEY: the app's private config all the same.
      'services/api/.env:1',
      'services/worker/.env:1',
    ]);
    // Discovery reads .gitignore, not git's index: say what is known, not that git "would" commit it.
    const env = s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === '.env')!;
    assert.strictEqual(env.message, '.env is not git-ignored, so it is (or will be) committed.');
  });

  it("accepts ignored files, examples, .env.test, test and docs folders, Next.js mode files, Compose's .env and a secret-free development .env", async () => {
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

  it("accepts Docker Compose's own .env and a committed development .env that says so and holds no secret", async () => {
    const s = await scanFiles({
      '.gitignore': 'node_modules/\n',
      'docker/compose/.env': 'COMPOSE_PROJECT_NAME=paperless\n',
      '.env': [
        '# Read by `heroku local` during development; it has no effect on Heroku.',
        'ENVIRONMENT="development"',
        'PYTHONUNBUFFERED=1',
        'SECRET_KEY=changethis',
        'DATABASE_URL=postgresql://postgres:${POSTGRES_PASSWORD}@localhost:5432/app',
        '',
      ].join('\n'),
      'backend/.env': 'FASTAPI_ENV=local\nFIRST_SUPERUSER_PASSWORD=changethis\nSMTP_HOST=localhost\n',
    });
    assert.deepStrictEqual(s.where(ID), []);
    // Without the word that it is for development, or with a real password in a URL, it is reported.
    const t = await scanFiles({
      '.gitignore': 'node_modules/\n',
      '.env': 'PYTHONUNBUFFERED=1\nSECRET_KEY=changethis\n',
      'api/.env': 'APP_ENV=development\nDATABASE_URL=postgres://app:Wq8vLx2Tz5Rn@db.prod.internal/app\n',
      'compose/.env': 'COMPOSE_PROJECT_NAME=shop\nPOSTGRES_PASSWORD=Wq8vLx2Tz5Rn\n',
    });
    assert.deepStrictEqual(t.where(ID), ['.env:1', 'api/.env:1', 'compose/.env:1']);
  });
});
