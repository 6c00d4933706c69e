import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'port-binding/exposed-port-mismatch';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const PKG = '{ "name": "x", "version": "1.0.0", "private": true, "scripts": { "start": "node server.js" } }';

describe(ID, () => {
  it('flags an EXPOSE that differs from the default port the app listens on', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['Dockerfile:5']);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.strictEqual(f.severity, 'info');
    assert.match(f.message, /exposes 8080, but the app listens on 3000 by default \(src\/server\.js\)/);
  });

  it('accepts a matching EXPOSE, ENV PORT set from an ARG in a parent stage, nginx images and test servers', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('reads the port of the code the image runs: a workspace member, or a config module a server binds to', async () => {
    const member = await scanFiles({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }),
      'apps/web/package.json': JSON.stringify({ name: 'web', version: '1.0.0', dependencies: { express: '^4.19.2' } }),
      'apps/web/src/server.js': "const PORT = process.env.PORT || 3000;\nrequire('express')().listen(PORT);\n",
      'apps/jobs/package.json': JSON.stringify({
        name: 'jobs',
        version: '1.0.0',
        dependencies: { express: '^4.19.2' },
      }),
      'apps/jobs/src/health.js': "require('express')().listen(process.env.PORT || 8080);\n",
      Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nEXPOSE 8080\nCMD ["node", "apps/web/src/server.js"]\n',
    });
    assert.deepStrictEqual(member.where(ID), ['Dockerfile:4']);
    assert.match(
      member.findings.find((f) => f.ruleId === ID)!.message,
      /exposes 8080, but the app listens on 3000 by default \(apps\/web\/src\/server\.js\)/,
    );

    const files = (expose: number) => ({
      'package.json': JSON.stringify({ name: 'api', version: '1.0.0', dependencies: { koa: '^2.15.3' } }),
      'src/config.ts': 'export const config = { port: 8080, db: { port: 5432 } };\n',
      'src/server.ts':
        "import Koa from 'koa';\nimport { config } from './config';\nnew Koa().listen(config.port);\nnew Koa().listen(9464, '0.0.0.0');\n",
      Dockerfile: `FROM node:20-alpine\nCOPY . .\nEXPOSE ${expose}\nCMD ["node", "dist/server.js"]\n`,
    });
    const mismatch = await scanFiles(files(3000));
    assert.deepStrictEqual(mismatch.where(ID), ['Dockerfile:3']);
    assert.match(
      mismatch.findings.find((f) => f.ruleId === ID)!.message,
      /listens on 8080 or 9464 by default \(src\/config\.ts\)/,
    );
    assert.deepStrictEqual((await scanFiles(files(8080))).where(ID), []);
  });

  it('takes ENV PORT over the code default', async () => {
    const s = await scanFiles({
      'package.json': PKG,
      'server.js': "require('http').createServer().listen(process.env.PORT || 3000);\n",
      Dockerfile: 'FROM node:20\nENV PORT=4000\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
    });
    assert.deepStrictEqual(s.where(ID), ['Dockerfile:3']);
    assert.match(s.findings.find((x) => x.ruleId === ID)!.message, /ENV PORT=4000 makes the app listen on 4000/);
  });

  it('stays quiet when the port cannot be known or nothing is exposed', async () => {
    const unknown = await scanFiles({
      'package.json': PKG,
      'server.js': "require('http').createServer().listen(process.env.PORT || 3000);\n",
      Dockerfile: 'FROM node:20\nENV PORT=${RUNTIME_PORT}\nEXPOSE 8080\n',
    });
    assert.deepStrictEqual(unknown.where(ID), []);
    const none = await scanFiles({
      'package.json': PKG,
      'server.js': 'require("http").createServer().listen(process.env.PORT);\n',
      Dockerfile: 'FROM node:20\nEXPOSE 8080\n',
    });
    assert.deepStrictEqual(none.where(ID), []);
  });

  it('fix exposes the app port and a rescan is clean', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    applyFix(fixFor(s, f, /^Expose 3000 instead of 8080$/));
    assert.strictEqual(read(root, 'Dockerfile').split('\n')[4], 'EXPOSE 3000/tcp');
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID), []);
  });
});
