// Version constraints: Poetry's and Pipenv's syntaxes turned into PEP 440 specifiers, and whether two constraints on
// the Python interpreter can agree. PEP 440 matching is @renovatebot/pep440's (Renovate's port of `packaging`).
import { filter, satisfies, validRange } from '@renovatebot/pep440';

/**
 * Longest specifier handed to the PEP 440 library: real ones are a few dozen characters, and its version regex is
 * `packaging`'s, which is not made for megabytes of hostile text.
 */
const MAX_SPEC = 256;

/** Whether a PEP 440 specifier ('' = any version) is valid. */
export function validSpecifier(spec: string): boolean {
  return spec === '' || (spec.length <= MAX_SPEC && validRange(spec));
}

/** The numeric release of a version (`1.2.3b1` → [1, 2, 3]), or undefined when it does not start with one. */
function release(version: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(version);
  return m ? m[1].split('.').map(Number) : undefined;
}

/** Poetry's `^` (caret): `^1.2.3` → <2.0.0, `^0.2.3` → <0.3.0, `^0.0.3` → <0.0.4, `^0` → <1. */
function caretUpper(parts: number[]): string {
  const i = parts.findIndex((p) => p !== 0);
  const at = i < 0 ? parts.length - 1 : i;
  return [...parts.slice(0, at), parts[at] + 1].join('.');
}

/** Poetry's `~` (tilde): `~1.2.3` → <1.3.0, `~1.2` → <1.3, `~1` → <2. */
function tildeUpper(parts: number[]): string {
  const at = parts.length === 1 ? 0 : 1;
  return [...parts.slice(0, at), parts[at] + 1].join('.');
}

/** One Poetry clause (`^1.2`, `~1.2`, `1.2.*`, `>=1,<2`'s `>=1`, `1.2.3`) as PEP 440 clauses. */
function poetryClause(op: string, version: string): string | undefined {
  if (version === '*') return op === '' || op === '==' ? '' : undefined;
  if (op === '^' || op === '~') {
    const parts = release(version);
    if (!parts) return undefined;
    return `>=${version},<${op === '^' ? caretUpper(parts) : tildeUpper(parts)}`;
  }
  if (op === '' || op === '=') return `==${version}`;
  return `${op}${version}`;
}

const POETRY_CLAUSE = /(\^|~=|~|===|==|!=|>=|<=|>|<|=)?\s*([^\s,|<>=!~^]+)/g;

/**
 * A Poetry constraint as PEP 440 alternatives, any of which may hold (`^2.7 || ^3.6` → [`>=2.7,<3`, `>=3.6,<4`]);
 * [''] for any version (`*`, ''); undefined when a part is unreadable.
 */
export function poetryToPep440(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (trimmed.length > MAX_SPEC) return undefined;
  if (trimmed === '' || trimmed === '*') return [''];
  const out: string[] = [];
  for (const alt of trimmed.split(/\|\|?/)) {
    const clauses: string[] = [];
    let consumed = 0;
    POETRY_CLAUSE.lastIndex = 0;
    for (let m = POETRY_CLAUSE.exec(alt); m; m = POETRY_CLAUSE.exec(alt)) {
      if (alt.slice(consumed, m.index).replace(/[\s,]/g, '')) return undefined; // text no clause read
      consumed = m.index + m[0].length;
      const clause = poetryClause(m[1] ?? '', m[2]);
      if (clause === undefined) return undefined;
      if (clause) clauses.push(clause);
    }
    if (alt.slice(consumed).replace(/[\s,]/g, '')) return undefined;
    const spec = clauses.join(',');
    if (!validSpecifier(spec)) return undefined;
    out.push(spec);
  }
  return out.length ? out : undefined;
}

/** Whether a Poetry constraint fixes one version: `1.2.3`, `==1.2.3`, `=1.2.3` (not `1.2.*`, `^1.2`). */
export function poetryPinned(text: string): boolean {
  return /^(?:={1,3})?\s*\d[^\s,|*^~<>=!]*$/.test(text.trim());
}

/** A Pipfile version: `*` (any), a PEP 440 specifier, or a bare version, which pipenv reads as `==`. */
export function pipenvToPep440(text: string): string | undefined {
  const t = text.trim();
  if (t === '' || t === '*') return '';
  const spec = /^\d/.test(t) ? `==${t}` : t.replace(/\s+/g, '');
  return validSpecifier(spec) ? spec : undefined;
}

/**
 * Releases (major.minor.micro) to try: 0.0.0 and, for each version a specifier names, the points where a clause's
 * answer can change: the version itself, the next micro, the next minor and the next major. Between two such
 * points every clause answers the same, so if any release satisfies both sides, one of these does.
 */
function candidates(specs: readonly string[]): string[] {
  const out = new Set(['0.0.0']);
  for (const s of specs)
    for (const m of s.matchAll(/\d+(?:\.\d+)*/g)) {
      const [major = 0, minor = 0, micro = 0] = m[0].split('.').map(Number);
      out.add(`${major}.${minor}.${micro}`);
      out.add(`${major}.${minor}.${micro + 1}`);
      out.add(`${major}.${minor + 1}.0`);
      out.add(`${major + 1}.0.0`);
    }
  return [...out];
}

/**
 * Whether two constraints on a Python version can both hold: some release (major.minor.micro) satisfies an
 * alternative of each. Each constraint is PEP 440 alternatives as `poetryToPep440` gives ('' = any version).
 * Undefined when either is unreadable, so an unreadable constraint contradicts nothing.
 */
export function constraintsAgree(a: readonly string[], b: readonly string[]): boolean | undefined {
  if (!a.length || !b.length || ![...a, ...b].every(validSpecifier)) return undefined;
  if (a.includes('') || b.includes('')) return true;
  const all = candidates([...a, ...b]);
  // One `filter` per specifier parses it once for every candidate (`satisfies` parses it per call).
  const admitted = (alts: readonly string[]) => new Set(alts.flatMap((s) => filter(all, s)));
  const inA = admitted(a);
  return [...admitted(b)].some((v) => inA.has(v));
}

/** Whether a release satisfies a constraint (PEP 440 alternatives); undefined when unreadable. */
export function constraintAdmits(alternatives: readonly string[], version: string): boolean | undefined {
  if (!alternatives.length || !alternatives.every(validSpecifier) || !release(version)) return undefined;
  return alternatives.some((s) => s === '' || satisfies(version, s));
}
