// Code that only runs outside production (`if (process.env.NODE_ENV !== 'production') …`): local-development
// defaults are not violations.
import * as ts from 'typescript';
import { declaredName, dottedName, envVarName, stringValue, unwrap } from './astUtil';
import { LOCAL_SECTION } from '../../detect/environments';

const DEV_VALUES = new Set(['development', 'dev', 'local', 'test']);
const DEV_FLAG = /^(is)?(dev|development|local|debug)(mode|env)?$/i;
const PROD_FLAG = /^(is)?(prod|production)(mode|env)?$/i;

function isNodeEnv(node: ts.Expression): boolean {
  const n = unwrap(node);
  if (envVarName(n) === 'NODE_ENV') return true;
  const name = dottedName(n);
  return !!name && /(^|\.)(NODE_ENV|nodeEnv)$/.test(name);
}

/** 'dev' when the condition holds only in development, 'prod' when only in production. */
function conditionKind(cond: ts.Expression): 'dev' | 'prod' | undefined {
  const n = unwrap(cond);
  if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken)
    return invert(conditionKind(n.operand));
  if (ts.isBinaryExpression(n)) {
    const op = n.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return conditionKind(n.left) ?? conditionKind(n.right);
    const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const ne = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!eq && !ne) return undefined;
    const value = stringValue(n.right) ?? stringValue(n.left);
    const env = isNodeEnv(n.left) || isNodeEnv(n.right);
    if (!env || value === undefined) return undefined;
    if (value === 'production') return eq ? 'prod' : 'dev';
    if (DEV_VALUES.has(value)) return eq ? 'dev' : undefined;
    return undefined;
  }
  const name = dottedName(n);
  const last = name?.split('.').pop();
  if (!last) return undefined;
  if (DEV_FLAG.test(last)) return 'dev';
  if (PROD_FLAG.test(last)) return 'prod';
  return undefined;
}

function invert(k: 'dev' | 'prod' | undefined): 'dev' | 'prod' | undefined {
  return k === 'dev' ? 'prod' : k === 'prod' ? 'dev' : undefined;
}

/** Whether `node` sits in a branch that only runs in development (`if (!isProd) …`, `isDev ? file : console`). */
export function isDevOnly(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let p = node.parent; p && !ts.isSourceFile(p); child = p, p = p.parent) {
    let kind: 'dev' | 'prod' | undefined;
    if (ts.isIfStatement(p) && child !== p.expression)
      kind = child === p.thenStatement ? conditionKind(p.expression) : invert(conditionKind(p.expression));
    else if (ts.isConditionalExpression(p) && child !== p.condition)
      kind = child === p.whenTrue ? conditionKind(p.condition) : invert(conditionKind(p.condition));
    else if (
      ts.isBinaryExpression(p) &&
      p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      child === p.right
    )
      kind = conditionKind(p.left);
    if (kind === 'dev') return true;
  }
  return false;
}

/** Whether a node sits inside such a section of an object literal (within the same function). */
export function inLocalSection(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isPropertyAssignment(p) && LOCAL_SECTION.test(declaredName(p.name) ?? '')) return true;
    if (ts.isFunctionLike(p) || ts.isSourceFile(p)) break;
  }
  return false;
}
