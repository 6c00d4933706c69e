// build-release-run/code-fetch-at-runtime in JS/TS: child processes the code runs that fetch code (git pull/clone,
// curl | sh), recorded for the project half, which leaves out tooling files.
import { jsCheck } from '../../context';
import { DYNAMIC, PROCESS_TRIGGER, fullCommandLine, processCalls } from '../../childProcess';
import { allCommands, parseShell, positionalArgs, shellQuote, type ShellCommand } from '../../../../platform/shell';
import { codeFetches, fetchesIn } from '../../../../platform/codeFetches';
import { FETCHES, type FetchFact } from '../../../../facts/build-release-run';

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

export const codeFetchAtRuntimeJs = jsCheck<never>({
  trigger: PROCESS_TRIGGER,
  check(ctx) {
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
  },
});
