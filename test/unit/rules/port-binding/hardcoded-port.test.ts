import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'port-binding/hardcoded-port';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags literal ports in listen(), const ports, { port } options and ws/socket.io servers', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'src/config-module/config.js:1', 'src/config-module/settings.ts:2',
      'src/const-port.ts:2', 'src/express.js:3', 'src/fastify.js:2', 'src/ws.js:4', 'src/ws.js:5', 'src/ws.js:6',
    ]);
  });

  it('flags a literal port in a config module where another file binds the server to it', async () => {
    const s = await scan(dir('positive'));
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.match(msg('src/config-module/settings.ts'), /^Port 8080 is hardcoded in this module, and \.\/app\.ts binds the server to it \(settings\.server\.port\)/);
    assert.match(msg('src/config-module/config.js'), /^Port 4000 .* \.\/cjs-server\.js binds the server to it \(port\)/);
    // The database port beside it is not the server's.
    assert.ok(!s.findings.some((f) => f.ruleId === ID && f.range.start.line === 2 && f.path.endsWith('settings.ts')));
  });

  it('applies to a project whose only server is a ws server', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0", "dependencies": { "ws": "^8.16.0" } }',
      'src/hub.js': "const { WebSocketServer } = require('ws');\nmodule.exports = new WebSocketServer({ port: 8081 });\n",
    });
    assert.deepStrictEqual(s.where(ID), ['src/hub.js:2']);
  });

  it('accepts env-derived ports, config modules, destructured defaults and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix reads PORT and keeps the literal as the local default', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('express.js'))!;
    applyFix(fixFor(s, f, /Read the port from PORT/));
    assert.match(read(root, 'src/express.js'), /app\.listen\(Number\(process\.env\.PORT\) \|\| 3000\);/);
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID).filter((w) => w.startsWith('src/express.js')), []);
  });

  it('fix in a config module reads PORT there', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('settings.ts'))!;
    applyFix(fixFor(s, f, /Read the port from PORT, defaulting to 8080/));
    assert.match(read(root, 'src/config-module/settings.ts'), /server: \{ port: Number\(process\.env\.PORT\) \|\| 8080, host: '0\.0\.0\.0' \}/);
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID).filter((w) => w.startsWith('src/config-module/settings')), []);
  });
});
