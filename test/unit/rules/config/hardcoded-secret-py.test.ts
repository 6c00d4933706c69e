// config/hardcoded-secret in Python: Django and Flask settings, provider keys, secret-named values and keywords,
// environment fallbacks, and the move-to-env fix writing `os.environ['NAME']` (with `import os` when missing).
import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, findingAt, fixFor, read, scan, scanFiles } from '../../../helpers/engine';
import { parseEnvFile } from '../../../../server/src/platform/envFile';

const ID = 'config/hardcoded-secret';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const py = (s: Awaited<ReturnType<typeof scan>>) => s.where(ID).filter((w) => w.startsWith('python/'));

describe(`${ID} (Python)`, () => {
  it('flags SECRET_KEY, DATABASES and EMAIL passwords, provider keys, signing keys and their env fallbacks', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(py(s), [
      'python/app.py:9',
      'python/app.py:10',
      'python/app.py:11',
      'python/app.py:12',
      'python/app.py:13',
      'python/app.py:17',
      'python/config.py:7',
      'python/config.py:15',
      'python/db.py:7',
      'python/db.py:10',
      'python/settings.py:3',
      'python/settings.py:10',
      'python/settings.py:13',
      'python/split/base.py:1',
    ]);
    const msg = (file: string, line: number) => findingAt(s, ID, file, line).message;
    assert.strictEqual(msg('python/settings.py', 3), "Hardcoded signing key SECRET_KEY ('djan…j6').");
    assert.strictEqual(msg('python/app.py', 9), "Hardcoded signing key SECRET_KEY ('d…' (3 chars)).");
    assert.strictEqual(
      msg('python/app.py', 10),
      "Fallback signing key secret_key ('you-…ss'), used to sign whenever the variable is missing.",
    );
    assert.strictEqual(
      msg('python/app.py', 13),
      "Fallback secret for API_TOKEN ('a8f5…0c'), used whenever the variable is missing.",
    );
    assert.strictEqual(msg('python/app.py', 17), "Hardcoded JWT signing secret ('s…t' (6 chars)).");
    assert.strictEqual(msg('python/settings.py', 10), "Hardcoded secret in 'PASSWORD' ('Tr0u…q').");
    assert.strictEqual(
      msg('python/db.py', 10),
      "The redis URL 'redis://:***@cache.prod.internal:6379/0' embeds the password of the service.",
    );
    // A pydantic settings field is read from the environment: its default is a fallback.
    assert.match(msg('python/config.py', 15), /^Fallback signing key SECRET_KEY/);
    const stripe = findingAt(s, ID, 'python/app.py', 12);
    assert.strictEqual(stripe.severity, 'error');
    for (const f of s.findings.filter((x) => x.ruleId === ID && x.path.endsWith('.py')))
      assert.ok(!/ErQHQwjyax|Tr0ub4dor|Wq8vLx2Tz5Rn|Zq81xLm2Pp7w|you-will-never-guess/.test(f.message), f.message);
  });

  it('leaves alone base settings production overrides, dev/test/example modules, dev branches and classes, templates and local fallbacks', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(py(s), []);
  });

  it('keeps a base module setting that the production module star-importing it does not set again', async () => {
    const s = await scanFiles({
      'proj/settings/base.py': "SECRET_KEY = 'q8N3vZ2kLp0xR7tY4wB9eD5s'\nAPI_KEY = 'f8Kq2Zr9Lm3Xw7Tb1Nc5Vd0'\n",
      'proj/settings/production.py':
        "import os\nfrom proj.settings.base import *\nSECRET_KEY = os.environ['SECRET_KEY']\n",
      'proj/settings/dev.py': "from .base import *\nAPI_KEY = 'dev'\n",
    });
    assert.deepStrictEqual(s.where(ID), ['proj/settings/base.py:2']);
  });

  it('treats a module-level literal set again from the environment later in the file as a fallback', async () => {
    const s = await scanFiles({
      'settings.py': [
        'import os',
        "SECRET_KEY = 'dev-key'",
        "if 'SECRET_KEY' in os.environ:",
        "    SECRET_KEY = os.environ['SECRET_KEY']",
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(s.where(ID), ['settings.py:2']);
    assert.match(s.findings.find((f) => f.ruleId === ID)!.message, /^Fallback signing key SECRET_KEY/);
  });

  it("moves SECRET_KEY to the environment: os.environ['SECRET_KEY'], .env, .env.example, .gitignore", async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const fix = fixFor(s, findingAt(s, ID, 'python/settings.py', 3), /^Move SECRET_KEY to \.env$/);
    assert.strictEqual(fix.preferred, true);
    applyFix(fix);
    const text = read(root, 'python/settings.py');
    assert.strictEqual(text.split('\n')[2], "SECRET_KEY = os.environ['SECRET_KEY']");
    assert.strictEqual(text.match(/^import os$/gm)?.length, 1);
    assert.strictEqual(
      parseEnvFile(read(root, '.env')).find((e) => e.key === 'SECRET_KEY')?.value,
      'django-insecure-9x!k2#vq8p$wz7r0m3l5n1b4c6d8f0g2h4j6',
    );
    assert.strictEqual(read(root, '.env.example'), 'SECRET_KEY=\n');
    assert.strictEqual(read(root, '.gitignore'), 'node_modules/\n.env\n');
    const again = await scan(root);
    assert.ok(!again.where(ID).includes('python/settings.py:3'), again.where(ID).join('\n'));
  });

  it('adds import os after the docstring once, however many literals move, and names generic keys after their owner', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    applyFix(fixFor(s, findingAt(s, ID, 'python/db.py', 7), /^Move DB_PASSWORD to \.env$/));
    let text = read(root, 'python/db.py');
    assert.deepStrictEqual(text.split('\n').slice(0, 3), [
      '"""Database and cache connections."""',
      'import os',
      'import psycopg2',
    ]);
    assert.match(text, /password=os\.environ\['DB_PASSWORD'\]\)/);
    s = await scan(root);
    assert.ok(!s.where(ID).some((w) => w.startsWith('python/db.py:8')), s.where(ID).join('\n'));
    // The settings' DATABASES password, in a file that imports os already: DB_PASSWORD is taken by another value.
    applyFix(fixFor(s, findingAt(s, ID, 'python/settings.py', 10), /^Move DB_PASSWORD_2 to \.env$/));
    assert.match(read(root, 'python/settings.py'), /'PASSWORD': os\.environ\['DB_PASSWORD_2'\],/);
    assert.strictEqual(read(root, 'python/settings.py').match(/^import os$/gm)?.length, 1);
    assert.strictEqual(read(root, '.env.example'), 'DB_PASSWORD=\nDB_PASSWORD_2=\n');
    s = await scan(root);
    const stripe = findingAt(s, ID, 'python/app.py', 12);
    applyFix(fixFor(s, stripe, /^Move STRIPE_SECRET_KEY to \.env$/));
    s = await scan(root);
    applyFix(fixFor(s, findingAt(s, ID, 'python/app.py', 9), /^Move SECRET_KEY to \.env$/));
    text = read(root, 'python/app.py');
    assert.strictEqual(text.match(/^import os$/gm)?.length, 1);
    assert.match(text, /^stripe\.api_key = os\.environ\['STRIPE_SECRET_KEY'\]$/m);
    assert.match(text, /^app\.config\['SECRET_KEY'\] = os\.environ\['SECRET_KEY'\]$/m);
    assert.strictEqual(read(root, '.gitignore'), 'node_modules/\n.env\n');
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => /^python\/(db\.py:8|app\.py:(9|12))$/.test(w)),
      [],
    );
  });

  it('offers no move-to-env fix for a fallback, as in JS', async () => {
    const s = await scan(dir('positive'));
    const fallback = findingAt(s, ID, 'python/app.py', 10);
    assert.deepStrictEqual(
      s.engine.fixesFor(fallback).filter((f) => /^Move /.test(f.title)),
      [],
    );
  });
});
