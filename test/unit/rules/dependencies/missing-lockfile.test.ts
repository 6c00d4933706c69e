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
});
