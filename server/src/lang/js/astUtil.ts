// Small AST questions many rules ask.
import * as ts from 'typescript';
import type { NodeIndex } from './nodeIndex';

/** `a.b.c` → "a.b.c"; `foo` → "foo"; anything else → undefined. */
export function dottedName(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(node)) {
    const left = dottedName(node.expression);
    return left === undefined ? undefined : `${left}.${node.name.text}`;
  }
  if (ts.isNonNullExpression(node) || ts.isParenthesizedExpression(node)) return dottedName(node.expression);
  return undefined;
}

/** The last name of a callee: `app.listen` → "listen", `new pg.Pool` → "Pool". */
export function calleeName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) return calleeName(expr.expression);
  return undefined;
}

export function stringValue(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/** Name of a property, variable or parameter, when it is a plain identifier or string. */
export function declaredName(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name))
    return name.text;
  return undefined;
}

export function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  while (
    ts.isParenthesizedExpression(n) ||
    ts.isAsExpression(n) ||
    ts.isNonNullExpression(n) ||
    ts.isSatisfiesExpression(n) ||
    ts.isTypeAssertionExpression(n)
  )
    n = n.expression;
  return n;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X` → "X". */
export function envVarName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node) && isEnvObject(node.expression)) return node.name.text;
  if (ts.isElementAccessExpression(node) && isEnvObject(node.expression)) return stringValue(node.argumentExpression);
  return undefined;
}

export function isEnvObject(node: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && ts.isMetaProperty(node.expression))
    return true;
  // `process.env`, `(process).env!`, as dottedName reads them, without building the name of a long chain (`a.b.c…`)
  // for each of its links: that is quadratic in the chain's length.
  const n = skipParensAndNonNull(node);
  if (!ts.isPropertyAccessExpression(n) || n.name.text !== 'env') return false;
  const owner = skipParensAndNonNull(n.expression);
  return ts.isIdentifier(owner) && (owner.text === 'process' || owner.text === 'Bun' || owner.text === 'Deno');
}

function skipParensAndNonNull(node: ts.Node): ts.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
  return n;
}

/** Whether an expression reads the environment anywhere inside it (`Number(process.env.PORT) || 3000`). */
export function readsEnv(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (envVarName(n) !== undefined || isEnvObject(n)) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * Whether a literal is the fallback of an environment read: `process.env.X || 'dev'`, `env.X ?? 'dev'`,
 * a destructuring default, or a default argument of a config reader. Such values are local defaults.
 */
export function isEnvFallback(node: ts.Node): boolean {
  let child: ts.Node = node;
  let parent = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      (ts.isCallExpression(parent) && isCoercionCall(parent)))
  ) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (ts.isBinaryExpression(parent) && parent.right === child) {
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
      return readsEnv(parent.left) || /\b(env|config|options|opts|settings)\b/i.test(dottedName(parent.left) ?? '');
  }
  if (ts.isConditionalExpression(parent) && (parent.whenFalse === child || parent.whenTrue === child))
    return readsEnv(parent.condition);
  if (ts.isBindingElement(parent) && parent.initializer === child) {
    // const { PORT = 3000 } = process.env
    const pattern = parent.parent;
    const decl = pattern?.parent;
    return !!decl && ts.isVariableDeclaration(decl) && !!decl.initializer && readsEnv(decl.initializer);
  }
  // zod / yup / joi schemas read from process.env: `z.string().url().default('redis://localhost:6379')`.
  if (
    ts.isCallExpression(parent) &&
    ts.isPropertyAccessExpression(parent.expression) &&
    parent.expression.name.text === 'default' &&
    parent.arguments[0] === child
  )
    return true;
  // envalid: `str({ default: 'info', devDefault: '…' })`
  if (
    ts.isPropertyAssignment(parent) &&
    parent.initializer === child &&
    /^(default|devDefault|testDefault)$/.test(declaredName(parent.name) ?? '')
  ) {
    const call = parent.parent?.parent;
    if (
      call &&
      ts.isCallExpression(call) &&
      /^(str|num|bool|port|url|host|email|json)$/.test(calleeName(call.expression) ?? '')
    )
      return true;
  }
  if (ts.isCallExpression(parent) && parent.arguments.indexOf(child as ts.Expression) > 0) {
    // env('PORT', 3000), config.get('port', 3000), getEnv('X', 'default')
    const first = parent.arguments[0];
    return !!first && (ts.isStringLiteral(first) || readsEnv(first));
  }
  return false;
}

/** `Number(x)`, `parseInt(x, 10)`, `Number.parseFloat(x)`, `String(x)`, `Boolean(x)`: a value converted, not computed. */
export function isCoercionCall(call: ts.CallExpression): boolean {
  const n = calleeName(call.expression);
  return n === 'Number' || n === 'parseInt' || n === 'parseFloat' || n === 'String' || n === 'Boolean';
}

/** Enclosing function-like node, or undefined at module scope. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isFunctionLike(p)) return p as ts.FunctionLikeDeclaration;
  }
  return undefined;
}

/** The name something is bound to: `const jwtSecret = …`, `{ apiKey: … }`, `this.token = …`. */
export function bindingNameOf(valueNode: ts.Node): string | undefined {
  let child: ts.Node = valueNode;
  let p = valueNode.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p))) {
    child = p;
    p = p.parent;
  }
  if (!p) return undefined;
  if (ts.isVariableDeclaration(p) && p.initializer === child) return declaredName(p.name);
  if (ts.isPropertyAssignment(p) && p.initializer === child) return declaredName(p.name);
  if (ts.isPropertyDeclaration(p) && p.initializer === child) return declaredName(p.name);
  if (ts.isParameter(p) && p.initializer === child) return declaredName(p.name);
  if (ts.isBindingElement(p) && p.initializer === child) return declaredName(p.propertyName ?? p.name);
  if (ts.isBinaryExpression(p) && p.right === child && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    if (ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
    if (ts.isIdentifier(p.left)) return p.left.text;
    if (ts.isElementAccessExpression(p.left)) return stringValue(p.left.argumentExpression);
  }
  if (ts.isJsxAttribute(p.parent ?? p)) return declaredName((p.parent as ts.JsxAttribute).name as ts.Identifier);
  return undefined;
}

/** The initializer of the one `const` of this name in the file (`const PORT = 3000`); undefined if none or several. */
export function constInitializer(index: NodeIndex, name: string): ts.Expression | undefined {
  const decls = index.variables.filter((v) => ts.isIdentifier(v.name) && v.name.text === name);
  const d = decls.length === 1 ? decls[0] : undefined;
  return d?.initializer && ts.isVariableDeclarationList(d.parent) && d.parent.flags & ts.NodeFlags.Const
    ? d.initializer
    : undefined;
}

/**
 * The values given to option `name` in the object literals among `args` (`spawn(cmd, args, { detached: true })`):
 * each `name: value` property, in order.
 */
export function optionValues(args: readonly ts.Expression[], name: string): ts.Expression[] {
  return args.flatMap((a) => {
    const o = unwrap(a);
    if (!ts.isObjectLiteralExpression(o)) return [];
    return o.properties.flatMap((p) =>
      ts.isPropertyAssignment(p) && declaredName(p.name) === name ? [p.initializer] : [],
    );
  });
}
