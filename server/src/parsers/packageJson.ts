// package.json with a syntax tree, so findings point at the right key and fixes keep formatting.
import { findNodeAtLocation, parseTree, getNodeValue, type ParseError, type Node as JsonNode } from 'jsonc-parser';
import { DEP_FIELDS, type DepInfo, type PackageJson } from '../model/types';
import { LineIndex } from '../util/text';

export class JsonSyntaxError extends Error {}

export function parsePackageJson(path: string, text: string): PackageJson {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!tree || errors.length > 0) {
    throw new JsonSyntaxError(`malformed JSON (${errors.length} error${errors.length === 1 ? '' : 's'})`);
  }
  if (tree.type !== 'object') throw new JsonSyntaxError(`not a package manifest: the top level is ${tree.type === 'array' ? 'an array' : `a ${tree.type}`}, not an object`);
  const data = getNodeValue(tree) as Record<string, any>;
  const lines = new LineIndex(text);
  const deps = new Map<string, DepInfo>();
  for (const field of DEP_FIELDS) {
    const obj = findNodeAtLocation(tree, [field]);
    if (!obj || obj.type !== 'object') continue;
    for (const prop of obj.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v || typeof k.value !== 'string') continue;
      // The first field wins: dependencies over devDependencies when a package is in both.
      if (deps.has(k.value)) continue;
      deps.set(k.value, {
        name: k.value,
        range: typeof v.value === 'string' ? v.value : '',
        field,
        keyRange: lines.range(k.offset, k.offset + k.length),
        valueRange: lines.range(v.offset, v.offset + v.length),
      });
    }
  }
  const ws = data.workspaces;
  const workspaces: string[] = Array.isArray(ws) ? ws : Array.isArray(ws?.packages) ? ws.packages : [];
  return {
    path,
    text,
    data,
    tree,
    name: typeof data.name === 'string' ? data.name : undefined,
    deps,
    scripts: data.scripts && typeof data.scripts === 'object' ? data.scripts : {},
    workspaces: workspaces.filter((w) => typeof w === 'string'),
  };
}

/** Range of the value at a JSON path in a package.json, for findings. */
export function jsonRange(pkg: PackageJson, path: (string | number)[]): { start: { line: number; character: number }; end: { line: number; character: number } } | undefined {
  if (!pkg.tree) return undefined;
  const node: JsonNode | undefined = findNodeAtLocation(pkg.tree, path);
  if (!node) return undefined;
  return new LineIndex(pkg.text).range(node.offset, node.offset + node.length);
}
