// admin-processes/undeclared-admin-script: a one-off script in scripts/, bin/ or tasks/ that nothing declares how to run.
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext, type Range } from '../../core/types';
import type { Project } from '../../core/model';
import { isExamplePath, isTestPath } from '../../core/paths';
import {
  commandSteps,
  dockerCommand,
  moduleGraphOf,
  processesOf,
  sourceForPath,
  PROCESS_MODEL_INPUTS,
} from '../../model/processes';
import { commandsOf } from '../../platform/command';
import { parsePackageJson } from '../../ecosystem/npm/packageJson';
import { LineIndex, toPosix } from '../../util/text';
import { shellQuote } from '../../platform/shell';
import { freeScriptName, scriptsEdit } from './edits';

const ID = 'admin-processes/undeclared-admin-script';
const ADMIN_DIR = /^(scripts|bin|tasks)\/.+\.[cm]?[jt]sx?$/;
/** Config files (`scripts/jest.config.js`, `.eslintrc.cjs`) are read by tools, not run. */
const CONFIG = /(^|\/)(\.[^/]*|[^/]*\.config\.[cm]?[jt]s)$/;
/** CI, container and task-runner files that may run a script by path. */
const CONFIG_TEXT =
  /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci\/config\.ya?ml|bitbucket-pipelines\.ya?ml|azure-pipelines\.ya?ml|app\.json|render\.ya?ml|vercel\.json|nodemon\.json|lefthook\.ya?ml|turbo\.json|nx\.json|project\.json|(docker-)?compose[^/]*\.ya?ml)$/;
/**
 * Developer and release tooling by its name (`updateVersion.js`, `husky-install.js`, `build-custom-theme.js`): scripts
 * of the repository, not one-off processes of the app.
 */
const TOOLING_NAME =
  /(^|-)(versions?|release|changelog|husky|hooks?|theme|build|bump|publish|lint|format|prettier|generate|gen|codegen|bundle|compile|copy|clean|docs?|bench|benchmark|postinstall|preinstall|prepare)(-|$)/;
const PLAIN_FILES = [
  '.releaserc',
  '.releaserc.json',
  '.releaserc.yaml',
  '.releaserc.yml',
  'release.config.json',
  'Makefile',
  'makefile',
  'justfile',
  'Justfile',
  'Taskfile.yml',
  'fly.toml',
  'netlify.toml',
  'railway.toml',
  'nixpacks.toml',
  '.husky/pre-commit',
  '.husky/pre-push',
  '.husky/post-merge',
];

function relOf(project: Project, p: string): string {
  return toPosix(path.relative(project.root, p));
}

function candidates(project: Project): string[] {
  const dirs = ['scripts', 'bin', 'tasks'].map((d) => path.join(project.root, d) + path.sep);
  return project.sources.filter((f) => {
    if (!dirs.some((d) => f.startsWith(d))) return false;
    const rel = relOf(project, f);
    const words = path.posix
      .basename(rel)
      .replace(/\.[cm]?[jt]sx?$/, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[_.]/g, '-')
      .toLowerCase();
    return (
      ADMIN_DIR.test(rel) && !CONFIG.test(rel) && !isTestPath(rel) && !isExamplePath(rel) && !TOOLING_NAME.test(words)
    );
  });
}

/** Every command line the project declares: all package.json scripts, the Procfile, Dockerfile RUN/CMD/ENTRYPOINT. */
function declaredLines(project: Project): string[] {
  const lines: string[] = [];
  for (const v of Object.values(project.pkg?.scripts ?? {})) if (typeof v === 'string') lines.push(v);
  for (const e of project.procfile?.entries ?? []) lines.push(e.command);
  for (const df of project.dockerfiles) {
    for (const ins of df.instructions) if (ins.keyword === 'RUN') lines.push(ins.exec ? ins.exec.join(' ') : ins.args);
    const dc = dockerCommand(df);
    if (dc) lines.push(dc.line);
  }
  const bin = project.pkg?.data.bin;
  for (const file of typeof bin === 'string' ? [bin] : bin && typeof bin === 'object' ? Object.values(bin) : [])
    if (typeof file === 'string') lines.push(`node ${shellQuote(file)}`);
  return lines;
}

function reachedFiles(ctx: ProjectContext): Set<string> {
  const project = ctx.project;
  const graph = moduleGraphOf(project, ctx.facts, ctx.workspace);
  const entries: string[] = [];
  for (const line of declaredLines(project)) {
    for (const step of commandSteps(project, line, { sources: graph.sources }))
      if (step.entry) entries.push(step.entry);
    // Any word naming a file counts: `mocha -r ./scripts/setup.js`, `--config=scripts/rollup.mjs`, `c8 node x`.
    for (const c of commandsOf(line)) {
      for (const w of c.words) {
        for (const part of w.text.split('=')) {
          if (!/[/.]/.test(part) || part.startsWith('-')) continue;
          const hit = sourceForPath(project, part, graph.sources);
          if (hit) entries.push(hit);
        }
      }
    }
  }
  for (const p of processesOf(project, ctx.facts, ctx.workspace)) entries.push(p.entry, ...p.setup);
  return graph.reach(entries).files;
}

/** Texts of CI, compose and task-runner files that may name scripts by path. */
function configTexts(ctx: ProjectContext): string[] {
  const out: string[] = [];
  for (const f of ctx.workspace.files.values()) {
    if (
      (f.kind === 'compose' || f.kind === 'data') &&
      (CONFIG_TEXT.test(f.rel) || CONFIG_TEXT.test(path.posix.basename(f.rel)))
    ) {
      const t = ctx.read(f.path);
      if (t) out.push(t);
    }
  }
  for (const dir of new Set([ctx.project.root, ctx.workspace.root])) {
    // package.json names scripts outside "scripts" too: semantic-release's `prepareCmd`, lint-staged, nodemon config.
    for (const name of ['package.json', ...PLAIN_FILES]) {
      const t = ctx.read(path.join(dir, name));
      if (t) out.push(t);
    }
  }
  return out;
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  if (!project.pkg) return;
  const admin = candidates(project);
  if (!admin.length) return;
  const reached = reachedFiles(ctx);
  const unreached = admin.filter((f) => !reached.has(f));
  if (!unreached.length) return;
  const graph = moduleGraphOf(project, ctx.facts, ctx.workspace);
  // Helpers other unreached scripts import are not scripts of their own.
  const imported = new Set<string>();
  for (const f of unreached) for (const to of graph.edges(f).files) if (to !== f) imported.add(to);
  const texts = configTexts(ctx);
  for (const file of unreached) {
    if (imported.has(file)) continue;
    const rel = relOf(project, file);
    const stem = rel.replace(/\.[cm]?[jt]sx?$/, '');
    const wsRel = toPosix(path.relative(ctx.workspace.root, file)).replace(/\.[cm]?[jt]sx?$/, '');
    if (texts.some((t) => t.includes(stem) || t.includes(wsRel))) continue;
    const text = ctx.read(file);
    if (text === undefined) continue; // skipped as binary or unreadable: nothing says it is a script
    const range = firstCodeLine(text);
    ctx.report(
      file,
      range,
      { messageId: 'undeclared', data: { file: rel } },
      {
        data: { rel },
      },
    );
  }
}

/** The first line after the shebang, blank lines and leading comments, so a disable comment can go above it. */
function firstCodeLine(text: string): Range {
  const lines = LineIndex.of(text);
  let inBlock = false;
  for (let i = 0; i < lines.lineCount; i++) {
    const t = lines.lineText(i).trim();
    if (inBlock) {
      if (t.includes('*/')) inBlock = false;
      continue;
    }
    if (!t || t.startsWith('#!') || t.startsWith('//')) continue;
    if (t.startsWith('/*')) {
      inBlock = !t.includes('*/');
      continue;
    }
    return { start: { line: i, character: 0 }, end: { line: i, character: lines.lineText(i).length } };
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** The command that runs a script file with what the project has: node for JS, tsx or ts-node for TS. */
function runnerFor(project: Project, rel: string): string | undefined {
  // The path is the repository's to choose (`scripts/x$(touch pwned).js`): one shell word, quoted.
  if (/\.[cm]?jsx?$/.test(rel)) return `node ${shellQuote(rel)}`;
  const deps = project.pkg?.deps;
  for (const r of ['tsx', 'ts-node']) if (deps?.has(r)) return `${r} ${shellQuote(rel)}`;
  return undefined;
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const project = ctx.project;
  const rel = (finding.data as { rel?: string } | undefined)?.rel;
  if (!project?.pkg || !rel) return [];
  const text = ctx.read(project.pkg.path);
  if (text === undefined) return [];
  let scripts: Record<string, string>;
  try {
    scripts = parsePackageJson(project.pkg.path, text).scripts;
  } catch {
    return [];
  }
  const command = runnerFor(project, rel);
  if (!command || Object.values(scripts).some((v) => typeof v === 'string' && v.includes(rel))) return [];
  const base = path.posix
    .basename(rel)
    .replace(/\.[cm]?[jt]sx?$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9:-]+/g, '-');
  const name = freeScriptName(scripts, [base, `${rel.split('/')[0]}:${base}`]);
  const edit = scriptsEdit(text, [[name, command]]);
  if (!edit) return [];
  return [
    { title: `Declare it as the '${name}' script ("${command}")`, edits: [{ path: project.pkg.path, edits: [edit] }] },
  ];
}

export const undeclaredAdminScript = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'admin-processes',
    severity: 'info',
    description: 'A script in scripts/, bin/ or tasks/ that no package.json script, Procfile or Dockerfile runs.',
    why: "Admin tasks run as one-off processes of the same release, with the app's config and dependencies (factor XII). Declare the script in package.json so it is run the same way every time (`npm run <name>`).",
    fixable: true,
    messages: {
      undeclared: '{{file}} looks like an admin script that no npm script, Procfile or Dockerfile runs.',
    },
  },
  checkProject,
  appliesTo: (ctx) => !!ctx.project.pkg && candidates(ctx.project).length > 0,
  fixes,
});
