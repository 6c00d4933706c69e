// disposability/exit-in-request-handler in JS/TS: process.exit() inside a request handler, outside a shutdown path.
import * as ts from 'typescript';
import { jsCheck } from '../../context';
import { dottedName } from '../../astUtil';
import { handlersOf } from '../../handlers';
import { isCommandLineFile } from '../../../../detect/appCode';
import { clip } from '../../../../util/text';

const SIGNAL_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Inside a shutdown path: a signal/exit listener or the callback of `server.close(…)`. */
function inShutdownPath(node: ts.Node, stop: ts.Node): boolean {
  for (let p = node.parent; p && p !== stop; p = p.parent) {
    if (!ts.isFunctionLike(p) || !p.parent || !ts.isCallExpression(p.parent)) continue;
    const callee = p.parent.expression;
    if (!ts.isPropertyAccessExpression(callee)) continue;
    if (SIGNAL_METHODS.has(callee.name.text) && dottedName(callee.expression) === 'process') return true;
    if (callee.name.text === 'close') return true;
  }
  return false;
}

export const exitInRequestHandlerJs = jsCheck<'exitInHandler'>({
  trigger: /process\s*\.\s*(exit|abort|reallyExit)\b/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isCommandLineFile(ctx.rel, ctx.text)) return;
    const exits = ctx.index.calls.filter((c) =>
      /^process\.(exit|abort|reallyExit)$/.test(dottedName(c.expression) ?? ''),
    );
    if (!exits.length) return;
    const handlers = handlersOf(ctx);
    if (!handlers.size) return;
    for (const call of exits) {
      const h = handlers.enclosing(call);
      if (!h || inShutdownPath(call, h.fn)) continue;
      const name = dottedName(call.expression);
      ctx.report(call, { messageId: 'exitInHandler', data: { call: name, handler: clip(h.phrase, 56) } });
    }
  },
});
