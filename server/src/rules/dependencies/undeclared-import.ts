// dependencies/undeclared-import: an import the nearest package.json (or the workspace root), or a Python project's
// manifests, do not declare.
import * as fs from 'fs';
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { isBuiltin, isPathAlias, packageName } from '../../ecosystem/npm/packages';
import { isToolConfigPath } from '../../detect/sourceRole';
import { isExamplePath, isTestPath } from '../../core/paths';
import { toolingOnlyFiles, PROCESS_MODEL_INPUTS } from '../../model/processes';
import type { Project } from '../../core/model';
import { canSetString } from '../../ecosystem/npm/packageJson';
import { installCommand, knownVersion, setDependencyEdit } from '../../fixes/packageJson';
import { runInTerminalFix } from '../../fixes/terminal';
import { isRealPathInside } from '../../util/safeRead';
import { globMatcher } from '../../util/glob';
import { Type, type Static } from '@sinclair/typebox';
import { isStdlibModule } from '../../ecosystem/python/stdlib';
import { lookupTable } from '../../util/table';
import { distributionsForImport, importProvidedBy } from '../../ecosystem/python/names';
import { requirementsScope } from '../../ecosystem/python/requirements';
import { addRequirementFixes } from '../../fixes/pyRequirements';

function declares(project: Project, name: string): boolean {
  for (let p: Project | undefined = project; p; p = p.parent) {
    // A package listed with a value that is not a range (`"pg": 8`) is still declared, if badly.
    if (p.pkg?.deps.has(name) || p.pkg?.malformedDeps.has(name) || p.pkg?.name === name) return true;
  }
  return false;
}

/** Names of every package in the workspace: a sibling imported without being declared is still undeclared,
 * but self-references by name resolve through the package's own `exports`. */
const OPTIONS = Type.Object(
  {
    ignore: Type.Array(Type.String(), {
      default: [],
      description:
        'Packages never reported, by name or glob (`@internal/*`): provided at run time by the platform or a loader.',
    }),
  },
  { additionalProperties: false },
);

/** Python files that only developer tooling runs: test configuration, task runners and packaging at the root (a
 * Celery app's `billing/tasks.py` is app code), docs. */
const PY_TOOLING = /(^|\/)conftest\.py$|^(noxfile|fabfile|tasks|setup|dodo)\.py$|(^|\/)docs?\/|^(dev|tools)\//;

/**
 * Packages a declared framework installs and documents importing directly (FastAPI's docs import from starlette;
 * Flask's from werkzeug): the framework's own pin keeps them there, so they are not undeclared when it is declared.
 */
const PROVIDED_WITH: Readonly<Record<string, readonly string[]>> = lookupTable({
  starlette: ['fastapi'],
  pydantic: ['fastapi', 'sqlmodel', 'pydantic-settings'],
  'pydantic-core': ['pydantic', 'fastapi', 'sqlmodel'],
  sqlalchemy: ['sqlmodel', 'flask-sqlalchemy', 'alembic'],
  // Flask-Migrate generates the alembic environment (`migrations/env.py`, each revision) that imports alembic.
  alembic: ['flask-migrate'],
  asgiref: ['django', 'channels'],
  sqlparse: ['django'],
  werkzeug: ['flask'],
  jinja2: ['flask'],
  markupsafe: ['flask', 'jinja2'],
  itsdangerous: ['flask'],
  click: ['flask', 'celery', 'typer', 'uvicorn', 'rq'],
  kombu: ['celery'],
  billiard: ['celery'],
  vine: ['celery'],
  anyio: ['starlette', 'fastapi', 'httpx'],
  urllib3: ['requests', 'botocore', 'boto3'],
  botocore: ['boto3'],
  'typing-extensions': ['pydantic', 'fastapi', 'sqlalchemy'],
  h11: ['uvicorn', 'httpcore'],
  djangorestframework: ['drf-spectacular', 'djangorestframework-simplejwt'],
  // Wagtail's documented page API is built on these (`from modelcluster.fields import ParentalKey`).
  modelcluster: ['wagtail'],
  'django-modelcluster': ['wagtail'],
  'django-taggit': ['wagtail'],
  'django-filter': ['wagtail'],
  willow: ['wagtail'],
});

/** `django-money` for `djmoney`, `pyhumps` for `humps`: a declared name that contains the import's, or the reverse. */
function looselyDeclared(top: string, declared: ReadonlySet<string>): boolean {
  const flat = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');
  const strip = (s: string) => s.replace(/^(django|flask|fastapi|py|python)-?|-?(python|client|sdk|binary)$/g, '');
  const t = flat(top);
  if (t.length < 3) return false;
  // `actstream` in `django-activity-stream`: the import's letters in order, from the same first letter.
  const abbreviates = (core: string) => {
    if (t.length < 4 || core[0] !== t[0]) return false;
    let i = 0;
    for (const c of core) if (c === t[i]) i++;
    return i === t.length;
  };
  for (const d of declared) {
    const core = flat(strip(d));
    if (core.length >= 3 && (t.includes(core) || core.includes(t) || flat(d).includes(t) || abbreviates(core)))
      return true;
  }
  return false;
}

/** Every folder and module name of the workspace's Python files: an import of one of them is the project's own. */
function localPythonNames(ctx: ProjectContext): Set<string> {
  const out = new Set<string>();
  for (const p of ctx.workspace.projects)
    for (const src of p.python?.sources ?? []) {
      const rel = path.relative(ctx.workspace.root, src).split(path.sep);
      for (const seg of rel.slice(0, -1)) out.add(seg);
      out.add(rel[rel.length - 1].replace(/\.py$/, ''));
    }
  return out;
}

/** The manifest a Python project's findings name: pyproject.toml, else a root requirements file, else the first. */
function pythonManifest(ctx: ProjectContext): string | undefined {
  const m = ctx.project.python?.manifests ?? [];
  // Not the lock a `-r` include read as requirements (a compiled requirements.txt beside its requirements.in).
  const declaring = m.filter(
    (x) => x.path !== ctx.project.python!.lock?.path && ctx.project.python!.dependencies.some((d) => d.file === x.path),
  );
  const pick =
    declaring.find((x) => x.kind === 'pyproject') ??
    declaring.find((x) => requirementsScope(x.path) === 'main') ??
    declaring[0] ??
    m[0];
  return pick && path.relative(ctx.workspace.root, pick.path).split(path.sep).join('/');
}

/**
 * Python: an import no declared distribution provides (ecosystem/python's import-name table, namespace packages),
 * that is not the standard library, the project's own modules (any folder or module name among the workspace's
 * Python files), a relative import, one the code copes without (`except ImportError`), or one for type checking only.
 */
function checkPython(ctx: ProjectContext, ignored: (name: string) => boolean): void {
  const py = ctx.project.python;
  if (!py || !py.manifests.length || py.dependenciesUnknown) return;
  const manifest = pythonManifest(ctx);
  if (!manifest) return;
  const declared = new Set([...py.dependencies.map((d) => d.normalized), ...py.localNames]);
  const local = localPythonNames(ctx);
  for (const src of py.sources) {
    const facts = ctx.facts(src);
    if (!facts) continue;
    const rel = path.relative(ctx.project.root, src).split(path.sep).join('/');
    if (isTestPath(rel) || isExamplePath(rel) || PY_TOOLING.test(rel)) continue;
    for (const imp of facts.imports) {
      const spec = imp.specifier;
      if (!spec || spec.startsWith('.') || imp.optional || imp.typeOnly) continue;
      const top = spec.split('.')[0];
      if (top === '__future__' || top === '__main__' || isStdlibModule(top) || local.has(top)) continue;
      if (importProvidedBy(spec, declared) || looselyDeclared(top, declared)) continue;
      const { distributions, known } = distributionsForImport(spec);
      if (distributions.some((d) => (PROVIDED_WITH[d] ?? []).some((parent) => declared.has(parent)))) continue;
      if (ignored(top) || distributions.some(ignored)) continue;
      // The lock names the distribution: installed, but only as another package's dependency.
      const locked = distributions.find((d) => py.lock?.names.has(d));
      const named = known && distributions.length === 1;
      // The distribution to add, when the lock or the import-name table names it.
      const dist = locked ?? (named ? distributions[0] : undefined);
      ctx.report(
        src,
        imp.range,
        locked
          ? {
              // A compiled requirements.txt without its source is both: its `# via` says who needs the pin.
              messageId:
                py.lock!.path === path.resolve(ctx.workspace.root, manifest) ? 'pyTransitivePin' : 'pyTransitive',
              data: { name: top, pkg: manifest, dist: locked, lock: path.basename(py.lock!.path) },
            }
          : named
            ? { messageId: 'pyUndeclaredDist', data: { name: top, pkg: manifest, dist: distributions[0] } }
            : { messageId: 'undeclared', data: { name: top, pkg: manifest } },
        dist ? { data: { python: true, dist } } : undefined,
      );
    }
  }
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  if (project.python) checkPython(ctx, globMatcher((ctx.options as Static<typeof OPTIONS>).ignore));
  if (!project.pkg) return; // no manifest to declare anything in: nothing to compare against
  const { ignore } = ctx.options as Static<typeof OPTIONS>;
  const ignored = globMatcher(ignore);
  const ambient = new Set<string>();
  for (const src of project.sources) for (const m of ctx.facts(src)?.ambientModules ?? []) ambient.add(m);
  const tooling = toolingOnlyFiles(project, ctx.facts, ctx.workspace);
  for (const src of project.sources) {
    const facts = ctx.facts(src);
    if (!facts) continue;
    const rel = path.relative(project.root, src).split(path.sep).join('/');
    // Tests, examples, docs, tool configs and what only developer scripts run never run in a deploy; a package they
    // miss fails their own run first. Admin scripts (`scripts/migrate.js`) do run against production: checked.
    if (isTestPath(rel) || isExamplePath(rel) || isToolConfigPath(rel) || tooling.has(src)) continue;
    for (const imp of facts.imports) {
      const name = packageName(imp.specifier);
      if (!name || isBuiltin(name) || ambient.has(imp.specifier) || ambient.has(name)) continue;
      if (declares(project, name) || ignored(name)) continue;
      // `import type` is satisfied by DefinitelyTyped's package.
      const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
      if (imp.typeOnly && declares(project, typesName)) continue;
      if (isPathAlias(imp.specifier, project)) continue;
      if (imp.typeOnly && !shipsTypes(ctx, project, name)) {
        // Only the types are needed, and the package brings none: DefinitelyTyped's package is what to declare, but
        // only a lockfile proves one exists (`@types/octokit__types` does not), so otherwise it goes unnamed.
        const known = locks(project, typesName);
        ctx.report(
          src,
          imp.range,
          { messageId: known ? 'typesKnown' : 'types', data: { name, pkg: relPkg(ctx, project), types: typesName } },
          {
            data: { name: typesName, dev: true, pkg: project.pkg.path, guess: !known },
          },
        );
        continue;
      }
      // Named by folder: the package.json of each is implied.
      const via = siblingsDeclaring(ctx, project, name).map((p) => path.posix.dirname(p));
      const who = via.length > 2 ? `${via[0]}, ${via[1]} and ${via.length - 2} more` : via.join(' and ');
      ctx.report(
        src,
        imp.range,
        { messageId: via.length ? 'hoisted' : 'undeclared', data: { name, pkg: relPkg(ctx, project), others: who } },
        {
          data: { name, dev: imp.typeOnly, pkg: project.pkg.path },
        },
      );
    }
  }
}

/** Whether a lockfile of the project or its workspace root records `name`: then the package exists. */
function locks(project: Project, name: string): boolean {
  for (let p: Project | undefined = project; p; p = p.parent) if (p.lockfile?.versions.has(name)) return true;
  return false;
}

/** Other members of the same workspace that declare `name`, by package.json path. */
function siblingsDeclaring(ctx: ProjectContext, project: Project, name: string): string[] {
  if (!project.parent) return [];
  return ctx.workspace.projects
    .filter((p) => p !== project && p.parent === project.parent && p.pkg?.deps.has(name))
    .map((p) => relPkg(ctx, p))
    .sort();
}

/** Whether the installed package carries its own declarations (`types`/`typings`, or an index.d.ts). */
function shipsTypes(ctx: ProjectContext, project: Project, name: string): boolean {
  for (let p: Project | undefined = project; p; p = p.parent) {
    const dir = path.join(p.root, 'node_modules', name);
    const manifest = ctx.read(path.join(dir, 'package.json'));
    if (manifest === undefined) continue;
    try {
      const pkg = JSON.parse(manifest) as { types?: unknown; typings?: unknown; exports?: unknown };
      if (pkg.types || pkg.typings || /"types"\s*:/.test(JSON.stringify(pkg.exports ?? null))) return true;
    } catch {
      /* unreadable manifest: look for index.d.ts */
    }
    // Existence only (stat never blocks), and only where a link would not lead out of the workspace.
    const dts = path.join(dir, 'index.d.ts');
    const inside = p.root === ctx.workspace.root || p.root.startsWith(ctx.workspace.root + path.sep);
    return isRealPathInside(inside ? ctx.workspace.root : p.root, dts) && fs.existsSync(dts);
  }
  return false;
}

function relPkg(ctx: ProjectContext, project: Project): string {
  return path.relative(ctx.workspace.root, project.pkg!.path).split(path.sep).join('/') || 'package.json';
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const py = finding.data as { python?: boolean; dist?: string } | undefined;
  if (py?.python) return py.dist ? addRequirementFixes(ctx, py.dist) : [];
  const data = finding.data as { name: string; dev: boolean; pkg: string; guess?: boolean } | undefined;
  const project = ctx.project;
  if (!data || !project?.pkg) return [];
  const field = data.dev ? 'devDependencies' : 'dependencies';
  const version = knownVersion(project, data.name, ctx);
  const text = ctx.read(data.pkg);
  if (version && text !== undefined && canSetString(text, [field, data.name])) {
    return [
      {
        title: `Add ${data.name}@^${version} to ${field}`,
        preferred: true,
        fixAll: true,
        edits: [setDependencyEdit(data.pkg, text, field, data.name, `^${version}`)],
      },
    ];
  }
  const command = installCommand(project, data.name, data.dev);
  // A guessed @types name may not exist: say so, so the user checks before running it.
  return [
    runInTerminalFix(command, project.root, data.guess ? `Run '${command}' (if ${data.name} exists)` : undefined),
  ];
}

export const undeclaredImport = defineRule({
  meta: {
    id: 'dependencies/undeclared-import',
    inputs: [...PROCESS_MODEL_INPUTS, 'lockfile', 'python-manifest', 'python-lock'],
    factor: 'dependencies',
    severity: 'warning',
    description:
      "An import of a package that the nearest package.json, or the Python project's manifests, do not declare.",
    why: "Every dependency is declared explicitly (factor II): an undeclared package loads only while something else installs it or the install happens to hoist it from a sibling workspace. Declare it in the importing package's package.json.",
    fixable: true,
    messages: {
      typesKnown: "'{{name}}' is imported for its types, but {{pkg}} declares neither it nor '{{types}}'.",
      types: "'{{name}}' is imported for its types, but {{pkg}} declares neither it nor a types package for it.",
      undeclared: "'{{name}}' is imported but not declared in {{pkg}}.",
      hoisted: "'{{name}}' is imported but not declared in {{pkg}}, only in {{others}}.",
      pyUndeclaredDist: "'{{name}}' is imported but {{pkg}} does not declare {{dist}}, which provides it.",
      pyTransitive:
        "'{{name}}' is imported but {{pkg}} does not declare {{dist}}: only {{lock}} has it, for another package.",
      pyTransitivePin:
        "'{{name}}' is imported but {{pkg}} pins {{dist}} only as another package's dependency (`# via`).",
    },
    options: OPTIONS,
  },
  checkProject,
  appliesTo: (ctx) =>
    (!!ctx.project.pkg && ctx.project.sources.length > 0) ||
    (!!ctx.project.python?.manifests.length && ctx.project.python.sources.length > 0),
  fixes,
});
