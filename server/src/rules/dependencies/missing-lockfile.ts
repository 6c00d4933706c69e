// dependencies/missing-lockfile: an app without a lockfile (or with one git ignores) installs different
// dependency trees on every deploy.
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import type { Finding, Fix, FixContext, ProjectContext, Range, Rule } from '../../engine/types';
import type { Project } from '../../model/types';
import { isDeployable, membersOf } from '../../detect/deployable';
import { isExamplePath, isTestPath } from '../../engine/paths';
import { jsonRange } from '../../parsers/packageJson';
import { LOCKFILE_NAMES } from '../../parsers/lockfile';
import { runInTerminalFix } from '../../fixes/terminal';
import { toPosix } from '../../util/text';

type Manager = 'npm' | 'yarn' | 'pnpm' | 'bun';

function managerOf(project: Project): Manager {
  const pm = String(project.pkg?.data.packageManager ?? '');
  const m = /^(npm|yarn|pnpm|bun)@/.exec(pm);
  return (m?.[1] as Manager) ?? 'npm';
}

const LOCKFILE_OF: Record<Manager, string> = { npm: 'package-lock.json', yarn: 'yarn.lock', pnpm: 'pnpm-lock.yaml', bun: 'bun.lock' };
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
function lockedByWorkspaceAbove(dir: string, stop: string | undefined): boolean {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (Object.keys(LOCKFILE_NAMES).some((n) => fs.existsSync(path.join(d, n)))) {
      const rel = toPosix(path.relative(d, dir));
      if (workspaceGlobs(d).some((g) => picomatch(g.replace(/\/$/, ''))(rel))) return true;
    }
    if (d === stop || path.dirname(d) === d) return false;
  }
}

function workspaceGlobs(dir: string): string[] {
  const globs: string[] = [];
  try {
    const ws = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).workspaces;
    globs.push(...(Array.isArray(ws) ? ws : Array.isArray(ws?.packages) ? ws.packages : []));
  } catch { /* no package.json or not JSON */ }
  try {
    const pnpm = parseYaml(fs.readFileSync(path.join(dir, 'pnpm-workspace.yaml'), 'utf8'));
    if (Array.isArray(pnpm?.packages)) globs.push(...pnpm.packages);
  } catch { /* no pnpm workspace */ }
  return globs.filter((g): g is string => typeof g === 'string' && !g.startsWith('!'));
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

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
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
    if (file?.ignored) {
      const base = path.basename(project.lockfile.path);
      ctx.report(pkg.path, anchor(project), `${base} is git-ignored, so deploys install without it and may get different versions than you tested. Commit ${base} (factor II).`, {
        data: { ignored: base },
      });
    }
    return;
  }
  if (lockingDisabled(ctx, project.root)) return;
  if (lockedByWorkspaceAbove(project.root, ctx.workspace.gitRoot)) return;
  ctx.report(pkg.path, anchor(project), `${pkgRel} has no lockfile, so every install may resolve different dependency versions. Commit ${LOCKFILE_OF[manager]} so each deploy installs exactly what you tested (factor II).`, {
    data: { manager },
  });
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { manager?: Manager } | undefined;
  if (!data?.manager || !ctx.project) return [];
  const command = CREATE_LOCKFILE[data.manager];
  return [runInTerminalFix(command, ctx.project.root, `Run '${command}' to create ${LOCKFILE_OF[data.manager]}`)];
}

export const missingLockfile: Rule = {
  meta: {
    id: 'dependencies/missing-lockfile',
    factor: 'dependencies',
    severity: 'warning',
    description: 'A deployable package with dependencies but no committed lockfile.',
    fixable: true,
  },
  checkProject,
  appliesTo: (ctx) => !!ctx.project.pkg && !ctx.project.parent && isDeployable(ctx.project),
  fixes,
};
