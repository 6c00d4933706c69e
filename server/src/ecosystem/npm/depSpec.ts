// What a package.json dependency value asks for, by npm's own classifier (npm-package-arg), plus the protocols
// only yarn, pnpm and bun know (`workspace:`, `link:`, `portal:`, …), which npm-package-arg refuses.
import npa from 'npm-package-arg';
import * as semver from 'semver';

export type DepSpec =
  /** A semver range or exact version from the registry (`^1.2.3`, `1.2.3`, `*`, `x`, `""`). */
  | { type: 'range'; range: string }
  /** A dist-tag (`latest`, `next`). */
  | { type: 'tag'; tag: string }
  /** A git repository; `ref` is what follows `#`, when anything does. */
  | { type: 'git'; ref?: string }
  /** A local folder or tarball (`file:`, `link:`, `portal:`, `../x`, `~/x`, `/x`); `path` as written, protocol off. */
  | { type: 'local'; path: string }
  /** A tarball URL. */
  | { type: 'remote' }
  /** `npm:other@range`: installed under this name, resolved as `target`. */
  | { type: 'alias'; name: string; target: DepSpec }
  /** `workspace:`, `patch:`, `catalog:`, `jsr:`, `exec:` and anything else no classifier accepts. */
  | { type: 'other' };

const LOCAL_PROTOCOL = /^(file|link|portal):/i;
const YARN_PNPM_PROTOCOL = /^(workspace|patch|catalog|jsr|exec):/i;

/** Classifies `spec` as npm would install it; never throws (a value npm refuses is `other`). */
export function classifySpec(spec: string): DepSpec {
  const s = spec.trim();
  // npm does not know link:/portal:, and resolves file: paths against a folder; the rules want the text.
  const local = LOCAL_PROTOCOL.exec(s);
  if (local) {
    let p = s.slice(local[0].length);
    if (p.startsWith('//')) p = p.replace(/^\/\/(localhost)?/, ''); // file:///abs/path
    return p ? { type: 'local', path: p } : { type: 'other' };
  }
  if (YARN_PNPM_PROTOCOL.test(s)) return { type: 'other' };
  if (s === '~') return { type: 'local', path: s }; // the home folder (npm-package-arg reads a lone `~` as a tag)
  let r: npa.Result;
  try {
    // The name only labels errors: the spec alone decides the type.
    r = npa.resolve('dependency', s, '/');
  } catch {
    return { type: 'other' };
  }
  return fromResult(r, s);
}

function fromResult(r: npa.Result, raw: string): DepSpec {
  switch (r.type) {
    case 'range':
    case 'version':
      return { type: 'range', range: r.rawSpec };
    case 'tag':
      return { type: 'tag', tag: r.rawSpec };
    case 'git': {
      const hash = raw.indexOf('#');
      return hash < 0 ? { type: 'git' } : { type: 'git', ref: raw.slice(hash + 1) };
    }
    case 'directory':
    case 'file':
      return { type: 'local', path: raw };
    case 'remote':
      return { type: 'remote' };
    case 'alias': {
      const sub = (r as npa.Result & { subSpec?: npa.Result }).subSpec; // missing from @types/npm-package-arg
      if (!sub?.name) return { type: 'other' };
      // `npm:name` alone asks for the latest: npm-package-arg reads it as the range `*`.
      return { type: 'alias', name: sub.name, target: fromResult(sub, sub.rawSpec) };
    }
    default:
      return { type: 'other' };
  }
}

/** Whether a range accepts any version (`*`, `x`, `""`, `x.x`). */
export function acceptsAnyVersion(range: string): boolean {
  return range.trim() === '' || semver.validRange(range, { loose: true }) === '*';
}
