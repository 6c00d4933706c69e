// Python lockfiles as one neutral model (normalised name → versions): uv.lock, poetry.lock and pdm.lock (TOML,
// `[[package]]` name and version, read with smol-toml), Pipfile.lock (JSON `default`/`develop`, jsonc-parser, which
// reads past errors), and compiled requirements (pip-compile, `uv pip compile`: see requirements.ts).
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { lookupTable } from '../../util/table';
import { LineIndex } from '../../util/text';
import { normalizeDistName } from './names';
import type { RequirementsFile } from './requirements';
import { parseTomlData, tableEntries } from './toml';
import type { PyProblem } from './types';

export type PyLockKind = 'uv' | 'poetry' | 'pdm' | 'pipenv' | 'compiled-requirements';

export const PY_LOCKFILE_NAMES: Readonly<Record<string, PyLockKind>> = lookupTable({
  'uv.lock': 'uv',
  'poetry.lock': 'poetry',
  'pdm.lock': 'pdm',
  'Pipfile.lock': 'pipenv',
});

export interface PyLock {
  kind: PyLockKind;
  /** Normalised name → the versions locked (several when markers split them). */
  versions: Map<string, string[]>;
  /** Packages built from the project's own folders: uv's editable, virtual and directory sources, Poetry's directory. */
  local: Set<string>;
  /** Pipfile.lock: packages only in `develop`. */
  devOnly?: Set<string>;
  /**
   * uv, Poetry and PDM: normalised name → the packages it requires, its extras' included (an over-approximation: what
   * may be installed with it), its development groups not.
   */
  requires?: Map<string, string[]>;
  problems: PyProblem[];
}

function add(lock: PyLock, name: unknown, version: unknown): void {
  if (typeof name !== 'string' || !name) return;
  const n = normalizeDistName(name);
  const list = lock.versions.get(n) ?? [];
  if (typeof version === 'string' && !list.includes(version)) list.push(version);
  lock.versions.set(n, list);
}

const obj = (v: unknown) => Object.fromEntries(tableEntries(v));

/** The lockfile named `base` (`uv.lock`, …), or undefined for another name. Never throws on bad content. */
export function parsePyLockfile(base: string, text: string): PyLock | undefined {
  const kind = PY_LOCKFILE_NAMES[base];
  if (!kind) return undefined;
  if (kind === 'pipenv') return pipfileLock(text);
  const { data, problems } = parseTomlData(text);
  const lock: PyLock = { kind, versions: new Map(), local: new Set(), problems };
  const packages = data.package;
  if (!Array.isArray(packages)) {
    if (packages !== undefined || !problems.length)
      problems.push({
        message: 'No `[[package]]` entries: nothing is locked.',
        range: new LineIndex(text).range(0, 0),
      });
    return lock;
  }
  lock.requires = new Map();
  for (const p of packages) {
    const pkg = obj(p);
    add(lock, pkg.name, pkg.version);
    if (typeof pkg.name === 'string') lock.requires.set(normalizeDistName(pkg.name), requiredNames(pkg));
    const source = obj(pkg.source);
    const local =
      kind === 'uv'
        ? 'editable' in source || 'virtual' in source || 'directory' in source
        : kind === 'poetry' && source.type === 'directory';
    if (local && typeof pkg.name === 'string') lock.local.add(normalizeDistName(pkg.name));
  }
  return lock;
}

/** The names a lock's package entry requires: uv's `{ name = … }` arrays, Poetry's tables, PDM's PEP 508 strings. */
function requiredNames(pkg: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const take = (v: unknown) => {
    if (Array.isArray(v))
      for (const e of v) {
        const name = typeof e === 'string' ? /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(e)?.[1] : obj(e).name;
        if (typeof name === 'string') out.add(normalizeDistName(name));
      }
    else for (const [name] of tableEntries(v)) out.add(normalizeDistName(name));
  };
  take(pkg.dependencies);
  // Extras: tables of lists. Not uv's `dev-dependencies` (a local package's groups, not installed with it).
  for (const key of ['optional-dependencies', 'extras']) for (const [, list] of tableEntries(pkg[key])) take(list);
  return [...out];
}

/** Everything `roots` may install, through a lock's `requires` graph (the roots included). */
export function reachableInLock(requires: ReadonlyMap<string, string[]>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const n = todo.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of requires.get(n) ?? []) if (!seen.has(m)) todo.push(m);
  }
  return seen;
}

function pipfileLock(text: string): PyLock {
  const errors: ParseError[] = [];
  const lines = new LineIndex(text);
  let parsed: unknown;
  let tooDeep = false;
  try {
    parsed = parseJsonc(text, errors, { allowTrailingComma: true });
  } catch {
    // jsonc-parser recurses per nesting level: thousands of `{` overflow the stack. No lockfile nests that deep.
    tooDeep = true;
  }
  const data = obj(parsed);
  const problems: PyProblem[] = tooDeep
    ? [{ message: 'Nested too deep to read: nothing in this file is read.', range: lines.range(0, 0) }]
    : errors.slice(0, 5).map((e) => ({
        message: `JSON syntax error (${printParseErrorCode(e.error)}).`,
        range: lines.range(e.offset, e.offset + e.length),
      }));
  const lock: PyLock = { kind: 'pipenv', versions: new Map(), local: new Set(), devOnly: new Set(), problems };
  const main = new Set<string>();
  for (const section of ['default', 'develop']) {
    for (const [name, entry] of tableEntries(data[section])) {
      const e = obj(entry);
      // `"version": "==2.31.0"`; a VCS or path entry has none.
      const version = typeof e.version === 'string' ? e.version.replace(/^===?/, '') : undefined;
      add(lock, name, version);
      const n = normalizeDistName(name);
      if (section === 'default') main.add(n);
      else if (!main.has(n)) lock.devOnly!.add(n);
      if (typeof e.path === 'string' || e.editable === true) lock.local.add(n);
    }
  }
  return lock;
}

/**
 * A compiled requirements file (pip-compile, `uv pip compile`) as a lock; undefined when the file is not one (see
 * `RequirementsFile.compiled`).
 */
export function lockFromRequirements(file: RequirementsFile): PyLock | undefined {
  if (!file.compiled) return undefined;
  const lock: PyLock = { kind: 'compiled-requirements', versions: new Map(), local: new Set(), problems: [] };
  for (const r of file.requirements) {
    const eq = r.pep440?.match(/^===?(.+)$/);
    add(lock, r.name, eq?.[1]);
    if (r.kind === 'path') lock.local.add(r.normalized);
  }
  return lock;
}
