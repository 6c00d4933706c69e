import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'port-binding/hardcoded-port';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags literal ports in listen(), const ports, { port } options and ws/socket.io servers', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['src/const-port.ts:2', 'src/express.js:3', 'src/fastify.js:2', 'src/ws.js:4', 'src/ws.js:5', 'src/ws.js:6']);
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
});
