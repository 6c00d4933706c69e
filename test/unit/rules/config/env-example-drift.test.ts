import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';
import { ALL_RULES } from '../../../../server/src/rules';

const ID = 'config/env-example-drift';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags variables read in code (dot, bracket, destructuring, alias, import.meta.env, Prisma env()) and .env keys missing from .env.example', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      '.env:4',
      'prisma/schema.prisma:4',
      'python/settings.py:7',
      'python/settings.py:9',
      'python/settings.py:10',
      'python/settings.py:12',
      'python/settings.py:14',
      'python/settings.py:17',
      'python/settings.py:18',
      'src/client.ts:2',
      'src/coerced.ts:1',
      'src/coerced.ts:2',
      'src/coerced.ts:3',
      'src/coerced.ts:4',
      'src/coerced.ts:5',
      'src/coerced.ts:6',
      'src/coerced.ts:7',
      'src/config.js:4',
      'src/config.js:7',
      'src/defaults.ts:1',
      'src/defaults.ts:2',
      'src/defaults.ts:4',
      'src/flags.ts:1',
      'src/flags.ts:2',
      'src/flags.ts:2',
      'src/flags.ts:3',
      'src/mail.ts:1',
      'src/mail.ts:1',
      'src/queue.ts:2',
    ]);
    // A flag compared with a literal is optional (absent means off): advice, not a warning.
    const flag = s.findings.find((f) => f.ruleId === ID && f.message.startsWith('FEATURE_BETA'))!;
    assert.strictEqual(flag.severity, 'info');
    assert.match(flag.message, /as an optional flag/);
    const redis = s.findings.find((f) => f.ruleId === ID && f.message.startsWith('REDIS_URL'))!;
    assert.match(redis.message, /here and in 1 other file/);
  });

  it("leaves out the variables its 'ignore' option names, by name or glob, in code and in .env", async () => {
    const s = await scan(dir('positive'), ALL_RULES, { [ID]: { ignore: ['REDIS_URL', 'FEATURE_*'] } });
    const all = await scan(dir('positive'));
    const names = (x: typeof s) => x.findings.filter((f) => f.ruleId === ID).map((f) => f.message.split(' ')[0]);
    assert.ok(names(all).includes('REDIS_URL') && names(all).includes('FEATURE_FLAGS'));
    assert.deepStrictEqual(
      names(s),
      names(all).filter((n) => n !== 'REDIS_URL' && !n.startsWith('FEATURE_')),
    );
  });

  it('reports a variable every read of which has a default as info, and one read without a default as a warning', async () => {
    const s = await scan(dir('positive'));
    const at = (line: number) =>
      s.findings.find((f) => f.ruleId === ID && f.path.endsWith('defaults.ts') && f.range.start.line === line - 1)!;
    assert.strictEqual(at(1).severity, 'info'); // LOG_LEVEL ?? 'info'
    assert.match(
      at(1).message,
      /^LOG_LEVEL is read from the environment with a default, but \.env\.example does not list it/,
    );
    assert.strictEqual(at(4).severity, 'info'); // const { CACHE_TTL = '60' } = process.env
    assert.strictEqual(at(2).severity, 'warning'); // TIMEOUT_MS is also read without a default on line 3
    assert.strictEqual(
      s.findings.find((f) => f.ruleId === ID && f.message.startsWith('REDIS_URL'))!.severity,
      'warning',
    );
  });

  it('sees a default through a number or boolean conversion of the read (`Number(process.env.X) || 20`), but not a dead one', async () => {
    const s = await scan(dir('positive'));
    const sev = (line: number) =>
      s.findings.find((f) => f.ruleId === ID && f.path.endsWith('coerced.ts') && f.range.start.line === line - 1)!
        .severity;
    assert.strictEqual(sev(1), 'info'); // Number(process.env.AMQP_PREFETCH) || 20
    assert.strictEqual(sev(2), 'info'); // Number.parseInt(process.env.WEB_CONCURRENCY ?? '', 10) || 2
    assert.strictEqual(sev(3), 'info'); // parseFloat(process.env.TRACE_SAMPLE_RATE as string) || 0.1
    assert.strictEqual(sev(4), 'warning'); // Number(process.env.MAX_RETRIES): no fallback
    assert.strictEqual(sev(5), 'warning'); // Number(…) ?? 100: NaN is not nullish, the fallback never applies
    assert.strictEqual(sev(6), 'warning'); // String(undefined) is 'undefined', so `|| 'eu-west-1'` never applies
    assert.strictEqual(sev(7), 'warning'); // JSON.parse is not a conversion: it throws without the variable
  });

  it('accepts documented keys (also `export`ed or commented out), platform variables, dynamic reads, tests, docs and projects without .env', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix adds the key with a blank value (fix-all safe) and a rescan no longer reports it', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.message.startsWith('REDIS_URL'))!;
    const fix = fixFor(s, f, /^Add REDIS_URL to \.env\.example$/);
    assert.ok(fix.preferred && fix.fixAll);
    applyFix(fix);
    assert.strictEqual(
      read(root, '.env.example'),
      '# Copy to .env for local development.\nPORT=3000\nDATABASE_URL=\n# SENTRY_DSN=\nREDIS_URL=\n',
    );
    const again = await scan(root);
    assert.ok(!again.findings.some((x) => x.ruleId === ID && x.message.startsWith('REDIS_URL')));
    assert.strictEqual(again.where(ID).length, 28);
  });

  it('"add all" documents every missing key at once, and the .env key never takes its value along', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('.env'))!;
    applyFix(fixFor(s, f, /^Add all 29 missing keys to \.env\.example$/));
    assert.strictEqual(
      read(root, '.env.example').split('\n').slice(4).join('\n'),
      'ADMINS=\nALLOWED_HOSTS=\nAMQP_PREFETCH=\nAPI_URL_OVERRIDE=\nAWS_REGION=\nAWS_S3_REGION_NAME=\nAWS_STORAGE_BUCKET_NAME=\nBATCH_SIZE=\nCACHE_TTL=\nCACHE_URL=\nDIRECT_URL=\nDJANGO_SECRET_KEY=\nFEATURE_BETA=\nFEATURE_FLAGS=\nFEATURE_JSON=\nLOG_LEVEL=\nMAX_RETRIES=\nQUEUE_CONCURRENCY=\nREDIS_URL=\nS3_REGION=\nSMTP_HOST=\nSMTP_PORT=\nSTORAGE_REGION=\nSTRIPE_SECRET_KEY=\nTIMEOUT_MS=\nTRACE_SAMPLE_RATE=\nUSE_S3=\nVITE_API_URL=\nWEB_CONCURRENCY=\n',
    );
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID), []);
    // Nothing left to add: no fix repeats a key.
    assert.ok(!read(root, '.env.example').includes('sk_test_local'));
  });

  it('suggests creating .env.example when a project has a .env but no example at all', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      '.gitignore': '.env\n',
      '.env': 'SESSION_SECRET=abc\nNODE_ENV=development\n',
      'src/app.js': 'module.exports = { url: process.env.DATABASE_URL };\n',
    });
    assert.deepStrictEqual(s.where(ID), ['.env:1']);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.match(f.message, /uses 2 environment variables but has no \.env\.example/);
    applyFix(fixFor(s, f, /^Create \.env\.example with 2 keys$/));
    assert.strictEqual(read(s.root, '.env.example'), 'DATABASE_URL=\nSESSION_SECRET=\n');
    const again = await scan(s.root);
    assert.deepStrictEqual(again.where(ID), []);
  });

  it("uses the workspace root's .env.example for a member without its own", async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "root", "private": true, "workspaces": ["packages/*"] }',
      '.env.example': 'DATABASE_URL=\n',
      'packages/api/package.json': '{ "name": "api", "version": "1.0.0" }',
      'packages/api/src/db.js': 'module.exports = [process.env.DATABASE_URL, process.env.REDIS_URL];\n',
    });
    assert.deepStrictEqual(s.where(ID), ['packages/api/src/db.js:1']);
    applyFix(
      fixFor(
        s,
        s.findings.find((x) => x.ruleId === ID)!,
        /^Add REDIS_URL to \.env\.example$/,
      ),
    );
    assert.strictEqual(read(s.root, '.env.example'), 'DATABASE_URL=\nREDIS_URL=\n');
  });
});

describe(`${ID} (Python)`, () => {
  it('reads os.environ, os.getenv and django-environ reads, with defaults, flags and reads only made when a variable is set', async () => {
    const s = await scan(dir('positive'));
    const at = (line: number) =>
      s.findings.find((f) => f.ruleId === ID && f.path.endsWith('settings.py') && f.range.start.line === line - 1)!;
    assert.strictEqual(
      at(7).message,
      'DJANGO_SECRET_KEY is read from the environment, but .env.example does not list it.',
    );
    assert.strictEqual(at(7).severity, 'warning');
    assert.strictEqual(at(9).severity, 'info'); // env.list('ALLOWED_HOSTS', default=[…])
    assert.match(at(14).message, /as an optional flag/);
    assert.strictEqual(
      at(18).message,
      'AWS_S3_REGION_NAME is read from the environment only if a variable is set, but .env.example does not list it.',
    );
    assert.strictEqual(at(18).severity, 'info');
    // `if admins := os.getenv('ADMINS'):` tests the variable itself.
    assert.strictEqual(at(12).severity, 'info');
    // DATABASE_URL and SENTRY_DSN are documented (the latter commented out).
    assert.ok(!s.findings.some((f) => f.ruleId === ID && /^(DATABASE_URL|SENTRY_DSN) /.test(f.message)));
  });

  it('accepts documented keys, legacy aliases, writes, DJANGO_SETTINGS_MODULE, tests and migrations', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(
      s.where(ID).filter((w) => w.startsWith('python/')),
      [],
    );
  });

  it("does not ask for an example beside a .env that is Docker Compose's, or a committed development file without secrets", async () => {
    const compose = await scanFiles({
      '.env': 'COMPOSE_PROJECT_NAME=paperless\n',
      'settings.py': "import os\nSECRET_KEY = os.environ['PAPERLESS_SECRET_KEY']\n",
    });
    assert.deepStrictEqual(compose.where(ID), []);
    const dev = await scanFiles({
      '.env':
        'ENVIRONMENT="development"\nPYTHONUNBUFFERED=1\nSECRET_KEY=changethis\nDATABASE_URL=postgres://localhost/app\n',
      'settings.py': "import os\nDEBUG = os.environ.get('ENVIRONMENT') == 'development'\n",
    });
    assert.deepStrictEqual(dev.where(ID), []);
    // The same file with a real secret in it is the app's private config: create the example.
    const real = await scanFiles({
      '.env': 'ENVIRONMENT=development\nSECRET_KEY=f8Kq2Zr9Lm3Xw7Tb1Nc5Vd0\n',
      'settings.py': "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n",
    });
    assert.deepStrictEqual(real.where(ID), ['.env:1']);
  });
});
