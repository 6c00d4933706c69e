// The Python side of the workspace model: which folders are Python projects (a pyproject.toml, Pipfile, setup.py or
// requirements file), and each one's manifests, declared dependencies, lock and Python version statements, read as
// data by ecosystem/python. setup.py is a program: it marks a project root and is never read.
import * as path from 'path';
import type { Logger } from '../core/types';
import type { Project, PythonDependency, PythonProject, PythonVersionStatement, WorkspaceFile } from '../core/model';
import { isExamplePath, isTestPath, sourceLanguage } from '../core/paths';
import { normalizeDistName } from '../ecosystem/python/names';
import { parsePyProject } from '../ecosystem/python/pyproject';
import { parsePipfile } from '../ecosystem/python/pipfile';
import { parseSetupCfg } from '../ecosystem/python/setupCfg';
import {
  parseRequirements,
  requirementsScope,
  resolveRequirements,
  viaDeclaration,
} from '../ecosystem/python/requirements';
import { lockFromRequirements, parsePyLockfile, type PyLock } from '../ecosystem/python/locks';
import { dockerPythonImages, pythonVersionFile, runtimeTxt } from '../ecosystem/python/pythonVersion';
import { safeErrorMessage } from '../util/redact';
import { isDevImage } from '../platform/docker';

type Reader = (p: string) => string | undefined;

/** The model's view of a parsed lock; `unreadable` when it problems left nothing read. */
function lockOf(file: string, l: PyLock): NonNullable<PythonProject['lock']> {
  const out: NonNullable<PythonProject['lock']> = {
    path: file,
    kind: l.kind,
    names: new Set(l.versions.keys()),
    versions: l.versions,
  };
  if (l.requires) out.requires = l.requires;
  if (l.devOnly) out.devOnly = l.devOnly;
  if (!l.versions.size && l.problems.length) out.unreadable = l.problems[0].message;
  return out;
}

/** Files whose folder is a Python project's root. */
const ROOT_MARKERS = new Set(['pyproject.toml', 'Pipfile', 'setup.py', 'requirements.txt']);

/**
 * The folders that are Python project roots: one holding a pyproject.toml, Pipfile, setup.py or requirements.txt, or a
 * `requirements/` folder. Not inside tests, examples or docs (a `docs/requirements.txt` builds the docs).
 */
export function pythonRoots(files: readonly WorkspaceFile[], root: string): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const base = path.basename(f.path);
    let dir: string | undefined;
    if (ROOT_MARKERS.has(base)) dir = path.dirname(f.path);
    else if (f.kind === 'python-manifest' && path.basename(path.dirname(f.path)) === 'requirements')
      dir = path.dirname(path.dirname(f.path));
    if (!dir) continue;
    const rel = path.relative(root, dir).split(path.sep).join('/');
    if (rel && (isTestPath(`${rel}/`) || isExamplePath(`${rel}/`))) continue;
    out.add(dir);
  }
  return [...out];
}

/** A project's root-level requirements files: `requirements*.txt`/`.in` and `requirements/*` (dev ones included). */
function requirementsFiles(project: Project): string[] {
  return project.files
    .filter((f) => f.kind === 'python-manifest' && /\.(txt|in)$/i.test(f.path))
    .filter((f) => {
      const dir = path.dirname(f.path);
      return dir === project.root || (path.basename(dir) === 'requirements' && path.dirname(dir) === project.root);
    })
    .map((f) => f.path)
    .sort();
}

/** Fills `project.python` from its files (nothing when it has no Python manifest, source or version file). */
export function fillPython(project: Project, read: Reader, logger: Logger): void {
  const atRoot = (f: WorkspaceFile) => path.dirname(f.path) === project.root;
  const sources = project.files
    .filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py')
    .map((f) => f.path);
  const manifests: PythonProject['manifests'] = [];
  const dependencies: PythonDependency[] = [];
  const versions: PythonVersionStatement[] = [];
  const localNames = new Set<string>();
  let lock: PythonProject['lock'];
  // setup.py is a program: what it installs is unknown.
  let dependenciesUnknown = project.files.some((f) => atRoot(f) && path.basename(f.path) === 'setup.py');
  const tryRead = (f: string, fn: (text: string) => void) => {
    const text = read(f);
    if (text === undefined) return;
    try {
      fn(text);
    } catch (e) {
      // The readers never throw on bad input; an exception here is a bug in one, logged as such.
      logger.error(`Skipped ${path.relative(project.root, f)}: its reader failed: ${safeErrorMessage(e)}`);
    }
  };
  for (const f of project.files) {
    if (!atRoot(f)) continue;
    const base = path.basename(f.path);
    if (base === 'pyproject.toml')
      tryRead(f.path, (t) => {
        const m = parsePyProject(t);
        manifests.push({ path: f.path, kind: 'pyproject' });
        for (const d of m.dependencies) dependencies.push({ ...d, file: f.path });
        if (m.name) localNames.add(normalizeDistName(m.name.value));
        for (const c of m.pythonConstraints) versions.push({ ...c, file: f.path });
        if (m.dynamic.includes('dependencies') && !m.dependencyFiles.length) dependenciesUnknown = true;
      });
    else if (base === 'Pipfile')
      tryRead(f.path, (t) => {
        const m = parsePipfile(t);
        manifests.push({ path: f.path, kind: 'pipfile' });
        for (const d of m.dependencies) dependencies.push({ ...d, file: f.path });
        if (m.python) versions.push({ ...m.python, file: f.path });
      });
    else if (base === 'setup.cfg')
      tryRead(f.path, (t) => {
        const m = parseSetupCfg(t);
        if (!m.dependencies.length && !m.name && !m.python) return; // tool settings only (flake8, isort)
        manifests.push({ path: f.path, kind: 'setup-cfg' });
        for (const d of m.dependencies) dependencies.push({ ...d, file: f.path });
        if (m.name) localNames.add(normalizeDistName(m.name.value));
        if (m.python) versions.push({ ...m.python, file: f.path });
      });
    else if (f.kind === 'python-lock')
      tryRead(f.path, (t) => {
        const l = parsePyLockfile(base, t);
        if (l && !lock) {
          lock = lockOf(f.path, l);
          if (lock.unreadable)
            logger.warn(
              `Read nothing from ${path.relative(project.root, f.path)}: ${lock.unreadable} It is not compared with the manifests.`,
            );
        }
        for (const n of l?.local ?? []) localNames.add(n);
      });
    else if (base === '.python-version')
      tryRead(f.path, (t) => {
        for (const c of pythonVersionFile(t)) versions.push({ ...c, file: f.path });
      });
    else if (base === 'runtime.txt')
      tryRead(f.path, (t) => {
        const c = runtimeTxt(t);
        if (c) versions.push({ ...c, file: f.path });
      });
  }
  // `requirements.in` is the declaration; the `requirements.txt` pip-compile made from it is its lock.
  const all = requirementsFiles(project);
  const reqs = all.filter((f) => !(/\.txt$/i.test(f) && all.includes(f.replace(/\.txt$/i, '.in'))));
  for (const f of all.filter((x) => !reqs.includes(x)))
    tryRead(f, (t) => {
      // Meant as the lock even when a line was added to it by hand (that line is the unpinned one, not the file).
      const parsed = parseRequirements(t);
      const names = new Set(parsed.requirements.map((r) => r.normalized));
      const versions = new Map<string, string[]>();
      for (const r of parsed.requirements) {
        const eq = r.pinned ? /^===?([^,;\s]+)$/.exec(r.pep440 ?? '')?.[1] : undefined;
        versions.set(r.normalized, eq ? [eq] : []);
      }
      if (!lock) lock = { path: f, kind: 'compiled-requirements', names, versions };
    });
  for (const file of reqs) {
    const r = resolveRequirements(file, read);
    for (const [p, parsed] of r.files) {
      if (!manifests.some((m) => m.path === p)) manifests.push({ path: p, kind: 'requirements' });
      // A pip-compile / `uv pip compile` output is a lock.
      if (!lock) {
        const l = lockFromRequirements(parsed);
        if (l) lock = lockOf(p, l);
      }
      for (const u of parsed.unnamed) if (/^\.\/?$|^\.\[/.test(u.text.replace(/^-e\s+/, ''))) localNames.add('.');
    }
    for (const d of r.requirements) {
      // A compiled file's transitive pin (`# via celery`) is locked, not declared.
      if (r.files.get(d.file)?.compiledShape && viaDeclaration(d, localNames) === false) continue;
      if (!dependencies.some((x) => x.file === d.file && x.range.start.line === d.range.start.line))
        dependencies.push(d);
    }
    // A production requirements file that pins everything it installs, includes too, with `==` is a lock of its own.
    const installs = r.requirements.filter((d) => d.kind === 'registry');
    if (!lock && requirementsScope(file) === 'main' && installs.length && installs.every((d) => d.pinned))
      lock = { path: file, kind: 'pinned-requirements', names: new Set(installs.map((d) => d.normalized)) };
  }
  for (const df of project.dockerfiles.filter((d) => !isDevImage(d)))
    for (const img of dockerPythonImages(df.instructions)) if (img.final) versions.push({ ...img, file: df.path });
  if (!manifests.length && !sources.length && !versions.length) return;
  project.python = { manifests, dependencies, localNames, lock, versions, sources, dependenciesUnknown };
}
