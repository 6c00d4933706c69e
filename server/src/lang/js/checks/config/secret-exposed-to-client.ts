// config/secret-exposed-to-client in JS/TS: reads of secret-named variables behind a client prefix, and secrets that
// next.config `env`/`publicRuntimeConfig` or Vite `define` write into the client bundle.
import * as path from 'path';
import * as ts from 'typescript';
import { jsCheck, type JsSourceContext } from '../../context';
import { declaredName, envVarName, stringValue, unwrap } from '../../astUtil';
import { clientPrefixOf, clientSecretReason, withArticle } from '../../../../detect/envVars';
import { findProviderSecrets } from '../../../../detect/secrets';
import { PUBLIC_READS, type PublicRead } from '../../../../facts/config';
import { toEnvName } from '../../../../util/naming';
import { trimChar } from '../../../../util/linear';

const NEXT_CONFIG = /^next\.config\.(js|cjs|mjs|ts|mts)$/;
const VITE_CONFIG = /^vite\.config\.(js|cjs|mjs|ts|mts)$/;

export const secretExposedToClientJs = jsCheck<'publicName' | 'viteDefine' | 'publicRuntimeConfig' | 'nextEnv'>({
  trigger:
    /NEXT_PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_|REACT_APP_|VITE_|GATSBY_|VUE_APP_|STORYBOOK_|PUBLIC_|publicRuntimeConfig|\benv\s*:|\bdefine\s*:/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const seen = new Set<string>();
    const deferred: PublicRead[] = [];
    for (const r of ctx.facts.envReads) {
      if (seen.has(r.name)) continue;
      // `PUBLIC_` is only a client prefix in SvelteKit/Astro projects, which the project half can tell.
      if (r.name.startsWith('PUBLIC_')) {
        deferred.push({ name: r.name, range: r.range });
        seen.add(r.name);
        continue;
      }
      const prefix = clientPrefixOf(r.name, undefined);
      const reason = prefix && clientSecretReason(r.name.slice(prefix.length));
      if (!prefix || !reason) continue;
      seen.add(r.name);
      ctx.report(r.range, { messageId: 'publicName', data: { name: r.name, reason } }, { data: { name: r.name } });
    }
    if (deferred.length) ctx.record(PUBLIC_READS, deferred);
    const base = path.basename(ctx.rel);
    if (NEXT_CONFIG.test(base)) checkBundlerConfig(ctx, base, 'next');
    else if (VITE_CONFIG.test(base)) checkBundlerConfig(ctx, base, 'vite');
  },
});

/** Why a name (any case, any client prefix) says it holds a secret: `STRIPE_SECRET_KEY`, `stripeSecret`. */
function secretReasonOf(name: string): string | undefined {
  const env = toEnvName(name);
  const prefix = clientPrefixOf(env, undefined);
  return clientSecretReason(prefix ? env.slice(prefix.length) : env);
}

/** Environment variables an expression reads: `process.env.X`, `import.meta.env.X`, and `env.X` of Vite's `loadEnv`. */
function envNamesRead(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    const name = envVarName(n);
    if (name) out.push(name);
    else if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && /^env$/i.test(n.expression.text))
      out.push(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/**
 * next.config `env: { STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY }` and `publicRuntimeConfig`, and Vite
 * `define: { 'process.env.X': JSON.stringify(process.env.SECRET) }`: values the build writes into client JavaScript.
 */
function checkBundlerConfig(
  ctx: JsSourceContext<'viteDefine' | 'publicRuntimeConfig' | 'nextEnv'>,
  base: string,
  tool: 'next' | 'vite',
): void {
  const sections = tool === 'next' ? ['env', 'publicRuntimeConfig'] : ['define'];
  for (const section of ctx.index.properties) {
    const sectionName = declaredName(section.name) ?? '';
    if (!sections.includes(sectionName)) continue;
    const obj = unwrap(section.initializer);
    if (!ts.isObjectLiteralExpression(obj) || insideWebpackHook(section)) continue;
    for (const prop of obj.properties) {
      if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) continue;
      const key = declaredName(prop.name) ?? stringValue(prop.name) ?? '';
      // `'process.env.STRIPE_KEY'`, `'import.meta.env.VITE_X'`, `__API_SECRET__` → the last name.
      const keyName = trimChar(key.split('.').pop()!, '_');
      const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
      const reads = envNamesRead(value);
      const literal = stringValue(unwrap(value));
      const provider =
        literal !== undefined ? findProviderSecrets(literal).find((m) => m.provider !== 'Google API key') : undefined;
      const keyReason = keyName && secretReasonOf(keyName);
      const read = reads.find((r) => secretReasonOf(r));
      const shown = keyReason ? keyName : read;
      if (!keyReason && !read && !provider) continue;
      const what = provider ? withArticle(provider.provider) : `${shown} (${keyReason || secretReasonOf(read!)})`;
      const messageId =
        tool === 'vite' ? 'viteDefine' : sectionName === 'publicRuntimeConfig' ? 'publicRuntimeConfig' : 'nextEnv';
      ctx.report(
        prop,
        { messageId, data: { file: base, secret: what } },
        { severity: provider?.live ? 'error' : 'warning', data: { name: shown ?? key } },
      );
    }
  }
}

/** `webpack(config) { … }` in next.config runs at build time on the server: objects inside it are not `env`. */
function insideWebpackHook(node: ts.Node): boolean {
  for (let p = node.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if ((ts.isMethodDeclaration(p) || ts.isPropertyAssignment(p)) && declaredName(p.name) === 'webpack') return true;
  }
  return false;
}
