// codebase/no-version-control: the workspace is not in a repository, so there is no one codebase that deploys
// are built from.
import * as fs from 'fs';
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext, type Range } from '../../core/types';
import type { WorkspaceFile } from '../../core/model';
import { runInTerminalFix } from '../../fixes/terminal';

/** Other version control systems the factor names; git is found by discovery (`workspace.gitRoot`). */
const OTHER_VCS = ['.hg', '.svn', '.bzr', '.fslckout', '_FOSSIL_', '.pijul', '.jj'];

function otherVcs(root: string): boolean {
  for (let d = root; ; d = path.dirname(d)) {
    if (OTHER_VCS.some((m) => fs.existsSync(path.join(d, m)))) return true;
    if (path.dirname(d) === d) return false;
  }
}

function isRootProject(ctx: ProjectContext): boolean {
  return ctx.project.root === ctx.workspace.root;
}

/** The root package.json, else the shallowest file of the workspace (a Dockerfile, a Procfile, …). */
function anchorFile(ctx: ProjectContext): WorkspaceFile | undefined {
  const files = [...ctx.workspace.files.values()].filter((f) => !f.ignored);
  const depth = (f: WorkspaceFile) => f.rel.split('/').length;
  const rank = (f: WorkspaceFile) => (f.kind === 'package-json' ? 0 : 1);
  return files.sort((a, b) => depth(a) - depth(b) || rank(a) - rank(b) || (a.rel < b.rel ? -1 : 1))[0];
}

function checkProject(ctx: ProjectContext): void {
  if (!isRootProject(ctx) || ctx.workspace.gitRoot || otherVcs(ctx.workspace.root)) return;
  const file = anchorFile(ctx);
  if (!file) return;
  const firstLine = (ctx.read(file.path) ?? '').split(/\r?\n|\r/)[0] ?? '';
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } };
  ctx.report(
    file.path,
    range,
    { messageId: 'noGit' },
    {
      data: { root: ctx.workspace.root },
    },
  );
}

function fixes(finding: Finding, _ctx: FixContext): Fix[] {
  const root = (finding.data as { root?: string } | undefined)?.root;
  if (!root) return [];
  return [runInTerminalFix('git init', root)];
}

export const noVersionControl = defineRule({
  meta: {
    id: 'codebase/no-version-control',
    factor: 'codebase',
    severity: 'info',
    description: 'The workspace is not inside a git (or other version control) repository.',
    why: 'A twelve-factor app is one codebase tracked in version control, from which every deploy is built (factor I). Run `git init` and commit the code.',
    fixable: true,
    messages: {
      noGit: 'This folder is not in a git repository.',
    },
  },
  checkProject,
  appliesTo: isRootProject,
  fixes,
});
