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

/** Segments in the longest key of the tables: an import's later segments never decide its distribution. */
const MAX_SEGMENTS = Math.max(
  ...[...Object.keys(IMPORT_DISTRIBUTIONS), ...Object.keys(NAMESPACE_PREFIXES)].map((k) => k.split('.').length),
);

/** The longest dotted prefix of `module` (itself included, up to MAX_SEGMENTS segments) that `has` accepts. */
function longestPrefix(module: string, has: (key: string) => boolean): string | undefined {
  const ends: number[] = [];
  for (let dot = module.indexOf('.'); dot >= 0 && ends.length < MAX_SEGMENTS; dot = module.indexOf('.', dot + 1))
    ends.push(dot);
  if (ends.length < MAX_SEGMENTS) ends.push(module.length);
  for (let i = ends.length - 1; i >= 0; i--) {
    const key = module.slice(0, ends[i]);
    if (has(key)) return key;
  }
  return undefined;
}

/**
 * Which distributions provide an import. `module` is the dotted path imported (`yaml`, `google.cloud.storage`); for
 * `from google.cloud import storage` pass `google.cloud.storage`, since the namespace alone says less. Relative
 * imports (`.models`) are the project's own: give none.
 */
export function distributionsForImport(module: string): ImportDistributions {
  const dot = module.indexOf('.');
  const top = dot < 0 ? module : module.slice(0, dot);
  const ns = longestPrefix(module, (k) => k in NAMESPACES);
  const namespacePrefix = ns === undefined ? undefined : NAMESPACES[ns];
  const key = longestPrefix(module, (k) => k in TABLE);
  const result = (distributions: string[], known: boolean): ImportDistributions =>
    namespacePrefix === undefined ? { distributions, known } : { distributions, known, namespacePrefix };
  if (key !== undefined) return result([...TABLE[key]], true);
  if (ns !== undefined) {
    // A guess from the path (`google.cloud.scheduler_v1` → google-cloud-scheduler): the namespace plus one segment.
    const rest = module.slice(ns.length + 1);
    const seg = rest.includes('.') ? rest.slice(0, rest.indexOf('.')) : rest;
    // Only on a plain identifier, where the first `_v<digit>` matches through to the end (linear).
    const next = /^\w+$/.test(seg) ? seg.replace(/_v\d\w*$/, '') : seg;
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
  const dot = module.indexOf('.');
  if (declared.has(normalizeDistName(dot < 0 ? module : module.slice(0, dot)))) return true;
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
