// pre-commit itself, really run: the README's .pre-commit-config.yaml, pointed at a snapshot of this checkout (a git
// repository of its files as they are on disk, committed), installed as a git hook in a scratch repository. pre-commit
// builds the hook's node environment as it does for a user: `npm install` of this repository (devDependencies from
// the npm registry or its cache), `npm pack` (prepack builds dist/), a global install of the tarball.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { tempProject } from '../helpers/engine';
import { makeTempDir } from '../helpers/tempDirs';
import {
  README,
  ROOT,
  SECRET,
  SECRET_RULE,
  binsOnPath,
  cleanEnv,
  git,
  gitEnv,
  requireBinary,
  run,
  secretProject,
  versionOf,
} from './helpers';

interface Config {
  repos: { repo: string; rev: string; hooks: { id: string; args?: string[] }[] }[];
}

/** This checkout's files as they are on disk (tracked and new, not ignored), committed in a new repository. */
function snapshot(): { repo: string; rev: string } {
  const repo = makeTempDir('tf-pre-commit-hook-');
  for (const rel of git(ROOT, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0')) {
    const from = path.join(ROOT, rel);
    const st = rel && fs.lstatSync(from, { throwIfNoEntry: false });
    if (!st) continue; // deleted in the working tree
    const to = path.join(repo, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.copyFileSync(from, to);
  }
  git(repo, ['init', '-q']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '--no-verify', '-m', 'snapshot']);
  return { repo, rev: git(repo, ['rev-parse', 'HEAD']) };
}

describe('pre-commit with the README config and .pre-commit-hooks.yaml (really run)', function () {
  // The first run installs the hook's environment: an npm install of this repository's devDependencies.
  this.timeout(300000);
  let preCommit: string;
  let hook: { repo: string; rev: string };
  let env: NodeJS.ProcessEnv;
  let home: string;

  before(() => {
    requireBinary('git');
    preCommit = requireBinary('pre-commit');
    assert.match(versionOf(preCommit), /^pre-commit \d/);
    hook = snapshot();
    // npm inside the hook's install must not inherit `npm run`'s npm_* variables; git no user or system config.
    home = makeTempDir('tf-pre-commit-home-');
    env = cleanEnv({ ...gitEnv(), PRE_COMMIT_HOME: home, NO_COLOR: '1' });
  });

  // The hook's environments and the snapshot are big for the run-wide cleanup's time limit: removed here.
  after(() => {
    for (const dir of [home, hook?.repo]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The README's .pre-commit-config.yaml blocks: the remote one first, then the local one. */
  const readmeConfigs = () =>
    [...README.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => YAML.parse(m[1]) as Config | null)
      .filter((y): y is Config => !!y?.repos);

  /** The README's .pre-commit-config.yaml with the snapshot as the repository; `hooks` replaces its hook list. */
  function writeConfig(dir: string, hooks?: Config['repos'][0]['hooks']): Config {
    const readme = readmeConfigs()[0];
    assert.ok(readme, 'README.md has a .pre-commit-config.yaml block');
    const config: Config = { repos: [{ ...readme.repos[0], ...hook, ...(hooks ? { hooks } : {}) }] };
    fs.writeFileSync(path.join(dir, '.pre-commit-config.yaml'), YAML.stringify(config));
    return config;
  }

  const sh = (cwd: string, cmd: string, args: string[]) => run(cmd, args, { cwd, env, timeoutMs: 280000 });

  it('as a git hook: refuses the commit of a secret, names the rule, accepts it fixed, skips unrelated files', async () => {
    const repo = secretProject();
    const config = writeConfig(repo);
    assert.deepStrictEqual(config.repos[0].hooks, [{ id: 'twelve-factor', args: ['--max-severity', 'warning'] }]);
    const install = await sh(repo, preCommit, ['install']);
    assert.strictEqual(install.code, 0, install.err + install.out);

    git(repo, ['add', '-A']);
    const refused = await sh(repo, 'git', ['commit', '-m', 'pay']);
    const said = refused.out + refused.err;
    assert.strictEqual(refused.code, 1, said);
    assert.match(said, /Installing environment for /);
    assert.match(said, /^twelve-factor\.+Failed$/m, said);
    assert.match(said, new RegExp(`src/pay\\.js\\n\\s+1:16\\s+error\\s+Hardcoded Stripe secret key .*${SECRET_RULE}`));
    assert.ok(!said.includes(SECRET), 'the secret is redacted');
    assert.strictEqual((await sh(repo, 'git', ['rev-parse', '--verify', '-q', 'HEAD'])).code, 1, 'nothing committed');

    fs.writeFileSync(path.join(repo, 'src', 'pay.js'), 'module.exports = process.env.STRIPE_SECRET_KEY;\n');
    git(repo, ['add', '-A']);
    const accepted = await sh(repo, 'git', ['commit', '-m', 'pay']);
    assert.strictEqual(accepted.code, 0, accepted.out + accepted.err);
    assert.match(accepted.out + accepted.err, /^twelve-factor\.+Passed$/m);

    fs.writeFileSync(path.join(repo, 'README.md'), '# shop\n');
    git(repo, ['add', 'README.md']);
    const docs = await sh(repo, 'git', ['commit', '-m', 'docs']);
    assert.strictEqual(docs.code, 0, docs.out + docs.err);
    assert.match(docs.out + docs.err, /^twelve-factor\.+\(no files to check\)Skipped$/m);
  });

  it('twelve-factor-fix: fails the run when it changed files, then passes with nothing left to fix', async () => {
    const repo = tempProject({
      'package.json': '{"name":"web","version":"1.0.0","scripts":{"start":"node server.js"}}\n',
      'server.js': "const http = require('http');\nhttp.createServer(() => {}).listen(3000);\n",
    });
    git(repo, ['init', '-q']);
    writeConfig(repo, [{ id: 'twelve-factor-fix' }]);
    git(repo, ['add', '-A']);

    const first = await sh(repo, preCommit, ['run', 'twelve-factor-fix', '--all-files']);
    assert.strictEqual(first.code, 1, first.out + first.err);
    assert.match(first.out, /^twelve-factor --fix\.+Failed$/m, first.out);
    assert.match(first.out, /- files were modified by this hook/);
    assert.match(fs.readFileSync(path.join(repo, 'server.js'), 'utf8'), /process\.env\.PORT/);

    git(repo, ['add', '-A']);
    const second = await sh(repo, preCommit, ['run', 'twelve-factor-fix', '--all-files']);
    assert.strictEqual(second.code, 0, second.out + second.err);
    assert.match(second.out, /^twelve-factor --fix\.+Passed$/m);
  });

  it("the README's local hook (for pre-commit 4.6.1+) runs an installed CLI: fails on the secret, passes fixed", async () => {
    const local = readmeConfigs()[1];
    assert.strictEqual(local?.repos[0].repo, 'local');
    const repo = secretProject();
    fs.writeFileSync(path.join(repo, '.pre-commit-config.yaml'), YAML.stringify(local));
    git(repo, ['add', '-A']);
    const withCli = { ...env, PATH: `${binsOnPath()}${path.delimiter}${env.PATH}` };
    const pc = () => run(preCommit, ['run', '--all-files'], { cwd: repo, env: withCli, timeoutMs: 60000 });
    const failed = await pc();
    assert.strictEqual(failed.code, 1, failed.out + failed.err);
    assert.match(failed.out, /^twelve-factor\.+Failed$/m);
    assert.match(failed.out, new RegExp(`1:16\\s+error\\s+Hardcoded Stripe secret key .*${SECRET_RULE}`));
    fs.writeFileSync(path.join(repo, 'src', 'pay.js'), 'module.exports = process.env.STRIPE_SECRET_KEY;\n');
    git(repo, ['add', '-A']);
    const passed = await pc();
    assert.strictEqual(passed.code, 0, passed.out + passed.err);
    assert.match(passed.out, /^twelve-factor\.+Passed$/m);
  });
});
