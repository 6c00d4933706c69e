// processes/sticky-sessions in JS/TS: sticky-session packages, reported where they are set up or else imported.
import { jsCheck } from '../../context';
import { moduleRefs } from '../../moduleRefs';
import { packageName } from '../../../../ecosystem/npm/packages';

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

export const stickySessionsJs = jsCheck<'sticky' | 'stickyShared'>({
  trigger: /sticky/i,
  check(ctx) {
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
  },
});
