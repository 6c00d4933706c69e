// build-release-run/code-fetch-at-runtime in Python: programs the app code runs that fetch code (`subprocess.run(["git",
// "pull"])`, `os.system("curl … | sh")`), recorded for the project half as the JS check does. A command line built
// from values keeps its fixed words: `["git", "clone", REPO, str(target)]` with `REPO` a module-level string is a
// fixed source; a URL only known at run time (a user's repository) is a feature, not a fetch of the app's code.
import { pyCheck } from '../../context';
import type { SyntaxNode } from '../../parse';
import { callArgs, childrenOf, stringValue } from '../../syntax';
import { pyProcessRuns } from '../../childProcess';
import { assignParts, isModuleLevel } from '../../values';
import { isPyAppCode } from '../appFiles';
import { fetchesIn, fixedSourceFetches } from '../../../../platform/codeFetches';
import { shellQuote } from '../../../../platform/shell';
import { FETCHES, type FetchFact } from '../../../../facts/build-release-run';

/** A word whose value is only known when the code runs. */
const UNKNOWN = '__tf_unknown__';

export const codeFetchAtRuntimePy = pyCheck<never>({
  trigger: /\b(git|svn|hg|curl|wget)\b/,
  check(ctx) {
    if (!isPyAppCode(ctx)) return;
    const text = ctx.text;
    // Module-level names bound once to a string: `REPO = "https://…/selectors.git"`.
    let constants: Map<string, string | undefined> | undefined;
    const constant = (name: string): string | undefined => {
      if (!constants) {
        constants = new Map();
        for (const a of ctx.index.assignments) {
          if (!isModuleLevel(a)) continue;
          const parts = assignParts(a);
          const t = parts?.targets.length === 1 ? parts.targets[0] : undefined;
          if (t?.name !== 'VariableName') continue;
          const key = text.slice(t.from, t.to);
          constants.set(key, constants.has(key) ? undefined : stringValue(text, parts!.value));
        }
      }
      return constants.get(name);
    };
    const word = (n: SyntaxNode): string => {
      const v = stringValue(text, n);
      if (v !== undefined) return v;
      return (n.name === 'VariableName' && constant(text.slice(n.from, n.to))) || UNKNOWN;
    };
    const found: FetchFact[] = [];
    for (const run of pyProcessRuns(text, ctx.index)) {
      const arg = callArgs(text, run.call).positional[0];
      let fetches: string[] = [];
      if (arg && (arg.name === 'ArrayExpression' || arg.name === 'TupleExpression')) {
        const words = childrenOf(arg)
          .filter((k) => !/^[[\](),]$/.test(k.name))
          .map(word);
        fetches = fixedSourceFetches(words.map(shellQuote).join(' '), UNKNOWN);
      } else {
        const line = arg && stringValue(text, arg);
        if (line !== undefined) fetches = fetchesIn(line);
      }
      if (fetches.length) found.push({ command: fetches[0], range: ctx.rangeOf(run.call) });
    }
    if (found.length) ctx.record(FETCHES, found);
  },
});
