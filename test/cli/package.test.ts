// The npm package as a user gets it: `npm pack` (its prepack builds), a global install of the tarball into a fresh
// prefix with no registry reachable, then the installed `twelve-factor` and `twelve-factor-lsp` bins.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { tempProject } from '../helpers/engine';
import { TestClient, until } from '../helpers/lspClient';
import { makeTempDir } from '../helpers/tempDirs';

const ROOT = path.join(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';

/** npm as on a fresh machine: none of the npm_* variables `npm test` passes down, an empty HOME and cache. */
function npm(args: string[], cwd: string, home: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier'], {
    cwd,
    encoding: 'utf8',
    env: {
      ...env,
      HOME: home,
      npm_config_cache: path.join(home, '.npm'),
      npm_config_userconfig: path.join(home, '.npmrc'),
    },
  });
  assert.strictEqual(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('the npm package', function () {
  this.timeout(180000);
  let prefix: string;
  const bin = (name: string) => path.join(prefix, 'bin', name);
  let packed: { path: string }[] = [];
  let built: { before: number; after: number };
  let project: string;

  before(() => {
    const work = makeTempDir('tf-package-');
    const home = path.join(work, 'home');
    prefix = path.join(work, 'prefix');
    fs.mkdirSync(home);
    const mtime = () => fs.statSync(path.join(ROOT, 'dist', 'cli.js')).mtimeMs;
    const before = mtime();
    const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT, home));
    packed = info.files;
    built = { before, after: mtime() };
    // --offline and a registry nobody listens on: the tarball must install from itself alone.
    npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--registry',
        'http://127.0.0.1:9/',
        path.join(work, info.filename),
      ],
      work,
      home,
    );
    project = tempProject({
      'package.json': '{"name":"shop","version":"1.0.0","scripts":{"start":"node src/pay.js"}}',
      'src/pay.js': `const stripe = '${SECRET}';\nmodule.exports = stripe;\n`,
    });
  });

  it('is built by its prepack script', () => {
    assert.ok(built.after > built.before, 'npm pack did not rebuild dist/');
  });

  it('holds the bundles, the bins, the rule docs, the report and config schemas and the manifest only, and depends on nothing', () => {
    const paths = packed.map((f) => f.path);
    for (const p of paths)
      assert.match(
        p,
        /^(dist\/(cli|server)\.js|bin\/twelve-factor(-lsp)?|docs\/rules\/[a-z-]+\/[a-z-]+\.md|schemas\/(report|config)\.schema\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/,
        p,
      );
    for (const p of [
      'dist/cli.js',
      'dist/server.js',
      'bin/twelve-factor',
      'bin/twelve-factor-lsp',
      'schemas/report.schema.json',
      'schemas/config.schema.json',
      'LICENSE',
    ])
      assert.ok(paths.includes(p), `${p} is not in the package`);
    assert.strictEqual(
      paths.filter((p) => p.startsWith('docs/rules/')).length,
      fs.readdirSync(path.join(ROOT, 'docs', 'rules'), { recursive: true }).filter((f) => String(f).endsWith('.md'))
        .length,
    );
    assert.strictEqual(PKG.private, undefined);
    assert.deepStrictEqual(PKG.dependencies ?? {}, {}, 'the bundles contain every library');
    assert.deepStrictEqual(fs.readdirSync(path.join(prefix, 'lib', 'node_modules')), ['twelve-factor']);
    assert.ok(!fs.existsSync(path.join(prefix, 'lib', 'node_modules', 'twelve-factor', 'node_modules')));
  });

  it('`twelve-factor check .` runs from the global install, and prints the package version', () => {
    const r = spawnSync(bin('twelve-factor'), ['check', '.'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.strictEqual(r.status, 1, r.stderr);
    assert.match(
      r.stdout,
      /^src\/pay\.js$\n^ {2}1:16 +error +Hardcoded Stripe secret key .*config\/hardcoded-secret$/m,
    );
    assert.ok(!r.stdout.includes(SECRET));
    assert.strictEqual(spawnSync(bin('twelve-factor'), ['--version'], { encoding: 'utf8' }).stdout, `${PKG.version}\n`);
    assert.strictEqual(
      spawnSync(bin('twelve-factor-lsp'), ['--version'], { encoding: 'utf8' }).stdout,
      `${PKG.version}\n`,
    );
  });

  for (const args of [['--stdio'], []]) {
    it(`\`twelve-factor-lsp${args.map((a) => ` ${a}`).join('')}\` answers initialize over stdio and links findings to its own docs`, async () => {
      const client = new TestClient(project, [bin('twelve-factor-lsp'), ...args]);
      let exit: number | null;
      try {
        const init = await client.initialize();
        assert.deepStrictEqual(init.serverInfo, { name: 'twelve-factor', version: PKG.version });
        assert.ok(init.capabilities.textDocumentSync && init.capabilities.codeActionProvider);
        const [d] = await until('a diagnostic for src/pay.js', () => {
          const ds = client.diagnosticsOf('src/pay.js');
          return ds.length > 0 && ds;
        });
        assert.strictEqual(d.code, 'config/hardcoded-secret');
        const doc = fileURLToPath(d.codeDescription!.href);
        assert.strictEqual(
          doc,
          path.join(prefix, 'lib', 'node_modules', 'twelve-factor', 'docs', 'rules', 'config', 'hardcoded-secret.md'),
        );
        assert.ok(fs.existsSync(doc));
      } finally {
        exit = await client.stop();
      }
      assert.strictEqual(exit, 0, client.logs.join('\n'));
    });
  }
});
