import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, fixFor, scan, scanFiles, tempProject } from '../../../helpers/engine';

const ID = 'codebase/no-version-control';

describe(ID, () => {
  it('reports once, on the root package.json, when the workspace is not in a repository', async () => {
    const s = await scanFiles({
      'package.json': '{\n  "name": "loose",\n  "workspaces": ["api"]\n}\n',
      'api/package.json': '{ "name": "api" }\n',
      'api/index.js': 'module.exports = 1;\n',
    });
    assert.deepStrictEqual(s.where(ID), ['package.json:1']);
    const fix = fixFor(
      s,
      s.findings.find((f) => f.ruleId === ID)!,
      /Run 'git init'/,
    );
    assert.deepStrictEqual(fix.command?.arguments, [{ cwd: s.root, command: 'git init' }]);
  });

  it('uses the shallowest file when the root has no package.json', async () => {
    const s = await scanFiles({ Dockerfile: 'FROM node:20\n', 'api/package.json': '{ "name": "api" }\n' });
    assert.deepStrictEqual(s.where(ID), ['Dockerfile:1']);
  });

  it('is quiet inside a git repository or another version control system', async () => {
    const inRepo = await scan(path.join(FIXTURES, 'rules', 'codebase', 'cross-app-import', 'negative'));
    assert.deepStrictEqual(inRepo.where(ID), []);
    const root = tempProject({ 'package.json': '{ "name": "hg-app" }\n' });
    fs.mkdirSync(path.join(root, '.hg'));
    assert.deepStrictEqual((await scan(root)).where(ID), []);
  });
});
