// The workspace model: files sorted by kind, grouped into projects (one per package.json).
import type { Node as JsonNode } from 'jsonc-parser';
import type { Range } from './types';
import type { GitIgnore } from '../util/gitignore';
import type { Memo } from '../util/memo';

export type FileKind =
  | 'source' // .js .jsx .ts .tsx .mjs .cjs .mts .cts, .py (core/paths.ts sourceLanguage tells which)
  | 'package-json'
  | 'lockfile'
  | 'env'
  | 'gitignore'
  | 'dockerfile'
  | 'procfile'
  | 'compose'
  | 'data' // other .json / .yml / .yaml that may hold config
  | 'tsconfig'
  | 'runtime-version' // .nvmrc .node-version .tool-versions
  | 'python-manifest' // pyproject.toml, Pipfile, setup.cfg, requirements files (`requirements*.txt`, `requirements/*.txt`, `*.in`)
  | 'python-lock' // uv.lock, poetry.lock, pdm.lock, Pipfile.lock
  | 'python-version' // .python-version, runtime.txt
  | 'other';

export interface WorkspaceFile {
  path: string;
  /** Relative to the workspace root, `/` separators. */
  rel: string;
  kind: FileKind;
  /** Ignored by .gitignore (such files are only kept when their kind matters, e.g. `.env`). */
  ignored: boolean;
  /** A .gitignore that applies could not be read: `ignored` may be wrong, so no "not ignored" claim is made. */
  ignoreUnknown?: boolean;
  size: number;
}

/** Why a file was not read. `unreadable` is a failure (the CLI exits 2); the others are choices. */
export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'not-a-file' | 'outside-workspace' | 'minified';

export interface SkippedFile {
  path: string;
  /** Relative to the workspace root, `/` separators. */
  rel: string;
  reason: SkipReason;
  message: string;
}

export type DepField = 'dependencies' | 'devDependencies' | 'peerDependencies' | 'optionalDependencies';
export const DEP_FIELDS: DepField[] = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

export interface DepInfo {
  name: string;
  range: string;
  field: DepField;
  keyRange: Range;
  valueRange: Range;
}

/**
 * The fields of a package.json rules read, validated: each is there only when it has the type shown (maps keep only
 * their string entries). Maps have no prototype, so a `constructor` or `__proto__` key is just a key.
 */
export interface PackageData {
  name?: string;
  version?: string;
  private?: boolean;
  main?: string;
  type?: string;
  bin?: string | Record<string, string>;
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  volta?: { node?: string };
  packageManager?: string;
  workspaces?: string[];
  /** Subpath imports (`#db`): targets are strings or condition objects, read with care. */
  imports?: Record<string, unknown>;
  /** Names of `systemDependencies` (a list of names, or an object's keys). */
  systemDependencies?: string[];
  /** Keys of `overrides`, `resolutions` and `pnpm.overrides`. */
  overrides?: string[];
  resolutions?: string[];
  pnpmOverrides?: string[];
  /** Which of `exports`, `types`, `typings`, `files`, `module`, `publishConfig`, `contributes` are there. */
  present?: Set<string>;
}

export interface PackageJson {
  path: string;
  text: string;
  data: PackageData;
  tree: JsonNode | undefined;
  name?: string;
  /** Dependencies with a string range (the first field wins for a package listed in two). */
  deps: Map<string, DepInfo>;
  /** Packages listed under a dependency field with a value that is not a string: declared, but with no range. */
  malformedDeps: Set<string>;
  scripts: Record<string, string>;
  /** Workspace globs (npm/yarn `workspaces`, or pnpm-workspace.yaml). */
  workspaces: string[];
  /** JSON paths of values left out of the typed view for their type (`scripts.build`, `packageManager`). */
  ignored: string[];
}

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
  keyRange: Range;
  valueRange: Range;
}

export interface EnvFile {
  path: string;
  rel: string;
  /** `.env.example`, `.env.sample`, `.env.template`, `.env.dist`: documentation of keys, not config. */
  isExample: boolean;
  ignored: boolean;
  /** See WorkspaceFile.ignoreUnknown. */
  ignoreUnknown?: boolean;
  entries: EnvEntry[];
}

export interface DockerInstruction {
  keyword: string; // upper-cased
  /** Raw arguments, continuation lines joined with a space. */
  args: string;
  /** Exec form (JSON array) arguments, when the instruction uses it. */
  exec?: string[];
  range: Range;
  /** Range of `args` when on the first line (for edits). */
  argsRange: Range;
  /** Here-documents of a RUN, COPY or ADD (`RUN <<EOF` … `EOF`), after the instruction's lines; not in `range`. */
  heredocs?: DockerHeredoc[];
  /** ENV and ARG: the variables set, in order (`ENV A=1 B="x y"`, legacy `ENV A x y`, `ARG NAME` without a value). */
  vars?: DockerVarDef[];
  /** FROM: the image (flags and `AS name` left out) and the stage name. */
  from?: { image: string; stage?: string };
}

export interface DockerVarDef {
  key: string;
  /** Unquoted, unescaped value; undefined for `ARG NAME` without a default. */
  value?: string;
  /** The value as written (quotes included), possibly over continuation lines. */
  valueRange?: Range;
}

export interface DockerHeredoc {
  /** The delimiter word (`EOF`), quotes removed. */
  name: string;
  /** The body lines joined with `\n`, as written (leading tabs kept for `<<-`). */
  body: string;
  /** The body's lines, without the delimiter line; empty (start = end) for an empty body. */
  range: Range;
}

export interface Dockerfile {
  path: string;
  rel: string;
  instructions: DockerInstruction[];
}

export interface ProcfileEntry {
  type: string;
  command: string;
  line: number;
  range: Range;
  commandRange: Range;
}
export interface Procfile {
  path: string;
  rel: string;
  entries: ProcfileEntry[];
}

export interface Lockfile {
  path: string;
  kind: 'npm' | 'yarn' | 'pnpm' | 'bun';
  /** Resolved versions per package name (top-level where the format tells). */
  versions: Map<string, string[]>;
  /** Packages the lockfile links to a workspace folder instead of installing from a registry. */
  links?: Set<string>;
  /**
   * What the lockfile resolves each workspace folder's own dependencies to, by the folder relative to the lockfile
   * (`.` for its own), where the format tells (pnpm importers, npm nested entries). `versions` merges every folder
   * and transitive copy, so a version another member locks would hide a member's stale entry. Read it through
   * importerVersions.
   */
  importers?: (rel: string) => Map<string, string[]> | undefined;
}

export interface TsPaths {
  /** `paths` patterns such as `@/*` or `~lib`. */
  patterns: string[];
  /** Absolute baseUrl when set. */
  baseUrl?: string;
}

/** A dependency a Python manifest declares (ecosystem/python's PyDependency fits it), with the file it is in. */
export interface PythonDependency {
  name: string;
  /** PEP 503 normalised: compare names with this. */
  normalized: string;
  specifier: string;
  pinned: boolean;
  scope: 'main' | 'optional' | 'dev';
  kind: 'registry' | 'url' | 'vcs' | 'path';
  file: string;
  range: Range;
  /** Where in the file (`project.dependencies`, `tool.poetry.group.dev.dependencies`, the requirements file's name). */
  source?: string;
  /** The extra or dependency group it belongs to. */
  group?: string;
  markers?: string;
  /** Compiled requirements: the `# via` entries. */
  via?: string[];
  /** The constraint in PEP 440 ('' for any; absent when it has none). */
  pep440?: string;
}

/** Where a Python project states its Python version (ecosystem/python's PythonConstraint), with the file. */
export interface PythonVersionStatement {
  source: string;
  text: string;
  /** PEP 440 alternatives; undefined when the text names no readable version. */
  anyOf?: string[];
  file: string;
  range: Range;
}

/** A Python project's lock, as model/python.ts read it. */
export interface PythonLock {
  path: string;
  kind: string;
  names: Set<string>;
  /** Normalised name → the versions locked. */
  versions?: Map<string, string[]>;
  /** uv, Poetry, PDM: what each package requires (ecosystem/python's PyLock.requires). */
  requires?: Map<string, string[]>;
  /** Pipfile.lock: packages only in `develop`. */
  devOnly?: Set<string>;
  /** Why nothing in it could be read (a syntax error, no entries): rules then compare nothing against it. */
  unreadable?: string;
}

/** A project's Python side: its manifests, what they declare, its lock, its version statements (model/python.ts). */
export interface PythonProject {
  manifests: { path: string; kind: 'pyproject' | 'pipfile' | 'setup-cfg' | 'requirements' }[];
  dependencies: PythonDependency[];
  /** Local packages the manifests name (the project itself: `[project] name`, `-e .`), normalised. */
  localNames: Set<string>;
  lock?: PythonLock;
  versions: PythonVersionStatement[];
  /** The project's Python source files. */
  sources: string[];
  /** Some dependencies are declared where they cannot be read as data (setup.py, `dynamic` without a file). */
  dependenciesUnknown: boolean;
}

/** A process a config file's `processes` declares (engine/config.ts): for when the model cannot infer it. */
export interface ConfiguredProcess {
  /** The process type, as a Procfile names it (`web`, `worker`, `release`, …). */
  name: string;
  command: string;
  /** The config file, and the command's string in it (quotes included). */
  file: string;
  range: Range;
}

export interface Project {
  /**
   * Directory holding the package.json, or a Python project's pyproject.toml, Pipfile, setup.py or requirements
   * (or the workspace root for files outside every project).
   */
  root: string;
  pkg?: PackageJson;
  /** The workspace-root project whose `workspaces` include this one (dependency hoisting). */
  parent?: Project;
  isWorkspaceRoot: boolean;
  /** Files whose nearest package.json is this project's. */
  files: WorkspaceFile[];
  /**
   * The JS/TS sources among `files`: what the rules read imports and env reads from (npm specifiers). Sources of other
   * languages (Python) are in `files` only, so no JS rule reads them.
   */
  sources: string[];
  lockfile?: Lockfile;
  envFiles: EnvFile[];
  dockerfiles: Dockerfile[];
  procfile?: Procfile;
  tsPaths?: TsPaths;
  /** Python manifests, lock and versions, when the project has any (model/python.ts). */
  python?: PythonProject;
  /** The processes the config file in the project's root folder declares (set by the engine). */
  configuredProcesses?: ConfiguredProcess[];
  /**
   * Values derived from the project that several rules share (the process model, start-up sites): made with the
   * project, cleared by the engine when an input of the project changes (util/memo.ts). Absent on hand-built projects.
   */
  memo?: Memo;
}

export interface Workspace {
  root: string;
  files: Map<string, WorkspaceFile>;
  projects: Project[];
  gitignore: GitIgnore;
  /** Directory of the enclosing git repository, if any. */
  gitRoot?: string;
  projectOf(path: string): Project | undefined;
}
