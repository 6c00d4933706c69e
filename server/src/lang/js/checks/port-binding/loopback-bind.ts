// port-binding/loopback-bind in JS/TS: a loopback host literal passed to a server's listen().
import * as ts from 'typescript';
import { jsCheck } from '../../context';
import { calleeName, declaredName, isEnvFallback, stringValue, unwrap } from '../../astUtil';
import { LOOPBACK } from '../../../../detect/urls';

function loopbackLiteral(node: ts.Expression | undefined): ts.StringLiteral | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  const v = stringValue(n);
  // `process.env.HOST || '127.0.0.1'` is a local default, like a port's. (Not isEnvFallback's reader-call form:
  // here the literal is itself an argument of listen.)
  const p = n.parent;
  const fallback = (ts.isBinaryExpression(p) && p.right === n) || ts.isConditionalExpression(p);
  return v !== undefined && LOOPBACK.has(v) && !(fallback && isEnvFallback(n)) ? (n as ts.StringLiteral) : undefined;
}

export const loopbackBindJs = jsCheck<'loopback'>({
  trigger: /127\.0\.0\.1|localhost|::1/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    for (const call of ctx.index.calls) {
      if (calleeName(call.expression) !== 'listen' || !ts.isPropertyAccessExpression(call.expression)) continue;
      const [first, second] = call.arguments;
      // `server.listen(port, '127.0.0.1', cb)` (http, net, Express, Koa)
      let lit = first && !ts.isObjectLiteralExpression(unwrap(first)) ? loopbackLiteral(second) : undefined;
      // `fastify.listen({ port, host: '127.0.0.1' })`, `server.listen({ port, host: 'localhost' })`
      if (!lit && first && ts.isObjectLiteralExpression(unwrap(first))) {
        for (const prop of (unwrap(first) as ts.ObjectLiteralExpression).properties) {
          if (ts.isPropertyAssignment(prop) && declaredName(prop.name) === 'host')
            lit = loopbackLiteral(prop.initializer) ?? lit;
        }
      }
      if (!lit) continue;
      ctx.report(
        lit,
        { messageId: 'loopback', data: { host: lit.text } },
        {
          data: { quote: ctx.text[lit.getStart(ctx.sourceFile)] },
        },
      );
    }
  },
});
