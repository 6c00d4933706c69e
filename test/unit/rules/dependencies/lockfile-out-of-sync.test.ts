import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, fixFor, scan } from '../../../helpers/engine';

const ID = 'dependencies/lockfile-out-of-sync';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags dependencies missing from the lockfile or locked outside the declared range', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'npm-mono/apps/web/package.json:5',
      'package.json:11',
      'package.json:6',
      'package.json:8',
      'pnpm-app/package.json:6',
      'pnpm-mono/services/api/package.json:5',
      'pnpm-mono/services/api/package.json:6',
      'pnpm-v5/package.json:6',
      'yarn-alias/package.json:6',
      'yarn-app/package.json:5',
    ]);
    const zod = s.findings.find((f) => f.ruleId === ID && f.range.start.line === 7 && !f.path.includes('pnpm-app'))!;
    assert.strictEqual(
      zod.message,
      "'zod' is declared in dependencies but missing from package-lock.json, so `npm ci` fails.",
    );
    const express = s.findings.find((f) => f.ruleId === ID && f.range.start.line === 5)!;
    assert.match(express.message, /"\^4\.19\.2" but package-lock\.json locks 4\.18\.2/);
  });

  it('checks an npm: alias by its range, against the entry the lockfile keeps under the alias name', async () => {
    const s = await scan(dir('positive'));
    const alias = s.findings.filter((f) => f.ruleId === ID && f.path.includes('yarn-alias'));
    // yarn.lock keys `"string-width-cjs@npm:string-width@^4.2.0"` under string-width-cjs (it was once read as
    // `string-width-cjs@npm:string-width`, so the alias looked missing); the strip-ansi alias is locked below its range.
    assert.deepStrictEqual(
      alias.map((f) => f.message),
      [`'strip-ansi-cjs' is declared as "npm:strip-ansi@^7.0.0" but yarn.lock locks 6.0.1.`],
    );
  });

  it("compares a workspace member with its own lockfile entries, not another member's", async () => {
    const s = await scan(dir('positive'));
    const msg = (file: string, line: number) =>
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file && f.range.start.line === line - 1)!
        .message;
    // services/worker locks mongoose 8.4.1 and amqplib; services/api's importer still has mongoose 7.6.3 and no amqplib.
    assert.strictEqual(
      msg('pnpm-mono/services/api/package.json', 6),
      `'mongoose' is declared as "^8.4.1" but pnpm-lock.yaml locks 7.6.3.`,
    );
    assert.match(
      msg('pnpm-mono/services/api/package.json', 5),
      /^'amqplib' is declared in dependencies but missing from pnpm-lock\.yaml/,
    );
    // npm: apps/web resolves its nested node_modules/ws 7.5.9 before the hoisted 8.17.0.
    assert.match(
      msg('npm-mono/apps/web/package.json', 5),
      /^'ws' is declared as "\^8\.17\.0" but package-lock\.json locks 7\.5\.9\.$/,
    );
    // pnpm v5 peer suffixes (17.0.2_react@17.0.2) are read as their version.
    assert.match(msg('pnpm-v5/package.json', 6), /locks 17\.0\.2\.$/);
  });

  it("names the project's own frozen install command", async () => {
    const s = await scan(dir('positive'));
    const pnpm = s.findings.filter((f) => f.ruleId === ID && f.path.includes('pnpm-app'));
    assert.strictEqual(pnpm.length, 1); // ms is locked: only zod
    assert.strictEqual(
      pnpm[0].message,
      "'zod' is declared in dependencies but missing from pnpm-lock.yaml, so `pnpm install --frozen-lockfile` fails.",
    );
    assert.ok(!pnpm[0].message.includes('npm ci'));
  });

  it('skips non-semver ranges, peers, missing optionals, overrides, workspace siblings, unreadable lockfiles, and members locking different versions each in range', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('offers to update the lockfile', async () => {
    const s = await scan(dir('positive'));
    const yarn = s.findings.find((f) => f.ruleId === ID && f.path.includes('yarn-app'))!;
    const fix = fixFor(s, yarn, /Run 'yarn install' to update yarn\.lock/);
    assert.deepStrictEqual(fix.command?.arguments, [{ cwd: path.join(s.root, 'yarn-app'), command: 'yarn install' }]);
  });

  describe('Python', () => {
    it('flags manifest entries the uv, Poetry or Pipenv lock lacks, a uv member against the root lock, and pip-tools sources', async () => {
      const s = await scan(dir('py-positive'));
      assert.deepStrictEqual(s.where(ID).sort(), [
        'from-pyproject/pyproject.toml:6',
        'mismatch/pyproject.toml:5',
        'pipenv-app/Pipfile:8',
        'piptools/requirements.in:2',
        'piptools/requirements.in:3',
        'poetry-app/pyproject.toml:10',
        'uv-app/pyproject.toml:12',
        'uv-app/pyproject.toml:8',
        'uv-ws/packages/api/pyproject.toml:6',
      ]);
      const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
      assert.strictEqual(
        s.findings.find((f) => f.ruleId === ID && f.range.start.line === 7 && f.path.includes('uv-app'))!.message,
        "'tenacity' is declared in pyproject.toml but uv.lock has no entry for it, so `uv sync --locked` fails.",
      );
      assert.strictEqual(
        msg('mismatch/pyproject.toml'),
        `'fastapi' is declared as ">=0.115" but uv.lock locks 0.111.0.`,
      );
      assert.match(
        s.findings.find((f) => f.ruleId === ID && f.path.includes('piptools') && f.range.start.line === 1)!.message,
        /^'gunicorn' is declared as ">=23" but requirements\.txt locks 22\.0\.0\.$/,
      );
      assert.match(msg('pipenv-app/Pipfile'), /^'redis' .* Pipfile\.lock .*`pipenv install --deploy` fails\.$/);
      assert.match(msg('poetry-app/pyproject.toml'), /^'celery' .* poetry\.lock .*`poetry install` fails\.$/);
      assert.strictEqual(
        s.findings.find((f) => f.ruleId === ID && f.path.includes('piptools') && f.range.start.line === 2)!.message,
        "'sentry-sdk' is missing from requirements.txt, compiled from requirements.in: installs from it leave it out.",
      );
    });

    it('skips locked names however spelt, versions in range (post releases too), prereleases and local versions, local and self references, markers pip-compile may drop, PDM groups, Hatch envs, hand-written .txt, non-members and unreadable locks (saying so)', async () => {
      const s = await scan(dir('py-negative'));
      assert.deepStrictEqual(s.where(ID), []);
      assert.ok(
        s.logs.some((l) => /^warn Read nothing from uv\.lock: .* It is not compared with the manifests\.$/.test(l)),
        s.logs.join('\n'),
      );
    });

    it("offers the lock's own update command", async () => {
      const s = await scan(dir('py-positive'));
      const at = (part: string) => s.findings.find((f) => f.ruleId === ID && f.path.includes(part))!;
      const uv = fixFor(s, at('uv-ws'), /Run 'uv lock' to update uv\.lock/);
      assert.deepStrictEqual(uv.command?.arguments, [{ cwd: path.join(s.root, 'uv-ws'), command: 'uv lock' }]);
      fixFor(s, at('piptools'), /Run 'pip-compile requirements\.in' to update requirements\.txt/);
      fixFor(s, at('pipenv-app'), /Run 'pipenv lock'/);
      fixFor(
        s,
        at('from-pyproject'),
        /Run 'uv pip compile pyproject\.toml -o requirements\.txt' to update requirements\.txt/,
      );
    });
  });
});
