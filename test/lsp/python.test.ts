// A Python file through the language server: diagnostics on open, a re-check from the buffer on change, and the
// disable-for-this-line quick fix written as a `#` comment.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { TestClient, until } from '../helpers/lspClient';
import { tempProject } from '../helpers/engine';

const ID = 'dependencies/undeclared-import';
const APP = 'import os\nimport yaml\nfrom flask import Flask\n\napp = Flask(__name__)\n';

describe('language server on a Python file', function () {
  this.timeout(30000);
  let client: TestClient;
  let root: string;

  beforeEach(async () => {
    root = tempProject({
      'requirements.txt': 'flask==3.0.3\ngunicorn==22.0.0\n',
      Procfile: 'web: gunicorn app:app\n',
      'app.py': APP,
    });
    fs.mkdirSync(path.join(root, '.git'));
    client = new TestClient(root);
    await client.initialize();
    await client.open('app.py');
  });

  afterEach(async () => {
    await client.stop();
  });

  it('publishes its findings, re-checks the buffer, and disables one with a # comment', async () => {
    const d = await until('the diagnostic', () => client.diagnosticsOf('app.py').find((x) => x.code === ID));
    assert.strictEqual(d.range.start.line, 1);
    assert.strictEqual(d.source, 'twelve-factor');
    assert.match(String(d.message), /'yaml' is imported but requirements\.txt does not declare pyyaml/);
    // An edit to the buffer is checked from the buffer: the import moved down a line.
    await client.change('app.py', `# settings\n${APP}`);
    await until('the moved finding', () =>
      client.diagnosticsOf('app.py').some((x) => x.code === ID && x.range.start.line === 2),
    );
    const actions = (await client.codeActions('app.py', [client.diagnosticsOf('app.py').find((x) => x.code === ID)!]))!;
    const disable = actions.find((a) => /^Disable .* for this line/.test(a.title)) as CodeAction | undefined;
    assert.ok(disable, actions.map((a) => a.title).join('\n'));
    const edit = disable.edit ?? (await client.conn.sendRequest<CodeAction>('codeAction/resolve', disable)).edit;
    const change = edit!.documentChanges![0] as { edits: { newText: string }[] };
    assert.strictEqual(change.edits[0].newText, `# twelve-factor-disable-next-line ${ID}\n`);
    await client.change('app.py', `# settings\nimport os\n# twelve-factor-disable-next-line ${ID}\n${APP.slice(10)}`);
    await until('the finding disabled', () => !client.diagnosticsOf('app.py').some((x) => x.code === ID));
  });
});
