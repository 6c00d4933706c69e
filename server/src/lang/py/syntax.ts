// Small readers of @lezer/python's tree shared by the Python extractors: children, string literal values, the names
// the file binds to modules (`import os as o`, `from os import environ`). Iterative throughout: a tree may be deep.
import type { SyntaxNode, Tree } from './parse';

/** A node's children, in order (tokens included: `(`, `,`, keywords). */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** The nodes of a tree the extractors read, from one walk. */
export interface PyIndex {
  imports: SyntaxNode[];
  calls: SyntaxNode[];
  /** `x[…]` (MemberExpression with a subscript). */
  subscripts: SyntaxNode[];
  /** `name = value` statements (targets and value are their children). */
  assignments: SyntaxNode[];
  comments: { from: number; to: number }[];
  errors: number;
}

export function indexTree(tree: Tree): PyIndex {
  const idx: PyIndex = { imports: [], calls: [], subscripts: [], assignments: [], comments: [], errors: 0 };
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) idx.errors++;
      switch (ref.name) {
        case 'ImportStatement':
          idx.imports.push(ref.node);
          break;
        case 'CallExpression':
          idx.calls.push(ref.node);
          break;
        case 'AssignStatement':
          idx.assignments.push(ref.node);
          break;
        case 'Comment':
          idx.comments.push({ from: ref.from, to: ref.to });
          break;
        case '[': {
          const p = ref.node.parent;
          if (p?.name === 'MemberExpression') idx.subscripts.push(p);
          break;
        }
      }
    },
  });
  return idx;
}

const PLAIN_PREFIX = /^[rRuU]?$/;

/**
 * The value of a plain string literal (`'x'`, `"x"`, `r'x'`, `u"x"`, triple-quoted), or undefined: bytes, f-strings,
 * implicit concatenation, and strings with escapes (no module or variable name has one).
 */
export function stringValue(text: string, node: SyntaxNode | null | undefined): string | undefined {
  if (!node || node.name !== 'String') return undefined;
  const raw = text.slice(node.from, node.to);
  let i = 0;
  while (i < raw.length && /[A-Za-z]/.test(raw[i])) i++;
  const prefix = raw.slice(0, i);
  if (!PLAIN_PREFIX.test(prefix)) return undefined;
  const q = raw.startsWith('"""', i) || raw.startsWith("'''", i) ? raw.slice(i, i + 3) : raw[i];
  if ((q !== '"' && q !== "'" && q !== '"""' && q !== "'''") || raw.length < i + 2 * q.length || !raw.endsWith(q))
    return undefined;
  const body = raw.slice(i + q.length, raw.length - q.length);
  if (!/[rR]/.test(prefix) && body.includes('\\')) return undefined;
  return body;
}

/** `a.b.c` as a string when the node is a chain of names (VariableName, MemberExpression with `.`), else undefined. */
export function dottedName(text: string, node: SyntaxNode | null | undefined): string | undefined {
  const parts: string[] = [];
  for (let n = node; n;) {
    if (n.name === 'VariableName') {
      parts.unshift(text.slice(n.from, n.to));
      return parts.join('.');
    }
    if (n.name !== 'MemberExpression') return undefined;
    const prop = n.lastChild;
    if (prop?.name !== 'PropertyName') return undefined;
    parts.unshift(text.slice(prop.from, prop.to));
    n = n.firstChild;
  }
  return undefined;
}

/** Keyword and positional arguments of a call's ArgList. */
export interface CallArgs {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** `*args` or `**kwargs` present: what they hold is unknown. */
  spread: boolean;
}

export function callArgs(text: string, call: SyntaxNode): CallArgs {
  const out: CallArgs = { positional: [], keywords: new Map(), spread: false };
  const list = call.lastChild;
  if (list?.name !== 'ArgList') return out;
  const kids = childrenOf(list);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.name === '(' || k.name === ')' || k.name === ',') continue;
    if (k.name === 'VariableName' && kids[i + 1]?.name === 'AssignOp' && kids[i + 2]) {
      out.keywords.set(text.slice(k.from, k.to), kids[i + 2]);
      i += 2;
    } else if (k.name === '*' || k.name === '**') {
      out.spread = true;
      i++;
    } else out.positional.push(k);
  }
  return out;
}

/**
 * What the file's names stand for: local name → a dotted path in a module (`os`, `os.environ`, `environ.Env`), from
 * its imports (anywhere in the file: Python code imports inside functions too). No scopes: a name rebound to
 * something else keeps its import meaning, which only matters for code that shadows a module name.
 */
export function importBindings(text: string, imports: readonly SyntaxNode[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const stmt of imports) {
    const kids = childrenOf(stmt);
    if (kids[0]?.name === 'import') {
      for (const group of importGroups(text, kids.slice(1))) {
        if (group.alias) out.set(group.alias, group.name);
        else {
          const top = group.name.split('.')[0];
          out.set(top, top);
        }
      }
    } else if (kids[0]?.name === 'from') {
      const at = kids.findIndex((k) => k.name === 'import');
      const module = kids
        .slice(1, at)
        .map((k) => text.slice(k.from, k.to))
        .join('');
      if (module.startsWith('.')) continue;
      for (const group of importGroups(text, kids.slice(at + 1)))
        out.set(group.alias ?? group.name, `${module}.${group.name}`);
    }
  }
  return out;
}

/** `a.b as c, d` (tokens after `import`): each dotted name with its alias and the nodes it spans. */
export function importGroups(
  text: string,
  tokens: readonly SyntaxNode[],
): { name: string; alias?: string; from: number; to: number }[] {
  const out: { name: string; alias?: string; from: number; to: number }[] = [];
  let cur: { name: string; alias?: string; from: number; to: number } | undefined;
  let aliasNext = false;
  for (const t of tokens) {
    if (t.name === 'VariableName') {
      const name = text.slice(t.from, t.to);
      if (aliasNext && cur) {
        cur.alias = name;
        aliasNext = false;
      } else if (cur && text.slice(cur.to, t.from).trim() === '.') {
        cur.name += '.' + name;
        cur.to = t.to;
      } else {
        cur = { name, from: t.from, to: t.to };
        out.push(cur);
      }
    } else if (t.name === 'as') aliasNext = true;
    else if (t.name === ',') cur = undefined;
  }
  return out;
}

/** Where a name's meaning comes from: resolved through the imports (`o.environ` → `os.environ`), else as written. */
export function resolveName(dotted: string, bindings: ReadonlyMap<string, string>): string {
  const dot = dotted.indexOf('.');
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const bound = bindings.get(head);
  return bound === undefined ? dotted : bound + (dot < 0 ? '' : dotted.slice(dot));
}

/**
 * Names bound by relative imports, with the dotted path each stands for: `from . import views` → views → `.views`;
 * `from .db import init_db as init` → init → `.db.init_db`.
 */
export function relativeImportBindings(text: string, imports: readonly SyntaxNode[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const stmt of imports) {
    const kids = childrenOf(stmt);
    if (kids[0]?.name !== 'from') continue;
    const at = kids.findIndex((k) => k.name === 'import');
    const module = kids
      .slice(1, at)
      .map((k) => text.slice(k.from, k.to))
      .join('');
    if (!module.startsWith('.')) continue;
    for (const g of importGroups(text, kids.slice(at + 1)))
      out.set(g.alias ?? g.name, `${module}${module.endsWith('.') ? '' : '.'}${g.name}`);
  }
  return out;
}
