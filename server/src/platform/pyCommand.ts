// What a command line runs when it runs a Python program: `python manage.py migrate`, `./manage.py collectstatic`,
// `poetry run alembic upgrade head`, `python -m gunicorn app:app -b :8000`, `newrelic-admin run-program uvicorn …`.
// Runners and wrappers are seen through; the tool that is left, with its arguments, is what the rules judge
// (migrations, builds and installs at start, servers and their bind flags, daemon and PID-file flags).
import * as path from 'path';
import { positionalArgs } from './shell';
import { lookupTable } from '../util/table';

export interface PyInvocation {
  /**
   * The program: `django` (manage.py or django-admin), `pip`, `python` (a file or module of the app), or the tool's
   * own name (`gunicorn`, `uvicorn`, `alembic`, `flask`, `celery`, `uv`, `poetry`, …).
   */
  tool: string;
  /** Its arguments. */
  args: string[];
  /** `python app/main.py`: the file as written. */
  file?: string;
  /** `python -m app.worker`: the module (tools run with `-m` are reported by their own name). */
  module?: string;
}

/** `python`, `python3`, `python3.12`, `/venv/bin/python`, `pypy3`. */
export const PYTHON_PROGRAM = /^(python|python[23](\.\d+)?|pypy3?)$/;

/** Runners that run their argument inside the project's environment (`poetry run X`), with their value flags. */
const ENV_RUNNERS: Record<string, { sub: string; valueFlags: readonly string[] }> = lookupTable({
  poetry: { sub: 'run', valueFlags: ['-C', '--directory', '-P', '--project'] },
  uv: {
    sub: 'run',
    valueFlags: [
      '--with',
      '--with-requirements',
      '--with-editable',
      '-p',
      '--python',
      '--package',
      '--env-file',
      '--group',
      '--only-group',
      '--no-group',
      '--extra',
      '--directory',
      '--project',
      '--index',
      '--index-url',
      '--extra-index-url',
      '-f',
      '--find-links',
      '--config-file',
      '--cache-dir',
    ],
  },
  pipenv: { sub: 'run', valueFlags: [] },
  pdm: { sub: 'run', valueFlags: ['-p', '--project'] },
  hatch: { sub: 'run', valueFlags: [] },
  rye: { sub: 'run', valueFlags: [] },
  'newrelic-admin': { sub: 'run-program', valueFlags: [] },
});
/** Agents that run the command after them (`ddtrace-run gunicorn …`). */
const AGENT_WRAPPERS = new Set(['ddtrace-run', 'opentelemetry-instrument', 'scout-apm-run']);

/** Modules run with `python -m` that are tools of their own (`python -m django migrate` is django-admin). */
const MODULE_TOOLS: Record<string, string> = lookupTable({
  django: 'django',
  pip: 'pip',
  gunicorn: 'gunicorn',
  uvicorn: 'uvicorn',
  hypercorn: 'hypercorn',
  daphne: 'daphne',
  celery: 'celery',
  alembic: 'alembic',
  flask: 'flask',
  waitress: 'waitress-serve',
  granian: 'granian',
  dramatiq: 'dramatiq',
  rq: 'rq',
  uv: 'uv',
  poetry: 'poetry',
  pipenv: 'pipenv',
  pdm: 'pdm',
  babel: 'pybabel',
  'babel.messages.frontend': 'pybabel',
  fastapi: 'fastapi',
  sanic: 'sanic',
});

/** The interpreter's own options that take a value (`-W ignore`, `-X dev`). */
const PYTHON_VALUE_OPTIONS = new Set(['-W', '-X', '--check-hash-based-pycs']);

/**
 * The Python program an argument vector runs (after the shell's own wrappers, which `argvOf` removed), or undefined
 * when it runs none: `python -c '…'`, `python` alone (a REPL), or another program.
 */
export function pythonInvocation(prog: readonly string[]): PyInvocation | undefined {
  let argv = [...prog];
  for (let guard = 0; guard < 6 && argv.length; guard++) {
    const head = path.posix.basename(argv[0]);
    const runner = ENV_RUNNERS[head];
    if (runner) {
      const pos = positionalIndex(argv, 1, runner.valueFlags);
      if (pos < 0 || argv[pos] !== runner.sub) return headTool(argv);
      const next = positionalIndex(argv, pos + 1, runner.valueFlags);
      if (next < 0) return undefined;
      argv = argv.slice(next);
      continue;
    }
    if (AGENT_WRAPPERS.has(head)) {
      // opentelemetry-instrument's options all take a value (`--traces_exporter console`).
      let i = 1;
      while (i < argv.length && argv[i].startsWith('-')) i += argv[i].includes('=') ? 1 : 2;
      argv = argv.slice(i);
      continue;
    }
    break;
  }
  if (!argv.length) return undefined;
  const head = path.posix.basename(argv[0]);
  if (!PYTHON_PROGRAM.test(head)) return headTool(argv);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-m' || (a.startsWith('-m') && !a.startsWith('--') && a.length > 2)) {
      const module = a === '-m' ? argv[i + 1] : a.slice(2);
      if (!module) return undefined;
      const rest = argv.slice(a === '-m' ? i + 2 : i + 1);
      const tool = MODULE_TOOLS[module];
      return tool ? { tool, args: rest } : { tool: 'python', args: rest, module };
    }
    if (a === '-c' || (/^-[a-zA-Z]*c/.test(a) && !a.startsWith('--'))) return undefined;
    if (PYTHON_VALUE_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (a === '-') return undefined;
    if (a.startsWith('-')) continue;
    const base = path.posix.basename(a);
    if (base === 'manage.py') return { tool: 'django', args: argv.slice(i + 1), file: a };
    return { tool: 'python', args: argv.slice(i + 1), file: a };
  }
  return undefined;
}

function headTool(argv: string[]): PyInvocation | undefined {
  const head = path.posix.basename(argv[0]);
  if (head === 'manage.py') return { tool: 'django', args: argv.slice(1), file: argv[0] };
  if (head === 'django-admin' || head === 'django-admin.py') return { tool: 'django', args: argv.slice(1) };
  if (/^pip(3(\.\d+)?)?$/.test(head)) return { tool: 'pip', args: argv.slice(1) };
  if (!PY_TOOLS.has(head)) return undefined;
  return { tool: head, args: argv.slice(1) };
}

/** Programs of the Python world this module reads. */
const PY_TOOLS = new Set([
  'gunicorn',
  'uvicorn',
  'hypercorn',
  'daphne',
  'uwsgi',
  'waitress-serve',
  'granian',
  'celery',
  'rq',
  'rqworker',
  'dramatiq',
  'huey_consumer',
  'huey_consumer.py',
  'alembic',
  'flask',
  'fastapi',
  'sanic',
  'aerich',
  'yoyo',
  'yoyo-migrate',
  'piccolo',
  'pybabel',
  'uv',
  'poetry',
  'pipenv',
  'pdm',
  'supervisord',
  'honcho',
]);

/** Index of the first positional argument at or after `from`, skipping the values of `valueFlags`; -1 if none. */
function positionalIndex(argv: readonly string[], from: number, valueFlags: readonly string[]): number {
  for (let i = from; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (a.startsWith('-') && a.length > 1) {
      if (valueFlags.includes(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** Value flags of the tools whose subcommands are read here. */
const TOOL_VALUE_FLAGS: Record<string, readonly string[]> = lookupTable({
  django: ['--settings', '--pythonpath', '-v', '--verbosity', '--database'],
  alembic: ['-c', '--config', '-n', '--name', '-x', '--raiseerr'],
  flask: ['-A', '--app', '-e', '--env-file'],
  celery: ['-A', '--app', '-b', '--broker', '--result-backend', '--loader', '--config', '--workdir', '-C'],
  uv: ['-p', '--python', '--directory', '--project', '--package', '--group', '--extra', '--cache-dir'],
  poetry: ['-C', '--directory', '-P', '--project', '-E', '--extras', '--with', '--without', '--only'],
  pipenv: ['--python'],
  pdm: ['-p', '--project', '-G', '--group'],
});

/** The positional arguments of an invocation (its subcommand first). */
export function pySubcommands(inv: PyInvocation): string[] {
  return positionalArgs(inv.args, TOOL_VALUE_FLAGS[inv.tool] ?? []);
}

/** A Python migration file run as a program: `python migrate.py`, `python scripts/db_migrate.py`, `python -m app.migrate`. */
const MIGRATION_SCRIPT = /^(db[-_.]?)?(migrate|migrations?|seed|seeds|seeder)([-_.](db|up|latest|all|deploy|run))?$/i;

/**
 * A schema migration run by a Python command: Django's `migrate`, `alembic upgrade`, Flask-Migrate's
 * `flask db upgrade`, Tortoise's `aerich upgrade`, `yoyo apply`, `piccolo migrations forwards`, or a script named
 * for migrating. `migrate --check` and `--plan` only look; `alembic upgrade --sql` prints SQL.
 */
export function isPythonMigration(prog: readonly string[]): boolean {
  const inv = pythonInvocation(prog);
  if (!inv) return false;
  const sub = pySubcommands(inv);
  switch (inv.tool) {
    case 'django':
      return (
        /^(migrate|migrate_schemas|syncdb)$/.test(sub[0] ?? '') && !inv.args.some((a) => /^--(check|plan)$/.test(a))
      );
    case 'alembic':
      return sub[0] === 'upgrade' && !inv.args.includes('--sql');
    case 'flask':
      return sub[0] === 'db' && sub[1] === 'upgrade' && !inv.args.includes('--sql');
    case 'aerich':
      return sub[0] === 'upgrade';
    case 'yoyo':
    case 'yoyo-migrate':
      return sub[0] === 'apply';
    case 'piccolo':
      return sub[0] === 'migrations' && sub[1] === 'forwards';
    case 'python': {
      const name = inv.file ? path.posix.basename(inv.file).replace(/\.py$/, '') : (inv.module?.split('.').pop() ?? '');
      return MIGRATION_SCRIPT.test(name);
    }
    default:
      return false;
  }
}

/**
 * Build-stage work run by a Python command: static files collected or compressed (`collectstatic`, `compress`),
 * message catalogues compiled (`compilemessages`, `pybabel compile`, the Flask tutorial's `flask translate compile`),
 * asset bundles built (`flask assets build`, `flask digest compile`, `manage.py tailwind build`).
 */
export function isPythonBuild(prog: readonly string[]): boolean {
  const inv = pythonInvocation(prog);
  if (!inv) return false;
  const sub = pySubcommands(inv);
  switch (inv.tool) {
    case 'django':
      return (
        /^(collectstatic|compilemessages|compress)$/.test(sub[0] ?? '') ||
        (sub[0] === 'tailwind' && sub[1] === 'build') ||
        (sub[0] === 'assets' && sub[1] === 'build')
      );
    case 'flask':
      return (
        (sub[0] === 'translate' && sub[1] === 'compile') ||
        (sub[0] === 'assets' && sub[1] === 'build') ||
        (sub[0] === 'digest' && sub[1] === 'compile')
      );
    case 'pybabel':
      return sub[0] === 'compile';
    default:
      return false;
  }
}

/** Flags that only ask a tool about itself. */
const INFO = /^(-h|--help|-V|--version)$/;

/**
 * Installing Python packages: `pip install`, `python -m pip install`, `uv sync`, `uv pip install|sync`, `uv add`,
 * `poetry install|add`, `pipenv install|sync`, `pdm install|sync|add`, `python setup.py install|develop`.
 */
export function isPythonInstall(prog: readonly string[]): boolean {
  const inv = pythonInvocation(prog);
  if (!inv || inv.args.some((a) => INFO.test(a))) return false;
  const sub = pySubcommands(inv);
  switch (inv.tool) {
    case 'pip':
      return sub[0] === 'install';
    case 'uv':
      return sub[0] === 'sync' || sub[0] === 'add' || (sub[0] === 'pip' && (sub[1] === 'install' || sub[1] === 'sync'));
    case 'poetry':
      return sub[0] === 'install' || sub[0] === 'add';
    case 'pipenv':
      return sub[0] === 'install' || sub[0] === 'sync';
    case 'pdm':
      return sub[0] === 'install' || sub[0] === 'sync' || sub[0] === 'add';
    case 'python':
      return !!inv.file && path.posix.basename(inv.file) === 'setup.py' && /^(install|develop)$/.test(sub[0] ?? '');
    default:
      return false;
  }
}

/** Where a server is told to listen on its command line: the flag and its value as written. */
export interface PyBind {
  flag: string;
  value: string;
  /** The host part, when the value has one (`0.0.0.0:8000`, `--host 127.0.0.1`). */
  host?: string;
  /** The port part, when the value has one. */
  port?: string;
}

/** `HOST:PORT`, `:PORT`, `[::1]:PORT`, `PORT` (when `portOnly`), `HOST`; unix sockets and fds have neither. */
function splitAddress(value: string, portOnly = false): { host?: string; port?: string } {
  if (/^(unix|fd):/.test(value)) return {};
  const v6 = /^(\[[^\]]*\])(?::(.*))?$/.exec(value);
  if (v6) return { host: v6[1], port: v6[2] };
  if (portOnly && !value.includes(':')) return { port: value };
  const colon = value.lastIndexOf(':');
  if (colon < 0) return { host: value };
  return { host: value.slice(0, colon) || undefined, port: value.slice(colon + 1) };
}

/** Each server's flags: which one names the address (host:port), the port, or the host. */
const BIND_FLAGS: Record<string, { address?: RegExp; port?: RegExp; host?: RegExp }> = lookupTable({
  gunicorn: { address: /^(-b|--bind)$/ },
  hypercorn: { address: /^(-b|--bind|--insecure-bind)$/ },
  uvicorn: { port: /^--port$/, host: /^--host$/ },
  daphne: { port: /^(-p|--port)$/, host: /^(-b|--bind)$/ },
  flask: { port: /^(-p|--port)$/, host: /^(-h|--host)$/ },
  fastapi: { port: /^--port$/, host: /^--host$/ },
  'waitress-serve': { address: /^--listen$/, port: /^--port$/, host: /^--host$/ },
  granian: { port: /^--port$/, host: /^--host$/ },
  sanic: { port: /^(-p|--port)$/, host: /^(-H|--host)$/ },
  uwsgi: { address: /^(--http|--http-socket|--https)$/ },
});

/** Subcommands that start the server, for tools that do other things too. */
function serves(inv: PyInvocation): boolean {
  const sub = pySubcommands(inv);
  if (inv.tool === 'flask') return sub[0] === 'run';
  if (inv.tool === 'fastapi') return sub[0] === 'run' || sub[0] === 'dev';
  if (inv.tool === 'sanic') return sub.length > 0;
  return true;
}

/**
 * The addresses a Python server's command line binds: `gunicorn -b 0.0.0.0:8000`, `uvicorn --host 127.0.0.1 --port
 * 8000`, `manage.py runserver 0.0.0.0:8000`, `hypercorn --bind`, `daphne -b -p`, `flask run -h -p`, `fastapi run
 * --port`, `waitress-serve --listen`, `granian`, `sanic`, `uwsgi --http`. Undefined when it runs no such server.
 */
export function pythonServerBinds(prog: readonly string[]): { tool: string; binds: PyBind[] } | undefined {
  const inv = pythonInvocation(prog);
  if (!inv) return undefined;
  if (inv.tool === 'django') {
    const sub = pySubcommands(inv);
    if (!/^(runserver|runserver_plus)$/.test(sub[0] ?? '')) return undefined;
    const addr = sub[1];
    return { tool: 'runserver', binds: addr ? [{ flag: sub[0], value: addr, ...splitAddress(addr, true) }] : [] };
  }
  const flags = BIND_FLAGS[inv.tool];
  if (!flags || !serves(inv)) return undefined;
  const binds: PyBind[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i];
    let flag = a;
    let value: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      flag = a.slice(0, eq);
      value = a.slice(eq + 1);
    } else if (/^-[a-zA-Z]./.test(a) && !a.startsWith('--')) {
      // `-b0.0.0.0:8000`: a short option with its value attached.
      flag = a.slice(0, 2);
      value = a.slice(2);
    }
    const kind = flags.address?.test(flag)
      ? 'address'
      : flags.port?.test(flag)
        ? 'port'
        : flags.host?.test(flag)
          ? 'host'
          : undefined;
    if (!kind) continue;
    if (value === undefined) value = inv.args[++i];
    if (value === undefined) break;
    if (kind === 'address') binds.push({ flag, value, ...splitAddress(value) });
    else if (kind === 'port') binds.push({ flag, value, port: value });
    else binds.push({ flag, value, host: value });
  }
  return { tool: inv.tool, binds };
}

/** A port written as a number (`8000`), not read from the environment (`$PORT`, `${PORT:-8000}`). */
export function literalPort(port: string | undefined): string | undefined {
  return port !== undefined && /^\d{2,5}$/.test(port) ? port : undefined;
}

/**
 * A long-running Python process: an application server, a development server, a task worker or scheduler, or a
 * Python file or module of the app (`python app.py`, `python -m app`). Management commands other than the
 * servers' are not: `manage.py migrate` runs and exits.
 */
export function isPythonLongRunning(prog: readonly string[]): boolean {
  const inv = pythonInvocation(prog);
  if (!inv || inv.args.some((a) => INFO.test(a))) return false;
  const sub = pySubcommands(inv);
  switch (inv.tool) {
    case 'gunicorn':
    case 'uvicorn':
    case 'hypercorn':
    case 'daphne':
    case 'uwsgi':
    case 'waitress-serve':
    case 'granian':
    case 'dramatiq':
    case 'huey_consumer':
    case 'huey_consumer.py':
    case 'rqworker':
      return true;
    case 'celery':
      return sub.includes('worker') || sub.includes('beat') || sub.includes('flower');
    case 'rq':
      return sub[0] === 'worker';
    case 'django':
      return /^(runserver|runserver_plus|rqworker|qcluster|celery|process_tasks|run_huey|daphne)$/.test(sub[0] ?? '');
    case 'flask':
    case 'fastapi':
    case 'sanic':
      return serves(inv);
    case 'python':
      return !isPythonMigration(prog);
    default:
      return false;
  }
}

/**
 * A development server run as the app's web process: Django's `runserver` (and django-extensions'
 * `runserver_plus`), Flask's `flask run` (Werkzeug's server) and `fastapi dev` (auto-reload). Returns how to name it.
 */
export function pythonDevServer(prog: readonly string[]): string | undefined {
  const inv = pythonInvocation(prog);
  if (!inv || inv.args.some((a) => INFO.test(a))) return undefined;
  const sub = pySubcommands(inv);
  if (inv.tool === 'django' && /^(runserver|runserver_plus)$/.test(sub[0] ?? '')) return `${sub[0]}`;
  if (inv.tool === 'flask' && sub[0] === 'run') return 'flask run';
  if (inv.tool === 'fastapi' && sub[0] === 'dev') return 'fastapi dev';
  return undefined;
}
