// Pure per-file analysis: text in, facts and findings out, by the language adapter the file's language has. No I/O,
// so results can be cached by content hash.
import type { Logger, Rule } from '../core/types';
import type { FactDef } from '../core/facts';
import type { LanguageAdapter, SourceAnalysis } from '../core/language';
import { jsAdapter } from '../lang/js/adapter';
import { pyAdapter } from '../lang/py/adapter';
import { resolveOptions, type RuleOptions } from '../core/options';

export type { SourceAnalysis };

/**
 * A persistent store of per-file analyses (the CLI's `--cache`). `key` covers everything the analysis depends on but
 * the file's path (which the store keys entries by): its text, the running rules and their options, the facts'
 * versions, the tool's version. Must not throw; may decline to store (a secret, a rule failure).
 */
export interface AnalysisCache {
  get(path: string, key: string): SourceAnalysis | undefined;
  set(path: string, key: string, analysis: SourceAnalysis): void;
}

/** The language adapters, the first that handles a file analysing it. */
export const ADAPTERS: readonly LanguageAdapter[] = [jsAdapter, pyAdapter];

/**
 * `facts`: the engine facts to extract (the core ones and those the running rules use). Rules only report and record
 * their own facts; whichever rules run, every file gets the same engine facts.
 */
export function analyzeSource(
  path: string,
  rel: string,
  text: string,
  hash: string,
  rules: readonly Rule[],
  logger?: Logger,
  facts: readonly FactDef<unknown>[] = [],
  optionsOf: (rule: Rule) => RuleOptions = (rule) => resolveOptions(rule.meta, undefined).options,
  editing = false,
): SourceAnalysis {
  // Each language's extensions are its adapter's (core/paths.ts sourceLanguage); a file none claims is JS's, as before.
  const adapter = ADAPTERS.find((a) => a.handles(path)) ?? jsAdapter;
  const checks = rules.flatMap((rule) =>
    (rule.sources ?? [])
      .filter((c) => c.language === adapter.id && (!c.trigger || c.trigger.test(text)))
      .map((check) => ({ rule, check, options: optionsOf(rule) })),
  );
  return adapter.analyze({ path, rel, text, hash, checks, facts, logger, editing });
}
