// Pure per-file analysis: text in, facts and findings out. No I/O, so results can be cached by content hash.
import * as ts from 'typescript';
import type { Finding, Logger, Range, Rule, SourceContext } from './types';
import { buildNodeIndex, MAX_TREE_DEPTH, type NodeIndex } from './nodeIndex';
import { factsFromPreprocess, factsFromTree, type SourceFacts } from './facts';
import { isExamplePath, isTestPath } from './paths';
import { LineIndex } from '../util/text';
import { ruleFailureMessage } from './ruleFailure';

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

export function analyzeSource(path: string, rel: string, text: string, hash: string, rules: readonly Rule[], logger?: Logger): SourceAnalysis {
  const sourceRules = rules.filter((r) => r.checkSource && (!r.trigger || r.trigger.test(text)));
  // `import type` needs a tree to be told apart; everything else about imports preProcessFile can tell.
  if (sourceRules.length === 0 && !text.includes('import type') && !text.includes('type {')) {
    return { path, hash, facts: factsFromPreprocess(text), findings: [], parsed: false, syntaxErrors: 0, ruleFailures: 0 };
  }
  const lines = new LineIndex(text);
  let sf: ts.SourceFile;
  let index: NodeIndex;
  let facts: SourceFacts;
  let rangeOf: (n: ts.Node) => Range;
  const tooDeep = (): SourceAnalysis => ({ path, hash, facts: factsFromPreprocess(text), findings: [], parsed: false, syntaxErrors: 0, ruleFailures: 0, skipped: `nested more than ${MAX_TREE_DEPTH} levels deep` });
  try {
    sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
    const tree = sf;
    rangeOf = (n) => lines.range(n.getStart(tree), n.getEnd());
    index = buildNodeIndex(sf);
    if (index.tooDeep) return tooDeep();
    facts = factsFromTree(sf, index, rangeOf);
  } catch (e) {
    // TypeScript's parser recurses per nesting level and runs out of stack first on `((((…))))` or `[[[[…]]]]`.
    if (e instanceof RangeError) return tooDeep();
    throw e;
  }
  const findings: Finding[] = [];
  const isTest = isTestPath(rel);
  const isExample = isExamplePath(rel);
  let ruleFailures = 0;
  for (const rule of sourceRules) {
    const ctx: SourceContext = {
      path, rel, text, sourceFile: sf, index, facts, isTest, isExample, rangeOf,
      report(at, message, options) {
        const range = 'kind' in at ? rangeOf(at as ts.Node) : (at as Range);
        findings.push({ ruleId: rule.meta.id, path, range, message, severity: options?.severity ?? rule.meta.severity, data: options?.data });
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
  return { path, hash, facts, findings, parsed: true, syntaxErrors, ruleFailures };
}
