// config/secret-in-dockerfile: credentials baked into an image through ENV, ARG defaults or RUN lines.
// Image layers and `docker history` keep them for anyone who can pull the image.
import * as path from 'path';
import ignore from 'ignore';
import type { DockerHeredoc, Dockerfile } from '../../core/model';
import {
  defineRule,
  type FileEdit,
  type Finding,
  type Fix,
  type FixContext,
  type ProjectContext,
} from '../../core/types';
import { appendLine } from '../../fixes/gitignore';
import { findProviderSecrets, isSecretName, looksLikeSecretValue } from '../../detect/secrets';
import { dockerVars } from '../../platform/dockerEnv';
import { isExampleEnvName, parseEnvFile } from '../../platform/envFile';
import { afterKeywords, allCommands, parseShell, positionalArgs } from '../../platform/shell';
import { urlCredential } from '../../detect/urls';
import { dockerStages, finalStageChain, isDevDockerfile, isDevImage } from '../../platform/docker';
import { withArticle } from '../../detect/envVars';
import { isExamplePath, isTestPath } from '../../core/paths';
import { describeSecret } from '../../util/redact';
import { LineIndex, clip } from '../../util/text';

/**
 * `COPY .env ./` puts the env file, values and all, into a layer of the image; so does `COPY . .` when a real
 * `.env` sits in the build context and no .dockerignore keeps it out.
 */
function checkEnvFileCopies(ctx: ProjectContext, df: Dockerfile): void {
  if (isDevDockerfile(df.rel)) return;
  const dir = path.dirname(df.path);
  const realEnv = ctx.project.envFiles.find((e) => !e.isExample && path.dirname(e.path) === dir);
  const dockerignore = ctx.read(path.join(dir, '.dockerignore'));
  const ignoresEnv =
    dockerignore !== undefined && ignore({ allowRelativePaths: true }).add(dockerignore).ignores('.env');
  for (const ins of df.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const words = (ins.exec ?? ins.args.split(/\s+/)).filter((w) => w && !w.startsWith('--'));
    const sources = words.slice(0, -1);
    const envSource = sources.find(
      (w) => /(^|\/)\.env(\.[\w-]+)?$/.test(w) && !/\.(example|sample|template|dist)$/.test(w),
    );
    if (envSource) {
      ctx.report(
        df.path,
        ins.range,
        { messageId: 'copyEnv', data: { keyword: ins.keyword, source: envSource } },
        {
          data: { kind: 'copy-env' },
        },
      );
    } else if (realEnv && !ignoresEnv && sources.some((w) => w === '.' || w === './')) {
      ctx.report(
        df.path,
        ins.range,
        {
          messageId: 'copyContext',
          data: { keyword: ins.keyword, sources: sources.join(' '), file: path.basename(realEnv.path) },
        },
        {
          severity: 'warning',
          data: { kind: 'copy-context' },
        },
      );
    }
  }
}

/** `.env.example`, `env-example-relational`, `example.env`: an example env file by its name. */
function isExampleEnv(base: string): boolean {
  return (
    (isExampleEnvName(base) && /env/i.test(base)) ||
    /^\.?env[.-](example|sample|template|dist)([.-]|$)/i.test(base) ||
    /^(example|sample)\.env$/i.test(base)
  );
}

/** `.env`, `.env.production`: a file dotenv and the frameworks load as live config. */
function isLiveEnv(word: string): boolean {
  const base = path.posix.basename(word);
  return /^\.env(\.[\w-]+)?$/.test(base) && !isExampleEnv(base);
}

/**
 * `COPY .env.example .env`, `RUN cp .env.example .env`: the example becomes the config the image runs with, so its
 * sample secrets (`AUTH_JWT_SECRET=secret`) are the live ones wherever the deploy does not set them. Only the image
 * that ships (the final stage chain), and only an example that gives a secret-named key a value.
 */
function checkExampleAsConfig(ctx: ProjectContext, df: Dockerfile): void {
  if (isDevImage(df)) return;
  for (const stage of finalStageChain(df)) {
    for (const ins of stage.instructions) {
      let copy: { shown: string; source: string } | undefined;
      if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const all = ins.exec ?? ins.args.split(/\s+/).filter(Boolean);
        const words = all.filter((w) => !w.startsWith('--'));
        if (
          !all.some((w) => w.startsWith('--from')) &&
          words.length === 2 &&
          isExampleEnv(path.posix.basename(words[0])) &&
          isLiveEnv(words[1])
        ) {
          copy = { shown: `${ins.keyword} ${words.join(' ')}`, source: words[0] };
        }
      } else if (ins.keyword === 'RUN' && !ins.exec) {
        for (const c of allCommands(parseShell(ins.args))) {
          const { program, args } = afterKeywords(c);
          const pos = positionalArgs(args);
          if (
            (program === 'cp' || program === 'mv') &&
            pos.length === 2 &&
            isExampleEnv(path.posix.basename(pos[0])) &&
            isLiveEnv(pos[1])
          ) {
            copy = { shown: `${program} ${args.join(' ')}`, source: pos[0] };
            break;
          }
        }
      }
      if (!copy) continue;
      const rel = copy.source.replace(/^\.\//, '');
      if (rel.startsWith('/') || rel.includes('$')) continue;
      const text = [path.dirname(df.path), ctx.project.root]
        .map((d) => ctx.read(path.join(d, rel)))
        .find((t) => t !== undefined);
      const secret =
        text === undefined ? undefined : parseEnvFile(text).find((e) => isSecretName(e.key) && e.value.trim() !== '');
      if (!secret) continue;
      ctx.report(
        df.path,
        ins.range,
        { messageId: 'exampleAsConfig', data: { command: clip(copy.shown, 48), key: secret.key } },
        {
          data: { kind: 'example-as-config' },
        },
      );
    }
  }
}

function checkProject(ctx: ProjectContext): void {
  for (const df of ctx.project.dockerfiles) {
    if (isTestPath(df.rel) || isExamplePath(df.rel)) continue;
    checkEnvFileCopies(ctx, df);
    checkExampleAsConfig(ctx, df);
    const text = ctx.read(df.path);
    if (text === undefined) continue;
    const lines = LineIndex.of(text);
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
        ctx.report(
          df.path,
          range,
          {
            messageId: 'providerVar',
            data: {
              keyword: v.keyword,
              key: v.key,
              file: base,
              secret: withArticle(provider.provider),
              value: describeSecret(provider.value),
            },
          },
          {
            severity: provider.live ? 'error' : 'warning',
            data: { keyword: v.keyword, key: v.key },
          },
        );
        continue;
      }
      if (isSecretName(v.key) && !/\$\{?[A-Za-z_]/.test(v.value) && looksLikeSecretValue(v.value, v.key)) {
        reported.add(v.valueStart);
        ctx.report(
          df.path,
          range,
          {
            messageId: 'secretVar',
            data: { keyword: v.keyword, key: v.key, file: base, value: describeSecret(v.value) },
          },
          {
            data: { keyword: v.keyword, key: v.key },
          },
        );
        continue;
      }
      // `ENV REDIS_URL=redis://:pw@prod-redis…`: a password inside a URL value.
      const cred = v.value.includes('@') ? urlCredential(v.value) : undefined;
      if (cred) {
        reported.add(v.valueStart);
        ctx.report(
          df.path,
          range,
          {
            messageId: cred.user ? 'urlUserVar' : 'urlServiceVar',
            data: { keyword: v.keyword, key: v.key, file: base, user: cred.user },
          },
          {
            data: { keyword: v.keyword, key: v.key },
          },
        );
        continue;
      }
      // `ARG DB_PASSWORD` + `ENV DATABASE_URL=postgres://u:${DB_PASSWORD}@…` persists the build arg in the final image.
      if (v.keyword === 'ENV' && shipped.has(v.stage) && !isDevDockerfile(df.rel)) {
        const args = secretArgs.get(v.stage);
        const ref =
          args && [...v.value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).find((n) => args.has(n));
        if (ref) {
          reported.add(v.valueStart);
          ctx.report(
            df.path,
            range,
            { messageId: 'argInEnv', data: { key: v.key, file: base, arg: ref } },
            {
              data: { keyword: v.keyword, key: v.key, arg: ref },
            },
          );
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
        ctx.report(
          df.path,
          lines.range(start + m.start, start + m.end),
          {
            messageId: 'providerInInstruction',
            data: { keyword: ins.keyword, file: base, secret: withArticle(m.provider), value: describeSecret(m.value) },
          },
          {
            severity: m.live ? 'error' : 'warning',
          },
        );
      }
    }
    for (const ins of df.instructions)
      for (const h of ins.heredocs ?? []) checkHeredoc(ctx, df.path, base, ins.keyword, h);
  }
}

/**
 * A here-document's body is written into a layer like a RUN line (`RUN <<EOF … EOF`, `COPY <<EOF /app/.env`):
 * provider-format keys anywhere in it, and `KEY=value` lines (shell `export`s, a .env written into the image) whose
 * name and value are a secret's or whose URL carries a password.
 */
function checkHeredoc(ctx: ProjectContext, file: string, base: string, keyword: string, h: DockerHeredoc): void {
  const first = h.range.start.line;
  const where = { keyword, name: h.name, file: base };
  const reported = new Set<string>();
  const at = (line: number, from: number, to: number) => ({
    start: { line: first + line, character: from },
    end: { line: first + line, character: to },
  });
  h.body.split('\n').forEach((text, k) => {
    for (const m of findProviderSecrets(text)) {
      reported.add(`${k}:${m.start}`);
      ctx.report(
        file,
        at(k, m.start, m.end),
        {
          messageId: 'heredocProvider',
          data: { ...where, secret: withArticle(m.provider), value: describeSecret(m.value) },
        },
        { severity: m.live ? 'error' : 'warning' },
      );
    }
  });
  for (const e of parseEnvFile(h.body)) {
    const r = e.valueRange;
    if (
      reported.has(`${r.start.line}:${r.start.character}`) ||
      findProviderSecrets(e.value).length ||
      /\$\{?[A-Za-z_]/.test(e.value)
    )
      continue;
    const range = {
      start: { line: first + r.start.line, character: r.start.character },
      end: { line: first + r.end.line, character: r.end.character },
    };
    if (isSecretName(e.key) && looksLikeSecretValue(e.value, e.key)) {
      ctx.report(
        file,
        range,
        { messageId: 'heredocSecret', data: { ...where, key: e.key, value: describeSecret(e.value) } },
        { severity: 'warning' },
      );
      continue;
    }
    const cred = e.value.includes('@') ? urlCredential(e.value) : undefined;
    if (cred) {
      ctx.report(
        file,
        range,
        {
          messageId: cred.user ? 'heredocUrlUser' : 'heredocUrlService',
          data: { ...where, key: e.key, user: cred.user },
        },
        { severity: 'warning' },
      );
    }
  }
}

/** `ARG DB_PASSWORD=…` → `ARG DB_PASSWORD`: the value then comes from `--build-arg` (or better, a build secret). */
/** Keeps `.env` out of the build context: appended to (or a new) .dockerignore beside the Dockerfile. */
function dockerignoreFix(finding: Finding, ctx: FixContext): Fix[] {
  const file = path.join(path.dirname(finding.path), '.dockerignore');
  const text = ctx.read(file);
  if (text !== undefined && ignore({ allowRelativePaths: true }).add(text).ignores('.env')) return [];
  const edit: FileEdit =
    text === undefined
      ? {
          path: file,
          create: true,
          edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.env\n' }],
        }
      : { path: file, edits: [appendLine(text, '.env')] };
  return [{ title: 'Add .env to .dockerignore', preferred: true, fixAll: true, edits: [edit] }];
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { keyword?: string; key?: string; kind?: string } | undefined;
  if (data?.kind === 'copy-context') return dockerignoreFix(finding, ctx);
  const text = ctx.read(finding.path);
  if (data?.keyword !== 'ARG' || !data.key || text === undefined) return [];
  const lines = LineIndex.of(text);
  const start = lines.offset(finding.range.start);
  const keyStart = start - 1 - data.key.length;
  if (text.slice(keyStart, start) !== `${data.key}=`) return [];
  return [
    {
      title: `Remove the default of ARG ${data.key}`,
      edits: [
        {
          path: finding.path,
          edits: [{ range: lines.range(start - 1, lines.offset(finding.range.end)), newText: '' }],
        },
      ],
    },
  ];
}

function appliesTo(ctx: ProjectContext): boolean {
  return ctx.project.dockerfiles.some((d) => !isTestPath(d.rel) && !isExamplePath(d.rel));
}

export const secretInDockerfile = defineRule({
  meta: {
    id: 'config/secret-in-dockerfile',
    inputs: ['dockerfile', 'env'],
    factor: 'config',
    severity: 'warning',
    description:
      'Secrets in Dockerfile ENV values, ARG defaults, RUN lines or here-documents, which every image layer keeps.',
    why: 'Config, secrets above all, is set when the container runs, not baked into the image (factor III): ENV values, ARG defaults and copied .env files stay in the image layers and history for anyone who can pull it. Add .env to .dockerignore, pass secrets at run time (`docker run -e`, the platform), and use `RUN --mount=type=secret` for build-time credentials.',
    fixable: true,
    messages: {
      copyEnv: '{{keyword}} {{source}} bakes an env file, with every value in it, into a layer of the image.',
      copyContext:
        '{{keyword}} {{sources}} copies the whole build context, including {{file}}, into the image, and no .dockerignore keeps it out.',
      exampleAsConfig: "'{{command}}' makes the example the image's config, its sample {{key}} included.",
      providerVar: '{{keyword}} {{key}} in {{file}} bakes {{secret}} ({{value}}) into the image.',
      secretVar: '{{keyword}} {{key}} in {{file}} hardcodes a secret ({{value}}).',
      urlUserVar: "{{keyword}} {{key}} in {{file}} embeds the password of user '{{user}}'.",
      urlServiceVar: '{{keyword}} {{key}} in {{file}} embeds the password of the service.',
      argInEnv: 'ENV {{key}} in {{file}} copies the build argument {{arg}} into the image.',
      providerInInstruction: '{{keyword}} in {{file}} contains {{secret}} ({{value}}), which the image layers keep.',
      heredocProvider: '{{keyword}} <<{{name}} in {{file}} holds {{secret}} ({{value}}), which the image layers keep.',
      heredocSecret:
        '{{keyword}} <<{{name}} in {{file}} sets {{key}} to a secret ({{value}}), which the image layers keep.',
      heredocUrlUser:
        "{{keyword}} <<{{name}} in {{file}} sets {{key}} to a URL with the password of user '{{user}}', which the image layers keep.",
      heredocUrlService:
        '{{keyword}} <<{{name}} in {{file}} sets {{key}} to a URL with the password of the service, which the image layers keep.',
    },
  },
  checkProject,
  appliesTo,
  fixes,
});
