// Pure per-file analysis: text in, facts and findings out. No I/O, so results can be cached by content hash.
import * as ts from 'typescript';
import type { ExtractContext, Finding, Logger, Range, Rule, SourceContext } from '../core/types';
import { buildNodeIndex, MAX_TREE_DEPTH, type NodeIndex } from '../lang/js/nodeIndex';
import { factsFromPreprocess, factsFromTree, type FactDef, type SourceFacts } from '../core/facts';
import { isExamplePath, isTestPath } from '../core/paths';
import { LineIndex } from '../util/text';
import { ruleFailureMessage } from './ruleFailure';
import { formatMessage } from '../core/messages';

export interface SourceAnalysis {
  path: string;
  hash: string;
  facts: SourceFacts;
  findings: Finding[];
  /** Whether a full syntax tree was built (false when the textual pre-check ruled every rule out). */
  parsed: boolean;
  /** Parse diagnostics are not fatal; TypeScript recovers. Kept for the output channel. */
  syntaxErrors: number;
  /** Rules that threw on this file (each logged in one line; the other rules' findings are kept). */
  ruleFailures: number;
  /** Why no rule ran on a file that needed them (imports still come from the pre-scan), for the output channel. */
  skipped?: string;
}

function scriptKind(path: string): ts.ScriptKind {
  if (/\.tsx$/.test(path)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(path)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(path)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

/** Files whose imports come from the tree (kind, type-only), whichever rules run: preProcessFile can't tell those. */
const IMPORTS_TRIGGER = /\bimport\b|\brequire\s*\(/;

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
): SourceAnalysis {
  const sourceRules = rules.filter((r) => r.checkSource && (!r.trigger || r.trigger.test(text)));
  const extractors = facts.filter((f) => f.extract && f.trigger?.(text));
  // Without a tree: imports from preProcessFile, no findings; `skipped` says why when the file needed a tree.
  const unparsed = (skipped?: string): SourceAnalysis => ({
    path,
    hash,
    facts: factsFromPreprocess(text),
    findings: [],
    parsed: false,
    syntaxErrors: 0,
    ruleFailures: 0,
    ...(skipped ? { skipped } : {}),
  });
  // `import type` needs a tree to be told apart; everything else about imports preProcessFile can tell.
  if (
    sourceRules.length === 0 &&
    extractors.length === 0 &&
    !IMPORTS_TRIGGER.test(text) &&
    !text.includes('import type') &&
    !text.includes('type {')
  ) {
    return unparsed();
  }
  const lines = new LineIndex(text);
  let sf: ts.SourceFile;
  let index: NodeIndex;
  let fileFacts: SourceFacts;
  let rangeOf: (n: ts.Node) => Range;
  const tooDeep = () => unparsed(`nested more than ${MAX_TREE_DEPTH} levels deep`);
  try {
    sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
    const tree = sf;
    rangeOf = (n) => lines.range(n.getStart(tree), n.getEnd());
    index = buildNodeIndex(sf);
    if (index.tooDeep) return tooDeep();
    fileFacts = factsFromTree(sf, index, rangeOf);
  } catch (e) {
    // TypeScript's parser recurses per nesting level and runs out of stack first on `((((…))))` or `[[[[…]]]]`.
    if (e instanceof RangeError) return tooDeep();
    throw e;
  }
  const findings: Finding[] = [];
  const isTest = isTestPath(rel);
  const isExample = isExamplePath(rel);
  let ruleFailures = 0;
  const base: ExtractContext = { path, rel, text, sourceFile: sf, index, facts: fileFacts, isTest, isExample, rangeOf };
  for (const def of extractors) {
    try {
      const value = def.extract!(base);
      if (value !== undefined) fileFacts.values[def.id] = value;
    } catch (e) {
      ruleFailures++;
      logger?.error(ruleFailureMessage(def.id, 'failed', rel, e));
    }
  }
  for (const rule of sourceRules) {
    const id = rule.meta.id;
    const uses = new Set((rule.uses ?? []).map((d) => d.id));
    const ctx: SourceContext = {
      ...base,
      report(at, message, options) {
        const range = 'kind' in at ? rangeOf(at as ts.Node) : (at as Range);
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
        fileFacts.values[def.id] = value;
      },
      fact(def) {
        if (def.owner !== undefined ? def.owner !== id : !def.core && !uses.has(def.id))
          throw new Error(`${id} reads ${def.id} without declaring it in uses`);
        return fileFacts.values[def.id] as never;
      },
    };
    try {
      rule.checkSource!(ctx);
    } catch (e) {
      // One broken rule must not take the file's other findings (or the server) down with it.
      ruleFailures++;
      logger?.error(ruleFailureMessage(rule.meta.id, 'failed', rel, e));
    }
  }
  const syntaxErrors = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
  return { path, hash, facts: fileFacts, findings, parsed: true, syntaxErrors, ruleFailures };
}
