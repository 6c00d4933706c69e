// processes/sticky-sessions: routing each client to the same process, which only works while that process
// holds state it should not hold.
import { defineRule, type ProjectContext } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { stickySessionsJs } from '../../lang/js/checks/processes/sticky-sessions';

export const stickySessions = defineRule({
  meta: {
    id: 'processes/sticky-sessions',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'processes',
    severity: 'warning',
    description:
      'Sticky sessions (sticky-session, @socket.io/sticky, …) that pin clients to the process holding their state.',
    why: "Processes share nothing, so any process can serve any request (factor VI); sticky sessions are needed only while a process holds its clients' state. Keep session and socket state in a backing service (a Redis session store, the Socket.IO Redis adapter) and drop the stickiness, or, with a shared adapter, allow only the WebSocket transport (transports: ['websocket']).",
    messages: {
      sticky: '{{what}} pins each client to one process (sticky sessions).',
      stickyShared: '{{what}} pins each client to one process, though a shared adapter is in place.',
    },
  },
  sources: [stickySessionsJs],
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
