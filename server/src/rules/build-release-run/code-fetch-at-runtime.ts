// build-release-run/code-fetch-at-runtime: code pulled in while the app runs (git pull at start, curl | sh),
// so what runs is not the release that was built and tested.
import * as path from 'path';
import { defineRule, type ProjectContext } from '../../core/types';
import { parseShell } from '../../platform/shell';
import { fetchesIn } from '../../platform/codeFetches';
import { isToolingPath, toolingScriptFiles } from '../../detect/sourceRole';
import { commandRange, describe, runtimeSites, START_SITE_INPUTS } from '../../model/startSites';
import { clip, toPosix } from '../../util/text';
import { FETCHES } from '../../facts/build-release-run';
import { codeFetchAtRuntimeJs } from '../../lang/js/checks/build-release-run/code-fetch-at-runtime';
import { codeFetchAtRuntimePy } from '../../lang/py/checks/build-release-run/code-fetch-at-runtime';
import { sourceLanguage } from '../../core/paths';

const ID = 'build-release-run/code-fetch-at-runtime';

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  for (const site of runtimeSites(project, ctx.workspace.root, ctx.read)) {
    const fetches = fetchesIn(site.command);
    if (!fetches.length) continue;
    const top = parseShell(site.command).find((c) => fetches[0].startsWith(c.text));
    const where = describe(site);
    ctx.report(site.path, top ? commandRange(site, top, ctx.read(site.path)) : site.range, {
      messageId: 'atStart',
      data: { where: `${where[0].toUpperCase()}${where.slice(1)}`, command: clip(fetches[0]) },
    });
  }
  const toolingFiles = toolingScriptFiles(project.pkg?.scripts ?? {}, project.root);
  // Python files are not in `sources` (lang/py/checks skip tooling by the file's own place).
  const python = project.files.filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py').map((f) => f.path);
  for (const src of [...project.sources, ...python]) {
    const found = ctx.fact(src, FETCHES);
    if (!found?.length || isToolingPath(toPosix(path.relative(project.root, src))) || toolingFiles.has(src)) continue;
    for (const f of found) {
      ctx.report(src, f.range, { messageId: 'whileRunning', data: { command: clip(f.command) } });
    }
  }
}

export const codeFetchAtRuntime = defineRule({
  meta: {
    id: ID,
    inputs: [...START_SITE_INPUTS, 'source'],
    factor: 'build-release-run',
    severity: 'warning',
    description: 'git pull/clone or curl … | sh in start scripts, Procfile, Dockerfile CMD or in code run by the app.',
    why: 'A release is an immutable build plus config (factor V): code fetched at run time is not what was built and tested. Fetch code in the build stage and ship it in the release.',
    messages: {
      atStart: "{{where}} fetches code when the app starts ('{{command}}').",
      whileRunning: "The app fetches code while it runs ('{{command}}').",
    },
  },
  sources: [codeFetchAtRuntimeJs, codeFetchAtRuntimePy],
  checkProject,
  appliesTo: (ctx) =>
    runtimeSites(ctx.project, ctx.workspace.root, ctx.read).length > 0 ||
    ctx.project.sources.some((s) => !!ctx.fact(s, FETCHES)),
});
