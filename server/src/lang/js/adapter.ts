// The JavaScript/TypeScript language adapter: parses a file with TypeScript's parser, builds the node index, takes
// the facts every file gets, runs the engine's JS extractors and the rules' JS checks. Pure: text in, analysis out.
import * as ts from 'typescript';
import type { Finding, Range } from '../../core/types';
import type { FactDef } from '../../core/facts';
import { sourceHooks, type AnalysisRequest, type LanguageAdapter, type SourceAnalysis } from '../../core/language';
import { isExamplePath, isTestPath, sourceLanguage } from '../../core/paths';
import { ruleFailureMessage } from '../../core/ruleFailure';
import { LineIndex } from '../../util/text';
import { JS, jsExtractor, type JsExtractContext, type JsExtractor, type JsSourceContext } from './context';
import { buildNodeIndex, MAX_TREE_DEPTH, type NodeIndex } from './nodeIndex';
import { factsFromPreprocess, factsFromTree } from './facts';
import { parseSource } from './parse';
import { PROCESS_GRAPH } from '../../facts/processGraph';
import { PORT_BINDINGS } from '../../facts/ports';
import { MIGRATION_SITES, PACKAGE_CALLS } from '../../facts/migrations';
import { ELIDED_IMPORTS } from '../../facts/elidedImports';
import { CONSOLE_USE } from '../../facts/console';
import { graphTrigger, processGraph } from './processGraph';
import { portBindings, PORT_TRIGGER } from './ports';
import { codeSites, MIGRATION_TRIGGER, packageCalls } from './migrationSites';
import { elidedImports } from './elidedImports';
import { consoleUse } from './console';
import { jsCommentsAt } from './comments';

/** The engine facts this adapter produces, by fact id. */
const EXTRACTORS: ReadonlyMap<string, JsExtractor> = new Map(
  [
    jsExtractor(PROCESS_GRAPH, graphTrigger, processGraph),
    jsExtractor(PORT_BINDINGS, PORT_TRIGGER, portBindings),
    jsExtractor(MIGRATION_SITES, MIGRATION_TRIGGER, codeSites),
    jsExtractor(PACKAGE_CALLS, MIGRATION_TRIGGER, packageCalls),
    jsExtractor(ELIDED_IMPORTS, /\bimport\b/, elidedImports),
    jsExtractor(CONSOLE_USE, /console/, consoleUse),
  ].map((x) => [x.fact.id, x as JsExtractor]),
);

/** Files whose imports come from the tree (kind, type-only), whichever rules run: preProcessFile can't tell those. */
const IMPORTS_TRIGGER = /\bimport\b|\brequire\s*\(/;

function analyze({ path, rel, text, hash, checks, facts, logger, editing }: AnalysisRequest): SourceAnalysis {
  const extractors = facts.flatMap((f) => {
    const x = EXTRACTORS.get(f.id);
    return x && x.trigger(text) ? [x] : [];
  });
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
    checks.length === 0 &&
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
  let fileFacts: ReturnType<typeof factsFromTree>;
  let rangeOf: (n: ts.Node) => Range;
  const tooDeep = () => unparsed(`nested more than ${MAX_TREE_DEPTH} levels deep`);
  try {
    sf = parseSource(path, text, editing);
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
  let ruleFailures = 0;
  const base: JsExtractContext = {
    path,
    rel,
    text,
    sourceFile: sf,
    index,
    facts: fileFacts,
    isTest: isTestPath(rel),
    isExample: isExamplePath(rel),
    rangeOf,
  };
  for (const x of extractors) {
    try {
      const value = x.extract(base);
      if (value !== undefined) fileFacts.values[x.fact.id] = value;
    } catch (e) {
      ruleFailures++;
      logger?.error(ruleFailureMessage(x.fact.id, 'failed', rel, e));
    }
  }
  for (const { rule, check, options } of checks) {
    const hooks = sourceHooks(rule, options, path, fileFacts, findings);
    const ctx: JsSourceContext = {
      ...base,
      ...hooks,
      report: (at, message, options) =>
        hooks.report('kind' in at ? rangeOf(at as ts.Node) : (at as Range), message, options),
    };
    try {
      (check.run as (ctx: JsSourceContext) => void)(ctx);
    } catch (e) {
      // One broken rule must not take the file's other findings (or the server) down with it.
      ruleFailures++;
      logger?.error(ruleFailureMessage(rule.meta.id, 'failed', rel, e));
    }
  }
  const syntaxErrors = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
  return { path, hash, facts: fileFacts, findings, parsed: true, syntaxErrors, ruleFailures };
}

export const jsAdapter: LanguageAdapter = {
  id: JS,
  handles: (path: string) => sourceLanguage(path) === JS,
  extracts: (def: FactDef<unknown>) => EXTRACTORS.has(def.id),
  analyze,
  commentsAt: jsCommentsAt,
  lineComment: '//',
};
