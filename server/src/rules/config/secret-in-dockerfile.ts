// config/secret-in-dockerfile: credentials baked into an image through ENV, ARG defaults or RUN lines.
// Image layers and `docker history` keep them for anyone who can pull the image.
import * as path from 'path';
import type { Finding, Fix, FixContext, ProjectContext, Rule } from '../../engine/types';
import { findProviderSecrets, isSecretName, looksLikeSecretValue } from '../../detect/secrets';
import { dockerVars } from '../../detect/dockerEnv';
import { urlCredential } from '../../detect/urls';
import { dockerStages, finalStageChain, isDevDockerfile } from '../../detect/docker';
import { withArticle } from '../../detect/envVars';
import { isExamplePath, isTestPath } from '../../engine/paths';
import { redact, redactUrl } from '../../util/redact';
import { LineIndex } from '../../util/text';

function checkProject(ctx: ProjectContext): void {
  for (const df of ctx.project.dockerfiles) {
    if (isTestPath(df.rel) || isExamplePath(df.rel)) continue;
    const text = ctx.read(df.path);
    if (text === undefined) continue;
    const lines = new LineIndex(text);
    const base = path.basename(df.path);
    const reported = new Set<number>();
    const vars = dockerVars(df, text);
    // Stages whose ENV the shipped image inherits: the last one and those it is built `FROM`.
    const stages = dockerStages(df);
    const shipped = new Set(finalStageChain(df).map((st) => stages.findIndex((x) => x.from === st.from)));
    // Secret-named build args per stage (an ARG is only in scope in the stage that declares it).
    const secretArgs = new Map<number, Set<string>>();
    for (const v of vars) {
      if (v.keyword !== 'ARG' || !isSecretName(v.key)) continue;
      if (!secretArgs.has(v.stage)) secretArgs.set(v.stage, new Set());
      secretArgs.get(v.stage)!.add(v.key);
    }
    for (const v of vars) {
      if (v.value === undefined || !v.value) continue; // `ARG NPM_TOKEN`: supplied at build time, fine
      const provider = findProviderSecrets(v.value)[0];
      const range = lines.range(v.valueStart, v.valueEnd);
      if (provider) {
        reported.add(v.valueStart);
        ctx.report(df.path, range, `${v.keyword} ${v.key} in ${base} bakes ${withArticle(provider.provider)} ('${redact(provider.value)}') into the image, where every layer keeps it. Pass it at run time (or as a build secret) instead.`, {
          severity: provider.live ? 'error' : 'warning',
          data: { keyword: v.keyword, key: v.key },
        });
        continue;
      }
      if (isSecretName(v.key) && !/\$\{?[A-Za-z_]/.test(v.value) && looksLikeSecretValue(v.value, v.key)) {
        reported.add(v.valueStart);
        const how = v.keyword === 'ARG' ? 'An ARG default is stored in the image history' : 'ENV values are stored in the image';
        ctx.report(df.path, range, `${v.keyword} ${v.key} in ${base} hardcodes a secret ('${redact(v.value)}'). ${how}: set it at run time, or use \`RUN --mount=type=secret\` for build-time credentials.`, {
          data: { keyword: v.keyword, key: v.key },
        });
        continue;
      }
      // `ENV REDIS_URL=redis://:pw@prod-redis…`: a password inside a URL value.
      const cred = v.value.includes('@') ? urlCredential(v.value) : undefined;
      if (cred) {
        reported.add(v.valueStart);
        const how = v.keyword === 'ARG' ? 'An ARG default is stored in the image history' : 'ENV values are stored in the image';
        ctx.report(df.path, range, `${v.keyword} ${v.key} in ${base} embeds the password of ${cred.user ? `user '${cred.user}'` : 'the service'} in '${redactUrl(v.value)}'. ${how}: pass the URL at run time instead.`, {
          data: { keyword: v.keyword, key: v.key },
        });
        continue;
      }
      // `ARG DB_PASSWORD` + `ENV DATABASE_URL=postgres://u:${DB_PASSWORD}@…` persists the build arg in the final image.
      if (v.keyword === 'ENV' && shipped.has(v.stage) && !isDevDockerfile(df.rel)) {
        const args = secretArgs.get(v.stage);
        const ref = args && [...v.value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).find((n) => args.has(n));
        if (ref) {
          reported.add(v.valueStart);
          ctx.report(df.path, range, `ENV ${v.key} in ${base} copies the build argument ${ref} into the image. ENV values persist in every container started from it (\`docker inspect\` shows them) and build args stay visible in \`docker history\`: pass ${v.key} at run time instead, or use \`RUN --mount=type=secret\` if the build itself needs ${ref}.`, {
            data: { keyword: v.keyword, key: v.key, arg: ref },
          });
        }
      }
    }
    // Provider-format keys anywhere else (`RUN echo "//registry.npmjs.org/:_authToken=npm_…" > .npmrc`).
    for (const ins of df.instructions) {
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG') continue;
      const start = lines.offset(ins.range.start);
      const end = lines.offset(ins.range.end);
      for (const m of findProviderSecrets(text.slice(start, end))) {
        if (reported.has(start + m.start)) continue;
        ctx.report(df.path, lines.range(start + m.start, start + m.end), `${ins.keyword} in ${base} contains ${withArticle(m.provider)} ('${redact(m.value)}'), which the image layers keep. Use \`RUN --mount=type=secret\` instead.`, {
          severity: m.live ? 'error' : 'warning',
        });
      }
    }
  }
}

/** `ARG DB_PASSWORD=…` → `ARG DB_PASSWORD`: the value then comes from `--build-arg` (or better, a build secret). */
function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { keyword?: string; key?: string } | undefined;
  const text = ctx.read(finding.path);
  if (data?.keyword !== 'ARG' || !data.key || text === undefined) return [];
  const lines = new LineIndex(text);
  const start = lines.offset(finding.range.start);
  const keyStart = start - 1 - data.key.length;
  if (text.slice(keyStart, start) !== `${data.key}=`) return [];
  return [{
    title: `Remove the default of ARG ${data.key}`,
    edits: [{ path: finding.path, edits: [{ range: lines.range(start - 1, lines.offset(finding.range.end)), newText: '' }] }],
  }];
}

function appliesTo(ctx: ProjectContext): boolean {
  return ctx.project.dockerfiles.some((d) => !isTestPath(d.rel) && !isExamplePath(d.rel));
}

export const secretInDockerfile: Rule = {
  meta: {
    id: 'config/secret-in-dockerfile',
    factor: 'config',
    severity: 'warning',
    description: 'Secrets in Dockerfile ENV values, ARG defaults or RUN lines, which every image layer keeps.',
    fixable: true,
  },
  checkProject,
  appliesTo,
  fixes,
};
