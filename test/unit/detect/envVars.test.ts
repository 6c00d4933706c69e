// detect/envVars.ts: platform-provided variables, client-side prefixes and which client-side names hold secrets.
import * as assert from 'assert';
import {
  clientPrefixOf,
  clientSecretReason,
  dependsOnAny,
  envModeOf,
  exampleEnvFiles,
  isProvidedEnvVar,
  withArticle,
} from '../../../server/src/detect/envVars';
import { fakeProject } from '../../helpers/project';
import type { EnvFile } from '../../../server/src/core/model';

const project = fakeProject;
const envFile = (rel: string, isExample: boolean): EnvFile => ({
  path: `/p/${rel}`,
  rel,
  isExample,
  ignored: false,
  entries: [],
});

describe('detect/envVars', () => {
  it('knows what the OS, Node, npm, CI and platforms set, also under client prefixes, case-sensitively', () => {
    for (const n of [
      'NODE_ENV',
      'PATH',
      'npm_package_version',
      'LC_ALL',
      'VERCEL_URL',
      'NEXT_PUBLIC_VERCEL_URL',
      'VITE_VERCEL_ENV',
      'http_proxy',
      'HTTPS_PROXY',
      'CI',
      'CI_COMMIT_SHA',
      'KUBERNETES_SERVICE_HOST',
      'DD_ENV',
    ])
      assert.ok(isProvidedEnvVar(n), n);
    for (const n of [
      'DATABASE_URL',
      'NEXT_PUBLIC_API',
      'Http_Proxy',
      '',
      'GITHUB_TOKEN',
      'NODE_ENVIRONMENT',
      'constructor',
    ])
      assert.ok(!isProvidedEnvVar(n), n);
  });

  it('finds the client prefix frameworks inline, and PUBLIC_ only for SvelteKit or Astro (through the workspace root)', () => {
    assert.strictEqual(clientPrefixOf('NEXT_PUBLIC_API_URL', undefined), 'NEXT_PUBLIC_');
    assert.strictEqual(clientPrefixOf('VITE_KEY', undefined), 'VITE_');
    assert.strictEqual(clientPrefixOf('VITE_', undefined), undefined); // the prefix alone names nothing
    assert.strictEqual(clientPrefixOf('PUBLIC_KEY', project({ dependencies: { express: '4' } })), undefined);
    assert.strictEqual(clientPrefixOf('PUBLIC_KEY', project({ devDependencies: { '@sveltejs/kit': '2' } })), 'PUBLIC_');
    const root = project({ dependencies: { astro: '4' } });
    const member = project({ name: 'web' }, { parent: root });
    assert.strictEqual(clientPrefixOf('PUBLIC_KEY', member), 'PUBLIC_');
    assert.ok(dependsOnAny(member, ['astro']));
    assert.ok(!dependsOnAny(project(undefined), ['astro']));
  });

  describe('clientSecretReason', () => {
    it('names secrets, admin credentials, server-only provider keys and server connection strings', () => {
      const cases: [string, string][] = [
        ['STRIPE_SECRET_KEY', 'a secret'],
        ['JWTSECRET', 'a secret'],
        ['DB_PASSWORD', 'a secret'],
        ['DBPASSWORD', 'a secret'],
        ['SUPABASE_SERVICE_ROLE_KEY', 'a secret'],
        ['GITHUB_CLIENT_SECRET', 'a secret'],
        ['AWS_SECRET_ACCESS_KEY', 'a secret'],
        ['SLACK_BOT_TOKEN', 'a secret'],
        ['ADMIN_TOKEN', 'an admin credential'],
        ['ADMIN_API_TOKEN', 'an admin credential'],
        ['SUPERADMIN_TOKEN', 'an admin credential'],
        ['MY_ADMIN_KEY', 'an admin credential'],
        ['FIREBASE_ADMIN_KEY', 'an admin credential'],
        ['OPENAI_API_KEY', 'a server-only API credential'],
        ['ANTHROPIC_KEY', 'a server-only API credential'],
        ['DATABASE_URL', 'a server-side connection string'],
        ['MONGO_URI', 'a server-side connection string'],
      ];
      for (const [name, reason] of cases) assert.strictEqual(clientSecretReason(name), reason, name);
    });

    it('leaves publishable, anon, demo and naming keys, ids and names about a secret alone', () => {
      for (const n of [
        '',
        'DEMO_PASSWORD',
        'PASSWORD_MIN_LENGTH',
        'STRIPE_PUBLISHABLE_KEY',
        'SUPABASE_ANON_KEY',
        'ADMIN_STORAGE_KEY',
        'ADMIN_CSRF_TOKEN',
        'CSRF_TOKEN',
        'FIREBASE_API_KEY',
        'OPENAI_ORG_ID',
        'API_URL',
        'SENTRY_DSN',
        'GOOGLE_MAPS_API_KEY',
        'SECRET_ROUTE',
        'GITHUB_CLIENT_ID',
        'BADMIN_KEY',
        'ADMIN__KEY',
        'AWS_REGION',
      ]) {
        assert.strictEqual(clientSecretReason(n), undefined, n);
      }
    });

    it('reads a long admin-like name in linear time', () => {
      const t0 = Date.now();
      assert.strictEqual(clientSecretReason('ADMIN' + '_X'.repeat(50000) + '_KEY'), 'an admin credential');
      assert.strictEqual(clientSecretReason('ADMINX'.repeat(20000) + '_KEY'), undefined);
      assert.ok(Date.now() - t0 < 500);
    });
  });

  it('reads the mode of .env.<mode> files, not .local or other names', () => {
    const modes = ['.env.development', '/a/b/.env.production', '.env.Test', '.env.staging', '.env.ci'].map(envModeOf);
    assert.deepStrictEqual(modes, ['development', 'production', 'test', 'staging', 'ci']);
    for (const f of ['.env.local', '.env', '.env.development.local', 'x.env.prod', '.env.feature'])
      assert.strictEqual(envModeOf(f), undefined, f);
  });

  it('lists example env files outside tests and examples', () => {
    const p = project(
      {},
      {
        envFiles: [
          envFile('.env', false),
          envFile('.env.example', true),
          envFile('test/.env.example', true),
          envFile('examples/a/.env.sample', true),
        ],
      },
    );
    assert.deepStrictEqual(
      exampleEnvFiles(p).map((e) => e.rel),
      ['.env.example'],
    );
  });

  it('puts "an" before vowels and npm, "a" otherwise', () => {
    assert.deepStrictEqual(
      ['AWS access key ID', 'npm token', 'Stripe secret key', 'OpenAI API key', 'npmx'].map(withArticle),
      ['an AWS access key ID', 'an npm token', 'a Stripe secret key', 'an OpenAI API key', 'a npmx'],
    );
  });
});
