// Neovim with the README's config, really run: `nvim --headless -u <README block>` opens a project file, and
// harness/neovim.lua waits for the server's diagnostics, applies a quick fix and writes what it saw as JSON.
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
  fix?: string;
  diagnostics?: { line: number; col: number; code: string; source: string; message: string; severity: number }[];
  clients?: { name: string; root_dir: string }[];
}

describe('Neovim with the README config', function () {
  this.timeout(60000);
  let nvim: string;
  let bin: string;

  before(() => {
    nvim = requireBinary('nvim');
    bin = binsOnPath();
  });

  /** Neovim on `file` of `project` with `config` as its init file; Neovim's own state in a temp folder. */
  async function open(config: string, project: string, file: string, fix = false): Promise<Seen> {
    const work = makeTempDir('tf-nvim-');
    const init = path.join(work, 'init.lua');
    fs.writeFileSync(init, config);
    const out = path.join(work, 'seen.json');
    const xdg = (d: string) => path.join(work, d);
    const r = await run(nvim, ['--headless', '-i', 'NONE', '-u', init, file, '-c', `luafile ${HARNESS}/neovim.lua`], {
      cwd: project,
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        XDG_CONFIG_HOME: xdg('config'),
        XDG_DATA_HOME: xdg('data'),
        XDG_STATE_HOME: xdg('state'),
        XDG_CACHE_HOME: xdg('cache'),
        TF_WANT: SECRET_RULE,
        TF_DEADLINE_MS: '20000',
        TF_OUT: out,
        ...(fix ? { TF_FIX: '1' } : {}),
      },
      timeoutMs: 40000,
    });
    assert.ok(fs.existsSync(out), `Neovim wrote nothing (exit ${r.code}): ${r.err}${r.out}`);
    const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as Seen;
    assert.strictEqual(seen.error, undefined, seen.error);
    return seen;
  }

  it('0.7 to 0.9: the server attaches at the project root and its diagnostic arrives on the line', async () => {
    const { lang, text } = readmeBlock('neovim-0.7');
    assert.strictEqual(lang, 'lua');
    assert.match(versionOf(nvim), /^NVIM v0\.[789]\./, 'the README says this block was run on Neovim 0.7 to 0.9');
    const project = secretProject();
    const seen = await open(text, project, 'src/pay.js');
    assert.deepStrictEqual(seen.clients, [{ name: 'twelve_factor', root_dir: project }]);
    assert.ok(seen.arrived, `no ${SECRET_RULE} within the deadline: ${JSON.stringify(seen.diagnostics)}`);
    const d = seen.diagnostics!.find((x) => x.code === SECRET_RULE)!;
    assert.deepStrictEqual([d.line, d.col, d.source, d.severity], [1, 16, 'twelve-factor', 1]);
    assert.match(d.message, /^Hardcoded Stripe secret key/);
    assert.ok(!d.message.includes(SECRET), 'the secret is redacted');
  });

  it('0.7 to 0.9: the preferred quick fix, resolved and applied, moves the secret to .env', async () => {
    const { text } = readmeBlock('neovim-0.7');
    const project = secretProject();
    const seen = await open(text, project, path.join(project, 'src', 'pay.js'), true);
    assert.deepStrictEqual(
      seen.clients?.map((c) => c.root_dir),
      [project],
    );
    assert.strictEqual(seen.fix, 'Move STRIPE_SECRET_KEY to .env');
    assert.strictEqual(
      fs.readFileSync(path.join(project, 'src', 'pay.js'), 'utf8'),
      'const stripe = process.env.STRIPE_SECRET_KEY;\nmodule.exports = stripe;\n',
    );
    assert.match(fs.readFileSync(path.join(project, '.env'), 'utf8'), new RegExp(`^STRIPE_SECRET_KEY=${SECRET}$`, 'm'));
    assert.match(fs.readFileSync(path.join(project, '.gitignore'), 'utf8'), /^\.env$/m);
  });

  it('0.10 and 0.11: not runnable on this Neovim, so their Lua is syntax-checked by it', async () => {
    const work = makeTempDir('tf-nvim-syntax-');
    for (const name of ['neovim-0.10', 'neovim-0.11']) {
      const { lang, text } = readmeBlock(name);
      assert.strictEqual(lang, 'lua', name);
      const file = path.join(work, `${name}.lua`);
      fs.writeFileSync(file, text);
      // loadfile compiles without running: a syntax error comes back as its second value.
      const r = await run(
        nvim,
        [
          '--headless',
          '-u',
          'NONE',
          '-i',
          'NONE',
          '-c',
          `lua local _, e = loadfile('${file}'); io.stdout:write(e or 'ok')`,
          '-c',
          'qa!',
        ],
        { cwd: work, env: process.env, timeoutMs: 20000 },
      );
      assert.strictEqual(r.out.trim(), 'ok', `${name}: ${r.out}${r.err}`);
    }
  });
});
