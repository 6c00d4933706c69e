// build-release-run/code-fetch-at-runtime: code pulled in while the app runs (git pull at start, curl | sh),
// so what runs is not the release that was built and tested.
import { ownFact } from '../../core/facts';
import * as path from 'path';
import type { ProjectContext, Range, Rule, SourceContext } from '../../core/types';
import { DYNAMIC, PROCESS_TRIGGER, fullCommandLine, processCalls } from '../../lang/js/childProcess';
import { allCommands, parseShell, positionalArgs, shellQuote, type ShellCommand } from '../../platform/shell';
import { isToolingPath, toolingScriptFiles } from '../../detect/sourceRole';
import { commandRange, describe, runtimeSites, START_SITE_INPUTS } from '../../model/startSites';
import { codeFetches, substitutedDownload } from './stageCommands';
import { clip, toPosix } from '../../util/text';

const ID = 'build-release-run/code-fetch-at-runtime';

/** Code-fetching commands of a command line, `sh -c` bodies included; a download run through `$(…)` as well. */
export function fetchesIn(line: string): string[] {
  const out: string[] = [];
  const visit = (list: ShellCommand[], text: string) => {
    for (const c of codeFetches(list))
      out.push(c.after === '|' ? text.slice(c.start, list[list.indexOf(c) + 1].end) : c.text);
    for (const c of list) if (c.nested && c.nestedText !== undefined) visit(c.nested, c.nestedText);
  };
  visit(parseShell(line), line);
  if (!out.length) {
    const at = substitutedDownload(line);
    if (at !== undefined) {
      // Up to the first `&&`, `;` or `||`, blanks before it dropped (a `\s*` before the operator rescanned blank runs).
      const rest = line.slice(at);
      const op = rest.search(/&&|;|\|\|/);
      out.push(op < 0 ? rest : rest.slice(0, op).trimEnd());
    }
  }
  return out;
}

interface FetchFact {
  command: string;
  range: Range;
}
const FETCHES = ownFact<FetchFact[]>(ID, 'fetches');

/**
 * Fetches in a command line built from a template, where the source is fixed: `git clone https://…/presets.git
 * ${dir}`, `git -C ${dir} pull`. Not `git clone ${repoUrl}`: cloning what a user asked for is a feature.
 */
function fixedSourceFetches(template: string): string[] {
  const shown = (c: ShellCommand) => c.text.split(DYNAMIC).join('…');
  return codeFetches(allCommands(parseShell(template)))
    .filter((c) => {
      const [sub, source] = positionalArgs(c.args, [
        '-C',
        '-c',
        '--git-dir',
        '--work-tree',
        '--namespace',
        '--depth',
        '-b',
        '--branch',
      ]);
      if (c.program === 'curl' || c.program === 'wget') return !c.text.includes(DYNAMIC);
      if (/^(clone|checkout|co|export)$/.test(sub ?? '')) return !!source && !source.includes(DYNAMIC);
      return !(sub ?? '').includes(DYNAMIC); // git pull, git submodule update, svn update, hg pull
    })
    .map(shown);
}

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const found: FetchFact[] = [];
  for (const call of processCalls(ctx.sourceFile, ctx.index)) {
    const line = fullCommandLine(call);
    // spawn('git', ['clone', url, dir]) with a variable dir: its words, the unknown ones as placeholders.
    const template =
      call.template ??
      (call.mode === 'file' && call.program && call.args
        ? [call.program, ...call.args.map((a) => a ?? DYNAMIC)].map(shellQuote).join(' ')
        : undefined);
    const fetches = line !== undefined ? fetchesIn(line) : template !== undefined ? fixedSourceFetches(template) : [];
    if (fetches.length) found.push({ command: fetches[0], range: ctx.rangeOf(call.node) });
  }
  if (found.length) ctx.record(FETCHES, found);
}

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
  for (const src of project.sources) {
    const found = ctx.fact(src, FETCHES);
    if (!found?.length || isToolingPath(toPosix(path.relative(project.root, src))) || toolingFiles.has(src)) continue;
    for (const f of found) {
      ctx.report(src, f.range, { messageId: 'whileRunning', data: { command: clip(f.command) } });
    }
  }
}

export const codeFetchAtRuntime: Rule = {
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
  trigger: PROCESS_TRIGGER,
  checkSource,
  checkProject,
  appliesTo: (ctx) =>
    runtimeSites(ctx.project, ctx.workspace.root, ctx.read).length > 0 ||
    ctx.project.sources.some((s) => !!ctx.fact(s, FETCHES)),
};
