// config/env-example-drift in Python: the environment variables a file reads (the adapter's env reads: os.environ,
// os.getenv, django-environ, environs), recorded for the project half with what JS records: alias chains
// (`os.getenv('A') or os.getenv('B')`, `os.environ.get('A', os.environ.get('B'))`: B documented by A), flag
// comparisons (`os.getenv('X', 'false').lower() == 'true'`), and reads only made when a variable is set
// (`if 'AWS_STORAGE_BUCKET_NAME' in os.environ:`), which an app runs without.
import { ENV_READS, type EnvRead } from '../../../../facts/config';
import type { Range } from '../../../../core/types';
import { pyCheck, type PySourceContext } from '../../context';
import type { SyntaxNode } from '../../parse';
import { childrenOf, dottedName, stringValue } from '../../syntax';
import { MAX_CLIMB, outerOf, PyEnv } from '../../values';

export const envExampleDriftPy = pyCheck<never>({
  trigger: /environ|getenv|env/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || !ctx.facts.envReads.length) return;
    const env = new PyEnv(ctx as PySourceContext<string>);
    const at = (r: Range) => `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
    // The nodes of the adapter's reads, by range.
    const nodes = new Map<string, SyntaxNode>();
    for (const n of [...ctx.index.calls, ...ctx.index.subscripts]) nodes.set(at(ctx.rangeOf(n)), n);
    const reads: EnvRead[] = [];
    for (const r of ctx.facts.envReads) {
      const node = nodes.get(at(r.range));
      const read: EnvRead = { name: r.name, range: r.range };
      if (node) {
        const alts = aliasesOf(env, node, r.name);
        if (alts.length) read.alts = alts;
        if (isFlag(ctx.text, node)) read.flag = true;
        else if (onlyWhenSet(ctx, env, node)) read.optional = true;
      }
      reads.push(read);
    }
    ctx.record(ENV_READS, reads);
  },
});

/** The variables read before this one in an `or` chain or as the read whose default this one is. */
function aliasesOf(env: PyEnv, node: SyntaxNode, name: string): string[] {
  const out: string[] = [];
  let child = outerOf(node);
  for (let depth = 0; depth < 8; depth++) {
    const p = child.parent;
    if (p?.name === 'BinaryExpression' && p.getChild('or')) {
      const left = p.firstChild!;
      if (left.from !== child.from) collectReads(env, left, out);
      child = outerOf(p);
      continue;
    }
    // os.environ.get('A', os.environ.get('B')): the default's read is A's alias.
    const outer = p?.name === 'ArgList' && p.parent?.name === 'CallExpression' ? env.readAt(p.parent) : undefined;
    if (!outer) break;
    out.push(outer);
    child = outerOf(p!.parent!);
  }
  return out.filter((n) => n !== name);
}

/** The reads in an alias chain's earlier operands: a few nodes at most in real code, so the walk has a budget. */
function collectReads(env: PyEnv, node: SyntaxNode, out: string[]): void {
  const c = node.cursor();
  for (let more = true, budget = 200; more && c.from < node.to && budget > 0; more = c.next(), budget--) {
    if (c.name !== 'CallExpression' && c.name !== 'MemberExpression') continue;
    const v = env.readAt(c.node);
    if (v) out.push(v);
  }
}

/** `os.getenv('X') == 'true'`, `os.getenv('X', 'false').lower() in ('1', 'true')`: a missing variable means "off". */
function isFlag(text: string, node: SyntaxNode): boolean {
  let n = outerOf(node);
  // .lower().strip()
  while (n.parent?.name === 'MemberExpression' && n.parent.parent?.name === 'CallExpression') {
    const method = n.parent.lastChild;
    if (method?.name !== 'PropertyName' || !/^(lower|upper|strip|casefold)$/.test(text.slice(method.from, method.to)))
      break;
    n = outerOf(n.parent.parent);
  }
  const cmp = n.parent;
  if (cmp?.name !== 'BinaryExpression' || cmp.firstChild?.from !== n.from) return false;
  const kids = childrenOf(cmp);
  const op = kids
    .slice(1, -1)
    .map((k) => text.slice(k.from, k.to))
    .join(' ');
  if (!/^(==|!=|in|not in)$/.test(op)) return false;
  const other = kids[kids.length - 1];
  const literal = (c: SyntaxNode) => c.name === 'Boolean' || c.name === 'Number' || stringValue(text, c) !== undefined;
  return other.name === 'TupleExpression' || other.name === 'ArrayExpression' || other.name === 'SetExpression'
    ? childrenOf(other).some(literal)
    : literal(other);
}

/**
 * Whether a read only matters when some variable is set: the test of an `if` itself, or a read in the body of
 * `if 'X' in os.environ:`, `if os.getenv('X'):` or `if os.environ.get('X') and …:` (its first branch).
 */
function onlyWhenSet(ctx: PySourceContext<never>, env: PyEnv, node: SyntaxNode): boolean {
  // `if admins := os.getenv('ADMINS'):`, `if os.getenv('SENTRY_DSN'):`: the read is the test itself.
  let test = outerOf(node);
  if (test.parent?.name === 'NamedExpression') test = outerOf(test.parent);
  if (test.parent?.name === 'IfStatement' && test.nextSibling?.name === 'Body') return true;
  let child = node;
  for (let p = node.parent, i = 0; p && i < MAX_CLIMB; child = p, p = p.parent, i++) {
    if (p.name !== 'IfStatement' || child.name !== 'Body') continue;
    const before = child.prevSibling;
    if (!before || before.name === 'else') continue;
    if (testsPresence(ctx.text, env, before, 0)) return true;
  }
  return false;
}

function testsPresence(text: string, env: PyEnv, cond: SyntaxNode, depth: number): boolean {
  if (depth > 6) return false;
  if (cond.name === 'ParenthesizedExpression' && cond.firstChild?.nextSibling)
    return testsPresence(text, env, cond.firstChild.nextSibling, depth + 1);
  if (cond.name === 'BinaryExpression') {
    const kids = childrenOf(cond);
    if (kids[1]?.name === 'and')
      return testsPresence(text, env, kids[0], depth + 1) || testsPresence(text, env, kids[2], depth + 1);
    if (kids[1]?.name === 'or')
      return testsPresence(text, env, kids[0], depth + 1) && testsPresence(text, env, kids[2], depth + 1);
    const op = kids
      .slice(1, -1)
      .map((k) => text.slice(k.from, k.to))
      .join(' ');
    const right = kids[kids.length - 1];
    const holder = dottedName(text, right);
    return op === 'in' && stringValue(text, kids[0]) !== undefined && !!holder && env.resolve(holder) === 'os.environ';
  }
  return cond.name === 'CallExpression' && env.readAt(cond) !== undefined;
}
