import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles, tempProject } from '../../../helpers/engine';

const ID = 'config/secret-in-dockerfile';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags secrets in ENV (both forms, continuation lines), ARG defaults and RUN lines', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      'Dockerfile:4',
      'Dockerfile:5',
      'Dockerfile:6',
      'Dockerfile:7',
      'Dockerfile:9',
      'Dockerfile:10',
      'Dockerfile:11',
      'Dockerfile:12',
    ]);
    const mine = s.findings.filter((f) => f.ruleId === ID);
    assert.deepStrictEqual(
      mine.map((f) => f.severity),
      ['error', 'warning', 'warning', 'error', 'warning', 'warning', 'warning', 'warning'],
    );
    // The range is the value itself, on its continuation line.
    assert.deepStrictEqual(mine[0].range, { start: { line: 3, character: 22 }, end: { line: 3, character: 58 } });
    assert.match(mine[3].message, /an npm token/);
    for (const f of mine)
      assert.ok(!f.message.includes('q8N3vZ2kLp0xR7tY4wB9eD5s') && !f.message.includes('Xk29fLq8PzR4'));
  });

  it('flags secret build args copied into ENV of the shipped image, and passwords inside ENV URLs', async () => {
    const s = await scan(dir('positive'));
    const msg = (line: number) => s.findings.find((f) => f.ruleId === ID && f.range.start.line === line - 1)!.message;
    assert.strictEqual(
      msg(9),
      'ENV DATABASE_URL in Dockerfile copies the build argument DATABASE_PASSWORD into the image.',
    );
    assert.match(msg(10), /^ENV DB_PASS in Dockerfile copies the build argument DATABASE_PASSWORD/);
    assert.strictEqual(msg(11), 'ENV REDIS_URL in Dockerfile embeds the password of the service.');
    assert.match(msg(12), /copies the build argument NPM_TOKEN/);
    // No ARG-default fix for ENV lines.
    assert.ok(
      !s.engine
        .fixesFor(s.findings.find((f) => f.ruleId === ID && f.range.start.line === 8)!)
        .some((x) => /Remove the default/.test(x.title)),
    );
  });

  it('accepts ARG without a value, build args copied into ENV of a build stage only, non-secret and undeclared ${VAR} references, placeholders, local defaults and URLs, build secrets and test Dockerfiles', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('offers to drop an ARG default, after which the rescan is clean for that line', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && x.range.start.line === 5)!;
    assert.ok(
      !s.engine
        .fixesFor(s.findings.find((x) => x.ruleId === ID && x.range.start.line === 4)!)
        .some((x) => /Remove the default/.test(x.title)),
    );
    applyFix(fixFor(s, f, /^Remove the default of ARG DB_PASSWORD$/));
    assert.strictEqual(read(root, 'Dockerfile').split('\n')[5], 'ARG DB_PASSWORD');
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID), [
      'Dockerfile:4',
      'Dockerfile:5',
      'Dockerfile:7',
      'Dockerfile:9',
      'Dockerfile:10',
      'Dockerfile:11',
      'Dockerfile:12',
    ]);
  });
});

describe('config/secret-in-dockerfile: env files copied into the image', () => {
  const ID = 'config/secret-in-dockerfile';
  it('flags COPY .env and COPY . . with a real .env and no .dockerignore; the fix adds .env to .dockerignore', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'svc', private: true, scripts: { start: 'node server.js' } }),
      '.env': 'DATABASE_URL=postgres://localhost/dev\n',
      '.gitignore': '.env\n',
      Dockerfile:
        'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nCOPY . .\nCOPY .env ./.env\nCMD ["node", "server.js"]\n',
      'server.js': "console.log('up');\n",
    });
    const s = await scan(root);
    assert.deepStrictEqual(s.where(ID).sort(), ['Dockerfile:4', 'Dockerfile:5']);
    const context = s.findings.find((f) => f.ruleId === ID && f.range.start.line === 3)!;
    applyFix(fixFor(s, context, /Add .env to .dockerignore/));
    assert.strictEqual(read(root, '.dockerignore'), '.env\n');
    assert.deepStrictEqual((await scan(root)).where(ID), ['Dockerfile:5']);
  });

  it("flags an example env file copied in as the image's .env when it gives a secret-named key a value", async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'svc', private: true, scripts: { start: 'node server.js' } }),
      '.env.example': 'PORT=3000\nSESSION_SECRET=change-me\n',
      'env-example-api': 'DATABASE_PASSWORD=\nAUTH_JWT_SECRET=secret\n',
      Dockerfile:
        'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCOPY .env.example .env\nRUN if [ ! -f .env ]; then cp env-example-api .env; fi\nCMD ["node", "server.js"]\n',
    });
    assert.deepStrictEqual(s.where(ID), ['Dockerfile:4', 'Dockerfile:5']);
    const msg = (line: number) => s.findings.find((f) => f.ruleId === ID && f.range.start.line === line - 1)!.message;
    assert.strictEqual(
      msg(4),
      "'COPY .env.example .env' makes the example the image's config, its sample SESSION_SECRET included.",
    );
    assert.strictEqual(
      msg(5),
      "'cp env-example-api .env' makes the example the image's config, its sample AUTH_JWT_SECRET included.",
    );
  });

  it('accepts an example without secret values, one copied in a build stage or kept as an example, and dev images and stacks', async () => {
    const s = await scanFiles({
      'a/package.json': JSON.stringify({ name: 'a', private: true }),
      'a/.env.example': 'PORT=3000\nSESSION_SECRET=\n',
      'a/Dockerfile': 'FROM node:20-alpine\nCOPY .env.example .env\nCMD ["node", "x.js"]\n',
      'b/package.json': JSON.stringify({ name: 'b', private: true }),
      'b/.env.example': 'VITE_API_URL=/api\nSESSION_SECRET=change-me\n',
      'b/Dockerfile':
        'FROM node:20-alpine AS build\nCOPY . .\nRUN cp .env.example .env && npm run build\n\nFROM node:20-alpine\nCOPY --from=build /dist /app\nRUN cp .env.example .env.example.bak\nCOPY .env.example /app/\nCMD ["node", "/app/x.js"]\n',
      'b/Dockerfile.dev': 'FROM node:20-alpine\nCOPY .env.example .env\nCMD ["node", "x.js"]\n',
      // The quick-run image of a compose stack: it starts a script named for development.
      'c/package.json': JSON.stringify({ name: 'c', private: true }),
      'c/env-example': 'AUTH_JWT_SECRET=secret\n',
      'c/Dockerfile':
        'FROM node:20-alpine\nCOPY . /app\nWORKDIR /app\nRUN if [ ! -f .env ]; then cp env-example .env; fi\nCMD ["/app/startup.dev.sh"]\n',
    });
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('accepts COPY . . when .dockerignore keeps .env out or there is no real .env, and COPY .env.example', async () => {
    const s = await scanFiles({
      'a/package.json': JSON.stringify({ name: 'a', private: true }),
      'a/.env': 'X=1\n',
      'a/.dockerignore': 'node_modules\n.env*\n!.env.example\n',
      'a/Dockerfile': 'FROM node:20-alpine\nCOPY . .\nCOPY .env.example ./\nCMD ["node", "x.js"]\n',
      'b/package.json': JSON.stringify({ name: 'b', private: true }),
      'b/.env.example': 'X=\n',
      'b/Dockerfile': 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "x.js"]\n',
    });
    assert.deepStrictEqual(s.where(ID), []);
  });
});
