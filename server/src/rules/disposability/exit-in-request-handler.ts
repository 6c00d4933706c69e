// disposability/exit-in-request-handler: process.exit() while handling a request kills every other request too.
import * as ts from 'typescript';
import type { ProjectContext, Rule, SourceContext } from '../../core/types';
import { processesOf, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { dottedName } from '../../lang/js/astUtil';
import { handlersOf } from '../../detect/handlers';
import { isCommandLineFile } from '../../detect/appCode';
import { clip } from '../../util/text';

const ID = 'disposability/exit-in-request-handler';
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

function checkSource(ctx: SourceContext): void {
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
}

export const exitInRequestHandler: Rule = {
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'disposability',
    severity: 'warning',
    description: 'process.exit() inside an HTTP request handler, which drops every other in-flight request.',
    why: 'Processes shut down gracefully (factor IX): exiting from a request handler drops every other request in flight and skips the shutdown. Respond with an error (or pass it to next()) and let the process manager restart a process that really crashed.',
    messages: {
      exitInHandler: '{{call}}() in {{handler}} kills the process and every request in flight.',
    },
  },
  trigger: /process\s*\.\s*(exit|abort|reallyExit)\b/,
  checkSource,
  appliesTo: (ctx: ProjectContext) => processesOf(ctx.project, ctx.facts, ctx.workspace).some((p) => p.type === 'web'),
};
