// The CI packaging, each run by its own commands: the composite GitHub Action (action.yml) step by step through bash
// with a fake GITHUB_* environment, the pre-commit hooks (.pre-commit-hooks.yaml) the way pre-commit runs them, and
// the README's GitLab CI job. A GitHub runner is not installed here: the test plays its part. pre-commit itself runs
// the hooks in test/editors/pre-commit.test.ts (npm run test:editors); these stay in npm test, without it.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import picomatch from 'picomatch';
import YAML from 'yaml';
import { tempProject } from '../helpers/engine';
import { makeTempDir } from '../helpers/tempDirs';

const ROOT = path.join(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';
const SECRET_APP = {
  'package.json': '{"name":"shop","version":"1.0.0","scripts":{"start":"node src/pay.js"}}',
  'src/pay.js': `const stripe = '${SECRET}';\nmodule.exports = stripe;\n`,
};
/** Warnings only (a fixed port, no SIGTERM handler), no error. */
const PORT_APP = {
  'package.json': '{"name":"web","version":"1.0.0","scripts":{"start":"node server.js"}}',
  'server.js': "const http = require('http');\nhttp.createServer(() => {}).listen(3000);\n",
};

/** npm without the npm_* variables `npm test` passes down, with its own cache: as on a fresh machine. */
function npmEnv(home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, HOME: home, npm_config_cache: path.join(home, '.npm'), npm_config_update_notifier: 'false' };
}

/** The package tarball (dist/ is built by `npm test`; --ignore-scripts skips a second build) and a global install. */
const packaged = (() => {
  let made: { tarball: string; prefix: string; home: string } | undefined;
  return () => {
    if (made) return made;
    const work = makeTempDir('tf-ci-pack-');
    const home = path.join(work, 'home');
    fs.mkdirSync(home);
    const npm = (args: string[]) => {
      const r = spawnSync('npm', [...args, '--no-audit', '--no-fund'], {
        cwd: work,
        encoding: 'utf8',
        env: npmEnv(home),
      });
      assert.strictEqual(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first');
    const [info] = JSON.parse(npm(['pack', ROOT, '--json', '--ignore-scripts', '--pack-destination', work]));
    const tarball = path.join(work, info.filename);
    const prefix = path.join(work, 'prefix');
    npm(['install', '--global', '--prefix', prefix, '--offline', '--registry', 'http://127.0.0.1:9/', tarball]);
    return (made = { tarball, prefix, home });
  };
})();

// ---------------------------------------------------------------------------------------------------------------
// A GitHub runner, as far as action.yml needs one.

interface Step {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const ACTION = YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

interface Context {
  inputs: Record<string, string>;
  steps: Record<string, Record<string, string>>;
  actionPath: string;
  temp: string;
  failed: boolean;
}

/**
 * The expressions action.yml uses: `a == 'x'`, `!=`, `&&`, `||`, `inputs.*`, `steps.*.outputs.*`, `github.action_path`,
 * `runner.temp`, `always()`, `success()`, `failure()`. Anything else throws, so the action cannot use what this
 * runner would misread.
 */
function evaluate(expr: string, ctx: Context): string | boolean {
  const value = (t: string): string | boolean => {
    t = t.trim();
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^'((?:[^']|'')*)'$/))) return m[1].replace(/''/g, "'");
    if (t === 'always()') return true;
    if (t === 'success()') return !ctx.failed;
    if (t === 'failure()') return ctx.failed;
    if (t === 'github.action_path') return ctx.actionPath;
    if (t === 'runner.temp') return ctx.temp;
    if ((m = t.match(/^inputs\.([\w-]+)$/))) return ctx.inputs[m[1]] ?? '';
    if ((m = t.match(/^steps\.([\w-]+)\.outputs\.([\w-]+)$/))) return ctx.steps[m[1]]?.[m[2]] ?? '';
    throw new Error(`expression the test runner does not know: ${t}`);
  };
  const truthy = (v: string | boolean) => v !== false && v !== '';
  const compare = (c: string): string | boolean => {
    const m = c.match(/^(.*?)(==|!=)(.*)$/);
    if (!m) return value(c);
    const [a, b] = [value(m[1]), value(m[3])];
    return m[2] === '==' ? a === b : a !== b;
  };
  const ors = expr.split('||').map((or) => or.split('&&'));
  if (ors.length === 1 && ors[0].length === 1) return compare(expr);
  return ors.some((ands) => ands.every((and) => truthy(compare(and))));
}

const substitute = (s: string, ctx: Context) =>
  s.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => String(evaluate(e, ctx)));

/** `name=value` lines and `name<<DELIM` blocks, as the runner reads $GITHUB_OUTPUT. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = lines[i].match(/^([\w-]+)<<(.+)$/);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('='))
      out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

function exec(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

interface ActionRun {
  ran: string[];
  /** The `uses:` steps, not run: what they were given. */
  uses: { uses: string; with: Record<string, string> }[];
  failed?: { step: string; code: number | null; out: string; err: string };
  steps: Record<string, Record<string, string>>;
  outputs: Record<string, string>;
  summary: string;
  log: string;
}

/** Runs action.yml's steps in `workspace` as a runner would: bash for `run:`, the `uses:` steps recorded, not run. */
async function runAction(
  workspace: string,
  inputs: Record<string, string> = {},
  opts: { actionPath?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ActionRun> {
  const temp = makeTempDir('tf-runner-');
  const summaryFile = path.join(temp, 'step-summary.md');
  fs.writeFileSync(summaryFile, '');
  const ctx: Context = {
    inputs: {
      ...Object.fromEntries(Object.entries(ACTION.inputs).map(([k, v]) => [k, v.default ?? ''])),
      ...inputs,
    },
    steps: {},
    actionPath: opts.actionPath ?? ROOT,
    temp,
    failed: false,
  };
  const result: ActionRun = { ran: [], uses: [], steps: ctx.steps, outputs: {}, summary: '', log: '' };
  for (const [i, step] of ACTION.runs.steps.entries()) {
    const name = step.id ?? step.name ?? String(i);
    // As on GitHub, an `if:` without a status function only runs while every step before it succeeded.
    const cond = step.if ?? 'success()';
    if (!/\b(always|success|failure|cancelled)\(\)/.test(cond) && ctx.failed) continue;
    if (!evaluate(cond, ctx)) continue;
    if (step.uses) {
      result.uses.push({
        uses: step.uses,
        with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)])),
      });
      continue;
    }
    assert.strictEqual(step.shell, 'bash', `${name}: a composite run step names its shell`);
    const script = path.join(temp, `${name}.sh`);
    const outputFile = path.join(temp, `${name}.output`);
    fs.writeFileSync(script, step.run!);
    fs.writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...opts.env,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: ctx.actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: temp,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)])),
    };
    // GitHub's command line for `shell: bash`.
    const r = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env });
    result.ran.push(name);
    result.log += r.out + r.err;
    if (step.id) ctx.steps[step.id] = readOutputs(outputFile);
    if (r.code !== 0) {
      ctx.failed = true;
      result.failed = { step: name, ...r };
    }
  }
  result.outputs = Object.fromEntries(Object.entries(ACTION.outputs).map(([k, v]) => [k, substitute(v.value, ctx)]));
  result.summary = fs.readFileSync(summaryFile, 'utf8');
  return result;
}

interface Sarif {
  runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[];
}
const readSarif = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Sarif;

describe('the GitHub Action (action.yml)', function () {
  this.timeout(120000);

  it('is a composite action with the documented inputs and outputs, and no expression inside a script', () => {
    assert.strictEqual(ACTION.runs.using, 'composite');
    assert.deepStrictEqual(Object.keys(ACTION.inputs).sort(), [
      'args',
      'fail',
      'max-severity',
      'path',
      'summary',
      'upload-sarif',
      'version',
    ]);
    for (const [k, v] of Object.entries(ACTION.inputs)) {
      assert.ok(v.description, `${k} has a description`);
      assert.strictEqual(typeof v.default, 'string', `${k} has a default`);
    }
    assert.deepStrictEqual(Object.keys(ACTION.outputs).sort(), ['exit-code', 'findings', 'sarif']);
    // Inputs go through env: `${{ inputs.args }}` pasted into a script would run whatever the input holds.
    for (const s of ACTION.runs.steps) if (s.run) assert.ok(!s.run.includes('${{'), `${s.name} interpolates into bash`);
    const upload = ACTION.runs.steps.filter((s) => s.uses);
    assert.deepStrictEqual(
      upload.map((s) => s.uses),
      ['github/codeql-action/upload-sarif@v4'],
    );
    // The README's example pins this release: the tag whose package.json names the npm version the action runs.
    const uses = README.match(/uses: twelve-factor-lint\/\S+/g);
    assert.deepStrictEqual(uses, [`uses: twelve-factor-lint/twelve-factor@v${PKG.version}`]);
  });

  it('scans with the checkout it runs from, uploads the SARIF it wrote, summarises and fails on an error', async () => {
    const ws = tempProject(SECRET_APP);
    const r = await runAction(ws);
    assert.deepStrictEqual(r.ran, ['cli', 'scan', 'Fail on findings']);
    assert.strictEqual(r.steps.cli.cli, path.join(ROOT, 'bin', 'twelve-factor'));
    assert.match(r.log, new RegExp(`^twelve-factor ${PKG.version.replace(/\./g, '\\.')}$`, 'm'));
    assert.strictEqual(r.outputs['exit-code'], '1');
    const sarif = r.outputs.sarif;
    assert.ok(path.isAbsolute(sarif) && fs.existsSync(sarif), sarif);
    assert.deepStrictEqual(r.uses, [{ uses: 'github/codeql-action/upload-sarif@v4', with: { sarif_file: sarif } }]);
    const log = readSarif(sarif);
    const results = log.runs.flatMap((run) => run.results);
    assert.ok(results.some((x) => x.ruleId === 'config/hardcoded-secret'));
    assert.strictEqual(r.outputs.findings, String(results.filter((x) => !x.suppressions?.length).length));
    assert.ok(!fs.readFileSync(sarif, 'utf8').includes(SECRET));
    assert.match(r.summary, /config\/hardcoded-secret/);
    assert.match(r.summary, /^\|.*\|$/m, 'the checklist table');
    assert.ok(!r.summary.includes(SECRET));
    assert.strictEqual(r.failed?.step, 'Fail on findings');
    assert.strictEqual(r.failed?.code, 1);
    assert.match(r.failed!.out, /^::error title=twelve-factor::Findings at or above error/m);
  });

  it('with fail, upload-sarif and summary off: reports the exit code, uploads and writes nothing, passes', async () => {
    const ws = tempProject(SECRET_APP);
    const r = await runAction(ws, { fail: 'false', 'upload-sarif': 'false', summary: 'false' });
    assert.strictEqual(r.failed, undefined, r.log);
    assert.strictEqual(r.outputs['exit-code'], '1');
    assert.deepStrictEqual(r.uses, []);
    assert.strictEqual(r.summary, '');
    assert.ok(fs.existsSync(r.outputs.sarif));
    assert.match(r.log, /the check failed \(exit code 1\); fail: false lets the job pass/);
  });

  it('max-severity sets the threshold, and path the folder scanned', async () => {
    const ws = tempProject(Object.fromEntries(Object.entries(PORT_APP).map(([k, v]) => [`apps/web/${k}`, v])));
    const passes = await runAction(ws, { path: 'apps/web' });
    assert.strictEqual(passes.failed, undefined, passes.log);
    assert.strictEqual(passes.outputs['exit-code'], '0');
    assert.deepStrictEqual(passes.ran, ['cli', 'scan'], 'the fail step is skipped');
    assert.match(passes.summary, /port-binding\/hardcoded-port/);
    const fails = await runAction(ws, { path: 'apps/web', 'max-severity': 'warning' });
    assert.strictEqual(fails.outputs['exit-code'], '1');
    assert.strictEqual(fails.failed?.code, 1);
    assert.match(fails.failed!.out, /at or above warning/);
    const results = readSarif(fails.outputs.sarif).runs.flatMap((run) => run.results);
    assert.ok(results.some((x) => x.ruleId === 'port-binding/hardcoded-port'));
  });

  it('splits args as a shell would, quotes included, and runs nothing in them', async () => {
    const ws = tempProject(PORT_APP);
    const r = await runAction(ws, {
      'max-severity': 'warning',
      args: `--baseline "my baseline.json" --write-baseline --rule '$(touch pwned)'`,
    });
    // The last word reaches the CLI as text, the value of --rule: a usage error, not a command run.
    assert.strictEqual(r.outputs['exit-code'], '2');
    assert.match(r.log, /twelve-factor: --rule takes ID:SEVERITY .*, not '\$\(touch pwned\)'/);
    assert.ok(!fs.existsSync(path.join(ws, 'pwned')));
    assert.strictEqual(r.failed?.code, 2);
    assert.deepStrictEqual(r.uses, [], 'no SARIF to upload');
    const ok = await runAction(ws, {
      'max-severity': 'warning',
      args: `--baseline "my baseline.json" --write-baseline`,
    });
    assert.strictEqual(ok.failed, undefined, ok.log);
    const baseline = JSON.parse(fs.readFileSync(path.join(ws, 'my baseline.json'), 'utf8'));
    assert.ok(baseline.findings.some((f: { rule: string }) => f.rule === 'port-binding/hardcoded-port'));
    const again = await runAction(ws, { 'max-severity': 'warning', args: `--baseline "my baseline.json"` });
    assert.strictEqual(again.outputs['exit-code'], '0', 'the baselined warnings no longer fail');
    assert.strictEqual(again.outputs.findings, '0');
  });

  it('fails with exit code 2 when the scan cannot run, whatever fail says, and writes no summary', async () => {
    const ws = tempProject(SECRET_APP);
    const r = await runAction(ws, { path: 'no-such-folder', fail: 'false' });
    assert.strictEqual(r.outputs['exit-code'], '2');
    assert.strictEqual(r.outputs.sarif, '');
    assert.deepStrictEqual(r.uses, []);
    assert.strictEqual(r.summary, '');
    assert.strictEqual(r.failed?.code, 2);
    assert.match(r.log, /cannot read directory no-such-folder/);
    assert.match(r.failed!.out, /^::error title=twelve-factor::The check could not run/m);
  });

  it('from a release checkout without dist/: installs the npm package at the release version, or at `version`', async () => {
    const { tarball, home } = packaged();
    // The action as `uses: twelve-factor-lint/twelve-factor@v…` checks it out: the repository, no dist/.
    const release = makeTempDir('tf-action-');
    for (const f of ['action.yml', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(release, f));
    // A registry that has this version only, serving the packed tarball.
    const data = fs.readFileSync(tarball);
    const requested: string[] = [];
    const server = http.createServer((req, res) => {
      requested.push(req.url!);
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === '/twelve-factor') {
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            name: 'twelve-factor',
            'dist-tags': { latest: PKG.version },
            versions: {
              [PKG.version]: {
                name: 'twelve-factor',
                version: PKG.version,
                bin: manifest.bin,
                engines: manifest.engines,
                dist: {
                  tarball: `${base}/twelve-factor.tgz`,
                  shasum: crypto.createHash('sha1').update(data).digest('hex'),
                  integrity: `sha512-${crypto.createHash('sha512').update(data).digest('base64')}`,
                },
              },
            },
          }),
        );
      } else if (req.url === '/twelve-factor.tgz') res.end(data);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      // An empty cache: the install fetched the tarball from the registry, not from an earlier install.
      const env = { ...npmEnv(home), npm_config_registry: registry, npm_config_cache: makeTempDir('tf-npm-cache-') };
      const ws = tempProject(SECRET_APP);
      const r = await runAction(ws, {}, { actionPath: release, env });
      assert.match(
        r.steps.cli.cli,
        /[/\\]twelve-factor-cli[/\\]node_modules[/\\]twelve-factor[/\\]bin[/\\]twelve-factor$/,
      );
      assert.deepStrictEqual(requested, ['/twelve-factor', '/twelve-factor.tgz']);
      assert.strictEqual(r.outputs['exit-code'], '1', r.log);
      assert.ok(readSarif(r.outputs.sarif).runs[0].results.some((x) => x.ruleId === 'config/hardcoded-secret'));
      // A version that the registry does not have: the install fails, so does the action, before any scan.
      const missing = await runAction(ws, { version: '99.0.0' }, { actionPath: release, env });
      assert.deepStrictEqual(missing.ran, ['cli']);
      assert.strictEqual(missing.failed?.step, 'cli');
      assert.match(missing.log, /twelve-factor@99\.0\.0/);
    } finally {
      server.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files?: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
  args?: string[];
}

describe('the pre-commit hooks (.pre-commit-hooks.yaml)', function () {
  this.timeout(120000);
  const hooks = YAML.parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = (id: string) => hooks.find((h) => h.id === id)!;

  /**
   * What pre-commit does for a `language: node` hook once installed (its install packs this repository and installs
   * the tarball globally, which `packaged()` does too): the entry split like shlex, the config's args after it, no
   * file names, in the repository root, with the environment's bin first on PATH.
   */
  function runHook(h: Hook, repo: string, args: string[] = []) {
    const { prefix, home } = packaged();
    assert.ok(!/["'\\]/.test(h.entry), 'an entry with quotes would need shlex');
    const [cmd, ...rest] = h.entry.split(/\s+/);
    return spawnSync(cmd, [...rest, ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...npmEnv(home), PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' },
    });
  }

  it('are node hooks that check the whole repository once, when a file it reads is staged', () => {
    assert.deepStrictEqual(
      hooks.map((h) => h.id),
      ['twelve-factor', 'twelve-factor-fix'],
    );
    for (const h of hooks) {
      assert.ok(h.name && h.entry, h.id);
      assert.strictEqual(h.language, 'node');
      assert.strictEqual(h.pass_filenames, false);
      assert.strictEqual(h.require_serial, true);
      // pre-commit matches `files` with Python's re.search; this pattern means the same in JavaScript.
      const files = new RegExp(h.files!);
      for (const p of [
        'src/server.ts',
        'lib/a.mjs',
        'web/App.jsx',
        'package.json',
        'package-lock.json',
        'yarn.lock',
        'pnpm-lock.yaml',
        'Dockerfile',
        'docker/api.Dockerfile',
        'Procfile',
        '.env',
        'apps/web/.env.example',
        '.nvmrc',
        '.tool-versions',
        '.gitignore',
        'scripts/migrate.sh',
        'prisma/schema.prisma',
        'twelve-factor.baseline.json',
      ])
        assert.ok(files.test(p), `${h.id} runs when ${p} changes`);
      for (const p of ['README.md', 'docs/logo.png', 'src/styles.css', 'Dockerfile.md/notes.txt'])
        assert.ok(!files.test(p), `${h.id} does not run for ${p}`);
    }
  });

  it("are what the README's .pre-commit-config.yaml uses, at this release", () => {
    const config = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => YAML.parse(m[1])).find((y) => y?.repos)
      ?.repos as { repo: string; rev: string; hooks: { id: string }[] }[];
    assert.deepStrictEqual(
      config.map((r) => [r.repo, r.rev]),
      [['https://github.com/twelve-factor-lint/twelve-factor', `v${PKG.version}`]],
    );
    for (const { id } of config[0].hooks) assert.ok(hook(id), id);
  });

  it('twelve-factor fails on an error, passes on a clean app, and takes args from the config', () => {
    const secret = runHook(hook('twelve-factor'), tempProject(SECRET_APP));
    assert.strictEqual(secret.status, 1, secret.stderr);
    assert.match(secret.stdout, /config\/hardcoded-secret/);
    assert.ok(!secret.stdout.includes(SECRET));
    const port = tempProject(PORT_APP);
    assert.strictEqual(runHook(hook('twelve-factor'), port).status, 0);
    const strict = runHook(hook('twelve-factor'), port, ['--max-severity', 'warning']);
    assert.strictEqual(strict.status, 1);
    assert.match(strict.stdout, /port-binding\/hardcoded-port/);
  });

  it('twelve-factor-fix changes the files (which stops the commit), then has nothing left to fix', () => {
    const repo = tempProject(PORT_APP);
    const first = runHook(hook('twelve-factor-fix'), repo);
    assert.match(first.stdout, /^Fixed \d+ problems? in/m, first.stderr);
    assert.match(fs.readFileSync(path.join(repo, 'server.js'), 'utf8'), /process\.env\.PORT/);
    const after = fs.readFileSync(path.join(repo, 'server.js'), 'utf8');
    const second = runHook(hook('twelve-factor-fix'), repo);
    assert.match(second.stdout, /--fix: no fix safe to apply unattended\./);
    assert.strictEqual(fs.readFileSync(path.join(repo, 'server.js'), 'utf8'), after);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("the README's GitLab CI job", function () {
  this.timeout(120000);
  const block = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((y) => /codequality/.test(y));
  const job = (YAML.parse(block ?? '') ?? {})['twelve-factor'] as {
    image: string;
    script: string[];
    artifacts: { when: string; reports: { codequality: string } };
  };

  it('runs on a Node image and keeps the Code Quality report even when the job fails', () => {
    assert.ok(job, 'the README has a GitLab job named twelve-factor');
    const major = Number(job.image.match(/^node:(\d+)/)?.[1]);
    assert.ok(major >= 20, job.image);
    assert.strictEqual(job.artifacts.when, 'always');
    assert.strictEqual(job.artifacts.reports.codequality, 'gl-code-quality-report.json');
  });

  /** The job's script as GitLab's shell runs it: line by line, stopping at the first that fails. */
  function runJob(project: string) {
    const { prefix, home } = packaged();
    return spawnSync('sh', ['-e', '-c', job.script.join('\n')], {
      cwd: project,
      encoding: 'utf8',
      // npx finds the package installed in this prefix, so nothing is fetched.
      env: {
        ...npmEnv(home),
        npm_config_prefix: prefix,
        npm_config_offline: 'true',
        PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`,
        NO_COLOR: '1',
      },
    });
  }

  it('writes the Code Quality report, prints the findings and fails on an error', () => {
    const project = tempProject(SECRET_APP);
    const r = runJob(project);
    assert.strictEqual(r.status, 1, r.stderr);
    const report = JSON.parse(fs.readFileSync(path.join(project, job.artifacts.reports.codequality), 'utf8')) as {
      check_name: string;
      severity: string;
      location: { path: string };
    }[];
    assert.ok(report.some((i) => i.check_name === 'config/hardcoded-secret' && i.location.path === 'src/pay.js'));
    assert.match(r.stdout, /^src\/pay\.js$/m);
    assert.match(r.stdout, /Twelve-Factor checklist/);
  });

  it('passes on an app with warnings only, and still writes the report', () => {
    const project = tempProject(PORT_APP);
    const r = runJob(project);
    assert.strictEqual(r.status, 0, r.stderr);
    const report = JSON.parse(fs.readFileSync(path.join(project, 'gl-code-quality-report.json'), 'utf8')) as {
      check_name: string;
    }[];
    assert.ok(report.some((i) => i.check_name === 'port-binding/hardcoded-port'));
  });
});

describe('the CI files in the packages', () => {
  it('are in neither the .vsix (.vscodeignore keeps an allowlist) nor the npm package (`files`)', () => {
    const keep = fs
      .readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => picomatch(l.slice(1), { dot: true }));
    const files = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    for (const f of ['action.yml', '.pre-commit-hooks.yaml']) {
      assert.ok(!keep.some((m) => m(f)), `.vscodeignore keeps ${f}`);
      assert.ok(!files.some((p) => picomatch(p.replace(/\/$/, '/**'), { dot: true })(f)), `files has ${f}`);
    }
  });
});
