// Distribution names and import names. A distribution (what requirements and lockfiles name) is compared by its
// PEP 503 normalised name; an import (`import yaml`) maps to the distributions that provide it through the table of
// known mismatches (importNames.ts), namespace prefixes (`google.cloud.*`), and otherwise the default rule: the
// import's top-level name, normalised, is the distribution's.
import { IMPORT_DISTRIBUTIONS, NAMESPACE_PREFIXES } from './importNames';
import { lookupTable } from '../../util/table';

/** PEP 503: runs of `-`, `_` and `.` become one `-`, lower-cased (`Foo.Bar__baz` → `foo-bar-baz`). */
export function normalizeDistName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

const TABLE = lookupTable(
  Object.fromEntries(
    Object.entries(IMPORT_DISTRIBUTIONS).map(([k, v]) => [k, (typeof v === 'string' ? [v] : v).map(normalizeDistName)]),
  ),
);
const NAMESPACES = lookupTable(NAMESPACE_PREFIXES);

export interface ImportDistributions {
  /** Normalised distribution names that provide the import, the likeliest first (a fix adds the first). */
  distributions: string[];
  /** From the table of known mismatches, rather than the default rule or a namespace guess. */
  known: boolean;
  /** For a namespace package (`google.cloud.x`): any distribution whose normalised name starts with this provides it. */
  namespacePrefix?: string;
}

/** The longest dotted prefix of `module` (itself included) that `has` accepts. */
function longestPrefix(module: string, has: (key: string) => boolean): string | undefined {
  let key = module;
  for (;;) {
    if (has(key)) return key;
    const dot = key.lastIndexOf('.');
    if (dot < 0) return undefined;
    key = key.slice(0, dot);
  }
}

/**
 * Which distributions provide an import. `module` is the dotted path imported (`yaml`, `google.cloud.storage`); for
 * `from google.cloud import storage` pass `google.cloud.storage`, since the namespace alone says less. Relative
 * imports (`.models`) are the project's own: give none.
 */
export function distributionsForImport(module: string): ImportDistributions {
  const top = module.split('.')[0];
  const ns = longestPrefix(module, (k) => k in NAMESPACES);
  const namespacePrefix = ns === undefined ? undefined : NAMESPACES[ns];
  const key = longestPrefix(module, (k) => k in TABLE);
  const result = (distributions: string[], known: boolean): ImportDistributions =>
    namespacePrefix === undefined ? { distributions, known } : { distributions, known, namespacePrefix };
  if (key !== undefined) return result([...TABLE[key]], true);
  if (ns !== undefined) {
    // A guess from the path (`google.cloud.scheduler_v1` → google-cloud-scheduler): the namespace plus one segment.
    const next = module
      .slice(ns.length + 1)
      .split('.')[0]
      .replace(/_v\d\w*$/, '');
    if (next) return result([normalizeDistName(`${ns}.${next}`)], false);
  }
  return result([normalizeDistName(top)], false);
}

/**
 * Whether some declared distribution (normalised names) provides the import: a candidate from the table, the default
 * rule's name, or one under the import's namespace prefix. Leans to yes: a name the table does not know is not a
 * reason to call an import undeclared.
 */
export function importProvidedBy(module: string, declared: ReadonlySet<string>): boolean {
  const found = distributionsForImport(module);
  if (found.distributions.some((d) => declared.has(d))) return true;
  if (declared.has(normalizeDistName(module.split('.')[0]))) return true;
  const prefix = found.namespacePrefix;
  return prefix !== undefined && [...declared].some((d) => d.startsWith(prefix));
}

const BY_DISTRIBUTION = (() => {
  const out = new Map<string, string[]>();
  for (const [imp, dists] of Object.entries(TABLE)) for (const d of dists) out.set(d, [...(out.get(d) ?? []), imp]);
  return out;
})();

/**
 * The import names a distribution may provide: those the table knows (`pyyaml` → `yaml`), then the default rule's
 * guess, the normalised name with `-` as `_` (`requests` → `requests`), since a distribution in the table may still
 * provide its own name too (pymongo: `pymongo`, `bson`, `gridfs`).
 */
export function importNamesForDistribution(dist: string): string[] {
  const n = normalizeDistName(dist);
  const guess = n.replace(/-/g, '_');
  const known = BY_DISTRIBUTION.get(n) ?? [];
  return known.includes(guess) ? known : [...known, guess];
}
