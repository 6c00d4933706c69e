// The process model of a project: which processes it runs (Procfile entries, Dockerfile commands, package.json
// `start`/worker/migrate scripts, `main`, `bin`), the source file each starts from, its type (web, worker, release,
// other), and the module graph: every source file each process loads. Pure over the project and the files' facts.
import * as path from 'path';
import type { Range } from '../core/types';
import type { SourceFacts } from '../core/facts';
import type { Dockerfile, DockerInstruction, FileKind, Project, Workspace } from '../core/model';
import { memoized, memoKey } from '../util/memo';
import { isExamplePath, isTestPath, sourceLanguage } from '../core/paths';
import { isRuntimeScriptName, isToolingPath, isToolingScriptName, toolingScriptFiles } from '../detect/sourceRole';
import { isAppProject, isUndeployedLibrary } from '../detect/deployable';
import { calledImports, startsServer, startsWorker } from '../facts/processGraph';
import { finalStageChain, isDevDockerfile } from '../platform/docker';
import { argvOf, commandsOf, isMigrationScriptName, programTarget, scriptRunOf } from '../platform/command';
import { shellQuote } from '../platform/shell';
import { packageName } from '../ecosystem/npm/packages';
import { matchesPathPattern } from '../ecosystem/npm/tsconfig';
import { jsonRange } from '../ecosystem/npm/packageJson';
import { toPosix } from '../util/text';
import type { ShellCommand } from '../platform/shell';

export type ProcessType = 'web' | 'worker' | 'release' | 'other';
export type FactsOf = (path: string) => SourceFacts | undefined;

/** Where a command (and so a process) is declared. */
export interface CommandOrigin {
  kind: 'config' | 'procfile' | 'script' | 'docker' | 'main' | 'bin' | 'inferred';
  /** The config file, Procfile, package.json, Dockerfile, or (inferred) the source file. */
  file: string;
  range: Range;
  /** Process type (config file, Procfile), script name, Dockerfile keyword or bin name. */
  name?: string;
}

export interface ProcessInfo {
  type: ProcessType;
  /** Absolute path of the source file the process starts from. */
  entry: string;
  /** The command line that starts it, as written. */
  command: string;
  origin: CommandOrigin;
  /** Every declaration that starts this entry (a Procfile `web:` and the `start` script it runs, …). */
  origins: CommandOrigin[];
  /** Source files the entry loads, itself included. */
  reachable: Set<string>;
  /** Files run earlier in the same command line (`node dist/migrate.js && node dist/server.js`). */
  setup: string[];
  /** Some local imports (path aliases) could not be followed, so `reachable` is a lower bound. */
  incomplete: boolean;
}

/** One simple command as it runs, after following `npm run …` into package.json scripts. */
export interface CommandStep {
  command: ShellCommand;
  argv: string[];
  /** The package.json script whose text holds this command; undefined for the declaring line itself. */
  script?: string;
  /** The text the command's offsets are into. */
  line: string;
  /** `npm run x`: the scripts it runs (which appear as their own steps after this one). */
  runs?: string[];
  /** The source file it runs, resolved. */
  entry?: string;
  /** Whether it runs a JS/TS file (resolved or not), so a later step is the app, not this one. */
  runsFile: boolean;
}

const SOURCE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** Build output folders compiled from src/: `dist/server.js` → `src/server.ts` when dist isn't there. */
const OUT_DIRS = new Set(['dist', 'build', 'out', 'lib', '.build', 'compiled', 'output', 'target', 'built']);
// ---------------------------------------------------------------------------------------------------------------
// Files and entry points

class SourceSet {
  private readonly set: Set<string>;
  constructor(project: Project, workspace?: Workspace) {
    this.set = new Set(project.sources);
    if (workspace)
      for (const f of workspace.files.values())
        if (f.kind === 'source' && sourceLanguage(f.path) === 'js') this.set.add(f.path);
  }
  has(p: string): boolean {
    return this.set.has(p);
  }
  /** `x`, `x.ts` for `x.js`, `x/index.ts`, … the first that is a known source file. */
  resolve(abs: string): string | undefined {
    if (this.set.has(abs)) return abs;
    const ext = path.extname(abs);
    const stem = SOURCE_EXTS.includes(ext) ? abs.slice(0, -ext.length) : abs;
    // TS ESM imports name the output file: `./db.js` is `./db.ts`; `.mjs` is `.mts`, `.cjs` is `.cts`.
    const exts = ext === '.mjs' ? ['.mts', '.mjs'] : ext === '.cjs' ? ['.cts', '.cjs'] : SOURCE_EXTS;
    for (const e of exts) if (this.set.has(stem + e)) return stem + e;
    if (!SOURCE_EXTS.includes(ext))
      for (const e of SOURCE_EXTS) if (this.set.has(path.join(abs, 'index' + e))) return path.join(abs, 'index' + e);
    return undefined;
  }
}

/** The source file a path in a command names: itself, or the `src/` file a `dist/` path is compiled from. */
export function sourceForPath(
  project: Project,
  file: string,
  sources: SourceSet,
  cwd = project.root,
): string | undefined {
  const abs = path.resolve(cwd, file);
  const direct = sources.resolve(abs);
  if (direct) return direct;
  const rel = toPosix(path.relative(project.root, abs));
  if (rel.startsWith('..')) return undefined;
  const [first, ...rest] = rel.split('/');
  if (!OUT_DIRS.has(first) || !rest.length) return undefined;
  const inner = rest.join('/');
  for (const base of inner.startsWith('src/') ? [inner] : [`src/${inner}`, inner]) {
    const hit = sources.resolve(path.join(project.root, base));
    if (hit) return hit;
  }
  return undefined;
}

function mainEntry(project: Project, sources: SourceSet): string | undefined {
  const main = project.pkg?.data.main;
  return sourceForPath(project, typeof main === 'string' && main ? main : 'index.js', sources);
}

/**
 * Follows a command line through package.json scripts (`npm start`, `yarn migrate`, `run-s a b`, npm's
 * `pre<script>`) and `sh -c` bodies, in the order the commands run.
 */
export function commandSteps(
  project: Project,
  line: string,
  opts: { sources?: SourceSet; cwd?: string; workspace?: Workspace } = {},
): CommandStep[] {
  const sources = opts.sources ?? new SourceSet(project, opts.workspace);
  const scripts = project.pkg?.scripts ?? {};
  const out: CommandStep[] = [];
  const visit = (text: string, script: string | undefined, stack: string[]) => {
    for (const c of commandsOf(text)) {
      const argv = argvOf(c);
      const run = scriptRunOf(argv, scripts);
      if (run) {
        out.push({ command: c, argv, script, line: text, runs: run.names, runsFile: false });
        for (const name of run.names) {
          if (stack.includes(name) || stack.length > 8) continue;
          const body = scripts[name];
          if (typeof body !== 'string') {
            // `npm start` without a start script runs `node server.js`.
            if (name === 'start' && run.tool === 'npm') visit('node server.js', script, [...stack, name]);
            continue;
          }
          const pre = scripts[`pre${name}`];
          if (
            (run.tool === 'npm' || run.tool === 'yarn' || run.tool === 'run-s' || run.tool === 'run-p') &&
            typeof pre === 'string'
          )
            visit(pre, `pre${name}`, [...stack, name]);
          visit(body, name, [...stack, name]);
        }
        continue;
      }
      const target = programTarget(argv);
      if (target?.nested) {
        visit(target.nested, script, stack);
        continue;
      }
      let entry: string | undefined;
      if (target?.file) entry = sourceForPath(project, target.file, sources, opts.cwd ?? project.root);
      else if (target?.usesMain) entry = mainEntry(project, sources);
      out.push({ command: c, argv, script, line: text, entry, runsFile: !!target });
    }
  };
  visit(line, undefined, []);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Dockerfiles

export interface DockerCommand {
  /** The instruction the process is declared by (CMD, or ENTRYPOINT when there is no CMD). */
  instruction: DockerInstruction;
  cmd?: DockerInstruction;
  entrypoint?: DockerInstruction;
  /** The command line the container runs, exec-form words quoted for a shell. */
  line: string;
  /** Absolute WORKDIR, for commands naming `/app/dist/server.js`. */
  workdir?: string;
}

/** The command the final stage runs (CMD/ENTRYPOINT, inherited from the stages it builds on). */
export function dockerCommand(df: Dockerfile): DockerCommand | undefined {
  let cmd: DockerInstruction | undefined;
  let entrypoint: DockerInstruction | undefined;
  let workdir: string | undefined;
  for (const stage of finalStageChain(df)) {
    for (const ins of stage.instructions) {
      if (ins.keyword === 'CMD') cmd = ins;
      else if (ins.keyword === 'ENTRYPOINT') {
        entrypoint = ins;
        cmd = undefined;
      } // ENTRYPOINT resets an inherited CMD
      else if (ins.keyword === 'WORKDIR')
        workdir = ins.args.startsWith('/')
          ? path.posix.resolve(ins.args)
          : path.posix.resolve(workdir ?? '/', ins.args);
    }
  }
  if (!cmd && !entrypoint) return undefined;
  const words = (ins: DockerInstruction) => (ins.exec ? ins.exec.map(shellQuote).join(' ') : ins.args);
  let line: string;
  if (entrypoint && !entrypoint.exec)
    line = entrypoint.args; // shell-form ENTRYPOINT ignores CMD
  else if (entrypoint)
    line = `${words(entrypoint)}${cmd ? ' ' + (cmd.exec ? words(cmd) : `/bin/sh -c ${shellQuote(cmd.args)}`) : ''}`;
  else line = words(cmd!);
  return { instruction: cmd ?? entrypoint!, cmd, entrypoint, line, workdir };
}

// ---------------------------------------------------------------------------------------------------------------
// Module graph

export class ModuleGraph {
  private readonly deps = new Map<string, { files: string[]; unresolved: boolean }>();
  constructor(
    private readonly project: Project,
    private readonly factsOf: FactsOf,
    readonly sources: SourceSet,
    private readonly workspace?: Workspace,
  ) {}

  /** Local files a file imports (type-only imports excluded: they don't run). */
  edges(file: string): { files: string[]; unresolved: boolean } {
    let d = this.deps.get(file);
    if (d) return d;
    d = { files: [], unresolved: false };
    this.deps.set(file, d);
    for (const imp of this.factsOf(file)?.imports ?? []) {
      if (imp.typeOnly) continue;
      const r = this.resolve(file, imp.specifier);
      if (r === null) d.unresolved = true;
      else if (r) d.files.push(r);
    }
    return d;
  }

  /** The file a specifier names; undefined for a package; null for a local-looking path that did not resolve. */
  resolve(from: string, spec: string): string | undefined | null {
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const abs = path.resolve(path.dirname(from), spec);
      return (
        this.sources.resolve(abs) ??
        (/\.(json|node|css|scss|svg|png|html|graphql|gql|txt|md|wasm)$/.test(spec) ? undefined : null)
      );
    }
    if (spec.startsWith('#')) return this.subpathImport(spec);
    const name = packageName(spec);
    const member = name && this.workspace?.projects.find((p) => p.pkg?.name === name && p !== this.project);
    if (member) {
      const sub = spec.slice(name!.length + 1);
      return (
        (sub
          ? sourceForPath(member, sub, this.sources)
          : (mainEntry(member, this.sources) ?? sourceForPath(member, 'src/index.js', this.sources))) ?? null
      );
    }
    for (let p: Project | undefined = this.project; p; p = p.parent) {
      const paths = p.tsPaths;
      if (paths?.baseUrl) {
        const hit = this.sources.resolve(path.join(paths.baseUrl, spec));
        if (hit) return hit;
      }
      if (paths?.patterns.some((pat) => matchesPathPattern(spec, pat))) return null;
    }
    if (/^[~@]\//.test(spec)) return null;
    return undefined;
  }

  /** package.json `imports`: `#db` → `./src/db.js`, `#lib/*` → `./src/lib/*.js`. */
  private subpathImport(spec: string): string | null {
    const map = this.project.pkg?.data.imports;
    if (!map || typeof map !== 'object') return null;
    const pick = (v: unknown): string | undefined => {
      if (typeof v === 'string') return v;
      if (v && typeof v === 'object')
        for (const k of ['node', 'import', 'require', 'default']) {
          const s = pick((v as Record<string, unknown>)[k]);
          if (s) return s;
        }
      return undefined;
    };
    for (const [key, value] of Object.entries(map)) {
      const target = pick(value);
      if (!target) continue;
      const star = key.indexOf('*');
      let file: string | undefined;
      if (star < 0 && key === spec) file = target;
      else if (star >= 0 && spec.startsWith(key.slice(0, star)) && spec.endsWith(key.slice(star + 1)))
        file = target.replace('*', spec.slice(star, spec.length - (key.length - star - 1)));
      if (file) return sourceForPath(this.project, file, this.sources) ?? null;
    }
    return null;
  }

  /** Every file reachable from the entries, and whether an import could not be followed. */
  reach(entries: string[]): { files: Set<string>; incomplete: boolean } {
    const files = new Set<string>();
    let incomplete = false;
    const queue = [...entries];
    while (queue.length) {
      const f = queue.pop()!;
      if (files.has(f)) continue;
      files.add(f);
      const d = this.edges(f);
      if (d.unresolved) incomplete = true;
      for (const n of d.files) if (!files.has(n)) queue.push(n);
    }
    return { files, incomplete };
  }

  /** Files that import `file` (non-test importers only when `skipTests`). */
  importersIndex(files: Iterable<string>, skip: (f: string) => boolean): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const f of files) {
      if (skip(f)) continue;
      for (const to of this.edges(f).files) {
        const list = out.get(to);
        if (list) list.push(f);
        else out.set(to, [f]);
      }
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

const WORKER_NAME =
  /(^|[:_-])(worker|workers|jobs?|queue|consumer|clock|cron|scheduler|sidekiq|background|bg)([:_-]|$)/i;
const DEV_SCRIPT = /(^|:)(dev|develop|watch|debug|test|tests|e2e|build|lint|storybook|local)(:|$)/i;
const ORIGIN_RANK: Record<CommandOrigin['kind'], number> = {
  config: -1,
  procfile: 0,
  docker: 1,
  script: 2,
  main: 3,
  bin: 4,
  inferred: 5,
};

interface Declared {
  origin: CommandOrigin;
  line: string;
  type?: ProcessType;
  cwd?: string;
}

function rel(project: Project, p: string): string {
  return toPosix(path.relative(project.root, p));
}

/** The commands a project declares for its processes, with the type the declaration itself says (if any). */
function declaredCommands(project: Project): Declared[] {
  const out: Declared[] = [];
  const typeOf = (name: string): ProcessType =>
    name === 'web' ? 'web' : name === 'release' ? 'release' : WORKER_NAME.test(name) ? 'worker' : 'other';
  // The user's own word, for what the files don't say (a config file's `processes`): the most explicit of all.
  for (const c of project.configuredProcesses ?? [])
    out.push({
      origin: { kind: 'config', file: c.file, range: c.range, name: c.name },
      line: c.command,
      type: typeOf(c.name),
    });
  for (const e of project.procfile?.entries ?? []) {
    const type = typeOf(e.type);
    out.push({
      origin: { kind: 'procfile', file: project.procfile!.path, range: e.commandRange, name: e.type },
      line: e.command,
      type,
    });
  }
  for (const df of project.dockerfiles) {
    if (isDevDockerfile(df.rel)) continue;
    const dc = dockerCommand(df);
    if (!dc) continue;
    const type = WORKER_NAME.test(path.basename(df.path).replace(/^(Dockerfile|Containerfile)/i, ''))
      ? 'worker'
      : undefined;
    const cwd = dc.workdir;
    out.push({
      origin: { kind: 'docker', file: df.path, range: dc.instruction.range, name: dc.instruction.keyword },
      line: dc.line,
      type,
      cwd,
    });
  }
  const pkg = project.pkg;
  if (pkg) {
    for (const [name, body] of Object.entries(pkg.scripts)) {
      if (typeof body !== 'string' || (DEV_SCRIPT.test(name) && name !== 'start')) continue;
      let type: ProcessType | undefined;
      // An npm script named "release" publishes the package (semantic-release, np); the release phase is a Procfile entry.
      if (isMigrationScriptName(name)) type = 'release';
      else if (WORKER_NAME.test(name)) type = 'worker';
      else if (!(name === 'start' || name === 'serve' || /^start:/.test(name))) continue;
      const range = jsonRange(pkg, ['scripts', name]) ?? zero();
      out.push({ origin: { kind: 'script', file: pkg.path, range, name }, line: body, type });
    }
    // A library's or CLI's `main` is what others import, and `npm start` is not how anyone runs it.
    const library = isUndeployedLibrary(project);
    if (typeof pkg.scripts.start !== 'string' && !library) {
      // npm start without a start script runs server.js; Heroku runs npm start when there is no Procfile.
      out.push({
        origin: { kind: 'script', file: pkg.path, range: jsonRange(pkg, ['name']) ?? zero(), name: 'start' },
        line: 'node server.js',
      });
    }
    const main = pkg.data.main;
    if (typeof main === 'string' && main && !library && !isDesktopApp(project))
      out.push({
        origin: { kind: 'main', file: pkg.path, range: jsonRange(pkg, ['main']) ?? zero() },
        line: `node ${shellQuote(main)}`,
      });
    const bin = pkg.data.bin;
    const bins: [string, unknown][] =
      typeof bin === 'string' ? [[pkg.name ?? 'bin', bin]] : bin && typeof bin === 'object' ? Object.entries(bin) : [];
    for (const [name, file] of bins) {
      if (typeof file !== 'string') continue;
      const range = (typeof bin === 'string' ? jsonRange(pkg, ['bin']) : jsonRange(pkg, ['bin', name])) ?? zero();
      out.push({
        origin: { kind: 'bin', file: pkg.path, range, name },
        line: `node ${shellQuote(file)}`,
        type: 'other',
      });
    }
  }
  return out;
}

/** Electron apps and editor extensions: their `main` runs inside a desktop host, not as a deployed process. */
export function isDesktopApp(project: Project): boolean {
  const pkg = project.pkg;
  return !!pkg && (pkg.deps.has('electron') || !!pkg.data.engines?.vscode || pkg.deps.has('@tauri-apps/api'));
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function mapDockerPath(line: string, workdir: string | undefined): string {
  // `node /app/dist/server.js` with WORKDIR /app names the project's dist/server.js.
  if (!workdir || workdir === '/') return line;
  return line.split(workdir.endsWith('/') ? workdir : workdir + '/').join('');
}

interface Cached {
  result: ProcessInfo[];
  graph: ModuleGraph;
  examples: boolean;
  toolingOnly?: Set<string>;
}

/**
 * The process model of a project, in its engine-owned memo (util/memo.ts): the engine clears it when the project's
 * package.json, Dockerfiles, Procfile or any source's facts change, or rebuilds the project.
 */
const PROCESS_MODEL = memoKey<Cached>('processes');

/** The file kinds the process model reads (besides files it reads through the engine's reader, which are recorded). */
export const PROCESS_MODEL_INPUTS = [
  'package-json',
  'dockerfile',
  'procfile',
  'source',
] as const satisfies readonly FileKind[];

/**
 * More servers than this that nothing starts, each in a folder of its own, in a package that is not declared an app:
 * a collection of examples.
 */
const MAX_INFERRED = 2;

/** A package of demo servers that nothing starts (not private, no start script, Procfile or Dockerfile). */
export function isExamplesCollection(project: Project, factsOf: FactsOf, workspace?: Workspace): boolean {
  return compute(project, factsOf, workspace).examples;
}

/** The module graph of a project (shared with processesOf when its facts did not change). */
export function moduleGraphOf(project: Project, factsOf: FactsOf, workspace?: Workspace): ModuleGraph {
  return compute(project, factsOf, workspace).graph;
}

/**
 * The processes a project runs, each with its entry file, type and reachable files. Several declarations of one
 * entry (Procfile `web: npm start` and the start script) are one process, typed by the most explicit declaration.
 * When nothing declared starts a server, a file that starts one and that no other file imports is a web entry.
 */
export function processesOf(project: Project, factsOf: FactsOf, workspace?: Workspace): ProcessInfo[] {
  return compute(project, factsOf, workspace).result;
}

/** `factsOf` and `workspace` are the engine's for the project's workspace, the memo's scope. */
function compute(project: Project, factsOf: FactsOf, workspace?: Workspace): Cached {
  return memoized(project, PROCESS_MODEL, () => computeModel(project, factsOf, workspace));
}

function computeModel(project: Project, factsOf: FactsOf, workspace?: Workspace): Cached {
  const sources = new SourceSet(project, workspace);
  const graph = new ModuleGraph(project, factsOf, sources, workspace);
  const byEntry = new Map<string, ProcessInfo>();
  const ranked = new Map<string, number>();
  const untyped = new Set<string>();
  for (const d of declaredCommands(project)) {
    const line = d.origin.kind === 'docker' ? mapDockerPath(d.line, d.cwd) : d.line;
    const steps = commandSteps(project, line, { sources, workspace });
    const withEntry = steps.filter((s) => s.entry);
    const last = withEntry[withEntry.length - 1];
    if (!last?.entry) continue;
    const entry = last.entry;
    const setup = withEntry.slice(0, -1).map((s) => s.entry!);
    // The script that runs the entry can say what the process is: Procfile `worker: npm run worker`.
    const by = last.script;
    const type =
      d.type ?? (by && isMigrationScriptName(by) ? 'release' : by && WORKER_NAME.test(by) ? 'worker' : undefined);
    const prev = byEntry.get(entry);
    const rank = ORIGIN_RANK[d.origin.kind];
    if (prev) {
      prev.origins.push(d.origin);
      if (rank < ranked.get(entry)!) {
        ranked.set(entry, rank);
        prev.origin = d.origin;
        prev.command = d.line;
        if (type) {
          prev.type = type;
          untyped.delete(entry);
        }
      } else if (prev.type === 'other' && type && type !== 'other' && d.origin.kind !== 'bin') prev.type = type;
      for (const s of setup) if (!prev.setup.includes(s)) prev.setup.push(s);
      continue;
    }
    const { files, incomplete } = graph.reach([entry]);
    ranked.set(entry, rank);
    if (!type) untyped.add(entry);
    byEntry.set(entry, {
      type: type ?? 'other',
      entry,
      command: d.line,
      origin: d.origin,
      origins: [d.origin],
      reachable: files,
      setup,
      incomplete,
    });
  }
  // Untyped declarations (start, main, Docker CMD): a server makes them web, a consumer a worker.
  for (const p of byEntry.values()) {
    if (!untyped.has(p.entry) || p.type !== 'other') continue;
    const facts = [...p.reachable].map(factsOf);
    if (facts.some(startsServer)) p.type = 'web';
    else if (facts.some(startsWorker)) p.type = 'worker';
  }
  const result = [...byEntry.values()];
  // Guessing a web entry from the code is for apps whose declared processes start no server. A library's servers are
  // not deployed. More than two server files nothing imports mean the graph is unreliable (NodeBB's upgrade scripts)
  // or an examples collection (koajs/examples: twenty `app.js`): no guess then.
  let examples = false;
  if (
    !isUndeployedLibrary(project) &&
    !isDesktopApp(project) &&
    !result.some((p) => p.type === 'web' || [...p.reachable].some((f) => startsServer(factsOf(f))))
  ) {
    const inferred = inferredWeb(project, factsOf, graph);
    examples =
      inferred.length > MAX_INFERRED &&
      !isAppProject(project) &&
      new Set(inferred.map((p) => path.dirname(p.entry))).size === inferred.length;
    if (inferred.length <= MAX_INFERRED) result.push(...inferred);
  }
  return { result, graph, examples };
}

/** Files that start a server and that no (non-test) file imports: the web entries of a project that declares none. */
function inferredWeb(project: Project, factsOf: FactsOf, graph: ModuleGraph): ProcessInfo[] {
  const skip = (f: string) => {
    const r = rel(project, f);
    // Files under public/ or static/ are served to browsers (postiz's public/f.js), not run by Node.
    return isTestPath(r) || isExamplePath(r) || isToolingPath(r) || /(^|\/)(public|static|assets|www)\//.test(r);
  };
  const servers = project.sources.filter((f) => !skip(f) && startsServer(factsOf(f)));
  if (!servers.length) return [];
  const importers = graph.importersIndex(project.sources, skip);
  const roots = new Set<string>();
  for (const s of servers) {
    // Walk up to files nothing imports: `index.ts` that imports `server.ts` is the entry.
    const seen = new Set<string>();
    const queue = [s];
    while (queue.length) {
      const f = queue.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const up = importers.get(f) ?? [];
      if (!up.length) roots.add(f);
      queue.push(...up);
    }
  }
  return [...roots].map((entry) => {
    const { files, incomplete } = graph.reach([entry]);
    const origin: CommandOrigin = { kind: 'inferred', file: entry, range: zero() };
    return {
      type: 'web' as const,
      entry,
      command: `node ${rel(project, entry)}`,
      origin,
      origins: [origin],
      reachable: files,
      setup: [],
      incomplete,
    };
  });
}

/**
 * Source files that only developer tooling runs: reached from the files that build, test, lint or release scripts
 * run (`"release-final": "node extra/release/release.mjs"`) and from no process. Runtime rules leave them alone.
 */
export function toolingOnlyFiles(project: Project, factsOf: FactsOf, workspace?: Workspace): Set<string> {
  // Four rules ask per project run: kept with the process model, so it is computed once per change of facts.
  const cached = compute(project, factsOf, workspace);
  cached.toolingOnly ??= computeToolingOnly(project, cached);
  return cached.toolingOnly;
}

function computeToolingOnly(project: Project, { graph, result }: Cached): Set<string> {
  const scripts = project.pkg?.scripts ?? {};
  // Scripts a tooling script runs are tooling too: `"build": "npm run build-ts && npm run copy-static-assets"`.
  const viaTooling = new Set<string>();
  const queue = Object.keys(scripts).filter(isToolingScriptName);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const body = scripts[name];
    if (typeof body !== 'string') continue;
    for (const c of commandsOf(body)) {
      for (const next of scriptRunOf(argvOf(c), scripts)?.names ?? []) {
        if (viaTooling.has(next) || isRuntimeScriptName(next)) continue;
        viaTooling.add(next);
        queue.push(next);
      }
    }
  }
  const sources = new Set(project.sources);
  const run = [...toolingScriptFiles(scripts, project.root, viaTooling)].filter((f) => sources.has(f));
  if (!run.length) return new Set();
  const deployed = new Set<string>();
  for (const p of result) {
    for (const f of p.reachable) deployed.add(f);
    for (const f of p.setup) deployed.add(f);
  }
  return new Set([...graph.reach(run).files].filter((f) => !deployed.has(f)));
}

/**
 * Whether code at a site in `file` runs in a web process: the file is loaded by one, and the code runs on load,
 * or sits in the startup file, or a function leading to it is called from web code, or no other process loads it.
 */
export function runsInWeb(
  file: string,
  site: { onLoad: boolean; names: string[] },
  processes: ProcessInfo[],
  factsOf: FactsOf,
): boolean {
  const web = processes.filter((p) => p.type === 'web' && p.reachable.has(file));
  if (!web.length) return false;
  if (site.onLoad) return true;
  if (web.some((p) => p.entry === file) || startsServer(factsOf(file))) return true;
  if (site.names.length) {
    for (const p of web)
      for (const f of p.reachable) if (calledImports(factsOf(f)).some((n) => site.names.includes(n))) return true;
  }
  return !processes.some((p) => p.type !== 'web' && (p.reachable.has(file) || p.setup.includes(file)));
}

/**
 * A web process of another project of the workspace that loads `file` (a source of the workspace package `owner`,
 * `@acme/db`), for code that runs as the file loads. Which of the package's functions a web process calls is the
 * calling project's question: loading a shared package says nothing about it.
 */
export function webLoadingFromOtherProject(
  file: string,
  owner: Project,
  workspace: Workspace,
  factsOf: FactsOf,
): ProcessInfo | undefined {
  for (const other of workspace.projects) {
    if (other === owner || !other.pkg) continue;
    const p = processesOf(other, factsOf, workspace).find((x) => x.type === 'web' && x.reachable.has(file));
    if (p) return p;
  }
  return undefined;
}
