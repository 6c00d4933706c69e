// package.json with a syntax tree, so findings point at the right key and fixes keep formatting, and a typed view of
// the fields rules read. The view is validated: a value of the wrong type (`"scripts": { "build": 1 }`,
// `"packageManager": []`) is left out and named in `ignored`, so no rule ever meets one.
import { findNodeAtLocation, parseTree, type ParseError, type Node as JsonNode } from 'jsonc-parser';
import { DEP_FIELDS, type DepInfo, type PackageData, type PackageJson } from '../../core/model';
import { LineIndex } from '../../util/text';

export class JsonSyntaxError extends Error {}

/** Longest glob taken from `workspaces`: picomatch refuses longer ones, and no real layout needs more. */
const MAX_GLOB = 1024;

export function parsePackageJson(path: string, text: string): PackageJson {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!tree || errors.length > 0) {
    throw new JsonSyntaxError(`malformed JSON (${errors.length} error${errors.length === 1 ? '' : 's'})`);
  }
  if (tree.type !== 'object')
    throw new JsonSyntaxError(
      `not a package manifest: the top level is ${tree.type === 'array' ? 'an array' : `a ${tree.type}`}, not an object`,
    );
  const lines = new LineIndex(text);
  const ignored: string[] = [];
  const v = new View(tree, ignored);

  const data: PackageData = { scripts: v.stringMap(['scripts']) ?? empty() };
  const name = v.string(['name']);
  if (name !== undefined) data.name = name;
  const version = v.string(['version']);
  if (version !== undefined) data.version = version;
  const priv = v.boolean(['private']);
  if (priv !== undefined) data.private = priv;
  const main = v.string(['main']);
  if (main !== undefined) data.main = main;
  const type = v.string(['type']);
  if (type !== undefined) data.type = type;
  const bin = v.node(['bin'])?.type === 'string' ? v.string(['bin']) : v.stringMap(['bin']);
  if (bin !== undefined) data.bin = bin;
  const packageManager = v.string(['packageManager']);
  if (packageManager !== undefined) data.packageManager = packageManager;
  const engines = v.stringMap(['engines']);
  if (engines) data.engines = engines;
  if (v.object(['volta'])) {
    const node = v.string(['volta', 'node']);
    data.volta = node === undefined ? {} : { node };
  }
  const malformedDeps = new Set<string>();
  for (const field of DEP_FIELDS) {
    const map = v.stringMap([field], (key) => malformedDeps.add(key));
    if (map) data[field] = map;
  }
  const imports = v.object(['imports']);
  if (imports) data.imports = plain(imports) as Record<string, unknown>;
  const sys = v.node(['systemDependencies']);
  if (sys?.type === 'array') data.systemDependencies = v.stringList(['systemDependencies']);
  else if (sys?.type === 'object') data.systemDependencies = keysOf(sys);
  else if (sys) ignored.push('systemDependencies');
  for (const key of ['overrides', 'resolutions'] as const) {
    const obj = v.object([key]);
    if (obj) data[key] = keysOf(obj);
  }
  const pnpmOverrides = v.node(['pnpm'])?.type === 'object' ? v.object(['pnpm', 'overrides']) : undefined;
  if (pnpmOverrides) data.pnpmOverrides = keysOf(pnpmOverrides);
  // Only whether these are there matters (a library or an editor extension), whatever their type.
  data.present = new Set(
    ['exports', 'types', 'typings', 'files', 'module', 'publishConfig', 'contributes'].filter((k) => v.node([k])),
  );

  const deps = new Map<string, DepInfo>();
  for (const field of DEP_FIELDS) {
    const obj = findNodeAtLocation(tree, [field]);
    if (!obj || obj.type !== 'object') continue;
    for (const prop of obj.children ?? []) {
      const [k, val] = prop.children ?? [];
      if (!k || !val || typeof k.value !== 'string' || val.type !== 'string') continue;
      // The first field wins: dependencies over devDependencies when a package is in both.
      if (deps.has(k.value)) continue;
      deps.set(k.value, {
        name: k.value,
        range: val.value,
        field,
        keyRange: lines.range(k.offset, k.offset + k.length),
        valueRange: lines.range(val.offset, val.offset + val.length),
      });
    }
  }

  const wsNode = v.node(['workspaces']);
  let workspaces: string[] = [];
  if (wsNode?.type === 'array') workspaces = v.stringList(['workspaces']);
  else if (wsNode?.type === 'object')
    workspaces = v.node(['workspaces', 'packages']) ? v.stringList(['workspaces', 'packages']) : [];
  else if (wsNode) ignored.push('workspaces');
  workspaces = usableGlobs(workspaces, (g) => ignored.push(`workspaces "${shownPath([g])}"`));
  data.workspaces = workspaces;

  return { path, text, data, tree, name: data.name, deps, malformedDeps, scripts: data.scripts, workspaces, ignored };
}

/**
 * Workspace globs that can match something: strings, not empty once `!` and a trailing `/` are taken off (picomatch
 * throws on ""), of sane length.
 */
export function usableGlobs(globs: readonly unknown[], onDropped?: (glob: string) => void): string[] {
  const out: string[] = [];
  for (const g of globs) {
    if (typeof g !== 'string') continue;
    if (g.replace(/^!/, '').replace(/\/+$/, '').trim() && g.length <= MAX_GLOB) out.push(g);
    else onDropped?.(g);
  }
  return out;
}

/** One line for the output channel naming what the typed view left out, or undefined when nothing was. */
export function ignoredSummary(pkg: PackageJson, rel: string): string | undefined {
  if (!pkg.ignored.length) return undefined;
  const shown = pkg.ignored.slice(0, 3).join(', ') + (pkg.ignored.length > 3 ? ', …' : '');
  return `${rel}: ignored ${pkg.ignored.length} value(s) of the wrong type (${shown}).`;
}

/** Range of the value at a JSON path in a package.json, for findings. */
export function jsonRange(
  pkg: PackageJson,
  path: (string | number)[],
): { start: { line: number; character: number }; end: { line: number; character: number } } | undefined {
  if (!pkg.tree) return undefined;
  const node: JsonNode | undefined = findNodeAtLocation(pkg.tree, path);
  if (!node) return undefined;
  return new LineIndex(pkg.text).range(node.offset, node.offset + node.length);
}

/**
 * Whether a fix may set the string at `path` in `text` with jsonc-parser's `modify`: every container on the way that
 * exists is an object (an array for a numeric step), and the value there, if any, is a string. `modify` throws on
 * `"engines": "20"` when asked for `engines.node`, and a value of another type is the author's to fix, not ours to
 * overwrite: such a fix is not offered.
 */
export function canSetString(text: string, path: (string | number)[]): boolean {
  const tree = parseTree(text);
  if (!tree) return false;
  let node: JsonNode | undefined = tree;
  for (let i = 0; i < path.length; i++) {
    if (!node) return true; // missing from here on: modify creates it
    if (node.type !== (typeof path[i] === 'number' ? 'array' : 'object')) return false;
    node = findNodeAtLocation(tree, path.slice(0, i + 1));
  }
  return !node || node.type === 'string';
}

class View {
  constructor(
    private readonly tree: JsonNode,
    private readonly ignored: string[],
  ) {}

  node(path: string[]): JsonNode | undefined {
    return findNodeAtLocation(this.tree, path);
  }

  private wrong(path: string[]): undefined {
    this.ignored.push(shownPath(path));
    return undefined;
  }

  string(path: string[]): string | undefined {
    const n = this.node(path);
    if (!n) return undefined;
    return n.type === 'string' ? (n.value as string) : this.wrong(path);
  }

  boolean(path: string[]): boolean | undefined {
    const n = this.node(path);
    if (!n) return undefined;
    return n.type === 'boolean' ? (n.value as boolean) : this.wrong(path);
  }

  object(path: string[]): JsonNode | undefined {
    const n = this.node(path);
    if (!n) return undefined;
    return n.type === 'object' ? n : this.wrong(path);
  }

  /** An object's string-valued entries (the first of duplicate keys, as findNodeAtLocation reads them). */
  stringMap(path: string[], onWrongValue?: (key: string) => void): Record<string, string> | undefined {
    const obj = this.object(path);
    if (!obj) return undefined;
    const out = empty<string>();
    for (const prop of obj.children ?? []) {
      const [k, val] = prop.children ?? [];
      if (!k || typeof k.value !== 'string' || Object.prototype.hasOwnProperty.call(out, k.value)) continue;
      if (val?.type === 'string') out[k.value] = val.value as string;
      else {
        this.ignored.push(shownPath([...path, k.value]));
        onWrongValue?.(k.value);
      }
    }
    return out;
  }

  /** An array's string items. */
  stringList(path: string[]): string[] {
    const n = this.node(path);
    if (!n) return [];
    if (n.type !== 'array') return this.wrong(path) ?? [];
    const out: string[] = [];
    (n.children ?? []).forEach((c, i) => {
      if (c.type === 'string') out.push(c.value as string);
      else this.ignored.push(`${shownPath(path)}[${i}]`);
    });
    return out;
  }
}

/** A JSON path for the log: keys are workspace text, so control characters go and long keys are cut. */
function shownPath(path: string[]): string {
  return path
    .map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?'))
    .join('.');
}

/** A map with no prototype: keys such as `__proto__` or `constructor` in a manifest are plain keys. */
function empty<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function keysOf(obj: JsonNode): string[] {
  return (obj.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string');
}

/** The value of a tree node, objects without a prototype (getNodeValue assigns `__proto__` keys as prototypes). */
function plain(n: JsonNode): unknown {
  if (n.type === 'object') {
    const out = empty<unknown>();
    for (const prop of n.children ?? []) {
      const [k, val] = prop.children ?? [];
      if (k && val && typeof k.value === 'string' && !(k.value in out)) out[k.value] = plain(val);
    }
    return out;
  }
  if (n.type === 'array') return (n.children ?? []).map(plain);
  return n.value;
}
