// dependencies/lockfile-out-of-sync: package.json declares what the lockfile does not hold, so `npm ci` (or
// pnpm/yarn/bun's frozen install) fails
// or a deploy installs something other than what package.json says.
import * as path from 'path';
import * as semver from 'semver';
import {
  defineRule,
  type Finding,
  type Fix,
  type FixContext,
  type Message,
  type ProjectContext,
} from '../../core/types';
import type { DepInfo, Project } from '../../core/model';
import { runInTerminalFix } from '../../fixes/terminal';
import { importerVersions } from '../../ecosystem/npm/lockfile';
import { lookupTable } from '../../util/table';
import { classifySpec } from '../../ecosystem/npm/depSpec';
import { cutTail } from '../../util/linear';
import type { PythonDependency } from '../../core/model';
import { parseRequirements, resolveRequirements } from '../../ecosystem/python/requirements';
import { toPosix } from '../../util/text';
import { pythonLockOf } from './pyLockOf';
import { constraintAdmits } from '../../ecosystem/python/versions';

/**
 * The semver range a lockfile must satisfy for `spec`: a registry range, or an alias's (`npm:lodash@^4`, locked under
 * the alias name). Undefined for git, local, workspace and tarball specs and dist-tags, which no range describes.
 */
export function lockedRange(spec: string): string | undefined {
  const s = classifySpec(spec);
  const target = s.type === 'alias' ? s.target : s;
  return target.type === 'range' && semver.validRange(target.range, { loose: true }) !== null
    ? target.range
    : undefined;
}

/** Names forced by `overrides` (npm), `resolutions` (yarn) or `pnpm.overrides`: their locked versions differ on purpose. */
function overridden(project: Project): Set<string> {
  const names = new Set<string>();
  for (let p: Project | undefined = project; p; p = p.parent) {
    const d = p.pkg?.data;
    for (const keys of [d?.overrides, d?.resolutions, d?.pnpmOverrides]) {
      for (const key of keys ?? []) {
        // `lodash`, `**/lodash`, `foo>lodash`, `lodash@^3`, `@scope/x@1`
        const last = key.split(/\/(?=[^/]*$)|>/).pop() ?? key;
        const scoped = /(^|\/)(@[^/]+\/[^@/]+)/.exec(key)?.[2];
        names.add(cutTail(scoped ?? last, '@', true));
      }
    }
  }
  return names;
}

/** The package manager's reproducible install, which refuses a lockfile out of sync with package.json. */
const FROZEN: Record<string, string> = {
  npm: 'npm ci',
  pnpm: 'pnpm install --frozen-lockfile',
  yarn: 'yarn install --immutable',
  bun: 'bun install --frozen-lockfile',
};

// --- Python --------------------------------------------------------------------------------------------------------

/** Per lock format: the manifest tables it locks (by a dependency's `source`), its refusing install, its update. */
const PY_LOCKS: Record<string, { locks: (source: string) => boolean; install: string; update: string }> = lookupTable({
  uv: {
    // uv locks every extra and dependency group; Hatch environments and Poetry tables are not its.
    locks: (s: string) =>
      /^project\.dependencies$|^project\.optional-dependencies\.|^dependency-groups\.|^tool\.uv\.dev-dependencies$/.test(
        s,
      ),
    install: 'uv sync --locked',
    update: 'uv lock',
  },
  poetry: {
    locks: (s: string) =>
      /^tool\.poetry\.(dependencies|dev-dependencies|group\.[^.]+\.dependencies)$|^project\.dependencies$|^project\.optional-dependencies\./.test(
        s,
      ),
    install: 'poetry install',
    update: 'poetry lock',
  },
  // PDM can lock a subset of groups (`pdm lock -G`): only the main dependencies are certain to be in it.
  pdm: { locks: (s: string) => s === 'project.dependencies', install: 'pdm install --check', update: 'pdm lock' },
  pipenv: {
    locks: (s: string) => s === 'packages' || s === 'dev-packages',
    install: 'pipenv install --deploy',
    update: 'pipenv lock',
  },
});

/** Names a dependency may carry that no lock lists under that name: the project itself, workspace members. */
function pyLocalNames(ctx: ProjectContext): Set<string> {
  const out = new Set<string>();
  for (const p of ctx.workspace.projects) for (const n of p.python?.localNames ?? []) out.add(n);
  return out;
}

/**
 * Python: a dependency pyproject.toml (PEP 621, Poetry, uv groups) or a Pipfile declares that the lock (uv.lock,
 * poetry.lock, pdm.lock, Pipfile.lock; a uv workspace root's for a member) has no entry for; and a requirement of a
 * pip-tools `requirements.in` missing from the `requirements.txt` compiled from it. Registry requirements only (a path
 * or URL may be locked under another name); nothing when the lock could not be read.
 */
function checkPython(ctx: ProjectContext): void {
  const py = ctx.project.python!;
  const local = pyLocalNames(ctx);
  const ref = pythonLockOf(ctx.project, ctx.workspace, ctx.read);
  const kind = ref && PY_LOCKS[ref.lock.kind];
  if (ref && kind && !ref.lock.unreadable && ref.lock.names.size) {
    const lockName = path.basename(ref.lock.path);
    for (const dep of py.dependencies) {
      if (dep.kind !== 'registry' || !dep.source || !kind.locks(dep.source)) continue;
      if (local.has(dep.normalized)) continue;
      if (ref.lock.names.has(dep.normalized)) {
        const versions = outside(dep, ref.lock.versions?.get(dep.normalized));
        if (versions) reportPyMismatch(ctx, dep, versions, lockName, ref.lock.path, kind.update);
        continue;
      }
      reportPy(ctx, dep, 'pyMissing', lockName, ref.lock.path, kind.install, kind.update);
    }
  }
  checkCompiled(ctx, local);
}

/** Where pip-tools files sit: the project's root and its `requirements/` folder. */
function pipToolsFiles(ctx: ProjectContext, ext: RegExp): string[] {
  const root = ctx.project.root;
  return ctx.project.files
    .filter((f) => f.kind === 'python-manifest' && ext.test(f.path))
    .filter((f) => {
      const dir = path.dirname(f.path);
      return dir === root || (path.basename(dir) === 'requirements' && path.dirname(dir) === root);
    })
    .map((f) => f.path)
    .sort();
}

/**
 * pip-tools layouts: each `x.in` beside its compiled `x.txt`, and a requirements file compiled from pyproject.toml
 * (its header's command names it: `uv pip compile pyproject.toml -o requirements.txt`) against `[project]
 * dependencies`.
 */
function checkCompiled(ctx: ProjectContext, local: Set<string>): void {
  const pairs: { source: string; output: string; deps: () => PythonDependency[] }[] = [];
  for (const input of pipToolsFiles(ctx, /\.in$/i))
    pairs.push({
      source: input,
      output: input.replace(/\.in$/i, '.txt'),
      deps: () => resolveRequirements(input, ctx.read).requirements,
    });
  const pyproject = ctx.project.python?.manifests.find((m) => m.kind === 'pyproject')?.path;
  if (pyproject)
    for (const output of pipToolsFiles(ctx, /\.txt$/i)) {
      const header = (ctx.read(output) ?? '').slice(0, 600);
      if (!/^#.*\b(pip-compile|uv pip compile)\b.*\bpyproject\.toml\b/m.test(header)) continue;
      // Extras and groups are compiled only when asked for (`--extra`, `--all-extras`): the main list is certain.
      const deps = () =>
        ctx.project.python!.dependencies.filter((d) => d.file === pyproject && d.source === 'project.dependencies');
      pairs.push({ source: pyproject, output, deps });
    }
  const seen = new Set<string>();
  for (const { source, output, deps } of pairs) {
    const text = ctx.read(output);
    if (text === undefined) continue;
    const compiled = parseRequirements(text);
    if (!compiled.compiledShape) continue;
    const names = new Set(compiled.requirements.map((r) => r.normalized));
    const pins = new Map(
      compiled.requirements.map((r) => [r.normalized, r.pinned ? /^===?(.+)$/.exec(r.pep440 ?? '')?.[1] : undefined]),
    );
    const lockName = path.basename(output);
    // Run in the compiled file's folder (the fix's terminal opens there).
    const src = toPosix(path.relative(path.dirname(output), source));
    const sameName = source.endsWith('.in') && path.dirname(source) === path.dirname(output);
    const update = /autogenerated by uv\b/i.test(text.slice(0, 400))
      ? `uv pip compile ${src} -o ${lockName}`
      : `pip-compile ${src}${sameName ? '' : ` -o ${lockName}`}`;
    for (const dep of deps()) {
      // pip-compile resolves for the platform it runs on: a requirement with a marker may be left out on purpose.
      if (dep.kind !== 'registry' || dep.markers || local.has(dep.normalized)) continue;
      const key = `${dep.file}:${dep.range.start.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (names.has(dep.normalized)) {
        const pin = pins.get(dep.normalized);
        const versions = pin ? outside(dep, [pin]) : undefined;
        if (versions) reportPyMismatch(ctx, dep, versions, lockName, output, update);
        continue;
      }
      reportPy(ctx, dep, 'pyNotCompiled', lockName, output, '', update);
    }
  }
}

/**
 * The locked versions, when none satisfies the declared PEP 440 constraint; undefined when one does or the comparison
 * cannot be made (no constraint, an unreadable one, only prereleases or local versions locked).
 */
function outside(dep: PythonDependency, locked: readonly string[] | undefined): string | undefined {
  const finals = (locked ?? []).filter((v) => /^\d+(\.\d+)*(\.post\d+)?$/.test(v));
  if (!dep.pep440 || !finals.length) return undefined;
  const admits = finals.map((v) => constraintAdmits([dep.pep440!], v));
  return admits.every((a) => a === false) ? finals.join(', ') : undefined;
}

function reportPyMismatch(
  ctx: ProjectContext,
  dep: PythonDependency,
  versions: string,
  lockName: string,
  lockPath: string,
  update: string,
): void {
  ctx.report(
    dep.file,
    dep.range,
    { messageId: 'mismatch', data: { name: dep.name, spec: dep.specifier, lockfile: lockName, versions } },
    { data: { name: dep.name, lockfile: lockName, lockDir: path.dirname(lockPath), command: update } },
  );
}

function reportPy(
  ctx: ProjectContext,
  dep: PythonDependency,
  messageId: 'pyMissing' | 'pyNotCompiled',
  lockName: string,
  lockPath: string,
  install: string,
  update: string,
): void {
  // The finding sits in the manifest: its name is enough.
  const file = path.basename(dep.file);
  ctx.report(
    dep.file,
    dep.range,
    { messageId, data: { name: dep.name, file, lockfile: lockName, command: install } },
    { data: { name: dep.name, lockfile: lockName, lockDir: path.dirname(lockPath), command: update } },
  );
}

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  if (project.python) checkPython(ctx);
  const pkg = project.pkg;
  const lock = project.lockfile;
  // bun.lockb is binary; an empty map means the format could not be read, not that nothing is locked.
  if (!pkg || !lock || lock.versions.size === 0) return;
  const siblings = new Set(ctx.workspace.projects.map((p) => p.pkg?.name).filter((n): n is string => !!n));
  const forced = overridden(project);
  const lockName = path.basename(lock.path);
  // A workspace member's own entries: the merged map would let another member's version satisfy its range.
  const own = importerVersions(lock, project.root) ?? lock.versions;
  for (const dep of pkg.deps.values()) {
    if (dep.field === 'peerDependencies') continue; // not every package manager locks peers
    const range = lockedRange(dep.range);
    if (siblings.has(dep.name) || forced.has(dep.name) || range === undefined) continue;
    const locked = own.get(dep.name);
    if (!locked?.length) {
      // Optional dependencies can be absent for the platform the lockfile was made on.
      if (dep.field === 'optionalDependencies') continue;
      report(
        ctx,
        dep,
        {
          messageId: 'missing',
          data: { name: dep.name, field: dep.field, lockfile: lockName, command: FROZEN[lock.kind] ?? FROZEN.npm },
        },
        lockName,
      );
      continue;
    }
    const valid = locked.filter((v) => semver.valid(v, { loose: true }));
    if (!valid.length) continue;
    if (valid.some((v) => semver.satisfies(v, range, { loose: true }))) continue;
    report(
      ctx,
      dep,
      {
        messageId: 'mismatch',
        data: { name: dep.name, spec: dep.range, lockfile: lockName, versions: valid.join(', ') },
      },
      lockName,
    );
  }
}

function report(ctx: ProjectContext, dep: DepInfo, message: Message, lockName: string): void {
  ctx.report(ctx.project.pkg!.path, dep.valueRange, message, {
    data: { name: dep.name, lockfile: lockName, lockDir: path.dirname(ctx.project.lockfile!.path) },
  });
}

const INSTALL: Record<string, string> = lookupTable({
  'yarn.lock': 'yarn install',
  'pnpm-lock.yaml': 'pnpm install',
  'bun.lock': 'bun install',
  'bun.lockb': 'bun install',
});

function fixes(finding: Finding, _ctx: FixContext): Fix[] {
  const data = finding.data as { lockfile?: string; lockDir?: string; command?: string } | undefined;
  if (!data?.lockfile || !data.lockDir) return [];
  // Python findings carry their lock's update command.
  const command = data.command ?? INSTALL[data.lockfile] ?? 'npm install';
  return [runInTerminalFix(command, data.lockDir, `Run '${command}' to update ${data.lockfile}`)];
}

export const lockfileOutOfSync = defineRule({
  meta: {
    id: 'dependencies/lockfile-out-of-sync',
    inputs: ['lockfile', 'package-json', 'python-manifest', 'python-lock'],
    factor: 'dependencies',
    severity: 'warning',
    description:
      'A dependency declared in package.json (or a Python manifest) that the lockfile lacks or locks at a version outside the declared range.',
    why: 'Builds install exactly what the committed lockfile pins (factor II): out of sync with package.json, a frozen install (`npm ci`) fails and other installs resolve versions afresh. Run the install to update the lockfile and commit it.',
    fixable: true,
    messages: {
      missing: "'{{name}}' is declared in {{field}} but missing from {{lockfile}}, so `{{command}}` fails.",
      mismatch: `'{{name}}' is declared as "{{spec}}" but {{lockfile}} locks {{versions}}.`,
      pyMissing: "'{{name}}' is declared in {{file}} but {{lockfile}} has no entry for it, so `{{command}}` fails.",
      pyNotCompiled: "'{{name}}' is missing from {{lockfile}}, compiled from {{file}}: installs from it leave it out.",
    },
  },
  checkProject,
  appliesTo: (ctx) =>
    (!!ctx.project.pkg && !!ctx.project.lockfile && ctx.project.pkg.deps.size > 0) ||
    (!!ctx.project.python?.dependencies.length && !!pythonLockOf(ctx.project, ctx.workspace, ctx.read)),
  fixes,
});
