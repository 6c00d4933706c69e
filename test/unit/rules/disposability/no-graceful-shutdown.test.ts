import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'disposability/no-graceful-shutdown';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

async function fixed(project: string, file: string, title: RegExp): Promise<{ root: string; preferred: boolean }> {
  const root = copyFixture(`rules/${ID}/positive`);
  const s = await scan(root);
  const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === `${project}/${file}`);
  assert.ok(f, `no finding in ${project}/${file}`);
  const fix = fixFor(s, f, title);
  applyFix(fix);
  const again = await scan(root);
  assert.deepStrictEqual(
    again.where(ID).filter((w) => w.startsWith(`${project}/${file}:`)),
    [],
  );
  return { root, preferred: !!fix.preferred };
}

describe(ID, () => {
  it('flags each web or worker process without a SIGTERM handler, once, at its listen/consumer', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'const-server/src/index.ts:4',
      'express-bare/src/server.js:7',
      'fastify/server.mjs:6',
      'http-server/index.js:8',
      'ignored-clock/src/index.js:8',
      'ignored-ref/poller.js:5',
      'ignored-web/server.js:12',
      'ignored-worker/src/signals.js:3',
      'inferred/src/app.js:5',
      'nest/src/main.ts:6',
      'split/web.js:5',
      'split/worker.js:3',
    ]);
    const sigint = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('web.js'))!;
    assert.match(sigint.message, /only SIGINT/);
    assert.match(sigint.message, /Procfile 'web' process/);
  });

  it('reports a SIGTERM handler that only logs or does nothing as ignoring the signal, without a fix', async () => {
    const s = await scan(dir('positive'));
    const at = (rel: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === rel)!;
    const clock = at('ignored-clock/src/index.js');
    assert.strictEqual(
      clock.message,
      "The 'start' script's process (src/index.js) has a SIGTERM handler that only logs, so it ignores the signal.",
    );
    assert.match(
      at('ignored-web/server.js').message,
      /has a SIGTERM handler that only logs, so it ignores the signal\.$/,
    );
    const worker = at('ignored-worker/src/signals.js');
    assert.strictEqual(
      worker.message,
      "The Procfile 'worker' process (src/worker.js) has a SIGTERM handler that does nothing, so it ignores the signal.",
    );
    assert.deepStrictEqual(
      s.engine.fixesFor(clock).map((x) => x.title),
      [`Disable ${ID} for this line`, `Show documentation for ${ID}`],
    );
  });

  it('accepts handlers anywhere the process loads, shutdown libraries, Nest hooks, and look-alikes', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('fix names a bare app.listen() and closes it on SIGTERM, keeping the file style', async () => {
    const { root, preferred } = await fixed('express-bare', 'src/server.js', /Keep the server as 'server'/);
    assert.ok(preferred);
    assert.strictEqual(
      read(root, 'express-bare/src/server.js'),
      `const express = require('express');
const routes = require('./routes');

const app = express();
app.use(routes);

const server = app.listen(process.env.PORT || 3000, () => {
  console.log('listening');
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
`,
    );
  });

  it('fix uses an existing server variable, double quotes and no semicolons', async () => {
    const { root } = await fixed('const-server', 'src/index.ts', /Close server on SIGTERM/);
    assert.strictEqual(
      read(root, 'const-server/src/index.ts'),
      `import { app } from "./app.js"

const port = Number(process.env.PORT) || 3000
const server = app.listen(port)
process.on("SIGTERM", () => {
  server.close(() => process.exit(0))
})
server.on("listening", () => console.log("up"))
`,
    );
  });

  it('fix closes an http server with its 4-space indentation', async () => {
    const { root } = await fixed('http-server', 'index.js', /Close server on SIGTERM/);
    assert.match(
      read(root, 'http-server/index.js'),
      /server\.listen\(process\.env\.PORT\);\nprocess\.on\('SIGTERM', \(\) => \{\n {4}server\.close\(\(\) => process\.exit\(0\)\);\n\}\);\n$/,
    );
  });

  it('fix enables Nest shutdown hooks', async () => {
    const { root, preferred } = await fixed('nest', 'src/main.ts', /enableShutdownHooks/);
    assert.ok(preferred);
    assert.match(
      read(root, 'nest/src/main.ts'),
      /  const app = await NestFactory\.create\(AppModule\);\n  app\.enableShutdownHooks\(\);\n  await app\.listen/,
    );
  });

  it('fix closes fastify with fastify.close()', async () => {
    const { root } = await fixed('fastify', 'server.mjs', /Close fastify on SIGTERM/);
    assert.match(
      read(root, 'fastify/server.mjs'),
      /\nprocess\.on\('SIGTERM', \(\) => \{\n  fastify\.close\(\)\.then\(\(\) => process\.exit\(0\)\);\n\}\);\n$/,
    );
  });

  it('fix closes a BullMQ worker, offered but not preferred', async () => {
    const { root, preferred } = await fixed('split', 'worker.js', /Close worker on SIGTERM/);
    assert.ok(!preferred);
    assert.match(
      read(root, 'split/worker.js'),
      /\}\);\nprocess\.on\('SIGTERM', \(\) => \{\n  worker\.close\(\)\.then\(\(\) => process\.exit\(0\)\);\n\}\);\n$/,
    );
  });
});
