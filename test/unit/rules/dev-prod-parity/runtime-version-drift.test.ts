import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'dev-prod-parity/runtime-version-drift';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags version files and build stages that differ from the Node major production runs', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['.nvmrc:1', 'Dockerfile:1']);
    const nvmrc = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('.nvmrc'))!;
    assert.match(
      nvmrc.message,
      /^\.nvmrc uses Node 18, but production runs Node 20 \(FROM node:20\.12-alpine in Dockerfile\)/,
    );
    const stage = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('Dockerfile'))!;
    // The finding points at the version in the tag.
    assert.deepStrictEqual(stage.range, { start: { line: 0, character: 10 }, end: { line: 0, character: 12 } });
  });

  it('accepts agreeing majors in every notation (v-prefix, lts/iron, x-ranges, ARG tags, distroless), unknown tags and test Dockerfiles', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it("compares a workspace member's Dockerfile with the root's engines.node and .nvmrc, unless the member declares its own", async () => {
    const s = await scan(dir('workspace'));
    // apps/web agrees with the root; apps/legacy declares its own engines and .nvmrc (18) and follows them.
    assert.deepStrictEqual(s.where(ID), ['apps/api/Dockerfile:1']);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.match(
      f.message,
      /^FROM node:18-bullseye in apps\/api\/Dockerfile uses Node 18, outside engines\.node ">=20\.10" in the workspace root's package\.json \(the workspace root's \.nvmrc says Node 20\)/,
    );
    // Scanned on its own, the member still finds its workspace root above it.
    const alone = await scan(path.join(dir('workspace'), 'apps', 'api'));
    assert.deepStrictEqual(alone.where(ID), ['Dockerfile:1']);
    const root = copyFixture(`rules/${ID}/workspace`);
    const again = await scan(root);
    applyFix(
      fixFor(
        again,
        again.findings.find((x) => x.ruleId === ID)!,
        /^Use Node 20 in Dockerfile$/,
      ),
    );
    assert.strictEqual(read(root, 'apps/api/Dockerfile').split('\n')[0], 'FROM node:20-bullseye');
    assert.deepStrictEqual((await scan(root)).where(ID), []);
  });

  it('without a Dockerfile, judges version files by engines.node', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0", "engines": { "node": "18.x" } }',
      '.nvmrc': '20\n',
      '.node-version': '18.19.0\n',
    });
    assert.deepStrictEqual(s.where(ID), ['.nvmrc:1']);
  });

  it('flags engines.node when it excludes the production image', async () => {
    const s = await scanFiles({
      'package.json': '{\n  "name": "x",\n  "engines": { "node": "18.x" }\n}\n',
      Dockerfile: 'FROM node:20-slim\n',
    });
    assert.deepStrictEqual(s.where(ID), ['package.json:3']);
  });

  it('without engines or a Dockerfile, the major most files agree on wins', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0", "volta": { "node": "20.12.2" } }',
      '.nvmrc': '18\n',
      '.node-version': '20\n',
    });
    assert.deepStrictEqual(s.where(ID), ['.nvmrc:1']);
  });

  it('fixes .nvmrc and a Dockerfile tag to the production major', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    let s = await scan(root);
    applyFix(
      fixFor(
        s,
        s.findings.find((f) => f.ruleId === ID && f.path.endsWith('.nvmrc'))!,
        /^Use Node 20 in \.nvmrc$/,
      ),
    );
    s = await scan(root);
    applyFix(
      fixFor(
        s,
        s.findings.find((f) => f.ruleId === ID && f.path.endsWith('Dockerfile'))!,
        /^Use Node 20 in Dockerfile$/,
      ),
    );
    assert.strictEqual(read(root, '.nvmrc'), '20\n');
    assert.strictEqual(read(root, 'Dockerfile').split('\n')[0], 'FROM node:20-alpine AS build');
    const again = await scan(root);
    assert.deepStrictEqual(again.where(ID), []);
  });

  it('does not rewrite an exact version a version manager may need verbatim', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      '.tool-versions': 'nodejs 18.19.0\n',
      Dockerfile: 'FROM node:20\n',
    });
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.ok(!s.engine.fixesFor(f).some((x) => /^Use Node/.test(x.title)));
  });

  it('Python: flags .python-version, runtime.txt and requires-python that disagree with the production image', async () => {
    const s = await scan(dir('python-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['.python-version:1', 'pyproject.toml:4', 'runtime.txt:1']);
    assert.deepStrictEqual(
      s.findings
        .filter((f) => f.ruleId === ID)
        .map((f) => f.message)
        .sort(),
      [
        ".python-version says Python 3.11, but Dockerfile's image (python:3.12-slim) says Python 3.12.",
        'requires-python in pyproject.toml ">=3.11,<3.12" excludes Python 3.12, which Dockerfile\'s image (python:3.12-slim) runs.',
        "runtime.txt says Python 3.11.9, but Dockerfile's image (python:3.12-slim) says Python 3.12.",
      ],
    );
  });

  it('Python: accepts versions that agree at any precision, ranges that admit them, and dev images', async () => {
    const s = await scan(dir('python-negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
