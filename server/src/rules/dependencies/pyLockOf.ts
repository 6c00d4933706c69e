// The Python lock a project's dependencies are compared with, for the dependencies rules: the project's own, or, for a
// uv workspace member, the workspace root's uv.lock (uv keeps one lock for the whole workspace).
import * as path from 'path';
import type { Project, PythonLock, Workspace } from '../../core/model';
import { parsePyProject } from '../../ecosystem/python/pyproject';
import { globMatcher } from '../../util/glob';
import { toPosix } from '../../util/text';

export interface PyLockRef {
  lock: PythonLock;
  /** The project whose lock it is (the workspace root for a member). */
  owner: Project;
}

/** The project's lock, or its uv workspace root's; undefined when there is none. */
export function pythonLockOf(
  project: Project,
  workspace: Workspace,
  read: (p: string) => string | undefined,
): PyLockRef | undefined {
  const own = project.python?.lock;
  if (own) return { lock: own, owner: project };
  if (!project.python?.manifests.some((m) => m.kind === 'pyproject')) return undefined;
  const above = workspace.projects
    .filter((p) => p !== project && p.python?.lock?.kind === 'uv' && project.root.startsWith(p.root + path.sep))
    .sort((a, b) => b.root.length - a.root.length)[0];
  if (!above) return undefined;
  const text = read(path.join(above.root, 'pyproject.toml'));
  const ws = text === undefined ? undefined : parsePyProject(text).uvWorkspace;
  if (!ws) return undefined;
  const rel = toPosix(path.relative(above.root, project.root));
  const norm = (g: string) => g.replace(/^\.\//, '').replace(/\/+$/, '');
  const member = globMatcher(ws.members.map(norm));
  const excluded = globMatcher(ws.exclude.map(norm));
  return member(rel) && !excluded(rel) ? { lock: above.python!.lock!, owner: above } : undefined;
}
