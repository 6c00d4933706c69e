// Whether a package is something that gets deployed and run (an app), as opposed to a library others install.
import type { Project } from '../core/model';

/**
 * An app: it has a Procfile or a Dockerfile, or (unless it is a library, CLI or extension, see isLibraryOrTool) a
 * `start` script, or it is `"private": true` with runtime dependencies (not published, so run from its folder).
 */
export function isDeployable(project: Project): boolean {
  const pkg = project.pkg;
  if (!pkg) return false;
  if (project.procfile || project.dockerfiles.length) return true;
  if (isLibraryOrTool(project)) return false;
  if (typeof pkg.scripts.start === 'string' && pkg.scripts.start.trim()) return true;
  const deps = pkg.data.dependencies;
  return pkg.data.private === true && !!deps && Object.keys(deps).length > 0;
}

/** Workspace members, for a workspace root (projects whose `parent` it is). */
export function membersOf(root: Project, projects: readonly Project[]): Project[] {
  return projects.filter((p) => p.parent === root);
}

/**
 * A package that is published or installed rather than run as a service: a library (`exports`, `types`, `files`,
 * `module`, `publishConfig` without `"private": true`), a CLI (`bin`), or an editor extension (`engines.vscode`,
 * `contributes`). Its `start` script is a developer convenience, not how a deploy runs it.
 */
export function isLibraryOrTool(project: Project): boolean {
  const d = project.pkg?.data;
  if (!d) return false;
  if (d.bin || d.present?.has('contributes') || d.engines?.vscode) return true;
  return (
    d.private !== true &&
    ['exports', 'types', 'typings', 'files', 'module', 'publishConfig'].some((k) => d.present?.has(k))
  );
}

/**
 * An app, as far as runtime rules are concerned: deployable, or private and not a library (a private package is run
 * from its folder even without a start script). A library, a CLI, or an examples collection nothing starts is not.
 */
export function isAppProject(project: Project): boolean {
  return isDeployable(project) || (project.pkg?.data.private === true && !isLibraryOrTool(project));
}

/** A library, CLI or extension that nothing deploys: no Procfile or Dockerfile runs it (mockbin has a bin and a Procfile). */
export function isUndeployedLibrary(project: Project): boolean {
  return isLibraryOrTool(project) && !isDeployable(project);
}
