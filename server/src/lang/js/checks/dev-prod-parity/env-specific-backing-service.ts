// dev-prod-parity/env-specific-backing-service in JS/TS: a NODE_ENV condition (or an object keyed by environment)
// whose branches pick different kinds of one backing service, reported at the condition.
import * as ts from 'typescript';
import type { Message } from '../../../../core/types';
import { jsCheck, type JsExtractContext } from '../../context';
import { calleeName, declaredName, envVarName, stringValue, unwrap } from '../../astUtil';
import {
  backingKindOf,
  backingKindOfClass,
  LocalClasses,
  standInStem,
  type BackingKind,
  type Category,
} from '../../backingKinds';
import { moduleRefs } from '../../moduleRefs';
import { excerpt } from '../../../../util/redact';

const SELECTOR_VARS = new Set([
  'NODE_ENV',
  'APP_ENV',
  'ENV',
  'ENVIRONMENT',
  'NODE_CONFIG_ENV',
  'STAGE',
  'APP_STAGE',
  'DEPLOY_ENV',
  'DEPLOYMENT_ENV',
  'RUNTIME_ENV',
  'VERCEL_ENV',
  'MODE',
  'PROD',
  'DEV',
]);
const PROD_NAMES = /^(production|prod|staging|stage|preprod|live)$/i;
const DEV_NAMES = /^(development|dev|local|develop)$/i;
const TEST_NAMES = /^(test|testing|ci|e2e)$/i;
const FLAG = /^is_?(prod|production|staging|dev|development|local|test|testing)$/i;

type Side = 'prod' | 'dev' | 'unknown';

interface Selector {
  /** The node whose branches pick the services (a conditional, an if, or an object keyed by environment). */
  node: ts.Node;
  /** Where its branches end: past the `if` itself when the code after an exiting `if` is its else branch. */
  end: number;
  /** What to point at. */
  at: ts.Node;
  /** Environment of each branch, when the condition says. */
  sides: Map<string, Side>;
  kinds: Map<string, BackingKind[]>;
  label: string;
}

/** Environment names and flags a condition mentions; undefined when it does not test the environment at all. */
function envMentions(cond: ts.Expression): { names: string[]; flags: string[] } | undefined {
  const names: string[] = [];
  const flags: string[] = [];
  let reads = false;
  const visit = (n: ts.Node): void => {
    const env = envVarName(n);
    if (env !== undefined) {
      if (SELECTOR_VARS.has(env)) {
        reads = true;
        if (env === 'PROD' || env === 'DEV') flags.push(`is${env}`);
      }
      return;
    }
    if (ts.isIdentifier(n) && FLAG.test(n.text)) flags.push(n.text);
    else if (ts.isPropertyAccessExpression(n) && FLAG.test(n.name.text)) {
      flags.push(n.name.text);
      return;
    }
    if (ts.isBinaryExpression(n) && isEquality(n.operatorToken.kind)) {
      const [lit, other] = ts.isStringLiteral(n.right)
        ? [n.right, n.left]
        : ts.isStringLiteral(n.left)
          ? [n.left, n.right]
          : [undefined, undefined];
      if (
        lit &&
        other &&
        (PROD_NAMES.test(lit.text) || DEV_NAMES.test(lit.text) || TEST_NAMES.test(lit.text)) &&
        /env|mode|stage/i.test(other.getText())
      ) {
        names.push(lit.text);
        reads = true;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(cond);
  if (!reads && !flags.length) return undefined;
  return { names, flags };
}

function isEquality(k: ts.SyntaxKind): boolean {
  return (
    k === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    k === ts.SyntaxKind.EqualsEqualsToken ||
    k === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    k === ts.SyntaxKind.ExclamationEqualsToken
  );
}

/** Only switches between tests and everything else: test doubles are not a parity problem. */
function testOnly(m: { names: string[]; flags: string[] }): boolean {
  const all = [...m.names, ...m.flags.map((f) => f.replace(/^is_?/i, ''))];
  return all.length > 0 && all.every((x) => TEST_NAMES.test(x));
}

/** Which environment the `true` branch serves, for simple conditions (`isProd`, `NODE_ENV === 'production'`, `!isDev`). */
function trueSide(cond: ts.Expression): Side {
  const s = sideOf(cond);
  return s === 'test' || s === 'nottest' ? 'unknown' : s;
}

/** As trueSide, also knowing tests: 'nottest' is `NODE_ENV !== 'test'`, true in development and production alike. */
type CondSide = Side | 'test' | 'nottest';

function sideOf(cond: ts.Expression): CondSide {
  const c = unwrap(cond);
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) return negated(sideOf(c.operand));
  const flag = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : undefined;
  if (envVarName(c) === 'PROD') return 'prod';
  if (envVarName(c) === 'DEV') return 'dev';
  if (flag && FLAG.test(flag)) return /prod|staging/i.test(flag) ? 'prod' : /dev|local/i.test(flag) ? 'dev' : 'test';
  if (!ts.isBinaryExpression(c)) return 'unknown';
  const k = c.operatorToken.kind;
  if (k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.AmpersandAmpersandToken) {
    // `dev || test` serves development (tests aside); `!prod && !test` likewise.
    const neutral: CondSide = k === ts.SyntaxKind.BarBarToken ? 'test' : 'nottest';
    const rest = [sideOf(c.left), sideOf(c.right)].filter((x) => x !== neutral);
    if (!rest.length) return neutral;
    return (rest[0] === 'prod' || rest[0] === 'dev') && rest.every((x) => x === rest[0]) ? rest[0] : 'unknown';
  }
  if (!isEquality(k)) return 'unknown';
  const lit = ts.isStringLiteral(c.right) ? c.right : ts.isStringLiteral(c.left) ? c.left : undefined;
  const side: CondSide = !lit
    ? 'unknown'
    : PROD_NAMES.test(lit.text)
      ? 'prod'
      : DEV_NAMES.test(lit.text)
        ? 'dev'
        : TEST_NAMES.test(lit.text)
          ? 'test'
          : 'unknown';
  return k === ts.SyntaxKind.ExclamationEqualsEqualsToken || k === ts.SyntaxKind.ExclamationEqualsToken
    ? negated(side)
    : side;
}

function negated(s: CondSide): CondSide {
  return s === 'prod' ? 'dev' : s === 'dev' ? 'prod' : s === 'test' ? 'nottest' : s === 'nottest' ? 'test' : 'unknown';
}

/** Whether the branch of a test-only switch runs only in tests: the true branch of `NODE_ENV === 'test'`. */
function servesTests(cond: ts.Expression, inTrue: boolean): boolean {
  return sideOf(cond) === (inTrue ? 'test' : 'nottest');
}

/** Whether a statement never completes normally: it ends in `return` or `throw`. */
function exits(st: ts.Statement): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (ts.isBlock(st)) return st.statements.length > 0 && exits(st.statements[st.statements.length - 1]);
  if (ts.isIfStatement(st)) return !!st.elseStatement && exits(st.thenStatement) && exits(st.elseStatement);
  return false;
}

function other(s: Side): Side {
  return s === 'prod' ? 'dev' : s === 'dev' ? 'prod' : 'unknown';
}

function shortText(node: ts.Node): string {
  return excerpt(node.getText().replace(/\s+/g, ' '), 60, 57);
}

/** `{ development: { client: 'sqlite3' }, production: { client: 'pg' } }`: a section keyed by environment. */
function envSection(prop: ts.PropertyAssignment): Side | 'test' | undefined {
  const key = declaredName(prop.name) ?? '';
  if (PROD_NAMES.test(key)) return 'prod';
  if (DEV_NAMES.test(key)) return 'dev';
  if (TEST_NAMES.test(key)) return 'test';
  return undefined;
}

type MessageId = 'sections' | 'devProd' | 'switch';

export const envSpecificBackingServiceJs = jsCheck<MessageId>({
  trigger:
    /NODE_ENV|APP_ENV|\bENV\b|ENVIRONMENT|STAGE|isProd|isDev|isLocal|IS_PROD|IS_DEV|production|development|import\.meta\.env/i,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const imports = new Set(ctx.facts.imports.map((i) => i.specifier));
    const selectors = new Map<ts.Node, Selector>();
    const record = (sel: Omit<Selector, 'kinds'>, branch: string, kind: BackingKind) => {
      let s = selectors.get(sel.node);
      if (!s) selectors.set(sel.node, (s = { ...sel, kinds: new Map() }));
      s.end = Math.max(s.end, sel.end);
      const list = s.kinds.get(branch) ?? [];
      list.push(kind);
      s.kinds.set(branch, list);
    };
    const candidates: ts.Node[] = [...ctx.index.news, ...ctx.index.calls, ...ctx.index.strings];
    const refs = moduleRefs(ctx.sourceFile, ctx.index);
    // Classes of this file, judged by their bodies: `new LocalDiskStorage()`, `AmqpBroker.connect()`.
    const local = new LocalClasses(ctx.sourceFile, ctx.index, refs, imports);
    const kindsOf = (node: ts.Node): BackingKind[] => {
      const known = backingKindOf(node, imports, refs);
      if (known) return [known];
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) return local.kindsOf(node.expression.text);
      const factory = ts.isCallExpression(node) ? local.factoryClass(node) : undefined;
      return factory ? local.kindsOf(factory) : [];
    };
    // Classes picked without being constructed: `const Impl = isDev ? require('ioredis-mock') : Redis`.
    const importedFrom = importedNames(ctx);
    const classBranches = new Map<ts.Node, BackingKind[]>();
    const branchClass = (e: ts.Expression | undefined) => {
      const n = e && unwrap(e);
      if (!n || !ts.isIdentifier(n) || classBranches.has(n)) return;
      const kind = backingKindOfClass(n.text, imports, importedFrom.get(n.text));
      const kinds = kind ? [kind] : local.kindsOf(n.text);
      if (kinds.length) {
        classBranches.set(n, kinds);
        candidates.push(n);
      }
    };
    for (const init of [
      ...ctx.index.variables.map((v) => v.initializer),
      ...ctx.index.properties.map((p) => p.initializer),
    ]) {
      const c = init && unwrap(init);
      if (c && ts.isConditionalExpression(c)) {
        branchClass(c.whenTrue);
        branchClass(c.whenFalse);
        pairStandIn(c.whenTrue, c.whenFalse);
        pairStandIn(c.whenFalse, c.whenTrue);
      }
    }
    /**
     * `isProd ? HttpPaymentsClient : FakePaymentsClient`: the class a stand-in imitates (same name without Fake/Mock)
     * is the real service, even when nothing else says what it is.
     */
    function pairStandIn(fake: ts.Expression, real: ts.Expression): void {
      const f = unwrap(fake);
      const r = unwrap(real);
      if (!ts.isIdentifier(f) || !ts.isIdentifier(r) || classBranches.has(r)) return;
      const stem = standInStem(f.text);
      const kind = classBranches.get(f)?.[0];
      if (!stem || !kind || !kind.kind.startsWith('memory') || standInStem(r.text) || !r.text.endsWith(stem)) return;
      classBranches.set(r, [{ category: kind.category, kind: 'client', label: r.text }]);
      candidates.push(r);
    }
    const ifSelector = (p: ts.IfStatement | ts.ConditionalExpression, end: number): Omit<Selector, 'kinds'> => {
      const cond = ts.isConditionalExpression(p) ? p.condition : p.expression;
      const t = trueSide(cond);
      return {
        node: p,
        end,
        at: cond,
        sides: new Map([
          ['true', t],
          ['false', other(t)],
        ]),
        label: shortText(cond),
      };
    };
    for (const node of candidates) {
      const kinds = classBranches.get(node) ?? kindsOf(node);
      if (!kinds.length) continue;
      let child: ts.Node = node;
      walk: for (let p = node.parent; p && !ts.isSourceFile(p); child = p, p = p.parent) {
        if (
          (ts.isConditionalExpression(p) && child !== p.condition) ||
          (ts.isIfStatement(p) && child !== p.expression)
        ) {
          const cond = ts.isConditionalExpression(p) ? p.condition : p.expression;
          const inTrue = ts.isConditionalExpression(p) ? child === p.whenTrue : child === p.thenStatement;
          const m = envMentions(cond);
          if (!m) continue;
          // A test double picked for tests only counts for neither development nor production.
          if (testOnly(m)) {
            if (servesTests(cond, inTrue)) break;
            continue;
          }
          for (const kind of kinds) record(ifSelector(p, p.end), inTrue ? 'true' : 'false', kind);
        } else if (ts.isBlock(p)) {
          // `if (!isProd) { return new InMemoryBroker(); } return AmqpBroker.connect();`: what follows an `if`
          // whose branch always returns or throws is its else branch. Nearest first, for the test check.
          for (let i = p.statements.indexOf(child as ts.Statement) - 1; i >= 0; i--) {
            const st = p.statements[i];
            if (!ts.isIfStatement(st) || !exits(st.thenStatement)) continue;
            const m = envMentions(st.expression);
            if (!m) continue;
            if (testOnly(m)) {
              if (servesTests(st.expression, false)) break walk;
              continue;
            }
            for (const kind of kinds) record(ifSelector(st, p.end), 'false', kind);
          }
        } else if (ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.parent)) {
          const side = envSection(p);
          if (!side || side === 'test') continue;
          // The object must be keyed by environments: at least one other environment-named section.
          const siblings = p.parent.properties.filter(
            (q) => q !== p && ts.isPropertyAssignment(q) && envSection(q) !== undefined,
          );
          if (!siblings.length) continue;
          const key = declaredName(p.name)!;
          for (const kind of kinds)
            record({ node: p.parent, end: p.parent.end, at: p.parent, sides: new Map(), label: '' }, key, kind);
          selectors.get(p.parent)!.sides.set(key, side);
        }
      }
    }
    const reported: { pos: number; end: number; category: Category }[] = [];
    // Outermost selectors first, so a nested one that repeats the same choice is not reported twice.
    const list = [...selectors.values()].sort((a, b) => a.node.getStart() - b.node.getStart() || b.end - a.end);
    for (const sel of list) {
      const dev = branchesOf(sel, 'dev');
      const prod = branchesOf(sel, 'prod');
      const known = dev.length > 0 && prod.length > 0;
      const [left, right] = known ? [dev, prod] : [[...sel.kinds.keys()].slice(0, 1), [...sel.kinds.keys()].slice(1)];
      for (const category of ['database', 'store', 'files', 'queue', 'service'] as Category[]) {
        const a = kindsIn(sel, left, category);
        const b = kindsIn(sel, right, category);
        if (!a.length || !b.length || sameKinds(a, b)) continue;
        if (reported.some((r) => r.category === category && r.pos <= sel.node.pos && sel.end <= r.end)) continue;
        reported.push({ pos: sel.node.pos, end: sel.end, category });
        const keyed = ts.isObjectLiteralExpression(sel.node);
        const message: Message<MessageId> = keyed
          ? {
              messageId: 'sections',
              data: { devSection: left.join('/'), dev: labels(a), prodSection: right.join('/'), prod: labels(b) },
            }
          : known
            ? // Reported at the condition that chooses, so the message need not quote it.
              { messageId: 'devProd', data: { dev: labels(a), prod: labels(b) } }
            : { messageId: 'switch', data: { selector: sel.label, dev: labels(a), prod: labels(b) } };
        const at =
          sel.at === sel.node && ts.isObjectLiteralExpression(sel.node) ? (devKeyNode(sel.node) ?? sel.node) : sel.at;
        ctx.report(at, message, { data: { category, dev: a.map((x) => x.kind), prod: b.map((x) => x.kind) } });
      }
    }
  },
});

/** Local names bound by imports and top-level requires, with their module: `import Redis from 'ioredis'` → Redis → ioredis. */
function importedNames(ctx: JsExtractContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of ctx.index.imports) {
    const spec = stringValue(d.moduleSpecifier);
    const c = d.importClause;
    if (!spec || !c) continue;
    if (c.name) out.set(c.name.text, spec);
    if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) out.set(c.namedBindings.name.text, spec);
  }
  for (const v of ctx.index.variables) {
    const init = v.initializer && unwrap(v.initializer);
    if (!init || !ts.isCallExpression(init) || calleeName(init.expression) !== 'require' || !ts.isIdentifier(v.name))
      continue;
    const spec = stringValue(init.arguments[0]);
    if (spec) out.set(v.name.text, spec);
  }
  return out;
}

function branchesOf(sel: Selector, side: Side): string[] {
  return [...sel.sides].filter(([branch, s]) => s === side && sel.kinds.has(branch)).map(([b]) => b);
}

function kindsIn(sel: Selector, branches: string[], category: Category): BackingKind[] {
  const out: BackingKind[] = [];
  for (const b of branches)
    for (const k of sel.kinds.get(b) ?? [])
      if (k.category === category && !out.some((x) => x.kind === k.kind)) out.push(k);
  return out;
}

function sameKinds(a: BackingKind[], b: BackingKind[]): boolean {
  return a.some((x) => b.some((y) => y.kind === x.kind));
}

function labels(list: BackingKind[]): string {
  return list.map((k) => k.label).join(' / ');
}

/** For an environment-keyed object, point at the development section's key. */
function devKeyNode(obj: ts.ObjectLiteralExpression): ts.Node | undefined {
  const p = obj.properties.find((q) => ts.isPropertyAssignment(q) && envSection(q) === 'dev');
  return p?.name;
}
