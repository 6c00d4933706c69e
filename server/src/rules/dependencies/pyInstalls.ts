// Python installs in Dockerfile RUN steps, read for the dependencies rules: what `pip install …` (pip, pip3,
// `python -m pip`, `uv pip`) names — packages without a version, requirements files, the project itself — and how
// the project managers install (`uv sync`, `poetry install`, `pipenv install`, `pdm install`) and whether they keep
// to the lockfile.
import * as path from 'path';
import type { ShellCommand } from '../../platform/shell';
import { argvOf } from '../../platform/command';
import { pySubcommands, pythonInvocation } from '../../platform/pyCommand';
import { parseRequirementSpec } from '../../ecosystem/python/pep508';
import { normalizeDistName } from '../../ecosystem/python/names';

/** pip's (and `uv pip`'s) options that take a value. */
const PIP_VALUE_FLAGS = [
  '-r',
  '--requirement',
  '--requirements',
  '-c',
  '--constraint',
  '--constraints',
  '--override',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--index',
  '--default-index',
  '--extra-index-url',
  '--index-strategy',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--trusted-host',
  '--no-binary',
  '--only-binary',
  '--platform',
  '--python-platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--src',
  '--upgrade-strategy',
  '--progress-bar',
  '--cache-dir',
  '--log',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '-w',
  '--wheel-dir',
  '--config-settings',
  '--config-setting',
  '-C',
  '--global-option',
  '-p',
  '--python',
  '--report',
  '--use-feature',
  '--root-user-action',
  '--keyring-provider',
  '--resolution',
  '--prerelease',
  '--exclude-newer',
  '--link-mode',
  '--reinstall-package',
  '-P',
  '--upgrade-package',
  '--refresh-package',
  '--group',
  '--extra',
  '--torch-backend',
  '--python-preference',
];

/** A RUN step's command line without BuildKit's flags (`RUN --mount=type=cache,target=/root/.cache uv sync`). */
export function runCommandLine(args: string): { line: string; offset: number } {
  const m = /^\s*(?:--[a-z][a-z-]*(?:=\S*)?\s+)+/.exec(args);
  return m ? { line: args.slice(m[0].length), offset: m[0].length } : { line: args, offset: 0 };
}

/** Installers and build tools bootstrapped into an image (`pip install --upgrade pip setuptools wheel`): not the app's. */
const TOOLING = new Set([
  'pip',
  'setuptools',
  'wheel',
  'uv',
  'poetry',
  'poetry-core',
  'poetry-plugin-export',
  'pipenv',
  'pdm',
  'pdm-backend',
  'hatch',
  'hatchling',
  'virtualenv',
  'pip-tools',
  'build',
  'twine',
  'flit',
  'flit-core',
  'cython',
]);

export interface PipCommand {
  /** As shown in messages: `pip install`, `pip3 wheel`, `python -m pip install`, `uv pip install`. */
  shown: string;
  sub: 'install' | 'wheel' | 'sync';
  /** Registry packages named without a version (`flask`, `psycopg[c]`), tools left out. */
  unversioned: string[];
  /** How many packages it names besides installers and build tools (`pip install -U pip wheel` names none). */
  named: number;
  /** `-r file` values, as written. */
  requirementFiles: string[];
  /** Local paths installed: `.`, `./backend`, `-e .` (the project's own dependencies, as its manifest declares them). */
  paths: string[];
  /** Installs wheels built earlier (`/wheels/*`, `*.whl`, `--find-links`): what was resolved then. */
  wheels: boolean;
  args: string[];
}

/** A `pip install|wheel` or `uv pip install|sync` command, read. */
export function pipCommandOf(c: ShellCommand): PipCommand | undefined {
  const argv = argvOf(c);
  const inv = pythonInvocation(argv);
  if (!inv) return undefined;
  let args = inv.args;
  let shown: string;
  if (inv.tool === 'pip') {
    const sub = args.find((a) => !a.startsWith('-'));
    if (sub !== 'install' && sub !== 'wheel') return undefined;
    args = args.slice(args.indexOf(sub) + 1);
    shown = `${/^python/.test(argv[0] ?? '') ? 'python -m pip' : c.program} ${sub}`;
  } else if (inv.tool === 'uv') {
    const sub = pySubcommands(inv);
    if (sub[0] !== 'pip' || (sub[1] !== 'install' && sub[1] !== 'sync')) return undefined;
    args = args.slice(args.indexOf(sub[1]) + 1);
    shown = `uv pip ${sub[1]}`;
  } else return undefined;
  const sub = shown.split(' ').pop() as PipCommand['sub'];
  const out: PipCommand = {
    shown,
    sub,
    unversioned: [],
    named: 0,
    requirementFiles: [],
    paths: [],
    wheels: false,
    args,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (flag.startsWith('-') && flag.length > 1) {
      const value = flag !== a ? a.slice(eq + 1) : PIP_VALUE_FLAGS.includes(flag) ? args[++i] : undefined;
      if (value === undefined) continue;
      if (/^(-f|--find-links)$/.test(flag)) out.wheels = true;
      if (/^(-r|--requirements?)$/.test(flag)) out.requirementFiles.push(value);
      else if (/^(-e|--editable)$/.test(flag) && isLocalPath(value)) out.paths.push(value);
      continue;
    }
    if (sub === 'sync')
      out.requirementFiles.push(a); // `uv pip sync requirements.txt`
    else if (/\.whl$|\/\*$/.test(a)) out.wheels = true;
    else if (isLocalPath(a)) out.paths.push(a);
    else {
      const name = requirementName(a);
      if (!name || TOOLING.has(name.normalized)) continue;
      out.named++;
      if (name.unversioned) out.unversioned.push(name.shown);
    }
  }
  return out;
}

function isLocalPath(word: string): boolean {
  return /^(\.{1,2}(\/|$)|\/|~)/.test(word) && !/[$*?]/.test(word);
}

/**
 * A registry requirement named on the command line, and whether it has no version (`flask`, `psycopg[c]`, not
 * `minio==7.2.20`); URLs, paths, archives and `${PKG}` are none.
 */
function requirementName(word: string): { normalized: string; shown: string; unversioned: boolean } | undefined {
  if (/[$`*?]/.test(word) || /\.(whl|zip|tar\.gz|tgz)$/i.test(word)) return undefined;
  const spec = parseRequirementSpec(word);
  const req = spec.requirement;
  if (spec.direct || spec.error || !req || req.url) return undefined;
  return {
    normalized: normalizeDistName(req.name),
    shown: word.slice(req.nameStart, req.end).trim() || req.name,
    unversioned: !req.specifier.trim(),
  };
}

/**
 * A requirements file a `pip install -r` names, looked up in `dirs` (the Dockerfile's folder, the project root, …):
 * by the path as written, or by its name when the image path is absolute (`-r /tmp/requirements.txt`).
 */
export function requirementsFileIn(
  read: (p: string) => string | undefined,
  word: string,
  dirs: readonly string[],
): string | undefined {
  if (/[$`*?]/.test(word)) return undefined;
  const rel = word.replace(/^\.\//, '');
  const candidates = word.startsWith('/') ? [path.posix.basename(word)] : [rel, path.posix.basename(rel)];
  for (const dir of dirs)
    for (const c of candidates) if (read(path.join(dir, c)) !== undefined) return path.join(dir, c);
  return undefined;
}

export type ProjectInstallTool = 'uv' | 'poetry' | 'pipenv' | 'pdm';

/**
 * A project manager installing the project from its lockfile, and whether it may resolve afresh and rewrite the
 * lock instead of failing when the lock is stale: `uv sync` without `--locked`/`--frozen`, `pipenv install` without
 * `--deploy`/`--ignore-pipfile` (or with `--skip-lock`), `pdm install` without `--frozen-lockfile`/`--check`.
 * `poetry install` installs what poetry.lock says (it refuses a lock that no longer matches pyproject.toml), and so
 * do `pipenv sync` and `pdm sync`.
 */
export function projectInstallOf(
  c: ShellCommand,
): { tool: ProjectInstallTool; relocks: boolean; replacement?: string } | undefined {
  const inv = pythonInvocation(argvOf(c));
  if (!inv) return undefined;
  const sub = pySubcommands(inv);
  const has = (re: RegExp) => inv.args.some((a) => re.test(a));
  const command = c.text.slice((c.programWord?.start ?? c.start) - c.start);
  switch (inv.tool) {
    case 'uv':
      if (sub[0] !== 'sync') return undefined;
      if (has(/^--(locked|frozen)$/)) return { tool: 'uv', relocks: false };
      return { tool: 'uv', relocks: true, replacement: `${command} --locked` };
    case 'poetry':
      return sub[0] === 'install' ? { tool: 'poetry', relocks: false } : undefined;
    case 'pipenv':
      if (sub[0] === 'sync') return { tool: 'pipenv', relocks: false };
      if (sub[0] !== 'install' || sub.length > 1) return undefined;
      if (has(/^--skip-lock$/)) return { tool: 'pipenv', relocks: true };
      if (has(/^--(deploy|ignore-pipfile)$/)) return { tool: 'pipenv', relocks: false };
      return { tool: 'pipenv', relocks: true, replacement: `${command} --deploy` };
    case 'pdm':
      if (sub[0] === 'sync') return { tool: 'pdm', relocks: false };
      if (sub[0] !== 'install') return undefined;
      if (has(/^(--frozen-lockfile|--check|--no-lock)$/)) return { tool: 'pdm', relocks: false };
      return { tool: 'pdm', relocks: true, replacement: `${command} --frozen-lockfile` };
    default:
      return undefined;
  }
}
