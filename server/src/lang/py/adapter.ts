// The Python language adapter: parses a `.py` file with @lezer/python, takes the facts every file gets (imports,
// env reads) and the process graph, and runs the rules' Python checks (`pyCheck`; none yet). Pure: text in, analysis
// out.
// `.pyi` stubs are not sources: they declare types and never run.
import { emptyFacts, type FactDef } from '../../core/facts';
import type { Finding, Range } from '../../core/types';
import { sourceHooks, type AnalysisRequest, type LanguageAdapter, type SourceAnalysis } from '../../core/language';
import { isExamplePath, isTestPath, sourceLanguage } from '../../core/paths';
import { ruleFailureMessage } from '../../core/ruleFailure';
import { LineIndex } from '../../util/text';
import { PROCESS_GRAPH } from '../../facts/processGraph';
import { MIGRATION_SITES, PACKAGE_CALLS } from '../../facts/migrations';
import { pyMigrationSites, pyStartupCalls } from './migrationSites';
import { PORT_BINDINGS } from '../../facts/ports';
import { CONSOLE_USE } from '../../facts/console';
import { parsePython } from './parse';
import { indexTree, type PyIndex } from './syntax';
import { pyFacts } from './facts';
import { pyProcessGraph } from './processGraph';
import { pyPortBindings } from './ports';
import { pyConsoleUse } from './console';
import { pyCommentsAt } from './comments';
import { PY, type PyFileContext, type PySourceContext } from './context';

/** The engine facts this adapter produces, by fact id (the others are not extracted from Python yet). */
const EXTRACTORS: ReadonlyMap<string, (text: string, idx: PyIndex) => unknown> = new Map<
  string,
  (text: string, idx: PyIndex) => unknown
>([
  [PROCESS_GRAPH.id, pyProcessGraph],
  [MIGRATION_SITES.id, pyMigrationSites],
  [PACKAGE_CALLS.id, pyStartupCalls],
  [PORT_BINDINGS.id, pyPortBindings],
  [CONSOLE_USE.id, pyConsoleUse],
]);

function analyze({ path, rel, text, hash, checks, facts, logger }: AnalysisRequest): SourceAnalysis {
  const parsed = parsePython(text);
  if (!parsed.tree)
    return {
      path,
      hash,
      facts: emptyFacts(),
      findings: [],
      parsed: false,
      syntaxErrors: 0,
      ruleFailures: 0,
      skipped: parsed.skipped,
    };
  const tree = parsed.tree;
  const idx = indexTree(tree);
  const lines = new LineIndex(text);
  const fileFacts = pyFacts(text, idx, lines);
  let ruleFailures = 0;
  for (const f of facts) {
    const extract = EXTRACTORS.get(f.id);
    if (!extract) continue;
    try {
      const value = extract(text, idx);
      if (value !== undefined) fileFacts.values[f.id] = value;
    } catch (e) {
      ruleFailures++;
      logger?.error(ruleFailureMessage(f.id, 'failed', rel, e));
    }
  }
  const findings: Finding[] = [];
  const rangeOf = (n: { from: number; to: number }) => lines.range(n.from, n.to);
  const base: PyFileContext = {
    path,
    rel,
    text,
    facts: fileFacts,
    isTest: isTestPath(rel),
    isExample: isExamplePath(rel),
    tree,
    index: idx,
    rangeOf,
  };
  for (const { rule, check, options } of checks) {
    const hooks = sourceHooks(rule, options, path, fileFacts, findings);
    const ctx: PySourceContext = {
      ...base,
      ...hooks,
      report: (at, message, opts) => hooks.report('type' in at ? rangeOf(at) : (at as Range), message, opts),
    };
    try {
      (check.run as (ctx: PySourceContext) => void)(ctx);
    } catch (e) {
      // One broken rule must not take the file's other findings (or the server) down with it.
      ruleFailures++;
      logger?.error(ruleFailureMessage(rule.meta.id, 'failed', rel, e));
    }
  }
  return { path, hash, facts: fileFacts, findings, parsed: true, syntaxErrors: idx.errors, ruleFailures };
}

export const pyAdapter: LanguageAdapter = {
  id: PY,
  handles: (path: string) => sourceLanguage(path) === PY,
  extracts: (def: FactDef<unknown>) => EXTRACTORS.has(def.id),
  analyze,
  commentsAt: pyCommentsAt,
  lineComment: '#',
};
