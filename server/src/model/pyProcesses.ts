// The Python process model: which module each declared process runs (Procfile lines, the final image's CMD and
// ENTRYPOINT and the shell scripts they run, a config file's `processes`), whether that module runs as `__main__`
// (`python app/main.py`, `python -m app.main`, `manage.py`: its `if __name__ == "__main__":` block runs in production)
// or is imported by path (`gunicorn pkg.wsgi:application`, `uvicorn pkg.main:app`, `celery -A pkg worker`), and the
// project's own modules it loads (its imports, absolute and relative, transitively; Django's settings module named by
// DJANGO_SETTINGS_MODULE). Pure over the project, the files' import facts and the engine's reader; nothing is run.
import * as path from 'path';
import type { Project } from '../core/model';
import type { Range } from '../core/types';
import type { SourceFacts } from '../core/facts';
import { sourceLanguage } from '../core/paths';
import { argvOf } from '../platform/command';
import { pySubcommands, pythonInvocation, pythonServerBinds, type PyBind } from '../platform/pyCommand';
import { positionalArgs, type ShellCommand } from '../platform/shell';
import { finalStageChain } from '../platform/docker';
import { runtimeSites, siteCommands, type CommandSite } from './startSites';
import { commandsOf } from '../platform/command';
import { toPosix } from '../util/text';
import { startsServer } from '../facts/processGraph';

export type PyProcessType = 'web' | 'worker' | 'other';

export interface PyProcess {
  /** The file that declares it (Procfile, Dockerfile, shell script, config file) and the command's range there. */
  file: string;
  range: Range;
  /** "the Procfile 'web' process", "the Dockerfile CMD". */
  label: string;
  type: PyProcessType;
  /** The program (pyCommand's tool: `python`, `gunicorn`, `django`, `celery`, …). */
  tool: string;
  /** The Python file the process runs as its main module, when it could be resolved to one file of the project. */
  entry?: string;
  /** The entry runs as `__main__`: its `if __name__ == "__main__":` block runs in this process. */
  asScript: boolean;
  /** Entry, modules the process loads by name, and the project's modules they import, transitively. */
  reachable: Set<string>;
  /** The Dockerfile whose CMD/ENTRYPOINT (or a script they run) declares it. */
  dockerfile?: string;
  /** Where the command line tells the server to listen (`-b 0.0.0.0:8000`, `--port 8000`). */
  binds: PyBind[];
}

type FactsOf = (file: string) => SourceFacts | undefined;
type Read = (file: string) => string | undefined;

/** Application servers: the module named by their app spec (`pkg.mod:app`) is imported, never run as `__main__`. */
const APP_SERVERS = new Set(['gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'granian', 'waitress-serve']);
/** Value flags of the servers and workers read here (so their values are not taken for the app spec). */
const VALUE_FLAGS: Record<string, readonly string[]> = {
  gunicorn: [
    '-b',
    '--bind',
    '-w',
    '--workers',
    '-k',
    '--worker-class',
    '--threads',
    '-t',
    '--timeout',
    '--graceful-timeout',
    '--keep-alive',
    '-c',
    '--config',
    '--chdir',
    '--pythonpath',
    '--log-level',
    '--log-file',
    '--log-config',
    '--access-logfile',
    '--error-logfile',
    '--access-logformat',
    '-e',
    '--env',
    '--max-requests',
    '--max-requests-jitter',
    '--worker-tmp-dir',
    '--worker-connections',
    '--forwarded-allow-ips',
    '-n',
    '--name',
    '-p',
    '--pid',
    '-u',
    '--user',
    '-g',
    '--group',
    '-m',
    '--umask',
    '--backlog',
    '--certfile',
    '--keyfile',
    '--statsd-host',
    '--limit-request-line',
    '--limit-request-fields',
    '--proxy-allow-from',
    '--paste',
  ],
  uvicorn: [
    '--host',
    '--port',
    '--uds',
    '--fd',
    '--workers',
    '--loop',
    '--http',
    '--ws',
    '--lifespan',
    '--interface',
    '--env-file',
    '--log-config',
    '--log-level',
    '--root-path',
    '--limit-concurrency',
    '--limit-max-requests',
    '--backlog',
    '--timeout-keep-alive',
    '--timeout-graceful-shutdown',
    '--ssl-keyfile',
    '--ssl-certfile',
    '--forwarded-allow-ips',
    '--app-dir',
    '--h11-max-incomplete-event-size',
    '--header',
    '--reload-dir',
  ],
  hypercorn: [
    '-b',
    '--bind',
    '--insecure-bind',
    '-w',
    '--workers',
    '-k',
    '--worker-class',
    '-c',
    '--config',
    '--root-path',
    '--log-level',
    '--access-logfile',
    '--error-logfile',
    '--certfile',
    '--keyfile',
    '--graceful-timeout',
    '--keep-alive',
    '--pid',
    '--backlog',
    '-u',
    '-g',
  ],
  daphne: [
    '-b',
    '--bind',
    '-p',
    '--port',
    '-u',
    '--unix-socket',
    '--fd',
    '-e',
    '--endpoint',
    '-v',
    '--verbosity',
    '-t',
    '--http-timeout',
    '--access-log',
    '--root-path',
    '--proxy-headers-host',
    '--proxy-headers-port',
    '--application-close-timeout',
    '--websocket-timeout',
    '--ping-interval',
    '--ping-timeout',
  ],
  granian: ['--interface', '--host', '--port', '--workers', '--threads', '--loop', '--log-level', '--working-dir'],
  'waitress-serve': ['--listen', '--host', '--port', '--threads', '--url-prefix', '--ident', '--unix-socket'],
  celery: ['-A', '--app', '-b', '--broker', '--result-backend', '--loader', '--config', '--workdir', '-C'],
  dramatiq: [
    '-p',
    '--processes',
    '-t',
    '--threads',
    '--path',
    '-P',
    '-Q',
    '--queues',
    '--pid-file',
    '--log-file',
    '--watch',
    '--worker-shutdown-timeout',
    '-f',
  ],
};
/** The folder a server changes to before importing the app (`gunicorn --chdir src`, `uvicorn --app-dir src`). */
const DIR_FLAGS = /^(--chdir|--app-dir|--working-dir|--workdir|--path)$/;
/** `pkg.mod:app`, `pkg.mod:create_app()`, `pkg.mod` (gunicorn's default `application`). */
const APP_SPEC = /^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)(?::(.+))?$/;
/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")` in manage.py, wsgi.py, asgi.py, celery.py. */
const SETTINGS_DEFAULT =
  /environ\.setdefault\(\s*['"]DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)['"]\s*\)/;
const PROCESS_NAME_DEV = /^(dev|develop|development|local|test|tests|debug)$/i;
const WORKER_NAME = /(^|[:_-])(worker|workers|jobs?|queue|consumer|clock|cron|scheduler|beat|background|bg)([:_-]|$)/i;

/** The project's Python files, by absolute path. */
function pyFiles(project: Project): Set<string> {
  const out = new Set<string>();
  for (const f of project.files) if (f.kind === 'source' && sourceLanguage(f.path) === 'py') out.add(f.path);
  return out;
}

/** The file a dotted module names under one of `roots` (the first root that has it): `a.b` → a/b.py or a/b/__init__.py. */
function moduleFile(module: string, roots: readonly string[], files: ReadonlySet<string>, main = false): string[] {
  const parts = module.split('.');
  for (const root of roots) {
    const base = path.join(root, ...parts);
    if (files.has(`${base}.py`)) return [`${base}.py`];
    const init = path.join(base, '__init__.py');
    // `python -m pkg` runs pkg/__main__.py after importing pkg/__init__.py.
    const mainFile = path.join(base, '__main__.py');
    if (main && files.has(mainFile)) return files.has(init) ? [mainFile, init] : [mainFile];
    if (files.has(init)) return [init];
  }
  return [];
}

/** A path in a command as a project file: relative to the roots, or inside the image's WORKDIR. */
function pathFile(
  word: string,
  roots: readonly string[],
  files: ReadonlySet<string>,
  workdir?: string,
): string | undefined {
  let rel = word;
  if (rel.startsWith('/')) {
    if (!workdir || !rel.startsWith(`${workdir.replace(/\/+$/, '')}/`)) return undefined;
    rel = rel.slice(workdir.replace(/\/+$/, '').length + 1);
  }
  for (const root of roots) {
    const abs = path.resolve(root, rel);
    if (files.has(abs)) return abs;
  }
  return undefined;
}

/** The final stage's WORKDIR (absolute) of a Dockerfile. */
function workdirOf(project: Project, dockerfile: string): string | undefined {
  const df = project.dockerfiles.find((d) => d.path === dockerfile);
  let workdir: string | undefined;
  for (const stage of df ? finalStageChain(df) : [])
    for (const ins of stage.instructions)
      if (ins.keyword === 'WORKDIR')
        workdir = ins.args.startsWith('/')
          ? path.posix.resolve(ins.args)
          : path.posix.resolve(workdir ?? '/', ins.args);
  return workdir;
}

/** A module name the image sets (`ENV DJANGO_SETTINGS_MODULE=proj.settings.production`, `ENV FLASK_APP app.py`). */
function dockerModuleVar(project: Project, dockerfile: string | undefined, name: string): string | undefined {
  const df = dockerfile ? project.dockerfiles.find((d) => d.path === dockerfile) : undefined;
  let out: string | undefined;
  for (const stage of df ? finalStageChain(df) : [])
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'ENV') continue;
      const m = new RegExp(`(?:^|\\s)${name}[= ]\\s*['"]?([A-Za-z_][\\w.:]*)`).exec(ins.args);
      if (m) out = m[1];
    }
  return out;
}

/** The roots a process imports from: the folder it runs in (project root, the Dockerfile's), `src/`, `--chdir`. */
function importRoots(project: Project, site: { path: string }, args: readonly string[], workdir?: string): string[] {
  const roots: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    if (!DIR_FLAGS.test(flag)) continue;
    const value = inline ?? args[i + 1];
    if (value && !value.startsWith('-')) {
      const rel =
        value.startsWith('/') && workdir && value.startsWith(`${workdir}/`) ? value.slice(workdir.length + 1) : value;
      if (!rel.startsWith('/')) roots.push(path.resolve(project.root, rel));
    }
  }
  const dir = path.dirname(site.path);
  roots.push(project.root);
  if (dir !== project.root && dir.startsWith(project.root + path.sep)) roots.push(dir);
  roots.push(path.join(project.root, 'src'));
  return [...new Set(roots)];
}

interface Resolved {
  entry?: string;
  asScript: boolean;
  /** Modules loaded by name besides the entry (package `__init__`, Django settings). */
  extra: string[];
  roots: string[];
}

function resolveCommand(
  project: Project,
  c: ShellCommand,
  site: { path: string; kind?: string },
  files: ReadonlySet<string>,
  read: Read,
  workdir: string | undefined,
  dockerfile: string | undefined,
): (Resolved & { tool: string; inv: NonNullable<ReturnType<typeof pythonInvocation>> }) | undefined {
  const inv = pythonInvocation(argvOf(c));
  if (!inv) return undefined;
  const roots = importRoots(project, site, inv.args, workdir);
  const out: Resolved = { asScript: false, extra: [], roots };
  const env = new Map<string, string>();
  for (const w of c.words) {
    const m = /^([A-Za-z_]\w*)=(.*)$/.exec(w.text);
    if (m && (!c.programWord || w.start < c.programWord.start)) env.set(m[1], m[2]);
  }
  if (inv.tool === 'python' || inv.tool === 'django') {
    if (inv.module) {
      const hit = moduleFile(inv.module, roots, files, true);
      out.entry = hit[0];
      out.extra.push(...hit.slice(1));
    } else if (inv.file) {
      out.entry = pathFile(inv.file, roots, files, workdir);
      // `python app/main.py` puts app/ first on sys.path: its siblings import by bare name.
      if (out.entry) roots.unshift(path.dirname(out.entry));
    }
    out.asScript = !!out.entry;
    if (inv.tool === 'django') {
      const flag = inv.args.map((a) => /^--settings=(.+)$/.exec(a)?.[1]).find(Boolean);
      const at = inv.args.indexOf('--settings');
      const fromFile = out.entry ? SETTINGS_DEFAULT.exec(read(out.entry) ?? '')?.[1] : undefined;
      const settings =
        flag ??
        (at >= 0 ? inv.args[at + 1] : undefined) ??
        env.get('DJANGO_SETTINGS_MODULE') ??
        dockerModuleVar(project, dockerfile, 'DJANGO_SETTINGS_MODULE') ??
        fromFile;
      if (settings) out.extra.push(...moduleFile(settings, roots, files));
    }
  } else if (APP_SERVERS.has(inv.tool)) {
    const specs = positionalArgs(inv.args, VALUE_FLAGS[inv.tool] ?? [])
      .map((a) => APP_SPEC.exec(a))
      .filter((m): m is RegExpExecArray => !!m && (!!m[2] || inv.tool === 'gunicorn'));
    if (specs.length !== 1) return { ...out, tool: inv.tool, inv };
    const hit = moduleFile(specs[0][1], roots, files);
    out.entry = hit[0];
    // Django's wsgi.py names its settings module: the process loads it.
    const settings =
      env.get('DJANGO_SETTINGS_MODULE') ??
      dockerModuleVar(project, dockerfile, 'DJANGO_SETTINGS_MODULE') ??
      (out.entry ? SETTINGS_DEFAULT.exec(read(out.entry) ?? '')?.[1] : undefined);
    if (settings) out.extra.push(...moduleFile(settings, roots, files));
  } else if (inv.tool === 'fastapi' || inv.tool === 'flask') {
    // `fastapi run app/main.py`; `flask --app pkg:create_app run`, FLASK_APP: the app module is imported.
    const sub = pySubcommands(inv);
    const spec =
      inv.tool === 'fastapi'
        ? sub.slice(1).find((a) => a.endsWith('.py') || (APP_SPEC.test(a) && a.includes('.')))
        : (appFlag(inv.args, ['--app']) ?? env.get('FLASK_APP') ?? dockerModuleVar(project, dockerfile, 'FLASK_APP'));
    if (spec?.endsWith('.py')) out.entry = pathFile(spec, roots, files, workdir);
    else if (spec) out.entry = moduleFile(APP_SPEC.exec(spec)?.[1] ?? '', roots, files)[0];
  } else if (inv.tool === 'celery') {
    const app = appFlag(inv.args, ['-A', '--app']);
    const module = app ? APP_SPEC.exec(app)?.[1] : undefined;
    if (module) {
      const hit = moduleFile(module, roots, files);
      out.entry = hit[0];
      // Celery imports `pkg.celery` when `pkg` itself holds no app.
      if (out.entry?.endsWith('__init__.py')) out.extra.push(...moduleFile(`${module}.celery`, roots, files));
    }
  } else if (inv.tool === 'dramatiq') {
    const mods = positionalArgs(inv.args, VALUE_FLAGS.dramatiq)
      .map((a) => APP_SPEC.exec(a)?.[1])
      .filter((m): m is string => !!m);
    const hits = mods.flatMap((m) => moduleFile(m, roots, files));
    out.entry = hits[0];
    out.extra.push(...hits.slice(1));
  }
  return { ...out, tool: inv.tool, inv };
}

function appFlag(args: readonly string[], flags: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (flags.includes(a)) return args[i + 1];
    for (const f of flags) if (f.startsWith('--') && a.startsWith(`${f}=`)) return a.slice(f.length + 1);
    if (a.startsWith('-A') && a.length > 2 && !a.startsWith('--')) return a.slice(2);
  }
  return undefined;
}

function typeOf(name: string | undefined, tool: string, args: readonly string[]): PyProcessType {
  if (name === 'web') return 'web';
  if (name && WORKER_NAME.test(name)) return 'worker';
  if (APP_SERVERS.has(tool) || tool === 'uwsgi') return 'web';
  const sub = pySubcommands({ tool, args: [...args] });
  if ((tool === 'flask' || tool === 'fastapi') && sub[0] === 'run') return 'web';
  if (tool === 'django' && /^(runserver|runserver_plus)$/.test(pySubcommands({ tool, args: [...args] })[0] ?? ''))
    return 'web';
  if (tool === 'celery' || tool === 'rq' || tool === 'rqworker' || tool === 'dramatiq' || /^huey/.test(tool))
    return 'worker';
  return 'other';
}

/**
 * The Python modules the project's own modules import as they load, resolved against `roots` (absolute imports) or
 * the importing file's package (relative ones), and the names a `from x import y` imports when `y` is a submodule.
 * Only imports written at the start of a line count: one inside a function (a CLI command's `from . import cron`)
 * runs only if that function is called.
 */
export function pyModuleReach(
  starts: readonly string[],
  roots: readonly string[],
  files: ReadonlySet<string>,
  factsOf: FactsOf,
  read: Read,
): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length && seen.size < 5000) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    let lines: string[] | undefined;
    for (const imp of factsOf(f)?.imports ?? []) {
      if (imp.typeOnly) continue;
      lines ??= (read(f) ?? '').split('\n');
      if (!/^(from|import)\b/.test(lines[imp.range.start.line] ?? '')) continue;
      for (const target of importTargets(f, imp.specifier, imp.names, roots, files))
        if (!seen.has(target)) queue.push(target);
    }
  }
  return seen;
}

function importTargets(
  from: string,
  spec: string,
  names: readonly string[] | undefined,
  roots: readonly string[],
  files: ReadonlySet<string>,
): string[] {
  const dots = /^\.*/.exec(spec)![0].length;
  const rest = spec.slice(dots);
  let bases: string[];
  if (dots) {
    let dir = path.dirname(from);
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
    bases = [dir];
  } else bases = [...roots];
  const out: string[] = [];
  for (const base of bases) {
    const parts = rest ? rest.split('.') : [];
    // Importing `a.b.c` runs a/__init__.py and a/b/__init__.py first.
    for (let i = 1; i <= parts.length; i++) {
      const hit = moduleFile(parts.slice(0, i).join('.'), [base], files);
      out.push(...hit);
    }
    const pkgDir = path.join(base, ...parts);
    if (!parts.length && files.has(path.join(pkgDir, '__init__.py'))) out.push(path.join(pkgDir, '__init__.py'));
    for (const n of names ?? []) {
      if (n === '*' || !/^[A-Za-z_]\w*$/.test(n)) continue;
      out.push(...moduleFile(n, [pkgDir], files));
    }
    if (out.length) break;
  }
  return out;
}

/**
 * The Python processes a project declares: Procfile entries (not `release`), the final image's CMD/ENTRYPOINT and
 * the shell scripts they run, the start scripts, and a config file's `processes`, each with the module it runs.
 */
export function pythonProcesses(project: Project, workspaceRoot: string, factsOf: FactsOf, read: Read): PyProcess[] {
  const files = pyFiles(project);
  if (!files.size) return [];
  const out: PyProcess[] = [];
  const sites: {
    site: CommandSite | { path: string; range: Range; label: string; command: string; kind: 'config' };
    name?: string;
  }[] = [];
  for (const c of project.configuredProcesses ?? []) {
    if (c.name === 'release' || PROCESS_NAME_DEV.test(c.name)) continue;
    sites.push({
      site: {
        path: c.file,
        range: c.range,
        label: `the configured '${c.name}' process`,
        command: c.command,
        kind: 'config',
      },
      name: c.name,
    });
  }
  for (const s of runtimeSites(project, workspaceRoot, read)) {
    if (s.kind === 'procfile' && PROCESS_NAME_DEV.test(s.key)) continue;
    if (s.kind === 'script' && !/^(start|start:prod|start:production)$/.test(s.key)) continue;
    sites.push({ site: s, name: s.kind === 'procfile' ? s.key : undefined });
  }
  for (const { site, name } of sites) {
    // A shell script's line runs in the image its Dockerfile builds: the one whose CMD or ENTRYPOINT runs it.
    const runBy = 'runBy' in site ? site.runBy : undefined;
    const dockerfile =
      site.kind === 'docker'
        ? site.path
        : site.kind === 'shell' && runBy
          ? project.dockerfiles.find((d) => runBy.startsWith(`the ${path.basename(d.path)} `))?.path
          : undefined;
    const workdir = dockerfile ? workdirOf(project, dockerfile) : undefined;
    const commands = site.kind === 'config' ? commandsOf(site.command) : siteCommands(site as CommandSite);
    for (const c of commands) {
      const r = resolveCommand(project, c, { path: dockerfile ?? site.path }, files, read, workdir, dockerfile);
      if (!r) continue;
      const starts = [r.entry, ...r.extra].filter((f): f is string => !!f);
      const entryRoots = r.entry && r.asScript ? [path.dirname(r.entry), ...r.roots] : r.roots;
      let type = typeOf(name, r.tool, r.inv.args);
      // `python -m app.main` whose module starts a server (its `__main__` block's `uvicorn.run`): a web process.
      if (type === 'other' && r.asScript && r.entry && startsServer(factsOf(r.entry))) type = 'web';
      out.push({
        file: site.path,
        range: site.range,
        label: site.label,
        type,
        tool: r.tool,
        entry: r.entry,
        asScript: r.asScript,
        reachable: pyModuleReach(starts, entryRoots, files, factsOf, read),
        dockerfile,
        binds: pythonServerBinds(argvOf(c))?.binds ?? [],
      });
    }
  }
  return out;
}

/** Python files by the dotted module they are (`app/db/init_db.py` → every suffix: `init_db`, `db.init_db`, …). */
export function pythonModules(files: string[], root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    const parts = toPosix(path.relative(root, file))
      .replace(/\.py$/, '')
      .replace(/\/__init__$/, '')
      .split('/');
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(i).join('.');
      (out.get(key) ?? out.set(key, []).get(key)!).push(file);
    }
  }
  return out;
}

/** The project file a module path names (`mealie.db.init_db`, `.db.init_db` from a file): one, or none when unsure. */
export function resolvePythonModule(module: string, from: string, byModule: Map<string, string[]>): string | undefined {
  const dots = /^\.*/.exec(module)![0].length;
  if (dots) {
    let dir = path.dirname(from);
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
    const rest = module.slice(dots).split('.').filter(Boolean);
    const base = path.join(dir, ...rest);
    for (const c of [`${base}.py`, path.join(base, '__init__.py')])
      if (byModule.get(rest[rest.length - 1] ?? '')?.includes(c)) return c;
    return undefined;
  }
  const hits = byModule.get(module) ?? [];
  return hits.length === 1 ? hits[0] : undefined;
}
