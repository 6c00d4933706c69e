// dependencies/dev-dependency-in-production in JS/TS: the guarded loads (under a try or a NODE_ENV condition) and the
// pino transport targets of a file, recorded for the project half, which knows what devDependencies declare.
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext } from '../../context';
import { declaredName, dottedName, stringValue, unwrap } from '../../astUtil';
import { isDevOnly } from '../../devOnly';
import { moduleRefs, type ModuleRefs } from '../../moduleRefs';
import { packageName } from '../../../../ecosystem/npm/packages';
import type { Range } from '../../../../core/types';
import { GUARDED_LOADS, TRANSPORT_TARGETS, type TargetUse } from '../../../../facts/dependencies';

const SK = ts.SyntaxKind;
const ENV_CONDITION = /NODE_ENV|process\.env|import\.meta\.env|\b(is)?(dev|development|prod|production|debug)\b/i;

/** `try { require('x') } catch {}` or `if (process.env.NODE_ENV !== 'production') require('x')`. */
function guarded(node: ts.Node): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (ts.isTryStatement(p) && p.tryBlock === child) return true;
    if (ts.isIfStatement(p) && child !== p.expression && ENV_CONDITION.test(p.expression.getText())) return true;
    if (ts.isConditionalExpression(p) && child !== p.condition && ENV_CONDITION.test(p.condition.getText()))
      return true;
    if (
      ts.isBinaryExpression(p) &&
      p.right === child &&
      (p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        p.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      ENV_CONDITION.test(p.left.getText())
    )
      return true;
  }
  return false;
}

export const devDependencyInProductionJs = jsCheck<never>({
  trigger: /\bimport\b|\brequire\s*\(/,
  check(ctx) {
    const guardedAt: Range[] = [];
    for (const call of ctx.index.calls) {
      const isLoad =
        call.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(call.expression) && call.expression.text === 'require');
      if (isLoad && call.arguments[0] && guarded(call)) guardedAt.push(ctx.rangeOf(call.arguments[0]));
    }
    if (guardedAt.length) ctx.record(GUARDED_LOADS, guardedAt);
    const targets = transportTargets(ctx);
    if (targets.length) ctx.record(TRANSPORT_TARGETS, targets);
  },
});

/**
 * `target` strings of pino transport options: `pino({ transport: { target } })`, `transport: { targets: [{ target }] }`
 * or `pipeline`, `pino.transport({ target })`. pino resolves them with require when the logger is created, so they
 * are loaded like an import. A target only used in a development branch is left alone.
 */
function transportTargets(ctx: JsExtractContext): TargetUse[] {
  const out: TargetUse[] = [];
  let refs: ModuleRefs | undefined;
  for (const p of ctx.index.properties) {
    if (declaredName(p.name) !== 'target' || !ts.isObjectLiteralExpression(p.parent)) continue;
    const spec = targetSpecifier(p.initializer);
    if (spec === undefined || !packageName(spec)) continue;
    refs ??= moduleRefs(ctx.sourceFile, ctx.index);
    if (!isTransportOptions(p.parent, refs)) continue;
    if (isDevOnly(p) || guarded(p)) continue;
    out.push({ specifier: spec, range: ctx.rangeOf(p.initializer) });
  }
  return out;
}

/** `'pino-pretty'` or `require.resolve('pino-pretty')`. */
function targetSpecifier(init: ts.Expression): string | undefined {
  const n = unwrap(init);
  const s = stringValue(n);
  if (s !== undefined) return s;
  if (ts.isCallExpression(n) && dottedName(n.expression) === 'require.resolve') return stringValue(n.arguments[0]);
  return undefined;
}

/** The node holding `value`, seen through parentheses, casts and the branches of `?:`, `&&`, `||`, `??`. */
function slotOf(value: ts.Node): { slot: ts.Node | undefined; child: ts.Node } {
  let child = value;
  let p = value.parent;
  const through = (n: ts.Node): boolean => {
    if (
      ts.isParenthesizedExpression(n) ||
      ts.isAsExpression(n) ||
      ts.isSatisfiesExpression(n) ||
      ts.isNonNullExpression(n)
    )
      return true;
    if (ts.isConditionalExpression(n)) return child !== n.condition;
    if (!ts.isBinaryExpression(n)) return false;
    const op = n.operatorToken.kind;
    return (
      (op === SK.AmpersandAmpersandToken && child === n.right) ||
      op === SK.BarBarToken ||
      op === SK.QuestionQuestionToken
    );
  };
  while (p && through(p)) {
    child = p;
    p = p.parent;
  }
  return { slot: p, child };
}

/** Whether an object literal is pino transport options (see transportTargets). */
function isTransportOptions(obj: ts.ObjectLiteralExpression, refs: ModuleRefs, depth = 0): boolean {
  const { slot, child } = slotOf(obj);
  if (!slot) return false;
  if (ts.isPropertyAssignment(slot)) return declaredName(slot.name) === 'transport';
  if (ts.isVariableDeclaration(slot)) return ts.isIdentifier(slot.name) && slot.name.text === 'transport';
  if (ts.isBinaryExpression(slot) && slot.operatorToken.kind === ts.SyntaxKind.EqualsToken && slot.right === child) {
    const left = unwrap(slot.left);
    return ts.isPropertyAccessExpression(left) && left.name.text === 'transport';
  }
  if (ts.isCallExpression(slot) && slot.arguments[0] === child) {
    const ref = refs.resolve(slot.expression);
    return !!ref && !ref.called && ref.module === 'pino' && ref.path.length === 1 && ref.path[0] === 'transport';
  }
  if (ts.isArrayLiteralExpression(slot) && depth === 0) {
    // `targets: [{ target }]` / `pipeline: [{ target }]` inside transport options.
    const list = slotOf(slot).slot;
    if (!list || !ts.isPropertyAssignment(list) || !['targets', 'pipeline'].includes(declaredName(list.name) ?? ''))
      return false;
    return ts.isObjectLiteralExpression(list.parent) && isTransportOptions(list.parent, refs, depth + 1);
  }
  return false;
}
