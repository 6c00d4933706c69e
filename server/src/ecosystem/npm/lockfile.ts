// Reads resolved versions from npm, yarn, pnpm and bun lockfiles. Only what rules and fixes need.
/* eslint-disable @typescript-eslint/no-explicit-any -- lockfiles are untyped workspace input: every value is read
   through obj() or String() and checked before use, which `any` keeps readable here. */
import { dirname, relative, sep } from 'path';
import { parseSyml } from '@yarnpkg/parsers';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import type { Lockfile } from '../../core/model';
import { lookupTable } from '../../util/table';
import { cutTail } from '../../util/linear';

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
 * The versions the lockfile resolves for the direct dependencies of the package in `dir`: its pnpm importer, or
 * (npm) its own `node_modules` entries over the hoisted ones. Undefined when the format does not tell or the
 * lockfile does not list that folder.
 */
export function importerVersions(lock: Lockfile, dir: string): Versions | undefined {
  const rel = relative(dirname(lock.path), dir).split(sep).join('/') || '.';
  return lock.importers?.(rel);
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

/** A yarn.lock's entries by key; unreadable text is a SyntaxError (the model skips the file and says so). */
function yarnEntries(text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseSyml(text);
  } catch (e) {
    // The PEG grammar (v1) and js-yaml (berry) throw their own error types.
    throw new SyntaxError(`not a readable yarn.lock: ${String((e as Error)?.message ?? e).split('\n')[0]}`, {
      cause: e,
    });
  }
  return obj(data);
}

/** The name a yarn descriptor installs under: `@scope/x@^1` → `@scope/x`, `foo@npm:bar@^1` → `foo`. */
export function yarnDescriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at > 0 ? descriptor.slice(0, at) : descriptor;
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
      if (value?.link === true) links.add(name);
      if (value?.link && typeof value.resolved === 'string')
        add(name, obj(packages[value.resolved]).version ?? '0.0.0');
      else add(name, value?.version);
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
    // Yarn's own reader: v1 (`"a@^1", a@~1.1:` then `version "1.2.3"`) and berry (YAML, `version: 1.2.3`). A key
    // lists descriptors; an alias `foo@npm:bar@^1` installs under `foo`, the name before the range.
    for (const [key, entry] of Object.entries<any>(yarnEntries(text))) {
      if (key === '__metadata') continue; // berry's header, not a package
      for (const descriptor of key.split(',')) {
        const d = descriptor.trim();
        const name = yarnDescriptorName(d);
        add(name, obj(entry).version);
        if (d.startsWith(`${name}@workspace:`)) links.add(name); // berry: a workspace member
      }
    }
  } else if (kind === 'pnpm') {
    const data = obj(parseYaml(text, { logLevel: 'error' }));
    const byImporter = new Map<string, Versions>();
    for (const [key, importer] of Object.entries<any>(
      data.importers === undefined ? { '.': data } : obj(data.importers),
    )) {
      const own: Versions = new Map();
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        for (const [name, v] of Object.entries<any>(obj(importer?.[field]))) {
          const version = pnpmVersion(v);
          if (version?.startsWith('link:')) links.add(name);
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
    // bun.lock is JSONC (trailing commas); "packages": { "name": ["name@1.2.3", ...] }
    const errors: ParseError[] = [];
    const data = obj(parseJsonc(text, errors, { allowTrailingComma: true }));
    if (errors.length) throw new SyntaxError(`${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}`);
    for (const [name, v] of Object.entries<any>(obj(data.packages))) {
      if (Array.isArray(v) && typeof v[0] === 'string') add(name, v[0].slice(v[0].lastIndexOf('@') + 1));
    }
  }
  return importers ? { path, kind, versions, links, importers } : { path, kind, versions, links };
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
      const version =
        value?.link && typeof value.resolved === 'string'
          ? (obj(packages[value.resolved]).version ?? '0.0.0')
          : value?.version;
      if (typeof version === 'string') out.set(name, [version]);
    }
  };
  direct('');
  if (prefix) direct(prefix);
  return out;
}
