import * as assert from 'assert';
import * as path from 'path';
import { scanFiles, type Scan } from '../../helpers/engine';
import { runtimeSites, describe as describeSite, relocate } from '../../../server/src/model/startSites';
import { rewriteSite } from '../../../server/src/fixes/startCommand';
import { scriptInvocation, scriptRunOf } from '../../../server/src/platform/command';
import { parseShell } from '../../../server/src/platform/shell';
import type { Project } from '../../../server/src/core/model';

const projectAt = (s: Scan, rel = '.'): Project =>
  s.engine.workspace!.projects.find((p) => p.root === path.join(s.root, rel))!;
const sites = (s: Scan, rel = '.') =>
  runtimeSites(projectAt(s, rel), s.root).map((x) => `${path.relative(s.root, x.path)}: ${describeSite(x)}`);

describe('detect/command scriptRunOf', () => {
  it('reads the script a package manager runs', () => {
    const scripts = { start: 'node a', build: 'tsc', 'db:migrate': 'knex migrate:latest', 'w:a': 'x', 'w:b': 'y' };
    const names = (line: string, s: Record<string, string> | undefined = scripts) =>
      scriptRunOf(line.split(' '), s)?.names;
    assert.deepStrictEqual(names('npm start'), ['start']);
    assert.deepStrictEqual(names('npm t'), ['test']);
    assert.deepStrictEqual(names('npm run --silent build'), ['build']);
    assert.deepStrictEqual(names('npm run-script db:migrate -- --env production'), ['db:migrate']);
    assert.deepStrictEqual(names('yarn build'), ['build']);
    assert.deepStrictEqual(names('pnpm db:migrate'), ['db:migrate']);
    assert.deepStrictEqual(names('node --run build'), ['build']);
    assert.deepStrictEqual(names('run-p w:*'), ['w:a', 'w:b']);
    assert.deepStrictEqual(names('bun run build'), ['build']);
  });

  it("without the scripts, takes a bare yarn/pnpm word for a script unless it is the tool's own command", () => {
    assert.deepStrictEqual(scriptRunOf(['yarn', 'compile'])?.names, ['compile']);
    assert.strictEqual(scriptRunOf(['yarn', 'install']), undefined);
    assert.strictEqual(scriptRunOf(['pnpm', 'add', 'left-pad']), undefined);
  });

  it("is not fooled by installs, binaries, unknown words or another package's scripts", () => {
    const scripts = { start: 'node a', build: 'tsc' };
    for (const line of [
      'npm install',
      'npm ci',
      'yarn',
      'yarn add express',
      'pnpm compile',
      'bun build',
      'npx tsc',
      'npm --prefix api run build',
      'npm run build -w api',
      'pnpm --filter api build',
      'yarn workspace api build',
    ]) {
      assert.strictEqual(scriptRunOf(line.split(' '), scripts), undefined, line);
    }
  });

  it("by name alone, also reads another package's script", () => {
    const name = (line: string) => scriptInvocation(parseShell(line)[0]);
    assert.strictEqual(name('pnpm --filter @orders/worker build'), 'build');
    assert.strictEqual(name('npm run build -w api'), 'build');
    assert.strictEqual(name('npm --prefix api run compile'), 'compile');
    assert.strictEqual(name('yarn workspace api build'), 'build');
    assert.strictEqual(name('yarn workspace api add left-pad'), undefined);
  });
});

describe('model/startSites', () => {
  it('finds start, its hooks, production start scripts, what the Procfile and the final CMD run, and the scripts they call', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'app',
        version: '1.0.0',
        dependencies: { express: '4.19.2' },
        scripts: {
          prestart: 'node check.js',
          start: 'run-s migrate serve',
          migrate: 'knex migrate:latest',
          serve: 'node server.js',
          'start:prod': 'node dist/server.js',
          worker: 'node worker.js',
          build: 'tsc',
          dev: 'nodemon',
        },
      }),
      Procfile: 'web: npm start\nworker: npm run worker\nrelease: npm run migrate\n',
      Dockerfile: 'FROM node:20 AS build\nCMD ["npm", "run", "dev"]\nFROM node:20-slim\nCMD ["node", "server.js"]\n',
      'Dockerfile.dev': 'FROM node:20\nCMD npm run dev\n',
      'server.js': "require('express')().listen(process.env.PORT);\n",
    });
    assert.deepStrictEqual(
      sites(s).sort(),
      [
        'Dockerfile: the Dockerfile CMD',
        "Procfile: the Procfile 'web' process",
        "Procfile: the Procfile 'worker' process",
        "package.json: the migrate script (run by 'start')",
        "package.json: the serve script (run by 'start')",
        'package.json: the prestart script',
        'package.json: the start script',
        'package.json: the start:prod script',
        "package.json: the worker script (run by the Procfile 'worker' process)",
      ].sort(),
    );
  });

  it('reads a command continued over lines as one, and a script without extension when its shebang is a shell', async () => {
    const s = await scanFiles({
      'requirements.txt': 'django==5.0.6\ngunicorn==22.0.0\n',
      Procfile: 'web: bin/start-web\nworker: bin/worker\nclock: ./clock\n',
      'bin/start-web': [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        '# a comment that ends in a backslash does not go on \\',
        'python manage.py migrate --noinput',
        'exec gunicorn config.wsgi:application \\',
        '  --workers 3 \\',
        '  --bind 0.0.0.0:8000',
        '',
      ].join('\n'),
      // Not a shell script: read as a program, never line by line.
      'bin/worker': "#!/usr/bin/env python3\nimport os\nos.system('npm install')\n",
      clock: '#!/bin/sh\nexec celery -A config beat\n',
    });
    const shell = runtimeSites(projectAt(s), s.root, s.engine.read).filter((x) => x.kind === 'shell');
    assert.deepStrictEqual(
      shell.map((x) => `${x.range.start.line + 1}-${x.range.end.line + 1}: ${x.command} — ${describeSite(x)}`),
      [
        "4-4: python manage.py migrate --noinput — the start-web script (run by the Procfile 'web' process)",
        "5-7: exec gunicorn config.wsgi:application --workers 3 --bind 0.0.0.0:8000 — the start-web script (run by the Procfile 'web' process)",
        "2-2: exec celery -A config beat — the clock script (run by the Procfile 'clock' process)",
      ],
    );
    assert.deepStrictEqual(s.where('admin-processes/migrations-on-boot'), ['bin/start-web:4']);
    assert.deepStrictEqual(s.where('port-binding/hardcoded-port'), ['bin/start-web:5']);
  });

  it('follows a start command into the shell script it runs: each line a site, reported but not rewritten', async () => {
    const script =
      '#!/bin/sh\nset -e\ncd /app\n# install, then build\nnpm ci --include=dev\nnpm run build\n\npm2 start dist/main.js -i max\n';
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'svc',
        version: '1.0.0',
        scripts: { build: 'tsc', dev: 'sh scripts/dev.sh' },
        dependencies: { '@nestjs/core': '10.3.0' },
      }),
      Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]\n',
      'scripts/docker-entrypoint.sh': script,
      'scripts/dev.sh': 'npm install\nnest start --watch\n',
    });
    const shell = runtimeSites(projectAt(s), s.root, s.engine.read).filter((x) => x.kind === 'shell');
    assert.deepStrictEqual(
      shell.map((x) => `${x.range.start.line + 1}: ${x.command} — ${describeSite(x)}`),
      [
        '5: npm ci --include=dev — the docker-entrypoint.sh script (run by the Dockerfile ENTRYPOINT)',
        '6: npm run build — the docker-entrypoint.sh script (run by the Dockerfile ENTRYPOINT)',
        '8: pm2 start dist/main.js -i max — the docker-entrypoint.sh script (run by the Dockerfile ENTRYPOINT)',
      ],
    );
    const where = (id: string) => s.where(id).filter((w) => w.startsWith('scripts/'));
    assert.deepStrictEqual(where('build-release-run/install-at-start'), ['scripts/docker-entrypoint.sh:5']);
    assert.deepStrictEqual(where('build-release-run/build-at-start'), ['scripts/docker-entrypoint.sh:6']);
    assert.deepStrictEqual(where('concurrency/daemonizes'), ['scripts/docker-entrypoint.sh:8']);
    // Reported, not rewritten: no fix edits a script other commands may share.
    const f = s.findings.find((x) => x.ruleId === 'build-release-run/install-at-start')!;
    assert.deepStrictEqual(
      s.engine
        .fixesFor(f)
        .filter((x) => x.edits?.some((e) => e.path.endsWith('.sh')))
        .map((x) => x.title),
      [`Disable ${f.ruleId} for this line`],
    );
  });

  it("has none for a library's start script, nor in test fixtures and examples inside the workspace", async () => {
    const app = JSON.stringify({ name: 'f', version: '1.0.0', scripts: { start: 'node app.js' } });
    const s = await scanFiles({
      'package.json': JSON.stringify({
        name: 'lib',
        version: '1.0.0',
        main: 'index.js',
        types: 'index.d.ts',
        files: ['index.js'],
        scripts: { start: 'node index.js' },
      }),
      'test/fixtures/app/package.json': app,
      'examples/demo/package.json': app,
    });
    assert.deepStrictEqual(sites(s), []);
    assert.deepStrictEqual(sites(s, 'test/fixtures/app'), []);
    assert.deepStrictEqual(sites(s, 'examples/demo'), []);
  });

  it("rewrites a shell-form line, an `sh -c` body and an exec form's words, and refuses what does not fit", async () => {
    const df = 'FROM node:20\nCMD ["sh", "-c", "npm ci && node server.js"]\nENTRYPOINT ["pm2", "start", "server.js"]\n';
    const s = await scanFiles({
      'package.json': JSON.stringify(
        { name: 'a', version: '1.0.0', scripts: { start: 'npm ci && node server.js' } },
        null,
        2,
      ),
      Dockerfile: df,
    });
    const [entrypoint, cmd] = runtimeSites(projectAt(s), s.root).filter((x) => x.kind === 'docker');
    assert.strictEqual(cmd.command, 'npm ci && node server.js');
    assert.deepStrictEqual(rewriteSite(cmd, df, 'node server.js')?.edits[0].newText, '["sh", "-c", "node server.js"]');
    assert.strictEqual(rewriteSite(cmd, df, ['node', 'server.js']), undefined, 'a shell body takes a command line');
    assert.strictEqual(entrypoint.command, 'pm2 start server.js');
    assert.deepStrictEqual(
      rewriteSite(entrypoint, df, ['pm2-runtime', 'start', 'server.js'])?.edits[0].newText,
      '["pm2-runtime", "start", "server.js"]',
    );
    assert.strictEqual(
      rewriteSite(entrypoint, df, 'pm2-runtime start server.js'),
      undefined,
      'words without a shell take words',
    );
    const pkgText = JSON.stringify(
      { name: 'a', version: '1.0.0', scripts: { start: 'npm ci && node server.js' } },
      null,
      2,
    );
    const start = relocate({ kind: 'script', path: path.join(s.root, 'package.json'), key: 'start' }, pkgText)!;
    assert.strictEqual(rewriteSite(start, pkgText, 'node server.js')?.edits[0].newText, '"node server.js"');
    assert.strictEqual(rewriteSite(start, pkgText, ''), undefined, 'an empty start script would break npm start');
  });
});
