// processes/in-memory-session-store: sessions kept in the memory of one process (the default MemoryStore).
import { defineRule, type ProjectContext } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { inMemorySessionStoreJs } from '../../lang/js/checks/processes/in-memory-session-store';

export const inMemorySessionStore = defineRule({
  meta: {
    id: 'processes/in-memory-session-store',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'processes',
    severity: 'warning',
    description:
      'Sessions stored in the memory of one process (express-session, koa-generic-session or @fastify/session without a store, or an explicit MemoryStore).',
    why: 'Processes are stateless and share nothing (factor VI): sessions kept in the memory of one process vanish on every restart or deploy and other instances never see them. Keep sessions in a backing service every process shares (connect-redis, connect-pg-simple, a fastify Redis store) or in a signed cookie.',
    messages: {
      noStore: '{{package}} is used without a `store`, so sessions live in the MemoryStore of this process.',
      pluginNoStore: '{{package}} is registered without a `store`, so sessions live in the memory of this process.',
      memoryStore: 'Sessions are kept in {{store}}, in the memory of this process.',
    },
  },
  sources: [inMemorySessionStoreJs],
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
