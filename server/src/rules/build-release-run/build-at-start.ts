// build-release-run/build-at-start: the app is compiled or bundled when it starts instead of when it is built.
import * as path from 'path';
import {
  defineRule,
  type FileEdit,
  type Finding,
  type Fix,
  type FixContext,
  type ProjectContext,
} from '../../core/types';
import { allCommands, parseShell, removeCommands } from '../../platform/shell';
import { parseDockerfile } from '../../platform/dockerfile';
import { canSetString, parsePackageJson } from '../../ecosystem/npm/packageJson';
import { BUILD_SCRIPT, reportFirstCommand, currentSite, runtimeSites, START_SITE_INPUTS } from '../../model/startSites';
import { scriptInvocation } from '../../platform/command';
import { insertRunEdit, rewriteSite } from '../../fixes/startCommand';
import { isBuild } from './stageCommands';
import { formattingOf, setTopLevel } from '../../fixes/packageJson';
import { findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import { LineIndex, clip, diffEdit } from '../../util/text';

const ID = 'build-release-run/build-at-start';

function checkProject(ctx: ProjectContext): void {
  reportFirstCommand(ctx, isBuild, (where, command) => ({
    messageId: 'buildAtStart',
    data: { where, command: clip(command) },
  }));
}

/** Adds `scripts.build` to a package.json text. */
function addBuildScript(text: string, command: string): string {
  const tree = parseTree(text);
  if (tree && findNodeAtLocation(tree, ['scripts'])) {
    let out = text;
    for (const e of [
      ...modify(text, ['scripts', 'build'], command, {
        formattingOptions: formattingOf(text),
        getInsertionIndex: () => 0,
      }),
    ].sort((a, b) => b.offset - a.offset)) {
      out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
    }
    return out;
  }
  return setTopLevel(text, 'scripts', { build: command }, { after: ['main', 'version', 'name'] });
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const project = ctx.project;
  const found = currentSite(finding, ctx.read);
  if (!found || !project) return [];
  const { site, text } = found;
  const top = parseShell(site.command);
  const removed = top.filter(isBuild);
  if (!removed.length) return [];
  const rest = removeCommands(site.command, top, isBuild);
  if (rest === undefined) return [];
  const edit = rewriteSite(site, text, rest);
  if (!edit) return [];
  const shown = removed.map((c) => c.text).join(' && ');

  if (site.kind === 'docker') {
    const instructions = parseDockerfile(text);
    const buildsAtBuild = instructions.some(
      (i) => i.keyword === 'RUN' && allCommands(parseShell(i.exec ? i.exec.join(' ') : i.args)).some(isBuild),
    );
    if (!buildsAtBuild)
      edit.edits.push(
        insertRunEdit(
          { path: site.path, rel: path.basename(site.path), instructions },
          text,
          Number(site.key.split(':')[1]),
          shown,
        ),
      );
    return [{ title: `Run '${shown}' in a RUN step at image build time`, preferred: false, edits: [edit] }];
  }

  // Scripts and Procfile: the build goes to package.json's build script, which platforms run at build time.
  const pkgPath = project.pkg?.path;
  const pkgText = pkgPath ? ctx.read(pkgPath) : undefined;
  if (!pkgPath || pkgText === undefined) return [];
  let scripts: Record<string, string>;
  try {
    scripts = parsePackageJson(pkgPath, pkgText).scripts;
  } catch {
    return [];
  }
  const invoked = removed.map((c) => scriptInvocation(c));
  // `npm run build` of a script that does not exist fails today; moving it would only hide that.
  if (invoked.some((s) => s !== undefined && typeof scripts[s] !== 'string')) return [];
  if (!canSetString(pkgText, ['scripts', 'build'])) return []; // `"scripts": []` or a build "script" that is no string
  const callsBuildScript = invoked.every((s) => s !== undefined && BUILD_SCRIPT.test(s));
  const edits: FileEdit[] = [edit];
  const where = rest.trim() ? `from ${site.label}` : `(remove the ${site.key} script)`;
  let title: string;
  if (callsBuildScript || scripts.build?.trim() === shown) {
    title = `Remove '${shown}' ${where}; build before deploying`;
  } else if (typeof scripts.build !== 'string' && !invoked.some((s) => s !== undefined)) {
    if (site.kind === 'script') {
      // One package.json edit: rewrite the start command and add the build script, applied in memory.
      const rewritten = applyEdit(pkgText, edit);
      edits[0] = { path: pkgPath, edits: [diffEdit(pkgText, addBuildScript(rewritten, shown))] };
    } else {
      edits.push({ path: pkgPath, edits: [diffEdit(pkgText, addBuildScript(pkgText, shown))] });
    }
    title = `Move '${shown}' to a build script`;
    if (!rest.trim()) return []; // the build script would be the whole of it: nothing to keep here
  } else {
    return []; // a build script exists but does something else: which one is right needs a person
  }
  return [{ title, preferred: false, edits }];
}

function applyEdit(text: string, fe: FileEdit): string {
  const lines = LineIndex.of(text);
  const offset = (p: { line: number; character: number }) => lines.offset(p);
  let out = text;
  for (const e of [...fe.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

export const buildAtStart = defineRule({
  meta: {
    id: ID,
    inputs: [...START_SITE_INPUTS],
    factor: 'build-release-run',
    severity: 'warning',
    description:
      'The start script, Procfile or Dockerfile CMD compiles or bundles the app (tsc, webpack, next build, npm run build, …) at start-up.',
    why: 'Build, release and run are separate stages (factor V): a build at start-up means the release is not exactly what was tested, and every start is slow. Build once in the build stage (a build script or a Dockerfile RUN) and only run the output at start-up.',
    fixable: true,
    messages: {
      buildAtStart: "{{where}} runs '{{command}}' at start-up.",
    },
  },
  checkProject,
  appliesTo: (ctx) => runtimeSites(ctx.project, ctx.workspace.root, ctx.read).length > 0,
  fixes,
});
