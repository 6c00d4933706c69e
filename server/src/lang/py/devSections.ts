// Where Python code only runs outside production, as the config and backing-services checks read it (the logs,
// ports and concurrency checks use devOnly.ts; the two are to be unified): branches on a development flag or
// environment name (`if DEBUG:`, `if os.getenv('ENV') == 'development':`), config sections and classes named for
// development or tests (`{'development': …}`, `class DevConfig(Config)`), `if __name__ == '__main__':` blocks,
// and modules named for them (`settings/dev.py`, `local_settings.py`, `settings_test.py`).
import type { SyntaxNode } from './parse';
import { childrenOf, dottedName, stringValue } from './syntax';
import type { PyEnv } from './values';
import { classInfo, MAX_CLIMB } from './values';
import { LOCAL_SECTION } from '../../detect/environments';

const DEV_VALUES = new Set(['development', 'dev', 'local', 'test', 'testing']);
const PROD_VALUES = new Set(['production', 'prod']);
/** `DEBUG`, `settings.DEBUG`, `app.debug`, `IS_DEV`, `is_local`, `DEVELOPMENT_MODE` (underscores dropped). */
const DEV_FLAG = /^(is)?(dev|development|local|debug)(mode|env)?$/i;
const PROD_FLAG = /^(is)?(prod|production)(mode|env)?$/i;
/** Variables and settings that name the running environment. */
export const ENV_SELECTOR =
  /^(ENV|ENVIRONMENT|APP_ENV|APP_ENVIRONMENT|DJANGO_ENV|DJANGO_ENVIRONMENT|DJANGO_CONFIGURATION|FLASK_ENV|FLASK_CONFIG|FASTAPI_ENV|PYTHON_ENV|NODE_ENV|STAGE|APP_STAGE|DEPLOY_ENV|DEPLOYMENT_ENV|DEPLOYMENT_ENVIRONMENT|RUN_ENV|RUNTIME_ENV|SERVER_ENV|CONFIG_ENV|SETTINGS_ENV)$/i;

type Kind = 'dev' | 'prod' | undefined;

/**
 * Tokens of a module's file name that say it configures development or tests (`local_dev.py`, `settings_test.py`),
 * is an example to copy (`configuration_example.py`) or a benchmark (`benchmark_backends.py`).
 */
const LOCAL_TOKEN =
  /^(dev|devel|development|local|test|tests|testing|ci|e2e|debug|example|sample|bench|benchmark|benchmarks)$/i;

/**
 * Whether a module is named for local development or tests (`settings/dev.py`, `local_settings.py`, `ci.py`), as
 * an example (`configuration_example.py`) or a benchmark: none of it is what production runs.
 */
export function isNonProductionModule(rel: string): boolean {
  const base = rel.split('/').pop() ?? rel;
  const stem = base.replace(/\.py$/, '');
  if (stem.split(/[._-]+/).some((t) => LOCAL_TOKEN.test(t))) return true;
  // settings/dev/__init__.py
  const dir = rel.split('/').slice(-2, -1)[0] ?? '';
  return stem === '__init__' && LOCAL_TOKEN.test(dir);
}

/** The last name of a dotted name, underscores dropped: `settings.IS_DEV` → `ISDEV`. */
function flagName(text: string, node: SyntaxNode): string | undefined {
  if (node.name === 'MemberExpression' && node.lastChild?.name === ']') {
    const key = stringValue(text, node.lastChild.prevSibling);
    return key?.replace(/_/g, '');
  }
  const name = dottedName(text, node);
  return name?.split('.').pop()?.replace(/_/g, '');
}

/** The environment name a node reads: an env read of a selector variable, or a setting named like one. */
function isSelector(text: string, node: SyntaxNode, env: PyEnv): boolean {
  let n: SyntaxNode | null = node;
  // os.getenv('ENV', 'dev').lower()
  while (n?.name === 'CallExpression' && n.firstChild?.name === 'MemberExpression') {
    const method = n.firstChild.lastChild;
    if (method?.name !== 'PropertyName' || !/^(lower|upper|strip|casefold)$/.test(text.slice(method.from, method.to)))
      break;
    n = n.firstChild.firstChild;
  }
  if (!n) return false;
  const read = env.readAt(n);
  if (read !== undefined) return ENV_SELECTOR.test(read);
  const name = dottedName(text, n);
  return !!name && ENV_SELECTOR.test(name.split('.').pop()!);
}

/** 'dev' when a condition holds only in development, 'prod' when only in production. */
export function conditionKind(text: string, cond: SyntaxNode, env: PyEnv, depth = 0): Kind {
  if (depth > 8) return undefined;
  const n =
    cond.name === 'ParenthesizedExpression' && cond.firstChild?.nextSibling ? cond.firstChild.nextSibling : cond;
  if (n.name === 'UnaryExpression' && n.firstChild?.name === 'not')
    return invert(conditionKind(text, n.lastChild!, env, depth + 1));
  if (n.name === 'BinaryExpression') {
    const kids = childrenOf(n);
    if (kids[1]?.name === 'and')
      return conditionKind(text, kids[0], env, depth + 1) ?? conditionKind(text, kids[2], env, depth + 1);
    if (kids[1]?.name === 'or') return undefined;
    const op = kids.slice(1, -1).map((k) => text.slice(k.from, k.to));
    const left = kids[0];
    const right = kids[kids.length - 1];
    const eq = op.join(' ') === '==';
    const ne = op.join(' ') === '!=';
    const isIn = op.join(' ') === 'in';
    if (eq || ne) {
      const value = stringValue(text, right) ?? stringValue(text, left);
      const selector = isSelector(text, left, env) || isSelector(text, right, env);
      if (!selector || value === undefined) return undefined;
      const v = value.toLowerCase();
      if (PROD_VALUES.has(v)) return eq ? 'prod' : 'dev';
      if (DEV_VALUES.has(v)) return eq ? 'dev' : undefined;
      return undefined;
    }
    if (isIn && isSelector(text, left, env) && (right.name === 'TupleExpression' || right.name === 'ArrayExpression')) {
      const values = childrenOf(right)
        .map((c) => stringValue(text, c))
        .filter((v): v is string => v !== undefined)
        .map((v) => v.toLowerCase());
      if (values.length && values.every((v) => DEV_VALUES.has(v))) return 'dev';
      if (values.length && values.every((v) => PROD_VALUES.has(v))) return 'prod';
    }
    return undefined;
  }
  if (n.name === 'VariableName' || n.name === 'MemberExpression') {
    const last = flagName(text, n);
    if (!last) return undefined;
    if (DEV_FLAG.test(last)) return 'dev';
    if (PROD_FLAG.test(last)) return 'prod';
  }
  return undefined;
}

function invert(k: Kind): Kind {
  return k === 'dev' ? 'prod' : k === 'prod' ? 'dev' : undefined;
}

/** The condition that guards a Body of an if statement, and whether the Body is its `else`. */
function branchOf(ifStmt: SyntaxNode, body: SyntaxNode): { cond?: SyntaxNode; negated: boolean } | undefined {
  const kids = childrenOf(ifStmt);
  const i = kids.findIndex((k) => k.from === body.from && k.name === 'Body');
  if (i < 0) return undefined;
  const before = kids[i - 1];
  if (before?.name === 'else') {
    // `if c: … else: …` only; after an `elif` the else branch's condition is a conjunction of negations.
    const hasElif = kids.some((k) => k.name === 'elif');
    return hasElif ? undefined : { cond: kids[1], negated: true };
  }
  return before ? { cond: before, negated: false } : undefined;
}

/** Whether a node sits in a branch that only runs in development (`if DEBUG:`, `x if not IS_PROD else y`). */
export function isDevOnly(text: string, node: SyntaxNode, env: PyEnv): boolean {
  let child = node;
  for (let p = node.parent, i = 0; p && p.name !== 'Script' && i < MAX_CLIMB; child = p, p = p.parent, i++) {
    let kind: Kind;
    if (p.name === 'IfStatement' && child.name === 'Body') {
      const b = branchOf(p, child);
      if (b?.cond) kind = b.negated ? invert(conditionKind(text, b.cond, env)) : conditionKind(text, b.cond, env);
    } else if (p.name === 'ConditionalExpression') {
      const cond = p.getChild('if')?.nextSibling;
      if (cond && child.from !== cond.from) {
        const whenTrue = child.to <= cond.from;
        kind = whenTrue ? conditionKind(text, cond, env) : invert(conditionKind(text, cond, env));
      }
    } else if (p.name === 'BinaryExpression' && p.getChild('and') && p.lastChild?.from === child.from) {
      kind = conditionKind(text, p.firstChild!, env);
    }
    if (kind === 'dev') return true;
  }
  return false;
}

/** Config classes named for local development or tests: `DevConfig`, `TestingSettings`, `LocalConfiguration`. */
export function isLocalClassName(name: string): boolean {
  const bare = name.replace(/(Config|Configuration|Settings|Conf)$/, '');
  return (
    LOCAL_SECTION.test(bare) ||
    /^(Dev|Development|Local|Test|Testing|Debug|CI|E2E)(Config|Configuration|Settings|Conf)/.test(name)
  );
}

/** Whether a node sits in a dict section for development or tests (`{'development': {…}}`) or a class named so. */
export function inLocalSection(text: string, node: SyntaxNode): boolean {
  let inFunction = false;
  let child = node;
  for (let p = node.parent, i = 0; p && i < MAX_CLIMB; child = p, p = p.parent, i++) {
    if (p.name === 'FunctionDefinition' || p.name === 'LambdaExpression') inFunction = true;
    if (!inFunction && p.name === 'DictionaryExpression' && child.prevSibling?.name === ':') {
      const key = stringValue(text, child.prevSibling.prevSibling);
      if (key !== undefined && LOCAL_SECTION.test(key)) return true;
    }
    if (p.name === 'ClassDefinition' && isLocalClassName(classInfo(text, p).name)) return true;
  }
  return false;
}

/** Whether a node sits in the body of `if __name__ == '__main__':` (run as a script, not when imported). */
export function inMainBlock(text: string, node: SyntaxNode): boolean {
  let child = node;
  for (let p = node.parent, i = 0; p && i < MAX_CLIMB; child = p, p = p.parent, i++) {
    if (p.name !== 'IfStatement' || child.name !== 'Body') continue;
    const b = branchOf(p, child);
    if (!b?.cond || b.negated || b.cond.name !== 'BinaryExpression') continue;
    const kids = childrenOf(b.cond);
    const sides = [kids[0], kids[kids.length - 1]].map((k) =>
      k.name === 'VariableName' ? text.slice(k.from, k.to) : stringValue(text, k),
    );
    if (text.slice(kids[1].from, kids[1].to) === '==' && sides.includes('__name__') && sides.includes('__main__'))
      return true;
  }
  return false;
}
