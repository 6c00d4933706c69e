// disposability/exit-in-request-handler: process.exit() while handling a request kills every other request too.
import { defineRule, type ProjectContext } from '../../core/types';
import { processesOf, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { exitInRequestHandlerJs } from '../../lang/js/checks/disposability/exit-in-request-handler';
import { exitInRequestHandlerPy } from '../../lang/py/checks/disposability/exit-in-request-handler';

export const exitInRequestHandler = defineRule({
  meta: {
    id: 'disposability/exit-in-request-handler',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'disposability',
    severity: 'warning',
    description:
      'process.exit() (Python: sys.exit(), os._exit()) inside an HTTP request handler, which drops every other in-flight request.',
    why: 'Processes shut down gracefully (factor IX): exiting from a request handler drops every other request in flight and skips the shutdown. Respond with an error (or pass it to next()) and let the process manager restart a process that really crashed.',
    messages: {
      exitInHandler: '{{call}}() in {{handler}} kills the process and every request in flight.',
    },
  },
  sources: [exitInRequestHandlerJs, exitInRequestHandlerPy],
  appliesTo: (ctx: ProjectContext) => processesOf(ctx.project, ctx.facts, ctx.workspace).some((p) => p.type === 'web'),
});
