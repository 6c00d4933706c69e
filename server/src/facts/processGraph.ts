// What the process model needs from a source file: whether it starts a server or a consumer, and which imported
// functions it calls. The engine's own fact, extracted from every file whichever rules run (model/processes.ts).
import { defineFact, factOf, type SourceFacts } from '../core/facts';

export interface GraphFact {
  server?: true;
  worker?: true;
  calls?: string[];
}

export const PROCESS_GRAPH = defineFact<GraphFact>('process-graph', 1, { core: true });

export function startsServer(facts: SourceFacts | undefined): boolean {
  return factOf(facts, PROCESS_GRAPH)?.server === true;
}

export function startsWorker(facts: SourceFacts | undefined): boolean {
  return factOf(facts, PROCESS_GRAPH)?.worker === true;
}

export function calledImports(facts: SourceFacts | undefined): string[] {
  return factOf(facts, PROCESS_GRAPH)?.calls ?? [];
}
