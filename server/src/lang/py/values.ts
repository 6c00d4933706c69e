// Where a Python value sits, for the rules' Python checks: the name it is bound to (an assignment target, a dict
// key, a keyword argument, a parameter default), whether it is the default of an environment read, whether a
// statement runs at module level, and the file's string literals. Iterative or bounded throughout.
import type { Range } from '../../core/types';
import type { SyntaxNode, Tree } from './parse';
import type { PySourceContext } from './context';
import { callArgs, childrenOf, dottedName, importBindings, resolveName, stringValue } from './syntax';

/**
 * How far the readers climb from a node to the statement, branch or class around it. Real code nests far less; a
 * hostile file (20,000 operands chained on as many lines) would make every climb from every literal quadratic.
 */
export const MAX_CLIMB = 100;

/** String literals that hold a value: not docstrings, not parts of an implicit concatenation or an f-string. */
export function valueStrings(tree: Tree): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name === 'FormatString' || ref.name === 'ContinuedString') return false;
      if (ref.name !== 'String') return undefined;
      if (ref.node.parent?.name !== 'ExpressionStatement') out.push(ref.node);
      return false;
    },
  });
  return out;
}

/** The node a value stands in for once parentheses are peeled off: `x = ('a')` binds `('a')`. */
export function outerOf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent?.name === 'ParenthesizedExpression') n = n.parent;
  return n;
}

/** `a = b = value`, `x: T = value`: the targets and the value of an AssignStatement (one `=` chain only). */
export function assignParts(stmt: SyntaxNode): { targets: SyntaxNode[]; value: SyntaxNode } | undefined {
  if (stmt.name !== 'AssignStatement') return undefined;
  const kids = childrenOf(stmt);
  const value = kids[kids.length - 1];
  if (!value || kids[kids.length - 2]?.name !== 'AssignOp') return undefined;
  const targets: SyntaxNode[] = [];
  for (let i = 0; i < kids.length - 1; i++) {
    const k = kids[i];
    if (k.name === 'AssignOp' || k.name === 'TypeDef') continue;
    targets.push(k);
  }
  return targets.length ? { targets, value } : undefined;
}

/** What a binding's target is: a name (`X = …`), an attribute (`app.secret_key = …`), an item (`d['K'] = …`). */
export interface Binding {
  name: string;
  kind: 'variable' | 'attribute' | 'item' | 'key' | 'keyword' | 'parameter';
  /** The target (variable, attribute, item), the dict (key), the call (keyword) or the parameter list. */
  at: SyntaxNode;
}

/** The name an assignment target binds: `X`, `obj.attr` → attr, `d['K']` → K. */
export function targetBinding(text: string, target: SyntaxNode): Binding | undefined {
  if (target.name === 'VariableName') return { name: text.slice(target.from, target.to), kind: 'variable', at: target };
  if (target.name !== 'MemberExpression') return undefined;
  const last = target.lastChild;
  if (last?.name === 'PropertyName') return { name: text.slice(last.from, last.to), kind: 'attribute', at: target };
  if (last?.name === ']') {
    const key = stringValue(text, last.prevSibling);
    if (key !== undefined && last.prevSibling?.prevSibling?.name === '[')
      return { name: key, kind: 'item', at: target };
  }
  return undefined;
}

/**
 * The name a value is bound to: the (last) target of the assignment it is the value of, its key in a dict
 * literal, its keyword in a call, or its parameter's name when it is a default.
 */
export function bindingOf(text: string, value: SyntaxNode): Binding | undefined {
  const node = outerOf(value);
  const p = node.parent;
  if (!p) return undefined;
  if (p.name === 'AssignStatement') {
    const parts = assignParts(p);
    if (!parts || parts.value.from !== node.from || parts.value.to !== node.to) return undefined;
    return targetBinding(text, parts.targets[parts.targets.length - 1]);
  }
  const before = node.prevSibling;
  if (p.name === 'DictionaryExpression' && before?.name === ':') {
    const key = stringValue(text, before.prevSibling);
    return key === undefined ? undefined : { name: key, kind: 'key', at: p };
  }
  if (before?.name === 'AssignOp') {
    let name = before.prevSibling;
    if (name?.name === 'TypeDef') name = name.prevSibling;
    if (name?.name !== 'VariableName') return undefined;
    const n = text.slice(name.from, name.to);
    if (p.name === 'ArgList' && p.parent?.name === 'CallExpression') return { name: n, kind: 'keyword', at: p.parent };
    if (p.name === 'ParamList') return { name: n, kind: 'parameter', at: p };
  }
  return undefined;
}

/** Whether a statement runs when the module is imported: not inside a function, class or lambda. */
export function isModuleLevel(node: SyntaxNode): boolean {
  for (let p = node.parent, i = 0; p && i < MAX_CLIMB; p = p.parent, i++) {
    if (p.name === 'Script') return true;
    if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition' || p.name === 'LambdaExpression') return false;
  }
  return false;
}

/** The class whose body holds a statement directly (its attributes), or undefined. */
export function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent, i = 0; p && i < MAX_CLIMB; p = p.parent, i++) {
    if (p.name === 'ClassDefinition') return p;
    if (p.name === 'FunctionDefinition' || p.name === 'LambdaExpression' || p.name === 'Script') return undefined;
  }
  return undefined;
}

/** A class's name and the dotted names of its bases. */
export function classInfo(text: string, cls: SyntaxNode): { name: string; bases: string[] } {
  const name = cls.getChild('VariableName');
  const args = cls.getChild('ArgList');
  const bases = args
    ? childrenOf(args)
        .map((a) => dottedName(text, a))
        .filter((b): b is string => !!b)
    : [];
  return { name: name ? text.slice(name.from, name.to) : '', bases };
}

/** Converters that keep a value what it is: `int(os.getenv('PORT', '8000'))`. */
const COERCIONS = new Set(['str', 'int', 'float', 'bool']);
/** Dotted names that hold configuration: `settings.X or '…'`, `config.get(…)`. */
const CONFIG_WORD = /(^|[._])(env|environ|config|conf|options|opts|settings)($|[._])/i;

/** An environment read's default and what it stands in for. */
export interface EnvFallback {
  /** The whole expression the literal is the default of (`os.getenv('X', 'lit')`, `a or 'lit'`). */
  root: SyntaxNode;
  /** The variable read, when the read names one: `X`. */
  variable?: string;
}

/**
 * What a Python check needs to know about a file's environment reads: the adapter's env-read facts (os.environ,
 * os.getenv, django-environ, environs) by range, python-decouple's `config`, and pydantic settings classes, whose
 * fields are read from the environment with their defaults as fallbacks.
 */
export class PyEnv {
  readonly bindings: Map<string, string>;
  private readonly reads: Map<string, string>;
  private readonly rangeOf: (n: { from: number; to: number }) => Range;
  private readonly settingsClasses = new Set<string>();

  constructor(private readonly ctx: PySourceContext<string>) {
    this.bindings = importBindings(ctx.text, ctx.index.imports);
    this.rangeOf = ctx.rangeOf;
    this.reads = new Map(ctx.facts.envReads.map((r) => [rangeKey(r.range), r.name]));
    // `class Settings(BaseSettings)`, and classes deriving from one in the same file.
    const classes = new Map<string, string[]>();
    ctx.tree.iterate({
      enter: (ref) => {
        if (ref.name !== 'ClassDefinition') return undefined;
        const { name, bases } = classInfo(ctx.text, ref.node);
        classes.set(name, bases);
        return undefined;
      },
    });
    const isSettingsBase = (b: string) =>
      /^(pydantic_settings|pydantic)\.BaseSettings$/.test(resolveName(b, this.bindings));
    for (let changed = true, round = 0; changed && round < 8; round++) {
      changed = false;
      for (const [name, bases] of classes)
        if (!this.settingsClasses.has(name) && bases.some((b) => isSettingsBase(b) || this.settingsClasses.has(b))) {
          this.settingsClasses.add(name);
          changed = true;
        }
    }
  }

  resolve(dotted: string): string {
    return resolveName(dotted, this.bindings);
  }

  /** The variable a call or subscript reads from the environment ('' when unnamed), or undefined if it is none. */
  readAt(node: SyntaxNode): string | undefined {
    const known = this.reads.get(rangeKey(this.rangeOf(node)));
    if (known !== undefined) return known;
    if (node.name === 'CallExpression') {
      const callee = dottedName(this.ctx.text, node.firstChild);
      if (callee && this.resolve(callee) === 'decouple.config') {
        const args = callArgs(this.ctx.text, node);
        return stringValue(this.ctx.text, args.positional[0] ?? args.keywords.get('option')) ?? '';
      }
    }
    return undefined;
  }

  private readonly readsMemo = new Map<string, boolean>();

  /**
   * Whether an expression reads the environment anywhere inside. Remembered per node, and a walk skips the subtrees
   * already answered: the prefixes of a long `a or b or …` chain are asked about one after another.
   */
  readsEnv(node: SyntaxNode): boolean {
    const key = (n: { from: number; to: number; type: { id: number } }) => `${n.from}:${n.to}:${n.type.id}`;
    const known = this.readsMemo.get(key(node));
    if (known !== undefined) return known;
    let found = false;
    const c = node.cursor();
    const end = node.to;
    let more = true;
    while (more && !found) {
      const memo = c.from === node.from && c.to === node.to ? undefined : this.readsMemo.get(key(c));
      if (memo !== undefined) found = memo;
      else if ((c.name === 'CallExpression' || c.name === 'MemberExpression') && this.readAt(c.node) !== undefined)
        found = true;
      // An answered subtree is not walked again.
      more = c.next(memo === undefined) && c.from < end;
    }
    this.readsMemo.set(key(node), found);
    return found;
  }

  /** The first variable read inside an expression, for messages. */
  private firstRead(node: SyntaxNode): string | undefined {
    const c = node.cursor();
    const end = node.to;
    for (let more = true; more; more = c.next() && c.from < end) {
      if (c.name !== 'CallExpression' && c.name !== 'MemberExpression') continue;
      const v = this.readAt(c.node);
      if (v) return v;
    }
    return undefined;
  }

  /**
   * When a statement is the first of an `if X is None:` / `if not X:` body and X reads the environment or is named
   * for configuration (`env_redis`, `settings.REDIS_URL`): the variable read ('' when unnamed), else undefined.
   */
  private unsetBranch(node: SyntaxNode): string | undefined {
    let stmt: SyntaxNode | null = node;
    for (let i = 0; stmt && !/Statement$/.test(stmt.name); i++) stmt = i < MAX_CLIMB ? stmt.parent : null;
    const body = stmt?.parent;
    if (body?.name !== 'Body' || body.parent?.name !== 'IfStatement') return undefined;
    const cond = body.prevSibling;
    if (!cond || cond.name === 'else') return undefined;
    let subject: SyntaxNode | undefined;
    if (cond.name === 'UnaryExpression' && cond.firstChild?.name === 'not') subject = cond.lastChild ?? undefined;
    else if (
      cond.name === 'BinaryExpression' &&
      cond.getChild('is') &&
      !cond.getChild('not') &&
      cond.lastChild?.name === 'None'
    )
      subject = cond.firstChild ?? undefined;
    if (!subject) return undefined;
    if (this.readsEnv(subject)) return this.firstRead(subject) ?? '';
    const name = dottedName(this.ctx.text, subject);
    return name && CONFIG_WORD.test(name) ? '' : undefined;
  }

  private djangoEnvReaders: Set<string> | undefined;

  /** Whether a name is bound to django-environ's `environ.Env(…)` (whose `env('X', cast, default)` takes the cast second). */
  isDjangoEnvReader(name: string): boolean {
    if (!this.djangoEnvReaders) {
      this.djangoEnvReaders = new Set();
      for (const a of this.ctx.index.assignments) {
        const parts = assignParts(a);
        const t = parts?.targets[0];
        if (t?.name !== 'VariableName' || parts!.value.name !== 'CallExpression') continue;
        const cls = dottedName(this.ctx.text, parts!.value.firstChild);
        if (cls && /^environ\.(Env|FileAwareEnv)$/.test(this.resolve(cls)))
          this.djangoEnvReaders.add(this.ctx.text.slice(t.from, t.to));
      }
    }
    return this.djangoEnvReaders.has(name);
  }

  /** Whether a class is a pydantic settings class (its fields are environment reads). */
  isSettingsClass(cls: SyntaxNode): boolean {
    return this.settingsClasses.has(classInfo(this.ctx.text, cls).name);
  }

  /**
   * Whether a literal is the fallback of an environment or config read: a default argument (`os.getenv('X', 'lit')`,
   * `env.str('X', default='lit')`, `config('X', default='lit')`, `settings.get('x', 'lit')`: a later argument of a
   * call whose first is a string or an env read, as in JS), the right side of `… or 'lit'` after an env or config
   * read, a branch of a conditional on one, or a pydantic settings field's default.
   */
  fallbackOf(lit: SyntaxNode): EnvFallback | undefined {
    const text = this.ctx.text;
    let child = outerOf(lit);
    let p = child.parent;
    // int('8000') around the literal itself
    while (p?.name === 'ArgList' && isCoercion(text, p.parent) && callArgs(text, p.parent!).positional.length === 1) {
      child = outerOf(p.parent!);
      p = child.parent;
    }
    if (!p) return undefined;
    let found: EnvFallback | undefined;
    // A call's arguments, or a decorator's (`@click.argument('url', envvar='REDIS_URL', default='…')`).
    if (p.name === 'ArgList' && (p.parent?.name === 'CallExpression' || p.parent?.name === 'Decorator')) {
      const call = p.parent;
      const args = callArgs(text, call);
      const index = args.positional.findIndex((a) => a.from === child.from);
      const isDefault = index > 0 || args.keywords.get('default')?.from === child.from;
      // click.option(…, envvar='X', default='lit'), typer.Option('lit', envvar='X'): read from X first.
      const envvar = args.keywords.get('envvar') ?? args.keywords.get('env_var') ?? args.keywords.get('env');
      const envvarName = stringValue(text, envvar);
      if (envvarName && (isDefault || index === 0)) found = { root: call, variable: envvarName };
      // dj-database-url reads DATABASE_URL first; `default=` is what it falls back to.
      else if (isDefault && dottedName(text, call.firstChild) === 'dj_database_url.config')
        found = { root: call, variable: 'DATABASE_URL' };
      else if (isDefault) {
        const read = this.readAt(call);
        const first = args.positional[0];
        if (read !== undefined) found = { root: call, variable: read || undefined };
        else if (first && (stringValue(text, first) !== undefined || this.readsEnv(first))) found = { root: call };
        else if (index === 2 && dottedName(text, call.firstChild) === 'getattr') {
          // getattr(settings, 'X', 'lit')
          const holder = dottedName(text, first);
          if (holder && CONFIG_WORD.test(holder))
            found = { root: call, variable: stringValue(text, args.positional[1]) };
        }
      }
    } else if (p.name === 'BinaryExpression' && p.lastChild?.from === child.from && p.getChild('or')) {
      const left = p.firstChild!;
      const holder = dottedName(text, left) ?? '';
      if (this.readsEnv(left) || CONFIG_WORD.test(holder)) found = { root: p, variable: this.firstRead(left) };
    } else if (p.name === 'ConditionalExpression' && p.getChild('if')) {
      const cond = p.getChild('if')?.nextSibling;
      if (cond && cond.from !== child.from && this.readsEnv(cond)) found = { root: p, variable: this.firstRead(cond) };
    } else if (p.name === 'AssignStatement') {
      const cls = enclosingClass(p);
      const parts = assignParts(p);
      const target = parts?.targets.length === 1 ? parts.targets[0] : undefined;
      const field = target?.name === 'VariableName' ? text.slice(target.from, target.to) : '';
      // Pydantic reads a settings field from the environment; an underscore attribute is private, not a field.
      if (cls && field && !field.startsWith('_') && parts!.value.from === child.from && this.isSettingsClass(cls))
        found = { root: child, variable: field.toUpperCase() };
    }
    if (!found && (p.name === 'ReturnStatement' || p.name === 'AssignStatement' || p.name === 'TupleExpression')) {
      // `if env_redis is None: return 'redis://localhost:6379'`: what `x or 'lit'` says in statements.
      const variable = this.unsetBranch(p);
      if (variable !== undefined) found = { root: child, variable: variable || undefined };
    }
    if (!found) return undefined;
    // `os.getenv('A') or os.getenv('B') or 'lit'`, `(…)`: the whole chain is what gets bound.
    let root = outerOf(found.root);
    for (let i = 0; i < 16 && root.parent?.name === 'BinaryExpression' && root.parent.getChild('or'); i++)
      root = outerOf(root.parent);
    return { ...found, root };
  }
}

function isCoercion(text: string, call: SyntaxNode | null): boolean {
  return call?.name === 'CallExpression' && COERCIONS.has(dottedName(text, call.firstChild) ?? '');
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
}

/** `True`, a non-zero number, or a string that reads as true (`'True'`, `'1'`, `'yes'`, `'on'`). */
export function isTruthyLiteral(text: string, node: SyntaxNode | null | undefined): boolean {
  if (!node) return false;
  if (node.name === 'Boolean') return text.slice(node.from, node.to) === 'True';
  if (node.name === 'Number') return Number(text.slice(node.from, node.to).replace(/_/g, '')) !== 0;
  const v = stringValue(text, node);
  return v !== undefined && /^(true|1|yes|on|y|t)$/i.test(v.trim());
}
