// config/secret-exposed-to-client: a secret behind a prefix (NEXT_PUBLIC_, VITE_, REACT_APP_ …) that frameworks
// inline into the JavaScript every visitor downloads.
import { ownFact } from '../../core/facts';
import * as path from 'path';
import * as ts from 'typescript';
import type { Project } from '../../core/model';
import type { Message, ProjectContext, Range, Rule, SourceContext } from '../../core/types';
import { clientPrefixOf, clientSecretReason, withArticle } from '../../detect/envVars';
import { findProviderSecrets, type SecretMatch } from '../../detect/secrets';
import { declaredName, envVarName, stringValue, unwrap } from '../../lang/js/astUtil';
import { toEnvName } from '../../util/naming';
import { isExamplePath, isTestPath } from '../../core/paths';
import { describeSecret } from '../../util/redact';
import { trimChar } from '../../util/linear';

const ID = 'config/secret-exposed-to-client';

const PUBLIC_READS = ownFact<{ name: string; range: Range }[]>(ID, 'public-reads');

function nameMessage(name: string, reason: string): Message {
  return { messageId: 'publicName', data: { name, reason } };
}

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const seen = new Set<string>();
  const deferred: { name: string; range: Range }[] = [];
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
    ctx.report(r.range, nameMessage(r.name, reason), { data: { name: r.name } });
  }
  if (deferred.length) ctx.record(PUBLIC_READS, deferred);
  const base = path.basename(ctx.rel);
  if (NEXT_CONFIG.test(base)) checkBundlerConfig(ctx, base, 'next');
  else if (VITE_CONFIG.test(base)) checkBundlerConfig(ctx, base, 'vite');
}

const NEXT_CONFIG = /^next\.config\.(js|cjs|mjs|ts|mts)$/;
const VITE_CONFIG = /^vite\.config\.(js|cjs|mjs|ts|mts)$/;

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
function checkBundlerConfig(ctx: SourceContext, base: string, tool: 'next' | 'vite'): void {
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

/** Supabase service-role keys are JWTs whose payload says so; exposing one hands out full database access. */
function isServiceRoleJwt(m: SecretMatch): boolean {
  if (m.provider !== 'JSON Web Token') return false;
  try {
    return /"role"\s*:\s*"service_role"/.test(Buffer.from(m.value.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return false;
  }
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  for (const env of project.envFiles) {
    if (isTestPath(env.rel) || isExamplePath(env.rel)) continue;
    for (const e of env.entries) {
      const prefix = clientPrefixOf(e.key, project);
      if (!prefix) continue;
      // Google browser keys and anon JWTs are public by design; detect/secrets already skips anon JWTs.
      const provider = findProviderSecrets(e.value).find((m) => m.provider !== 'Google API key');
      if (provider) {
        const live = provider.live || isServiceRoleJwt(provider);
        ctx.report(
          env.path,
          e.valueRange,
          {
            messageId: 'publicValue',
            data: {
              name: e.key,
              secret: isServiceRoleJwt(provider) ? 'a service-role JWT' : withArticle(provider.provider),
              value: describeSecret(provider.value),
            },
          },
          {
            severity: live ? 'error' : 'warning',
            data: { name: e.key },
          },
        );
        continue;
      }
      const reason = clientSecretReason(e.key.slice(prefix.length));
      if (reason) ctx.report(env.path, e.keyRange, nameMessage(e.key, reason), { data: { name: e.key } });
    }
  }
  for (const p of project.sources) {
    const reads = ctx.fact(p, PUBLIC_READS);
    for (const r of reads ?? []) {
      const prefix = clientPrefixOf(r.name, project);
      const reason = prefix && clientSecretReason(r.name.slice(prefix.length));
      if (prefix && reason) ctx.report(p, r.range, nameMessage(r.name, reason), { data: { name: r.name } });
    }
  }
}

const CLIENT_FRAMEWORKS = [
  'next',
  'vite',
  'react-scripts',
  'nuxt',
  'gatsby',
  '@vue/cli-service',
  'astro',
  '@sveltejs/kit',
  'expo',
];

function appliesTo(ctx: ProjectContext): boolean {
  const has = (p: Project | undefined): boolean =>
    !!p && (CLIENT_FRAMEWORKS.some((n) => p.pkg?.deps.has(n)) || has(p.parent));
  return (
    has(ctx.project) || ctx.project.envFiles.some((e) => e.entries.some((x) => clientPrefixOf(x.key, ctx.project)))
  );
}

export const secretExposedToClient: Rule = {
  meta: {
    id: ID,
    inputs: ['env', 'package-json', 'source'],
    factor: 'config',
    severity: 'warning',
    description:
      'Secrets behind NEXT_PUBLIC_, VITE_, REACT_APP_ and other prefixes that are inlined into client bundles.',
    why: 'Secrets are config that stays on the server (factor III): a client prefix or bundler setting writes the value into JavaScript that anyone can download. Keep it in a server-only variable (STRIPE_SECRET_KEY, not VITE_STRIPE_SECRET_KEY), call it from a server route, and rotate a key that was shipped.',
    messages: {
      publicName: '{{name}} looks like {{reason}}, but its prefix ships it to the browser.',
      viteDefine: '`define` in {{file}} writes {{secret}} into the client bundle.',
      publicRuntimeConfig: '`publicRuntimeConfig` in {{file}} sends {{secret}} to every browser.',
      nextEnv: '`env` in {{file}} inlines {{secret}} into the client JavaScript bundles.',
      publicValue: '{{name}} holds {{secret}} ({{value}}) and ships it to the browser.',
    },
  },
  trigger:
    /NEXT_PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_|REACT_APP_|VITE_|GATSBY_|VUE_APP_|STORYBOOK_|PUBLIC_|publicRuntimeConfig|\benv\s*:|\bdefine\s*:/,
  checkSource,
  checkProject,
  appliesTo,
};
