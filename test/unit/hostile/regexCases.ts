// Pathological inputs for every detector and parser that runs regexes on workspace text, and whole files for the
// engine. Each input is about `n` characters; what they share is a long run that an unanchored or ambiguous regex
// would read again from every offset (`sk-sk-sk-…`, `<<<<…`, blank lines, `\` continuations).
// regex.test.ts bounds their growth; secrets-output.test.ts reuses writeFiles.
import * as fs from 'fs';
import * as path from 'path';
import {
  findProviderSecrets,
  isPlaceholder,
  isSecretName,
  isTemplateValue,
  looksLikeSecretValue,
} from '../../../server/src/detect/secrets';
import {
  isLocalDefaultUrl,
  isPlaceholderPassword,
  parseServiceUrl,
  urlCredential,
} from '../../../server/src/detect/urls';
import { clientSecretReason } from '../../../server/src/detect/envVars';
import { toEnvName } from '../../../server/src/util/naming';
import { parseDockerfile } from '../../../server/src/platform/dockerfile';
import { parseEnvFile } from '../../../server/src/platform/envFile';
import { parseProcfile } from '../../../server/src/platform/procfile';
import { dockerVars } from '../../../server/src/platform/dockerEnv';
import { fromInstructions, runtimeFileVersion } from '../../../server/src/ecosystem/npm/nodeVersions';
import { isBackgrounded, parseShell } from '../../../server/src/platform/shell';
import { aptfileProvides, namesTool, nixpacksProvides, toolForProgram } from '../../../server/src/detect/systemTools';
import { fetchesIn } from '../../../server/src/platform/codeFetches';
import { scriptRunOf } from '../../../server/src/platform/command';
import { copySourceMatches } from '../../../server/src/rules/dependencies/install-ignores-lockfile';
import { ALL_RULES } from '../../../server/src/rules';
import { redactText } from '../../../server/src/util/redact';

/** `unit` repeated to about n characters. */
export const fill = (unit: string, n: number): string => unit.repeat(Math.max(1, Math.ceil(n / unit.length)));

export interface Case {
  name: string;
  make: (n: number) => string;
  run: (input: string) => unknown;
}

const dockerfile = (text: string) => ({
  path: '/w/Dockerfile',
  rel: 'Dockerfile',
  instructions: parseDockerfile(text),
});
const ffmpeg = toolForProgram('ffmpeg')!;
/** A rule's JS source check's trigger. */
const trigger = (id: string) =>
  ALL_RULES.find((r) => r.meta.id === id)!.sources!.find((c) => c.language === 'js')!.trigger!;

export const DETECTOR_CASES: Case[] = [
  // Provider formats: each prefix repeated, so every offset of one long run is a possible start.
  {
    name: 'findProviderSecrets: sk- run without T3BlbkFJ',
    make: (n) => fill('sk-lr-F0Js-', n),
    run: findProviderSecrets,
  },
  {
    name: 'findProviderSecrets: sk-proj- run too short',
    make: (n) => fill('sk-proj-', n) + '!',
    run: findProviderSecrets,
  },
  {
    name: 'findProviderSecrets: sk- run ending in T3BlbkFJ without a tail',
    make: (n) => fill('sk-a-', n) + 'T3BlbkFJ' + '-'.repeat(30),
    run: findProviderSecrets,
  },
  { name: 'findProviderSecrets: eyJ run without a dot', make: (n) => fill('eyJJe-e-y0-', n), run: findProviderSecrets },
  { name: 'findProviderSecrets: eyJ parts too short', make: (n) => fill('eyJab.eyJab.', n), run: findProviderSecrets },
  {
    name: 'findProviderSecrets: glpat-/xoxb-/sk-ant- runs',
    make: (n) => fill('glpat-', n / 3) + ' ' + fill('xoxb-', n / 3) + ' ' + fill('sk-ant-api01-', n / 3),
    run: findProviderSecrets,
  },
  {
    name: 'findProviderSecrets: every prefix, repeated',
    make: (n) => fill('AKIAghp_sk_live_whsec_glpat-xoxb-AIzaGOCSPX-SG.key-npm_sk-shpat_eyJ', n),
    run: findProviderSecrets,
  },
  {
    name: 'findProviderSecrets: one long key-shaped run',
    make: (n) => 'eyJ' + fill('a', n) + '.eyJ' + fill('b', 10) + '.',
    run: findProviderSecrets,
  },
  // Placeholders and templates.
  { name: 'isPlaceholder: < without >', make: (n) => fill('<', n), run: isPlaceholder },
  { name: 'isPlaceholder: F<M', make: (n) => 'D' + fill('F<M', n), run: isPlaceholder },
  {
    name: 'looksLikeSecretValue: < without >',
    make: (n) => fill('a<', n),
    run: (v) => looksLikeSecretValue(v, 'password'),
  },
  { name: 'isPlaceholderPassword: < without >', make: (n) => fill('..<', n), run: isPlaceholderPassword },
  { name: 'isTemplateValue: {{ without }}', make: (n) => fill('{{', n), run: isTemplateValue },
  { name: 'isTemplateValue: {{ with single }', make: (n) => fill('{{a}', n), run: isTemplateValue },
  { name: 'isTemplateValue: ${ without }', make: (n) => 'A' + fill('s${', n) + 's>', run: isTemplateValue },
  // Service URLs.
  {
    name: 'parseServiceUrl: bracketed hosts and @',
    make: (n) => 'A://[/],[' + fill('@],[[],[', n) + '@',
    run: parseServiceUrl,
  },
  { name: 'urlCredential: @# run then a blank', make: (n) => 'A://[' + fill('@#', n) + '\t]', run: urlCredential },
  { name: 'urlCredential: @ run, bad port', make: (n) => 'postgres://u:' + fill('@', n) + 'h:x', run: urlCredential },
  {
    name: 'isLocalDefaultUrl: many hosts, bad tail',
    make: (n) => 'redis://u:p@' + fill('[a],', n) + ':x',
    run: isLocalDefaultUrl,
  },
  // Names.
  { name: 'clientSecretReason: long capital run', make: (n) => 'K' + fill('U', n), run: clientSecretReason },
  {
    name: 'clientSecretReason: many ADMIN segments',
    make: (n) => '0' + fill('_ADMIN_I', n) + '__ADMIN_KEY',
    run: clientSecretReason,
  },
  { name: 'isSecretName: long camel name', make: (n) => fill('aB', n) + 'Password', run: isSecretName },
  {
    name: 'toEnvName: capitals then underscores',
    make: (n) => fill('A', n / 2) + 'a' + fill('_', n / 2) + 'x',
    run: toEnvName,
  },
  // Parsers.
  {
    name: 'parseDockerfile: continuation lines',
    make: (n) => 'FROM node:20\nRUN a \\\n' + fill('b \\\n', n) + 'c\n',
    run: parseDockerfile,
  },
  { name: 'parseDockerfile: blank-padded lines', make: (n) => 'A\n' + fill('\t', n) + '\nA\n', run: parseDockerfile },
  {
    name: 'parseDockerfile: heredocs never closed',
    make: (n) => 'FROM node:20\n' + fill('RUN <<EOF\n', n),
    run: parseDockerfile,
  },
  {
    name: 'parseDockerfile: many heredocs',
    make: (n) => 'FROM node:20\n' + fill('RUN cat <<A <<B\n' + fill('a', 48) + '\nA\nb\nB\n', n),
    run: parseDockerfile,
  },
  {
    name: 'parseDockerfile: quoted and exec-form << runs',
    make: (n) => 'FROM node:20\nRUN "' + fill('<<', n / 2) + '\nRUN [' + fill('"<<",', n / 2) + '\n',
    run: parseDockerfile,
  },
  {
    name: 'dockerVars: escapes in ENV',
    make: (n) => {
      const t = 'FROM node:20\nENV ' + fill('\\a ', n) + '\n';
      return t;
    },
    run: (t) => dockerVars(dockerfile(t), t),
  },
  {
    name: 'dockerVars: continued ENV',
    make: (n) => {
      const t = 'FROM node:20\nENV A=1 \\\n' + fill('  B=2 \\\n', n) + '  C=3\n';
      return t;
    },
    run: (t) => dockerVars(dockerfile(t), t),
  },
  {
    name: 'fromInstructions: ARG without =',
    make: (n) => 'ARG ' + fill('A', n) + '\nFROM node:20\n',
    run: (t) => fromInstructions(dockerfile(t)),
  },
  {
    name: 'runtimeFileVersion: # run',
    make: (n) => fill('#', n) + '\u2028#',
    run: (t) => runtimeFileVersion('/w/.nvmrc', t),
  },
  { name: 'parseEnvFile: blanks then U+2028', make: (n) => 'p=' + fill('\t', n) + 'A\u2028', run: parseEnvFile },
  { name: 'parseEnvFile: blanks inside a value', make: (n) => 'A=a' + fill(' ', n) + 'b\n', run: parseEnvFile },
  {
    name: 'parseProcfile: blanks inside a command',
    make: (n) => 'web: node a.js' + fill(' ', n) + 'x\n',
    run: parseProcfile,
  },
  {
    name: 'parseProcfile: colons and blanks',
    make: (n) => '-:' + fill('\t', n / 2) + ':' + fill('\t', n / 2) + '\u2028:',
    run: parseProcfile,
  },
  // Shell command lines.
  { name: 'parseShell: sh -ccc…', make: (n) => 'sh -' + fill('c', n) + '\u0000 x', run: parseShell },
  {
    name: 'isBackgrounded: digit run',
    make: (n) => 'node a.js ' + fill('0', n) + ' &',
    run: (c) => {
      const l = parseShell(c);
      return isBackgrounded(c, l, l.length - 1);
    },
  },
  { name: 'fetchesIn: shell words without a download', make: (n) => fill('. ', n) + '`curl', run: fetchesIn },
  { name: 'fetchesIn: blanks before an operator', make: (n) => 'bash <(curl x)' + fill(' ', n) + 'y', run: fetchesIn },
  {
    name: 'scriptRunOf: run-s glob with many stars',
    make: (n) => fill('a*', Math.min(n, 64)) + 'b',
    run: (p) => scriptRunOf(['run-s', p], { [fill('a', 2000)]: 'x' }),
  },
  {
    name: 'COPY source glob (picomatch) with many wildcards',
    make: (n) => fill('*?', n) + 'z',
    run: (p) => copySourceMatches(p, 'npm-shrinkwrap.json'),
  },
  // System tools.
  { name: 'namesTool: version operators', make: (n) => fill('<', n) + '\u2028<', run: (v) => namesTool(v, ffmpeg) },
  {
    name: 'aptfileProvides: comment run',
    make: (n) => fill('#', n) + '\u2028#',
    run: (t) => aptfileProvides(t, ffmpeg),
  },
  {
    name: 'nixpacksProvides: lists never closed',
    make: (n) => fill('aptPkgs=[i', n),
    run: (t) => nixpacksProvides(t, ffmpeg),
  },
  // Redaction runs on every message, fix title and log line.
  { name: 'redactText: URL authorities without @', make: (n) => fill('a://b:c', n), run: redactText },
  { name: 'redactText: URL authority full of @', make: (n) => 'https://' + fill('u:p@', n), run: redactText },
  { name: 'redactText: token prefixes too short', make: (n) => fill('sk-ab ghp_x glpat-y eyJz. ', n), run: redactText },
  { name: 'redactText: secret names without values', make: (n) => fill('PASSWORD= TOKEN: "key":', n), run: redactText },
  {
    name: 'redactText: unclosed quoted values',
    make: (n) => fill('password="', n / 2) + fill("x='", n / 2),
    run: redactText,
  },
  {
    name: 'redactText: private key headers',
    make: (n) => fill('-----BEGIN RSA PRIVATE KEY-----\\nAB', n),
    run: redactText,
  },
  // Rule triggers run on every source file's text.
  {
    name: 'module-level-state trigger: CR lines',
    make: (n) => 'U' + fill('@\rvar\rT:d', n),
    run: (t) => trigger('processes/module-level-state').test(t),
  },
  {
    name: 'hardcoded-secret trigger: :// runs',
    make: (n) => fill('://a', n),
    run: (t) => trigger('config/hardcoded-secret').test(t),
  },
];

/** A folder with a package.json and `files`, for engine-level cases. */
export interface EngineCase {
  name: string;
  files: (n: number) => Record<string, string>;
}

const pkg = (extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      name: 'app',
      version: '1.0.0',
      scripts: { start: 'node server.js' },
      dependencies: { express: '^4.0.0', pg: '^8.0.0' },
      ...extra,
    },
    null,
    2,
  );
/** One long string of each pathological shape, for values of data files. */
const shapes = (n: number) => {
  // Each shape is half of n long, so at n the time already goes to the shapes rather than to a scan's fixed costs.
  const k = Math.max(1, Math.floor(n / 2));
  return {
    openai: fill('sk-lr-F0Js-', k),
    jwt: fill('eyJJe-e-y0-', k),
    angle: fill('<', k),
    braces: fill('{{', k),
    dollar: fill('${', k),
    url: 'postgres://u:' + fill('@#', k) + 'h:x',
    blanks: 'a' + fill(' ', k) + 'b',
    admin: fill('_ADMIN_I', k),
  };
};

export const ENGINE_CASES: EngineCase[] = [
  {
    name: 'JSON config file',
    files: (n) => {
      const s = shapes(n);
      return {
        'package.json': pkg(),
        'config/production.json': JSON.stringify({
          apiKey: s.openai,
          token: s.jwt,
          password: s.angle,
          secret: s.braces,
          template: s.dollar,
          databaseUrl: s.url,
          note: s.blanks,
        }),
      };
    },
  },
  {
    name: '.env file',
    files: (n) => {
      const s = shapes(n);
      return {
        'package.json': pkg(),
        '.env': `OPENAI_API_KEY=${s.openai}\nJWT=${s.jwt}\nDB_PASSWORD=${s.angle}\nSECRET={{${s.braces}\nTPL=${s.dollar}\nDATABASE_URL=${s.url}\nNOTE=${s.blanks}\nNEXT_PUBLIC${s.admin}__ADMIN_KEY=x\n`,
      };
    },
  },
  {
    name: 'package.json',
    files: (n) => {
      const s = shapes(n / 2);
      const k = Math.floor(n / 8);
      return {
        'package.json': pkg({
          scripts: {
            start: 'node server.js ' + fill('0', k) + ' &',
            build: fill('. ', k) + '`curl',
            worker: 'sh -' + fill('c', k) + ' x',
            all: 'run-s ' + fill('a*', 64) + 'b',
          },
          config: { apiKey: s.openai, token: s.jwt, password: s.angle },
        }),
      };
    },
  },
  {
    name: 'YAML config and compose files',
    files: (n) => {
      const s = shapes(n / 2);
      const yaml = (o: Record<string, string>) =>
        Object.entries(o)
          .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
          .join('\n') + '\n';
      return {
        'package.json': pkg(),
        'config/production.yaml': yaml({ apiKey: s.openai, token: s.jwt, password: s.angle, databaseUrl: s.url }),
        'docker-compose.yml': `services:\n  web:\n    image: node:20\n    environment:\n      API_KEY: ${JSON.stringify(s.openai)}\n      JWT: ${JSON.stringify(s.jwt)}\n      DB_PASSWORD: ${JSON.stringify(s.braces)}\n      DATABASE_URL: ${JSON.stringify(s.url)}\n`,
      };
    },
  },
  {
    name: 'Dockerfile',
    files: (n) => {
      const k = Math.floor(n / 6);
      return {
        'package.json': pkg(),
        Dockerfile:
          'ARG ' +
          fill('A', k) +
          '\nFROM node:${V-' +
          fill('${A-', k) +
          '\nRUN npm ci \\\n' +
          fill('  && b \\\n', k) +
          '  && c\n' +
          'ENV ' +
          fill('\\a ', k) +
          '\nRUN <<EOF\n' +
          fill('echo sk-lr-F0Js-\n', k) +
          'EOF\nCOPY <<EOF /app/.env\n' +
          fill('X=<<<\n', k) +
          'EOF\nCMD ["node", "server.js"]\n',
      };
    },
  },
  {
    name: 'Procfile, .npmrc, .yarnrc and a Prisma schema',
    files: (n) => {
      const k = Math.floor(n / 6);
      return {
        'package.json': pkg({ dependencies: { '@prisma/client': '^5.0.0' } }),
        Procfile: 'web: node server.js' + fill(' ', k) + 'x\nrelease: ' + fill('. ', k) + '`curl\n',
        '.npmrc': fill('\n', k) + 'x\n',
        '.yarnrc': fill('\n\t', k) + '\nt\n-frozen-lockfile x\n',
        '.yarnrc.yml': ':' + fill('\n\t', k) + '\ttrue\n',
        'prisma/schema.prisma': fill('\n', k) + fill('datasource db {\n', k) + '"a://' + fill('@', k) + '\t"a://@"\n',
      };
    },
  },
  {
    name: 'pnpm lockfile',
    files: (n) => ({
      'package.json': pkg({ dependencies: { a: 'workspace:*' } }),
      'pnpm-lock.yaml':
        "lockfileVersion: '6.0'\nimporters:\n  .:\n    dependencies:\n" +
        fill("      'a':\n        specifier: " + fill('x', 64) + '\n', n / 2) +
        fill('  ' + fill('a', 32) + "'\t:\n", n / 2),
    }),
  },
];

/** Writes a case's files into `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

/**
 * CPU time of this process in ms, not wall-clock time: on a busy machine (CI, other jobs) a descheduled run would
 * otherwise look slow. User and system time together, which Linux accounts precisely.
 */
const now = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export interface Growth {
  small: number;
  large: number;
  ratio: number;
}

/**
 * Time of `run` on the input `prepare(n)` and on `prepare(factor * n)`, and their ratio: about 8 for linear code and
 * a factor of 8, 64 for quadratic. Each timing repeats `run` enough times to take a few milliseconds at n, so the
 * ratio is not timer noise. Small and large alternate over `runs` rounds and the least of each is kept, since noise
 * (another process, a GC) only ever adds time. (No forced GC between timings: it also drops compiled regexes, and
 * the first run after it is interpreted.)
 */
export async function growth<T>(
  prepare: (n: number) => T,
  run: (input: T) => unknown,
  n: number,
  runs = 3,
  factor = 8,
  withBase = false,
): Promise<Growth> {
  const small = prepare(n);
  const large = prepare(factor * n);
  // For a whole scan: the time of a tiny input (the scan's fixed costs) is taken off both.
  const base = withBase ? prepare(1) : undefined;
  await run(small); // warm-up (JIT, regex tier-up, caches)
  await run(large);
  let t = now();
  await run(small);
  const once = Math.max(now() - t, 0.001);
  const reps = Math.min(100, Math.max(1, Math.ceil(2 / once)));
  const time = async (input: T) => {
    t = now();
    for (let k = 0; k < reps; k++) await run(input);
    return (now() - t) / reps;
  };
  let s = Infinity;
  let l = Infinity;
  let b = Infinity;
  for (let r = 0; r < runs; r++) {
    s = Math.min(s, await time(small));
    l = Math.min(l, await time(large));
    if (base !== undefined) b = Math.min(b, await time(base));
  }
  if (base !== undefined) {
    s = Math.max(s - b, 0.05 * s);
    l = Math.max(l - b, 0.05 * l);
  }
  // Below 5 µs a run is too quick to time: such a detector has no growth to speak of.
  return { small: s, large: l, ratio: Math.max(l, 0.005) / Math.max(s, 0.005) };
}
