// config/secret-exposed-to-client: a secret behind a prefix (NEXT_PUBLIC_, VITE_, REACT_APP_ …) that frameworks
// inline into the JavaScript every visitor downloads.
import type { Project } from '../../core/model';
import { defineRule, type Message, type ProjectContext } from '../../core/types';
import { clientPrefixOf, clientSecretReason, withArticle } from '../../detect/envVars';
import { findProviderSecrets, type SecretMatch } from '../../detect/secrets';
import { PUBLIC_READS } from '../../facts/config';
import { secretExposedToClientJs } from '../../lang/js/checks/config/secret-exposed-to-client';
import { isExamplePath, isTestPath } from '../../core/paths';
import { describeSecret } from '../../util/redact';

const ID = 'config/secret-exposed-to-client';

function nameMessage(name: string, reason: string): Message {
  return { messageId: 'publicName', data: { name, reason } };
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

export const secretExposedToClient = defineRule({
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
  sources: [secretExposedToClientJs],
  checkProject,
  appliesTo,
});
