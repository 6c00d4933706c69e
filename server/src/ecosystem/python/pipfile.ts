// Pipfile (pipenv): `[packages]`, `[dev-packages]` and custom categories, `[requires]` python_version /
// python_full_version, `[[source]]` indexes. TOML with positions, as pyproject.toml.
import type { Range } from '../../util/types';
import { normalizeDistName } from './names';
import { scanName } from './pep508';
import { declaredConstraint, type PythonConstraint } from './pythonVersion';
import { getPath, parseTomlManifest, tableEntries } from './toml';
import type { DepKind, DepScope, PyDependency, PyProblem } from './types';
import { pipenvToPep440 } from './versions';

export interface PipfileModel {
  dependencies: PyDependency[];
  /** `[requires] python_full_version`, else `python_version`. */
  python?: PythonConstraint;
  /** `[[source]]` entries (the package indexes). */
  sources: { name?: string; url: string; range: Range }[];
  problems: PyProblem[];
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Top-level tables that are not package categories. */
const NOT_CATEGORIES = new Set(['source', 'requires', 'scripts', 'pipenv']);

/** Reads a Pipfile. Never throws. */
export function parsePipfile(text: string): PipfileModel {
  const doc = parseTomlManifest(text);
  const model: PipfileModel = { dependencies: [], sources: [], problems: doc.problems };
  for (const [category, table] of tableEntries(doc.data)) {
    if (NOT_CATEGORIES.has(category)) continue;
    const entries = tableEntries(table);
    // pipenv installs [packages] by default; [dev-packages] with --dev; other categories only when asked for.
    const scope: DepScope = category === 'packages' ? 'main' : 'dev';
    for (const [name, value] of entries) {
      const path = [category, name];
      const entry = doc.entryRange(path) ?? ZERO;
      const nameRange = doc.keyRange(path) ?? entry;
      if (scanName(name, 0) !== name.length) {
        model.problems.push({ message: `\`${name}\` is not a package name: it is skipped.`, range: nameRange });
        continue;
      }
      const t = typeof value === 'string' ? { version: value } : Object.fromEntries(tableEntries(value));
      if (!Object.keys(t).length) {
        model.problems.push({ message: `\`${name}\` should be a version or a table: it is skipped.`, range: entry });
        continue;
      }
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const version = str(t.version) ?? (Object.keys(t).some((k) => ['git', 'path', 'file'].includes(k)) ? '' : '*');
      let kind: DepKind = 'registry';
      let url: string | undefined;
      if (str(t.git)) [kind, url] = ['vcs', str(t.git)];
      else if (str(t.path)) [kind, url] = ['path', str(t.path)];
      else if (str(t.file)) [kind, url] = [/^[a-z][a-z0-9+.-]*:\/\//i.test(str(t.file)!) ? 'url' : 'path', str(t.file)];
      const pep440 = kind === 'registry' ? pipenvToPep440(version) : '';
      const ref = str(t.ref);
      const pinned =
        kind === 'registry'
          ? !!pep440 && /^(?:===[^,]+|==[^,*]+)$/.test(pep440)
          : kind === 'vcs' && !!ref && /^[0-9a-f]{40}$/i.test(ref);
      const dep: PyDependency = {
        name,
        normalized: normalizeDistName(name),
        specifier: version.trim(),
        pinned,
        extras: Array.isArray(t.extras) ? t.extras.filter((e): e is string => typeof e === 'string') : [],
        kind,
        scope,
        group: category,
        source: category,
        range: entry,
        nameRange,
      };
      if (pep440 !== undefined) dep.pep440 = pep440;
      else
        model.problems.push({ message: `Unreadable version for \`${name}\`.`, range: doc.valueRange(path) ?? entry });
      if (str(t.markers)) dep.markers = str(t.markers);
      if (url !== undefined) dep.url = url;
      if (t.editable === true) dep.editable = true;
      model.dependencies.push(dep);
    }
  }
  for (const key of ['python_full_version', 'python_version']) {
    const v = getPath(doc.data, ['requires', key]);
    if (typeof v === 'string') {
      model.python = declaredConstraint('pipfile', v, doc.valueRange(['requires', key]) ?? ZERO);
      break;
    }
  }
  const sources = getPath(doc.data, ['source']);
  if (Array.isArray(sources))
    sources.forEach((s, i) => {
      const t = Object.fromEntries(tableEntries(s));
      if (typeof t.url !== 'string') return;
      const src: PipfileModel['sources'][number] = { url: t.url, range: doc.entryRange(['source', i]) ?? ZERO };
      if (typeof t.name === 'string') src.name = t.name;
      model.sources.push(src);
    });
  return model;
}
