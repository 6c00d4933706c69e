// detect/sourceRole.ts: what a source file or npm script is for, judged from its path or name.
import * as assert from 'assert';
import {
  isProductionPath,
  isRuntimeScriptName,
  isToolConfigPath,
  isToolingPath,
  isToolingScriptName,
  toolingScriptFiles,
} from '../../../server/src/detect/sourceRole';

describe('detect/sourceRole', () => {
  it('takes tool configs at the package root or in .config/ as tooling, and app config deeper down as production', () => {
    for (const p of [
      'vite.config.ts',
      '.config/vite.config.ts',
      '.eslintrc.cjs',
      'gulpfile.js',
      'Gulpfile.js',
      'jest.config.mjs',
      'tailwind.config.mjs',
      'prettier.config.cjs',
      'jest.preset.js',
      'dangerfile.ts',
    ]) {
      assert.deepStrictEqual([isToolingPath(p), isToolConfigPath(p), isProductionPath(p)], [true, true, false], p);
    }
    for (const p of [
      'src/config/database.config.ts',
      'src/.eslintrc.js',
      'config/database.js',
      'vite.config.json',
      'src/server.ts',
      'src/ünïcode/app.ts',
    ]) {
      assert.deepStrictEqual([isToolingPath(p), isToolConfigPath(p), isProductionPath(p)], [false, false, true], p);
    }
  });

  it('takes test setup files, Storybook, CI folders, stories and declaration files as tool config wherever they are', () => {
    for (const p of [
      'test/mocha.setup.ts',
      'src/vitest.setup.ts',
      'src/setupTests.ts',
      '.storybook/main.js',
      'src/.storybook/x.js',
      '.github/scripts/x.js',
      'types/global.d.ts',
      'src/env.d.mts',
      'src/Button.stories.tsx',
    ])
      assert.ok(isToolConfigPath(p), p);
  });

  it('takes top-level scripts/, tools/ and bench folders as tooling but not tool config (admin scripts live there), and not nested ones', () => {
    for (const p of [
      'scripts/seed.js',
      'Scripts/seed.js',
      'tools/gen.ts',
      'bench/x.js',
      'benchmarks/a.js',
      'config/webpack/dev.js',
    ]) {
      assert.deepStrictEqual([isToolingPath(p), isToolConfigPath(p)], [true, false], p);
    }
    for (const p of ['src/scripts/seed.js', 'src/tools/x.ts', 'scriptsx/a.js']) assert.ok(!isToolingPath(p), p);
  });

  it('counts tests and examples out of production, and an empty path in', () => {
    assert.ok(!isProductionPath('test/a.test.ts'));
    assert.ok(!isProductionPath('src/a.spec.js'));
    assert.ok(!isProductionPath('examples/basic/server.js'));
    assert.ok(isProductionPath(''));
  });

  it('names tooling scripts by a tooling word as the name or as one :/- part, never inside a word', () => {
    for (const n of [
      'build',
      'prebuild',
      'Build',
      'test:e2e',
      'release-final',
      'generate-changelog',
      'rebase-pr-to-1.x',
      'start-pr-test',
      'dev',
      'watch',
      'dev:server',
      'postinstall',
      'deploy',
      'prepublishOnly',
      'docs',
      'doc',
    ])
      assert.ok(isToolingScriptName(n), n);
    for (const n of [
      'start',
      'prestart',
      'start:prod',
      'start:dev',
      'serve',
      'worker',
      'migrate',
      'seed',
      'protest',
      'latest',
      'contest',
      'docker:build',
      'startup',
      'server',
      '',
    ]) {
      assert.ok(!isToolingScriptName(n), n);
    }
  });

  it('names runtime scripts: start, serve and worker, with pre/post and :variants', () => {
    for (const n of ['start', 'prestart', 'poststart', 'start:prod', 'serve', 'worker', 'worker:emails'])
      assert.ok(isRuntimeScriptName(n), n);
    for (const n of ['startup', 'server', 'dev', 'Start', '']) assert.ok(!isRuntimeScriptName(n), n);
  });

  describe('toolingScriptFiles', () => {
    it('collects source files tooling scripts run, directly or through a runner, minus those a runtime script runs', () => {
      const files = toolingScriptFiles(
        {
          build: 'node scripts/build.js && tsc',
          test: 'mocha test/a.test.js',
          start: 'node src/server.js',
          'start:both': 'node scripts/shared.js',
          prepare: 'tsx scripts/shared.js',
          lint: './bin/lint.sh',
          gen: './tools/gen.mjs --out x',
          seed: 'node scripts/seed.js',
        },
        '/p',
      );
      assert.deepStrictEqual([...files].sort(), ['/p/scripts/build.js', '/p/tools/gen.mjs']);
    });

    it('adds scripts named in alsoTooling, skips runner flags, and ignores values that are not strings', () => {
      assert.deepStrictEqual(
        [...toolingScriptFiles({ seed: 'node scripts/seed.js' }, '/p', new Set(['seed']))],
        ['/p/scripts/seed.js'],
      );
      assert.deepStrictEqual(
        [...toolingScriptFiles({ build: 'node --max-old-space-size=4096 -r ts-node/register scripts/b.ts' }, '/p')],
        ['/p/scripts/b.ts'],
      );
      assert.deepStrictEqual([...toolingScriptFiles({ build: 42 as unknown as string, test: '' }, '/p')], []);
      assert.deepStrictEqual([...toolingScriptFiles({}, '/p')], []);
    });
  });
});
