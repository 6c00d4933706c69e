// Python code that only runs outside production: branches under `if DEBUG:` / `if app.debug:` / `if ENV ==
// 'development':`, development settings modules (`settings/dev.py`, `local_settings.py`), and the script entry
// (`if __name__ == "__main__":`, module-level statements, the functions that entry calls), which a production server
// that imports the module by path (gunicorn, uvicorn) never runs. Local-development defaults are not violations.
import type { SyntaxNode } from './parse';
import { childrenOf, dottedName, stringValue } from './syntax';

const DEV_FLAG = /^(is_?)?(dev|development|local|debug|test|testing)(_?mode|_?env)?$/i;
const PROD_FLAG = /^(is_?)?(prod|production)(_?mode|_?env)?$/i;
/** Names that hold the deployment environment's name (`ENV`, `settings.ENVIRONMENT`, `app.config['FLASK_ENV']`). */
const ENV_NAME = /^(\w+_)?(env|environment|stage|mode)$/i;
const DEV_VALUES = new Set(['development', 'dev', 'develop', 'local', 'test', 'testing']);
const PROD_VALUES = new Set(['production', 'prod', 'live']);
/** Calls that read an environment variable: their first argument names it. */
const ENV_READERS = /^(os\.getenv|os\.environ\.get|getenv|environ\.get|env(\.\w+)?|config)$/;

type Kind = 'dev' | 'prod' | undefined;

const MAX_DEPTH = 32;

function invert(k: Kind): Kind {
  return k === 'dev' ? 'prod' : k === 'prod' ? 'dev' : undefined;
}

/** The last name a condition's operand is known by: `DEBUG`, `settings.DEBUG`, `app.config['DEBUG']`, `os.getenv('DEBUG')`. */
function flagName(text: string, node: SyntaxNode): string | undefined {
  const dotted = dottedName(text, node);
  if (dotted) return dotted.slice(dotted.lastIndexOf('.') + 1);
  if (node.name === 'MemberExpression' && node.getChild('[')) {
    const key = node.getChild('[')?.nextSibling;
    return stringValue(text, key);
  }
  if (node.name === 'CallExpression') {
    const callee = dottedName(text, node.firstChild);
    const list = node.lastChild;
    const args = list?.name === 'ArgList' ? childrenOf(list).filter((c) => !/^[(),]$/.test(c.name)) : [];
    // getattr(settings, 'DEBUG', False), os.getenv('DEBUG'), env.bool('DEBUG', default=False)
    if (callee === 'getattr') return stringValue(text, args[1]);
    if (callee && ENV_READERS.test(callee)) return stringValue(text, args[0]);
  }
  return undefined;
}

function stringsOf(text: string, node: SyntaxNode): string[] | undefined {
  const one = stringValue(text, node);
  if (one !== undefined) return [one];
  if (node.name !== 'TupleExpression' && node.name !== 'ArrayExpression' && node.name !== 'SetExpression')
    return undefined;
  const out: string[] = [];
  for (const c of childrenOf(node)) {
    if (/^[()[\]{},]$/.test(c.name)) continue;
    const s = stringValue(text, c);
    if (s === undefined) return undefined;
    out.push(s.toLowerCase());
  }
  return out;
}

/** 'dev' when a condition holds only in development (or tests), 'prod' when only in production. */
export function conditionKind(text: string, cond: SyntaxNode | null | undefined, depth = 0): Kind {
  // Conditions nest a few levels in real code; a hostile `a and a and …` chain is not followed down.
  if (!cond || depth > MAX_DEPTH) return undefined;
  const kind = (n: SyntaxNode | null | undefined) => conditionKind(text, n, depth + 1);
  if (cond.name === 'ParenthesizedExpression') return kind(cond.firstChild?.nextSibling);
  if (cond.name === 'UnaryExpression' && cond.firstChild?.name === 'not') return invert(kind(cond.lastChild));
  if (cond.name === 'BinaryExpression') {
    const kids = childrenOf(cond);
    const ops = kids.slice(1, -1).map((k) => k.name);
    const left = kids[0];
    const right = kids[kids.length - 1];
    if (ops.join() === 'and') return kind(left) ?? kind(right);
    if (ops.join() === 'or') {
      const a = kind(left);
      return a === kind(right) ? a : undefined;
    }
    const negated = ops.includes('not') || (ops.length === 1 && text.slice(kids[1].from, kids[1].to) === '!=');
    const eq =
      ops.length === 1 && kids[1].name === 'CompareOp' && /^(==|!=)$/.test(text.slice(kids[1].from, kids[1].to));
    const isIn = ops.includes('in');
    if (!eq && !isIn) return undefined;
    // `ENV == 'production'`, `'production' == ENV`, `ENV in ('dev', 'local')`, `ENV not in ('production',)`
    const [envSide, values] = stringsOf(text, right) ? [left, stringsOf(text, right)!] : [right, stringsOf(text, left)];
    const name = flagName(text, envSide);
    if (!values?.length || !name || !ENV_NAME.test(name)) return undefined;
    const lower = values.map((v) => v.toLowerCase());
    if (lower.every((v) => PROD_VALUES.has(v))) return negated ? 'dev' : 'prod';
    if (lower.every((v) => DEV_VALUES.has(v))) return negated ? undefined : 'dev';
    return undefined;
  }
  const name = flagName(text, cond);
  if (!name) return undefined;
  if (DEV_FLAG.test(name)) return 'dev';
  if (PROD_FLAG.test(name)) return 'prod';
  return undefined;
}

/** The kinds of an `if` statement's branches by where each body starts, kept for the file being read (see below). */
let branchText: string | undefined;
const branchCache = new Map<number, Map<number, Kind>>();

/**
 * For a node in one branch of an `if`/`elif`/`else`, the branch's kind: an `elif`/`else` branch runs when every
 * condition before it is false. Worked out once per statement: a long `elif` chain is read in one pass.
 */
function branchKind(text: string, ifStmt: SyntaxNode, body: SyntaxNode): Kind {
  if (branchText !== text) {
    branchText = text;
    branchCache.clear();
  }
  let kinds = branchCache.get(ifStmt.from);
  if (!kinds) {
    kinds = new Map();
    let before: Kind;
    for (let c = ifStmt.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'Body') continue;
      const cond = c.prevSibling;
      const own = cond && cond.name !== 'else' ? conditionKind(text, cond) : undefined;
      kinds.set(c.from, own === 'dev' ? 'dev' : before);
      // Every earlier condition is false after it: a production-only one makes the later branches development-only.
      if (own === 'prod') before = 'dev';
    }
    branchCache.set(ifStmt.from, kinds);
  }
  return kinds.get(body.from);
}

/** Whether `node` sits in a branch that only runs in development or tests (`if DEBUG:`, `x if app.debug else y`). */
export function isDevOnly(text: string, node: SyntaxNode): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (p.name === 'IfStatement' && child.name === 'Body') {
      if (branchKind(text, p, child) === 'dev') return true;
    } else if (p.name === 'ConditionalExpression') {
      // `a if cond else b`
      const kids = childrenOf(p);
      const at = kids.findIndex((k) => k.name === 'if');
      const cond = kids[at + 1];
      if (!cond || child.from === cond.from) continue;
      const k = conditionKind(text, cond);
      if ((child.to <= cond.from ? k : invert(k)) === 'dev') return true;
    } else if (p.name === 'BinaryExpression' && child.from !== p.firstChild?.from) {
      // `DEBUG and setup_file_logging()`
      const op = child.prevSibling;
      if (op?.name === 'and' && conditionKind(text, p.firstChild) === 'dev') return true;
    }
  }
  return false;
}

/** `__name__ == "__main__"` in either order. */
function isMainTest(text: string, cond: SyntaxNode | null): boolean {
  if (cond?.name !== 'BinaryExpression') return false;
  const kids = childrenOf(cond);
  if (kids.length !== 3 || text.slice(kids[1].from, kids[1].to) !== '==') return false;
  const [a, , b] = kids;
  const isName = (n: SyntaxNode) => n.name === 'VariableName' && text.slice(n.from, n.to) === '__name__';
  return (isName(a) && stringValue(text, b) === '__main__') || (isName(b) && stringValue(text, a) === '__main__');
}

/** The `if __name__ == "__main__":` statement whose first body holds `node`, if any. */
export function mainBlockOf(text: string, node: SyntaxNode): SyntaxNode | undefined {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (p.name === 'IfStatement' && isFirstBody(child)) {
      if (isMainTest(text, child.prevSibling)) return p;
    }
  }
  return undefined;
}

/**
 * Whether a child of an `if` statement is its first body (`if cond:`'s, not an `elif`'s or `else`'s), in constant
 * time: `getChild` would scan a long `elif` chain once per node asked about.
 */
export function isFirstBody(child: SyntaxNode): boolean {
  return child.name === 'Body' && child.prevSibling?.prevSibling?.name === 'if';
}

/** The innermost function a node is in, if any. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') return p;
  return undefined;
}

/** A function definition's name. */
export function functionName(text: string, fn: SyntaxNode): string | undefined {
  const name = fn.getChild('VariableName');
  return name ? text.slice(name.from, name.to) : undefined;
}

/** The names the file's `if __name__ == "__main__":` blocks call (`main()`), for inScriptEntry. */
export function mainCalls(text: string, calls: readonly SyntaxNode[]): Set<string> {
  const out = new Set<string>();
  if (!/__main__/.test(text)) return out;
  for (const c of calls) {
    const name = c.firstChild?.name === 'VariableName' ? text.slice(c.firstChild.from, c.firstChild.to) : undefined;
    if (name && !out.has(name) && mainBlockOf(text, c)) out.add(name);
  }
  return out;
}

/**
 * Whether `node` runs when the file is executed as a script: in its `if __name__ == "__main__":` block, at module
 * level (outside every function and class), or in a module-level function that the `__main__` block calls (`called`:
 * mainCalls).
 */
export function inScriptEntry(text: string, node: SyntaxNode, called: ReadonlySet<string>): boolean {
  if (mainBlockOf(text, node)) return true;
  let fn: SyntaxNode | undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition' || p.name === 'LambdaExpression') fn = p;
  }
  if (!fn) return true;
  if (fn.name !== 'FunctionDefinition' || fn.parent?.name !== 'Script') return false;
  const name = functionName(text, fn);
  return !!name && called.has(name);
}

/**
 * Settings modules for development or tests, by the names Django and Flask projects give them: `settings/dev.py`,
 * `settings/local.py`, `settings_dev.py`, `local_settings.py`, `config/development.py`, `settings/test.py`.
 */
const DEV_SETTINGS =
  /(^|\/)(settings|config|conf|configs)\/(dev|development|local|test|testing|tests|ci|debug)(_[\w]+)?\.py$|(^|\/)(settings|config)[_.-](dev|development|local|test|testing|ci)\.py$|(^|\/)(dev|development|local|test|testing)[_.-](settings|config)\.py$/i;

export function isDevSettingsPath(rel: string): boolean {
  return DEV_SETTINGS.test(rel);
}
