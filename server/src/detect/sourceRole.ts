// What a source file is for, judged from its path: production code, or tooling that only runs on a developer's
// machine or in CI (build and tool configs, scripts/, Storybook, type declarations). Tests are `isTestPath`.
import * as path from 'path';
import { isExamplePath, isTestPath } from '../core/paths';
import { allCommands, parseShell } from '../platform/shell';

/**
 * `vite.config.ts`, `jest.config.js`, `.eslintrc.cjs`, `gulpfile.js`, `tailwind.config.mjs`, … at the package root or
 * in `.config/`, where tools look for them. Deeper down, `src/config/database.config.ts` or
 * `src/logger/pino.config.ts` is the app's own configuration.
 */
const CONFIG_FILE =
  /^(\.config\/)?([\w.-]+\.config|\.[\w-]+rc|gulpfile|gruntfile|jakefile|Gruntfile|Gulpfile|setupTests|setup-tests|test-setup|vitest\.workspace|jest\.preset|\.pnpmfile|\.yarnrc|dangerfile|plopfile)\.[cm]?[jt]sx?$/i;
/** Test-runner setup files wherever they are (`test/mocha.setup.ts`, `src/vitest.setup.ts`). */
const TEST_SETUP_FILE =
  /(^|\/)(setupTests|setup-tests|test-setup|test\.setup|setup\.(mocha|vitest|jest|test))\.[cm]?[jt]sx?$|(^|\/)(mocha|vitest|jest|playwright|cypress)(\.[\w-]+)*\.setup\.[cm]?[jt]sx?$/i;
/** Top-level folders of a package that hold build, release or developer tooling (`src/tools/` is app code). */
const TOOLING_TOP_DIR =
  /^(scripts?|tools?|tooling|benchmarks?|bench|perf|codegen|\.config|config\/(webpack|jest|vite|rollup|babel|storybook))\//i;
/** Tooling folders wherever they are. */
const TOOLING_DIR = /(^|\/)(\.storybook|storybook|\.husky|\.github|\.circleci|\.devcontainer)\//i;

/**
 * Build/tool configuration, developer scripts, Storybook and declaration files.
 * `rel` is relative to the package root (the folder of its package.json), `/` separators.
 */
export function isToolingPath(rel: string): boolean {
  return isToolConfigPath(rel) || TOOLING_TOP_DIR.test(rel);
}

/**
 * Tool configuration, test setup, Storybook, CI and editor folders and declaration files: never loaded by the app.
 * Unlike isToolingPath, top-level `scripts/` is not included: it holds admin scripts (migrations, backfills) as well.
 */
export function isToolConfigPath(rel: string): boolean {
  return (
    CONFIG_FILE.test(rel) ||
    TEST_SETUP_FILE.test(rel) ||
    TOOLING_DIR.test(rel) ||
    /\.d\.[cm]?ts$/.test(rel) ||
    /\.stories\.[cm]?[jt]sx?$/.test(rel)
  );
}

/** Code that runs in production: not a test, example, tooling script or config file (`rel` as for isToolingPath). */
export function isProductionPath(rel: string): boolean {
  return !isTestPath(rel) && !isExamplePath(rel) && !isToolingPath(rel);
}

/**
 * npm scripts that run at build, test or release time, never in the running app: a tooling word as the name or as one
 * of its `:`/`-` parts (`build`, `test:e2e`, `release-final`, `generate-changelog`, `rebase-pr-to-1.x`, `start-pr-test`).
 */
const TOOLING_SCRIPT =
  /^(pre|post)?(build|compile|bundle|prepare|prepublish|prepublishOnly|prepack|postpack|install|test|lint|format|generate|gen|codegen|release|version|docs?|bench|benchmark|changelog)(:|$)|(^|[:-])(tests?|e2e|lint|format|fmt|release|changelog|rebase|checkout|pr|publish|bump|upload|download|deploy|storybook|typecheck|bench|benchmark|docs|codegen|dev|watch)([:-]|$)/i;
/** Scripts that run the app itself: a file they run is production code even if a tooling script runs it too. */
// `dev` and `watch` run the app on a developer's machine: what only they run (a dev server file) is tooling, while
// what start also runs is not (toolingOnlyFiles subtracts every process's files).
const RUNTIME_SCRIPT = /^(pre|post)?(start|serve|worker)(:|$)/;
const RUNNERS = new Set([
  'node',
  'nodejs',
  'ts-node',
  'tsx',
  'babel-node',
  'bun',
  'deno',
  'esno',
  'esrun',
  'vite-node',
  'jiti',
]);

/**
 * Absolute paths of source files that the package's build, test or release scripts run
 * (`"prepare": "node src/build.js"`), and no start-like script does. `root` is the package folder.
 */
export function toolingScriptFiles(
  scripts: Record<string, string>,
  root: string,
  alsoTooling: ReadonlySet<string> = new Set(),
): Set<string> {
  const collect = (pattern: RegExp, extra: ReadonlySet<string> = new Set()): Set<string> => {
    const files = new Set<string>();
    for (const [name, command] of Object.entries(scripts)) {
      if (typeof command !== 'string' || !(pattern.test(name) || extra.has(name))) continue;
      for (const c of allCommands(parseShell(command))) {
        const direct = c.programWord && /\.[cm]?[jt]sx?$/.test(c.programWord.text) ? c.programWord.text : undefined;
        const viaRunner =
          c.program && RUNNERS.has(c.program)
            ? c.args.find((a) => !a.startsWith('-') && /\.[cm]?[jt]sx?$/.test(a))
            : undefined;
        const file = direct ?? viaRunner;
        if (file) files.add(path.resolve(root, file));
      }
    }
    return files;
  };
  const runtime = collect(RUNTIME_SCRIPT);
  return new Set([...collect(TOOLING_SCRIPT, alsoTooling)].filter((f) => !runtime.has(f)));
}

/** Whether an npm script is developer tooling by its name (build, test, lint, release, dev …), not the running app. */
export function isToolingScriptName(name: string): boolean {
  return TOOLING_SCRIPT.test(name) && !RUNTIME_SCRIPT.test(name);
}

/** Whether an npm script runs the app itself (start, serve, a worker): what it runs is never tooling. */
export function isRuntimeScriptName(name: string): boolean {
  return RUNTIME_SCRIPT.test(name);
}
