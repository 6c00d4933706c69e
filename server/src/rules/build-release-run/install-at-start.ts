// build-release-run/install-at-start: dependencies installed when the app starts instead of when it is built.
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { allCommands, parseShell, positionalArgs, removeCommands, type ShellCommand } from '../../platform/shell';
import { parseDockerfile } from '../../platform/dockerfile';
import { reportFirstCommand, currentSite, runtimeSites, START_SITE_INPUTS } from '../../model/startSites';
import { insertRunEdit, rewriteSite } from '../../fixes/startCommand';
import { isBuild, isInstall } from './stageCommands';
import { codeFetches } from '../../platform/codeFetches';
import type { Lockfile } from '../../core/model';
import { clip } from '../../util/text';

const ID = 'build-release-run/install-at-start';

function checkProject(ctx: ProjectContext): void {
  reportFirstCommand(ctx, isInstall, (where, command) => ({
    messageId: 'installAtStart',
    data: { where, command: clip(command) },
  }));
}

/** Whether a command line still does build-stage work (then removing the install is not the whole fix). */
function stillMixed(command: string): boolean {
  const all = allCommands(parseShell(command));
  return all.some((c) => isInstall(c) || isBuild(c)) || codeFetches(all).length > 0;
}

/** The install to run at image build time instead: `npm ci` with a package-lock, keeping flags like --omit=dev. */
function buildTimeInstall(removed: ShellCommand, lock: Lockfile | undefined): string {
  const flags = removed.args.filter((a) => a.startsWith('-') && !/^(-g|--global)$/.test(a));
  const named = positionalArgs(removed.args).slice(1);
  if (removed.program === 'npm' && !named.length && lock?.kind === 'npm') return ['npm', 'ci', ...flags].join(' ');
  if (removed.program === 'yarn' && !named.length)
    return ['yarn', 'install', ...flags.filter((f) => f !== '--frozen-lockfile'), '--frozen-lockfile'].join(' ');
  if (removed.program === 'pnpm' && !named.length)
    return ['pnpm', 'install', ...flags.filter((f) => f !== '--frozen-lockfile'), '--frozen-lockfile'].join(' ');
  return removed.text;
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const found = currentSite(finding, ctx.read);
  if (!found) return [];
  const { site, text } = found;
  const top = parseShell(site.command);
  const removed = top.filter(isInstall);
  if (!removed.length) return []; // only inside `sh -c '…'` or already fixed
  const rest = removeCommands(site.command, top, isInstall);
  if (rest === undefined) return [];
  const edit = rewriteSite(site, text, rest);
  if (!edit) return [];
  const shown = removed.map((c) => c.text).join("' and '");
  const clean = !stillMixed(rest);
  if (site.kind === 'docker') {
    const instructions = parseDockerfile(text);
    const installsAtBuild = instructions.some(
      (i) => i.keyword === 'RUN' && allCommands(parseShell(i.exec ? i.exec.join(' ') : i.args)).some(isInstall),
    );
    if (!installsAtBuild) {
      const run = buildTimeInstall(removed[0], ctx.project?.lockfile);
      const cmdLine = Number(site.key.split(':')[1]);
      edit.edits.push(
        insertRunEdit({ path: site.path, rel: path.basename(site.path), instructions }, text, cmdLine, run),
      );
      return [{ title: `Move '${shown}' to a 'RUN ${run}' build step`, preferred: clean, edits: [edit] }];
    }
  }
  const title = rest.trim()
    ? `Remove '${shown}' from ${site.label}`
    : `Remove the ${site.key} script (it only installs)`;
  return [{ title, preferred: clean, edits: [edit] }];
}

export const installAtStart = defineRule({
  meta: {
    id: ID,
    inputs: [...START_SITE_INPUTS, 'lockfile'],
    factor: 'build-release-run',
    severity: 'warning',
    description:
      'The start script, Procfile or Dockerfile CMD installs dependencies (npm install, npm ci, yarn, pnpm install) at start-up.',
    why: 'Build, release and run are separate stages (factor V): installing at start-up can run other dependencies than were built and tested, and slows every start. Install once, in the build stage.',
    fixable: true,
    messages: {
      installAtStart: "{{where}} runs '{{command}}' every time the app starts.",
    },
  },
  checkProject,
  appliesTo: (ctx) => runtimeSites(ctx.project, ctx.workspace.root, ctx.read).length > 0,
  fixes,
});
