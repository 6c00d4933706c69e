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

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
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
  const data = finding.data as { lockfile?: string; lockDir?: string } | undefined;
  if (!data?.lockfile || !data.lockDir) return [];
  const command = INSTALL[data.lockfile] ?? 'npm install';
  return [runInTerminalFix(command, data.lockDir, `Run '${command}' to update ${data.lockfile}`)];
}

export const lockfileOutOfSync = defineRule({
  meta: {
    id: 'dependencies/lockfile-out-of-sync',
    inputs: ['lockfile', 'package-json'],
    factor: 'dependencies',
    severity: 'warning',
    description:
      'A dependency declared in package.json that the lockfile lacks or locks at a version outside the declared range.',
    why: 'Builds install exactly what the committed lockfile pins (factor II): out of sync with package.json, a frozen install (`npm ci`) fails and other installs resolve versions afresh. Run the install to update the lockfile and commit it.',
    fixable: true,
    messages: {
      missing: "'{{name}}' is declared in {{field}} but missing from {{lockfile}}, so `{{command}}` fails.",
      mismatch: `'{{name}}' is declared as "{{spec}}" but {{lockfile}} locks {{versions}}.`,
    },
  },
  checkProject,
  appliesTo: (ctx) => !!ctx.project.pkg && !!ctx.project.lockfile && ctx.project.pkg.deps.size > 0,
  fixes,
});
