import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';
import { parseEnvFile } from '../../../../server/src/parsers/envFile';

const ID = 'config/hardcoded-secret';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const STRIPE = 'sk_live_ErQHQwjyaxErPZDS3MoJaQNjCxkv';

describe(ID, () => {
  it('flags provider keys, secret-named literals, tracked .env values and JSON config', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      '.env:1', '.env:2',
      'config/settings.json:2', 'config/settings.json:3',
      'src/auth.js:3', 'src/auth.js:5',
      'src/config.js:2', 'src/config.js:3', 'src/config.js:4',
      'src/github.ts:1', 'src/payments.js:1',
      'src/storage.ts:5', 'src/storage.ts:5',
    ]);
  });

  it('grades live provider keys as errors and never echoes a secret', async () => {
    const s = await scan(dir('positive'));
    const mine = s.findings.filter((f) => f.ruleId === ID);
    const stripe = mine.find((f) => f.path.endsWith('payments.js'))!;
    assert.strictEqual(stripe.severity, 'error');
    assert.match(stripe.message, /Stripe secret key 'sk_l…kv'/);
    assert.ok(mine.find((f) => /AWS access key ID/.test(f.message))?.severity === 'error');
    assert.strictEqual(mine.find((f) => f.path.endsWith('config.js'))!.severity, 'warning');
    for (const f of mine) assert.ok(!f.message.includes(STRIPE) && !f.message.includes('q8N3vZ2kLp0xR7tY4wB9eD5s'), f.message);
  });

  it('accepts env fallbacks, placeholders, labels, Firebase web config, tests, ignored .env and JSON placeholders', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('move-to-env replaces the literal, writes .env and .env.example, and ignores .env', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('payments.js'))!;
    const fix = fixFor(s, f, /^Move STRIPE_SECRET_KEY to \.env$/);
    assert.strictEqual(fix.preferred, true);
    applyFix(fix);
    assert.strictEqual(read(root, 'src/payments.js').split('\n')[0], "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);");
    const env = parseEnvFile(read(root, '.env'));
    assert.strictEqual(env.find((e) => e.key === 'STRIPE_SECRET_KEY')?.value, STRIPE);
    assert.strictEqual(read(root, '.env.example'), 'STRIPE_SECRET_KEY=\n');
    assert.strictEqual(read(root, '.gitignore'), 'node_modules/\n.env\n');
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID).filter((w) => w.startsWith('src/payments.js') || w.startsWith('.env')), []);
  });

  it('quotes values so dotenv reads them back exactly, and names generic keys after their owner', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('config.js') && x.range.start.line === 2)!;
    applyFix(fixFor(s, f, /^Move DB_PASSWORD to \.env$/));
    assert.match(read(root, 'src/config.js'), /password: process\.env\.DB_PASSWORD \}/);
    assert.match(read(root, '.env'), /^DB_PASSWORD='Tr0ub4dor&3xY#9'$/m);
    assert.strictEqual(parseEnvFile(read(root, '.env')).find((e) => e.key === 'DB_PASSWORD')?.value, 'Tr0ub4dor&3xY#9');
  });

  it('reuses an existing .env key holding the same value', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const before = read(root, '.env');
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('config.js') && x.range.start.line === 3)!;
    applyFix(fixFor(s, f, /^Move SESSION_SECRET to \.env$/));
    assert.match(read(root, 'src/config.js'), /sessionSecret: process\.env\.SESSION_SECRET,/);
    assert.strictEqual(read(root, '.env'), before);
    assert.strictEqual(read(root, '.env.example'), 'SESSION_SECRET=\n');
  });

  it('is idempotent: a second move does not repeat .gitignore or .env.example lines', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    applyFix(fixFor(s, s.findings.find((x) => x.ruleId === ID && x.path.endsWith('config.js') && x.range.start.line === 1)!, /^Move JWT_SECRET to \.env$/));
    s = await scan(root);
    assert.deepStrictEqual(s.where(ID).filter((w) => w === 'src/config.js:2'), []);
    applyFix(fixFor(s, s.findings.find((x) => x.ruleId === ID && x.path.endsWith('config.js') && x.range.start.line === 3)!, /^Move SESSION_SECRET to \.env$/));
    assert.strictEqual(read(root, '.gitignore'), 'node_modules/\n.env\n');
    assert.strictEqual(read(root, '.env.example'), 'JWT_SECRET=\nSESSION_SECRET=\n');
    assert.strictEqual(parseEnvFile(read(root, '.env')).filter((e) => e.key === 'JWT_SECRET').length, 1);
  });

  it('moves a positional JWT secret to JWT_SECRET', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('auth.js') && x.range.start.line === 2)!;
    applyFix(fixFor(s, f, /^Move JWT_SECRET to \.env$/));
    assert.match(read(root, 'src/auth.js'), /jwt\.sign\(\{ sub: user\.id \}, process\.env\.JWT_SECRET\)/);
    const again = await scan(root);
    assert.ok(!again.where(ID).includes('src/auth.js:3'));
  });

  it('ignores JSON keys that name secrets but hold placeholders, and compose defaults', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'docker-compose.yml': 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n',
      'config/local.json': '{ "token": "" , "apiKey": "your-key-here" }',
    });
    assert.deepStrictEqual(s.where(ID), []);
  });
});
