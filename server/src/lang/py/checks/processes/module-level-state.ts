// processes/module-level-state in Python: a module-level dict, list, set (or defaultdict, Counter, OrderedDict, deque),
// or such a class attribute, that a request handler of the same file changes, directly or through a top-level function
// it calls. For the project half (./sharedState.ts) it records what the module holds that handlers elsewhere may change
// (its collections, and top-level functions that change them) and what its handlers change or call that they imported.
import * as path from 'path';
import { pyCheck } from '../../context';
import type { SyntaxNode } from '../../parse';
import { childrenOf, dottedName, resolveName } from '../../syntax';
import { pyHandlers, type PyHandler, type PyHandlers } from '../../handlers';
import { Scopes } from '../../scopes';
import { isPyAppCode } from '../appFiles';
import { clip } from '../../../../util/text';
import { lookupTable } from '../../../../util/table';
import {
  IMPORTED_CHANGES as CHANGES_FACT,
  STATE_EXPORTS as EXPORTS_FACT,
  type ImportedChange,
  type StateExport,
  type StateFn,
} from '../../../../facts/processes';
import { importedNames } from './sharedState';

/** Methods that change a dict, list, set or deque in place (not sort/reverse: those reorder, they add no state). */
const MUTATORS = new Set([
  'append',
  'extend',
  'insert',
  'remove',
  'pop',
  'popitem',
  'clear',
  'update',
  'setdefault',
  'add',
  'discard',
  'appendleft',
  'extendleft',
  'popleft',
  'difference_update',
  'intersection_update',
  'symmetric_difference_update',
  '__setitem__',
  '__delitem__',
]);
/** Calls that return a member of the collection: `carts.get(uid).append(item)` still changes the module's state. */
const LOOKUPS = new Set(['get', 'setdefault', '__getitem__']);
/** Memoisation is allowed: a cache miss is harmless, the truth lives elsewhere. */
const CACHE_NAME = /cache|memo|lru/i;
/** Constructors of collections, by their resolved names. */
const CONSTRUCTORS = lookupTable<string>({
  dict: 'a dict',
  list: 'a list',
  set: 'a set',
  'collections.defaultdict': 'a defaultdict',
  'collections.Counter': 'a Counter',
  'collections.OrderedDict': 'an OrderedDict',
  'collections.deque': 'a deque',
});
const LITERALS = lookupTable<string>({
  DictionaryExpression: 'a dict',
  DictionaryComprehensionExpression: 'a dict',
  ArrayExpression: 'a list',
  ArrayComprehensionExpression: 'a list',
  SetExpression: 'a set',
  SetComprehensionExpression: 'a set',
});

interface State {
  /** `carts`, or `Store.items` for a class attribute. */
  name: string;
  decl: SyntaxNode;
  kind: string;
  /** The class, for a class attribute. */
  cls?: string;
}

interface Mutation {
  node: SyntaxNode;
  handler: PyHandler;
  via?: string;
}

function collectionKind(text: string, value: SyntaxNode, bindings: Map<string, string>): string | undefined {
  const lit = LITERALS[value.name];
  if (lit) return lit;
  if (value.name !== 'CallExpression') return undefined;
  const callee = dottedName(text, value.firstChild);
  return callee ? CONSTRUCTORS[resolveName(callee, bindings)] : undefined;
}

/** `name = value` or `name: T = value` with one plain name as target. */
function simpleAssignment(text: string, stmt: SyntaxNode): { name: SyntaxNode; value: SyntaxNode } | undefined {
  const kids = childrenOf(stmt);
  const ops = kids.filter((k) => k.name === 'AssignOp');
  if (ops.length !== 1 || kids[0].name !== 'VariableName') return undefined;
  const value = kids[kids.length - 1];
  if (value.name === 'AssignOp') return undefined;
  return { name: kids[0], value };
}

/** Module-level collections and class attributes (of top-level classes) holding one; a name bound twice is left out. */
function statesOf(text: string, script: SyntaxNode, bindings: Map<string, string>): Map<string, State> {
  const out = new Map<string, State>();
  const seen = new Set<string>();
  const consider = (stmt: SyntaxNode, prefix: string, cls?: string) => {
    if (stmt.name !== 'AssignStatement') {
      // Any other binding at this level (def, class, import, for) makes the name ambiguous.
      return;
    }
    const a = simpleAssignment(text, stmt);
    if (!a) return;
    const local = text.slice(a.name.from, a.name.to);
    const name = prefix + local;
    if (seen.has(name)) {
      out.delete(name);
      return;
    }
    seen.add(name);
    if (CACHE_NAME.test(local) || /^__.*__$/.test(local)) return;
    const kind = collectionKind(text, a.value, bindings);
    if (kind) out.set(name, { name, decl: a.name, kind, cls });
  };
  for (const stmt of childrenOf(script)) {
    consider(stmt, '');
    const cls = stmt.name === 'ClassDefinition' ? stmt : stmt.name === 'DecoratedStatement' ? stmt.lastChild : null;
    if (cls?.name !== 'ClassDefinition') continue;
    const cname = cls.getChild('VariableName');
    const body = cls.getChild('Body');
    if (!cname || !body) continue;
    const c = text.slice(cname.from, cname.to);
    for (const s of childrenOf(body)) consider(s, `${c}.`, c);
  }
  return out;
}

/** `carts`, `carts[k]`, `carts[k].items`, `carts.get(k)`, `Store.items[k]` → the root name and the attributes after it. */
function rootOf(text: string, expr: SyntaxNode): { root: SyntaxNode; attrs: string[] } | undefined {
  const attrs: string[] = [];
  let n: SyntaxNode | null = expr;
  for (;;) {
    if (!n) return undefined;
    if (n.name === 'VariableName') return { root: n, attrs };
    if (n.name === 'MemberExpression') {
      const last = n.lastChild;
      if (last?.name === 'PropertyName') attrs.unshift(text.slice(last.from, last.to));
      else attrs.length = 0; // a subscript: what follows is inside the collection
      n = n.firstChild;
    } else if (n.name === 'CallExpression') {
      const callee: SyntaxNode | null = n.firstChild;
      const method = callee?.name === 'MemberExpression' ? callee.lastChild : null;
      if (!method || method.name !== 'PropertyName' || !LOOKUPS.has(text.slice(method.from, method.to)))
        return undefined;
      attrs.length = 0;
      n = callee!.firstChild;
    } else if (n.name === 'ParenthesizedExpression') n = n.firstChild?.nextSibling ?? null;
    else return undefined;
  }
}

/** The class whose method holds `node` (the innermost one). */
function enclosingClass(text: string, node: SyntaxNode): string | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name !== 'ClassDefinition') continue;
    const n = p.getChild('VariableName');
    return n ? text.slice(n.from, n.to) : undefined;
  }
  return undefined;
}

/** `self.items = …` in the class: the instance has its own attribute, so `self.items` is not the class's. */
function instanceAssigns(text: string, assignments: readonly SyntaxNode[], cls: string, attr: string): boolean {
  return assignments.some((a) => {
    const t = a.firstChild;
    return (
      t?.name === 'MemberExpression' &&
      /^(self|cls)$/.test(dottedName(text, t.firstChild) ?? '') &&
      dottedName(text, t)?.endsWith(`.${attr}`) &&
      enclosingClass(text, a) === cls
    );
  });
}

/** The top-level function a node is in, by name (for `def remember(): carts[...] = …` called from a handler). */
function topLevelFunctionName(text: string, node: SyntaxNode): string | undefined {
  let last: SyntaxNode | undefined;
  for (let p = node.parent; p && p.name !== 'Script'; p = p.parent) last = p;
  const def = last?.name === 'DecoratedStatement' ? last.lastChild : last;
  if (def?.name !== 'FunctionDefinition') return undefined;
  const n = def.getChild('VariableName');
  return n ? text.slice(n.from, n.to) : undefined;
}

/** Whether a stored value is the handler's connection (`clients.append(websocket)`). */
function isConnection(text: string, values: readonly SyntaxNode[], handler: PyHandler): boolean {
  if (!handler.connectionParams.length) return false;
  return values.some((v) => {
    const root = v.name === 'VariableName' ? v : v.name === 'TupleExpression' ? v.getChild('VariableName') : null;
    return !!root && handler.connectionParams.includes(text.slice(root.from, root.to));
  });
}

export const moduleLevelStatePy = pyCheck<'changedByHandler' | 'changedViaCall'>({
  // Module-level collections, and handlers (which may change state imported from another module).
  trigger:
    /^[ \t]*\w+(\s*:[^=\n\r]+)?\s*=\s*(\{|\[|(collections\s*\.\s*)?(set|dict|list|defaultdict|Counter|OrderedDict|deque)\s*\()|\brequest\b|@[\w.]+\.(route|get|post|put|patch|delete|websocket|api_route)\s*\(/m,
  check(ctx) {
    if (!isPyAppCode(ctx)) return;
    if (CACHE_NAME.test(path.posix.basename(ctx.rel))) return;
    const { text, index } = ctx;
    const handlers: PyHandlers = pyHandlers(ctx);
    const states = statesOf(text, ctx.tree.topNode, handlers.defs.bindings);
    // Without handlers, the file matters only for the state it holds; without state, for what its handlers import.
    const imported = handlers.size ? importedNames(text, index.imports) : new Map<string, never>();
    if (!states.size && !imported.size) return;
    const scopes = new Scopes(text);

    // Handler each top-level function is called from: `remember(item)` inside `@app.post('/cart')`.
    const calledFrom = new Map<string, PyHandler>();
    for (const call of index.calls) {
      const callee = call.firstChild;
      if (callee?.name !== 'VariableName') continue;
      const name = text.slice(callee.from, callee.to);
      if (!handlers.functionNamed(name) || calledFrom.has(name)) continue;
      const h = handlers.enclosing(call);
      if (h) calledFrom.set(name, h);
    }

    const mutations = new Map<string, Mutation>();
    const connections = new Set<string>();
    /** State changed by a top-level function no handler here calls: the function may be called from elsewhere. */
    const fnMutations = new Map<string, { state: string; how: string; line: number }>();
    const changes: ImportedChange[] = [];
    const lineOf = (n: SyntaxNode) => ctx.rangeOf(n).start.line + 1;
    const record = (target: SyntaxNode, node: SyntaxNode, how: string, stored: readonly SyntaxNode[] = []) => {
      const r = rootOf(text, target);
      if (!r) return;
      const rootName = text.slice(r.root.from, r.root.to);
      let st: State | undefined;
      const from = imported.get(rootName);
      if (!states.has(rootName) && from) {
        // A change to something imported from another module: `ORDERS.append(…)`, `store.ORDERS[k] = …`.
        if (!scopes.isModuleName(rootName, r.root)) return;
        let handler = handlers.enclosing(node);
        if (!handler) {
          const via = topLevelFunctionName(text, node);
          handler = via ? calledFrom.get(via) : undefined;
        }
        if (!handler || isConnection(text, stored, handler)) return;
        changes.push({
          specifier: from.spec,
          path: [...from.path, ...r.attrs],
          how,
          line: lineOf(node),
          phrase: handler.phrase,
          call: false,
        });
        return;
      }
      if (states.has(rootName)) {
        if (!scopes.isModuleName(rootName, r.root)) return;
        st = states.get(rootName);
      } else if (r.attrs.length) {
        const attr = r.attrs[0];
        if (rootName === 'self' || rootName === 'cls') {
          const cls = enclosingClass(text, node);
          st = cls ? states.get(`${cls}.${attr}`) : undefined;
          if (st && instanceAssigns(text, index.assignments, st.cls!, attr)) return;
        } else if (scopes.isModuleName(rootName, r.root)) st = states.get(`${rootName}.${attr}`);
      }
      if (!st) return;
      let handler = handlers.enclosing(node);
      let via: string | undefined;
      if (!handler) {
        via = topLevelFunctionName(text, node);
        handler = via ? calledFrom.get(via) : undefined;
        if (!handler) {
          if (via && !fnMutations.has(via)) fnMutations.set(via, { state: st.name, how, line: lineOf(node) });
          return;
        }
      }
      if (isConnection(text, stored, handler)) connections.add(st.name);
      const prev = mutations.get(st.name);
      if (!prev || node.from < prev.node.from) mutations.set(st.name, { node, handler, via });
    };

    for (const call of index.calls) {
      const callee = call.firstChild;
      const method = callee?.name === 'MemberExpression' ? callee.lastChild : null;
      if (method?.name === 'PropertyName' && MUTATORS.has(text.slice(method.from, method.to))) {
        const args =
          call.lastChild?.name === 'ArgList' ? childrenOf(call.lastChild).filter((k) => !/^[(),]$/.test(k.name)) : [];
        record(callee!.firstChild!, call, `${dottedName(text, callee) ?? text.slice(method.from, method.to)}()`, args);
      } else if (imported.size) recordCall(call);
    }
    /**
     * A handler calls a function imported from another module (`add_order(…)`, `ratelimit.allow(…)`): the project half
     * reports it when that module's facts say the function changes its state. Any name: a rate limiter's `allow()`
     * changes state as much as `add_order()` does. Deeper chains (`request.args.get`) are no module's function.
     */
    function recordCall(call: SyntaxNode): void {
      const d = dottedName(text, call.firstChild);
      if (!d) return;
      const parts = d.split('.');
      const from = imported.get(parts[0]);
      if (!from || parts.length > 2 || !scopes.isModuleName(parts[0], call)) return;
      const handler = handlers.enclosing(call);
      if (!handler) return;
      changes.push({
        specifier: from.spec,
        path: [...from.path, ...parts.slice(1)],
        how: `${d}()`,
        line: lineOf(call),
        phrase: handler.phrase,
        call: true,
      });
    }
    for (const stmt of index.assignments) recordAssignment(stmt);
    ctx.tree.topNode.cursor().iterate((ref) => {
      if (ref.name === 'UpdateStatement') recordAssignment(ref.node);
      else if (ref.name === 'DeleteStatement')
        for (const k of childrenOf(ref.node))
          if (k.name === 'MemberExpression') record(k, ref.node, `del ${dottedName(text, k.firstChild) ?? 'x'}[…]`);
    });

    function recordAssignment(stmt: SyntaxNode): void {
      const kids = childrenOf(stmt);
      const opAt = kids.map((k) => k.name).lastIndexOf(stmt.name === 'AssignStatement' ? 'AssignOp' : 'UpdateOp');
      if (opAt < 1) return;
      const value = kids[kids.length - 1];
      const op = text.slice(kids[opAt].from, kids[opAt].to);
      for (const t of kids.slice(0, opAt)) {
        if (t.name === 'MemberExpression') {
          // `carts[k] = v`, `carts[k].total = v`; not `obj.attr = v` on the root itself (no collection has one).
          const sub = t.getChild('[');
          const how = `${dottedName(text, sub ? t.firstChild : t) ?? 'x'}${sub ? '[…]' : ''} ${op} …`;
          if (sub || t.firstChild?.name !== 'VariableName') record(t, stmt, how, [value]);
        } else if (t.name === 'VariableName') {
          // `global carts` then `carts = …` / `carts += …` replaces or extends the module's collection.
          const name = text.slice(t.from, t.to);
          if (states.has(name) && scopes.declaresGlobal(name, stmt)) record(t, stmt, `${name} ${op} …`, [value]);
        }
      }
    }

    const reported = new Set<string>();
    for (const [name, m] of mutations) {
      if (connections.has(name)) continue;
      reported.add(name);
      const st = states.get(name)!;
      const line = lineOf(m.node);
      const data = { name, kind: st.kind, line, call: m.via, handler: clip(m.handler.phrase, 56) };
      ctx.report(
        st.decl,
        { messageId: m.via ? 'changedViaCall' : 'changedByHandler', data },
        { data: { name, handler: m.handler.label, line } },
      );
    }

    // For the project half: every module-level name is importable in Python.
    const exported: StateExport[] = [];
    const fns: StateFn[] = [];
    for (const st of states.values())
      if (!reported.has(st.name) && !connections.has(st.name))
        exported.push({ path: st.name.split('.'), name: st.name, kind: st.kind, range: ctx.rangeOf(st.decl) });
    for (const [fn, m] of fnMutations) {
      const st = states.get(m.state)!;
      if (reported.has(st.name) || connections.has(st.name)) continue;
      fns.push({ path: [fn], fn, name: st.name, kind: st.kind, how: m.how, line: m.line, range: ctx.rangeOf(st.decl) });
    }
    if (exported.length || fns.length) ctx.record(EXPORTS_FACT, { states: exported, fns });
    if (changes.length) ctx.record(CHANGES_FACT, changes);
  },
});
