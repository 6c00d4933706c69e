// Python name scopes, as far as the Python checks need them: whether a function binds a name locally (so a module's
// name of the same spelling is shadowed there) or declares it `global`. Conservative: a binding anywhere inside the
// function, nested functions and comprehensions included, counts, so a look-alike is never taken for module state.
import type { SyntaxNode } from './parse';
import { childrenOf } from './syntax';

/** Names a node binds when it is an assignment target (`a`, `a, b`, `[a, *b]`); subscripts and attributes bind none. */
function targetNames(text: string, node: SyntaxNode, out: Set<string>): void {
  if (node.name === 'VariableName') out.add(text.slice(node.from, node.to));
  else if (
    node.name === 'TupleExpression' ||
    node.name === 'ArrayExpression' ||
    node.name === 'ParenthesizedExpression' ||
    node.name === 'StarExpression'
  )
    for (const k of childrenOf(node)) targetNames(text, k, out);
}

/** The names a parameter list declares (not the names its defaults or annotations use). */
export function paramNames(text: string, list: SyntaxNode): string[] {
  const out: string[] = [];
  const kids = childrenOf(list);
  for (let i = 0; i < kids.length; i++) {
    const prev = kids[i - 1]?.name;
    // A lambda's parameter list has no parentheses: its first name has no token before it.
    if (kids[i].name === 'VariableName' && (i === 0 || prev === '(' || prev === ',' || prev === '*' || prev === '**'))
      out.push(text.slice(kids[i].from, kids[i].to));
  }
  return out;
}

export interface FunctionScope {
  /** Names bound in the function (parameters, assignments, loop and `with`/`except` targets, imports, defs). */
  bound: Set<string>;
  /** Names declared `global` or `nonlocal` in it. */
  declared: Set<string>;
}

/** What a function definition binds and declares (see the file's comment for what "in" means). */
export function functionScope(text: string, fn: SyntaxNode): FunctionScope {
  const bound = new Set<string>();
  const declared = new Set<string>();
  fn.cursor().iterate((ref) => {
    const n = ref.node;
    switch (ref.name) {
      case 'ParamList':
        for (const name of paramNames(text, n)) bound.add(name);
        break;
      case 'AssignStatement':
      case 'UpdateStatement': {
        const kids = childrenOf(n);
        const last = kids.map((k) => k.name).lastIndexOf(ref.name === 'AssignStatement' ? 'AssignOp' : 'UpdateOp');
        for (let i = 0; i < last; i++) if (kids[i].name !== 'AssignOp') targetNames(text, kids[i], bound);
        break;
      }
      case 'ForStatement':
      case 'ArrayComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'ComprehensionExpression': {
        // `for a, b in …`: the targets between each `for` and its `in`.
        let inTarget = false;
        for (const k of childrenOf(n)) {
          if (k.name === 'for') inTarget = true;
          else if (k.name === 'in') inTarget = false;
          else if (inTarget) targetNames(text, k, bound);
        }
        break;
      }
      case 'WithStatement':
      case 'TryStatement': {
        const kids = childrenOf(n);
        for (let i = 0; i < kids.length - 1; i++) if (kids[i].name === 'as') targetNames(text, kids[i + 1], bound);
        break;
      }
      case 'NamedExpression':
        if (n.firstChild) targetNames(text, n.firstChild, bound);
        break;
      case 'ImportStatement':
        for (const k of childrenOf(n)) if (k.name === 'VariableName') bound.add(text.slice(k.from, k.to));
        break;
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const name = n.getChild('VariableName');
        if (name && n.from !== fn.from) bound.add(text.slice(name.from, name.to));
        break;
      }
      case 'ScopeStatement':
        for (const k of childrenOf(n)) if (k.name === 'VariableName') declared.add(text.slice(k.from, k.to));
        break;
    }
  });
  return { bound, declared };
}

/** Memoised scopes of the functions of one file, by definition offset (made per check run, dropped with it). */
export class Scopes {
  private readonly byFn = new Map<number, FunctionScope>();
  constructor(private readonly text: string) {}

  of(fn: SyntaxNode): FunctionScope {
    let s = this.byFn.get(fn.from);
    if (!s) this.byFn.set(fn.from, (s = functionScope(this.text, fn)));
    return s;
  }

  /** Whether `name` at `node` is the module's: no enclosing function binds it without declaring it `global`. */
  isModuleName(name: string, node: SyntaxNode): boolean {
    for (let p = node.parent; p; p = p.parent) {
      if (p.name !== 'FunctionDefinition' && p.name !== 'LambdaExpression') continue;
      if (p.name === 'LambdaExpression') {
        const params = p.getChild('ParamList');
        if (params && paramNames(this.text, params).includes(name)) return false;
        continue;
      }
      const s = this.of(p);
      if (s.declared.has(name)) return true;
      if (s.bound.has(name)) return false;
    }
    return true;
  }

  /** Whether the innermost function around `node` declares `name` global. */
  declaresGlobal(name: string, node: SyntaxNode): boolean {
    for (let p = node.parent; p; p = p.parent)
      if (p.name === 'FunctionDefinition') return this.of(p).declared.has(name);
    return false;
  }
}
