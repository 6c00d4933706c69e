// The engine's folders form layers: each imports only folders below it, so there is no cycle between folders, and
// the VS Code API stays out of the engine. ARCHITECTURE.md's map lists the layers.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'server', 'src');

/** The folder a file belongs to: its first segment under server/src (`lang/js` counts as `lang`). */
const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0];

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
}

/** folder → the folders its files import (relative imports inside server/src only; `import type` included). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sources(SRC)) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? graph.set(from, new Map()).get(from)!;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), m[1]);
      if (!target.startsWith(SRC + path.sep)) continue;
      const to = folderOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, path.relative(SRC, file));
    }
  }
  return graph;
}

describe('server/src folder layers', () => {
  it('has no cycle between folders', () => {
    const graph = folderGraph();
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        const loop = trail.slice(trail.indexOf(f));
        cycles.push(
          [...loop, f].map((x, i, a) => (i < a.length - 1 ? `${x} (${graph.get(x)!.get(a[i + 1])})` : x)).join(' → '),
        );
        return;
      }
      state.set(f, 'open');
      for (const to of graph.get(f)?.keys() ?? []) visit(to, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    assert.deepStrictEqual(cycles, []);
  });

  it('keeps the lowest layers free of the engine, the model and the rules', () => {
    const graph = folderGraph();
    const below: Record<string, string[]> = {
      util: [],
      core: ['util'],
      facts: ['util', 'core', 'platform', 'ecosystem', 'detect'],
    };
    for (const [folder, allowed] of Object.entries(below)) {
      const extra = [...(graph.get(folder)?.keys() ?? [])].filter((to) => !allowed.includes(to));
      assert.deepStrictEqual(
        extra,
        [],
        `${folder} imports only ${allowed.join(', ') || 'nothing'} (${extra.map((e) => graph.get(folder)!.get(e)).join(', ')})`,
      );
    }
  });

  it('keeps syntax trees in the language adapters: only the engine (which picks an adapter) and rules import lang/', () => {
    const graph = folderGraph();
    const importers = [...graph].filter(([, to]) => to.has('lang')).map(([from]) => from);
    assert.deepStrictEqual(importers.sort(), ['engine', 'rules']);
  });
});
