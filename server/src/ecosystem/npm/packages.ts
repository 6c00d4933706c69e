// Import specifiers → package names, and which ones never need declaring.
import { builtinModules } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import type { Project } from '../../core/model';
import { matchesPathPattern } from './tsconfig';

// `bun` is the Bun runtime's own module, as `bun:test` is.
const BUILTINS = new Set([...builtinModules.flatMap((m) => [m, m.split('/')[0]]), 'bun']);

/** `@scope/pkg/sub` → `@scope/pkg`; `lodash/fp` → `lodash`; relative, absolute and URL specifiers → undefined. */
export function packageName(specifier: string): string | undefined {
  if (!specifier || isLocalSpecifier(specifier)) return undefined;
  // node:fs, bun:test, virtual:pwa, data:, https://… are not packages.
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@')
    ? parts.length < 2 || !parts[1]
      ? undefined
      : `${parts[0]}/${parts[1]}`
    : parts[0];
  // Only what npm accepts as a name: anything else is not a package, and must never reach a terminal command.
  return name && VALID_NAME.test(name) ? name : undefined;
}

const VALID_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9~][a-z0-9._~-]*$/i;

export function isBuiltin(name: string): boolean {
  return BUILTINS.has(name);
}

/** tsconfig `paths` and `baseUrl` folders, and conventional aliases (`@/`, `~/`). */
export function isPathAlias(specifier: string, project: Project): boolean {
  if (/^[~@]\//.test(specifier) || specifier.startsWith('~')) return true;
  for (let p: Project | undefined = project; p; p = p.parent) {
    const paths = p.tsPaths;
    if (!paths) continue;
    if (paths.patterns.some((pat) => matchesPathPattern(specifier, pat))) return true;
    if (paths.baseUrl) {
      const first = path.join(paths.baseUrl, specifier.split('/')[0]);
      if (['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'].some((ext) => exists(first + ext))) return true;
    }
  }
  return false;
}

function exists(p: string): boolean {
  try {
    fs.accessSync(p);
    return true;
  } catch {
    return false;
  }
}

/** A relative, absolute or subpath (`#db`) import: a module of this project, not a package. */
export function isLocalSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#');
}
