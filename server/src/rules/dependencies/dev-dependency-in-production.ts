// dependencies/dev-dependency-in-production: production code loads a package that only devDependencies declare,
// so a production install (`npm ci --omit=dev`, NODE_ENV=production) leaves it out and the app crashes.
import * as path from 'path';
import { processesOf, toolingOnlyFiles, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { allCommands, parseShell } from '../../platform/shell';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext, type Range } from '../../core/types';
import { DEP_FIELDS, type PackageData, type PackageJson } from '../../core/model';
import { isBuiltin, packageName } from '../../ecosystem/npm/packages';
import { isProductionPath } from '../../detect/sourceRole';
import { canSetString, parsePackageJson } from '../../ecosystem/npm/packageJson';
import { moveDependencyEdit, setDependencyEdit } from '../../fixes/packageJson';
import { startKey, toPosix } from '../../util/text';
import { lookupTable } from '../../util/table';
import { ELIDED_IMPORTS } from '../../facts/elidedImports';
import { GUARDED_LOADS as GUARDED_FACT, TRANSPORT_TARGETS as TARGETS_FACT } from '../../facts/dependencies';
import { devDependencyInProductionJs } from '../../lang/js/checks/dependencies/dev-dependency-in-production';
import { devDependencyInProductionPy } from '../../lang/py/checks/dependencies/dev-dependency-in-production';
import type { Project, PythonDependency, PythonLock } from '../../core/model';
import { isDevImage } from '../../platform/docker';
import { normalizeDistName } from '../../ecosystem/python/names';
import { distributionsForImport, importProvidedBy } from '../../ecosystem/python/names';
import { isStdlibModule } from '../../ecosystem/python/stdlib';
import { isExamplePath, isTestPath } from '../../core/paths';
import { isPyAppCode } from '../../lang/py/checks/appFiles';
import { isDevSettingsPath } from '../../lang/py/devOnly';
import { reachableInLock } from '../../ecosystem/python/locks';
import { addRequirementFixes } from '../../fixes/pyRequirements';

const ID = 'dependencies/dev-dependency-in-production';

/** Bundlers and frameworks that compile dependencies into the build: there, devDependencies are fine at run time. */
const BUNDLERS = new Set([
  'webpack',
  'vite',
  'next',
  'nuxt',
  '@sveltejs/kit',
  'astro',
  '@remix-run/dev',
  'parcel',
  'rollup',
  'esbuild',
  'tsup',
  '@vercel/ncc',
  'react-scripts',
  'gatsby',
  '@angular/cli',
  '@angular-devkit/build-angular',
  '@vue/cli-service',
  '@rspack/cli',
  '@rspack/core',
  'expo',
  'react-native',
  'metro',
  '@expo/cli',
  'unbuild',
  'microbundle',
  'pkgroll',
  '@builder.io/qwik',
  'wrangler',
  '@electron-forge/cli',
  'electron-vite',
  'vinxi',
  '@tanstack/start',
]);

function keysOf(obj: unknown): string[] {
  return obj && typeof obj === 'object' ? Object.keys(obj) : [];
}

function bundles(data: PackageData): boolean {
  return DEP_FIELDS.some((f) => keysOf(data[f]).some((n) => BUNDLERS.has(n)));
}

/**
 * devDependencies of the workspace root that a member neither declares nor gets from the root's dependencies: hoisting
 * lets the member load them in development, and a production install (`npm ci --omit=dev` at the root) drops them.
 * Name → declared range.
 */
function rootOnlyDev(pkg: PackageJson, root: PackageJson | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!root || root === pkg || bundles(root.data)) return out;
  const rootRuntime = new Set([
    ...keysOf(root.data.dependencies),
    ...keysOf(root.data.peerDependencies),
    ...keysOf(root.data.optionalDependencies),
  ]);
  for (const [name, range] of Object.entries(root.data.devDependencies ?? {})) {
    if (!pkg.deps.has(name) && !rootRuntime.has(name)) out.set(name, range);
  }
  return out;
}

// --- Python --------------------------------------------------------------------------------------------------------

/** Extras that are development tooling by name (`[project.optional-dependencies] dev = [...]`). */
const DEV_EXTRAS = /^(dev|devel|develop|development|test|tests|testing|lint|linting|docs?|typing|mypy|ci|local)$/i;

/** Files only developer tooling runs: test configuration, task runners, packaging, docs. */
const PY_TOOLING = /(^|\/)conftest\.py$|^(noxfile|fabfile|tasks|setup|dodo)\.py$|(^|\/)docs?\/|^(dev|tools)\//;

/** Django's per-app test module (`polls/tests.py`) and test data factories, which only the tests import. */
const DJANGO_TESTS = /(^|\/)(tests|factories)\.py$/;
/** Scripts named for local runs and development data: `serve.py`, `populate.py`, `fake_data.py`, `seed.py`. */
const DEV_SCRIPT =
  /(^|\/)(serve|devserver|run_dev|runserver|populate|seed|seeds|fake|fakes|fake_data|dummy|profile|debug)\.py$/i;

/** Management commands that make development data (`dummy-generator-users`, `seed_db`, `load_fake_data`). */
const DEV_COMMAND = /(^|\/)management\/commands\/[^/]*(dummy|fake|seed|sample|demo|mock|populate)[^/]*\.py$/i;

/**
 * A dependency declared for development only: in a dev file or table (`requirements-dev.txt`, Poetry's
 * `dev-dependencies`), or in a group or extra named for development. A named group (PEP 735, Poetry's groups) is not
 * by itself: redash's `all_ds` group holds the data-source drivers its image installs.
 */
function isDevDependency(d: PythonDependency): boolean {
  if (d.scope === 'dev') return !d.group || DEV_EXTRAS.test(d.group) || DEV_GROUP.test(d.group);
  return d.scope === 'optional' && DEV_EXTRAS.test(d.group ?? '');
}

/** Group names of development tooling besides DEV_EXTRAS: `test-unit`, `lint_ci`, `dev-tools`, `pytest`. */
const DEV_GROUP = /^(dev|test|tests|testing|lint|docs?|typing|ci|qa|debug|tools?|pytest|coverage)([-_.].*)?$/i;

/** Distributions a production image's `pip install`/`uv pip install`/`pip wheel` lines name (`minio==7.2`). */
function imageInstalls(project: Project): Set<string> {
  const out = new Set<string>();
  for (const df of project.dockerfiles) {
    if (isDevImage(df)) continue;
    for (const ins of df.instructions) {
      if (ins.keyword !== 'RUN' || !/\bpip3?\b/.test(ins.args)) continue;
      for (const word of ins.args.split(/\s+/)) {
        const name = /^["']?([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(word)?.[1];
        if (name) out.add(normalizeDistName(name));
      }
    }
  }
  return out;
}

/** What the production install brings besides the main declarations: per the lock, when it can tell. */
function installedInProduction(project: Project, main: ReadonlySet<string>): Set<string> {
  const images = imageInstalls(project);
  const lock = project.python?.lock;
  const fromLock = lock ? lockedInProduction(lock, main) : new Set<string>();
  for (const n of images) fromLock.add(n);
  return fromLock;
}

function lockedInProduction(lock: PythonLock, main: ReadonlySet<string>): Set<string> {
  // Pipfile.lock: `default`; a compiled main requirements file: all of it; uv, Poetry, PDM: what main requires.
  if (lock.devOnly) return new Set([...lock.names].filter((n) => !lock.devOnly!.has(n)));
  if (lock.kind === 'compiled-requirements' || lock.kind === 'pinned-requirements') return new Set(lock.names);
  if (lock.requires) return reachableInLock(lock.requires, main);
  return new Set();
}

/**
 * Python: the app's code (not tests, examples, tooling, development settings, development branches, `__main__`
 * blocks) imports a module that only a development requirement provides (requirements-dev.txt, a dev dependency group,
 * Poetry's dev group, PDM/uv dev-dependencies, a `dev`/`test` extra, Pipfile's dev-packages), and no main requirement
 * nor what the production lock installs with them.
 */
function checkPython(ctx: ProjectContext): void {
  const py = ctx.project.python!;
  if (py.dependenciesUnknown) return;
  const declared = new Set(py.dependencies.filter((d) => !isDevDependency(d)).map((d) => d.normalized));
  const main = new Set([...declared, ...py.localNames]);
  const devDeps = py.dependencies.filter((d) => isDevDependency(d) && !main.has(d.normalized));
  if (!devDeps.length) return;
  // From the main declarations, not the project's own lock entry (whose development groups the lock lists with it).
  const installed = installedInProduction(ctx.project, declared);
  const devOnly = new Map<string, PythonDependency>();
  for (const d of devDeps) if (!installed.has(d.normalized) && !devOnly.has(d.normalized)) devOnly.set(d.normalized, d);
  if (!devOnly.size) return;
  for (const src of py.sources) {
    const rel = toPosix(path.relative(ctx.project.root, src));
    const wsRel = toPosix(path.relative(ctx.workspace.root, src));
    if (isTestPath(rel) || isExamplePath(rel) || PY_TOOLING.test(rel) || isDevSettingsPath(rel)) continue;
    if (DJANGO_TESTS.test(rel) || DEV_COMMAND.test(rel) || DEV_SCRIPT.test(rel)) continue;
    if (!isPyAppCode({ rel: wsRel, isTest: false, isExample: false })) continue;
    const facts = ctx.facts(src);
    if (!facts) continue;
    const guarded = ctx.fact(src, GUARDED_FACT) ?? [];
    const seen = new Set<string>();
    for (const imp of facts.imports) {
      const spec = imp.specifier;
      if (!spec || spec.startsWith('.') || imp.optional || imp.typeOnly) continue;
      const top = spec.split('.')[0];
      if (isStdlibModule(top) || importProvidedBy(spec, main)) continue;
      if (guarded.some((g) => inside(imp.range, g))) continue;
      const dist = distributionsForImport(spec).distributions.find((d) => devOnly.has(d));
      if (!dist || seen.has(dist)) continue;
      seen.add(dist);
      const dep = devOnly.get(dist)!;
      ctx.report(
        src,
        imp.range,
        {
          messageId: 'pyDevOnly',
          data: { name: top, dist: dep.name, where: path.basename(dep.file) },
        },
        { data: { name: dep.name, python: true, dist } },
      );
    }
  }
}

function inside(r: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, r.start) && before(r.end, outer.end);
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  if (project.python) checkPython(ctx);
  const pkg = project.pkg;
  if (!pkg || bundles(pkg.data)) return;
  const dev = new Set(keysOf(pkg.data.devDependencies));
  const rootPkg = project.parent?.pkg;
  const rootDev = rootOnlyDev(pkg, rootPkg);
  if (!dev.size && !rootDev.size) return;
  const runtime = new Set([
    ...keysOf(pkg.data.dependencies),
    ...keysOf(pkg.data.peerDependencies),
    ...keysOf(pkg.data.optionalDependencies),
  ]);
  if (dev.size) checkRunners(ctx, dev, runtime, pkg.path);
  const toolingFiles = toolingOnlyFiles(project, ctx.facts, ctx.workspace);

  for (const src of project.sources) {
    const rel = toPosix(path.relative(project.root, src));
    if (!isProductionPath(rel) || toolingFiles.has(src)) continue;
    const facts = ctx.facts(src);
    if (!facts) continue;
    const skip = new Set(
      [...(ctx.fact(src, ELIDED_IMPORTS) ?? []), ...(ctx.fact(src, GUARDED_FACT) ?? [])].map(startKey),
    );
    const uses: { specifier: string; range: Range; transport?: boolean }[] = [];
    for (const imp of facts.imports) {
      if (!imp.typeOnly && !skip.has(startKey(imp.range))) uses.push(imp);
    }
    for (const t of ctx.fact(src, TARGETS_FACT) ?? []) uses.push({ ...t, transport: true });
    const seen = new Set<string>();
    for (const use of uses) {
      const name = packageName(use.specifier);
      if (!name || isBuiltin(name) || runtime.has(name) || seen.has(name)) continue;
      if (dev.has(name)) {
        seen.add(name);
        ctx.report(
          src,
          use.range,
          { messageId: use.transport ? 'devOnlyTransport' : 'devOnly', data: { name, file: rel } },
          {
            data: { name, pkg: pkg.path },
          },
        );
      } else if (rootDev.has(name)) {
        seen.add(name);
        ctx.report(
          src,
          use.range,
          { messageId: use.transport ? 'rootDevOnlyTransport' : 'rootDevOnly', data: { name, file: rel } },
          {
            data: { name, pkg: pkg.path, rootPkg: rootPkg!.path, range: rootDev.get(name) },
          },
        );
      }
    }
  }
}

/** Programs that run TypeScript or watch files: fine in development, a devDependency by convention. */
const RUNNER_PACKAGES: Record<string, string> = lookupTable({
  'ts-node': 'ts-node',
  'ts-node-esm': 'ts-node',
  'ts-node-dev': 'ts-node-dev',
  tsnd: 'ts-node-dev',
  tsx: 'tsx',
  nodemon: 'nodemon',
  'babel-node': '@babel/node',
  esno: 'esno',
  'vite-node': 'vite-node',
  'swc-node': '@swc-node/register',
});

/** `node -r ts-node/register`, `node --import tsx`, `node --loader ts-node/esm`: preloads are packages too. */
function preloadedPackages(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const inline = /^--(require|import|loader|experimental-loader)=(.+)$/.exec(a);
    const value = inline
      ? inline[2]
      : /^(-r|--require|--import|--loader|--experimental-loader)$/.test(a)
        ? args[++i]
        : undefined;
    const name = value ? packageName(value) : undefined;
    if (name) out.push(name);
  }
  return out;
}

/**
 * The commands that start the app's processes running a devDependency (`worker: ts-node src/worker.ts`): a
 * production install leaves it out, so the process cannot start.
 */
function checkRunners(ctx: ProjectContext, dev: Set<string>, runtime: Set<string>, pkgPath: string): void {
  const seen = new Set<string>();
  // With a Procfile or Dockerfile, that is what production runs: `start: nodemon …` is then a developer's command.
  const deployedBy = !!ctx.project.procfile || ctx.project.dockerfiles.length > 0;
  for (const proc of processesOf(ctx.project, ctx.facts, ctx.workspace)) {
    for (const origin of proc.origins) {
      if (origin.kind === 'main' || origin.kind === 'bin' || origin.kind === 'inferred') continue;
      if (origin.kind === 'script' && deployedBy) continue;
      for (const c of allCommands(parseShell(proc.command))) {
        const names = [
          RUNNER_PACKAGES[c.program ?? ''],
          ...(c.program === 'node' ? preloadedPackages(c.args) : []),
        ].filter(Boolean) as string[];
        for (const name of names) {
          const key = `${origin.file}:${origin.range.start.line}:${name}`;
          if (!dev.has(name) || runtime.has(name) || seen.has(key)) continue;
          seen.add(key);
          ctx.report(
            origin.file,
            origin.range,
            { messageId: 'processRunsDev', data: { process: proc.type, name } },
            {
              data: { name, pkg: pkgPath },
            },
          );
        }
      }
    }
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as
    { name: string; pkg: string; rootPkg?: string; range?: string; python?: boolean } | undefined;
  if (data?.python) return addRequirementFixes(ctx, (data as { dist?: string }).dist ?? '');
  if (!data) return [];
  if (data.rootPkg) return declareFromRoot(data as Required<typeof data>, ctx);
  const text = ctx.read(data.pkg);
  if (text === undefined) return [];
  try {
    // Only while it is still a devDependency and nothing else (the finding may be stale).
    const d = parsePackageJson(data.pkg, text).data;
    if (!keysOf(d.devDependencies).includes(data.name) || keysOf(d.dependencies).includes(data.name)) return [];
  } catch {
    return [];
  }
  if (!canSetString(text, ['dependencies', data.name])) return [];
  const edit = moveDependencyEdit(data.pkg, text, 'devDependencies', 'dependencies', data.name);
  if (!edit) return [];
  return [{ title: `Move ${data.name} to dependencies`, preferred: true, edits: [edit] }];
}

/** A root devDependency a member loads: declare it in the member's dependencies with the root's range. */
function declareFromRoot(data: { name: string; pkg: string; rootPkg: string; range: string }, ctx: FixContext): Fix[] {
  const text = ctx.read(data.pkg);
  if (text === undefined || !data.range) return [];
  try {
    // Only while the member still declares nothing for it (the finding may be stale).
    if (parsePackageJson(data.pkg, text).deps.has(data.name)) return [];
  } catch {
    return [];
  }
  if (!canSetString(text, ['dependencies', data.name])) return [];
  const rel = toPosix(path.relative(ctx.workspace.root, data.pkg)) || 'package.json';
  return [
    {
      title: `Add ${data.name}@${data.range} to dependencies in ${rel}`,
      preferred: true,
      edits: [setDependencyEdit(data.pkg, text, 'dependencies', data.name, data.range)],
    },
  ];
}

export const devDependencyInProduction = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'dependencies',
    severity: 'warning',
    description:
      "Production code imports (or names as a pino transport) a package declared only in devDependencies, its own or the workspace root's, or only as a Python development requirement.",
    why: 'Dependencies are declared exactly (factor II): a production install (`npm ci --omit=dev`) leaves devDependencies out, so the app fails where it is deployed. Move the package to the dependencies of the package that loads it, use a dev-only tool (a pino transport, ts-node) only in development, or compile at build time.',
    fixable: true,
    messages: {
      devOnly: "'{{name}}' is only in devDependencies, but {{file}} loads it at run time.",
      devOnlyTransport: "'{{name}}' is only in devDependencies, but {{file}} loads it as a pino transport target.",
      rootDevOnly: "'{{name}}' is only in the workspace root's devDependencies, but {{file}} loads it at run time.",
      rootDevOnlyTransport:
        "'{{name}}' is only in the workspace root's devDependencies, but {{file}} loads it as a pino transport target.",
      processRunsDev: "The {{process}} process runs '{{name}}', which is only in devDependencies.",
      pyDevOnly:
        "'{{name}}' ({{dist}}) is only a development requirement ({{where}}), but this file imports it at run time.",
    },
  },
  sources: [devDependencyInProductionJs, devDependencyInProductionPy],
  uses: [ELIDED_IMPORTS],
  checkProject,
  appliesTo: (ctx) =>
    (!!ctx.project.python?.sources.length && !!ctx.project.python.dependencies.some(isDevDependency)) ||
    (!!ctx.project.pkg &&
      ctx.project.sources.length > 0 &&
      (keysOf(ctx.project.pkg.data.devDependencies).length > 0 ||
        rootOnlyDev(ctx.project.pkg, ctx.project.parent?.pkg).size > 0)),
  fixes,
});
