// config/secret-exposed-to-client: a secret behind a prefix (NEXT_PUBLIC_, VITE_, REACT_APP_ …) that frameworks
// inline into the JavaScript every visitor downloads.
import * as path from 'path';
import type { Project } from '../../model/types';
import type { ProjectContext, Range, Rule, SourceContext } from '../../engine/types';
import { clientPrefixOf, clientSecretReason, withArticle } from '../../detect/envVars';
import { findProviderSecrets, type SecretMatch } from '../../detect/secrets';
import { isExamplePath, isTestPath } from '../../engine/paths';
import { redact } from '../../util/redact';

const ID = 'config/secret-exposed-to-client';
const PUBLIC_READS = `${ID}/public-reads`;

function nameMessage(name: string, prefix: string, reason: string): string {
  const rest = name.slice(prefix.length);
  return `${name} looks like ${reason}, but the ${prefix} prefix makes the build inline it into client JavaScript that anyone can read. Keep it server-side as ${rest} and call it from a server route.`;
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
    ctx.report(r.range, nameMessage(r.name, prefix, reason), { data: { name: r.name } });
  }
  if (deferred.length) ctx.facts.custom[PUBLIC_READS] = deferred;
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
    const base = path.basename(env.path);
    for (const e of env.entries) {
      const prefix = clientPrefixOf(e.key, project);
      if (!prefix) continue;
      // Google browser keys and anon JWTs are public by design; detect/secrets already skips anon JWTs.
      const provider = findProviderSecrets(e.value).find((m) => m.provider !== 'Google API key');
      if (provider) {
        const live = provider.live || isServiceRoleJwt(provider);
        ctx.report(env.path, e.valueRange, `${e.key} in ${base} holds ${isServiceRoleJwt(provider) ? 'a service-role JWT' : withArticle(provider.provider)} ('${redact(provider.value)}'), and the ${prefix} prefix inlines it into client JavaScript. Move it to a server-only variable and rotate it.`, {
          severity: live ? 'error' : 'warning',
          data: { name: e.key },
        });
        continue;
      }
      const reason = clientSecretReason(e.key.slice(prefix.length));
      if (reason) ctx.report(env.path, e.keyRange, nameMessage(e.key, prefix, reason), { data: { name: e.key } });
    }
  }
  for (const p of project.sources) {
    const reads = ctx.facts(p)?.custom[PUBLIC_READS] as { name: string; range: Range }[] | undefined;
    for (const r of reads ?? []) {
      const prefix = clientPrefixOf(r.name, project);
      const reason = prefix && clientSecretReason(r.name.slice(prefix.length));
      if (prefix && reason) ctx.report(p, r.range, nameMessage(r.name, prefix, reason), { data: { name: r.name } });
    }
  }
}

const CLIENT_FRAMEWORKS = ['next', 'vite', 'react-scripts', 'nuxt', 'gatsby', '@vue/cli-service', 'astro', '@sveltejs/kit', 'expo'];

function appliesTo(ctx: ProjectContext): boolean {
  const has = (p: Project | undefined): boolean => !!p && (CLIENT_FRAMEWORKS.some((n) => p.pkg?.deps.has(n)) || has(p.parent));
  return has(ctx.project) || ctx.project.envFiles.some((e) => e.entries.some((x) => clientPrefixOf(x.key, ctx.project)));
}

export const secretExposedToClient: Rule = {
  meta: {
    id: ID,
    factor: 'config',
    severity: 'warning',
    description: 'Secrets behind NEXT_PUBLIC_, VITE_, REACT_APP_ and other prefixes that are inlined into client bundles.',
  },
  trigger: /NEXT_PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_|REACT_APP_|VITE_|GATSBY_|VUE_APP_|STORYBOOK_|PUBLIC_/,
  checkSource,
  checkProject,
  appliesTo,
};
