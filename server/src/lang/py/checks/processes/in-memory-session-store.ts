// processes/in-memory-session-store in Python: sessions kept in the memory of one process. Django's cache session
// backend on a LocMemCache (or on no CACHES at all: Django's default cache is a LocMemCache, which the project half
// decides), Flask-Session's cachelib type on a SimpleCache, fastapi-sessions' InMemoryBackend, starsessions'
// InMemoryStore, Sanic-Session's InMemorySessionInterface, Beaker's `session.type: memory`, and a module-level
// in-memory cache (cachetools, cachelib) named as the session store. Development and test settings are left out.
// Not here: LocMemCache as a plain cache (a miss is harmless), cached_db sessions (the database has them), and
// file-based stores (processes/local-file-storage, when they write into the app's tree).
import { pyCheck } from '../../context';
import type { SyntaxNode } from '../../parse';
import { dottedName, importBindings, resolveName, stringValue } from '../../syntax';
import { DJANGO_SESSION_CACHE } from '../../../../facts/processes';
import { dictEntries, hasSpread, settingsOf } from './settings';
import { lookupTable } from '../../../../util/table';
import { isPyAppCode } from '../appFiles';

const CACHE_SESSIONS = 'django.contrib.sessions.backends.cache';
const LOCMEM = 'django.core.cache.backends.locmem.LocMemCache';
/** In-memory stores by their resolved constructor, with the name messages give them. */
const MEMORY_STORES = lookupTable<string>({
  'fastapi_sessions.backends.implementations.InMemoryBackend': "fastapi-sessions' InMemoryBackend",
  'fastapi_sessions.backends.implementations.in_memory_backend.InMemoryBackend': "fastapi-sessions' InMemoryBackend",
  'starsessions.InMemoryStore': "starsessions' InMemoryStore",
  'starsessions.stores.memory.InMemoryStore': "starsessions' InMemoryStore",
  'sanic_session.InMemorySessionInterface': "Sanic-Session's InMemorySessionInterface",
  'sanic_session.memory.InMemorySessionInterface': "Sanic-Session's InMemorySessionInterface",
});
/** In-memory caches: a session store when the name they are bound to says so. */
const MEMORY_CACHES = lookupTable<string>({
  'cachelib.SimpleCache': "cachelib's SimpleCache",
  'cachelib.simple.SimpleCache': "cachelib's SimpleCache",
  'werkzeug.contrib.cache.SimpleCache': "werkzeug's SimpleCache",
  'cachetools.TTLCache': "cachetools' TTLCache",
  'cachetools.LRUCache': "cachetools' LRUCache",
  'cachetools.LFUCache': "cachetools' LFUCache",
  'cachetools.Cache': "cachetools' Cache",
  'expiringdict.ExpiringDict': 'an ExpiringDict',
});

type Id = 'memoryStore' | 'djangoLocMem';

/** The resolved class a call constructs (`InMemoryBackend[UUID, Data]()` included). */
function constructed(text: string, call: SyntaxNode, bindings: Map<string, string>): string | undefined {
  if (call.name !== 'CallExpression') return undefined;
  let callee = call.firstChild;
  if (callee?.name === 'MemberExpression' && callee.getChild('[')) callee = callee.firstChild;
  const d = dottedName(text, callee);
  return d ? resolveName(d, bindings) : undefined;
}

/** The BACKEND value of `CACHES[alias]` in one assignment; undefined when not known from the literal. */
function cacheBackend(text: string, caches: SyntaxNode, alias: string): SyntaxNode | undefined {
  if (caches.name !== 'DictionaryExpression' || hasSpread(caches)) return undefined;
  const entry = dictEntries(text, caches).find((e) => e.key === alias)?.value;
  if (entry?.name !== 'DictionaryExpression') return undefined;
  return dictEntries(text, entry).find((e) => e.key === 'BACKEND')?.value;
}

export const inMemorySessionStorePy = pyCheck<Id>({
  trigger:
    /SESSION_ENGINE|CACHES|SESSION_CACHELIB|InMemoryBackend|InMemoryStore|InMemorySessionInterface|session\.type|(SimpleCache|TTLCache|LRUCache|LFUCache|ExpiringDict|cachetools\.Cache)\s*\(/,
  check(ctx) {
    if (!isPyAppCode(ctx)) return;
    const { text, index } = ctx;
    const bindings = importBindings(text, index.imports);
    const settings = settingsOf(text, ctx.rel, index);
    const prod = (name: string) => settings.filter((s) => s.name === name && !s.devOnly);
    const all = (name: string) => settings.filter((s) => s.name === name);

    // Django: SESSION_ENGINE = 'django.contrib.sessions.backends.cache' on a LocMemCache.
    const engines = prod('SESSION_ENGINE').filter((s) => stringValue(text, s.value) === CACHE_SESSIONS);
    const caches = all('CACHES');
    const aliases = all('SESSION_CACHE_ALIAS').map((s) => stringValue(text, s.value));
    const alias = aliases.length === 0 ? 'default' : aliases.length === 1 ? aliases[0] : undefined;
    if (engines.length && alias !== undefined) {
      const engine = engines[0];
      if (!caches.length) {
        // Which CACHES applies is the project's question: another settings module may set it (project half).
        ctx.record(DJANGO_SESSION_CACHE, {
          sessionCache: { range: ctx.rangeOf(engine.value), alias },
          setsCaches: false,
        });
      } else {
        // Every CACHES the file may use puts that alias on a LocMemCache (a production branch elsewhere: no finding).
        const backends = caches.filter((c) => !c.devOnly).map((c) => cacheBackend(text, c.value, alias));
        // Reported at the LocMemCache, the in-memory store (as JS reports a MemoryStore, not the session setup).
        if (backends.length && backends.every((b) => stringValue(text, b) === LOCMEM))
          ctx.report(backends[0]!, { messageId: 'djangoLocMem', data: { alias } }, { data: { package: 'django' } });
      }
    }
    if (caches.length) ctx.record(DJANGO_SESSION_CACHE, { setsCaches: true });

    const report = (at: SyntaxNode, store: string) =>
      ctx.report(at, { messageId: 'memoryStore', data: { store } }, { data: { package: store } });

    // Flask-Session: SESSION_TYPE = 'cachelib' with SESSION_CACHELIB = SimpleCache(…).
    const cachelibType = prod('SESSION_TYPE').some((s) => stringValue(text, s.value)?.toLowerCase() === 'cachelib');
    if (cachelibType) {
      for (const s of prod('SESSION_CACHELIB')) {
        const cls = constructed(text, s.value, bindings);
        const store = cls && MEMORY_CACHES[cls];
        if (store) report(s.value, store);
      }
    }

    // In-memory stores, wherever they are made; session-named in-memory caches at module level.
    const devOnly = new Set(settings.filter((s) => s.devOnly).map((s) => s.value.from));
    for (const call of index.calls) {
      const cls = constructed(text, call, bindings);
      if (!cls) continue;
      const store = MEMORY_STORES[cls];
      if (store && !devOnly.has(call.from)) report(call, store);
    }
    for (const a of index.assignments) {
      const target = a.firstChild;
      const value = a.lastChild;
      if (target?.name !== 'VariableName' || a.parent?.name !== 'Script' || !value) continue;
      if (!/session/i.test(text.slice(target.from, target.to))) continue;
      const cls = constructed(text, value, bindings);
      const store = cls && MEMORY_CACHES[cls];
      if (store) report(value, store);
    }
    // Beaker: {'session.type': 'memory'}
    ctx.tree.topNode.cursor().iterate((ref) => {
      if (ref.name !== 'DictionaryExpression') return;
      for (const e of dictEntries(text, ref.node))
        if (e.key === 'session.type' && stringValue(text, e.value) === 'memory')
          report(e.value, "Beaker's memory backend");
    });
  },
});
