// processes/sticky-sessions: routing each client to the same process, which only works while that process
// holds state it should not hold.
import type { ProjectContext, Rule, SourceContext } from '../../core/types';
import { moduleRefs } from '../../lang/js/moduleRefs';
import { packageName } from '../../ecosystem/npm/packages';
import { runsServerOrWorker } from '../../detect/appCode';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';

const STICKY = new Set(['sticky-session', '@socket.io/sticky', 'socketio-sticky-session', 'sticky-cluster']);
/** Socket.IO adapters that share rooms and broadcasts: with one, stickiness is only long-polling's need. */
const SHARED_ADAPTERS = new Set([
  '@socket.io/redis-adapter',
  'socket.io-redis',
  '@socket.io/cluster-adapter',
  '@socket.io/redis-streams-adapter',
  '@socket.io/postgres-adapter',
  '@socket.io/mongo-adapter',
]);

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const imports = ctx.facts.imports.filter((i) => !i.typeOnly && STICKY.has(packageName(i.specifier) ?? ''));
  if (imports.length === 0) return;
  // With a shared adapter the state is already shared; stickiness remains only for HTTP long-polling.
  const shared = ctx.facts.imports.some((i) => SHARED_ADAPTERS.has(packageName(i.specifier) ?? ''));
  const severity = shared ? ('info' as const) : undefined;
  const messageId = shared ? 'stickyShared' : 'sticky';
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  const seen = new Set<string>();
  // Report where the stickiness is first set up (`sticky.listen(server, port)`, `setupMaster(…)`); the import otherwise.
  for (const call of ctx.index.calls) {
    const ref = refs.resolve(call.expression);
    if (!ref || ref.called || !STICKY.has(ref.module) || ref.path.length > 1 || seen.has(ref.module)) continue;
    seen.add(ref.module);
    const what = ref.path.length ? `${ref.module} ${ref.path[0]}()` : `${ref.module}`;
    ctx.report(call.expression, { messageId, data: { what } }, { severity, data: { package: ref.module } });
  }
  for (const imp of imports) {
    const name = packageName(imp.specifier)!;
    if (seen.has(name)) continue;
    seen.add(name);
    ctx.report(imp.range, { messageId, data: { what: name } }, { severity, data: { package: name } });
  }
}

export const stickySessions: Rule = {
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
  trigger: /sticky/i,
  checkSource,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
};
