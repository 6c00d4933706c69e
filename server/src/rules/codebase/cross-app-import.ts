// codebase/cross-app-import: one package reaches into another package's source by a relative path, so the two
// are one codebase in disguise and neither can be built or deployed on its own.
import * as path from 'path';
import { defineRule, type ProjectContext } from '../../core/types';
import type { PackageJson, Project } from '../../core/model';
import { isDeployable } from '../../detect/deployable';
import { isProductionPath } from '../../detect/sourceRole';
import { startKey, toPosix } from '../../util/text';
import { ELIDED_IMPORTS } from '../../facts/elidedImports';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';

function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir + path.sep);
}

/** A package of its own: has a package.json and is not the workspace root holding everything. */
function isPackage(p: Project | undefined): p is Project & { pkg: PackageJson } {
  return !!p?.pkg && !p.isWorkspaceRoot;
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  if (!isPackage(project)) return;
  for (const src of project.sources) {
    const rel = toPosix(path.relative(project.root, src));
    // Tests, tool configs and scripts may reach across the repository; what ships may not.
    if (!isProductionPath(rel)) continue;
    const facts = ctx.facts(src);
    if (!facts) continue;
    // Type-only imports vanish from the output (also those TypeScript drops because they are only used as types).
    const elided = new Set((ctx.fact(src, ELIDED_IMPORTS) ?? []).map(startKey));
    for (const imp of facts.imports) {
      if (imp.typeOnly || !imp.specifier.startsWith('.') || elided.has(startKey(imp.range))) continue;
      const target = path.resolve(path.dirname(src), imp.specifier);
      if (inside(target, project.root)) continue;
      const owner = ctx.workspace.projectOf(target);
      if (!isPackage(owner) || owner === project || inside(owner.root, project.root)) continue;
      const ownerRel = toPosix(path.relative(ctx.workspace.root, owner.root)) || '.';
      const ownerName = owner.pkg.name ? `'${owner.pkg.name}' (${ownerRel})` : ownerRel;
      // A package nested in another (functions/ inside an app) reaching up into the enclosing one's files.
      const message = inside(project.root, owner.root)
        ? ({
            messageId: 'reachesOut',
            data: { file: toPosix(path.relative(ctx.workspace.root, target)), owner: ownerName },
          } as const)
        : ({ messageId: isDeployable(owner) ? 'appSource' : 'packageSource', data: { owner: ownerName } } as const);
      ctx.report(src, imp.range, message, { data: { target: owner.root } });
    }
  }
}

export const crossAppImport = defineRule({
  meta: {
    id: 'codebase/cross-app-import',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'codebase',
    severity: 'warning',
    description: "A package that imports another package's source by a relative path leaving its own folder.",
    why: 'One codebase per app, and shared code lives in packages declared as dependencies (factor I): a relative import into another package ties their files together. Declare the package in package.json and import it by name, or move the shared code into a package both depend on.',
    messages: {
      reachesOut: 'This reaches out of its package into {{file}}, which belongs to {{owner}}.',
      appSource: 'This imports the source of another app, {{owner}}, by a relative path.',
      packageSource: 'This imports {{owner}} by a relative path into its source instead of as a dependency.',
    },
  },
  checkProject,
  uses: [ELIDED_IMPORTS],
  appliesTo: (ctx) => isPackage(ctx.project) && ctx.workspace.projects.filter(isPackage).length > 1,
});
