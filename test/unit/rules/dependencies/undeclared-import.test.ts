import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, fixFor, read, scan, scanFiles } from '../../../helpers/engine';
import { ALL_RULES } from '../../../../server/src/rules';

const ID = 'dependencies/undeclared-import';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags undeclared packages, scoped ones by scope/name, and type imports without @types', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID).sort(), [
      'mono/apps/scheduler/src/index.js:1',
      'src/app.ts:4',
      'src/app.ts:5',
      'src/app.ts:6',
      'src/app.ts:7',
    ]);
    assert.match(
      s.findings.find((f) => f.ruleId === ID && f.range.start.line === 4)!.message,
      /'@acme\/ui' is imported/,
    );
  });

  it("skips the packages its 'ignore' option names, by name or glob, and ignores options that don't fit", async () => {
    const s = await scan(dir('positive'), ALL_RULES, { [ID]: { ignore: ['lodash', '@acme/*'] } });
    assert.deepStrictEqual(s.where(ID).sort(), ['mono/apps/scheduler/src/index.js:1', 'src/app.ts:6', 'src/app.ts:7']);
    // A value of the wrong shape is logged, and the rule runs with its defaults.
    const bad = await scan(dir('positive'), ALL_RULES, { [ID]: { ignore: 'lodash' } });
    assert.strictEqual(bad.where(ID).length, 5);
    assert.ok(
      bad.logs.some((l) => l.startsWith(`warn Ignored options: ${ID} options/ignore: Expected array`)),
      bad.logs.join('\n'),
    );
  });

  it('flags a package only a sibling workspace member declares, and says so', async () => {
    const s = await scan(dir('positive'));
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === 'mono/apps/scheduler/src/index.js')!;
    assert.strictEqual(
      f.message,
      "'config' is imported but not declared in mono/apps/scheduler/package.json, only in mono/packages/shared.",
    );
  });

  it('skips builtins and node:, accepts @types for import type, hoisting to the workspace root, path aliases and self-references', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('reads path aliases a tsconfig inherits through extends (they were taken for packages)', async () => {
    const s = await scan(dir('tsconfig-extends'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('adds the dependency at its sorted place with the locked version', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const lodash = s.findings.find((f) => f.ruleId === ID && f.range.start.line === 3)!;
    applyFix(fixFor(s, lodash, /Add lodash@\^4\.17\.21 to dependencies/));
    assert.match(
      read(root, 'package.json'),
      /"axios": "\^1\.6\.0",\n    "express": "\^4\.19\.2",\n    "lodash": "\^4\.17\.21",\n    "zod": "\^3\.22\.4"\n/,
    );
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => !w.startsWith('mono/')),
      ['src/app.ts:5', 'src/app.ts:6', 'src/app.ts:7'],
    );
  });

  it('leaves tests, examples, tool configs and what only developer scripts run alone: they never run in a deploy', async () => {
    const s = await scanFiles({
      'package.json':
        '{ "name": "app", "private": true, "scripts": { "release": "node scripts/release.js" }, "dependencies": { "express": "^4.19.2" } }',
      'src/app.js': "require('express');",
      'src/bun.ts': "import { serve } from 'bun';",
      'test/app.test.ts': "import { expect } from 'chai';\nimport { describe } from '@jest/globals';",
      'src/app.spec.ts': "import request from 'supertest';",
      'examples/basic.js': "require('koa');",
      'jest.config.ts': "import type { Config } from 'jest';",
      'scripts/release.js': "require('semver');",
      'test/mocha.setup.ts': "import 'chai/register-should';",
    });
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('reads a package.json that only sets the module type as no package: its files belong to the enclosing one', async () => {
    const s = await scanFiles({
      'package.json':
        '{ "name": "app", "private": true, "scripts": { "start": "node src/server.js" }, "dependencies": { "async": "^3.2.0", "express": "^4.19.2" } }',
      'src/server.js': "require('express');",
      'src/migrations/package.json': '{ "type": "commonjs" }',
      'src/migrations/20200101-init.js':
        "const async = require('async');\nmodule.exports = { up: (db, cb) => async.series([], cb) };",
    });
    assert.deepStrictEqual(s.where(ID), []);
    assert.deepStrictEqual(
      s.engine.workspace!.projects.map((p) => p.pkg?.name),
      ['app'],
    );
  });

  it("checks admin scripts and the app's own *.config.ts modules: they run in production", async () => {
    const s = await scanFiles({
      'package.json':
        '{ "name": "app", "private": true, "scripts": { "start": "node src/server.js" }, "dependencies": { "express": "^4.19.2" } }',
      'src/server.js': "require('express');\nrequire('./logger/pino.config');",
      'src/logger/pino.config.ts':
        "import { stdTimeFunctions } from 'pino';\nexport default { timestamp: stdTimeFunctions.isoTime };",
      'scripts/migration/migrateToV2.js': "const { S3Client } = require('@aws-sdk/client-s3');",
    });
    assert.deepStrictEqual(s.where(ID), ['scripts/migration/migrateToV2.js:1', 'src/logger/pino.config.ts:1']);
  });

  it('names @types/<pkg> for a type-only import of a package that ships no types, with the locked version or an install command', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const at = (line: number) =>
      s.findings.find((f) => f.ruleId === ID && f.path.endsWith('app.ts') && f.range.start.line === line - 1)!;
    assert.strictEqual(
      at(6).message,
      "'left-pad' is imported for its types, but package.json declares neither it nor '@types/left-pad'.",
    );
    // No lockfile records @types/koa, so its existence is not known: the message names no package, the fix says so.
    assert.strictEqual(
      at(7).message,
      "'koa' is imported for its types, but package.json declares neither it nor a types package for it.",
    );
    assert.strictEqual(
      s.engine.fixesFor(at(7))[0].title,
      "Run 'npm install --save-dev @types/koa' (if @types/koa exists)",
    );
    applyFix(fixFor(s, at(6), /^Add @types\/left-pad@\^1\.2\.0 to devDependencies$/));
    assert.match(read(root, 'package.json'), /"devDependencies": \{\n    "@types\/left-pad": "\^1\.2\.0"\n  \}/);
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => !w.startsWith('mono/')),
      ['src/app.ts:4', 'src/app.ts:5', 'src/app.ts:7'],
    );
  });

  it('names the package itself for a type-only import of a package that ships its own types', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    fs.mkdirSync(path.join(root, 'node_modules/left-pad'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'node_modules/left-pad/package.json'),
      '{ "name": "left-pad", "version": "1.3.0", "types": "index.d.ts" }',
    );
    const s = await scan(root);
    assert.deepStrictEqual(
      s.where(ID).filter((w) => !w.startsWith('mono/')),
      ['src/app.ts:4', 'src/app.ts:5', 'src/app.ts:6', 'src/app.ts:7'],
    );
    const pad = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('app.ts') && f.range.start.line === 5)!;
    assert.match(pad.message, /^'left-pad' is imported but not declared/);
    assert.ok(s.engine.fixesFor(pad).some((x) => x.title === 'Add left-pad@^1.3.0 to devDependencies'));
  });

  it('Python: flags imports no requirement provides, naming the distribution when the name table knows it', async () => {
    const s = await scan(dir('python-positive'));
    assert.deepStrictEqual(s.where(ID), ['shop/app.py:2', 'shop/app.py:3']);
    assert.deepStrictEqual(
      s.findings.filter((f) => f.ruleId === ID).map((f) => f.message),
      [
        "'yaml' is imported but requirements.txt does not declare pyyaml, which provides it.",
        "'requests' is imported but not declared in requirements.txt.",
      ],
    );
  });

  it("Python: accepts the standard library, the project's own modules, relative, optional and type-checking imports, a framework's own dependencies, loosely named distributions, tests and tooling", async () => {
    const s = await scan(dir('python-negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('Python: an import only the lock has is named as such; a project whose setup.py may declare more is left alone', async () => {
    const app = 'import flask\nimport click\nimport boto3\n';
    const locked = await scanFiles({
      'requirements.in': 'flask\n',
      'requirements.txt':
        '# via pip-compile\nflask==3.0.3\n    # via -r requirements.in\nclick==8.1.7\n    # via flask\nboto3==1.34.0\n    # via -r extra.in\n',
      'app.py': app,
    });
    assert.deepStrictEqual(
      locked.findings.filter((f) => f.ruleId === ID).map((f) => f.message),
      [
        "'boto3' is imported but requirements.in does not declare boto3: only requirements.txt has it, for another package.",
      ],
    );
    const setupPy = await scanFiles({
      'requirements.txt': 'flask==3.0.3\n',
      'setup.py': 'from setuptools import setup\nsetup(install_requires=["boto3"])\n',
      'app.py': app,
    });
    assert.deepStrictEqual(setupPy.where(ID), []);
  });
});
