// detect/secrets.ts: provider formats, secret-looking names, placeholders and values, and how they are shown.
import * as assert from 'assert';
import {
  findProviderSecrets,
  isPlaceholder,
  isSecretName,
  isTemplateValue,
  looksLikeSecretValue,
  mayHoldProviderSecret,
} from '../../../server/src/detect/secrets';
import { describeSecret, redactText } from '../../../server/src/util/redact';

// Built from parts so that no complete token sits in this file.
const MIX = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4';
const jwt = (payload: object): string =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`;

/** One token per provider, with the provider findProviderSecrets names and whether it counts as live. */
const TOKENS: [string, string, boolean][] = [
  ['AKIA' + 'Q7ZK3M9X2B5N8V4C', 'AWS access key ID', true],
  ['sk_live_' + MIX.slice(0, 24), 'Stripe secret key', true],
  ['rk_live_' + MIX.slice(0, 24), 'Stripe secret key', true],
  ['whsec_' + MIX.slice(0, 28), 'Stripe webhook secret', true],
  ['ghp_' + MIX.slice(0, 36), 'GitHub token', true],
  ['github_pat_' + 'A1'.repeat(31), 'GitHub token', true],
  ['glpat-' + MIX.slice(0, 20), 'GitLab token', true],
  ['xoxb-' + '1234567890-' + MIX.slice(0, 12), 'Slack token', true],
  ['https://hooks.slack.com/services/T0123ABCD/B0123ABCD/' + MIX.slice(0, 20), 'Slack webhook URL', true],
  ['AIza' + MIX.slice(0, 35), 'Google API key', false],
  ['GOCSPX-' + MIX.slice(0, 28), 'Google OAuth client secret', true],
  ['SK' + 'fedcba98765432100123456789abcdef', 'Twilio API key', true],
  ['SG.' + MIX.slice(0, 22) + '.' + MIX.slice(0, 43), 'SendGrid API key', true],
  ['key-' + '3af6e0b29d1c4f7a8b5e2d9c0f1a6b3e', 'Mailgun API key', true],
  ['npm_' + MIX.slice(0, 36), 'npm token', true],
  ['sk-proj-' + MIX.slice(0, 40), 'OpenAI API key', true],
  ['sk-' + MIX.slice(0, 20) + 'T3BlbkFJ' + MIX.slice(20, 40), 'OpenAI API key', true],
  ['sk-ant-api03-' + MIX.slice(0, 40), 'Anthropic API key', true],
  ['shpat_' + '3af6e0b29d1c4f7a8b5e2d9c0f1a6b3e', 'Shopify access token', true],
  ['-----BEGIN RSA PRIVATE KEY-----', 'private key', true],
  ['-----BEGIN OPENSSH PRIVATE KEY-----', 'private key', true],
  [jwt({ sub: '1234567890', role: 'service_role' }), 'JSON Web Token', false],
];

describe('detect/secrets', () => {
  describe('findProviderSecrets', () => {
    it('finds each provider format, with its provider, liveness and exact offsets in the text', () => {
      for (const [token, provider, live] of TOKENS) {
        const text = `const k = "${token}";`;
        const found = findProviderSecrets(text);
        assert.strictEqual(found.length, 1, `${provider}: ${JSON.stringify(found.map((f) => f.provider))}`);
        const [m] = found;
        assert.deepStrictEqual([m.provider, m.live, m.value], [provider, live, token]);
        assert.strictEqual(text.slice(m.start, m.end), token, provider);
        assert.ok(/^[A-Z][A-Z0-9_]*$/.test(m.envName), m.envName);
      }
    });

    it('finds several secrets in one text, each at its own offset', () => {
      const [a, b] = [TOKENS[0][0], TOKENS[4][0]];
      const text = `AWS=${a}\nGH=${b}\n`;
      assert.deepStrictEqual(
        findProviderSecrets(text).map((m) => [m.provider, m.start]),
        [
          ['AWS access key ID', 4],
          ['GitHub token', text.indexOf(b)],
        ],
      );
    });

    it('skips test-mode keys, placeholders inside the format, and public Supabase anon JWTs', () => {
      assert.deepStrictEqual(findProviderSecrets('sk_test_' + MIX.slice(0, 24)), []);
      assert.deepStrictEqual(findProviderSecrets('AKIAIOSFODNN7EXAMPLE'), []); // AWS's documentation key
      assert.deepStrictEqual(findProviderSecrets('sk_live_' + 'x'.repeat(24)), []);
      assert.deepStrictEqual(findProviderSecrets('sk_live_YOUR_KEY_HERE_abcdefghijk'), []);
      assert.deepStrictEqual(findProviderSecrets(jwt({ iss: 'supabase', role: 'anon' })), []);
    });

    it('needs a word boundary and the full length: a prefix inside a word or a short token is not one', () => {
      assert.deepStrictEqual(findProviderSecrets('xsk_live_' + MIX.slice(0, 24)), []);
      assert.deepStrictEqual(findProviderSecrets('ghp_' + MIX.slice(0, 20)), []);
      assert.deepStrictEqual(findProviderSecrets('AKIA' + 'Q7ZK3M9X2B5N8V4'), []); // 15 characters after the prefix
      assert.deepStrictEqual(findProviderSecrets('key-' + 'not-hex-but-32-characters-long!'), []);
    });

    it('finds nothing in empty text, prose, or text without any provider prefix (the cheap pre-check agrees)', () => {
      for (const t of ['', 'hello world', 'Schlüssel: ключ 鍵', 'sk-'.repeat(10)]) {
        assert.deepStrictEqual(findProviderSecrets(t), [], t);
      }
      assert.ok(!mayHoldProviderSecret(''));
      assert.ok(!mayHoldProviderSecret('plain configuration text'));
      for (const [token] of TOKENS) assert.ok(mayHoldProviderSecret(token), token);
    });

    it('reports UTF-16 offsets after non-ASCII text, and stays fast on long runs of look-alike prefixes', () => {
      const token = TOKENS[0][0];
      const text = `Schlüssel → ${token} ✓`;
      const [m] = findProviderSecrets(text);
      assert.strictEqual(text.slice(m.start, m.end), token);
      const t0 = Date.now();
      assert.deepStrictEqual(findProviderSecrets('sk-'.repeat(20000) + 'eyJ'.repeat(20000)), []);
      assert.ok(Date.now() - t0 < 500, `${Date.now() - t0} ms`);
    });
  });

  describe('isSecretName', () => {
    it('accepts names that end in a secret word, in camelCase, snake_case, kebab-case or run together', () => {
      for (const n of [
        'jwtSecret',
        'DB_PASSWORD',
        'apiKey',
        'api_key',
        'apikey',
        'APIKey',
        'client-secret',
        'accessToken',
        'token',
        'secretKey',
        'credentials',
        'credential',
        'cookieSecret',
        'sessionSecret',
        'SENTRY_DSN',
        'myPassword',
        'XMLHttpRequestToken',
        // A provider's name run into API_KEY.
        'SCRAPERAPI_KEY',
        'openweatherapikey',
      ])
        assert.ok(isSecretName(n), n);
    });

    it('refuses names about a secret (its id, type, name, length, field) and words that only contain one', () => {
      for (const n of [
        'API_KEY_ID',
        'keyId',
        'tokenType',
        'secretName',
        'passwordField',
        'PASSWORD_MIN_LENGTH',
        'password_hash',
        'passport',
        'bypass',
        'SCRAPERAPI_KEY_ID',
        'rapid_api_keys_url',
        'cookie',
        'tokenizer',
        '',
        'パスワード',
      ])
        assert.ok(!isSecretName(n), n);
    });
  });

  describe('isPlaceholder', () => {
    it('takes empty values, templates, masks, repeated characters, sequences and documentation words as placeholders', () => {
      for (const v of [
        '',
        '  ',
        'changeme',
        'CHANGE_ME',
        'your-api-key',
        '<secret>',
        '${SECRET}',
        '{{secret}}',
        '%s',
        '***',
        '...',
        '…',
        'xxxxxxxx',
        '00000000',
        '12345678abc',
        'abcdefgh',
        'password',
        'PASSWORD',
        'hunter2',
        'test123',
        'redacted',
        'not-a-real-key',
        // A secret's name behind a generic word: documented defaults (mealie's first-user password).
        'MyPassword',
        'default_secret',
        'adminpassword',
      ])
        assert.ok(isPlaceholder(v), JSON.stringify(v));
    });

    it('takes an upper-case variable name as a placeholder, but not a key that only looks like one (digits, no underscore)', () => {
      assert.ok(isPlaceholder('DB_PASSWORD'));
      assert.ok(isPlaceholder('SECRETVALUE'));
      assert.ok(!isPlaceholder('AKIAQ7ZK3M9X2B5N8V4C'));
    });

    it('keeps random-looking values, and (by design) drops any value containing a placeholder word such as test or bar', () => {
      for (const v of ['Xk29fLq8PzR4', 'q8Zt4mWn', 's3cr3t-v4lu3-x9']) assert.ok(!isPlaceholder(v), v);
      // Precision over recall: these are counted as placeholders, a real password among them is missed.
      for (const v of ['attestation', 'Barcelona2024', 'foobar']) assert.ok(isPlaceholder(v), v);
    });
  });

  describe('looksLikeSecretValue', () => {
    it('accepts mixed-character values of 8 to 4096 characters with enough entropy, and private key blocks', () => {
      for (const v of [
        'Xk29fLq8PzR4',
        'q8Zt4mWn',
        's3cr3t-v4lu3-x9',
        '  Xk29fLq8PzR4  ',
        '-----BEGIN PRIVATE KEY----- MIIEvQIBADANBg',
      ])
        assert.ok(looksLikeSecretValue(v), v);
      const long = Array.from({ length: 4096 }, (_, i) => MIX[(i * 7) % MIX.length]).join('');
      assert.ok(looksLikeSecretValue(long));
      assert.ok(!looksLikeSecretValue(long + 'x'));
    });

    it('refuses short, over-long, low-entropy and placeholder values', () => {
      for (const v of [
        '',
        'short1',
        'Xk29fLq',
        'aaaaaaaaaaaaaaab',
        'changeme-now-1',
        'a'.repeat(4097),
        'Ab1' + 'x9Q'.repeat(1400),
      ]) {
        assert.ok(!looksLikeSecretValue(v), `${v.slice(0, 20)} (${v.length})`);
      }
    });

    it('refuses prose, identifiers, error codes, natural-language words, URLs and paths', () => {
      for (const v of [
        'keyboard cat',
        'access_token',
        'auth.token.value',
        'incorrectPassword',
        'PASSWORD_TOO_SHORT',
        'Passwort',
        'Contraseña1234',
        'パスワード1234567',
        'abcdefghijklmnop',
        'https://a.b/c1',
        '//cdn.x/y1',
        '/etc/secret1',
        './secret1x',
      ])
        assert.ok(!looksLikeSecretValue(v), v);
    });

    it('refuses a value that repeats its own name, whatever the case and separators', () => {
      assert.ok(looksLikeSecretValue('dbPassword1'));
      assert.ok(!looksLikeSecretValue('dbPassword1', 'DB_PASSWORD_1'));
      assert.ok(!looksLikeSecretValue('db-password-1', 'dbPassword1'));
    });
  });

  describe('isTemplateValue', () => {
    it('takes only empty values and templates to fill in as templates, never weak literal secrets', () => {
      for (const v of ['', ' ', '${SECRET}', 'a-${X}-b', '{{s}}', '<secret>', '%s', '$SESSION_SECRET'])
        assert.ok(isTemplateValue(v), JSON.stringify(v));
      for (const v of ['keyboard cat', 'changeme', '$lowercase', '<a> b <c>', 'secret'])
        assert.ok(!isTemplateValue(v), v);
    });

    it('is linear on long runs of template openers', () => {
      const t0 = Date.now();
      assert.ok(!isTemplateValue('$'.repeat(50000) + '{'));
      assert.ok(!isTemplateValue('${'.repeat(50000)));
      assert.ok(isTemplateValue('${'.repeat(50000) + '}'));
      assert.ok(Date.now() - t0 < 500);
    });
  });

  describe('with describeSecret and redactText', () => {
    it('never shows a found secret in full, nor more than a third of it', () => {
      for (const [token] of TOKENS) {
        const [m] = findProviderSecrets(token);
        const shown = describeSecret(m.value);
        assert.ok(!shown.includes(m.value), shown);
        const visible = /^'([^…]*)…([^']*)'/.exec(shown)!;
        assert.ok(
          visible[1].length + visible[2].length <= Math.floor(m.value.length / 3),
          `${shown} for ${m.value.length} chars`,
        );
      }
    });

    it('shows short secret values with their length and at most two characters', () => {
      for (const v of ['q8Zt4mWn', 'Xk29fLq8PzR', 'Xk29fLq8PzR4']) {
        assert.ok(looksLikeSecretValue(v), v);
        const shown = describeSecret(v);
        assert.ok(!shown.includes(v.slice(0, 3)) || v.length >= 12, shown);
        assert.ok(shown.replace(/[' …]|\(\d+ chars\)/g, '').length <= Math.floor(v.length / 3), shown);
      }
      assert.strictEqual(describeSecret('q8Zt4mWn'), "'q…n' (8 chars)");
      assert.strictEqual(describeSecret(''), "'…' (0 chars)");
    });

    it('masks every provider token written into free text', () => {
      for (const [token, provider] of TOKENS) {
        if (provider === 'private key') continue; // the BEGIN line alone is no secret; redact.test covers key bodies
        const out = redactText(`failed with ${token} at startup`);
        assert.ok(!out.includes(token), `${provider}: ${out}`);
      }
    });
  });
});
