// codebase/out-of-repo-dependency: a package.json dependency points at a local folder or tarball outside the
// repository (`file:../common`, `link:../../shared`, `portal:…`, `../lib`), so the app is not one codebase:
// a fresh clone cannot build, and what it runs depends on whatever sits next to the checkout.
import * as os from 'os';
import * as path from 'path';
import { defineRule, type ProjectContext } from '../../core/types';
import { toPosix } from '../../util/text';
import { isProductionPath } from '../../detect/sourceRole';
import { classifySpec } from '../../ecosystem/npm/depSpec';

const ID = 'codebase/out-of-repo-dependency';

/** The local path a dependency spec names, or undefined for registry, git, URL, workspace and alias specs. */
export function localPathOf(spec: string): string | undefined {
  const s = classifySpec(spec);
  return s.type === 'local' ? s.path : undefined;
}

function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function checkProject(ctx: ProjectContext): void {
  const pkg = ctx.project.pkg;
  if (!pkg) return;
  const repo =
    ctx.workspace.gitRoot && inside(ctx.workspace.root, ctx.workspace.gitRoot)
      ? ctx.workspace.gitRoot
      : ctx.workspace.root;
  for (const dep of pkg.deps.values()) {
    const local = localPathOf(dep.range);
    if (local === undefined) continue;
    const expanded = local === '~' || /^~[\\/]/.test(local) ? path.join(os.homedir(), local.slice(1)) : local;
    const target = path.resolve(ctx.project.root, expanded);
    if (inside(target, repo)) continue;
    const shown = toPosix(path.relative(repo, target));
    const where = ctx.workspace.gitRoot ? 'this git repository' : 'this workspace';
    ctx.report(
      pkg.path,
      dep.valueRange,
      { messageId: 'dependency', data: { name: dep.name, spec: dep.range, where, target: shown } },
      {
        data: { name: dep.name, target: shown },
      },
    );
  }
  // `import { render } from '../../../templates/src/render'`: source imported from beside the repository.
  for (const src of ctx.project.sources) {
    if (!isProductionPath(toPosix(path.relative(ctx.project.root, src)))) continue;
    for (const imp of ctx.facts(src)?.imports ?? []) {
      if (imp.typeOnly || !imp.specifier.startsWith('.')) continue;
      const target = path.resolve(path.dirname(src), imp.specifier);
      if (inside(target, repo)) continue;
      const where = ctx.workspace.gitRoot ? 'this git repository' : 'this workspace';
      ctx.report(
        src,
        imp.range,
        {
          messageId: 'import',
          data: { specifier: imp.specifier, where, target: toPosix(path.relative(repo, target)) },
        },
        {
          data: { target: toPosix(path.relative(repo, target)) },
        },
      );
    }
  }
}

export const outOfRepoDependency = defineRule({
  meta: {
    id: ID,
    inputs: ['package-json', 'source'],
    factor: 'codebase',
    severity: 'warning',
    description:
      'A package.json dependency that is a local path (file:, link:, portal:), or a relative import, reaching outside the repository.',
    why: 'One codebase holds everything the app needs (factor I): code outside the repository is missing from a fresh clone, and what runs depends on whatever is checked out next to it. Move the code into this repository (a workspace package) or publish it and depend on a version.',
    messages: {
      dependency: "'{{name}}' comes from '{{spec}}', a folder outside {{where}} ({{target}}).",
      import: "This imports '{{specifier}}', from a folder outside {{where}} ({{target}}).",
    },
  },
  checkProject,
  appliesTo: (ctx) => !!ctx.project.pkg,
});
