// Tier 2: fixes that edit files the editor hasn't open, over stdio. Such an edit carries no document version, so the
// server hands it over only at codeAction/resolve, after checking every file it was computed from is unchanged.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CodeActionResolveRequest,
  InitializeRequest,
  InitializedNotification,
  ShowMessageNotification,
  type CodeAction,
} from 'vscode-languageserver-protocol/node';
import { SERVER, TestClient, until, uri } from '../helpers/lspClient';

const NOT_IGNORED = 'config/env-file-not-ignored';

/** Like `until`, for an asynchronous check (a request): polls with a deadline, never a fixed sleep. */
async function untilAsync<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('language server: fixes to files that are not open', function () {
  this.timeout(30000);
  let root: string;
  let client: TestClient;
  const messages: string[] = [];

  before(() => assert.ok(fs.existsSync(SERVER), 'run `npm run build` first'));

  // One server for the suite (it takes seconds to start); each test sets up the files it needs.
  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-fixes-')));
    fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "app", "version": "1.0.0" }\n');
    fs.writeFileSync(path.join(root, '.gitignore'), 'node_modules/');
    fs.writeFileSync(path.join(root, '.env'), 'SESSION_SECRET=Zq8vN3kLp0xR7tY4wB9e\n');
    client = new TestClient(root);
    client.conn.onNotification(ShowMessageNotification.type, (p) => {
      messages.push(p.message);
    });
    // A client that resolves code actions' edits lazily and shows disabled ones, as VS Code does.
    await client.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri(root),
      workspaceFolders: [{ uri: uri(root), name: 'app' }],
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
        textDocument: {
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
            resolveSupport: { properties: ['edit'] },
            disabledSupport: true,
            dataSupport: true,
          },
        },
      },
    });
    await client.conn.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** .gitignore set to `text` (the server told), and .env reported as not ignored. */
  const notIgnored = async (text: string) => {
    fs.rmSync(path.join(root, '.gitignore'), { force: true });
    fs.writeFileSync(path.join(root, '.gitignore'), text);
    await client.watched([{ rel: '.gitignore', type: 2 }]);
    await until('.env reported as not ignored', () => client.codes('.env').includes(NOT_IGNORED));
  };

  const addAction = async (): Promise<CodeAction | undefined> => {
    const diags = client.diagnosticsOf('.env').filter((d) => d.code === NOT_IGNORED);
    const actions = (await client.codeActions('.env', diags)) as CodeAction[];
    return actions.find((a) => a.title === 'Add .env to .gitignore');
  };
  const resolve = (a: CodeAction) => client.conn.sendRequest(CodeActionResolveRequest.type, a);

  it('hands over the edit at resolve time, computed from the file as it is on disk', async () => {
    await notIgnored('node_modules/');
    const action = await addAction();
    assert.ok(action, 'the fix is offered');
    assert.strictEqual(action.edit, undefined, 'no edit before resolve');
    const resolved = await resolve(action);
    assert.ok(resolved.edit, 'resolved with its edit');
    client.applyEdit(resolved.edit);
    assert.strictEqual(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), 'node_modules/\n.env\n');
  });

  it('refuses the edit, with a message, when the file changed between the offer and the pick', async () => {
    await notIgnored('node_modules/');
    const action = await addAction();
    assert.ok(action);
    // Another program rewrites .gitignore; no file event reaches the server.
    fs.writeFileSync(path.join(root, '.gitignore'), '# deps\nnode_modules/\ncoverage/');
    const refused = await resolve(action);
    assert.strictEqual(refused.edit, undefined);
    await until('a warning naming the file', () =>
      messages.some((m) => /\.gitignore changed since the fix was offered/.test(m)),
    );
    assert.strictEqual(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), '# deps\nnode_modules/\ncoverage/');
    // Asked again, the fix is computed from the new text and appends at its real end.
    const again = await untilAsync('the fix offered again', addAction);
    const resolved = await resolve(again);
    client.applyEdit(resolved.edit!);
    assert.strictEqual(
      fs.readFileSync(path.join(root, '.gitignore'), 'utf8'),
      '# deps\nnode_modules/\ncoverage/\n.env\n',
    );
  });

  it('withholds edits while the scan is behind the disk, and checks the changed file again', async () => {
    fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM node:20\nCOPY . .\nCMD ["node", "index.js"]\n');
    fs.writeFileSync(path.join(root, '.dockerignore'), 'node_modules\n');
    await client.watched([
      { rel: 'Dockerfile', type: 1 },
      { rel: '.dockerignore', type: 1 },
    ]);
    const found = () => client.diagnosticsOf('Dockerfile').filter((d) => d.code === 'config/secret-in-dockerfile');
    const diags = await until('the build context finding', () => found().length > 0 && found());
    // Another program adds .env to .dockerignore; no file event reaches the server.
    fs.writeFileSync(path.join(root, '.dockerignore'), 'node_modules\n.env\n');
    const actions = (await client.codeActions('Dockerfile', diags)) as CodeAction[];
    assert.ok(!actions.some((a) => a.title === 'Add .env to .dockerignore'), 'no edit from a stale scan');
    assert.ok(
      actions.some((a) => /^Show documentation/.test(a.title)),
      'fixes without edits stay',
    );
    await until(
      'the finding gone, without any file event',
      () => !client.codes('Dockerfile').includes('config/secret-in-dockerfile'),
    );
    assert.ok(
      client.logs.some((l) => /Fixes withheld: \.dockerignore changed on disk since the last check/.test(l)),
      client.logs.join('\n'),
    );
  });

  it('shows a fix that would write through a symlink out of the workspace as disabled, with the reason', async () => {
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-outside-')));
    try {
      fs.writeFileSync(path.join(outside, 'gitignore'), 'node_modules/\n');
      await notIgnored('node_modules/');
      fs.rmSync(path.join(root, '.gitignore'));
      fs.symlinkSync(path.join(outside, 'gitignore'), path.join(root, '.gitignore'));
      await client.watched([{ rel: '.gitignore', type: 1 }]);
      const a = await untilAsync('the disabled fix', async () => {
        const x = await addAction();
        return x?.disabled ? x : undefined;
      });
      assert.match(a.disabled!.reason, /\.gitignore links outside the workspace/);
      assert.strictEqual(a.edit, undefined);
      assert.strictEqual(fs.readFileSync(path.join(outside, 'gitignore'), 'utf8'), 'node_modules/\n');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
