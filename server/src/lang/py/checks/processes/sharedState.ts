// Module state shared across Python files, for processes/module-level-state: the names a file imports (by module
// specifier, relative ones kept: `.store`, `..models`, `app.store`), and the project half that joins what handlers
// change with the module that holds it. Modules are found by path: a relative specifier from the importing file's
// package, an absolute one from the importing file's folder or any folder above it up to the project's root (the
// app's own packages; an installed package has no file in the project, so nothing is found).
import * as path from 'path';
import type { ProjectContext, Range } from '../../../../core/types';
import { sourceLanguage } from '../../../../core/paths';
import type { SyntaxNode } from '../../parse';
import { childrenOf, importGroups } from '../../syntax';
import { clip, toPosix } from '../../../../util/text';
import {
  IMPORTED_CHANGES as CHANGES_FACT,
  STATE_EXPORTS as EXPORTS_FACT,
  type ImportedChange,
} from '../../../../facts/processes';

/** A local name bound by an import: the module specifier and the path inside it (`from .store import ORDERS`). */
export interface ImportedName {
  spec: string;
  path: string[];
}

/** The names a file's imports bind (anywhere in the file), `*` imports left out. */
export function importedNames(text: string, imports: readonly SyntaxNode[]): Map<string, ImportedName> {
  const out = new Map<string, ImportedName>();
  for (const stmt of imports) {
    const kids = childrenOf(stmt);
    if (kids[0]?.name === 'import') {
      for (const g of importGroups(text, kids.slice(1))) {
        // `import app.store as store` binds the module; `import app.store` binds `app`.
        if (g.alias) out.set(g.alias, { spec: g.name, path: [] });
        else out.set(g.name.split('.')[0], { spec: g.name.split('.')[0], path: [] });
      }
    } else if (kids[0]?.name === 'from') {
      const at = kids.findIndex((k) => k.name === 'import');
      if (at < 0) continue;
      const spec = kids
        .slice(1, at)
        .map((k) => text.slice(k.from, k.to))
        .join('');
      for (const g of importGroups(text, kids.slice(at + 1))) out.set(g.alias ?? g.name, { spec, path: [g.name] });
    }
  }
  return out;
}

/** `.` + `store` → `.store`, `app` + `store` → `app.store`. */
function joinSpec(spec: string, name: string): string {
  return /\.$/.test(spec) ? spec + name : `${spec}.${name}`;
}

/** The project file a module specifier names from `from` (absolute paths), if any. */
export function resolvePyModule(
  from: string,
  spec: string,
  files: ReadonlySet<string>,
  root: string,
): string | undefined {
  const dots = /^\.*/.exec(spec)![0].length;
  const rest = spec.slice(dots).split('.').filter(Boolean);
  const candidates = (dir: string) => {
    const base = path.join(dir, ...rest);
    return rest.length ? [`${base}.py`, path.join(base, '__init__.py')] : [path.join(base, '__init__.py')];
  };
  if (dots) {
    let dir = path.dirname(from);
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
    return candidates(dir).find((c) => files.has(c));
  }
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const hit = candidates(dir).find((c) => files.has(c));
    if (hit) return hit;
    if (dir === root || !dir.startsWith(root) || path.dirname(dir) === dir) return undefined;
  }
}

export interface SharedStateHit {
  target: string;
  range: Range;
  messageId: 'changedElsewhere' | 'changedElsewhereViaCall';
  data: Record<string, string | number | undefined>;
  name: string;
  from: string;
}

/** What handlers in the project's Python files change of state other Python modules of the project hold. */
export function pySharedStateHits(ctx: ProjectContext): SharedStateHit[] {
  const root = ctx.project.root;
  const py = ctx.project.files.filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py').map((f) => f.path);
  const files = new Set(py);
  const out: SharedStateHit[] = [];
  const done = new Set<string>();
  const match = (src: string, change: ImportedChange, spec: string, p: string[]): boolean => {
    const target = resolvePyModule(src, spec, files, root);
    if (!target || target === src) return false;
    const ex = ctx.fact(target, EXPORTS_FACT);
    if (!ex) return false;
    let hit: { name: string; kind: string; range: Range; via?: string } | undefined;
    if (change.call) {
      const fn = p.length === 1 ? ex.fns.find((f) => f.path[0] === p[0]) : undefined;
      if (fn) hit = { name: fn.name, kind: fn.kind, range: fn.range, via: fn.fn };
    } else {
      const st = ex.states.find((e) => e.path.every((x, i) => p[i] === x));
      if (st) hit = { name: st.name, kind: st.kind, range: st.range };
    }
    if (!hit) return false;
    const key = `${target}:${hit.name}`;
    if (!done.has(key)) {
      done.add(key);
      const rel = toPosix(path.relative(path.dirname(target), src));
      const file = clip(rel.startsWith('.') ? rel : `./${rel}`);
      out.push({
        target,
        range: hit.range,
        messageId: hit.via ? 'changedElsewhereViaCall' : 'changedElsewhere',
        data: { name: hit.name, kind: hit.kind, call: hit.via, file, line: change.line },
        name: hit.name,
        from: src,
      });
    }
    return true;
  };
  for (const src of py) {
    for (const change of ctx.fact(src, CHANGES_FACT) ?? []) {
      // `from .store import ORDERS` (ORDERS in store.py), or `from . import store` then `store.ORDERS` (a submodule).
      if (match(src, change, change.specifier, change.path)) continue;
      if (change.path.length >= 2) match(src, change, joinSpec(change.specifier, change.path[0]), change.path.slice(1));
    }
  }
  return out;
}
