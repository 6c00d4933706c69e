import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, findingAt, fixFor, read, scan, scanFiles } from '../../../helpers/engine';

const ID = 'dependencies/dev-dependency-in-production';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags production code that loads a package declared only in devDependencies', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s.where(ID).sort(),
      [
        'mono/apps/web/src/server.js:1',
        'pino-app/src/app.ts:3',
        'pino-app/src/logger.ts:6',
        'pino-app/src/transports.js:6',
        'pino-app/src/transports.js:10',
        'src/log.mjs:1',
        'src/server.js:1',
        'src/util.ts:1',
      ].sort(),
    );
  });

  it('names a devDependency used as a pino transport target, and a root devDependency a workspace member loads', async () => {
    const s = await scan(dir('positive'));
    const at = (file: string) => s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === file)!;
    assert.strictEqual(
      at('pino-app/src/logger.ts').message,
      "'pino-pretty' is only in devDependencies, but src/logger.ts loads it as a pino transport target.",
    );
    assert.strictEqual(
      at('mono/apps/web/src/server.js').message,
      "'dotenv' is only in the workspace root's devDependencies, but src/server.js loads it at run time.",
    );
  });

  it('accepts type-only use, guarded requires, dev-only transports, peers, tests, configs, scripts, bundled apps and members that declare what the root has in devDependencies', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('moves the package to dependencies in one edit, keeping formatting', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === 'src/server.js')!;
    const fix = fixFor(s, f, /Move dotenv to dependencies/);
    assert.strictEqual(fix.edits?.length, 1);
    applyFix(fix);
    assert.strictEqual(
      read(root, 'package.json'),
      `{
  "name": "devdeps",
  "version": "1.0.0",
  "private": true,
  "scripts": {
    "start": "node src/server.js"
  },
  "dependencies": {
    "dotenv": "^16.4.5",
    "express": "^4.19.2"
  },
  "devDependencies": {
    "chalk": "^5.3.0",
    "lodash": "^4.17.21"
  }
}
`,
    );
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('src/')),
      ['src/log.mjs:1', 'src/util.ts:1'],
    );
  });

  it("declares a root devDependency in the member's dependencies with the root's range", async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === 'mono/apps/web/src/server.js')!;
    applyFix(fixFor(s, f, /^Add dotenv@\^16\.4\.5 to dependencies in mono\/apps\/web\/package\.json$/));
    assert.strictEqual(
      read(root, 'mono/apps/web/package.json'),
      `{
  "name": "@mono/web",
  "private": true,
  "main": "src/server.js",
  "dependencies": {
    "dotenv": "^16.4.5",
    "express": "^4.19.2"
  }
}
`,
    );
    assert.match(read(root, 'mono/package.json'), /"devDependencies": \{\n    "dotenv": "\^16\.4\.5",/);
    const again = await scan(root);
    assert.deepStrictEqual(
      again.where(ID).filter((w) => w.startsWith('mono/')),
      [],
    );
  });

  it('creates the dependencies section where it belongs, and drops an emptied devDependencies', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const fs = await import('fs');
    fs.writeFileSync(
      path.join(root, 'package.json'),
      '{\n  "name": "x",\n  "devDependencies": {\n    "dotenv": "^16.4.5"\n  },\n  "license": "MIT"\n}\n',
    );
    const s = await scan(root);
    const f = s.findings.find((x) => x.ruleId === ID && s.engine.rel(x.path) === 'src/server.js')!;
    applyFix(fixFor(s, f, /Move dotenv to dependencies/));
    assert.strictEqual(
      read(root, 'package.json'),
      '{\n  "name": "x",\n  "license": "MIT",\n  "dependencies": {\n    "dotenv": "^16.4.5"\n  }\n}\n',
    );
  });
});

describe('dependencies/dev-dependency-in-production: process commands', () => {
  const ID = 'dependencies/dev-dependency-in-production';
  it('flags a Procfile or CMD process run by a devDependency runner, not a start script production does not run', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'svc',
        private: true,
        scripts: { start: 'nodemon src/web.ts', build: 'tsc' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { 'ts-node': '^10.9.2', nodemon: '^3.1.0', typescript: '^5.4.0' },
      }),
      Procfile: 'web: node dist/web.js\nworker: ts-node src/worker.ts\nclock: node -r ts-node/register src/clock.ts\n',
      'src/web.ts': "import express from 'express';\nexpress().listen(process.env.PORT);\n",
      'src/worker.ts': "setInterval(() => console.log('tick'), 1000);\n",
      'src/clock.ts': "console.log('clock');\n",
    });
    assert.deepStrictEqual(s.where(ID).sort(), ['Procfile:2', 'Procfile:3']);
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.ok(
      s.engine.fixesFor(f).some((x) => /Move ts-node to dependencies/.test(x.title)),
      s.engine
        .fixesFor(f)
        .map((x) => x.title)
        .join(),
    );
  });

  it('accepts runners declared in dependencies, and a start script when nothing else deploys the app', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'svc',
        private: true,
        scripts: { start: 'tsx src/web.ts' },
        dependencies: { express: '^4.19.2', tsx: '^4.7.0' },
      }),
      'src/web.ts': "import express from 'express';\nexpress().listen(process.env.PORT);\n",
    });
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('leaves alone what a script run by a build script runs: npm run chains from tooling scripts are tooling', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'starter',
        private: true,
        scripts: {
          start: 'node dist/server.js',
          build: 'npm run build-ts && npm run copy-static-assets',
          'build-ts': 'tsc',
          'copy-static-assets': 'ts-node copyStaticAssets.ts',
        },
        dependencies: { express: '^4.19.2' },
        devDependencies: { shelljs: '^0.8.5', 'ts-node': '^10.9.2' },
      }),
      'src/server.ts': "import express from 'express';\nexpress().listen(process.env.PORT);\n",
      'copyStaticAssets.ts': "import * as shell from 'shelljs';\nshell.cp('-R', 'src/public', 'dist/');\n",
    });
    assert.deepStrictEqual(s.where(ID), []);
  });

  describe('Python', () => {
    it('flags app code importing a distribution declared only for development: requirements-dev, a dev group, a test extra', async () => {
      const s = await scan(dir('py-positive'));
      assert.deepStrictEqual(s.where(ID).sort(), ['extras/app/clock.py:1', 'uvapp/app/main.py:2', 'web/wsgi.py:1']);
      const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
      assert.strictEqual(
        msg('web/wsgi.py'),
        "'dotenv' (python-dotenv) is only a development requirement (requirements-dev.txt), but this file imports it at run time.",
      );
      assert.match(msg('uvapp/app/main.py'), /^'rich' \(rich\) is only a development requirement \(pyproject\.toml\)/);
    });

    it('adds the distribution to the main requirements file in its style; the rescan is clean', async () => {
      const root = copyFixture(`rules/${ID}/py-positive`);
      const s = await scan(root);
      applyFix(fixFor(s, findingAt(s, ID, 'web/wsgi.py', 1), /^Add python-dotenv to web\/requirements\.txt$/));
      assert.strictEqual(read(root, 'web/requirements.txt'), 'flask>=3.0\ngunicorn>=22\npython-dotenv\n');
      const again = await scan(root);
      assert.ok(!again.where(ID).includes('web/wsgi.py:1'), again.where(ID).join(', '));
    });

    it('skips optional imports, development branches, __main__ blocks, imports inside functions, tests, dev settings, scripts, what the lock or image installs anyway', async () => {
      const s = await scan(dir('py-negative'));
      assert.deepStrictEqual(s.where(ID), []);
    });
  });
});
