import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'dev-prod-parity/unpinned-engines';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags a deployable package without engines.node', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['package.json:7']);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.strictEqual(f.severity, 'info');
    assert.strictEqual(f.message, 'package.json has no engines.node, though .nvmrc says Node 20.');
  });

  it('accepts libraries and workspace members whose root declares engines.node', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('accepts a workspace member scanned on its own when the root above declares engines.node', async () => {
    const s = await scan(path.join(dir('negative'), 'packages', 'api'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it("suggests the workspace root's version for a member, not its own Dockerfile's", async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "root", "private": true, "workspaces": ["apps/*"] }',
      '.nvmrc': '20\n',
      'apps/api/package.json': '{ "name": "api", "private": true, "scripts": { "start": "node index.js" } }',
      'apps/api/Dockerfile': 'FROM node:18\n',
    });
    assert.deepStrictEqual(s.where(ID), ['apps/api/package.json:1']);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.strictEqual(f.message, "package.json has no engines.node, though the workspace root's .nvmrc says Node 20.");
    fixFor(s, f, /^Declare engines\.node "20\.x" \(from the workspace root's \.nvmrc\)$/);
  });

  it('counts a Procfile, a Dockerfile or a private server as deployable', async () => {
    const procfile = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      Procfile: 'web: node server.js\n',
    });
    assert.deepStrictEqual(procfile.where(ID), ['package.json:1']);
    const docker = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      Dockerfile: 'FROM node:22-alpine\n',
    });
    assert.deepStrictEqual(docker.where(ID), ['package.json:1']);
    const server = await scanFiles({
      'package.json': '{ "name": "x", "private": true }',
      'index.js': "require('http').createServer().listen(process.env.PORT || 3000);\n",
    });
    assert.deepStrictEqual(server.where(ID), ['package.json:1']);
  });

  it("a Python app's Procfile or Dockerfile, or a dev-server start script, does not make front-end tooling an app", async () => {
    // The package.json holds lint tools and an SPA build; the deployed process is Python.
    const pkg =
      '{ "name": "site", "private": true, "scripts": { "build": "vite build" }, "devDependencies": { "vite": "5" } }';
    const python = await scanFiles({
      'package.json': pkg,
      Procfile: 'web: gunicorn site.wsgi --log-file -\n',
      Dockerfile:
        'FROM node:20 AS assets\nRUN npm ci && npm run build\nFROM python:3.12-slim\nCMD ["gunicorn", "site.wsgi"]\n',
    });
    assert.deepStrictEqual(python.where(ID), []);
    const devServer = await scanFiles({
      'package.json': '{ "name": "ui", "private": true, "scripts": { "start": "ng serve", "build": "ng build" } }',
    });
    assert.deepStrictEqual(devServer.where(ID), []);
    // The same files with a Node process: still an app.
    const node = await scanFiles({
      'package.json': pkg,
      Procfile: 'web: npm run serve\n',
    });
    assert.deepStrictEqual(node.where(ID), ['package.json:1']);
    const nodeImage = await scanFiles({
      'package.json': pkg,
      Dockerfile: 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "dist/server.js"]\n',
    });
    assert.deepStrictEqual(nodeImage.where(ID), ['package.json:1']);
  });

  it('fix declares engines.node from .nvmrc after the dependency sections, keeping formatting', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const fix = fixFor(
      s,
      s.findings.find((x) => x.ruleId === ID)!,
      /^Declare engines\.node "20\.x" \(from \.nvmrc\)$/,
    );
    assert.ok(fix.preferred && !fix.fixAll);
    applyFix(fix);
    assert.strictEqual(
      read(root, 'package.json'),
      [
        '{',
        '  "name": "positive",',
        '  "version": "1.0.0",',
        '  "private": true,',
        '  "main": "src/server.js",',
        '  "scripts": {',
        '    "start": "node src/server.js"',
        '  },',
        '  "dependencies": {',
        '    "express": "^4.19.2"',
        '  },',
        '  "engines": {',
        '    "node": "20.x"',
        '  },',
        '  "eslintConfig": {',
        '    "root": true',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID), []);
  });

  it('takes the major from the Dockerfile, and adds node to an existing engines object', async () => {
    const s = await scanFiles({
      'package.json': '{\n\t"name": "x",\n\t"scripts": { "start": "node ." },\n\t"engines": { "npm": ">=10" }\n}\n',
      Dockerfile: 'FROM node:22-alpine\n',
    });
    applyFix(
      fixFor(
        s,
        s.findings.find((x) => x.ruleId === ID)!,
        /^Declare engines\.node "22\.x" \(from FROM node:22-alpine in Dockerfile\)$/,
      ),
    );
    const pkg = JSON.parse(read(s.root, 'package.json'));
    assert.deepStrictEqual(pkg.engines, { node: '22.x', npm: '>=10' });
    assert.ok(read(s.root, 'package.json').includes('\n\t"name"'));
  });

  it('offers no fix when nothing says which Node the project runs', async () => {
    const s = await scanFiles({ 'package.json': '{ "name": "x", "scripts": { "start": "node ." } }' });
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.ok(!s.engine.fixesFor(f).some((x) => /^Declare/.test(x.title)));
  });
});
