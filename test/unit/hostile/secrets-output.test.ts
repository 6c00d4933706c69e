// Defect 4 of issue 7: no secret is ever shown in full — not in a finding message, a fix title, a log line or a
// report. A hostile project plants credentials everywhere the rules quote workspace text (start commands, Procfile
// lines, a git URL, PGPASSWORD, a 12-character password, Dockerfile heredocs, a broken manifest); the repository's
// examples and rule fixtures hold more. Every planted or detectable secret is looked for in every output.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Engine } from '../../../server/src/engine/engine';
import { ALL_RULES } from '../../../server/src/rules';
import { findProviderSecrets, isSecretName, looksLikeSecretValue } from '../../../server/src/detect/secrets';
import { urlCredential } from '../../../server/src/detect/urls';
import { parseEnvFile } from '../../../server/src/platform/envFile';
import { toJson, toMarkdown, toSarif, toText } from '../../../server/src/report/formats';
import { redactText } from '../../../server/src/util/redact';
import { writeFiles } from './regexCases';

const REPO = path.join(__dirname, '..', '..', '..');

/** Secrets planted in the hostile project, each at least 12 characters (shorter ones are checked by shape). */
const PLANTED = {
  gitlab: 'glpat-Xy7Qw3Er5Ty9Ui1Op2As',
  apiToken: '9f8e7d6c5b4a3f2e1d0c',
  dbPassword: 'S3cretPassw0rd77',
  pgPassword: 'hunter2prod4242',
  twelve: 'Tr0ub4dor&3x',
  npm: 'npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  stripe: 'sk_live_51HbQ2xKZf9wVn7Lr4Tq8Yp3Mz',
  github: 'ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R',
  heredoc: 'Xk29fLq8PzR4vB7nW3',
  broken: 'glpat-Br0kenManifestT0ken9',
};

function hostileProject(): Record<string, string> {
  const p = PLANTED;
  return {
    'package.json': JSON.stringify(
      {
        name: 'hostile',
        version: '1.0.0',
        dependencies: { express: '^4.18.0', knex: '^3.0.0', pg: '^8.11.0' },
        scripts: {
          start: `git clone https://deploy:${p.gitlab}@gitlab.com/acme/app.git vendor/app && PGPASSWORD=${p.pgPassword} npx knex migrate:latest && node server.js`,
        },
      },
      null,
      2,
    ),
    Procfile: `web: PGPASSWORD=${p.pgPassword} npx knex migrate:latest && API_TOKEN=${p.apiToken} node server.js &\nworker: DATABASE_URL=postgres://app:${p.dbPassword}@db.prod.internal/app node worker.js &\n`,
    'server.js':
      "const express = require('express');\nconst { execSync } = require('child_process');\nexecSync('PGPASSWORD=" +
      p.pgPassword +
      " npx knex migrate:latest');\nconst app = express();\nconst stripe = '" +
      p.stripe +
      "';\napp.get('/', (req, res) => res.send(stripe));\napp.listen(process.env.PORT);\n",
    'worker.js': 'setInterval(() => {}, 1000);\n',
    '.env': `DB_PASSWORD=${p.twelve}\nGITHUB_TOKEN=${p.github}\n`,
    'config/production.json': JSON.stringify({ npmToken: p.npm, db: { password: p.dbPassword } }),
    Dockerfile: `FROM node:20\nRUN <<EOF\nexport DB_PASSWORD=${p.heredoc}\nEOF\nCOPY . .\nCMD ["node", "server.js"]\n`,
    // A manifest that does not parse: its error must not quote the token.
    'packages/broken/package.json': `{"name": "broken", "scripts": {"start": "node x.js --token ${p.broken}"`,
  };
}

interface Output {
  where: string;
  text: string;
}

/** Every text a person can see from a scan of `root`: messages, fix titles, log lines, reports. */
async function outputsOf(root: string): Promise<Output[]> {
  const out: Output[] = [];
  const log = (level: string) => (m: string) => out.push({ where: `log ${level}`, text: m });
  const engine = new Engine({
    root,
    rules: ALL_RULES,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
  });
  const stats = await engine.scan();
  const findings = engine.findings();
  for (const f of findings) {
    out.push({ where: `${f.ruleId} message`, text: f.message });
    for (const fix of engine.fixesFor(f)) {
      out.push({ where: `${f.ruleId} fix title`, text: fix.title });
      if (fix.command) out.push({ where: `${f.ruleId} fix command title`, text: fix.command.title });
    }
  }
  const report = {
    root,
    findings,
    checklist: engine.checklist(),
    rules: ALL_RULES,
    durationMs: stats.durationMs,
    version: 'test',
  };
  // SARIF's rule descriptions are the rules' documentation (with its own made-up examples): its results are the output.
  const sarif = JSON.stringify(
    (JSON.parse(toSarif(report)) as { runs: { results: unknown }[] }).runs.map((r) => r.results),
  );
  for (const [name, text] of [
    ['text', toText(report)],
    ['json', toJson(report)],
    ['sarif', sarif],
    ['markdown', toMarkdown(report)],
  ])
    out.push({ where: `${name} report`, text });
  return out;
}

/** Secrets a scan can find in a folder's files: provider-format keys, URL passwords, secret-named .env values. */
function secretsIn(root: string): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '.git') walk(p);
        continue;
      }
      if (!e.isFile() || fs.statSync(p).size > 256 * 1024) continue;
      const text = fs.readFileSync(p, 'utf8');
      for (const m of findProviderSecrets(text)) found.add(m.value);
      for (const word of text.split(/[\s'"`]+/)) {
        const cred = word.includes('://') && word.includes('@') ? urlCredential(word) : undefined;
        if (cred && cred.password.length >= 8) found.add(cred.password);
      }
      if (e.name.startsWith('.env')) {
        for (const v of parseEnvFile(text))
          if (isSecretName(v.key) && looksLikeSecretValue(v.value, v.key)) found.add(v.value);
      }
    }
  };
  walk(root);
  return found;
}

/** Outputs that show a secret in full. */
function leaks(outputs: Output[], secrets: Iterable<string>): string[] {
  const out: string[] = [];
  for (const s of secrets) {
    for (const o of outputs)
      if (o.text.includes(s)) out.push(`${o.where} shows ${JSON.stringify(s)}: ${o.text.slice(0, 300)}`);
  }
  return out;
}

describe('hostile: no secret in full in any output', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a project planting secrets where rules quote workspace text: messages, fix titles, log lines and reports', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-secrets-'));
    dirs.push(root);
    writeFiles(root, hostileProject());
    const outputs = await outputsOf(root);
    // The rules that used to print these in full did fire.
    const fired = new Set(
      outputs.filter((o) => o.where.endsWith(' message')).map((o) => o.where.replace(/ message$/, '')),
    );
    for (const id of [
      'build-release-run/code-fetch-at-runtime',
      'concurrency/daemonizes',
      'admin-processes/migrations-on-boot',
      'config/hardcoded-secret',
      'config/secret-in-dockerfile',
    ]) {
      assert.ok(fired.has(id), `${id} did not fire; fired: ${[...fired].join(', ')}`);
    }
    assert.ok(
      outputs.some((o) => o.where.startsWith('concurrency/daemonizes fix title')),
      'daemonizes offers its fix',
    );
    assert.ok(
      outputs.some((o) => o.where.startsWith('log') && o.text.includes('broken')),
      'the broken manifest is logged',
    );
    assert.deepStrictEqual(leaks(outputs, [...Object.values(PLANTED), ...secretsIn(root)]), []);
    // The 12-character password is shown by its shape only: never more than a third of it.
    const shown = outputs.filter(
      (o) => o.where === 'config/hardcoded-secret message' && o.text.includes('DB_PASSWORD'),
    );
    assert.ok(shown.length && shown.every((o) => o.text.includes("'Tr0…x'")), shown.map((o) => o.text).join('\n'));
  });

  for (const rel of [
    'examples/shop',
    ...fs
      .readdirSync(path.join(REPO, 'test/fixtures/rules/config'))
      .map((r) => `test/fixtures/rules/config/${r}/positive`),
  ]) {
    it(`${rel}: no secret of its files in any output`, async () => {
      const root = path.join(REPO, rel);
      if (!fs.existsSync(root)) return;
      const secrets = secretsIn(root);
      const outputs = await outputsOf(root);
      assert.deepStrictEqual(leaks(outputs, secrets), []);
    });
  }

  it('redactText masks the credentials of each known shape in free text', () => {
    const cases: [string, string][] = [
      [
        'git clone https://deploy:glpat-Xy7Qw3Er5Ty9Ui1Op2As@gitlab.com/acme/app.git',
        'git clone https://deploy:***@gitlab.com/acme/app.git',
      ],
      ['`API_TOKEN=9f8e7d6c5b4a node app.js &`', '`API_TOKEN=*** node app.js &`'],
      ["'PGPASSWORD=hunter2prod4242 npx knex migrate:latest'", "'PGPASSWORD=*** npx knex migrate:latest'"],
      ['{"password": "hunter2prod", "apiKey":"abc123def456"}', '{"password": "***", "apiKey":"***"}'],
      ['DB_PASSWORD: Tr0ub4dor&3x', 'DB_PASSWORD: ***'],
      ['token ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R', 'token ghp_…8R'],
      [
        'AKIAIOSFODNN7EXAMPLE sk_live_51HbQ2xKZf9wVn7Lr4Tq8Yp3Mz xoxb-123456789012-abcdefABCDEF',
        'AKIA…LE sk_l…Mz xoxb…EF',
      ],
      ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJh…8U'],
      [
        'key -----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA PRIVATE KEY----- done',
        'key -----BEGIN RSA PRIVATE KEY-----… done',
      ],
      ['Authorization: Bearer abcdefghijklmnop1234', 'Authorization: Bearer ***'],
      ['https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1', 'https://***@o1.ingest.sentry.io/1'],
    ];
    for (const [text, want] of cases) assert.strictEqual(redactText(text), want);
    // Prose and things that are not credentials stay as they are.
    for (const text of [
      "The redis URL 'redis://:***@cache:6379' embeds a real password: when the variable is missing the app falls back",
      'PORT=3000 NODE_ENV=production TOKEN_URL=https://auth.example.com KEY_ID=abc npm_config_frozen_lockfile=true',
      'DB_PASSWORD=$DB_PASSWORD SECRET=${SECRET} ssh://git@github.com/acme/app.git',
      "Hardcoded Stripe secret key 'sk_l…Mz'.",
    ])
      assert.strictEqual(redactText(text), text);
  });
});
