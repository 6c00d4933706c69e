// processes/in-memory-session-store in JS/TS: session middleware set up without a store, or an explicit MemoryStore.
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext } from '../../context';
import { calleeName, declaredName, unwrap } from '../../astUtil';
import { moduleRefs, type ModuleRefs } from '../../moduleRefs';
import { isDevOnly } from '../../devOnly';
import { packageName } from '../../../../ecosystem/npm/packages';

/** `session(options)` middleware whose default store is in memory. koa-session and cookie-session keep the
 * session in a cookie by default, which is stateless, so they are not here. */
const CALL_STYLE = new Set(['express-session', 'koa-generic-session']);
/** Plugins registered with `fastify.register(plugin, options)`; their default store is in memory too. */
const PLUGIN_STYLE = new Set(['@fastify/session', 'fastify-session']);
const PACKAGES = new Set([...CALL_STYLE, ...PLUGIN_STYLE, 'memorystore']);

/** The object literal the options are, directly or through a `const` in this file; undefined when unknown. */
function optionsObject(
  ctx: JsExtractContext,
  arg: ts.Expression,
): { obj: ts.ObjectLiteralExpression; name?: string } | undefined {
  const n = unwrap(arg);
  if (ts.isObjectLiteralExpression(n)) return { obj: n };
  if (!ts.isIdentifier(n)) return undefined;
  const decls = ctx.index.variables.filter((v) => declaredName(v.name) === n.text);
  const init = decls.length === 1 && decls[0].initializer ? unwrap(decls[0].initializer) : undefined;
  return init && ts.isObjectLiteralExpression(init) ? { obj: init, name: n.text } : undefined;
}

/** Whether the options give a `store` (or might: a spread, or `options.store = …` later). */
function mayHaveStore(ctx: JsExtractContext, arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  const found = optionsObject(ctx, arg);
  if (!found) return true;
  for (const p of found.obj.properties) {
    if (ts.isSpreadAssignment(p)) return true;
    if (
      (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isMethodDeclaration(p)) &&
      declaredName(p.name) === 'store'
    )
      return true;
  }
  if (found.name) {
    // const sess = { secret }; if (prod) sess.store = new RedisStore(...)
    return ctx.index.assignments.some((a) => {
      const l = a.left;
      return (
        (ts.isPropertyAccessExpression(l) &&
          l.name.text === 'store' &&
          ts.isIdentifier(l.expression) &&
          l.expression.text === found.name) ||
        (ts.isElementAccessExpression(l) && ts.isIdentifier(l.expression) && l.expression.text === found.name)
      );
    });
  }
  return false;
}

function isMemoryStore(refs: ModuleRefs, expr: ts.Expression): string | undefined {
  const ref = refs.resolve(expr);
  if (!ref) return undefined;
  // require('memorystore')(session): a MemoryStore that prunes expired entries, still per process.
  if (ref.module === 'memorystore' && ref.called && ref.path.length === 0) return 'memorystore';
  if (
    !ref.called &&
    ref.path.length === 1 &&
    ref.path[0] === 'MemoryStore' &&
    (CALL_STYLE.has(ref.module) || PLUGIN_STYLE.has(ref.module))
  )
    return `${ref.module}'s MemoryStore`;
  return undefined;
}

export const inMemorySessionStoreJs = jsCheck<'noStore' | 'pluginNoStore' | 'memoryStore'>({
  trigger: /session|MemoryStore|memorystore/i,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    if (!ctx.facts.imports.some((i) => PACKAGES.has(packageName(i.specifier) ?? ''))) return;
    const refs = moduleRefs(ctx.sourceFile, ctx.index);
    for (const call of ctx.index.calls) {
      const ref = refs.resolve(call.expression);
      if (ref && !ref.called && ref.path.length === 0 && CALL_STYLE.has(ref.module)) {
        if (mayHaveStore(ctx, call.arguments[0]) || isDevOnly(call)) continue;
        ctx.report(
          call.expression,
          { messageId: 'noStore', data: { package: ref.module } },
          { data: { package: ref.module } },
        );
        continue;
      }
      // fastify.register(fastifySession, { secret })
      const plugin = call.arguments[0];
      if (calleeName(call.expression) === 'register' && plugin) {
        const p = refs.resolve(plugin);
        if (!p || p.called || p.path.length !== 0 || !PLUGIN_STYLE.has(p.module)) continue;
        if (mayHaveStore(ctx, call.arguments[1]) || isDevOnly(call)) continue;
        ctx.report(
          plugin,
          { messageId: 'pluginNoStore', data: { package: p.module } },
          { data: { package: p.module } },
        );
      }
    }
    for (const n of ctx.index.news) {
      const which = isMemoryStore(refs, n.expression);
      if (!which || isDevOnly(n)) continue;
      ctx.report(n, { messageId: 'memoryStore', data: { store: which } }, { data: { package: which } });
    }
  },
});
