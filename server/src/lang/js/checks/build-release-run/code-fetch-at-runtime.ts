// build-release-run/code-fetch-at-runtime in JS/TS: child processes the code runs that fetch code (git pull/clone,
// curl | sh), recorded for the project half, which leaves out tooling files.
import { jsCheck } from '../../context';
import { DYNAMIC, PROCESS_TRIGGER, fullCommandLine, processCalls } from '../../childProcess';
import { shellQuote } from '../../../../platform/shell';
import { fetchesIn, fixedSourceFetches } from '../../../../platform/codeFetches';
import { FETCHES, type FetchFact } from '../../../../facts/build-release-run';

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
      const fetches =
        line !== undefined ? fetchesIn(line) : template !== undefined ? fixedSourceFetches(template, DYNAMIC) : [];
      if (fetches.length) found.push({ command: fetches[0], range: ctx.rangeOf(call.node) });
    }
    if (found.length) ctx.record(FETCHES, found);
  },
});
