import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'dependencies/unpinned-version';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags *, x, empty ranges, dist-tags and git dependencies without a fixed commit', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s.where(ID).filter((w) => w.startsWith('package.json')),
      [
        'package.json:6',
        'package.json:7',
        'package.json:8',
        'package.json:9',
        'package.json:10',
        'package.json:11',
        'package.json:12',
        'package.json:15',
      ],
    );
    assert.match(s.findings.find((f) => f.ruleId === ID && f.range.start.line === 9)!.message, /branch 'main'/);
  });

  it('flags packages the shipped image installs by name without a version', async () => {
    const s = await scan(dir('positive'));
    const docker = s.findings.filter((f) => f.ruleId === ID && s.engine.rel(f.path) === 'Dockerfile');
    assert.deepStrictEqual(
      docker.map((f) => [f.range.start.line + 1, f.message]),
      [
        [9, "'pnpm add' installs npm-run-all, dotenv, chalk and 1 more into the image without a version."],
        [11, "'npm install' installs sharp into the image without a version."],
        // pnpm's -w (the workspace root) takes no value: lodash is the package.
        [12, "'pnpm add' installs lodash into the image without a version."],
      ],
    );
    // No fix: the version to pin is not known from the Dockerfile.
    assert.deepStrictEqual(
      s.engine.fixesFor(docker[0]).filter((f) => f.title.startsWith('Pin')),
      [],
    );
  });

  it('accepts ranges, exact versions, commits, tags, local and alias specs, tarballs and peer ranges', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('reads npm: aliases by their target, and no longer takes a relative path for git or a tarball file for a tag', async () => {
    const s = await scan(dir('alias'));
    // ../vendored-lib was reported as git with no fixed commit, vendor-lib-1.0.0.tgz as a dist-tag.
    assert.deepStrictEqual(s.where(ID), ['package.json:5', 'package.json:6', 'package.json:7']);
    const latest = s.findings.find((f) => f.ruleId === ID && f.range.start.line === 4)!;
    assert.strictEqual(
      latest.message,
      `'lodash-latest' is declared as "npm:lodash@latest", which accepts any version the 'latest' tag points to.`,
    );
    // A bare `^x` would replace the alias with another package: no pin fix.
    assert.strictEqual(s.engine.fixesFor(latest).filter((f) => f.title.startsWith('Pin')).length, 0);
  });

  it('skips "*" on a package of the same workspace (npm has no workspace: protocol), by model or lockfile link', async () => {
    const s = await scan(dir('workspace'));
    // @acme/db is a member, @acme/linked a lockfile link; @acme/gen is a package outside the workspace globs.
    assert.deepStrictEqual(s.where(ID), [
      'apps/api/package.json:8',
      'apps/api/package.json:9',
      'apps/api/package.json:10',
    ]);
    const alone = await scan(path.join(dir('workspace'), 'apps', 'api'));
    assert.deepStrictEqual(alone.where(ID), ['package.json:8', 'package.json:9', 'package.json:10']);
  });

  it('pins to the locked version, exactly for a prerelease, and offers nothing for git', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const at = (line: number) => s.findings.find((f) => f.ruleId === ID && f.range.start.line === line - 1)!;
    assert.strictEqual(s.engine.fixesFor(at(9)).filter((f) => f.title.startsWith('Pin')).length, 0);
    const express = fixFor(s, at(6), /Pin express to \^4\.19\.2/);
    assert.strictEqual(express.preferred, true);
    applyFix(express);
    s = await scan(root);
    applyFix(fixFor(s, at(15), /Pin typescript to 5\.5\.0-beta/));
    const pkg = read(root, 'package.json');
    assert.match(pkg, /\n    "express": "\^4\.19\.2",\n    "lodash": "latest",/);
    assert.match(pkg, /"typescript": "5\.5\.0-beta"/);
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('package.json')),
      ['package.json:7', 'package.json:8', 'package.json:9', 'package.json:10', 'package.json:11', 'package.json:12'],
    );
  });

  it('flags Python packages an image installs by name: pip install, uv pip install, pip wheel in a stage it copies from', async () => {
    const s = await scan(path.join(FIXTURES, 'rules', ID, 'py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['app/Dockerfile:5', 'uv/Dockerfile:3', 'wheels/Dockerfile:3']);
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    // gunicorn is pinned by the requirements file installed before it.
    assert.strictEqual(
      msg('app/Dockerfile'),
      "'pip install' installs pymysql, cryptography into the image without a version.",
    );
    assert.strictEqual(
      msg('wheels/Dockerfile'),
      "'pip wheel' installs uwsgi, psycopg[c] into the image without a version.",
    );
  });

  it('accepts installers, versions and ranges, requirements files, paths, variables, uncopied stages and dev images', async () => {
    assert.deepStrictEqual((await scan(path.join(FIXTURES, 'rules', ID, 'py-negative'))).where(ID), []);
  });

  it('flags a requirement without == in a compiled requirements file (header or # via on most lines)', async () => {
    const s = await scan(path.join(FIXTURES, 'rules', ID, 'py-compiled'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'annotated/requirements.txt:9',
      'piptools/requirements.txt:13',
      'uvexport/requirements.txt:7',
    ]);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.includes('piptools'))!;
    assert.strictEqual(
      f.message,
      "'sentry-sdk' has no `==` pin in requirements.txt, a compiled lock: each install may get a different version.",
    );
    assert.deepStrictEqual(
      s.engine.fixesFor(f).filter((x) => x.title.startsWith('Pin')),
      [],
    );
  });

  it('leaves requirements files that are no compiled lock, and compiled ones whose unpinned lines are paths or URLs', async () => {
    assert.deepStrictEqual((await scan(path.join(FIXTURES, 'rules', ID, 'py-compiled-negative'))).where(ID), []);
  });
});
