// Tier 2: the base protocol and the lifecycle, over stdio against the built server: requests before `initialize`
// and after `shutdown` get the spec's errors, and a byte stream the server cannot follow makes it exit.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
  type ResponseError,
} from 'vscode-languageserver-protocol/node';
import { copyFixture } from '../helpers/engine';
import { SERVER, TestClient, until, uri } from '../helpers/lspClient';
import { Methods } from '../../shared/protocol';

/** The error a request was answered with (fails if it succeeded). */
async function errorOf(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    const result = await p;
    assert.fail(`expected an error, got ${JSON.stringify(result)}`);
  } catch (e) {
    return e as ResponseError;
  }
}

describe('language server protocol', function () {
  this.timeout(40000);
  const temps: string[] = [];
  after(() => {
    for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  });
  before(() => assert.ok(fs.existsSync(SERVER), 'run `npm run build` first'));

  it('refuses requests before initialize (-32002) and after shutdown (-32600), drops notifications before initialize', async () => {
    const root = copyFixture('lsp/app');
    temps.push(root);
    const client = new TestClient(root);
    try {
      const early = await errorOf(client.conn.sendRequest(Methods.checklist));
      assert.strictEqual(early.code, -32002, early.message);
      assert.match(early.message, /not initialized/);
      const action = await errorOf(
        client.conn.sendRequest(CodeActionRequest.type, {
          textDocument: { uri: uri(path.join(root, 'src/server.js')) },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [] },
        }),
      );
      assert.strictEqual(action.code, -32002);
      // Dropped: had the server kept this buffer, it would report the secret in it instead of the file on disk.
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: {
          uri: uri(path.join(root, 'src/server.js')),
          languageId: 'javascript',
          version: 1,
          text: "const k = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';\n",
        },
      });

      await client.initialize();
      // A generous deadline: the server starts and scans while the rest of the suite loads the machine.
      await until('initial diagnostics', () => client.codes('src/payments.js').length > 0, 30000);
      assert.ok(
        client.codes('src/server.js').includes('port-binding/hardcoded-port'),
        'src/server.js analysed from disk',
      );
      assert.ok(!client.codes('src/server.js').includes('config/hardcoded-secret'), 'the early didOpen was dropped');
      const again = await errorOf(
        client.conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} }),
      );
      assert.strictEqual(again.code, -32600, again.message);
      assert.ok((await client.conn.sendRequest(Methods.checklist)) !== null, 'serves once initialized');

      assert.strictEqual(await client.conn.sendRequest(ShutdownRequest.type), null);
      const late = await errorOf(client.conn.sendRequest(Methods.checklist));
      assert.strictEqual(late.code, -32600, late.message);
      assert.match(late.message, /shutting down/);
      const lateShutdown = await errorOf(client.conn.sendRequest(ShutdownRequest.type));
      assert.strictEqual(lateShutdown.code, -32600);

      await client.conn.sendNotification(ExitNotification.type);
      await until('server exit', () => client.exitCode !== undefined, 10000);
      assert.strictEqual(client.exitCode, 0, 'exit after shutdown is a clean exit');
    } finally {
      client.conn.dispose();
      client.proc.kill();
    }
  });

  it('exits (non-zero, one line on stderr) on a header it cannot read, instead of staying alive and deaf', async () => {
    const valid = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    // A non-numeric Content-Length and the other cases are checked on FramingGuard in test/unit/hostile/frontends.test.ts.
    const cases: [string, string, RegExp][] = [
      [
        'no Content-Length',
        'Content-Type: application/vscode-jsonrpc\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize"}',
        /without Content-Length/,
      ],
      // After a valid message: the guard follows the stream, not only its start.
      [
        'Content-Length over 64 MB',
        `${valid('{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}')}Content-Length: ${64 * 1024 * 1024 + 1}\r\n\r\n{`,
        /over the limit/,
      ],
      ['header that never ends', `X-Padding: ${'a'.repeat(70 * 1024)}`, /header longer than/],
    ];
    await Promise.all(
      cases.map(async ([name, bytes, why]) => {
        const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stderr = '';
        let code: number | null | undefined;
        proc.stderr.on('data', (d) => {
          stderr += d;
        });
        proc.on('exit', (c) => {
          code = c;
        });
        proc.stdin.on('error', () => {
          /* the server may be gone before all bytes are written */
        });
        proc.stdin.write(bytes);
        try {
          await until(`the server to exit on a ${name}`, () => code !== undefined, 30000);
        } finally {
          proc.kill();
        }
        assert.strictEqual(code, 1, `${name}: ${stderr}`);
        assert.match(stderr, /^Twelve-Factor: exiting: the client sent [^\n]+\.\n$/, name);
        assert.match(stderr, why, name);
      }),
    );
  });
});
