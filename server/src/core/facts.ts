// Per-file facts that outlive the syntax tree: what project-level rules need to know about a source file.
import type { Range } from '../util/types';

export interface ImportFact {
  specifier: string;
  /** Range of the specifier as written: a JS string, quotes included; a Python dotted name (`..pkg.mod`). */
  range: Range;
  /** `import type`, `export type`, an import whose every binding is type-only, or Python's `if TYPE_CHECKING:`. */
  typeOnly: boolean;
  kind: 'import' | 'require' | 'dynamic' | 'export';
  /**
   * The names imported from the module, where one may itself be a module: Python's `from . import views` imports
   * `views.py`, so the module graph needs them (`*` for a star import). Absent in JS.
   */
  names?: string[];
  /** The code copes with the module missing: a Python import inside `try:` … `except ImportError:`. */
  optional?: true;
}

export interface EnvReadFact {
  name: string;
  range: Range;
  hasDefault: boolean;
}

export interface SourceFacts {
  imports: ImportFact[];
  envReads: EnvReadFact[];
  /** `declare module 'x'` names: not imports, and satisfy imports of `x`. */
  ambientModules: string[];
  /** Typed facts by FactDef id: read and written only through `factOf` and the contexts' `fact`/`record`. */
  values: Record<string, unknown>;
}

export function emptyFacts(): SourceFacts {
  return { imports: [], envReads: [], ambientModules: [], values: {} };
}

/**
 * A typed per-file fact. Either the engine produces it (each language adapter has an extractor for it, run when a
 * running rule `uses` it or it is `core`), or it is a rule's own (`owner`): the rule's source check records it for
 * its own checkProject, and no other rule may read or write it. The definition says nothing of any language.
 */
export interface FactDef<T> {
  readonly id: string;
  /** Bumped when the extractor's output changes, so a persistent cache keyed by it stays right. */
  readonly version: number;
  readonly owner?: string;
  /** Always extracted: the process model (which the engine itself reads) depends on it. */
  readonly core?: boolean;
  /** Type witness only. */
  readonly _type?: T;
}

const registry = new Map<string, FactDef<unknown>>();

function register<T>(def: FactDef<T>): FactDef<T> {
  if (registry.has(def.id)) throw new Error(`fact ${def.id} defined twice`);
  registry.set(def.id, def as FactDef<unknown>);
  return def;
}

/** A fact the engine extracts: each language adapter registers its extractor (lang/js/extractors.ts). */
export function defineFact<T>(id: string, version: number, opts: { core?: boolean } = {}): FactDef<T> {
  return register<T>({ id, version, core: opts.core });
}

/** A rule's own fact: its checkSource records it for its checkProject; no other rule sees it. */
export function ownFact<T>(ruleId: string, name: string, version = 1): FactDef<T> {
  return register<T>({ id: `${ruleId}/${name}`, version, owner: ruleId });
}

/** Every fact defined so far (rules' modules define theirs on load). */
export function allFacts(): FactDef<unknown>[] {
  return [...registry.values()];
}

export function factOf<T>(facts: SourceFacts | undefined, def: FactDef<T>): T | undefined {
  return facts?.values[def.id] as T | undefined;
}
