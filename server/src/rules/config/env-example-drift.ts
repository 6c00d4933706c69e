// config/env-example-drift: variables the app reads (or .env sets) that .env.example does not document.
import * as path from 'path';
import type { EnvFile, Project } from '../../core/model';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext, type Range } from '../../core/types';
import { exampleEnvFiles, isProvidedEnvVar } from '../../detect/envVars';
import { holdsOnlyComposeSettings, isSecretFreeDevEnv } from '../../detect/devEnvFiles';
import { ENV_READS as READS } from '../../facts/config';
import { envExampleDriftJs } from '../../lang/js/checks/config/env-example-drift';
import { envExampleDriftPy } from '../../lang/py/checks/config/env-example-drift';
import { isExamplePath, isTestPath, sourceLanguage } from '../../core/paths';
import { isShellName, parseEnvFile } from '../../platform/envFile';
import { appendLine } from '../../fixes/gitignore';
import { LineIndex } from '../../util/text';
import { globMatcher } from '../../util/glob';
import { Type, type Static } from '@sinclair/typebox';

const ID = 'config/env-example-drift';

/** Migration files run once, long ago: a variable only they read is history, not config to document. */
const MIGRATION_FILE = /(^|\/)migrations?\//i;

/** Keys an example file documents, including commented-out ones (`# SENTRY_DSN=` marks an optional key). */
function documentedKeys(text: string): Set<string> {
  const keys = new Set(parseEnvFile(text).map((e) => e.key));
  for (const m of text.matchAll(/^[ \t]*#+[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm)) keys.add(m[1]);
  return keys;
}

/** The example files that document this project: its own, else its workspace root's. */
function examplesFor(project: Project): { examples: EnvFile[]; owner: Project } {
  const own = exampleEnvFiles(project);
  if (own.length || !project.parent) return { examples: own, owner: project };
  return { examples: exampleEnvFiles(project.parent), owner: project.parent };
}

/** The example a fix writes to: `.env.example` at the owner's root, else the first one. */
function primaryExample(examples: EnvFile[], owner: Project): EnvFile {
  return (
    examples.find((e) => path.dirname(e.path) === owner.root && path.basename(e.path) === '.env.example') ??
    examples.find((e) => path.dirname(e.path) === owner.root) ??
    examples[0]
  );
}

/** `.env` and `.env.local` next to the example: the developer's own config. */
function localEnvFiles(project: Project, dir: string): EnvFile[] {
  return project.envFiles.filter(
    (e) =>
      !e.isExample &&
      path.dirname(e.path) === dir &&
      /^\.env(\.local)?$/.test(path.basename(e.path)) &&
      !isTestPath(e.rel) &&
      !isExamplePath(e.rel),
  );
}

const OPTIONS = Type.Object(
  {
    ignore: Type.Array(Type.String(), {
      default: [],
      description:
        'Variables never reported, by name or glob (`DD_*`): set by the platform or its agents, not by whoever deploys the app.',
    }),
  },
  { additionalProperties: false },
);

/** Variables the rule weighs: not provided by the platform or the shell, and not ignored by the options. */
function relevance(ctx: ProjectContext): (name: string) => boolean {
  const ignored = globMatcher((ctx.options as Static<typeof OPTIONS>).ignore);
  return (name) => !isProvidedEnvVar(name) && !ignored(name);
}

/** Every read of every relevant variable in the project's non-test sources, in path then position order. */
interface CodeRead {
  path: string;
  range: Range;
  hasDefault: boolean;
  alts?: string[];
  flag?: boolean;
  optional?: boolean;
}

function codeReads(ctx: ProjectContext, relevant: (name: string) => boolean): Map<string, CodeRead[]> {
  const out = new Map<string, CodeRead[]>();
  const at = (r: Range) => `${r.start.line}:${r.start.character}`;
  // JS/TS sources and Python files (their checks record the reads).
  const python = ctx.project.files
    .filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py')
    .map((f) => f.path);
  for (const p of [...ctx.project.sources, ...python].sort()) {
    const facts = ctx.facts(p);
    const reads = ctx.fact(p, READS);
    if (!reads || MIGRATION_FILE.test(path.relative(ctx.project.root, p).split(path.sep).join('/'))) continue;
    // `process.env.LOG_LEVEL ?? 'info'`: the facts know which reads come with a default.
    const defaulted = new Set(facts!.envReads.filter((e) => e.hasDefault).map((e) => at(e.range)));
    for (const r of reads) {
      if (!relevant(r.name)) continue;
      const list = out.get(r.name) ?? [];
      list.push({
        path: p,
        range: r.range,
        hasDefault: !!r.flag || !!r.optional || defaulted.has(at(r.range)),
        alts: r.alts,
        flag: r.flag,
        optional: r.optional,
      });
      out.set(r.name, list);
    }
  }
  // Prisma schemas read the environment too: `url = env("DATABASE_URL")`.
  for (const f of ctx.project.files) {
    if (f.kind !== 'data' || !f.path.endsWith('.prisma') || isTestPath(f.rel) || isExamplePath(f.rel)) continue;
    const text = ctx.read(f.path);
    if (!text) continue;
    const lines = LineIndex.of(text);
    for (const m of text.matchAll(/\benv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)/g)) {
      if (!relevant(m[1])) continue;
      const list = out.get(m[1]) ?? [];
      list.push({ path: f.path, range: lines.range(m.index!, m.index! + m[0].length), hasDefault: false });
      out.set(m[1], list);
    }
  }
  return out;
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  const { examples, owner } = examplesFor(project);
  const relevant = relevance(ctx);
  const reads = codeReads(ctx, relevant);
  if (!examples.length) {
    reportNoExample(ctx, reads, relevant);
    return;
  }
  const target = primaryExample(examples, owner);
  const documented = new Set<string>();
  for (const e of examples) for (const k of documentedKeys(ctx.read(e.path) ?? '')) documented.add(k);
  const local = owner === project ? localEnvFiles(project, path.dirname(target.path)) : [];
  const missing = new Set<string>();
  // `APPLE_CLIENT_ID || APPLE_ID`: a documented name makes its legacy alias documented too.
  for (const [name, list] of reads)
    if (!documented.has(name) && !list.every((r) => r.alts?.some((a) => documented.has(a)))) missing.add(name);
  for (const env of local)
    for (const e of env.entries) if (relevant(e.key) && !documented.has(e.key)) missing.add(e.key);
  if (!missing.size) return;
  const keys = [...missing].sort();
  const exampleName = path.basename(target.path);
  for (const [name, list] of reads) {
    if (!missing.has(name)) continue;
    const first = list[0];
    const others = new Set(list.map((r) => r.path)).size - 1;
    const also = others > 0 ? ` here and in ${others} other file${others === 1 ? '' : 's'}` : '';
    // Every read has a default (`process.env.LOG_LEVEL ?? 'info'`): the app runs without it, so this is advice.
    const optional = list.every((r) => r.hasDefault);
    const messageId = !optional
      ? 'notListed'
      : list.every((r) => r.flag)
        ? 'notListedFlag'
        : list.every((r) => r.optional)
          ? 'notListedOptional'
          : 'notListedDefault';
    ctx.report(
      first.path,
      first.range,
      { messageId, data: { name, also, example: exampleName } },
      {
        severity: optional ? 'info' : undefined,
        data: { example: target.path, key: name, keys },
      },
    );
  }
  for (const env of local) {
    for (const e of env.entries) {
      if (!missing.has(e.key) || reads.has(e.key)) continue;
      ctx.report(
        env.path,
        e.keyRange,
        { messageId: 'setNotListed', data: { name: e.key, file: path.basename(env.path), example: exampleName } },
        {
          data: { example: target.path, key: e.key, keys },
        },
      );
    }
  }
}

/** A .env but no example at all: one finding on .env, suggesting to create the example. */
function reportNoExample(ctx: ProjectContext, reads: Map<string, unknown>, relevant: (name: string) => boolean): void {
  const project = ctx.project;
  const env = project.envFiles.find(
    (e) => !e.isExample && path.dirname(e.path) === project.root && path.basename(e.path) === '.env',
  );
  if (!env || isTestPath(env.rel) || isExamplePath(env.rel)) return;
  // Docker Compose's settings file is not the app's; a committed development file that says so and holds no secret
  // already documents the keys, as an example would.
  if (holdsOnlyComposeSettings(env) || (!env.ignored && isSecretFreeDevEnv(env))) return;
  const keys = new Set<string>([...reads.keys()]);
  for (const e of env.entries) if (relevant(e.key)) keys.add(e.key);
  if (!keys.size) return;
  const range = env.entries[0]?.keyRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  ctx.report(
    env.path,
    range,
    keys.size === 1 ? { messageId: 'noExampleOne' } : { messageId: 'noExample', data: { count: keys.size } },
    {
      data: { create: path.join(project.root, '.env.example'), keys: [...keys].sort() },
    },
  );
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { example?: string; key?: string; keys?: string[]; create?: string } | undefined;
  if (!data) return [];
  // Only keys a shell can assign: people source example files, and `process.env['$(x)']` would become a command.
  const keys = (data.keys ?? []).filter(isShellName);
  if (data.create) {
    const existing = ctx.read(data.create);
    if (existing !== undefined || !keys.length) return [];
    return [
      {
        title: `Create .env.example with ${keys.length} key${keys.length === 1 ? '' : 's'}`,
        preferred: true,
        edits: [
          { path: data.create, create: true, edits: [{ range: zero(), newText: keys.map((k) => `${k}=\n`).join('') }] },
        ],
      },
    ];
  }
  if (!data.example || !data.key || !isShellName(data.key)) return [];
  const text = ctx.read(data.example);
  if (text === undefined) return [];
  const have = documentedKeys(text);
  const base = path.basename(data.example);
  const out: Fix[] = [];
  if (!have.has(data.key)) {
    out.push({
      title: `Add ${data.key} to ${base}`,
      preferred: true,
      fixAll: true,
      edits: [{ path: data.example, edits: [appendLine(text, `${data.key}=`)] }],
    });
  }
  const rest = keys.filter((k) => !have.has(k));
  if (rest.length > 1) {
    out.push({
      title: `Add all ${rest.length} missing keys to ${base}`,
      edits: [{ path: data.example, edits: [appendLine(text, rest.map((k) => `${k}=`).join(eol(text)))] }],
    });
  }
  return out;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function appliesTo(ctx: ProjectContext): boolean {
  if (examplesFor(ctx.project).examples.length) return true;
  return ctx.project.envFiles.some((e) => !e.isExample && path.dirname(e.path) === ctx.project.root);
}

export const envExampleDrift = defineRule({
  meta: {
    id: ID,
    inputs: ['env', 'source'],
    factor: 'config',
    severity: 'warning',
    description: 'Environment variables read by the code or set in .env that .env.example does not document.',
    why: 'Config lives in the environment (factor III), so whoever deploys or clones the app must know which variables to set. List every variable in the committed .env.example with a blank or placeholder value (commented out if optional).',
    fixable: true,
    messages: {
      notListed: '{{name}} is read from the environment{{also}}, but {{example}} does not list it.',
      notListedDefault:
        '{{name}} is read from the environment{{also}} with a default, but {{example}} does not list it.',
      notListedFlag:
        '{{name}} is read from the environment{{also}} as an optional flag, but {{example}} does not list it.',
      notListedOptional:
        '{{name}} is read from the environment{{also}} only if a variable is set, but {{example}} does not list it.',
      setNotListed: '{{name}} is set in {{file}} but missing from {{example}}.',
      noExample: 'This project uses {{count}} environment variables but has no .env.example.',
      noExampleOne: 'This project uses 1 environment variable but has no .env.example.',
    },
    options: OPTIONS,
  },
  sources: [envExampleDriftJs, envExampleDriftPy],
  checkProject,
  appliesTo,
  fixes,
});
