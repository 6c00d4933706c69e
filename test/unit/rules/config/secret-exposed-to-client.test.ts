import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan, scanFiles } from '../../../helpers/engine';
import { clientSecretReason } from '../../../../server/src/detect/envVars';

const ID = 'config/secret-exposed-to-client';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags secret names and secret values behind client prefixes, in .env files (ignored or not) and in code', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      '.env.example:1',
      '.env.example:3',
      '.env.local:1',
      '.env.local:2',
      '.env.local:3',
      '.env.local:4',
      'next.config.js:5',
      'next.config.js:7',
      'next.config.js:9',
      'src/admin.tsx:2',
      'src/admin.tsx:4',
      'src/admin.tsx:5',
      'src/admin.tsx:6',
      'src/admin.tsx:7',
      'src/checkout.tsx:1',
      'src/checkout.tsx:2',
      'src/checkout.tsx:3',
      'vite.config.ts:7',
      'vite.config.ts:8',
    ]);
    const sev = Object.fromEntries(
      s.findings
        .filter((f) => f.ruleId === ID)
        .map((f) => [`${s.engine.rel(f.path)}:${f.range.start.line + 1}`, f.severity]),
    );
    assert.strictEqual(sev['.env.local:1'], 'error'); // live Stripe secret key
    assert.strictEqual(sev['.env.local:2'], 'error'); // Supabase service-role JWT
    assert.strictEqual(sev['.env.local:3'], 'warning'); // name only
    assert.strictEqual(sev['.env.local:4'], 'error'); // harmless name, secret value
    assert.ok(!s.findings.some((f) => f.message.includes('ErQHQwjyaxErPZDS3MoJaQNjCxkv')));
  });

  it('flags secrets that next.config `env`/`publicRuntimeConfig` and Vite `define` write into client bundles', async () => {
    const s = await scan(dir('positive'));
    const msg = (w: string) =>
      s.findings.find((f) => f.ruleId === ID && `${s.engine.rel(f.path)}:${f.range.start.line + 1}` === w)!;
    assert.strictEqual(
      msg('next.config.js:5').message,
      '`env` in next.config.js inlines STRIPE_SECRET_KEY (a secret) into the client JavaScript bundles.',
    );
    assert.match(msg('next.config.js:7').message, /inlines PAYMENTS_API_SECRET \(a secret\)/);
    assert.match(
      msg('next.config.js:9').message,
      /^`publicRuntimeConfig` in next\.config\.js sends databaseUrl \(a server-side connection string\)/,
    );
    assert.match(
      msg('vite.config.ts:7').message,
      /^`define` in vite\.config\.ts writes STRIPE_SECRET_KEY \(a secret\)/,
    );
    assert.match(msg('vite.config.ts:8').message, /writes ADMIN_TOKEN/);
    for (const w of [
      'next.config.js:5',
      'next.config.js:7',
      'next.config.js:9',
      'vite.config.ts:7',
      'vite.config.ts:8',
    ])
      assert.strictEqual(msg(w).severity, 'warning');
  });

  it('flags names that say admin credential or secret: ADMIN_API_TOKEN, ADMIN_ACCESS_KEY, run-together JWTSECRET, AUTH_TOKEN', async () => {
    const s = await scan(dir('positive'));
    const msg = (w: string) =>
      s.findings.find((f) => f.ruleId === ID && `${s.engine.rel(f.path)}:${f.range.start.line + 1}` === w)!.message;
    assert.strictEqual(
      msg('src/admin.tsx:2'),
      'NEXT_PUBLIC_ADMIN_API_TOKEN looks like an admin credential, but its prefix ships it to the browser.',
    );
    assert.match(msg('.env.example:3'), /^NEXT_PUBLIC_ADMIN_API_TOKEN looks like an admin credential/);
    assert.match(msg('src/admin.tsx:5'), /^REACT_APP_JWTSECRET looks like a secret/);
  });

  it('accepts publishable keys, anon keys, next.config publishable/anon/version entries, serverRuntimeConfig, Vite version defines, child-process env, Firebase/Maps keys, DSNs, analytics and map tokens, site keys, client ids, names about a secret or an admin, server-only names and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('treats PUBLIC_ as a client prefix only in SvelteKit and Astro projects', async () => {
    const files = (deps: string) => ({
      'package.json': `{ "name": "x", "version": "1.0.0", "dependencies": { ${deps} } }`,
      '.env.example': 'PUBLIC_STRIPE_SECRET_KEY=\n',
      'src/lib/pay.ts':
        'export const k = process.env.PUBLIC_STRIPE_SECRET_KEY;\nexport const a = process.env.PUBLIC_ADMIN_API_TOKEN;\nexport const p = process.env.PUBLIC_STRIPE_PUBLISHABLE_KEY;\n',
    });
    const svelte = await scanFiles(files('"@sveltejs/kit": "^2.5.0"'));
    assert.deepStrictEqual(svelte.where(ID), ['.env.example:1', 'src/lib/pay.ts:1', 'src/lib/pay.ts:2']);
    const plain = await scanFiles(files('"express": "^4.19.2"'));
    assert.deepStrictEqual(plain.where(ID), []);
  });

  it('classifies client-side names', () => {
    assert.ok(clientSecretReason('STRIPE_SECRET_KEY'));
    assert.ok(clientSecretReason('DATABASE_URL'));
    assert.ok(clientSecretReason('SUPABASE_SERVICE_ROLE_KEY'));
    assert.ok(clientSecretReason('ANTHROPIC_API_KEY'));
    assert.ok(clientSecretReason('FIREBASE_PRIVATE_KEY'));
    assert.strictEqual(clientSecretReason('STRIPE_PUBLISHABLE_KEY'), undefined);
    assert.strictEqual(clientSecretReason('SUPABASE_ANON_KEY'), undefined);
    assert.strictEqual(clientSecretReason('FIREBASE_API_KEY'), undefined);
    assert.strictEqual(clientSecretReason('SENTRY_DSN'), undefined);
    assert.strictEqual(clientSecretReason('AWS_ACCESS_KEY_ID'), undefined);
    assert.strictEqual(clientSecretReason('API_KEY'), undefined);
    for (const n of [
      'ADMIN_API_TOKEN',
      'ADMIN_TOKEN',
      'ADMIN_ACCESS_KEY',
      'SUPERADMIN_TOKEN',
      'FIREBASE_ADMIN_KEY',
      'JWTSECRET',
      'DBPASSWORD',
      'TWILIO_AUTH_TOKEN',
    ])
      assert.ok(clientSecretReason(n), n);
    for (const n of [
      'GA_MEASUREMENT_ID',
      'GA_KEY',
      'ANALYTICS_WRITE_KEY',
      'RECAPTCHA_SITE_KEY',
      'MAPBOX_ACCESS_TOKEN',
      'ACCESS_TOKEN',
      'AUTH0_CLIENT_ID',
      'ADMIN_CLIENT_ID',
      'ADMIN_PUBLIC_KEY',
      'ADMIN_URL',
      'ADMIN_EMAIL',
      'ADMIN_TOKEN_HEADER',
      'ADMIN_STORAGE_KEY',
      'ADMIN_SORT_KEY',
      'ADMIN_CSRF_TOKEN',
      'PASSWORD_MIN_LENGTH',
      'FORGOT_PASSWORD_URL',
      'SECRETARY_EMAIL',
      'SECRET_ARN',
    ]) {
      assert.strictEqual(clientSecretReason(n), undefined, n);
    }
  });
});
