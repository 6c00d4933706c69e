// The facts every Python file gets: imports (statements, `__import__`/`importlib.import_module` with a literal, each
// marked optional inside `try: … except ImportError` and type-only under `if TYPE_CHECKING:`) and environment reads
// (`os.environ`, `os.getenv`, django-environ's and environs' `env(…)`).
import { emptyFacts, type EnvReadFact, type ImportFact, type SourceFacts } from '../../core/facts';
import type { LineIndex } from '../../util/text';
import type { SyntaxNode } from './parse';
import {
  callArgs,
  childrenOf,
  dottedName,
  importBindings,
  importGroups,
  resolveName,
  stringValue,
  type PyIndex,
} from './syntax';

/** A module name, relative or not: Python identifiers are Unicode (`import café`). */
const MODULE_NAME = /^\.*[\p{L}\p{N}_.]*$/u;
/** Exceptions whose handler means the code copes with a module that is not installed. */
const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);
/** Calls that import the module their first argument names. */
const DYNAMIC_IMPORTS = new Set(['__import__', 'importlib.import_module', 'importlib.__import__']);
/** Methods of django-environ's and environs' `Env` that read one variable (first argument) and take a default. */
const ENV_METHODS = new Set([
  'str',
  'bool',
  'int',
  'float',
  'decimal',
  'list',
  'tuple',
  'dict',
  'json',
  'url',
  'db',
  'db_url',
  'cache',
  'cache_url',
  'email',
  'email_url',
  'search_url',
  'channels',
  'channels_url',
  'path',
  'bytes',
  'date',
  'datetime',
  'time',
  'timedelta',
  'uuid',
  'log_level',
  'enum',
  'dj_db_url',
  'dj_cache_url',
  'dj_email_url',
]);
const ENV_CLASSES = new Set(['environ.Env', 'environ.FileAwareEnv', 'environs.Env']);

export function pyFacts(text: string, idx: PyIndex, lines: LineIndex): SourceFacts {
  const facts = emptyFacts();
  const bindings = importBindings(text, idx.imports);
  facts.imports = imports(text, idx, lines, bindings);
  facts.envReads = envReads(text, idx, lines, bindings);
  return facts;
}

function imports(text: string, idx: PyIndex, lines: LineIndex, bindings: Map<string, string>): ImportFact[] {
  const out: ImportFact[] = [];
  const add = (
    specifier: string,
    from: number,
    to: number,
    at: SyntaxNode,
    kind: ImportFact['kind'],
    names?: string[],
  ) => {
    const place = importPlace(text, at);
    out.push({
      specifier,
      range: lines.range(from, to),
      typeOnly: place.typeOnly,
      kind,
      ...(names ? { names } : {}),
      ...(place.optional ? { optional: true as const } : {}),
    });
  };
  for (const stmt of idx.imports) {
    const kids = childrenOf(stmt);
    if (kids[0]?.name === 'import') {
      for (const g of importGroups(text, kids.slice(1))) add(g.name, g.from, g.to, stmt, 'import');
    } else if (kids[0]?.name === 'from') {
      const at = kids.findIndex((k) => k.name === 'import');
      const parts = kids.slice(1, at < 0 ? kids.length : at);
      if (!parts.length || at < 0) continue;
      const specifier = parts.map((k) => text.slice(k.from, k.to)).join('');
      if (!MODULE_NAME.test(specifier) || specifier.endsWith('.') !== /^\.+$/.test(specifier)) continue;
      const names = kids[at + 1]?.name === '*' ? ['*'] : importGroups(text, kids.slice(at + 1)).map((g) => g.name);
      add(specifier, parts[0].from, parts[parts.length - 1].to, stmt, 'import', names);
    }
  }
  for (const call of idx.calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee || !DYNAMIC_IMPORTS.has(resolveName(callee, bindings))) continue;
    const args = callArgs(text, call);
    const spec = args.positional[0] ?? args.keywords.get('name');
    const value = stringValue(text, spec);
    // `__import__('a.b', fromlist=…)`, importlib's `package=` for relative names: the literal is what is imported.
    if (value && spec && MODULE_NAME.test(value)) add(value, spec.from, spec.to, call, 'dynamic');
  }
  return out;
}

/** Whether an import sits in a `try` body whose handlers catch ImportError, or under `if TYPE_CHECKING:`. */
function importPlace(text: string, node: SyntaxNode): { optional: boolean; typeOnly: boolean } {
  let optional = false;
  let typeOnly = false;
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    // The first Body: `try:`'s own (not an `except`/`else`/`finally` one), `if`'s (not an `elif`/`else` one).
    if (child.name !== 'Body' || p.getChild('Body')?.from !== child.from) continue;
    if (p.name === 'TryStatement') optional ||= catchesImportError(text, p);
    if (p.name === 'IfStatement') {
      const cond = child.prevSibling;
      const name = cond && dottedName(text, cond);
      if (name === 'TYPE_CHECKING' || name?.endsWith('.TYPE_CHECKING')) typeOnly = true;
    }
  }
  return { optional, typeOnly };
}

function catchesImportError(text: string, tryStmt: SyntaxNode): boolean {
  const kids = childrenOf(tryStmt);
  for (let i = 0; i < kids.length; i++) {
    if (kids[i].name !== 'except') continue;
    const what = kids[i + 1];
    if (!what || what.name === 'Body') return true; // a bare `except:`
    const names = what.name === 'TupleExpression' ? childrenOf(what) : [what];
    if (names.some((n) => IMPORT_ERRORS.has((dottedName(text, n) ?? '').split('.').pop()!))) return true;
  }
  return false;
}

function envReads(text: string, idx: PyIndex, lines: LineIndex, bindings: Map<string, string>): EnvReadFact[] {
  const out: EnvReadFact[] = [];
  const push = (name: string | undefined, node: SyntaxNode, hasDefault: boolean) => {
    if (name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      out.push({ name, range: lines.range(node.from, node.to), hasDefault });
  };
  // Names bound to the environment mapping (`env = os.environ`) and to django-environ/environs readers, with the
  // variables a django-environ `Env(NAME=(cast, default))` gives a default.
  const environs = new Set<string>();
  const readers = new Map<string, { lib: 'environ' | 'environs'; defaults: Set<string> }>();
  for (const a of idx.assignments) {
    const kids = childrenOf(a);
    if (kids.length !== 3 || kids[0].name !== 'VariableName' || kids[1].name !== 'AssignOp') continue;
    const target = text.slice(kids[0].from, kids[0].to);
    const value = kids[2];
    const dotted = dottedName(text, value);
    if (dotted && resolveName(dotted, bindings) === 'os.environ') environs.add(target);
    if (value.name !== 'CallExpression') continue;
    const cls = dottedName(text, value.firstChild);
    const resolved = cls && resolveName(cls, bindings);
    if (!resolved || !ENV_CLASSES.has(resolved)) continue;
    const defaults = new Set<string>();
    for (const [k, v] of callArgs(text, value).keywords)
      if (
        v.name === 'TupleExpression' &&
        childrenOf(v).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== ',').length >= 2
      )
        defaults.add(k);
    readers.set(target, { lib: resolved.startsWith('environs.') ? 'environs' : 'environ', defaults });
  }
  const isEnviron = (node: SyntaxNode | null): boolean => {
    const d = dottedName(text, node);
    return !!d && (resolveName(d, bindings) === 'os.environ' || environs.has(d));
  };
  // os.environ['X'] (a read: not an assignment's target, not `del`)
  for (const sub of idx.subscripts) {
    if (!isEnviron(sub.firstChild)) continue;
    const key = sub.getChild('[')?.nextSibling;
    if (!key || key.nextSibling?.name !== ']' || isWriteTarget(sub)) continue;
    push(stringValue(text, key), sub, false);
  }
  for (const call of idx.calls) {
    const callee = call.firstChild;
    const dotted = dottedName(text, callee);
    if (!dotted) continue;
    const args = callArgs(text, call);
    const first = stringValue(text, args.positional[0] ?? args.keywords.get('key') ?? args.keywords.get('var'));
    const given = (positional: number, keyword: string): boolean => {
      const v = args.positional[positional] ?? args.keywords.get(keyword);
      return !!v && v.name !== 'None';
    };
    const resolved = resolveName(dotted, bindings);
    if (resolved === 'os.getenv' || resolved === 'os.environ.get') {
      push(first, call, given(1, 'default'));
    } else if (resolved === 'os.environ.setdefault') {
      push(first, call, true);
    } else if (callee?.name === 'MemberExpression' && isEnviron(callee.firstChild)) {
      const method = dotted.slice(dotted.lastIndexOf('.') + 1);
      if (method === 'get') push(first, call, given(1, 'default'));
      else if (method === 'setdefault') push(first, call, true);
    } else {
      // env('X'), env.str('X', default=…)
      const dot = dotted.indexOf('.');
      const reader = readers.get(dot < 0 ? dotted : dotted.slice(0, dot));
      if (!reader || (dot >= 0 && (dotted.split('.').length !== 2 || !ENV_METHODS.has(dotted.slice(dot + 1)))))
        continue;
      // django-environ's `env('X', cast)` takes the cast second; its typed methods and environs take the default.
      const positionalDefault = dot >= 0 || reader.lib === 'environs';
      const name = stringValue(text, args.positional[0] ?? args.keywords.get('var') ?? args.keywords.get('name'));
      const hasDefault =
        (positionalDefault && given(1, 'default')) ||
        (!positionalDefault && given(2, 'default')) ||
        (name !== undefined && reader.defaults.has(name));
      push(name, call, hasDefault);
    }
  }
  return out.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** `os.environ['X'] = v`, `a = os.environ['X'] = v` (every target but the value), `del os.environ['X']`. */
function isWriteTarget(node: SyntaxNode): boolean {
  const p = node.parent;
  if (!p) return false;
  if (p.name === 'DeleteStatement') return true;
  if (p.name !== 'AssignStatement') return false;
  for (let s = node.nextSibling; s; s = s.nextSibling) if (s.name === 'AssignOp') return true;
  return false;
}
