// dependencies/missing-lockfile: an app without a lockfile (or with one git ignores) installs different
// dependency trees on every deploy.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext, type Range } from '../../core/types';
import type { Project } from '../../core/model';
import { isDeployable, membersOf } from '../../detect/deployable';
import { isExamplePath, isTestPath } from '../../core/paths';
import { jsonRange, usableGlobs } from '../../ecosystem/npm/packageJson';
import { LOCKFILE_NAMES } from '../../ecosystem/npm/lockfile';
import { runInTerminalFix } from '../../fixes/terminal';
import { toPosix } from '../../util/text';
import { globMatcher } from '../../util/glob';
import { isDevImage } from '../../platform/docker';
import { PY_LOCKFILE_NAMES } from '../../ecosystem/python/locks';

type Manager = 'npm' | 'yarn' | 'pnpm' | 'bun';

function managerOf(project: Project): Manager {
  const pm = String(project.pkg?.data.packageManager ?? '');
  const m = /^(npm|yarn|pnpm|bun)@/.exec(pm);
  return (m?.[1] as Manager) ?? 'npm';
}

const LOCKFILE_OF: Record<Manager, string> = {
  npm: 'package-lock.json',
  yarn: 'yarn.lock',
  pnpm: 'pnpm-lock.yaml',
  bun: 'bun.lock',
};
const CREATE_LOCKFILE: Record<Manager, string> = {
  npm: 'npm install --package-lock-only',
  yarn: 'yarn install',
  pnpm: 'pnpm install --lockfile-only',
  bun: 'bun install',
};

/**
 * A monorepo opened at one package: a folder above the scanned one whose workspaces include this package and
 * which has a lockfile. Only read when a finding is about to be reported.
 */
function lockedByWorkspaceAbove(dir: string, stop: string | undefined, read: ProjectContext['read']): boolean {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    // Existence only: a lockfile is not read here (stat never blocks, whatever the file is).
    if (Object.keys(LOCKFILE_NAMES).some((n) => fs.existsSync(path.join(d, n)))) {
      const rel = toPosix(path.relative(d, dir));
      if (globMatcher(workspaceGlobs(d, read).map((g) => g.replace(/\/$/, '')))(rel)) return true;
    }
    if (d === stop || path.dirname(d) === d) return false;
  }
}

function workspaceGlobs(dir: string, read: ProjectContext['read']): string[] {
  const globs: unknown[] = [];
  try {
    const ws = JSON.parse(read(path.join(dir, 'package.json')) ?? 'null')?.workspaces;
    globs.push(...(Array.isArray(ws) ? ws : Array.isArray(ws?.packages) ? ws.packages : []));
  } catch {
    /* not JSON */
  }
  try {
    const pnpm = parseYaml(read(path.join(dir, 'pnpm-workspace.yaml')) ?? '');
    if (Array.isArray(pnpm?.packages)) globs.push(...pnpm.packages);
  } catch {
    /* malformed pnpm-workspace.yaml */
  }
  return usableGlobs(globs).filter((g) => !g.startsWith('!')); // picomatch throws on "" (`"workspaces": [""]`)
}

/** `.npmrc` with `package-lock=false` says the team chose not to lock; that is a decision, not an oversight. */
function lockingDisabled(ctx: ProjectContext, root: string): boolean {
  const npmrc = ctx.read(path.join(root, '.npmrc'));
  return !!npmrc && /^[^\S\r\n\u2028\u2029]*(package-lock|lockfile)\s*=\s*false\s*$/m.test(npmrc);
}

function anchor(project: Project): Range {
  const pkg = project.pkg!;
  return jsonRange(pkg, ['name']) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
}

/** A Python project that is deployed: a Procfile, a production Dockerfile, or a WSGI/ASGI or Django entry. */
function deployedPython(project: Project): boolean {
  if (project.procfile || project.dockerfiles.some((d) => !isDevImage(d))) return true;
  return (project.python?.sources ?? []).some((s) => /^(manage|wsgi|asgi)\.py$/.test(path.basename(s)));
}

/**
 * Python: a deployed app whose main requirements are ranges (`flask>=3`, `django`) with no lock to fix them: no
 * uv.lock, poetry.lock, pdm.lock, Pipfile.lock or pip-compiled requirements. Requirements all pinned with `==`
 * are a lock of their own. Reported at the first range.
 */
function checkPython(ctx: ProjectContext): void {
  const py = ctx.project.python;
  if (!py || py.lock || !deployedPython(ctx.project)) return;
  // A uv or Poetry workspace member: the lock sits in the workspace's folder above.
  for (let d = path.dirname(ctx.project.root); d.startsWith(ctx.workspace.root); d = path.dirname(d)) {
    if (Object.keys(PY_LOCKFILE_NAMES).some((n) => ctx.workspace.files.has(path.join(d, n)))) return;
    if (d === ctx.workspace.root || path.dirname(d) === d) break;
  }
  const rel = toPosix(path.relative(ctx.workspace.root, ctx.project.root));
  if (rel && (isTestPath(rel + '/') || isExamplePath(rel + '/'))) return;
  const ranges = py.dependencies.filter((d) => d.scope === 'main' && d.kind === 'registry' && !d.pinned);
  if (!ranges.length) return;
  const first = ranges[0];
  ctx.report(first.file, first.range, {
    messageId: 'pyMissing',
    data: {
      manifest: toPosix(path.relative(ctx.workspace.root, first.file)),
      count: ranges.length,
      example: `${first.name}${first.specifier}`,
    },
  });
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  if (project.python) checkPython(ctx);
  const pkg = project.pkg;
  // Workspace members share their root's lockfile; the root is where one is missing.
  if (!pkg || project.parent) return;
  const rel = toPosix(path.relative(ctx.workspace.root, project.root));
  if (rel && (isTestPath(rel + '/') || isExamplePath(rel + '/'))) return;
  const members = project.isWorkspaceRoot ? membersOf(project, ctx.workspace.projects) : [];
  if (!isDeployable(project) && !members.some(isDeployable)) return;
  if (pkg.deps.size === 0 && !members.some((m) => m.pkg?.deps.size)) return; // nothing to lock
  const manager = managerOf(project);
  const pkgRel = toPosix(path.relative(ctx.workspace.root, pkg.path)) || 'package.json';

  if (project.lockfile) {
    const file = ctx.workspace.files.get(project.lockfile.path);
    if (file?.ignored && !file.ignoreUnknown) {
      const base = path.basename(project.lockfile.path);
      ctx.report(
        pkg.path,
        anchor(project),
        { messageId: 'ignored', data: { lockfile: base } },
        {
          data: { ignored: base },
        },
      );
    }
    return;
  }
  if (lockingDisabled(ctx, project.root)) return;
  if (lockedByWorkspaceAbove(project.root, ctx.workspace.gitRoot, ctx.read)) return;
  ctx.report(
    pkg.path,
    anchor(project),
    { messageId: 'missing', data: { pkg: pkgRel, lockfile: LOCKFILE_OF[manager] } },
    {
      data: { manager },
    },
  );
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { manager?: Manager } | undefined;
  if (!data?.manager || !ctx.project) return [];
  const command = CREATE_LOCKFILE[data.manager];
  return [runInTerminalFix(command, ctx.project.root, `Run '${command}' to create ${LOCKFILE_OF[data.manager]}`)];
}

export const missingLockfile = defineRule({
  meta: {
    id: 'dependencies/missing-lockfile',
    inputs: ['lockfile', 'package-json', 'procfile', 'dockerfile', 'python-manifest', 'python-lock', 'source'],
    factor: 'dependencies',
    severity: 'warning',
    description: 'A deployable package (npm or Python) with dependencies but no committed lockfile.',
    why: 'Dependencies are declared and isolated exactly (factor II): without a committed lockfile each install may resolve other versions than were tested. Commit the lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml) and remove it from .gitignore.',
    fixable: true,
    messages: {
      ignored: '{{lockfile}} is git-ignored, so deploys install without it.',
      missing: '{{pkg}} has no lockfile ({{lockfile}}), so installs may resolve different versions.',
      pyMissing:
        "No lock fixes {{manifest}}'s {{count}} version range(s), such as '{{example}}': installs may resolve different versions.",
    },
  },
  checkProject,
  appliesTo: (ctx) =>
    (!!ctx.project.pkg && !ctx.project.parent && isDeployable(ctx.project)) ||
    (!!ctx.project.python?.manifests.length && deployedPython(ctx.project)),
  fixes,
});
