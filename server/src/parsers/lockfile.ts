// Reads resolved versions from npm, yarn, pnpm and bun lockfiles. Only what rules and fixes need.
import { dirname, relative, sep } from 'path';
import { parse as parseYaml } from 'yaml';
import type { Lockfile } from '../model/types';
import { lookupTable } from '../util/table';
import { cutTail } from '../util/linear';

export const LOCKFILE_NAMES: Record<string, Lockfile['kind']> = lookupTable({
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'yarn',
  'pnpm-lock.yaml': 'pnpm',
  'bun.lock': 'bun',
  'bun.lockb': 'bun',
});

/** Name → versions, each listed once. */
type Versions = Map<string, string[]>;

function addTo(versions: Versions, name: string, version: unknown): void {
  if (typeof version !== 'string' || !name) return;
  const list = versions.get(name) ?? [];
  if (!list.includes(version)) list.push(version);
  versions.set(name, list);
}

/**
 * What the lockfile resolves each workspace folder's own dependencies to, keyed by the folder relative to the
 * lockfile (`.` for its own folder). `versions` merges every folder and transitive copy, so a version another
 * member locks would hide a member's stale entry. Kept beside the Lockfile object, whose shape the model owns.
 */
const IMPORTERS = new WeakMap<Lockfile, (rel: string) => Versions | undefined>();

/**
 * The versions the lockfile resolves for the direct dependencies of the package in `dir`: its pnpm importer, or
 * (npm) its own `node_modules` entries over the hoisted ones. Undefined when the format does not tell or the
 * lockfile does not list that folder.
 */
export function importerVersions(lock: Lockfile, dir: string): Versions | undefined {
  const rel = relative(dirname(lock.path), dir).split(sep).join('/') || '.';
  return IMPORTERS.get(lock)?.(rel);
}

/** pnpm importer versions: `1.2.3`, `1.2.3(react@18.2.0)` (v6+), `1.2.3_react@18.2.0` (v5), `link:../x`. */
function pnpmVersion(v: unknown): string | undefined {
  const raw = typeof v === 'object' && v !== null ? (v as { version?: unknown }).version : v;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const s = cutTail(String(raw), '(');
  return /^\d/.test(s) ? cutTail(s, '_') : s;
}

/** An object's entries, or none for any other value: a lockfile is workspace input and may hold anything anywhere. */
function obj(v: unknown): Record<string, any> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : {};
}

export function parseLockfile(path: string, base: string, text: string): Lockfile {
  const kind = LOCKFILE_NAMES[base];
  const versions: Versions = new Map();
  const links = new Set<string>();
  const add = (name: string, version: unknown) => addTo(versions, name, version);
  let importers: ((rel: string) => Versions | undefined) | undefined;
  if (kind === 'npm') {
    const data = obj(JSON.parse(text));
    const packages = obj(data.packages);
    for (const [key, value] of Object.entries<any>(packages)) {
      const i = key.lastIndexOf('node_modules/');
      if (i < 0) continue;
      const name = key.slice(i + 'node_modules/'.length);
      // A workspace member is a link to its folder, whose own entry carries the version.
      if (value?.link && typeof value.resolved === 'string') {
        links.add(name);
        add(name, obj(packages[value.resolved]).version ?? '0.0.0');
      } else add(name, value?.version);
    }
    const byFolder = new Map<string, Versions | undefined>();
    importers = (rel) => {
      if (!byFolder.has(rel)) byFolder.set(rel, npmImporter(packages, rel));
      return byFolder.get(rel);
    };
    const walk = (deps: unknown) => {
      for (const [name, value] of Object.entries<any>(obj(deps))) {
        add(name, value?.version);
        walk(value?.dependencies);
      }
    };
    walk(data.dependencies); // lockfileVersion 1
  } else if (kind === 'yarn') {
    // Entries look like `"name@^1.0.0", name@~1.1:` followed by `  version "1.2.3"` (v1) or `  version: 1.2.3` (berry).
    let names: string[] = [];
    for (const line of text.split(/\r?\n/)) {
      if (/^\S/.test(line) && line.trimEnd().endsWith(':')) {
        names = line.replace(/:$/, '').split(',').map((s) => s.trim().replace(/^"|"$/g, '')).map((spec) => {
          const at = spec.lastIndexOf('@');
          return at > 0 ? spec.slice(0, at) : spec;
        });
      } else {
        const m = /^\s+version:?\s+"?([^"\s]+)"?/.exec(line);
        if (m) for (const n of names) add(n, m[1]);
      }
    }
  } else if (kind === 'pnpm') {
    const data = obj(parseYaml(text, { logLevel: 'error' }));
    const byImporter = new Map<string, Versions>();
    for (const [key, importer] of Object.entries<any>(data.importers === undefined ? { '.': data } : obj(data.importers))) {
      const own: Versions = new Map();
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        for (const [name, v] of Object.entries<any>(obj(importer?.[field]))) {
          const version = pnpmVersion(v);
          add(name, version);
          addTo(own, name, version);
        }
      }
      byImporter.set(key.replace(/^\.\/|\/$/g, '') || '.', own);
    }
    importers = (rel) => byImporter.get(rel);
    for (const key of Object.keys(obj(data.packages))) {
      const m = /^\/?((?:@[^/]+\/)?[^@/]+)[@/]([^(/]+)/.exec(key);
      if (m) add(m[1], m[2]);
    }
  } else if (kind === 'bun' && base === 'bun.lock') {
    // bun.lock is JSONC; "packages": { "name": ["name@1.2.3", ...] }
    const data = obj(JSON.parse(text.replace(/,(\s*[}\]])/g, '$1')));
    for (const [name, v] of Object.entries<any>(obj(data.packages))) {
      if (Array.isArray(v) && typeof v[0] === 'string') add(name, v[0].slice(v[0].lastIndexOf('@') + 1));
    }
  }
  const lock: Lockfile = { path, kind, versions, links };
  if (importers) IMPORTERS.set(lock, importers);
  return lock;
}

/**
 * npm (lockfileVersion 2+): the root is `""`, a workspace member its folder. Node resolves a member's dependency
 * from its own node_modules first, then the hoisted copy at the top.
 */
function npmImporter(packages: Record<string, any>, rel: string): Versions | undefined {
  const prefix = rel === '.' ? '' : `${rel}/`;
  if (!Object.prototype.hasOwnProperty.call(packages, rel === '.' ? '' : rel)) return undefined;
  const out: Versions = new Map();
  const direct = (base: string) => {
    for (const [key, value] of Object.entries<any>(packages)) {
      if (!key.startsWith(`${base}node_modules/`)) continue;
      const name = key.slice(base.length + 'node_modules/'.length);
      if (name.includes('/node_modules/') || (name.includes('/') && !name.startsWith('@'))) continue;
      const version = value?.link && typeof value.resolved === 'string' ? obj(packages[value.resolved]).version ?? '0.0.0' : value?.version;
      if (typeof version === 'string') out.set(name, [version]);
    }
  };
  direct('');
  if (prefix) direct(prefix);
  return out;
}
