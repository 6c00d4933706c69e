// What the commands of npm scripts, Procfiles and Dockerfiles run: package.json scripts, a JS/TS file through a
// known runner, or a migration tool. Splitting and unwrapping is shell.ts's job.
import * as path from 'path';
import { parseShell, positionalArgs, type ShellCommand } from './shell';
import { lookupTable } from '../util/table';
import { globMatch } from '../util/linear';
import { isPythonMigration } from './pyCommand';

/** `npm install` and the aliases npm accepts for it (its own misspellings included), and `add`. */
export const NPM_INSTALL_ALIASES: readonly string[] = [
  'install',
  'i',
  'in',
  'ins',
  'inst',
  'insta',
  'instal',
  'isnt',
  'isnta',
  'isntal',
  'isntall',
  'add',
];

/** The program and its arguments a simple command runs, wrappers (`env`, `cross-env`, `npx`, `exec`) removed. */
export function argvOf(c: ShellCommand): string[] {
  return c.program ? [c.program, ...c.args] : [];
}

/** Simple commands of a command line, `sh -c '…'` bodies flattened in place of the shell that runs them. */
export function commandsOf(line: string): ShellCommand[] {
  const out: ShellCommand[] = [];
  const visit = (list: ShellCommand[]) => {
    for (const c of list) {
      if (c.nested) visit(c.nested);
      else out.push(c);
    }
  };
  visit(parseShell(line));
  return out;
}

export interface ScriptRun {
  /** Script names in the order they run (`run-s a b` runs two). */
  names: string[];
  /** npm runs `pre<name>`/`post<name>` around a script; pnpm and Yarn Berry don't, but Yarn 1 and npm do. */
  tool: 'npm' | 'yarn' | 'pnpm' | 'bun' | 'node' | 'run-s' | 'run-p';
}

const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const NPM_LIFECYCLE: Record<string, string> = lookupTable({
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  test: 'test',
  t: 'test',
  tst: 'test',
});
/** Commands of Yarn and pnpm themselves: `yarn <name>` runs a script only when <name> is none of them. */
const YARN_BUILTINS = new Set([
  'add',
  'audit',
  'autoclean',
  'bin',
  'cache',
  'check',
  'config',
  'constraints',
  'create',
  'dedupe',
  'dlx',
  'exec',
  'explain',
  'generate-lock-entry',
  'global',
  'help',
  'import',
  'info',
  'init',
  'install',
  'licenses',
  'link',
  'list',
  'login',
  'logout',
  'node',
  'npm',
  'outdated',
  'owner',
  'pack',
  'patch',
  'patch-commit',
  'plugin',
  'policies',
  'publish',
  'rebuild',
  'remove',
  'set',
  'stage',
  'tag',
  'team',
  'unlink',
  'unplug',
  'up',
  'upgrade',
  'upgrade-interactive',
  'version',
  'versions',
  'why',
  'workspace',
  'workspaces',
]);
const PNPM_BUILTINS = new Set([
  'add',
  'audit',
  'bin',
  'config',
  'create',
  'deploy',
  'dlx',
  'env',
  'exec',
  'fetch',
  'i',
  'import',
  'init',
  'install',
  'install-test',
  'it',
  'licenses',
  'link',
  'list',
  'ln',
  'ls',
  'outdated',
  'pack',
  'patch',
  'patch-commit',
  'prune',
  'publish',
  'rb',
  'rebuild',
  'remove',
  'rm',
  'root',
  'server',
  'setup',
  'store',
  'un',
  'uninstall',
  'unlink',
  'up',
  'update',
  'why',
]);
/**
 * Flags of the package managers that take the next word as their value (`npm i --registry URL x`, `pnpm add --filter
 * api x`), so that word is not read as a package or a subcommand. Boolean flags are left out: `pnpm add -w x` adds x.
 */
export const PM_VALUE_FLAGS: Readonly<Record<string, readonly string[]>> = lookupTable({
  npm: [
    '--omit',
    '--include',
    '--registry',
    '--loglevel',
    '--cache',
    '-w',
    '--workspace',
    '--userconfig',
    '--install-strategy',
    '--before',
    '--prefix',
  ],
  yarn: [
    '--network-timeout',
    '--modules-folder',
    '--cache-folder',
    '--mutex',
    '--registry',
    '--network-concurrency',
    '--mode',
    '--cwd',
  ],
  pnpm: [
    '--filter',
    '-F',
    '--reporter',
    '--store-dir',
    '--config.node-linker',
    '--network-concurrency',
    '--child-concurrency',
    '-C',
    '--dir',
  ],
  bun: ['--cwd', '--registry', '--cache-dir'],
});

/** Package-manager flags that point at another package (`npm --prefix api run x`): its scripts are not ours. */
const PM_PACKAGE_FLAGS = ['-w', '--workspace', '--prefix', '-C', '--dir', '--filter', '-F', '--cwd'];

/**
 * `npm start`, `npm run x`, `yarn x`, `pnpm run x`, `node --run x`, `run-s a b`: the package.json scripts a command
 * runs. A bare `yarn x`/`pnpm x` runs a script when x is one of `scripts`, or, when they are not known, when x is
 * not one of the tool's own commands. A script of another package (`pnpm --filter api build`, `yarn workspace api
 * build`) is not one of this package's: it counts only with `otherPackages`, for callers that go by the name alone.
 */
export function scriptRunOf(
  prog: string[],
  scripts?: Record<string, string>,
  opts: { otherPackages?: boolean } = {},
): ScriptRun | undefined {
  if (!prog.length) return undefined;
  const head = path.posix.basename(prog[0]);
  const pm = head === 'npm' || head === 'yarn' || head === 'pnpm' || head === 'bun';
  if (pm && PM_PACKAGE_FLAGS.some((f) => prog.some((w) => w === f || w.startsWith(`${f}=`)))) {
    if (!opts.otherPackages) return undefined;
    scripts = undefined; // the names are the other package's
  }
  let words = positionalArgs(prog.slice(1), PM_PACKAGE_FLAGS);
  if (head === 'yarn' && words[0] === 'workspace') {
    if (!opts.otherPackages) return undefined;
    words = words.slice(2);
    scripts = undefined;
  }
  const [cmd, name] = words;
  if (head === 'npm') {
    if (NPM_LIFECYCLE[cmd]) return { names: [NPM_LIFECYCLE[cmd]], tool: 'npm' };
    if (NPM_RUN.has(cmd) && name) return { names: [name], tool: 'npm' };
    return undefined;
  }
  if (head === 'yarn' || head === 'pnpm' || head === 'bun') {
    if (!cmd) return undefined;
    if ((cmd === 'run' || cmd === 'run-script') && name) return { names: [name], tool: head };
    if (head === 'bun') return undefined; // `bun x` runs a file or a binary before a script
    if (cmd === 'start') return { names: ['start'], tool: head };
    const known = scripts
      ? Object.prototype.hasOwnProperty.call(scripts, cmd)
      : !(head === 'yarn' ? YARN_BUILTINS : PNPM_BUILTINS).has(cmd);
    return known ? { names: [cmd], tool: head } : undefined;
  }
  if (head === 'node') {
    const i = prog.indexOf('--run');
    if (i >= 0 && prog[i + 1]) return { names: [prog[i + 1]], tool: 'node' };
    return undefined;
  }
  if (head === 'run-s' || head === 'run-p' || head === 'npm-run-all' || head === 'npm-run-all2') {
    const parallel = head === 'run-p' || prog.includes('-p') || prog.includes('--parallel');
    const names: string[] = [];
    for (const pat of prog.slice(1).filter((w) => !w.startsWith('-'))) {
      if (pat.includes('*')) {
        // `*` within one `:`-separated part, as npm-run-all reads it (it swaps `:` and `/` before minimatch, so `*`
        // crosses a `/` in a script name). Script names are not paths, and names and patterns are workspace text:
        // the linear matcher, not picomatch, whose regexes backtrack on many stars against a long name.
        names.push(...Object.keys(scripts ?? {}).filter((k) => globMatch(pat, k, { sep: ':' })));
      } else names.push(pat);
    }
    return names.length ? { names, tool: parallel ? 'run-p' : 'run-s' } : undefined;
  }
  return undefined;
}

/**
 * The one script a simple command runs, by name, in whichever package (`npm run build`, `pnpm --filter api build`
 * → "build"): for callers that judge a command by the script's name.
 */
export function scriptInvocation(c: ShellCommand): string | undefined {
  return scriptRunOf(argvOf(c), undefined, { otherPackages: true })?.names[0];
}

/** Runners that take a source file as their first operand, and their flags that take a separate value. */
const RUNNERS: Record<string, Set<string>> = lookupTable({
  node: new Set([
    '-r',
    '--require',
    '--import',
    '--loader',
    '--experimental-loader',
    '-C',
    '--conditions',
    '--env-file',
    '--title',
    '--inspect-port',
    '--stack-size',
    '--input-type',
  ]),
  'ts-node': new Set([
    '-r',
    '--require',
    '-P',
    '--project',
    '-O',
    '--compiler-options',
    '-C',
    '--compiler',
    '--cwd',
    '--scope-dir',
    '-I',
    '--ignore',
  ]),
  'ts-node-esm': new Set(['-P', '--project', '-O', '--compiler-options']),
  'ts-node-dev': new Set([
    '-r',
    '--require',
    '-P',
    '--project',
    '-O',
    '--compiler-options',
    '--ignore-watch',
    '--watch',
    '--deps',
  ]),
  tsnd: new Set(['-r', '--require', '-P', '--project', '--ignore-watch', '--watch']),
  tsx: new Set(['--tsconfig', '--require', '-r', '--import', '--env-file', '--include', '--exclude', '--ignore']),
  'babel-node': new Set(['-r', '--require', '--presets', '--plugins', '--extensions', '--config-file', '-x']),
  'node-dev': new Set(['-r', '--require']),
  esno: new Set([]),
  'vite-node': new Set(['-r', '--root', '-c', '--config', '-w']),
  bun: new Set(['-r', '--preload', '--tsconfig-override', '--env-file', '--cwd']),
  nodemon: new Set([
    '-w',
    '--watch',
    '-e',
    '--ext',
    '-i',
    '--ignore',
    '--delay',
    '--signal',
    '-d',
    '--config',
    '--exec',
    '-x',
    '--cwd',
  ]),
  'pm2-runtime': new Set(['-i', '--instances', '--name', '-n', '--env', '--node-args', '--interpreter']),
  pm2: new Set([
    '-i',
    '--instances',
    '--name',
    '-n',
    '--env',
    '--node-args',
    '--interpreter',
    '--max-memory-restart',
    '-o',
    '-e',
    '--output',
    '--error',
    '--log',
  ]),
  forever: new Set([
    '-l',
    '-o',
    '-e',
    '--uid',
    '-a',
    '-m',
    '--minUptime',
    '--spinSleepTime',
    '-c',
    '-p',
    '--workingDir',
    '--sourceDir',
    '-w',
    '--watchDirectory',
  ]),
});

export interface ProgramTarget {
  /** A source file (as written, relative to the command's working directory). */
  file?: string;
  /** `nodemon --exec "…"`, `sh -c "…"`: a nested command line to read instead. */
  nested?: string;
  /** The runner that runs it (`node`, `tsx`, `nest`, …). */
  runner: string;
  /** `nodemon`/`tsx` with no file: the package's `main`. */
  usesMain?: boolean;
}

/** What a simple command runs, when it runs a JS/TS file through a known runner. */
export function programTarget(prog: string[]): ProgramTarget | undefined {
  if (!prog.length) return undefined;
  const runner = path.posix.basename(prog[0]).replace(/\.exe$/, '');
  if (
    (runner === 'sh' || runner === 'bash' || runner === 'ash' || runner === 'dash' || runner === 'zsh') &&
    prog.includes('-c')
  ) {
    const nested = prog[prog.indexOf('-c') + 1];
    return nested ? { nested, runner } : undefined;
  }
  if (runner === 'nest' && prog[1] === 'start') return { file: 'src/main.ts', runner };
  const withArg = RUNNERS[runner === 'nodejs' ? 'node' : runner];
  if (!withArg) return undefined;
  let i = 1;
  if (runner === 'tsx' && prog[1] === 'watch') i = 2;
  if (runner === 'bun' && prog[1] === 'run') i = 2;
  if ((runner === 'pm2' || runner === 'pm2-runtime' || runner === 'forever') && prog[1] === 'start') i = 2;
  for (; i < prog.length; i++) {
    const w = prog[i];
    if (w === '--') {
      i++;
      break;
    }
    if (runner === 'nodemon' && (w === '--exec' || w === '-x')) {
      const nested = prog[i + 1];
      if (nested) {
        // nodemon appends the script (if any) to the --exec command.
        const rest = prog.slice(i + 2).filter((x) => !x.startsWith('-'));
        return { nested: rest.length ? `${nested} ${rest[0]}` : nested, runner };
      }
    }
    if (
      (runner === 'node' || runner === 'nodejs') &&
      /^(-e|--eval|-p|--print|--test|-c|--check|--run|-v|--version|-h|--help)$/.test(w)
    )
      return undefined;
    if (!w.startsWith('-')) break;
    if (!w.includes('=') && withArg.has(w)) i++;
  }
  const file = prog[i];
  if (!file) return runner === 'nodemon' || runner === 'node-dev' ? { runner, usesMain: true } : undefined;
  if (/\.(json|config\.[cm]?js)$/.test(file) || /ecosystem/.test(file)) return undefined; // pm2 ecosystem files
  return { file, runner };
}

const MIGRATION_TOOLS: [RegExp, RegExp][] = [
  [/^prisma$/, /^(migrate (deploy|dev|reset)|db (push|seed))\b/],
  [/^(sequelize|sequelize-cli)$/, /^db:(migrate|seed)/],
  [/^knex$/, /^(migrate:(latest|up)|seed:run)\b/],
  [/^typeorm(-ts-node-(commonjs|esm))?$/, /^(migration:run|schema:sync)\b/],
  [/^(node-pg-migrate|db-migrate|migrate-mongo|umzug)$/, /^up\b/],
  [/^mikro-orm(-esm)?$/, /^(migration:up|schema:update)\b/],
  [/^drizzle-kit$/, /^(push|migrate)\b/],
  [/^graphile-migrate$/, /^migrate\b/],
  [/^dbmate$/, /^(up|migrate)\b/],
  [/^(flyway|atlas)$/, /migrate|apply/],
];

/**
 * A schema migration or seed run by a command (`prisma migrate deploy`, `knex migrate:latest`, …; Python's in
 * pyCommand.ts: `manage.py migrate`, `alembic upgrade head`, `flask db upgrade`, …).
 */
export function isMigrationProgram(prog: string[]): boolean {
  if (!prog.length) return false;
  if (isPythonMigration(prog)) return true;
  const head = path.posix.basename(prog[0]);
  const rest = prog
    .slice(1)
    .filter((w) => !w.startsWith('-'))
    .join(' ');
  for (const [tool, sub] of MIGRATION_TOOLS) if (tool.test(head) && sub.test(rest)) return true;
  // node scripts/migrate.js, tsx src/seed.ts, node migrations/run.js (not scripts/check-migrations.js)
  const target = programTarget(prog);
  if (!target?.file) return false;
  const file = target.file.replace(/\.[cm]?[jt]s$/, '');
  const base = path.posix.basename(file);
  return (
    /^(db[-_.]?)?(migrate|migrations?|seed|seeds|seeder)([-_.](db|up|latest|all|deploy|run))?$/i.test(base) ||
    (/(^|\/)(migrations|seeds|seeders)\//.test(file) && /^(run|index|up|latest|migrate)$/i.test(base))
  );
}

/** A script name that says it migrates or seeds the database: `migrate`, `db:migrate`, `migrate:deploy`, `seed`. */
export function isMigrationScriptName(name: string): boolean {
  return /(^|:)(migrate|migrations?|seed|db:push|db:migrate|db:seed)(:|$)/i.test(name);
}
