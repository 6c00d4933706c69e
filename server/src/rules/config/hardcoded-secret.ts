// config/hardcoded-secret: credentials written into code or tracked files instead of the environment.
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import {
  findProviderSecrets,
  isSecretName,
  isTemplateValue,
  looksLikeSecretValue,
  type SecretMatch,
} from '../../detect/secrets';
import { urlCredential } from '../../detect/urls';
import { LOCAL_SECTION } from '../../detect/environments';
import { envModeOf } from '../../detect/envVars';
import { isLocalePath } from '../../detect/locale';
import { EXAMPLE_LOADS, PY_SECRET_SETTINGS, passwordSpanIn, urlMessage } from '../../facts/config';
import { reportPySettingCandidates } from '../../facts/pySettings';
import { hardcodedSecretJs, jsStringLiteralValue } from '../../lang/js/checks/config/hardcoded-secret';
import { hardcodedSecretPy } from '../../lang/py/checks/config/hardcoded-secret';
import { pyLiteralMove } from '../../lang/py/edits';
import { describeSecret } from '../../util/redact';
import { moveToEnvFix } from '../../fixes/env';
import { isExamplePath, isTestPath, sourceLanguage } from '../../core/paths';
import { processesOf, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { LineIndex } from '../../util/text';
import { visit as visitJson } from 'jsonc-parser';
import { isScalar, parseDocument, visit as visitYaml } from 'yaml';

function inFixtureOrExample(rel: string): boolean {
  return isTestPath(rel) || isExamplePath(rel);
}

// --- an example env file loaded as the live config ---------------------------------------------------------------

/**
 * Reports the loads in files a process runs (not tests or tooling) whose example file gives a secret-named key a
 * value: that value is what production runs with whenever the variable is unset. An example file is the one meant
 * to be shared, so a .gitignore entry for it (hackathon-starter) does not make it a private config file.
 */
function checkExampleEnvLoads(ctx: ProjectContext): void {
  const project = ctx.project;
  let processes: ReturnType<typeof processesOf> | undefined;
  for (const file of project.sources) {
    const loads = ctx.fact(file, EXAMPLE_LOADS);
    if (!loads?.length) continue;
    processes ??= processesOf(project, ctx.facts, ctx.workspace);
    if (
      !processes.some(
        (p) => p.origins.some((o) => o.kind !== 'bin') && (p.reachable.has(file) || p.setup.includes(file)),
      )
    )
      continue;
    for (const load of loads) {
      const candidates = project.envFiles.filter(
        (e) => path.basename(e.path) === load.name && !inFixtureOrExample(e.rel),
      );
      // Relative to the working directory, which is the project root when the process starts; else beside the file.
      const example =
        candidates.find((e) => path.dirname(e.path) === project.root) ??
        candidates.find((e) => path.dirname(e.path) === path.dirname(file)) ??
        (candidates.length === 1 ? candidates[0] : undefined);
      const entry = example?.entries.find((e) => isSecretName(e.key) && !isTemplateValue(e.value));
      if (!entry) continue;
      ctx.report(
        file,
        load.range,
        { messageId: 'exampleLoaded', data: { file: load.name, key: entry.key } },
        { severity: 'warning' },
      );
    }
  }
}

function checkProject(ctx: ProjectContext): void {
  checkExampleEnvLoads(ctx);
  // Python settings the check left to the project: reported unless a production settings module overrides them.
  reportPySettingCandidates(ctx, PY_SECRET_SETTINGS);
  for (const env of ctx.project.envFiles) {
    // An ignored .env is exactly where secrets belong; examples are config/secret-in-example's business.
    if (env.ignored || env.ignoreUnknown || env.isExample || inFixtureOrExample(env.rel)) continue;
    // Discovery knows .gitignore, not git's index: the file may be committed already, or will be on the next `git add`.
    const file = path.basename(env.path);
    const mode = envModeOf(env.path);
    // `.env.test`, `.env.ci`: test configuration. Only a provider-format key counts there, and as a warning.
    const testMode = !!mode && /^(test|testing|ci)$/.test(mode);
    for (const e of env.entries) {
      const provider = findProviderSecrets(e.value).find((m) => !isTruncatedKey(e.value, m));
      if (provider) {
        ctx.report(
          env.path,
          e.valueRange,
          {
            messageId: 'envProvider',
            data: { provider: provider.provider, value: describeSecret(provider.value), file },
          },
          { severity: provider.live && !testMode ? 'error' : 'warning' },
        );
      } else if (testMode) {
        continue;
      } else if (isSecretName(e.key) && looksLikeSecretValue(e.value, e.key)) {
        ctx.report(
          env.path,
          e.valueRange,
          { messageId: 'envSecret', data: { key: e.key, value: describeSecret(e.value), file } },
          { severity: 'warning' },
        );
      } else if (!(mode && /^(development|dev|test|testing|ci)$/.test(mode))) {
        // `REDIS_URL=redis://:pw@prod-redis…`: a password inside a URL value. Development/test mode files hold local URLs.
        const cred = e.value.includes('@') ? urlCredential(e.value) : undefined;
        if (cred) {
          ctx.report(
            env.path,
            e.valueRange,
            cred.user
              ? { messageId: 'envUrlUser', data: { key: e.key, user: cred.user, file } }
              : { messageId: 'envUrlService', data: { key: e.key, file } },
            { severity: 'warning' },
          );
        }
      }
    }
  }
  for (const f of ctx.project.files) {
    if (f.kind !== 'data' && f.kind !== 'compose' && f.kind !== 'package-json') continue;
    if (f.ignored || inFixtureOrExample(f.rel)) continue;
    const text = ctx.read(f.path);
    if (!text) continue;
    const lines = LineIndex.of(text);
    for (const m of findProviderSecrets(text)) {
      ctx.report(
        f.path,
        lines.range(m.start, m.end),
        {
          messageId: 'fileProvider',
          data: { provider: m.provider, value: describeSecret(m.value), file: path.basename(f.path) },
        },
        { severity: m.live ? 'error' : 'warning' },
      );
    }
    if (f.kind === 'data') checkDataUrls(ctx, f.path, text, lines);
    // Secret-named keys: JSON config files (compose files hold local-development defaults by convention). Translation
    // catalogues name secrets in their keys ("API Key": "API-Schlüssel") and hold labels, not values.
    if (f.kind === 'data' && f.path.endsWith('.json') && !isLocalePath(f.rel)) {
      visitJson(text, {
        onLiteralValue(value, offset, length, _line, _col, pathSupplier) {
          const key = pathSupplier()[pathSupplier().length - 1];
          if (typeof value !== 'string' || typeof key !== 'string') return;
          if (findProviderSecrets(value).length) return; // already reported above
          if (isSecretName(key) && looksLikeSecretValue(value, key)) {
            ctx.report(
              f.path,
              lines.range(offset, offset + length),
              { messageId: 'fileKey', data: { key, value: describeSecret(value), file: path.basename(f.path) } },
              { severity: 'warning' },
            );
          }
        },
      });
    }
  }
}

/**
 * A private-key header whose body is too short to be a key (`-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n…`):
 * a dummy for tests. The shortest real keys (Ed25519, PEM) have well over 60 characters of base64.
 */
function isTruncatedKey(text: string, m: SecretMatch): boolean {
  if (m.provider !== 'private key') return false;
  const rest = text.slice(m.end, m.end + 4096);
  const end = rest.indexOf('-----END');
  const body = (end < 0 ? rest : rest.slice(0, end)).replace(/\\n|[^A-Za-z0-9+/=]/g, '');
  return body.length < 60;
}

/** Config files for local development or tests (`config/development.json`, `config/test.yaml`) hold local URLs. */
const LOCAL_DATA_FILE = /(^|[/.])(development|dev|local|test|testing|e2e|ci)\.(json|ya?ml)$/i;

/**
 * `"redisUrl": "redis://:S3cr3tPw@prod-redis:6379"` in config/production.json, `url = "postgresql://u:pw@host/db"`
 * in schema.prisma: a URL with a real password in a tracked data file. Development/test sections and files are
 * left alone, as in code.
 */
function checkDataUrls(ctx: ProjectContext, file: string, text: string, lines: LineIndex): void {
  if (!text.includes('://') || !text.includes('@') || LOCAL_DATA_FILE.test(file)) return;
  const base = path.basename(file);
  const report = (value: string, start: number, end: number) => {
    if (findProviderSecrets(value).length) return; // reported as a provider key
    const cred = urlCredential(value);
    if (!cred) return;
    // On the password when the file holds the value as written (hardcoded-url reports the whole URL).
    const range =
      passwordSpanIn(text.slice(start, end), value, cred, start, (a, b) => lines.range(a, b)) ??
      lines.range(start, end);
    ctx.report(file, range, urlMessage(cred, value), { severity: 'warning' });
  };
  const local = (keys: (string | number)[]) => keys.some((k) => typeof k === 'string' && LOCAL_SECTION.test(k));
  if (base.endsWith('.prisma')) {
    // A quoted URL, then whether it has an `@`: `[^"\s]*@[^"\s]*"` retried the rest of the string from every `@`.
    // Without one, the search goes on from the closing quote, which may open the next string.
    const quoted = /"([a-z][a-z0-9+.-]*:\/\/[^"\s]*)"/gi;
    for (let m = quoted.exec(text); m; m = quoted.exec(text)) {
      if (!m[1].includes('@', m[1].indexOf('://') + 3)) {
        quoted.lastIndex = m.index + m[0].length - 1;
        continue;
      }
      const start = m.index + 1;
      report(m[1], start, start + m[1].length);
    }
  } else if (base.endsWith('.json')) {
    visitJson(text, {
      onLiteralValue(value, offset, length, _l, _c, pathSupplier) {
        if (typeof value === 'string' && value.includes('@') && !local(pathSupplier()))
          report(value, offset, offset + length);
      },
    });
  } else {
    try {
      visitYaml(parseDocument(text), {
        Scalar(_k, node, ancestors) {
          if (typeof node.value !== 'string' || !node.value.includes('@') || !node.range) return;
          const keys = ancestors.flatMap((a) =>
            a && typeof a === 'object' && 'key' in a && isScalar((a as { key: unknown }).key)
              ? [String((a as { key: { value: unknown } }).key.value)]
              : [],
          );
          if (!local(keys)) report(node.value, node.range[0], node.range[1]);
        },
      });
    } catch {
      /* not YAML after all */
    }
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { kind?: string; names?: string[]; exact?: boolean } | undefined;
  if (data?.kind !== 'literal') return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  const preferred = data.exact !== false;
  if (sourceLanguage(finding.path) === 'py') {
    // `os.environ['NAME']`, with `import os` added when the file lacks it.
    const move = pyLiteralMove(text, finding.range);
    if (!move) return [];
    return [
      moveToEnvFix({ file: finding.path, range: finding.range, names: data.names ?? [], preferred, ...move }, ctx),
    ];
  }
  const lines = LineIndex.of(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  // Re-read the literal from the current text rather than trusting anything stored with the finding.
  const value = jsStringLiteralValue(raw);
  if (value === undefined) return [];
  return [moveToEnvFix({ file: finding.path, range: finding.range, value, names: data.names ?? [], preferred }, ctx)];
}

export const hardcodedSecret = defineRule({
  meta: {
    id: 'config/hardcoded-secret',
    inputs: [...PROCESS_MODEL_INPUTS, 'env'],
    factor: 'config',
    severity: 'error',
    description: 'Credentials (provider keys, tokens, passwords) hardcoded in code or in files git tracks.',
    why: 'Credentials are config and belong in the environment, not in code or tracked files (factor III): anyone who can read the repository has them, and a fallback value runs production the day the variable is missing. Read the secret from an environment variable (fail fast without it) and rotate any value that was committed.',
    fixable: true,
    messages: {
      positional: 'Hardcoded {{what}} ({{value}}).',
      provider: 'Hardcoded {{provider}} {{value}}.',
      fallbackUrl: "The fallback {{scheme}} URL '{{url}}' embeds a real password.",
      urlUser: "The {{scheme}} URL '{{url}}' embeds the password of user '{{user}}'.",
      urlService: "The {{scheme}} URL '{{url}}' embeds the password of the service.",
      header: 'Hardcoded {{scheme}} credential in an Authorization header ({{value}}).',
      signingFallback: 'Fallback {{what}} ({{value}}), used to sign whenever the variable is missing.',
      fallbackSecret: 'Fallback secret for {{name}} ({{value}}), used whenever the variable is missing.',
      named: "Hardcoded secret in '{{name}}' ({{value}}).",
      exampleLoaded: 'Loads {{file}} as live config, so an unset {{key}} silently takes its example value.',
      envProvider: '{{provider}} {{value}} in {{file}}, which is not git-ignored.',
      envSecret: 'Secret {{key}} ({{value}}) in {{file}}, which is not git-ignored.',
      envUrlUser: "{{key}} embeds the password of user '{{user}}' in {{file}}, which is not git-ignored.",
      envUrlService: '{{key}} embeds the password of the service in {{file}}, which is not git-ignored.',
      fileProvider: 'Hardcoded {{provider}} {{value}} in {{file}}.',
      fileKey: 'Hardcoded secret in "{{key}}" ({{value}}) in {{file}}.',
    },
  },
  sources: [hardcodedSecretJs, hardcodedSecretPy],
  checkProject,
  fixes,
});
