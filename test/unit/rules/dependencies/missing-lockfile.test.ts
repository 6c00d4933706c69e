import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, fixFor, scan, scanFiles } from '../../../helpers/engine';
import { Commands } from '../../../../shared/protocol';

const ID = 'dependencies/missing-lockfile';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags apps (start script, Procfile, Dockerfile, private with dependencies) and workspace roots without a lockfile', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'app-docker/package.json:2',
      'app-private/package.json:2',
      'app-procfile/package.json:2',
      'app-start/package.json:2',
      'monorepo/package.json:2',
    ]);
  });

  it('accepts libraries, locked projects, packages without dependencies, package-lock=false and examples', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('flags a lockfile that .gitignore ignores', async () => {
    const s = await scanFiles({
      'package.json':
        '{\n  "name": "app",\n  "scripts": { "start": "node ." },\n  "dependencies": { "ms": "^2.1.3" }\n}\n',
      'package-lock.json': '{ "lockfileVersion": 3, "packages": { "node_modules/ms": { "version": "2.1.3" } } }\n',
      '.gitignore': 'node_modules/\npackage-lock.json\n',
    });
    assert.deepStrictEqual(s.where(ID), ['package.json:2']);
    assert.match(s.findings.find((f) => f.ruleId === ID)!.message, /package-lock\.json is git-ignored/);
  });

  it('offers to create the lockfile with the package manager the project declares', async () => {
    const s = await scanFiles({
      'package.json':
        '{\n  "name": "app",\n  "packageManager": "pnpm@9.1.0",\n  "scripts": { "start": "node ." },\n  "dependencies": { "ms": "^2.1.3" }\n}\n',
    });
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.match(f.message, /pnpm-lock\.yaml/);
    const fix = fixFor(s, f, /pnpm install --lockfile-only/);
    assert.strictEqual(fix.command?.command, Commands.runInTerminal);
    assert.deepStrictEqual(fix.command?.arguments, [{ cwd: s.root, command: 'pnpm install --lockfile-only' }]);
  });

  it('Python: a deployed app whose requirements are ranges with no lock, at the first range', async () => {
    const s = await scan(path.join(FIXTURES, 'rules', ID, 'python-positive'));
    assert.deepStrictEqual(s.where(ID), ['requirements.txt:1']);
    assert.strictEqual(
      s.findings.find((f) => f.ruleId === ID)!.message,
      "No lock fixes requirements.txt's 2 version range(s), such as 'Django>=5.0,<5.1': installs may resolve different versions.",
    );
  });

  it("Python: accepts a uv workspace member locked by the workspace's uv.lock, pinned or compiled requirements, and libraries", async () => {
    assert.deepStrictEqual((await scan(path.join(FIXTURES, 'rules', ID, 'python-negative'))).where(ID), []);
    const pinned = await scanFiles({
      'requirements.txt': '-r requirements/base.txt\n',
      'requirements/base.txt': 'Django==5.0.6\ngunicorn==22.0.0\n',
      'requirements/dev.txt': '-r base.txt\npytest>=8\n',
      Procfile: 'web: gunicorn shop.wsgi\n',
    });
    assert.deepStrictEqual(pinned.where(ID), []);
    const compiled = await scanFiles({
      'requirements.in': 'Django>=5.0\n',
      'requirements.txt': 'django==5.0.6\n    # via -r requirements.in\n',
      Procfile: 'web: gunicorn shop.wsgi\n',
    });
    assert.deepStrictEqual(compiled.where(ID), []);
    const library = await scanFiles({ 'pyproject.toml': '[project]\nname = "lib"\ndependencies = ["requests>=2"]\n' });
    assert.deepStrictEqual(library.where(ID), []);
  });
});
