import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  FIXTURES,
  applyFix,
  copyFixture,
  findingAt,
  fixFor,
  read,
  scan,
  scanFiles,
  tempProject,
} from '../../../helpers/engine';
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

  describe('Python: a compiled file pins what other packages need; the fix declares it', () => {
    const compiled = [
      '#',
      '# This file is autogenerated by pip-compile with Python 3.12',
      '#',
      'celery==5.3.6',
      '    # via -r requirements.in',
      'django==5.0.6',
      '    # via -r requirements.in',
      'python-dateutil==2.9.0.post0',
      '    # via celery',
      'requests==2.31.0',
      '    # via',
      '    #   -r requirements.in',
      '    #   stripe',
      '',
    ].join('\n');
    const models = 'from dateutil.relativedelta import relativedelta\nimport celery\nimport django\nimport requests\n';

    it('flags an import only `# via <package>` provides, and adds it to requirements.in at the locked version, sorted', async () => {
      const root = tempProject({
        'requirements.in': 'celery>=5.3\ndjango>=5.0,<5.1\nrequests>=2.31\n',
        'requirements.txt': compiled,
        'billing/models.py': models,
      });
      const s = await scan(root);
      const f = findingAt(s, ID, 'billing/models.py', 1);
      assert.strictEqual(
        f.message,
        "'dateutil' is imported but requirements.in does not declare python-dateutil: only requirements.txt has it, for another package.",
      );
      const fix = fixFor(s, f, /^Add python-dateutil>=2\.9\.0\.post0 to requirements\.in$/);
      assert.strictEqual(fix.preferred, true);
      applyFix(fix);
      assert.strictEqual(
        read(root, 'requirements.in'),
        'celery>=5.3\ndjango>=5.0,<5.1\npython-dateutil>=2.9.0.post0\nrequests>=2.31\n',
      );
      const again = await scan(root);
      assert.deepStrictEqual(again.where(ID), []);
      // Idempotent: the stale finding's fix adds nothing twice.
      assert.deepStrictEqual(
        again.engine.fixesFor(f).filter((x) => x.title.startsWith('Add')),
        [],
      );
      assert.strictEqual(fix.edits![0].rewrite!(read(root, 'requirements.in')), read(root, 'requirements.in'));
    });

    it("reads a compiled requirements.txt without a .in by its `# via`: the project's own entries are declared, the rest are not", async () => {
      const s = await scanFiles({
        'requirements.txt': [
          '# This file was autogenerated by uv via the following command:',
          '#    uv export --no-hashes -o requirements.txt',
          'certifi==2024.2.2',
          '    # via requests',
          'flask==3.0.3',
          '    # via shop',
          'requests==2.31.0',
          '    # via -r requirements.in',
          'stripe==9.6.0',
          '    # via shop (pyproject.toml)',
          '',
        ].join('\n'),
        'pyproject.toml':
          '[project]\nname = "shop"\nversion = "1.0"\ndynamic = ["dependencies"]\n\n[tool.setuptools.dynamic]\ndependencies = { file = ["requirements.txt"] }\n',
        'shop/app.py': 'import certifi\nimport flask\nimport requests\nimport stripe\n',
      });
      assert.deepStrictEqual(s.where(ID), ['shop/app.py:1']);
      assert.strictEqual(
        findingAt(s, ID, 'shop/app.py', 1).message,
        "'certifi' is imported but pyproject.toml does not declare certifi: only requirements.txt has it, for another package.",
      );
      const alone = await scanFiles({
        'requirements.txt':
          '# autogenerated by pip-compile\ncertifi==2024.2.2\n    # via requests\nrequests==2.31.0\n    # via -r requirements.in\n',
        'app.py': 'import certifi\nimport requests\n',
      });
      assert.strictEqual(
        findingAt(alone, ID, 'app.py', 1).message,
        "'certifi' is imported but requirements.txt pins certifi only as another package's dependency (`# via`).",
      );
    });

    it('adds to a PEP 621 array (indentation, quotes, trailing comma kept) or a Poetry table, at the version the lock has', async () => {
      const uvLock =
        'version = 1\n\n[[package]]\nname = "certifi"\nversion = "2024.2.2"\n\n[[package]]\nname = "fastapi"\nversion = "0.111.0"\n\n[[package]]\nname = "requests"\nversion = "2.31.0"\ndependencies = [{ name = "certifi" }]\n';
      const root = tempProject({
        'pyproject.toml':
          '[project]\nname = "api"\nversion = "0.1"\ndependencies = [\n  \'fastapi>=0.111\',\n  \'requests>=2.31\',\n]\n',
        'uv.lock': uvLock,
        'api/main.py': 'import certifi\nimport fastapi\nimport requests\n',
      });
      const s = await scan(root);
      applyFix(fixFor(s, findingAt(s, ID, 'api/main.py', 1), /^Add 'certifi>=2024\.2\.2' to pyproject\.toml$/));
      assert.match(read(root, 'pyproject.toml'), /dependencies = \[\n  'certifi>=2024\.2\.2',\n  'fastapi>=0\.111',\n/);
      assert.deepStrictEqual((await scan(root)).where(ID), []);

      const poetry = tempProject({
        'pyproject.toml':
          '[tool.poetry]\nname = "svc"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\ncelery = "^5.3"\ndjango = "^5.0"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8.0"\n',
        'poetry.lock':
          '[[package]]\nname = "celery"\nversion = "5.3.6"\n\n[[package]]\nname = "django"\nversion = "5.0.6"\n\n[[package]]\nname = "python-dateutil"\nversion = "2.9.0.post0"\n',
        'svc/tasks.py': 'import celery\nimport dateutil\nimport django\n',
      });
      const p = await scan(poetry);
      applyFix(
        fixFor(p, findingAt(p, ID, 'svc/tasks.py', 2), /^Add python-dateutil = "\^2\.9\.0\.post0" to pyproject\.toml$/),
      );
      assert.match(
        read(poetry, 'pyproject.toml'),
        /django = "\^5\.0"\npython-dateutil = "\^2\.9\.0\.post0"\n\n\[tool\.poetry\.group/,
      );
      assert.deepStrictEqual((await scan(poetry)).where(ID), []);
    });

    it('pins in a pinned requirements.txt; offers each file but prefers none when the project declares in two', async () => {
      const pinned = tempProject({
        'requirements.txt': 'flask==3.0.3\ngunicorn==22.0.0\n',
        'Pipfile.lock':
          '{"default": {"flask": {"version": "==3.0.3"}, "pyyaml": {"version": "==6.0.1"}}, "develop": {}}',
        'app.py': 'import flask\nimport yaml\n',
      });
      const s = await scan(pinned);
      const fix = fixFor(s, findingAt(s, ID, 'app.py', 2), /^Add pyyaml==6\.0\.1 to requirements\.txt$/);
      applyFix(fix);
      assert.strictEqual(read(pinned, 'requirements.txt'), 'flask==3.0.3\ngunicorn==22.0.0\npyyaml==6.0.1\n');

      const two = await scanFiles({
        'pyproject.toml': '[project]\nname = "x"\nversion = "1"\ndependencies = ["flask"]\n',
        'requirements.txt': 'flask\n',
        'app.py': 'import flask\nimport yaml\n',
      });
      const fixes = two.engine.fixesFor(findingAt(two, ID, 'app.py', 2)).filter((f) => f.title.startsWith('Add'));
      assert.deepStrictEqual(
        fixes.map((f) => [f.title, !!f.preferred]),
        [
          ['Add "pyyaml" to pyproject.toml', false],
          ['Add pyyaml to requirements.txt', false],
        ],
      );
    });
  });
});
