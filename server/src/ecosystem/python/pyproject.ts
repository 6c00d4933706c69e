// pyproject.toml as a neutral model: PEP 621 `[project]` (name, requires-python, dependencies, optional-dependencies,
// scripts), PEP 735 `[dependency-groups]`, Poetry (`[tool.poetry]` dependencies with the `python` key, groups,
// legacy dev-dependencies, scripts), PDM (`[tool.pdm.dev-dependencies]`), Hatch environments' dependencies, uv
// (`[tool.uv] dev-dependencies`, `[tool.uv.sources]`), setuptools' dynamic dependency files and the build backend.
// Every dependency and script carries its range. A value of the wrong type is skipped with a problem, never thrown.
import type { Range } from '../../util/types';
import { normalizeDistName } from './names';
import { parseRequirementSpec, requirementFacts, scanName, withoutExtras } from './pep508';
import { declaredConstraint, type PythonConstraint } from './pythonVersion';
import { getPath, parseTomlManifest, tableEntries, type TomlDoc, type TomlPath } from './toml';
import type { DepKind, DepScope, PyDependency, PyProblem } from './types';
import { poetryPinned, poetryToPep440 } from './versions';

export interface PyScript {
  /** The command name (`[project.scripts] serve = "app.main:run"` → `serve`). */
  name: string;
  /** The object reference as written: `app.main:run`. */
  target: string;
  /** `app.main` */
  module: string;
  /** `run`; undefined when the target names only a module. */
  func?: string;
  source: string;
  range: Range;
}

/** A `[tool.uv.sources]` entry: where uv gets a dependency instead of the index. */
export interface UvSource {
  name: string;
  normalized: string;
  kind: 'git' | 'path' | 'url' | 'workspace' | 'index' | 'other';
  /** The URL, path or index name. */
  value?: string;
  range: Range;
}

export interface PyProjectModel {
  /** `[project] name`, else `[tool.poetry] name`. */
  name?: { value: string; range: Range };
  /** `[project] requires-python`, else Poetry's `python` dependency. */
  requiresPython?: PythonConstraint;
  /** Every Python version constraint the file states (both, when it has both). */
  pythonConstraints: PythonConstraint[];
  dependencies: PyDependency[];
  scripts: PyScript[];
  /** The `[tool.*]` tables present that manage dependencies: poetry, pdm, hatch, uv, setuptools, flit, … */
  tools: string[];
  buildBackend?: string;
  /** `[project] dynamic`: fields another tool fills in (`dependencies` from setup.py or a requirements file). */
  dynamic: string[];
  uvSources: UvSource[];
  /** `[tool.setuptools.dynamic]` files that hold the dependencies (`dependencies = { file = ["requirements.txt"] }`). */
  dependencyFiles: { path: string; optional?: string; range: Range }[];
  /** `[tool.uv.workspace]`: the member folders' globs (relative to this file) and the excluded ones. */
  uvWorkspace?: { members: string[]; exclude: string[] };
  problems: PyProblem[];
}

const TOOLS = ['poetry', 'pdm', 'hatch', 'uv', 'setuptools', 'flit', 'maturin', 'rye', 'pixi', 'scikit-build'];

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

class Reader {
  readonly problems: PyProblem[];
  readonly deps: PyDependency[] = [];
  constructor(readonly doc: TomlDoc) {
    this.problems = doc.problems;
  }

  get(path: TomlPath): unknown {
    return getPath(this.doc.data, path);
  }

  where(path: TomlPath): Range {
    return this.doc.valueRange(path) ?? ZERO;
  }

  /** A value of the wrong type: say so, at the value. */
  wrongType(path: TomlPath, expected: string): void {
    this.problems.push({
      message: `\`${path.join('.')}\` should be ${expected}: it is skipped.`,
      range: this.where(path),
    });
  }

  string(path: TomlPath): string | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    this.wrongType(path, 'a string');
    return undefined;
  }

  array(path: TomlPath): unknown[] | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v;
    this.wrongType(path, 'an array');
    return undefined;
  }

  table(path: TomlPath): [string, unknown][] | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) return tableEntries(v);
    this.wrongType(path, 'a table');
    return undefined;
  }

  /** The range of a part of a string value, when the literal maps to the value; else the whole literal's. */
  part(path: TomlPath, start: number, end: number): Range {
    const s = this.doc.stringStart(path);
    return s === undefined ? this.where(path) : this.doc.lines.range(s + start, s + end);
  }

  /** Each string of an array of PEP 508 strings (`-e` and bare URLs allowed, as PDM writes them). */
  pep508Array(path: TomlPath, scope: DepScope, group?: string, skipTables = false): void {
    const list = this.array(path);
    list?.forEach((item, i) => {
      const p = [...path, i];
      if (typeof item !== 'string') {
        // PEP 735 `{ include-group = "test" }`: not a requirement.
        if (!(skipTables && tableEntries(item).length)) this.wrongType(p, 'a requirement string');
        return;
      }
      this.pep508(p, item, scope, group);
    });
  }

  pep508(path: TomlPath, text: string, scope: DepScope, group?: string): void {
    const spec = parseRequirementSpec(text);
    if (spec.error)
      this.problems.push({
        message: `Unreadable requirement: ${spec.error.message}`,
        range: this.part(path, spec.error.start, spec.error.end),
      });
    const req = spec.requirement;
    if (!req) return;
    const facts = requirementFacts(req, !!spec.error);
    const dep: PyDependency = {
      name: req.name,
      normalized: facts.normalized,
      specifier: req.specifier,
      pinned: facts.pinned,
      extras: req.extras,
      kind: facts.kind,
      scope,
      source: sourceOf(path),
      range: this.where(path),
      nameRange: this.part(path, req.nameStart, req.nameEnd),
    };
    if (facts.pep440 !== undefined) dep.pep440 = facts.pep440;
    if (req.markers) dep.markers = req.markers;
    if (req.url) dep.url = req.url;
    if (spec.editable) dep.editable = true;
    if (group !== undefined) dep.group = group;
    this.deps.push(dep);
  }
}

/** `['tool', 'poetry', 'dependencies', 'x', 0]` → `tool.poetry.dependencies`: the table the entry sits in. */
function sourceOf(path: TomlPath): string {
  const names: string[] = [];
  for (const p of path) {
    if (typeof p === 'number') break;
    names.push(p);
  }
  return names.join('.');
}

/** `app.main:run [extra]` → module and function; undefined for an empty target. */
function entryPoint(target: string): { module: string; func?: string } | undefined {
  const t = withoutExtras(target).trim();
  if (!t) return undefined;
  const colon = t.indexOf(':');
  if (colon < 0) return { module: t };
  return { module: t.slice(0, colon).trim(), func: t.slice(colon + 1).trim() };
}

function readScripts(r: Reader, path: TomlPath, out: PyScript[]): void {
  for (const [name, value] of r.table(path) ?? []) {
    const p = [...path, name];
    let target: string | undefined;
    if (typeof value === 'string') target = value;
    else {
      // Poetry: `{ callable = "m:f" }` (2.x) or `{ reference = "m:f", type = "console" }`; `type = "file"` runs a file.
      const t = Object.fromEntries(tableEntries(value));
      const ref =
        typeof t.callable === 'string' ? t.callable : typeof t.reference === 'string' ? t.reference : undefined;
      if (ref !== undefined && (t.type === undefined || t.type === 'console')) target = ref;
      else if (ref === undefined) r.wrongType(p, 'an object reference (`module:function`)');
      if (target === undefined) continue;
    }
    const ep = entryPoint(target);
    if (!ep) {
      r.wrongType(p, 'an object reference (`module:function`)');
      continue;
    }
    const script: PyScript = {
      name,
      target: target.trim(),
      module: ep.module,
      source: sourceOf(path),
      range: r.doc.entryRange(p) ?? ZERO,
    };
    if (ep.func !== undefined) script.func = ep.func;
    out.push(script);
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A Poetry dependency: `"^1.2"`, `{ version = "^1.2", extras = […], optional = true, git = "…", develop = true }`. */
function poetryDependency(
  r: Reader,
  table: TomlPath,
  path: TomlPath,
  name: string,
  value: unknown,
  scope: DepScope,
  group?: string,
) {
  const nameRange = r.doc.keyRange(path.slice(0, typeof path[path.length - 1] === 'number' ? -1 : undefined));
  const entry = r.doc.entryRange(path) ?? ZERO;
  const base = {
    name,
    normalized: normalizeDistName(name),
    source: table.join('.'),
    range: entry,
    nameRange: nameRange ?? entry,
  };
  if (typeof value === 'string') {
    const pep = poetryToPep440(value);
    const dep: PyDependency = {
      ...base,
      specifier: value.trim(),
      pinned: poetryPinned(value),
      extras: [],
      kind: 'registry',
      scope,
    };
    if (pep?.length === 1) dep.pep440 = pep[0];
    if (group !== undefined) dep.group = group;
    r.deps.push(dep);
    return;
  }
  const t = Object.fromEntries(tableEntries(value));
  if (!Object.keys(t).length) {
    r.wrongType(path, 'a version string or a table');
    return;
  }
  const version = str(t.version) ?? '';
  let kind: DepKind = 'registry';
  let url: string | undefined;
  if (str(t.git)) [kind, url] = ['vcs', str(t.git)];
  else if (str(t.path)) [kind, url] = ['path', str(t.path)];
  else if (str(t.url)) [kind, url] = ['url', str(t.url)];
  else if (str(t.file)) [kind, url] = ['path', str(t.file)];
  const rev = str(t.rev);
  const pinned =
    kind === 'registry'
      ? poetryPinned(version)
      : kind === 'vcs'
        ? !!rev && /^[0-9a-f]{40}$/i.test(rev)
        : kind === 'url' && /\.(?:whl|tar\.gz|zip)$/i.test(url ?? '');
  const dep: PyDependency = {
    ...base,
    specifier: version.trim(),
    pinned,
    extras: Array.isArray(t.extras) ? t.extras.filter((e): e is string => typeof e === 'string') : [],
    kind,
    scope: t.optional === true && scope === 'main' ? 'optional' : scope,
  };
  const pep = kind === 'registry' ? poetryToPep440(version) : [''];
  if (pep?.length === 1) dep.pep440 = pep[0];
  if (str(t.markers)) dep.markers = str(t.markers);
  if (url !== undefined) dep.url = url;
  if (t.develop === true) dep.editable = true;
  if (group !== undefined) dep.group = group;
  r.deps.push(dep);
}

function poetryTable(r: Reader, path: TomlPath, scope: DepScope, group: string | undefined, py: PythonConstraint[]) {
  for (const [name, value] of r.table(path) ?? []) {
    const p = [...path, name];
    if (name.toLowerCase() === 'python') {
      if (typeof value === 'string' && scope === 'main')
        py.push(declaredConstraint('poetry', value, r.doc.valueRange(p) ?? ZERO));
      continue;
    }
    if (scanName(name, 0) !== name.length) {
      r.problems.push({
        message: `\`${name}\` is not a package name: it is skipped.`,
        range: r.doc.keyRange(p) ?? ZERO,
      });
      continue;
    }
    // Several constraints by marker: `foo = [{ version = "<2", python = "<3.8" }, { version = ">=2", … }]`.
    if (Array.isArray(value)) value.forEach((v, i) => poetryDependency(r, path, [...p, i], name, v, scope, group));
    else poetryDependency(r, path, p, name, value, scope, group);
  }
}

function uvSources(r: Reader): UvSource[] {
  const out: UvSource[] = [];
  const path = ['tool', 'uv', 'sources'];
  for (const [name, value] of r.table(path) ?? []) {
    const p = [...path, name];
    const first = Array.isArray(value) ? value[0] : value;
    const t = Object.fromEntries(tableEntries(first));
    const entry = (kind: UvSource['kind'], v?: unknown): UvSource => {
      const s: UvSource = { name, normalized: normalizeDistName(name), kind, range: r.doc.entryRange(p) ?? ZERO };
      if (typeof v === 'string') s.value = v;
      return s;
    };
    if (str(t.git)) out.push(entry('git', t.git));
    else if (str(t.path)) out.push(entry('path', t.path));
    else if (str(t.url)) out.push(entry('url', t.url));
    else if (t.workspace === true) out.push(entry('workspace'));
    else if (str(t.index)) out.push(entry('index', t.index));
    else if (Object.keys(t).length) out.push(entry('other'));
    else r.wrongType(p, 'a source table');
  }
  return out;
}

/** A dependency uv takes from git, a path or the workspace is not the index's: its kind and URL say so. */
function applyUvSources(deps: PyDependency[], sources: UvSource[]): void {
  const byName = new Map(sources.map((s) => [s.normalized, s]));
  for (const dep of deps) {
    const s = byName.get(dep.normalized);
    if (!s || dep.kind !== 'registry' || s.kind === 'index' || s.kind === 'other') continue;
    dep.kind = s.kind === 'git' ? 'vcs' : s.kind === 'url' ? 'url' : 'path';
    dep.pinned = false;
    if (s.value !== undefined) dep.url = s.value;
  }
}

function dynamicFiles(r: Reader): PyProjectModel['dependencyFiles'] {
  const out: PyProjectModel['dependencyFiles'] = [];
  const files = (path: TomlPath, optional?: string) => {
    const v = r.get([...path, 'file']);
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
    list.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const range = r.doc.valueRange(typeof v === 'string' ? [...path, 'file'] : [...path, 'file', i]) ?? ZERO;
      out.push(optional === undefined ? { path: f, range } : { path: f, optional, range });
    });
  };
  const dyn = ['tool', 'setuptools', 'dynamic'];
  if (r.get([...dyn, 'dependencies']) !== undefined) files([...dyn, 'dependencies']);
  for (const [extra] of tableEntries(r.get([...dyn, 'optional-dependencies'])))
    files([...dyn, 'optional-dependencies', extra], extra);
  return out;
}

/** Reads a pyproject.toml. Never throws: what it cannot read is in `problems`, with its range. */
export function parsePyProject(text: string): PyProjectModel {
  const r = new Reader(parseTomlManifest(text));
  const model: PyProjectModel = {
    pythonConstraints: [],
    dependencies: r.deps,
    scripts: [],
    tools: [],
    dynamic: [],
    uvSources: [],
    dependencyFiles: [],
    problems: r.problems,
  };
  const projectTable = r.get(['project']) !== undefined ? r.table(['project']) : undefined;
  if (projectTable) {
    const name = r.string(['project', 'name']);
    if (name !== undefined) model.name = { value: name, range: r.where(['project', 'name']) };
    const rp = r.string(['project', 'requires-python']);
    if (rp !== undefined)
      model.pythonConstraints.push(declaredConstraint('requires-python', rp, r.where(['project', 'requires-python'])));
    r.pep508Array(['project', 'dependencies'], 'main');
    for (const [extra] of r.table(['project', 'optional-dependencies']) ?? [])
      r.pep508Array(['project', 'optional-dependencies', extra], 'optional', extra);
    readScripts(r, ['project', 'scripts'], model.scripts);
    readScripts(r, ['project', 'gui-scripts'], model.scripts);
    model.dynamic = (r.array(['project', 'dynamic']) ?? []).filter((d): d is string => typeof d === 'string');
  }
  for (const [group] of r.table(['dependency-groups']) ?? [])
    r.pep508Array(['dependency-groups', group], 'dev', group, true);

  const tool = tableEntries(r.get(['tool']));
  model.tools = TOOLS.filter((t) => tool.some(([k]) => k === t));
  if (getPath(r.doc.data, ['tool', 'poetry']) !== undefined) {
    const poetryName = r.string(['tool', 'poetry', 'name']);
    if (poetryName !== undefined && !model.name)
      model.name = { value: poetryName, range: r.where(['tool', 'poetry', 'name']) };
    poetryTable(r, ['tool', 'poetry', 'dependencies'], 'main', undefined, model.pythonConstraints);
    poetryTable(r, ['tool', 'poetry', 'dev-dependencies'], 'dev', 'dev', model.pythonConstraints);
    for (const [group] of r.table(['tool', 'poetry', 'group']) ?? [])
      poetryTable(r, ['tool', 'poetry', 'group', group, 'dependencies'], 'dev', group, model.pythonConstraints);
    readScripts(r, ['tool', 'poetry', 'scripts'], model.scripts);
  }
  for (const [group] of r.table(['tool', 'pdm', 'dev-dependencies']) ?? [])
    r.pep508Array(['tool', 'pdm', 'dev-dependencies', group], 'dev', group);
  for (const [env] of tableEntries(r.get(['tool', 'hatch', 'envs']))) {
    for (const field of ['dependencies', 'extra-dependencies'])
      if (r.get(['tool', 'hatch', 'envs', env, field]) !== undefined)
        r.pep508Array(['tool', 'hatch', 'envs', env, field], 'dev', env);
  }
  if (r.get(['tool', 'uv', 'dev-dependencies']) !== undefined)
    r.pep508Array(['tool', 'uv', 'dev-dependencies'], 'dev', 'dev');
  const ws = r.get(['tool', 'uv', 'workspace']);
  if (ws !== undefined) {
    const globs = (key: string) =>
      (r.array(['tool', 'uv', 'workspace', key]) ?? []).filter((g) => typeof g === 'string');
    model.uvWorkspace = { members: globs('members'), exclude: globs('exclude') };
  }
  model.uvSources = uvSources(r);
  applyUvSources(model.dependencies, model.uvSources);
  model.dependencyFiles = dynamicFiles(r);
  const backend = getPath(r.doc.data, ['build-system', 'build-backend']);
  if (typeof backend === 'string') model.buildBackend = backend;
  const rp = model.pythonConstraints;
  const requiresPython = rp.find((c) => c.source === 'requires-python') ?? rp[0];
  if (requiresPython) model.requiresPython = requiresPython;
  return model;
}
