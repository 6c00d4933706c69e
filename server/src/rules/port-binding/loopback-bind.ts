// port-binding/loopback-bind: a server bound to 127.0.0.1/localhost, which nothing outside its own container or
// machine can reach, so the port it exports is no service at all.
import * as ts from 'typescript';
import type { Finding, Fix, FixContext, Rule, SourceContext } from '../../core/types';
import { calleeName, declaredName, isEnvFallback, stringValue, unwrap } from '../../lang/js/astUtil';
import { LineIndex } from '../../util/text';
import { PORT_BINDINGS, startsServerIn } from '../../facts/ports';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

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

function checkSource(ctx: SourceContext): void {
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
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  const lines = new LineIndex(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  const quote = raw[0];
  if (!/^['"`]$/.test(quote) || !LOOPBACK.has(raw.slice(1, -1))) return [];
  return [
    {
      title: `Bind to HOST, defaulting to 0.0.0.0`,
      preferred: true,
      edits: [
        {
          path: finding.path,
          edits: [{ range: finding.range, newText: `process.env.HOST || ${quote}0.0.0.0${quote}` }],
        },
      ],
    },
  ];
}

export const loopbackBind: Rule = {
  meta: {
    id: 'port-binding/loopback-bind',
    inputs: ['source'],
    factor: 'port-binding',
    severity: 'warning',
    description: 'A server that listens on 127.0.0.1 or localhost, unreachable from outside its container or machine.',
    why: "The app exports its service by binding a port (factor VII), but on a loopback address the platform's router or the container's published port reaches nobody. Bind to all interfaces ('0.0.0.0') or read the host from the environment.",
    fixable: true,
    messages: {
      loopback: 'The server binds to {{host}}, which only this machine or container can reach.',
    },
  },
  trigger: /127\.0\.0\.1|localhost|::1/,
  checkSource,
  // Where the project starts a server at all, as for hardcoded ports.
  appliesTo: startsServerIn,
  uses: [PORT_BINDINGS],
  fixes,
};
