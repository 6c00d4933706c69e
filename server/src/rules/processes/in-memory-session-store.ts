// processes/in-memory-session-store: sessions kept in the memory of one process (the default MemoryStore).
import { defineRule, type ProjectContext } from '../../core/types';
import { sourceLanguage } from '../../core/paths';
import { DJANGO_SESSION_CACHE } from '../../facts/processes';
import { runsServerOrWorker } from '../../detect/appCode';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { inMemorySessionStoreJs } from '../../lang/js/checks/processes/in-memory-session-store';
import { inMemorySessionStorePy } from '../../lang/py/checks/processes/in-memory-session-store';

/**
 * Django settings that put sessions on the cache backend where no Python file of the project sets CACHES: Django's
 * default cache is then a LocMemCache, in the memory of each process.
 */
function checkProject(ctx: ProjectContext): void {
  const py = ctx.project.files.filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py');
  const facts = py.map((f) => ({ path: f.path, fact: ctx.fact(f.path, DJANGO_SESSION_CACHE) }));
  if (facts.some((f) => f.fact?.setsCaches)) return;
  for (const { path, fact } of facts) {
    if (fact?.sessionCache?.alias === 'default')
      ctx.report(path, fact.sessionCache.range, { messageId: 'djangoDefaultCache' }, { data: { package: 'django' } });
  }
}

export const inMemorySessionStore = defineRule({
  meta: {
    id: 'processes/in-memory-session-store',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'processes',
    severity: 'warning',
    description:
      "Sessions stored in the memory of one process (express-session or @fastify/session without a store, a MemoryStore, Django's cache sessions on LocMemCache).",
    why: 'Processes are stateless and share nothing (factor VI): sessions kept in the memory of one process vanish on every restart or deploy and other instances never see them. Keep sessions in a backing service every process shares (connect-redis, connect-pg-simple, a fastify Redis store, the database or Redis cache session backends of Django) or in a signed cookie.',
    messages: {
      noStore: '{{package}} is used without a `store`, so sessions live in the MemoryStore of this process.',
      pluginNoStore: '{{package}} is registered without a `store`, so sessions live in the memory of this process.',
      memoryStore: 'Sessions are kept in {{store}}, in the memory of this process.',
      djangoLocMem:
        "Sessions use Django's cache backend, and CACHES['{{alias}}'] is a LocMemCache in the memory of this process.",
      djangoDefaultCache:
        "Sessions use Django's cache backend with no CACHES set: the default LocMemCache, in the memory of this process.",
    },
  },
  sources: [inMemorySessionStoreJs, inMemorySessionStorePy],
  checkProject,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
