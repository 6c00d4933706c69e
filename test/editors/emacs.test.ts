// Emacs with the README's Eglot and lsp-mode snippets, really run: `emacs --batch -l harness/emacs.el` loads a
// snippet as it is in the README, opens a project file, starts the client as a user's config does and waits for the
// server's diagnostics in Flymake.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeTempDir } from '../helpers/tempDirs';
import {
  HARNESS,
  SECRET,
  SECRET_RULE,
  binsOnPath,
  readmeBlock,
  requireBinary,
  run,
  secretProject,
  versionOf,
} from './helpers';

interface Seen {
  arrived?: boolean;
  error?: string;
  flymake?: { line: number; type: string; text: string }[];
  lsp?: { line: number; code: string; message: string }[];
}

describe('Emacs with the README config', function () {
  this.timeout(60000);
  let emacs: string;
  let bin: string;

  before(() => {
    emacs = requireBinary('emacs');
    bin = binsOnPath();
    assert.match(versionOf(emacs), /^GNU Emacs (28|29|[3-9]\d)\./, 'the README says Emacs 28 or later');
  });

  /** Emacs in batch on `file` of `project` with the README block `name` and `client`; HOME in a temp folder. */
  async function open(name: string, client: 'eglot' | 'lsp-mode', project: string, file: string) {
    const { lang, text } = readmeBlock(name);
    assert.strictEqual(lang, 'elisp');
    const work = makeTempDir('tf-emacs-');
    const snippet = path.join(work, 'snippet.el');
    fs.writeFileSync(snippet, text);
    const out = path.join(work, 'seen.json');
    const r = await run(emacs, ['--batch', '-l', path.join(HARNESS, 'emacs.el')], {
      cwd: project,
      env: {
        ...process.env,
        HOME: work,
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        TF_SNIPPET: snippet,
        TF_CLIENT: client,
        TF_FILE: file,
        TF_WANT: SECRET_RULE,
        TF_DEADLINE_MS: '20000',
        TF_OUT: out,
      },
      timeoutMs: 45000,
    });
    assert.ok(fs.existsSync(out), `Emacs wrote nothing (exit ${r.code}): ${r.err}${r.out}`);
    const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as Seen;
    assert.strictEqual(seen.error, undefined, `${seen.error}\n${r.err}`);
    assert.ok(seen.arrived, `no ${SECRET_RULE} in Flymake within the deadline: ${JSON.stringify(seen)}\n${r.err}`);
    return { seen, log: r.err + r.out };
  }

  it('Eglot (Emacs 28 + elpa-eglot, built into 29): the diagnostic shows in Flymake on its line, no warnings', async () => {
    const project = secretProject();
    const { seen, log } = await open('emacs-eglot', 'eglot', project, 'src/pay.js');
    assert.match(log, /\[eglot\] Connected! Server `twelve-factor' now managing/);
    assert.deepStrictEqual(seen.flymake, [
      { line: 1, type: 'eglot-error', text: `twelve-factor [${SECRET_RULE}]: Hardcoded Stripe secret key 'sk_l…Tx'.` },
    ]);
    assert.deepStrictEqual(
      seen.lsp?.map((d) => [d.line, d.code]),
      [[1, SECRET_RULE]],
    );
    // Eglot warns about a dynamic registration the client did not offer, and any server error it logs.
    assert.doesNotMatch(log, /[Ww]arning|unsupported capability|error/, log);
    assert.ok(!log.includes(SECRET));
  });

  it('lsp-mode: the add-on client attaches, its diagnostic shows in Flymake on its line, no warnings', async () => {
    const project = secretProject();
    const { seen, log } = await open('emacs-lsp-mode', 'lsp-mode', project, 'src/pay.js');
    assert.match(log, /twelve-factor:\d+ initialized successfully in folders: \(\S+\)/);
    assert.deepStrictEqual(
      seen.lsp?.map((d) => [d.line, d.code, d.message]),
      [[1, SECRET_RULE, "Hardcoded Stripe secret key 'sk_l…Tx'."]],
    );
    assert.deepStrictEqual(
      seen.flymake?.map((d) => [d.line, d.type]),
      [[1, ':error']],
    );
    // Unknown notifications would each log a warning without the snippet's handlers.
    assert.doesNotMatch(log, /Unknown notification|Error processing message/, log);
  });
});
