// An open document's diagnostics do not wait for the workspace scan: the server analyses it first and publishes its
// own findings at once; the project rules' findings follow with the rest when the scan ends.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TestClient, until } from '../helpers/lspClient';
import { Methods, type ScanStatus } from '../../shared/protocol';
import { tempProject } from '../helpers/engine';
import { makeTempDir } from '../helpers/tempDirs';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

describe('first diagnostics of an open document during the workspace scan', function () {
  this.timeout(60000);
  let client: TestClient | undefined;

  afterEach(async () => {
    await client?.stop();
  });

  it('are published before the scan ends, and the full set follows', async () => {
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'app', scripts: { start: 'node server.js' } }),
      'server.js': "require('http').createServer().listen(3000);\n",
      'src/pay.js': `module.exports = '${KEY}';\n`,
    };
    // Enough files that the scan is still running when the document is opened.
    for (let i = 0; i < 3000; i++) files[`lib/m${i}.js`] = `const x${i} = require('./m${(i + 1) % 3000}');\n`;
    const root = tempProject(files);
    client = new TestClient(root);
    const events: string[] = [];
    client.conn.onNotification(Methods.scanStatus, (s: ScanStatus) => {
      events.push(s.state === 'scanning' ? `scanning ${s.percentage}` : `status ${s.state}`);
    });
    client.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
      client!.diagnostics.set(p.uri, p.diagnostics as never);
      if (p.uri.endsWith('/src/pay.js')) events.push(`pay ${p.diagnostics.length}`);
    });
    await client.initialize();
    await client.open('src/pay.js');
    await until('the scan to end', () => events.includes('status idle'), 50000);
    const first = events.findIndex((e) => e.startsWith('pay '));
    assert.ok(first >= 0, events.join('\n'));
    assert.strictEqual(events[first], 'pay 1');
    // The scan went on after the document's diagnostics were out (progress below 100% came after them).
    const later = events.slice(first).filter((e) => /^scanning (\d+)$/.test(e) && Number(e.split(' ')[1]) < 100);
    assert.ok(later.length > 0, `published only at the end:\n${events.join('\n')}`);
    assert.deepStrictEqual(client.codes('src/pay.js'), ['config/hardcoded-secret']);
  });

  it('keep up with continuous typing: a change is analysed while the typing goes on, not only after it stops', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', scripts: { start: 'node server.js' } }),
      'server.js': "require('http').createServer().listen(process.env.PORT);\n",
      'src/pay.js': 'module.exports = 1;\n',
    });
    client = new TestClient(root);
    await client.initialize();
    await client.open('src/pay.js');
    await until('the first scan', () => client!.diagnostics.size > 0 || client!.logs.some((l) => /^Scanned /.test(l)));
    // The secret goes in with the first keystroke; a comment then grows by one letter every 20 ms (a typist's pace),
    // for up to 3 s. A debounce that restarts on every keystroke would publish nothing until the end.
    let typed = `module.exports = '${KEY}';\n// `;
    await client.change('src/pay.js', typed);
    let keystrokes = 0;
    while (client.codes('src/pay.js').length === 0 && keystrokes < 150) {
      await new Promise((r) => setTimeout(r, 20));
      typed += 'x';
      await client.change('src/pay.js', typed);
      keystrokes++;
    }
    assert.deepStrictEqual(client.codes('src/pay.js'), ['config/hardcoded-secret']);
    assert.ok(keystrokes < 150, 'published only after the typing stopped');
  });
});

describe("an edited document's own findings", function () {
  this.timeout(60000);
  let client: TestClient | undefined;

  afterEach(async () => {
    await client?.stop();
  });

  it('are published at once; the project rules re-check after the pause and add theirs', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', scripts: { start: 'node server.js' }, dependencies: {} }),
      'package-lock.json': '{}\n',
      'server.js': "require('http').createServer().listen(process.env.PORT);\n",
    });
    client = new TestClient(root);
    const published: string[][] = [];
    client.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
      client!.diagnostics.set(p.uri, p.diagnostics as never);
      if (p.uri.endsWith('/server.js')) published.push((p.diagnostics as { code: string }[]).map((d) => d.code).sort());
    });
    await client.initialize();
    await client.open('server.js');
    await until('the first scan', () => client!.logs.some((l) => /^Scanned /.test(l)));
    await until('the open document checked', () => published.length > 0);
    const before = published.length;
    // A secret (the file's own finding) and an import of an undeclared package (the project rule's, from facts).
    await client.change(
      'server.js',
      `const pad = require('left-pad');\nconst key = '${KEY}';\nrequire('http').createServer().listen(process.env.PORT);\n`,
    );
    await until('the project re-check', () =>
      published.slice(before).some((codes) => codes.includes('dependencies/undeclared-import')),
    );
    const after = published.slice(before);
    assert.deepStrictEqual(
      after[0],
      ['config/hardcoded-secret', 'disposability/no-graceful-shutdown'],
      after.join('\n'),
    );
    assert.deepStrictEqual(after[after.length - 1], [
      'config/hardcoded-secret',
      'dependencies/undeclared-import',
      'disposability/no-graceful-shutdown',
    ]);
  });
});

describe('the analyses cache of the language server', function () {
  this.timeout(60000);

  it("keeps each file's analysis in the client's storage folder: the next session parses only what changed", async () => {
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'app', scripts: { start: 'node server.js' } }),
      'server.js': "require('http').createServer().listen(3000);\n",
      'src/pay.js': `module.exports = '${KEY}';\n`,
    };
    for (let i = 0; i < 20; i++) files[`lib/m${i}.js`] = `module.exports = require('./m${(i + 1) % 20}');\n`;
    const root = tempProject(files);
    const cacheDir = makeTempDir('tf-lsp-cache-');
    const session = async () => {
      const client = new TestClient(root);
      await client.initialize(undefined, undefined, { cacheDir });
      const line = await until('the cache line', () => client.logs.find((l) => /^Cache .* analyses reused/.test(l)));
      const codes = client.codes('src/pay.js');
      await client.stop();
      return { line, codes };
    };
    const cold = await session();
    assert.match(cold.line, /: 0 analyses reused, (\d+) stored/);
    const stored = Number(/(\d+) stored/.exec(cold.line)![1]);
    assert.ok(stored >= 20, cold.line);
    assert.deepStrictEqual(fs.readdirSync(cacheDir).length, 1, 'one subfolder for the workspace folder');
    fs.writeFileSync(path.join(root, 'lib/m3.js'), 'module.exports = 3;\n');
    const warm = await session();
    assert.match(warm.line, new RegExp(`: ${stored - 1} analyses reused, 1 stored`));
    assert.deepStrictEqual(warm.codes, cold.codes);
  });
});
