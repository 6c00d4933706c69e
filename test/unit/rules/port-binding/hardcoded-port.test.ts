import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, findingAt, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'port-binding/hardcoded-port';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags literal ports in listen(), const ports, { port } options and ws/socket.io servers', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => !w.startsWith('py-'))
        .sort(),
      [
        'src/config-module/config.js:1',
        'src/config-module/settings.ts:2',
        'src/const-port.ts:2',
        'src/express.js:3',
        'src/fastify.js:2',
        'src/nest/events.gateway.ts:4',
        'src/ws.js:4',
        'src/ws.js:5',
        'src/ws.js:6',
      ],
    );
  });

  it('flags literal ports of Python servers: uvicorn, Flask, Flask-SocketIO, waitress, aiohttp, HTTPServer, gunicorn bind', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s
        .where(ID)
        .filter((w) => w.startsWith('py-'))
        .sort(),
      [
        // A `__main__` block that binds all interfaces without the reloader is a production entry as far as one file says.
        'py-app/app/main.py:7',
        'py-app/app/plain.py:3',
        // `PORT = 5000` passed to app.run(port=PORT): reported at the constant.
        'py-app/app/web.py:17',
        'py-app/app/web.py:21',
        'py-app/app/web.py:25',
        'py-app/app/web.py:31',
        'py-app/app/web.py:6',
        'py-app/deploy/gunicorn.conf.py:1',
      ],
    );
    const at = (file: string, line: number) => findingAt(s, ID, file, line).message;
    assert.strictEqual(
      at('py-app/app/main.py', 7),
      'Port 8000 is hardcoded instead of read from the PORT environment variable.',
    );
    assert.strictEqual(
      at('py-app/deploy/gunicorn.conf.py', 1),
      'The bind address fixes port 8000, so the server ignores the PORT the platform assigns.',
    );
  });

  it('accepts Python ports read from PORT with a default, development servers, parameters, tests, examples and management commands', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(
      s.where(ID).filter((w) => w.startsWith('py-')),
      [],
    );
    // The project serves (uvicorn, Flask): the rule applied and passed.
    assert.ok(s.engine.ruleApplied(ID));
  });

  it('fix in Python reads PORT with the literal as its default, adding `import os` where missing', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    const fix = fixFor(s, findingAt(s, ID, 'py-app/app/main.py', 7), /^Read the port from PORT, defaulting to 8000$/);
    // It adds an import: two such fixes in one file would add it twice, so not applied unattended.
    assert.ok(fix.preferred && !fix.fixAll);
    applyFix(fix);
    assert.strictEqual(
      read(root, 'py-app/app/main.py'),
      'import os\nimport uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 8000)))\n',
    );
    s = await scan(root);
    applyFix(fixFor(s, findingAt(s, ID, 'py-app/app/web.py', 6), /defaulting to 5000/));
    assert.match(
      read(root, 'py-app/app/web.py'),
      /^import os\nfrom aiohttp import web\n[^]*\nPORT = int\(os\.environ\.get\("PORT", 5000\)\)\n/,
    );
    s = await scan(root);
    // `import os` is there now (a line down): the next fix in the file is safe unattended.
    const next = fixFor(s, findingAt(s, ID, 'py-app/app/web.py', 18), /defaulting to 5001/);
    assert.ok(next.fixAll);
    applyFix(next);
    s = await scan(root);
    assert.deepStrictEqual(
      s.where(ID).filter((w) => /main\.py|web\.py:(7|18)$/.test(w)),
      [],
    );
    // A bind string has no fix of this kind.
    assert.deepStrictEqual(
      s.engine.fixesFor(findingAt(s, ID, 'py-app/deploy/gunicorn.conf.py', 1)).filter((f) => /PORT/.test(f.title)),
      [],
    );
  });

  it('flags a literal port in a config module where another file binds the server to it', async () => {
    const s = await scan(dir('positive'));
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.match(
      msg('src/config-module/settings.ts'),
      /^Port 8080 is hardcoded in this module, and \.\/app\.ts binds the server to it \(settings\.server\.port\)/,
    );
    assert.match(
      msg('src/config-module/config.js'),
      /^Port 4000 .* \.\/cjs-server\.js binds the server to it \(port\)/,
    );
    // The database port beside it is not the server's.
    assert.ok(!s.findings.some((f) => f.ruleId === ID && f.range.start.line === 2 && f.path.endsWith('settings.ts')));
  });

  it('follows a port into a workspace config package, reported once however many apps bind to it', async () => {
    const app = (name: string) =>
      JSON.stringify({ name, version: '1.0.0', dependencies: { '@acme/config': 'workspace:*', koa: '^2.15.3' } });
    const server = "import Koa from 'koa';\nimport { config } from '@acme/config';\nnew Koa().listen(config.port);\n";
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'packages/config/package.json': JSON.stringify({ name: '@acme/config', version: '1.0.0', main: 'dist/index.js' }),
      'packages/config/src/index.ts': 'export const config = {\n  port: 8080,\n  db: { port: 5432 },\n};\n',
      'apps/api/package.json': app('api'),
      'apps/api/src/server.ts': server,
      'apps/admin/package.json': app('admin'),
      'apps/admin/src/server.ts': server,
    });
    assert.deepStrictEqual(s.where(ID), ['packages/config/src/index.ts:2']);
    assert.match(
      s.findings.find((f) => f.ruleId === ID)!.message,
      /^Port 8080 is hardcoded in this module, and apps\/(api|admin)\/src\/server\.ts binds the server to it \(config\.port\)/,
    );
  });

  it('flags a fixed port in start commands: a port flag or PORT=… before the program', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify(
        {
          name: 'web',
          version: '1.0.0',
          scripts: { start: 'next start -p 3000', dev: 'next dev -p 3001', 'start:static': 'serve -l 5000 out' },
          dependencies: { next: '14.2.5' },
        },
        null,
        2,
      ),
      Procfile: 'web: PORT=5000 node server.js\nworker: node worker.js --port 9000\n',
    });
    assert.deepStrictEqual(s.where(ID).sort(), ['Procfile:1', 'Procfile:2', 'package.json:5']);
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.strictEqual(msg('package.json'), 'The start script passes -p 3000, ignoring the PORT the platform assigns.');
    assert.match(msg('Procfile'), /^The Procfile 'web' process sets PORT=5000 itself/);
  });

  it("accepts start commands that pass the environment's port, or none", async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify(
        {
          name: 'web',
          version: '1.0.0',
          scripts: { start: 'next start -p $PORT', 'start:prod': 'serve -l tcp://0.0.0.0:${PORT:-5000} out' },
          dependencies: { next: '14.2.5' },
        },
        null,
        2,
      ),
      Procfile: 'web: next start\nrelease: PORT=1 node migrate.js\n',
    });
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('applies to a project whose only server is a ws server', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0", "dependencies": { "ws": "^8.16.0" } }',
      'src/hub.js':
        "const { WebSocketServer } = require('ws');\nmodule.exports = new WebSocketServer({ port: 8081 });\n",
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
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('src/express.js')),
      [],
    );
  });

  it('fix in a config module reads PORT there', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('settings.ts'))!;
    applyFix(fixFor(s, f, /Read the port from PORT, defaulting to 8080/));
    assert.match(
      read(root, 'src/config-module/settings.ts'),
      /server: \{ port: Number\(process\.env\.PORT\) \|\| 8080, host: '0\.0\.0\.0' \}/,
    );
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('src/config-module/settings')),
      [],
    );
  });

  it('leaves libraries, examples collections, benchmarks and developer tooling alone: their servers are not deployed', async () => {
    const APP = (port: number) =>
      `const Koa = require('koa');\nconst app = module.exports = new Koa();\nif (!module.parent) app.listen(${port});\n`;
    const lib = await scanFiles({
      'package.json': JSON.stringify({ name: 'web-framework', main: 'lib/server.js', files: ['lib'] }),
      'lib/server.js': "const http = require('http');\nexports.listen = () => http.createServer().listen(3000);\n",
      'benchmark/server.ts': "import http from 'node:http';\nhttp.createServer().listen(8080);\n",
      'integration/server.js': "require('http').createServer().listen(3000);\n",
    });
    assert.deepStrictEqual(lib.where(ID), []);
    const examples = await scanFiles({
      'package.json': JSON.stringify({ name: 'koa-examples', dependencies: { koa: '^2.2.0' } }),
      'hello-world/app.js': APP(3000),
      'blog/app.js': APP(3000),
      'upload/app.js': APP(3000),
    });
    assert.deepStrictEqual(examples.where(ID), []);
    const tooling = await scanFiles({
      'package.json': JSON.stringify({
        name: 'app',
        private: true,
        scripts: { start: 'node server.js', dev: 'node index.js', 'test:e2e': 'node scripts/mock-api.js' },
      }),
      'server.js': "require('http').createServer().listen(process.env.PORT);\n",
      // The dev script's own entry: production starts server.js.
      'index.js': "require('http').createServer().listen(3000);\n",
      'scripts/mock-api.js': "require('http').createServer().listen(4010);\n",
    });
    assert.deepStrictEqual(tooling.where(ID), []);
  });

  it('flags fixed ports on Python servers: gunicorn/hypercorn --bind, uvicorn --port, daphne -p', async () => {
    const s = await scan(path.join(FIXTURES, 'rules', ID, 'py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'Procfile:1',
      'daphne/Dockerfile:4',
      'django/start.sh:2',
      'hypercorn/Dockerfile:4',
      'uvicorn/Dockerfile:4',
    ]);
    assert.strictEqual(
      s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === 'Procfile')!.message,
      "The Procfile 'web' process passes --bind 0.0.0.0:8000, ignoring the PORT the platform assigns.",
    );
  });

  it('accepts $PORT, ${PORT:-8000}, unix sockets, ports behind a proxy the image runs, and dev images', async () => {
    assert.deepStrictEqual((await scan(path.join(FIXTURES, 'rules', ID, 'py-negative'))).where(ID), []);
    const proxied = await scanFiles({
      Dockerfile: 'FROM python:3.12-slim\nCMD nginx && exec gunicorn app:app --bind 0.0.0.0:8000\n',
    });
    assert.deepStrictEqual(proxied.where(ID), []);
  });
});
