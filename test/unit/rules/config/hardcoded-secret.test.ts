import * as assert from 'assert';
import * as path from 'path';
import * as fs from 'fs';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';
import { parseEnvFile } from '../../../../server/src/platform/envFile';

const ID = 'config/hardcoded-secret';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const STRIPE = 'sk_live_ErQHQwjyaxErPZDS3MoJaQNjCxkv';

describe(ID, () => {
  it('flags provider keys, secret-named literals, tracked .env values and JSON config', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      '.env:1',
      '.env:2',
      '.env:4',
      'config/production.json:2',
      'config/queue.yaml:2',
      'config/settings.json:2',
      'config/settings.json:3',
      'example-env/config.js:7',
      'example-env/server.js:3',
      'prisma/schema.prisma:7',
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
      'src/auth.js:3',
      'src/auth.js:5',
      'src/auth.js:7',
      'src/config.js:2',
      'src/config.js:3',
      'src/config.js:4',
      'src/db.js:3',
      'src/db.js:4',
      'src/fallback.js:3',
      'src/fallback.js:4',
      'src/fallback.js:5',
      'src/github.ts:1',
      'src/jwt-alias.ts:2',
      'src/payments.js:1',
      'src/session.js:7',
      'src/session.js:8',
      'src/session.js:8',
      'src/session.js:9',
      'src/storage.ts:5',
      'src/storage.ts:5',
    ]);
  });

  it('flags env fallbacks that are random-looking secrets or URLs with real passwords, saying a missing variable falls back to a committed secret', async () => {
    const s = await scan(dir('positive'));
    const mine = s.findings.filter((f) => f.ruleId === ID && f.path.endsWith('fallback.js'));
    assert.strictEqual(
      mine[0].message,
      "Fallback secret for JWT_SECRET ('f8Kq…d0'), used whenever the variable is missing.",
    );
    assert.strictEqual(
      mine[2].message,
      "The fallback mongodb+srv URL 'mongodb+srv://app:***@cluster…od.mongodb.net/app' embeds a real password.",
    );
    for (const f of mine) {
      assert.strictEqual(f.severity, 'warning');
      assert.ok(!/f8Kq2Zr9Lm3Xw7Tb1Nc5Vd0|a8f5f167f44f4964e6c998dee827110c|Vx7pQ2mLr9Zt/.test(f.message), f.message);
    }
  });

  it('flags URLs with real passwords in JSON/YAML config files and schema.prisma, redacted', async () => {
    const s = await scan(dir('positive'));
    const msg = (w: string) =>
      s.findings.find((f) => f.ruleId === ID && `${s.engine.rel(f.path)}:${f.range.start.line + 1}` === w)!;
    assert.strictEqual(
      msg('config/production.json:2').message,
      "The redis URL 'redis://:***@prod-redis:6379' embeds the password of the service.",
    );
    assert.strictEqual(
      msg('prisma/schema.prisma:7').message,
      "The postgresql URL 'postgresql://orders:***@order…ws.com:5432/orders' embeds the password of user 'orders'.",
    );
    for (const w of ['config/production.json:2', 'config/queue.yaml:2', 'prisma/schema.prisma:7']) {
      assert.strictEqual(msg(w).severity, 'warning');
      assert.ok(!/S3cr3tPw77x|Qz8rT2vLp5|S3cretPass/.test(msg(w).message), msg(w).message);
    }
  });

  it('flags any literal in a known secret position, however weak: session secrets and keys, cookieParser, jwt.verify', async () => {
    const s = await scan(dir('positive'));
    const at = (file: string, line: number) =>
      s.findings.filter((f) => f.ruleId === ID && s.engine.rel(f.path) === file && f.range.start.line === line - 1);
    assert.match(at('src/session.js', 7)[0].message, /^Hardcoded session secret \('key…t'\)/);
    assert.deepStrictEqual(
      at('src/session.js', 8).map((f) => f.message.slice(0, 28)),
      ['Hardcoded session signing ke', 'Hardcoded session signing ke'],
    );
    assert.match(at('src/session.js', 9)[0].message, /^Hardcoded cookie-signing secret \('s…t' \(6 chars\)\)/);
    assert.match(at('src/auth.js', 7)[0].message, /^Hardcoded JWT signing secret/);
    for (const f of [
      ...at('src/session.js', 7),
      ...at('src/session.js', 8),
      ...at('src/session.js', 9),
      ...at('src/auth.js', 7),
    ]) {
      assert.strictEqual(f.severity, 'warning');
      assert.ok(!/keyboard cat|changeme|previous key|s3cret/.test(f.message), f.message);
    }
  });

  it('flags passwords inside connection URLs in code and in a tracked .env, without echoing them', async () => {
    const s = await scan(dir('positive'));
    const msg = (w: string) =>
      s.findings.find((f) => f.ruleId === ID && `${s.engine.rel(f.path)}:${f.range.start.line + 1}` === w)!;
    assert.strictEqual(msg('src/db.js:3').severity, 'warning');
    assert.strictEqual(
      msg('src/db.js:3').message,
      "The postgres URL 'postgres://shop:***@db.prod.internal/shop' embeds the password of user 'shop'.",
    );
    assert.strictEqual(
      msg('.env:4').message,
      'REDIS_URL embeds the password of the service in .env, which is not git-ignored.',
    );
    for (const f of s.findings) assert.ok(!/S3cretPw|Xk29fLq8PzR4|Zq81xLm2Pp7w/.test(f.message), f.message);
  });

  it('puts a URL password finding on the password, leaving the whole URL to backing-services/hardcoded-url', async () => {
    const s = await scan(dir('positive'));
    const covered = (w: string) => {
      const f = s.findings.find((x) => x.ruleId === ID && `${s.engine.rel(x.path)}:${x.range.start.line + 1}` === w)!;
      const line = fs.readFileSync(f.path, 'utf8').split('\n')[f.range.start.line];
      return line.slice(f.range.start.character, f.range.end.character);
    };
    assert.strictEqual(covered('src/db.js:3'), 'S3cretPw');
    assert.strictEqual(covered('config/production.json:2'), 'S3cr3tPw77x');
    assert.ok(/^[^:@/]+$/.test(covered('prisma/schema.prisma:7')), covered('prisma/schema.prisma:7'));
  });

  it('counts lines as editors do when it puts the finding on a password (U+2028 in a comment breaks no line)', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "app", "version": "1.0.0", "main": "db.js", "dependencies": { "pg": "8.11.3" } }\n',
      'db.js':
        "// a\u2028b\nconst { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: 'postgres://shop:S3cretPw@db.prod.internal/shop' });\n",
    });
    const secret = s.findings.find((f) => f.ruleId === ID)!;
    assert.ok(secret, JSON.stringify(s.findings.map((f) => f.ruleId)));
    assert.strictEqual(secret.range.start.line, 2);
    const line = fs.readFileSync(secret.path, 'utf8').split('\n')[2];
    assert.strictEqual(line.slice(secret.range.start.character, secret.range.end.character), 'S3cretPw');
  });

  it('moves a weak session secret to the environment (SESSION_SECRET_2, as .env already holds another SESSION_SECRET)', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('session.js') && x.range.start.line === 6)!;
    applyFix(fixFor(s, f, /^Move SESSION_SECRET_2 to \.env$/));
    assert.match(read(root, 'src/session.js'), /session\(\{ secret: process\.env\.SESSION_SECRET_2, resave/);
    const env = parseEnvFile(read(root, '.env'));
    assert.strictEqual(env.find((e) => e.key === 'SESSION_SECRET')?.value, 'f3Kq9Zr2Lm8Xw4Tb7Nc1');
    assert.strictEqual(env.find((e) => e.key === 'SESSION_SECRET_2')?.value, 'keyboard cat');
    const again = await scan(root);
    assert.ok(!again.where(ID).includes('src/session.js:7'));
  });

  it('grades live provider keys as errors and never echoes a secret', async () => {
    const s = await scan(dir('positive'));
    const mine = s.findings.filter((f) => f.ruleId === ID);
    const stripe = mine.find((f) => f.path.endsWith('payments.js'))!;
    assert.strictEqual(stripe.severity, 'error');
    assert.match(stripe.message, /Stripe secret key 'sk_l…kv'/);
    assert.ok(mine.find((f) => /AWS access key ID/.test(f.message))?.severity === 'error');
    assert.strictEqual(mine.find((f) => f.path.endsWith('config.js'))!.severity, 'warning');
    for (const f of mine)
      assert.ok(!f.message.includes(STRIPE) && !f.message.includes('q8N3vZ2kLp0xR7tY4wB9eD5s'), f.message);
  });

  it('accepts env fallbacks, placeholders, labels, Firebase web config, tests, ignored .env, JSON placeholders, dev-only sessions and local, example or template URLs; example env files loaded only by dev branches, tooling or tests, checked by dotenv-safe, or without secret values', async () => {
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
    assert.strictEqual(
      read(root, 'src/payments.js').split('\n')[0],
      "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);",
    );
    const env = parseEnvFile(read(root, '.env'));
    assert.strictEqual(env.find((e) => e.key === 'STRIPE_SECRET_KEY')?.value, STRIPE);
    assert.strictEqual(read(root, '.env.example'), 'STRIPE_SECRET_KEY=\n');
    assert.strictEqual(read(root, '.gitignore'), 'node_modules/\n.env\n');
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('src/payments.js') || w.startsWith('.env')),
      [],
    );
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
    applyFix(
      fixFor(
        s,
        s.findings.find((x) => x.ruleId === ID && x.path.endsWith('config.js') && x.range.start.line === 1)!,
        /^Move JWT_SECRET to \.env$/,
      ),
    );
    s = await scan(root);
    assert.deepStrictEqual(
      s.where(ID).filter((w) => w === 'src/config.js:2'),
      [],
    );
    applyFix(
      fixFor(
        s,
        s.findings.find((x) => x.ruleId === ID && x.path.endsWith('config.js') && x.range.start.line === 3)!,
        /^Move SESSION_SECRET to \.env$/,
      ),
    );
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

  it('knows the secret options of Koa, Fastify plugins, NestJS JwtModule, express-jwt and passport-jwt', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'src/app.ts': [
        "import Koa from 'koa';",
        "import fastifyJwt from '@fastify/jwt';",
        'const app = new Koa();',
        "app.keys = ['im a newer secret', 'i like turtle'];",
        "fastify.register(fastifyJwt, { secret: 'supersecret' });",
        "JwtModule.register({ secret: 'nest secret', signOptions: { expiresIn: '1h' } });",
        "app.use(expressjwt({ secret: 'shhhhhhared', algorithms: ['HS256'] }));",
        "passport.use(new JwtStrategy({ secretOrKey: 'secret', jwtFromRequest }, verify));",
        "fastify.register(helmet, { secret: 'not a secret option' });",
        "const sessionSecret = { secret: '${SESSION_SECRET}' };",
        "app.use(session({ secret: '' }));",
      ].join('\n'),
    });
    assert.deepStrictEqual(s.where(ID), [
      'src/app.ts:4',
      'src/app.ts:4',
      'src/app.ts:5',
      'src/app.ts:6',
      'src/app.ts:7',
      'src/app.ts:8',
    ]);
  });

  it('ignores JSON keys that name secrets but hold placeholders, and compose defaults', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'docker-compose.yml': 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n',
      'config/local.json': '{ "token": "" , "apiKey": "your-key-here" }',
    });
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('flags an example env file loaded as the running config when it gives a secret a value, in code a process loads', async () => {
    const s = await scan(dir('positive'));
    const mine = s.findings.filter((f) => f.ruleId === ID && s.engine.rel(f.path).startsWith('example-env/'));
    assert.deepStrictEqual(
      mine.map((f) => f.message),
      [
        'Loads .env.example as live config, so an unset SESSION_SECRET silently takes its example value.',
        'Loads .env.example as live config, so an unset SESSION_SECRET silently takes its example value.',
      ],
    );
    for (const f of mine) assert.strictEqual(f.severity, 'warning');
  });
});

describe('config/hardcoded-secret: fallbacks in secret-only places', () => {
  const ID = 'config/hardcoded-secret';
  it('flags any literal fallback for a session or JWT secret, but not a template or a non-secret option', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'app',
        dependencies: { express: '^4.19.2', 'express-session': '^1.18.0' },
      }),
      'src/app.js': [
        "const session = require('express-session');",
        "const a = session({ secret: process.env.SESSION_SECRET || 'keyboard cat', resave: false });",
        "const b = session({ secret: process.env.SESSION_SECRET, name: process.env.COOKIE_NAME || 'sid' });",
        "const c = session({ secret: process.env.SESSION_SECRET ?? '${SESSION_SECRET}' });",
        'module.exports = { a, b, c };',
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(s.where(ID), ['src/app.js:2']);
    assert.match(s.findings.find((f) => f.ruleId === ID)!.message, /Fallback session secret/);
  });

  it('follows a fallback stored in a const to the secret-only place that uses it', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'app', dependencies: { jsonwebtoken: '^9.0.2' } }),
      'src/auth.ts': [
        "import jwt from 'jsonwebtoken';",
        "const jwtSecret = process.env.JWT_SECRET ?? 'dev-only-insecure-secret';",
        "const issuer = process.env.JWT_ISSUER ?? 'my-app';",
        'export const verify = (token: string) => jwt.verify(token, jwtSecret, { issuer });',
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(s.where(ID), ['src/auth.ts:2']);
  });
});
