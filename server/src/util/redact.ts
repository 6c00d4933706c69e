// Secrets are never shown in full: first four and last two characters, e.g. `sk_l…89`.
export function redact(secret: string): string {
  const s = secret.replace(/\s+/g, ' ');
  if (s.length < 12) return '…';
  return `${s.slice(0, 4)}…${s.slice(-2)}`;
}

/** Replaces the password part of a URL, if any, with `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):([^@/\s]+)@/i, (_m, scheme, user) => `${scheme}${user}:***@`);
}
