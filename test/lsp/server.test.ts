// Tier 2: the built server (dist/server.js) over stdio, driven by a real JSON-RPC client.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, MarkupContent } from 'vscode-languageserver-protocol';
import { copyFixture } from '../helpers/engine';
import { SERVER, TestClient, until, uri } from '../helpers/lspClient';
import { Methods, type ChecklistResult } from '../../shared/protocol';
import { ALL_RULES } from '../../server/src/rules';
import { BASELINE_FILE, serializeBaseline } from '../../server/src/engine/baseline';

const SECRET = 'config/hardcoded-secret';
const PORT = 'port-binding/hardcoded-port';

describe('language server over stdio', function () {
  this.timeout(30000);
  let root: string;
  let client: TestClient;

  before(() => assert.ok(fs.existsSync(SERVER), 'run `npm run build` first'));

  beforeEach(async () => {
    root = copyFixture('lsp/app');
    // A symlink loop must not hang or crash the walk.
    fs.symlinkSync('..', path.join(root, 'src', 'loop'));
    client = new TestClient(root);
    await client.initialize();
    await until('initial diagnostics', () => client.codes('src/payments.js').length > 0);
  });

  afterEach(async () => {
    await client.stop();
  });

  it('publishes diagnostics for files that are not open, with source, code and docs link', async () => {
    assert.deepStrictEqual(client.codes('src/payments.js'), [SECRET]);
    assert.ok(client.codes('src/server.js').includes(PORT), client.codes('src/server.js').join());
    assert.ok(client.codes('src/cache.js').includes('backing-services/hardcoded-url'));
    const d = client.diagnosticsOf('src/payments.js')[0];
    assert.strictEqual(d.source, 'twelve-factor');
    assert.match(d.codeDescription!.href, /^file:.*docs\/rules\/config\/hardcoded-secret\.md$/);
    // The message template's id and the finding's fingerprint, as the CLI's JSON and SARIF give them.
    const data = d.data as { messageId: string; fingerprint: string };
    assert.ok(data.messageId in ALL_RULES.find((r) => r.meta.id === SECRET)!.meta.messages, data.messageId);
    assert.match(data.fingerprint, /^[0-9a-f]{16}$/);
    // The secret is never shown in full.
    const message = String(d.message);
    assert.ok(!message.includes('sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx'), message);
    assert.match(message, /sk_l…Tx/);
  });

  it("hovering a diagnostic shows its message, the rule's why and the docs link, with the secret still redacted", async () => {
    const d = client.diagnosticsOf('src/payments.js')[0];
    const hover = await client.hover('src/payments.js', {
      line: d.range.start.line,
      character: d.range.start.character + 3,
    });
    assert.ok(hover, 'a hover over the diagnostic');
    const contents = hover.contents as MarkupContent;
    assert.strictEqual(contents.kind, 'markdown');
    assert.deepStrictEqual(hover.range, d.range);
    // The message as published, escaped for Markdown (`sk_l` would otherwise start emphasis).
    assert.strictEqual(String(d.message), "Hardcoded Stripe secret key 'sk_l…Tx'.");
    assert.ok(contents.value.startsWith("Hardcoded Stripe secret key 'sk\\_l…Tx'\\."), contents.value);
    assert.ok(contents.value.includes(ALL_RULES.find((r) => r.meta.id === SECRET)!.meta.why), contents.value);
    assert.ok(contents.value.includes(`[${SECRET}](${d.codeDescription!.href})`), contents.value);
    assert.ok(!contents.value.includes('sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx'), contents.value);
    // Off the diagnostic: nothing to add.
    assert.strictEqual(await client.hover('src/payments.js', { line: 0, character: 2 }), null);
  });

  it('hover shows every finding at the position, and none of a rule turned off', async () => {
    // A Postgres URL with a password: hardcoded-url on the whole literal, hardcoded-secret on the password in it.
    const onLine = () => client.diagnosticsOf('src/db.js').filter((d) => d.range.start.line === 2);
    const found = await until('two findings on the database URL', () => onLine().length === 2 && onLine());
    const url = found.find((d) => d.code === 'backing-services/hardcoded-url')!;
    const secret = found.find((d) => d.code === 'config/hardcoded-secret')!;
    assert.ok(url && secret, JSON.stringify(found));
    assert.ok(
      secret.range.start.character > url.range.start.character && secret.range.end.character < url.range.end.character,
      'the password is inside the URL',
    );
    const rulesIn = async (at: typeof url.range.start) =>
      ((await client.hover('src/db.js', at))!.contents as MarkupContent).value
        .split('\n\n---\n\n')
        .map((s) => /\[([a-z-]+\/[a-z-]+)\]\(/.exec(s)?.[1]);
    assert.deepStrictEqual((await rulesIn(secret.range.start)).sort(), [url.code, secret.code].sort());
    assert.deepStrictEqual(await rulesIn(url.range.start), [url.code]);
    await client.configure({ rules: { [String(secret.code)]: 'off' } });
    await until('the rule turned off', () => onLine().length === 1);
    assert.deepStrictEqual(await rulesIn(secret.range.start), [url.code]);
  });

  it('hover is plain text for a client that does not render Markdown', async () => {
    const plain = new TestClient(root);
    try {
      await plain.initialize(['plaintext']);
      await until('diagnostics', () => plain.codes('src/payments.js').length > 0);
      const d = plain.diagnosticsOf('src/payments.js')[0];
      const contents = (await plain.hover('src/payments.js', d.range.end))!.contents as MarkupContent;
      assert.strictEqual(contents.kind, 'plaintext');
      assert.ok(contents.value.startsWith(`${d.message}\n\n`), contents.value);
      assert.ok(contents.value.endsWith(`${SECRET}: ${d.codeDescription!.href}`), contents.value);
    } finally {
      await plain.stop();
    }
  });

  it('registers for configuration changes only with a client that takes dynamic registration', async () => {
    // The default client does not say it takes one (as Eglot and Neovim): it gets no client/registerCapability.
    assert.ok(!client.registered.includes('workspace/didChangeConfiguration'), client.registered.join());
    const dynamic = new TestClient(root);
    try {
      await dynamic.initialize(undefined, { didChangeConfiguration: { dynamicRegistration: true } });
      await until('the registration', () => dynamic.registered.includes('workspace/didChangeConfiguration'));
    } finally {
      await dynamic.stop();
    }
  });

  it('reports scan progress and survives malformed JSON, syntax errors, binary files and symlink loops', async () => {
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.ok(kinds.includes('begin') && kinds.includes('end'), `progress: ${kinds}`);
    await until('a log line about the malformed package.json', () =>
      client.logs.some((l) => /broken\/package\.json: malformed JSON/.test(l)),
    );
    assert.ok(
      client.logs.some((l) => /broken\/blob\.js: binary/.test(l)),
      client.logs.join('\n'),
    );
    assert.ok(
      client.logs.some((l) => /src\/loop: a symlink to a folder inside the workspace/.test(l)),
      client.logs.join('\n'),
    );
    assert.strictEqual(client.exitCode, undefined, 'server still running');
  });

  it('re-checks an open document from its buffer on every change', async () => {
    await client.open('src/server.js');
    await client.change(
      'src/server.js',
      "const express = require('express');\nexpress().listen(process.env.PORT || 3000);\n",
    );
    await until('port diagnostic gone', () => !client.codes('src/server.js').includes(PORT));
    await client.change('src/server.js', "const express = require('express');\n\nexpress().listen(8080);\n");
    const diags = await until(
      'port diagnostic back',
      () => client.codes('src/server.js').includes(PORT) && client.diagnosticsOf('src/server.js'),
    );
    assert.strictEqual(diags.find((d) => d.code === PORT)!.range.start.line, 2);
    // Nothing was written to disk.
    assert.match(fs.readFileSync(path.join(root, 'src/server.js'), 'utf8'), /listen\(3000\)/);
  });

  it('offers move-to-environment for the secret and the edit writes .env, .env.example and .gitignore', async () => {
    await client.open('src/payments.js');
    const diags = client.diagnosticsOf('src/payments.js');
    const actions = (await client.codeActions('src/payments.js', diags)) as CodeAction[];
    const titles = actions.map((a) => a.title);
    const move = actions.find((a) => a.title === 'Move STRIPE_SECRET_KEY to .env');
    assert.ok(move, titles.join(', '));
    assert.strictEqual(move.isPreferred, true);
    assert.ok(titles.includes(`Disable ${SECRET} for this line`), titles.join(', '));
    assert.ok(titles.includes(`Show documentation for ${SECRET}`), titles.join(', '));
    // Edits to the open document carry its version, so a stale fix is rejected by the editor.
    const docEdit = move.edit!.documentChanges!.find(
      (c) => 'textDocument' in c && c.textDocument.uri === uri(path.join(root, 'src/payments.js')),
    );
    assert.strictEqual(
      (docEdit as { textDocument: { version: number } }).textDocument.version,
      client.version('src/payments.js'),
    );
    client.applyEdit(move.edit!);
    assert.match(
      fs.readFileSync(path.join(root, 'src/payments.js'), 'utf8'),
      /const stripeKey = process\.env\.STRIPE_SECRET_KEY;/,
    );
    assert.strictEqual(
      fs.readFileSync(path.join(root, '.env'), 'utf8'),
      'STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx\n',
    );
    assert.strictEqual(fs.readFileSync(path.join(root, '.env.example'), 'utf8'), 'STRIPE_SECRET_KEY=\n');
    assert.strictEqual(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), 'node_modules/\n.env\n');
    // The editor would now send the new buffer and the file events.
    await client.change('src/payments.js', fs.readFileSync(path.join(root, 'src/payments.js'), 'utf8'));
    await client.watched([
      { rel: '.env', type: 1 },
      { rel: '.env.example', type: 1 },
      { rel: '.gitignore', type: 2 },
    ]);
    await until('secret diagnostic gone', () => client.codes('src/payments.js').length === 0);
    // .env is ignored, so neither the secret in it nor the file itself is reported.
    assert.ok(
      !client.codes('.env').some((c) => c === 'config/env-file-not-ignored' || c === SECRET),
      client.codes('.env').join(),
    );
  });

  it('reports a new .env that git would commit, and its fix adds it to .gitignore', async () => {
    fs.writeFileSync(path.join(root, '.env'), 'SESSION_SECRET=Zq8vN3kLp0xR7tY4wB9e\n');
    await client.watched([{ rel: '.env', type: 1 }]);
    const diags = await until(
      '.env diagnostics',
      () => client.codes('.env').includes('config/env-file-not-ignored') && client.diagnosticsOf('.env'),
    );
    const d = diags.filter((x) => x.code === 'config/env-file-not-ignored');
    const actions = (await client.codeActions('.env', d)) as CodeAction[];
    const add = actions.find((a) => a.title === 'Add .env to .gitignore');
    assert.ok(add, actions.map((a) => a.title).join(', '));
    client.applyEdit(add.edit!);
    await client.watched([{ rel: '.gitignore', type: 2 }]);
    await until(
      '.env no longer reported as tracked',
      () => !client.codes('.env').some((c) => c === 'config/env-file-not-ignored' || c === SECRET),
    );
  });

  it('clears the diagnostics of a deleted folder reported as one event', async () => {
    fs.rmSync(path.join(root, 'src'), { recursive: true });
    await client.watched([{ rel: 'src', type: 3 }]);
    await until(
      'src diagnostics cleared',
      () => client.codes('src/payments.js').length === 0 && client.codes('src/server.js').length === 0,
    );
  });

  it('serves source.fixAll.twelveFactor with every safe fix of the file', async () => {
    await client.open('src/server.js');
    const actions = (await client.codeActions('src/server.js', [], ['source.fixAll.twelveFactor'])) as CodeAction[];
    assert.strictEqual(actions.length, 1);
    assert.strictEqual(actions[0].kind, 'source.fixAll.twelveFactor');
    // It names the problems it fixes, so Fix All in File can say what it left.
    assert.deepStrictEqual(
      actions[0].diagnostics?.map((d) => [d.code, d.range.start.line]),
      [
        [
          'port-binding/hardcoded-port',
          client.diagnosticsOf('src/server.js').find((d) => d.code === 'port-binding/hardcoded-port')!.range.start.line,
        ],
      ],
    );
    client.applyEdit(actions[0].edit!);
    assert.match(
      fs.readFileSync(path.join(root, 'src/server.js'), 'utf8'),
      /app\.listen\(Number\(process\.env\.PORT\) \|\| 3000\);/,
    );
  });

  it('answers the checklist request with all twelve factors', async () => {
    const result = await client.conn.sendRequest<ChecklistResult>(Methods.checklist);
    assert.strictEqual(result.folders.length, 1);
    assert.strictEqual(result.folders[0].projects, 1);
    const factors = result.folders[0].factors;
    assert.deepStrictEqual(
      factors.map((f) => f.factor),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    );
    const config = factors.find((f) => f.slug === 'config')!;
    assert.strictEqual(config.status, 'fail');
    assert.ok(config.findings.some((f) => f.uri === uri(path.join(root, 'src/payments.js'))));
    assert.strictEqual(factors.find((f) => f.slug === 'port-binding')!.status, 'warn');
    const report = await client.conn.sendRequest<string>(Methods.report);
    assert.match(report, /# Twelve-Factor report/);
    assert.ok(!report.includes('sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx'));
  });

  it('shows baselined findings as hints, counts them apart in the checklist, and re-reads the baseline', async () => {
    const secret = client.diagnosticsOf('src/payments.js')[0];
    assert.strictEqual(secret.severity, 1);
    const { fingerprint, messageId } = secret.data as { fingerprint: string; messageId: string };
    const file = path.join(root, BASELINE_FILE);
    fs.writeFileSync(file, serializeBaseline([{ rule: SECRET, path: 'src/payments.js', fingerprint, messageId }]));
    await client.watched([{ rel: BASELINE_FILE, type: 1 }]);
    const hint = await until('the secret shown as a hint', () => {
      const d = client.diagnosticsOf('src/payments.js')[0];
      return d?.severity === 4 && d;
    });
    assert.deepStrictEqual(hint.data, { messageId, fingerprint, baselined: true });
    // Other findings are new: as they were.
    assert.strictEqual(client.diagnosticsOf('src/server.js').find((d) => d.code === PORT)?.severity, 2);
    const config = (await client.conn.sendRequest<ChecklistResult>(Methods.checklist)).folders[0].factors.find(
      (f) => f.slug === 'config',
    )!;
    assert.strictEqual(config.baselined, 1);
    assert.ok(!config.findings.some((f) => f.uri === uri(path.join(root, 'src/payments.js'))));
    const hover = await client.hover('src/payments.js', hint.range.start);
    assert.match(
      (hover!.contents as MarkupContent).value,
      /In the baseline \\\(`twelve-factor\.baseline\.json`\\\): not counted as new/,
    );
    // Nothing in the baseline file itself is reported.
    assert.deepStrictEqual(client.diagnosticsOf(BASELINE_FILE), []);

    fs.rmSync(file);
    await client.watched([{ rel: BASELINE_FILE, type: 3 }]);
    await until('the secret an error again', () => client.diagnosticsOf('src/payments.js')[0]?.severity === 1);
  });

  it('applies settings live: a rule turned off disappears, a severity override changes it', async () => {
    await client.configure({ rules: { [PORT]: 'off', [SECRET]: 'info' } });
    await until('port rule off', () => !client.codes('src/server.js').includes(PORT));
    await until('secret downgraded', () => client.diagnosticsOf('src/payments.js')[0]?.severity === 3);
    await client.configure({ enable: false, rules: {} });
    await until('all diagnostics cleared', () => [...client.diagnostics.values()].every((d) => d.length === 0));
  });

  it('config files apply live: a quick fix writes a suppressions entry, an edit on disk or in a buffer re-checks', async () => {
    const CONFIG = 'twelve-factor.config.json';
    const LOCK = 'dependencies/missing-lockfile';
    // package.json takes no comment: the entry goes into a new config file.
    const lock = client.diagnosticsOf('package.json').filter((d) => d.code === LOCK);
    assert.strictEqual(lock.length, 1);
    const actions = (await client.codeActions('package.json', lock)) as CodeAction[];
    const entry = actions.find((a) => a.title === `Suppress ${LOCK} in package.json in ${CONFIG}`)!;
    assert.ok(entry, actions.map((a) => a.title).join(', '));
    client.applyEdit(entry.edit!);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(root, CONFIG), 'utf8')).suppressions, [
      { rule: LOCK, file: 'package.json', reason: '' },
    ]);
    await client.watched([{ rel: CONFIG, type: 1 }]);
    await until('the lockfile finding suppressed', () => !client.codes('package.json').includes(LOCK));
    // A rule turned off on disk; the editor's setting wins over it.
    fs.writeFileSync(path.join(root, CONFIG), JSON.stringify({ rules: { [PORT]: 'off' } }));
    await client.watched([{ rel: CONFIG, type: 2 }]);
    await until('port rule off by the config', () => !client.codes('src/server.js').includes(PORT));
    await client.configure({ rules: { [PORT]: 'error' } });
    await until('the editor setting wins', () =>
      client.diagnosticsOf('src/server.js').some((d) => d.code === PORT && d.severity === 1),
    );
    await client.configure({ rules: {} });
    await until('off again', () => !client.codes('src/server.js').includes(PORT));
    // Typed in the buffer, before any save: an unknown rule id is marked where it is, and the defaults apply.
    await client.open(CONFIG);
    await client.change(CONFIG, '{\n  "rules": { "port-binding/no-such-rule": "off" }\n}\n');
    const bad = await until('the invalid config marked', () => client.diagnosticsOf(CONFIG)[0]);
    assert.strictEqual(bad.code, 'twelve-factor/invalid-config');
    assert.deepStrictEqual(bad.range.start, { line: 1, character: 13 });
    assert.strictEqual(bad.message, 'Ignored rule "port-binding/no-such-rule": no rule has this id.');
    await until('port rule back', () => client.codes('src/server.js').includes(PORT));
  });

  it('suppression comments in a buffer apply as typed; requireSuppressionReason live; unused ones reported with a fix', async () => {
    await client.open('src/server.js');
    const text = fs.readFileSync(path.join(root, 'src/server.js'), 'utf8');
    const port = () => client.diagnosticsOf('src/server.js').filter((d) => d.code === PORT);
    const unused = () =>
      client.diagnosticsOf('src/server.js').filter((d) => d.code === 'twelve-factor/unused-suppression');
    await client.change(
      'src/server.js',
      text.replace('app.listen', `// twelve-factor-disable-next-line ${PORT}\napp.listen`),
    );
    await until('the port finding suppressed', () => port().length === 0);
    assert.deepStrictEqual(unused(), []);
    await client.configure({ requireSuppressionReason: true });
    await until('a reason is required', () => port().length === 1 && unused().length === 1);
    assert.match(String(unused()[0].message), /gives no reason after `--`/);
    assert.strictEqual(unused()[0].severity, 3);
    const hover = (await client.hover('src/server.js', unused()[0].range.start))!.contents as MarkupContent;
    assert.match(hover.value, /stale twelve-factor-disable comment/);
    assert.match(hover.value, /docs\/rules\/twelve-factor\/unused-suppression\.md/);
    // A directive for a rule with nothing to suppress: the quick fix removes it.
    await client.configure({ requireSuppressionReason: false });
    await client.change('src/server.js', `// twelve-factor-disable-next-line ${SECRET} -- see ops/x\n${text}`);
    const report = await until(
      'an unused directive',
      () => unused().length === 1 && unused()[0].range.start.line === 0 && port().length === 1 && unused(),
    );
    const actions = (await client.codeActions('src/server.js', report)) as CodeAction[];
    assert.deepStrictEqual(
      actions.map((a) => a.title),
      ['Remove the unused suppression comment', 'Show documentation for twelve-factor/unused-suppression'],
    );
    assert.ok(actions[0].isPreferred);
  });

  it('with run = onSave, a code action on an unsaved, edited buffer never edits from stale positions', async () => {
    await client.configure({ run: 'onSave' });
    await client.open('src/server.js');
    const stale = client.diagnosticsOf('src/server.js').filter((d) => d.code === PORT);
    const text = fs.readFileSync(path.join(root, 'src/server.js'), 'utf8');
    await client.change('src/server.js', `// a new first line\n${text}`);
    const onStale = (await client.codeActions('src/server.js', stale)) as CodeAction[];
    assert.ok(!onStale.some((a) => /Read the port/.test(a.title)), 'no fix for a range that no longer holds the port');
    // The request analysed the buffer: the diagnostic moved down a line, and its fix edits the right place.
    const fresh = await until('diagnostic on the moved line', () =>
      client
        .diagnosticsOf('src/server.js')
        .filter((d) => d.code === PORT && d.range.start.line === stale[0].range.start.line + 1),
    );
    const fix = ((await client.codeActions('src/server.js', fresh)) as CodeAction[]).find((a) =>
      /Read the port/.test(a.title),
    )!;
    fs.writeFileSync(path.join(root, 'src/server.js'), `// a new first line\n${text}`);
    client.applyEdit(fix.edit!);
    assert.match(
      fs.readFileSync(path.join(root, 'src/server.js'), 'utf8'),
      /^\/\/ a new first line\n[\s\S]*app\.listen\(Number\(process\.env\.PORT\) \|\| 3000\);/,
    );
  });

  it('ignores file churn in build output and node_modules: no rescan per file', async () => {
    const scans = () => client.logs.filter((l) => /^Scanned /.test(l)).length;
    const before = scans();
    for (let i = 0; i < 20; i++) {
      fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
      fs.writeFileSync(path.join(root, 'dist', `f${i}.js`), 'app.listen(3000);\n');
    }
    await client.watched(Array.from({ length: 20 }, (_, i) => ({ rel: `dist/f${i}.js`, type: 1 as const })));
    await client.watched([{ rel: 'node_modules/x/index.js', type: 1 }]);
    // A later, observable change: the folder's queue is serial, so once it shows, the churn was handled.
    fs.writeFileSync(
      path.join(root, 'src/server.js'),
      "const express = require('express');\nexpress().listen(4000);\n",
    );
    await client.watched([{ rel: 'src/server.js', type: 2 }]);
    await until('the later change', () =>
      client.diagnosticsOf('src/server.js').some((d) => d.code === PORT && /4000/.test(String(d.message))),
    );
    assert.strictEqual(scans(), before);
  });

  it('exits promptly on shutdown and exit', async () => {
    const start = Date.now();
    const code = await client.stop();
    assert.strictEqual(code, 0);
    assert.ok(Date.now() - start < 5000);
  });
});
