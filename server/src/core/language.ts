// The contract between the engine and a language adapter (lang/js, lang/py): the adapter parses one source file,
// extracts the facts asked for and runs the rules' checks written for its language. Pure: text in, analysis out.
import type { FactDef, SourceFacts } from './facts';
import type { Finding, Logger, Rule, SourceCheck, SourceHooks } from './types';
import { formatMessage } from './messages';
import type { RuleOptions } from './options';
import type { TextSpan } from '../util/types';

export interface SourceAnalysis {
  path: string;
  hash: string;
  facts: SourceFacts;
  findings: Finding[];
  /** Whether a full syntax tree was built (false when the textual pre-check ruled every check out). */
  parsed: boolean;
  /** Parse diagnostics are not fatal; parsers recover. Kept for the output channel. */
  syntaxErrors: number;
  /** Checks or extractors that threw on this file (each logged in one line; the others' findings are kept). */
  ruleFailures: number;
  /** Why no check ran on a file that needed them (imports still come from the pre-scan), for the output channel. */
  skipped?: string;
}

export interface AnalysisRequest {
  path: string;
  /** Workspace-relative, `/` separators. */
  rel: string;
  text: string;
  hash: string;
  /** The running rules' checks for this adapter's language whose trigger matched the text, with the rules' options. */
  checks: readonly { rule: Rule; check: SourceCheck; options: RuleOptions }[];
  /** The engine facts to extract: the core ones and those the running rules `use`. */
  facts: readonly FactDef<unknown>[];
  logger?: Logger;
  /** A document being edited: the adapter may keep its tree for the next re-parse (incremental parsing). */
  editing?: boolean;
}

export interface LanguageAdapter {
  /** Matches `SourceCheck.language`. */
  readonly id: string;
  /** Whether a source file (by path) is this language's. */
  handles(path: string): boolean;
  /** Whether the adapter can produce an engine fact (test/unit/facts: every engine fact has an extractor). */
  extracts(def: FactDef<unknown>): boolean;
  analyze(request: AnalysisRequest): SourceAnalysis;
  /**
   * The comments (delimiters included) that contain one of the offsets, in the language's own syntax: a `//` inside
   * a string is no comment. Suppression directives are read from these (engine/suppress.ts).
   */
  commentsAt(path: string, text: string, offsets: readonly number[]): TextSpan[];
  /** What opens a line comment in the language (`//`, `#`): the disable-line fix writes its directive after it. */
  readonly lineComment: '//' | '#';
}

/**
 * The language-neutral half of a check's context: reports become findings in `findings`; a rule records only its
 * own facts and reads only the engine facts it declared in `uses` (test/unit/rule-isolation relies on both).
 */
export function sourceHooks(
  rule: Rule,
  options: RuleOptions,
  path: string,
  facts: SourceFacts,
  findings: Finding[],
): SourceHooks {
  const id = rule.meta.id;
  const uses = new Set((rule.uses ?? []).map((d) => d.id));
  return {
    options,
    report(range, message, options) {
      findings.push({
        ruleId: id,
        path,
        range,
        message: formatMessage(rule.meta, message),
        messageId: message.messageId,
        severity: options?.severity ?? rule.meta.severity,
        data: options?.data,
      });
    },
    record(def, value) {
      if (def.owner !== id) throw new Error(`${id} may only record its own facts, not ${def.id}`);
      facts.values[def.id] = value;
    },
    fact(def) {
      if (def.owner !== undefined ? def.owner !== id : !def.core && !uses.has(def.id))
        throw new Error(`${id} reads ${def.id} without declaring it in uses`);
      return facts.values[def.id] as never;
    },
  };
}
