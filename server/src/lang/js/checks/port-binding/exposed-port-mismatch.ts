// port-binding/exposed-port-mismatch in JS/TS: the default ports a file's code binds (a PORT variable's fallback,
// a literal or constant listen() port), recorded for the project half, which compares them with the Dockerfile.
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext } from '../../context';
import {
  calleeName,
  constInitializer,
  declaredName,
  envVarName,
  isCoercionCall,
  isEnvObject,
  unwrap,
} from '../../astUtil';
import { literalPort } from '../../ports';
import { PORTS, type PortFact } from '../../../../facts/port-binding';
import { PORT_VARS } from '../../../../detect/envVars';

function portNumber(node: ts.Expression | undefined): number | undefined {
  const lit = node && literalPort(node);
  return lit ? Number(lit.text) : undefined;
}

/** Climbs from an env read through `Number(…)`, `parseInt(…)` and parentheses to `… || 3000` / `… ?? 3000`. */
function fallbackOf(read: ts.Node): ts.Expression | undefined {
  let child: ts.Node = read;
  for (let p = read.parent; p; child = p, p = p.parent) {
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p)) continue;
    if (ts.isCallExpression(p) && isCoercionCall(p) && p.arguments[0] === child) continue;
    if (
      ts.isBinaryExpression(p) &&
      p.left === child &&
      (p.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    )
      return p.right;
    return undefined;
  }
  return undefined;
}

function constPort(ctx: JsExtractContext, id: ts.Identifier): number | undefined {
  return portNumber(constInitializer(ctx.index, id.text));
}

export const exposedPortMismatchJs = jsCheck<never>({
  trigger: /listen|PORT/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const ports: PortFact[] = [];
    const add = (port: number | undefined, node: ts.Node, rank: number) => {
      if (port !== undefined) ports.push({ port, range: ctx.rangeOf(node), rank });
    };
    // process.env.PORT || 3000, Number(process.env.PORT ?? 3000)
    for (const node of [...ctx.index.propertyAccesses, ...ctx.index.elementAccesses]) {
      const name = envVarName(node);
      if (!name || !PORT_VARS.test(name)) continue;
      const fb = fallbackOf(node);
      if (fb) add(portNumber(fb), fb, 0);
    }
    // const { PORT = 3000 } = process.env
    for (const v of ctx.index.variables) {
      if (!v.initializer || !isEnvObject(v.initializer) || !ts.isObjectBindingPattern(v.name)) continue;
      for (const el of v.name.elements) {
        if (PORT_VARS.test(declaredName(el.propertyName ?? el.name) ?? '') && el.initializer)
          add(portNumber(el.initializer), el.initializer, 0);
      }
    }
    // app.listen(3000), or a `const PORT = 3000` passed to it
    for (const call of ctx.index.calls) {
      if (
        calleeName(call.expression) !== 'listen' ||
        !ts.isPropertyAccessExpression(call.expression) ||
        !call.arguments[0]
      )
        continue;
      const arg = unwrap(call.arguments[0]);
      add(ts.isIdentifier(arg) ? constPort(ctx, arg) : portNumber(arg), arg, 2);
    }
    if (ports.length) ctx.record(PORTS, ports);
  },
});
