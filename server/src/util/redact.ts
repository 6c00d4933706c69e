// Secrets are never shown in full: first four and last two characters, e.g. `sk_l…89`.
export function redact(secret: string): string {
  const s = secret.replace(/\s+/g, ' ');
  if (s.length < 12) return '…';
  return `${s.slice(0, 4)}…${s.slice(-2)}`;
}

/**
 * Replaces the password part of a URL, if any, with `***`. The credentials end at the last `@` before the path,
 * as URL parsers read them, so a password that itself contains `@` is hidden whole.
 */
export function redactUrl(url: string): string {
  // Up to the first `/`: a raw password may hold `#` or `?` (`postgres://u:Xp9#vLq2@host`), and masking too much is safe.
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/\s]*)/i.exec(url);
  if (!m) return url;
  const authority = m[2];
  const at = authority.lastIndexOf('@');
  if (at < 0) return url;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return url;
  return `${m[1]}${userinfo.slice(0, colon)}:***${authority.slice(at)}${url.slice(m[0].length)}`;
}

/**
 * A parser's error message, safe for the output channel: its first line only (YAML adds a code frame of the file)
 * with quoted excerpts of the input elided (Node's JSON errors quote it), since the file may hold secrets.
 */
export function safeErrorMessage(e: unknown): string {
  const first = String((e as Error)?.message ?? e).split('\n')[0];
  return first.replace(/"[^"]{12,}"/g, '"…"').replace(/'[^']{12,}'/g, "'…'").slice(0, 200);
}
