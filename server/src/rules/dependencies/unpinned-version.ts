// dependencies/unpinned-version: `*`, `latest`, or a git dependency on a moving branch: every fresh install may
// get different code.
import * as semver from 'semver';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { knownVersion, setDependencyEdit } from '../../fixes/packageJson';
import type { DepField, Project } from '../../core/model';
import { canSetString, parsePackageJson } from '../../ecosystem/npm/packageJson';
import { dockerStages, finalStageChain, isDevDockerfile, isDevImage, type DockerStage } from '../../platform/docker';
import type { Dockerfile } from '../../core/model';
import * as path from 'path';
import { pipCommandOf, requirementsFileIn, runCommandLine } from './pyInstalls';
import { parseRequirements, resolveRequirements } from '../../ecosystem/python/requirements';
import { normalizeDistName } from '../../ecosystem/python/names';
import { lookupTable } from '../../util/table';
import { afterKeywords, allCommands, parseShell, positionalArgs } from '../../platform/shell';
import { PM_VALUE_FLAGS } from '../../platform/command';
import { acceptsAnyVersion, classifySpec, type DepSpec } from '../../ecosystem/npm/depSpec';

export type Unpinned = { kind: 'any' } | { kind: 'tag'; tag: string } | { kind: 'git'; ref?: string };

const BRANCHES = new Set([
  'main',
  'master',
  'develop',
  'development',
  'dev',
  'trunk',
  'head',
  'next',
  'staging',
  'production',
  'prod',
  'release',
  'stable',
  'canary',
  'nightly',
  'latest',
]);

/** Whether a git ref pins code: a commit sha, a tag-like version, or a semver range over tags. */
function pinnedRef(ref: string): boolean | undefined {
  const r = ref.replace(/^(commit|tag)=/, '');
  if (/^head=/.test(ref)) return false;
  if (/^[0-9a-f]{7,40}$/i.test(r)) return true;
  if (/^semver:/.test(r) || /^v?\d+(\.\d+)*([-+].*)?$/.test(r)) return true;
  if (BRANCHES.has(r.toLowerCase())) return false;
  return undefined; // a name we cannot tell apart (branch or tag): not reported
}

/** How a dependency range fails to pin, or undefined when it pins (or is a local/workspace reference). */
export function unpinned(range: string): Unpinned | undefined {
  return unpinnedSpec(classifySpec(range));
}

function unpinnedSpec(spec: DepSpec): Unpinned | undefined {
  switch (spec.type) {
    case 'range':
      return acceptsAnyVersion(spec.range) ? { kind: 'any' } : undefined;
    case 'tag':
      return { kind: 'tag', tag: spec.tag };
    case 'git':
      if (spec.ref === undefined) return { kind: 'git' };
      return pinnedRef(spec.ref) === false ? { kind: 'git', ref: spec.ref } : undefined;
    case 'alias':
      // `npm:lodash@latest` moves like `latest`.
      return unpinnedSpec(spec.target);
    default:
      return undefined;
  }
}

/** The workspace root a project belongs to (itself when it is one). */
function workspaceRootOf(p: Project): Project | undefined {
  return p.isWorkspaceRoot ? p : p.parent;
}

/**
 * Names of the packages the project's workspace links locally: members the model knows (same workspace root), and
 * lockfile entries that are links (npm `"link": true`, pnpm `link:` versions, yarn berry `@workspace:` entries), which
 * also covers a member scanned on its own. npm workspaces have no `workspace:` protocol: `"*"` is how a member depends
 * on another, and npm always links the local package.
 */
function workspacePackages(ctx: ProjectContext): Set<string> {
  const names = new Set<string>();
  const root = workspaceRootOf(ctx.project);
  if (!root) return names;
  for (const q of ctx.workspace.projects) {
    if (q.pkg?.name && workspaceRootOf(q)?.root === root.root) names.add(q.pkg.name);
  }
  for (const name of (ctx.project.lockfile ?? root.lockfile)?.links ?? []) names.add(name);
  return names;
}

/**
 * Python: a requirement without an `==` pin in a compiled requirements file (pip-compile, `uv pip compile`, `uv
 * export`: their header, or `# via` on most lines), such as a bare `sentry-sdk` added by hand: the file is meant as the
 * lock, and that line installs whatever is newest.
 */
function checkCompiledRequirements(ctx: ProjectContext): void {
  const root = ctx.project.root;
  for (const f of ctx.project.files) {
    if (f.kind !== 'python-manifest' || !/\.txt$/i.test(f.path)) continue;
    const dir = path.dirname(f.path);
    if (dir !== root && !(path.basename(dir) === 'requirements' && path.dirname(dir) === root)) continue;
    const text = ctx.read(f.path);
    if (text === undefined) continue;
    const parsed = parseRequirements(text);
    if (!parsed.compiledShape) continue;
    for (const r of parsed.requirements) {
      if (r.pinned || r.kind !== 'registry') continue;
      ctx.report(
        f.path,
        r.range,
        { messageId: 'pyCompiledUnpinned', data: { name: r.name, file: path.basename(f.path) } },
        { data: { name: r.name, kind: 'compiled' } },
      );
    }
  }
}

function checkProject(ctx: ProjectContext): void {
  if (ctx.project.python) checkCompiledRequirements(ctx);
  const pkg = ctx.project.pkg;
  if (!pkg) return checkDockerfiles(ctx);
  let local: Set<string> | undefined;
  for (const dep of pkg.deps.values()) {
    // A library's `"react": "*"` peer range is a compatibility statement, not an install.
    if (dep.field === 'peerDependencies') continue;
    if (typeof pkg.data[dep.field]?.[dep.name] !== 'string') continue; // malformed: not a range at all
    const u = unpinned(dep.range);
    if (!u) continue;
    // `"@acme/db": "*"` on a member of the same workspace is the npm way to link it, not a registry install.
    if (u.kind === 'any' && (local ??= workspacePackages(ctx)).has(dep.name)) continue;
    const shown = dep.range === '' ? '""' : `"${dep.range}"`;
    const message =
      u.kind === 'git'
        ? { messageId: u.ref ? 'gitBranch' : 'git', data: { name: dep.name, branch: u.ref } }
        : {
            messageId: u.kind === 'tag' ? 'tag' : 'any',
            data: { name: dep.name, spec: shown, tag: u.kind === 'tag' ? u.tag : undefined },
          };
    ctx.report(pkg.path, dep.valueRange, message, { data: { name: dep.name, field: dep.field, kind: u.kind } });
  }
  checkDockerfiles(ctx);
}

const ADD_SUBCOMMANDS: Record<string, string[]> = lookupTable({
  npm: ['install', 'i', 'add'],
  pnpm: ['add'],
  yarn: ['add'],
  bun: ['add'],
});

/** `dotenv`, `@prisma/client@latest`: a registry package named without a version that pins; `${V}`, paths, URLs: not. */
function unversionedName(spec: string): string | undefined {
  if (spec.includes('$') || /^[./~]|:/.test(spec) || /\.(tgz|tar\.gz)$/.test(spec)) return undefined;
  const at = spec.indexOf('@', 1);
  const name = at < 0 ? spec : spec.slice(0, at);
  if (!/^(@[\w.-]+\/)?[\w.-]+$/.test(name)) return undefined;
  if (at < 0) return name;
  const u = unpinned(spec.slice(at + 1));
  return u && u.kind !== 'git' ? name : undefined;
}

/**
 * Packages the shipped image installs by name without a version (`RUN pnpm add dotenv chalk`): outside package.json
 * and the lockfile, so every build takes whatever is newest. Global tool installs (`npm i -g pnpm`) and build stages
 * are left alone.
 */
function checkDockerfiles(ctx: ProjectContext): void {
  for (const df of ctx.project.dockerfiles) {
    if (isDevImage(df)) continue;
    const chain = finalStageChain(df);
    const dirs = [...new Set([path.dirname(df.path), ctx.project.root])];
    // Packages a requirements file installed before pins (`pip install gunicorn` after `-r requirements.txt`
    // holding `gunicorn==21.2.0` changes nothing).
    const pinned = new Set<string>();
    // pip installs in a stage the image copies from (`pip wheel … flask` in a builder whose /wheels it installs).
    for (const stage of [...copiedStages(df, chain), ...chain]) {
      const shipped = chain.includes(stage);
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        const line = ins.exec ? ins.exec.join(' ') : ins.args;
        for (const c of allCommands(parseShell(runCommandLine(line).line))) {
          const pip = pipCommandOf(c);
          for (const word of pip?.requirementFiles ?? []) {
            const file = requirementsFileIn(ctx.read, word, dirs);
            if (!file) continue;
            for (const r of resolveRequirements(file, ctx.read).requirements) if (r.pinned) pinned.add(r.normalized);
          }
          const names = pip?.unversioned.filter((n) => !pinned.has(normalizeDistName(n.replace(/\[.*$/, '')))) ?? [];
          if (pip && names.length) {
            const list =
              names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
            ctx.report(
              df.path,
              ins.range,
              { messageId: 'dockerInstall', data: { command: pip.shown, packages: list } },
              { data: { kind: 'docker' } },
            );
          }
        }
        if (!shipped) continue;
        for (const c of allCommands(parseShell(line))) {
          const { program, args } = afterKeywords(c);
          const pos = positionalArgs(args, PM_VALUE_FLAGS[program ?? ''] ?? []);
          if (!program || !ADD_SUBCOMMANDS[program]?.includes(pos[0] ?? '')) continue;
          if (args.some((a) => /^(-g|--global|--location=global)$/.test(a))) continue;
          const names = pos
            .slice(1)
            .map(unversionedName)
            .filter((n): n is string => !!n);
          if (!names.length) continue;
          const list =
            names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
          ctx.report(
            df.path,
            ins.range,
            { messageId: 'dockerInstall', data: { command: `${program} ${pos[0]}`, packages: list } },
            { data: { kind: 'docker' } },
          );
        }
      }
    }
  }
}

/**
 * Stages before the final chain that it copies from (`COPY --from=builder`, `RUN --mount=…,from=builder`), by name
 * or index: what they install may end up in the image.
 */
function copiedStages(df: Dockerfile, chain: DockerStage[]): DockerStage[] {
  const stages = dockerStages(df);
  const out: DockerStage[] = [];
  for (const ins of chain.flatMap((s) => s.instructions)) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'RUN' && ins.keyword !== 'ADD') continue;
    for (const m of ins.args.matchAll(/(?:^|[\s,])--?(?:from|mount=[^\s]*?\bfrom)=([\w.-]+)/g)) {
      const from = m[1].toLowerCase();
      const stage = /^\d+$/.test(from) ? stages[Number(from)] : stages.find((s) => s.name === from);
      if (stage && !chain.includes(stage) && !out.includes(stage)) out.push(stage);
    }
  }
  return out;
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as
    { name: string; field: DepField; kind: Unpinned['kind'] | 'docker' | 'compiled' } | undefined;
  const project = ctx.project;
  if (!data || data.kind === 'git' || data.kind === 'docker' || data.kind === 'compiled' || !project?.pkg) return [];
  const text = ctx.read(project.pkg.path);
  if (text === undefined) return [];
  // Check against the current text: the range may already have been changed.
  let current: string | undefined;
  try {
    current = parsePackageJson(project.pkg.path, text).deps.get(data.name)?.range;
  } catch {
    return [];
  }
  if (current === undefined || unpinned(current)?.kind !== data.kind) return [];
  // An alias (`npm:lodash@latest`) would need `npm:lodash@^x`; a bare `^x` would install another package.
  if (classifySpec(current).type === 'alias') return [];
  const version = knownVersion(project, data.name, ctx);
  if (!version || !semver.valid(version) || !canSetString(text, [data.field, data.name])) return [];
  // A prerelease (`next`, `canary` tags) is pinned exactly: a caret over prereleases is rarely what anyone wants.
  const range = semver.prerelease(version) ? version : `^${version}`;
  return [
    {
      title: `Pin ${data.name} to ${range} (the version in use)`,
      preferred: true,
      edits: [setDependencyEdit(project.pkg.path, text, data.field, data.name, range)],
    },
  ];
}

export const unpinnedVersion = defineRule({
  meta: {
    id: 'dependencies/unpinned-version',
    inputs: ['dockerfile', 'lockfile', 'package-json', 'python-manifest'],
    factor: 'dependencies',
    severity: 'warning',
    description:
      'A dependency declared as *, latest or another dist-tag, a git URL without a fixed commit, or a requirement without `==` in a compiled requirements file.',
    why: 'Dependencies are declared exactly (factor II): with *, a dist-tag or a git branch each install may get a different version. Declare a version range such as ^1.2.3, or pin a git dependency to a commit (`#<sha>`).',
    fixable: true,
    messages: {
      gitBranch: "'{{name}}' comes from git at branch '{{branch}}', not a fixed commit.",
      git: "'{{name}}' comes from git with no fixed commit.",
      tag: "'{{name}}' is declared as {{spec}}, which accepts any version the '{{tag}}' tag points to.",
      any: "'{{name}}' is declared as {{spec}}, which accepts any version.",
      dockerInstall: "'{{command}}' installs {{packages}} into the image without a version.",
      pyCompiledUnpinned:
        "'{{name}}' has no `==` pin in {{file}}, a compiled lock: each install may get a different version.",
    },
  },
  checkProject,
  appliesTo: (ctx) =>
    (!!ctx.project.pkg && ctx.project.pkg.deps.size > 0) ||
    !!ctx.project.python?.manifests.some((m) => m.kind === 'requirements') ||
    ctx.project.python?.lock?.kind === 'compiled-requirements' ||
    ctx.project.dockerfiles.some((df) => !isDevDockerfile(df.rel)),
  fixes,
});
