// dev-prod-parity/unpinned-engines: a deployable package that does not say which Node it runs on, so every
// platform (Heroku, Render, Vercel, buildpacks) picks its own default.
import * as path from 'path';
import { modify, type FormattingOptions } from 'jsonc-parser';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { canSetString, jsonRange } from '../../ecosystem/npm/packageJson';
import { isExamplePath, isTestPath } from '../../core/paths';
import { inheritedVersions, pinnedVersions } from '../../ecosystem/npm/nodeVersions';
import { LineIndex } from '../../util/text';
import { PORT_BINDINGS, startsServerIn } from '../../facts/ports';
import { commandSteps, dockerCommand, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { finalStageChain, isDevImage } from '../../platform/docker';
import type { Dockerfile } from '../../core/model';

const ID = 'dev-prod-parity/unpinned-engines';

/** Programs that run on Node (or run a package.json script, which does). */
const NODE_PROGRAM =
  /^(node|nodejs|npm|npx|yarn|pnpm|ts-node|ts-node-dev|tsx|nodemon|node-dev|pm2|pm2-runtime|forever|next|nuxt|nest|remix-serve|serve)$/;

/** Dev servers: a start script that runs one is for local work; production serves what a build made. */
const DEV_SERVER =
  /^(ng serve|vite( dev| serve)?|webpack serve|webpack-dev-server|vue-cli-service serve|nuxt dev|next dev|react-scripts start|ember serve|gatsby develop|astro dev|parcel(?! build))(\s|$)/;

/** Whether a command line runs Node: a Node program, a package.json script, or a JS file through a runner. */
function runsNode(ctx: ProjectContext, line: string): boolean {
  return commandSteps(ctx.project, line, { workspace: ctx.workspace }).some(
    (s) => !!s.entry || !!s.runs?.length || NODE_PROGRAM.test(path.posix.basename(s.argv[0] ?? '')),
  );
}

/** A production image that runs Node: its final stage comes from a Node image, or its command runs Node. */
function dockerRunsNode(ctx: ProjectContext, df: Dockerfile): boolean {
  if (isTestPath(df.rel) || isExamplePath(df.rel) || isDevImage(df)) return false;
  const base = finalStageChain(df)[0]?.image.toLowerCase() ?? '';
  if (/(^|\/)(node|bun)(:|$)|^(circleci|cimg)\/node|^mcr\.microsoft\.com\/.*node/.test(base)) return true;
  const cmd = dockerCommand(df);
  return !!cmd && runsNode(ctx, cmd.line);
}

/** Why this package is deployed, or undefined for libraries and tooling roots. */
function deployable(ctx: ProjectContext): string | undefined {
  const project = ctx.project;
  const pkg = project.pkg;
  if (!pkg) return undefined;
  const start = typeof pkg.scripts.start === 'string' ? pkg.scripts.start.trim() : '';
  if (start && !DEV_SERVER.test(start)) return 'a start script';
  // A Procfile or Dockerfile of a Python (or any other) app beside a package.json of front-end tooling: only one
  // that runs Node makes the package a Node app.
  if (project.procfile?.entries.some((e) => runsNode(ctx, e.command))) return 'a Procfile';
  if (project.dockerfiles.some((d) => dockerRunsNode(ctx, d))) return 'a Dockerfile';
  // Publishable packages can start servers too (dev servers, test helpers); only private apps count by code alone.
  if (pkg.data.private === true && startsServerIn(ctx)) return 'a server';
  return undefined;
}

function checkProject(ctx: ProjectContext): void {
  const pkg = ctx.project.pkg;
  if (!pkg || pkg.data.engines?.node !== undefined) return;
  // A workspace member inherits what the root declares (platforms read the root package.json).
  for (let p = ctx.project.parent; p; p = p.parent) if (p.pkg?.data.engines?.node !== undefined) return;
  const why = deployable(ctx);
  if (!why) return;
  // On `engines`, else on the start script that makes the package an app: `name` is missing-lockfile's place.
  const range = jsonRange(pkg, ['engines']) ??
    jsonRange(pkg, ['scripts', 'start']) ??
    jsonRange(pkg, ['version']) ??
    jsonRange(pkg, ['name']) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const pinned = pinnedVersions(ctx);
  // The version the project already runs elsewhere: a workspace member follows its root's version files (never
  // contradict them); otherwise the production image first, then version files.
  const source =
    inheritedVersions(ctx.project, ctx.read).pinned[0] ??
    pinned.find((p) => p.production) ??
    pinned.find((p) => p.kind === 'runtime-file') ??
    pinned[0];
  ctx.report(
    pkg.path,
    range,
    source
      ? { messageId: 'versionElsewhere', data: { source: source.label, major: source.major } }
      : { messageId: 'noEngines', data: { app: why } },
    {
      data: source ? { major: source.major, from: source.label } : undefined,
    },
  );
}

function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/** Where sort-package-json would put `engines`: after the dependency sections, else at the end. */
const BEFORE_ENGINES = [
  'name',
  'version',
  'private',
  'description',
  'keywords',
  'homepage',
  'bugs',
  'repository',
  'license',
  'author',
  'type',
  'main',
  'module',
  'exports',
  'bin',
  'files',
  'workspaces',
  'scripts',
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
  'bundledDependencies',
];

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { major?: number; from?: string } | undefined;
  const text = ctx.read(finding.path);
  if (!data?.major || text === undefined || path.basename(finding.path) !== 'package.json') return [];
  let parsed: { engines?: { node?: unknown } } | null;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (parsed?.engines?.node !== undefined || !canSetString(text, ['engines', 'node'])) return [];
  const value = `${data.major}.x`;
  const edits = modify(text, ['engines', 'node'], value, {
    formattingOptions: formattingOf(text),
    getInsertionIndex: (props) => {
      let last = -1;
      props.forEach((p, i) => {
        if (BEFORE_ENGINES.includes(p)) last = i;
      });
      return last + 1;
    },
  });
  const lines = LineIndex.of(text);
  return [
    {
      title: `Declare engines.node "${value}" (from ${data.from})`,
      preferred: true,
      edits: [
        {
          path: finding.path,
          edits: edits.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), newText: e.content })),
        },
      ],
    },
  ];
}

function appliesTo(ctx: ProjectContext): boolean {
  return deployable(ctx) !== undefined;
}

export const unpinnedEngines = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'dev-prod-parity',
    severity: 'info',
    description: 'A deployable package (start script, Procfile, Dockerfile or server) without engines.node.',
    why: 'Keep development and production alike (factor X): without engines.node each platform picks its own Node version. Declare the major the project runs elsewhere, e.g. "engines": { "node": "20.x" }.',
    fixable: true,
    messages: {
      versionElsewhere: 'package.json has no engines.node, though {{source}} says Node {{major}}.',
      noEngines: 'package.json has {{app}} but no engines.node.',
    },
  },
  checkProject,
  uses: [PORT_BINDINGS],
  appliesTo,
  fixes,
});
