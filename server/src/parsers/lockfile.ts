// Reads resolved versions from npm, yarn, pnpm and bun lockfiles. Only what rules and fixes need.
import { parse as parseYaml } from 'yaml';
import type { Lockfile } from '../model/types';

export const LOCKFILE_NAMES: Record<string, Lockfile['kind']> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'yarn',
  'pnpm-lock.yaml': 'pnpm',
  'bun.lock': 'bun',
  'bun.lockb': 'bun',
};

export function parseLockfile(path: string, base: string, text: string): Lockfile {
  const kind = LOCKFILE_NAMES[base];
  const versions = new Map<string, string[]>();
  const links = new Set<string>();
  const add = (name: string, version: unknown) => {
    if (typeof version !== 'string' || !name) return;
    const list = versions.get(name) ?? [];
    if (!list.includes(version)) list.push(version);
    versions.set(name, list);
  };
  if (kind === 'npm') {
    const data = JSON.parse(text);
    const packages: Record<string, any> = data.packages ?? {};
    for (const [key, value] of Object.entries<any>(packages)) {
      const i = key.lastIndexOf('node_modules/');
      if (i < 0) continue;
      const name = key.slice(i + 'node_modules/'.length);
      // A workspace member is a link to its folder, whose own entry carries the version.
      if (value?.link && typeof value.resolved === 'string') {
        links.add(name);
        add(name, packages[value.resolved]?.version ?? '0.0.0');
      } else add(name, value?.version);
    }
    const walk = (deps: Record<string, any> | undefined) => {
      for (const [name, value] of Object.entries<any>(deps ?? {})) {
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
    const data = parseYaml(text) ?? {};
    for (const importer of Object.values<any>(data.importers ?? { '.': data })) {
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        for (const [name, v] of Object.entries<any>(importer?.[field] ?? {})) {
          add(name, String(typeof v === 'object' ? v?.version : v).replace(/\(.*$/, ''));
        }
      }
    }
    for (const key of Object.keys(data.packages ?? {})) {
      const m = /^\/?((?:@[^/]+\/)?[^@/]+)[@/]([^(/]+)/.exec(key);
      if (m) add(m[1], m[2]);
    }
  } else if (kind === 'bun' && base === 'bun.lock') {
    // bun.lock is JSONC; "packages": { "name": ["name@1.2.3", ...] }
    const data = JSON.parse(text.replace(/,(\s*[}\]])/g, '$1'));
    for (const [name, v] of Object.entries<any>(data.packages ?? {})) {
      if (Array.isArray(v) && typeof v[0] === 'string') add(name, v[0].slice(v[0].lastIndexOf('@') + 1));
    }
  }
  return { path, kind, versions, links };
}
