// Which shell commands belong to the build stage (installing dependencies, compiling), so that running them at
// start-up mixes the build and run stages (platform/codeFetches.ts: those that fetch code).
import { positionalArgs, type ShellCommand } from '../../platform/shell';
import { BUILD_SCRIPT } from '../../model/startSites';
import { argvOf, NPM_INSTALL_ALIASES, scriptInvocation } from '../../platform/command';
import { isPythonBuild, isPythonInstall } from '../../platform/pyCommand';
import { lookupTable } from '../../util/table';

const NPM_INSTALL = new Set([
  ...NPM_INSTALL_ALIASES,
  'ci',
  'clean-install',
  'ic',
  'install-clean',
  'isntall-clean',
  'install-ci-test',
  'cit',
  'install-test',
  'it',
]);
const PNPM_INSTALL = new Set(['install', 'i', 'add', 'install-test', 'it']);
const BUN_INSTALL = new Set(['install', 'i', 'add']);
const PM_VALUE_FLAGS = ['-w', '--workspace', '--prefix', '-C', '--dir', '--filter', '-F', '--cwd'];
const INFO_FLAGS = /^(-v|--version|-h|--help)$/;

/**
 * `npm install`, `npm ci`, `npm i -g x`, bare `yarn`, `yarn install`, `yarn add`, `pnpm install`, `bun install`, and
 * Python's (`pip install`, `uv sync`, `poetry install`, …: pyCommand.ts).
 */
export function isInstall(c: ShellCommand): boolean {
  if (c.args.some((a) => INFO_FLAGS.test(a))) return false;
  const sub = positionalArgs(c.args, PM_VALUE_FLAGS)[0];
  switch (c.program) {
    case 'npm':
    case 'cnpm':
      return !!sub && NPM_INSTALL.has(sub);
    case 'yarn':
      return sub === undefined || sub === 'install' || sub === 'add';
    case 'pnpm':
      return !!sub && PNPM_INSTALL.has(sub);
    case 'bun':
      return !!sub && BUN_INSTALL.has(sub);
    default:
      return isPythonInstall(argvOf(c));
  }
}

/** Compilers and bundlers, and the subcommand that builds for multi-purpose CLIs (`next build`, not `next start`). */
const BUILD_TOOLS: Record<string, (args: string[]) => boolean> = lookupTable({
  tsc: (a) => !a.some((x) => /^(--noEmit|--init|--showConfig|--listFilesOnly)$/.test(x)),
  webpack: (a) => !['serve', 'info', 'configtest', 'help', 'version'].includes(positionalArgs(a)[0] ?? ''),
  'webpack-cli': (a) => !['serve', 'info', 'configtest', 'help', 'version'].includes(positionalArgs(a)[0] ?? ''),
  babel: (a) => a.some((x) => /^(-d|--out-dir|-o|--out-file)$/.test(x) || /^--out-(dir|file)=/.test(x)),
  swc: (a) => a.some((x) => /^(-d|--out-dir|-o|--out-file)$/.test(x) || /^--out-(dir|file)=/.test(x)),
  esbuild: (a) => a.length > 0,
  rollup: (a) => a.length > 0 && !a.some((x) => /^(-w|--watch)$/.test(x)),
  tsup: () => true,
  ncc: (a) => positionalArgs(a)[0] === 'build',
  parcel: (a) => positionalArgs(a)[0] === 'build',
  vite: (a) => positionalArgs(a)[0] === 'build',
  next: (a) => positionalArgs(a)[0] === 'build',
  nuxt: (a) => ['build', 'generate'].includes(positionalArgs(a)[0] ?? ''),
  nuxi: (a) => ['build', 'generate'].includes(positionalArgs(a)[0] ?? ''),
  nest: (a) => positionalArgs(a)[0] === 'build',
  ng: (a) => positionalArgs(a)[0] === 'build',
  'react-scripts': (a) => positionalArgs(a)[0] === 'build',
  gatsby: (a) => positionalArgs(a)[0] === 'build',
  remix: (a) => positionalArgs(a)[0] === 'build',
  astro: (a) => positionalArgs(a)[0] === 'build',
  'svelte-kit': (a) => positionalArgs(a)[0] === 'build',
  rspack: (a) => positionalArgs(a)[0] === 'build',
  // Client code generated from the schema: `prisma generate` belongs with the build that compiles against it.
  prisma: (a) => positionalArgs(a)[0] === 'generate',
  turbo: (a) => {
    const p = positionalArgs(a);
    return (p[0] === 'run' ? p[1] : p[0])?.startsWith('build') ?? false;
  },
  nx: (a) => {
    const p = positionalArgs(a);
    return (
      p[0] === 'build' ||
      (p[0] === 'run' && /:build/.test(p[1] ?? '')) ||
      (p[0] === 'run-many' && a.some((x) => /^(-t|--target)(=build)?$/.test(x) || x === 'build'))
    );
  },
  lerna: (a) => {
    const p = positionalArgs(a);
    return p[0] === 'run' && /^build/.test(p[1] ?? '');
  },
  // Stylesheets and docs generated into the served folder (`sass scss:public/css`, `apidoc -i src -o docs`);
  // watchers (`--watch`) are dev servers, and `tailwindcss init` writes a config.
  sass: (a) => positionalArgs(a).length > 0 && !a.some(isWatch),
  'node-sass': (a) => positionalArgs(a).length > 0 && !a.some(isWatch),
  lessc: (a) => positionalArgs(a).length > 0 && !a.some(isWatch),
  tailwindcss: (a) =>
    positionalArgs(a)[0] !== 'init' && a.some((x) => /^(-o|--output)(=|$)/.test(x)) && !a.some(isWatch),
  postcss: (a) => a.some((x) => /^(-o|--output|-d|--dir|-r|--replace)(=|$)/.test(x)) && !a.some(isWatch),
  apidoc: () => true,
});

function isWatch(arg: string): boolean {
  return /^(-w|--watch|--poll)$/.test(arg);
}

/**
 * A build step: a compiler or bundler, a package.json script named build/compile/bundle (`npm run build`), or
 * Python's (`manage.py collectstatic`, `compilemessages`, `flask translate compile`: pyCommand.ts).
 */
export function isBuild(c: ShellCommand): boolean {
  if (!c.program || c.args.some((a) => INFO_FLAGS.test(a))) return false;
  const tool = BUILD_TOOLS[c.program];
  if (tool) return tool(c.args);
  if (isPythonBuild(argvOf(c))) return true;
  const script = scriptInvocation(c);
  return !!script && BUILD_SCRIPT.test(script) && !/^(pre|post)?install/.test(script);
}
