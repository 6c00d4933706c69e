import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, fixFor, read, scan, tempProject } from '../../../helpers/engine';

const ID = 'port-binding/loopback-bind';
const pkg = JSON.stringify({ name: 'svc', private: true, dependencies: { express: '^4.19.2', fastify: '^4.26.0' } });

describe(ID, () => {
  it('flags servers bound to 127.0.0.1, localhost or ::1', async () => {
    const s = await scan(
      tempProject({
        'package.json': pkg,
        'src/express.js': "const app = require('express')();\napp.listen(process.env.PORT, '127.0.0.1');\n",
        'src/fastify.ts':
          "import Fastify from 'fastify';\nconst app = Fastify();\nawait app.listen({ port: Number(process.env.PORT), host: 'localhost' });\n",
        'src/net.js': "require('http').createServer(() => {}).listen(Number(process.env.PORT), '::1', () => {});\n",
      }),
    );
    assert.deepStrictEqual(s.where(ID).sort(), ['src/express.js:2', 'src/fastify.ts:3', 'src/net.js:1']);
  });

  it('accepts 0.0.0.0, env-read hosts with a loopback default, a port alone, other loopback strings and tests', async () => {
    const s = await scan(
      tempProject({
        'package.json': pkg,
        'src/a.js':
          "const app = require('express')();\napp.listen(process.env.PORT, '0.0.0.0');\napp.listen(process.env.PORT, process.env.HOST || '127.0.0.1');\napp.listen(process.env.PORT);\n",
        'src/b.ts':
          "import Fastify from 'fastify';\nconst app = Fastify();\nawait app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? 'localhost' });\nexport const api = 'http://localhost:3000';\n",
        'src/c.js':
          "const redis = require('redis').createClient({ socket: { host: '127.0.0.1' } });\nmodule.exports = redis;\n",
        'test/server.test.js': "require('express')().listen(0, '127.0.0.1');\n",
      }),
    );
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix reads HOST and defaults to all interfaces, keeping the quote style', async () => {
    const root = tempProject({
      'package.json': pkg,
      'src/express.js': 'const app = require(\'express\')();\napp.listen(process.env.PORT, "127.0.0.1");\n',
    });
    const s = await scan(root);
    applyFix(
      fixFor(
        s,
        s.findings.find((f) => f.ruleId === ID)!,
        /Bind to HOST/,
      ),
    );
    assert.strictEqual(
      read(root, 'src/express.js'),
      'const app = require(\'express\')();\napp.listen(process.env.PORT, process.env.HOST || "0.0.0.0");\n',
    );
    assert.deepStrictEqual((await scan(root)).where(ID), []);
  });

  it('flags Python servers bound to a loopback host in a start command', async () => {
    const s = await scan(path.join(FIXTURES, 'rules', ID, 'py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['Procfile:1', 'docker/Dockerfile:4']);
    assert.strictEqual(
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === 'Procfile')!.message,
      "The Procfile 'web' process binds uvicorn to 127.0.0.1, which only this machine or container can reach.",
    );
  });

  it('accepts 0.0.0.0, and loopback behind a proxy the container also runs', async () => {
    assert.deepStrictEqual((await scan(path.join(FIXTURES, 'rules', ID, 'py-negative'))).where(ID), []);
  });
});
