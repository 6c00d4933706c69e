// Path aliases from tsconfig/jsconfig, so `@/lib/db` is not mistaken for a package. `extends` is followed by
// get-tsconfig (relative files, packages in node_modules, arrays, `${configDir}`), reading only through the guarded
// reader, and only inside the workspace folder.
import * as fs from 'fs';
import { parseTsconfig } from 'get-tsconfig';
import { parse, type ParseError } from 'jsonc-parser';
import * as path from 'path';
import type { TsPaths } from '../../core/model';
import { isRealPathInside } from '../../util/safeRead';

/** Guarded reads: text of a regular file within its size limit, or undefined. */
export type TsconfigReader = (p: string) => string | undefined;

/**
 * The `paths` patterns and `baseUrl` of a tsconfig, `extends` followed when `read` and `root` are given. A chain
 * that cannot be followed (a file outside `root`, unreadable, circular, malformed) falls back to the file alone.
 */
export function parseTsPaths(file: string, text: string, read?: TsconfigReader, root?: string): TsPaths | undefined {
  const errors: ParseError[] = [];
  const data = parse(text, errors, { allowTrailingComma: true });
  let opts: unknown = data?.compilerOptions;
  if (data && typeof data === 'object' && data.extends !== undefined && read && root !== undefined) {
    try {
      opts = parseTsconfig(file, guardedFs(root, read, file, text) as Map<string, string>).compilerOptions; // typed as strings; holds fs results
    } catch {
      // Keep the file's own options: what could be read before the chain broke.
    }
  }
  if (!opts || typeof opts !== 'object') return undefined;
  const o = opts as { paths?: unknown; baseUrl?: unknown };
  const patterns = o.paths && typeof o.paths === 'object' ? Object.keys(o.paths) : [];
  const baseUrl = typeof o.baseUrl === 'string' ? path.resolve(path.dirname(file), o.baseUrl) : undefined;
  if (!patterns.length && !baseUrl) return undefined;
  return { patterns, baseUrl };
}

/**
 * get-tsconfig takes no file system, but sends every fs call through its cache (`<fsFunction>:<args>` keys, read
 * with `get` first): a cache that answers those keys itself is its file system. Paths outside `root` (or linking
 * out of it) do not exist; files are read by `read`; an fs call this does not know throws, so a get-tsconfig
 * that starts making other calls fails closed (the file's own options are kept) instead of reading the disk.
 */
function guardedFs(root: string, read: TsconfigReader, file: string, text: string): Map<string, unknown> {
  const top = path.resolve(root);
  const under = (abs: string) => abs === top || abs.startsWith(top.endsWith(path.sep) ? top : top + path.sep);
  /** A folder (node_modules/<package>) from disk; a file from `read`, so an unsaved buffer counts and nothing else is read. */
  const kind = (p: string): 'dir' | 'file' | undefined => {
    const abs = path.resolve(p);
    if (!under(abs)) return undefined;
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) return isRealPathInside(top, abs) ? 'dir' : undefined;
    if (abs === file) return 'file';
    return read(abs) !== undefined ? 'file' : undefined;
  };
  const missing = (p: string) =>
    Object.assign(new Error(`ENOENT: no such file or directory, '${p}'`), { code: 'ENOENT' });
  const answer = (key: string): unknown => {
    const colon = key.indexOf(':');
    const fn = key.slice(0, colon);
    const arg = key.slice(colon + 1);
    switch (fn) {
      case 'existsSync':
        return kind(arg) !== undefined;
      case 'statSync': {
        const k = kind(arg);
        if (!k) throw missing(arg);
        return { isFile: () => k === 'file', isDirectory: () => k === 'dir' };
      }
      case 'realpathSync':
        // Only asked of a package folder; `kind` checked its real location is inside.
        if (kind(arg) !== 'dir') throw missing(arg);
        return path.resolve(arg);
      case 'readFileSync': {
        const p = path.resolve(arg.replace(/:utf-?8$/i, ''));
        if (p === file) return text;
        const t = under(p) ? read(p) : undefined;
        if (t === undefined) throw missing(p);
        return t;
      }
      default:
        throw new Error(`get-tsconfig asked for ${fn}, which the guarded reader does not provide`);
    }
  };
  return new (class extends Map<string, unknown> {
    get(key: string): unknown {
      if (super.has(key) || !/^[a-zA-Z]+Sync:/.test(key)) return super.get(key);
      const value = answer(key);
      super.set(key, value);
      return value;
    }
  })();
}

/** TypeScript's own `paths` rule (one `*`, matched by prefix and suffix): not a path glob, so not picomatch. */
export function matchesPathPattern(specifier: string, pattern: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return specifier === pattern;
  return specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
}
