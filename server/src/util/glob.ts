// Globs from the workspace (`workspaces`, pnpm `packages`) and from settings (`exclude`) are untrusted: picomatch
// throws on an empty or over-long pattern, and one bad pattern must not abort a scan.
import picomatch from 'picomatch';

/**
 * A matcher for any of `patterns`. Patterns that are not strings, are empty or that picomatch refuses are left out,
 * each reported through `onSkip`; with none left, nothing matches.
 */
export function globMatcher(
  patterns: readonly unknown[],
  options: picomatch.PicomatchOptions = {},
  onSkip?: (pattern: string, why: string) => void,
): (s: string) => boolean {
  const matchers: ((s: string) => boolean)[] = [];
  for (const p of patterns) {
    if (typeof p !== 'string' || !p.trim()) {
      onSkip?.(String(p), 'an empty pattern');
      continue;
    }
    try {
      matchers.push(picomatch(p, options));
    } catch (e) {
      onSkip?.(p.length > 80 ? `${p.slice(0, 80)}…` : p, (e as Error).message);
    }
  }
  if (matchers.length === 1) return matchers[0];
  return (s) => matchers.some((m) => m(s));
}
