// Environment variable names derived from code: `jwtSecret` → `JWT_SECRET`.
export function toEnvName(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      // `XMLHttp` → `XML_Http`; a lookahead, not `([A-Z]+)([A-Z][a-z])`, which rescans a long capital run from each letter.
      .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1_')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') // runs are single `_` by now
      .toUpperCase()
      .replace(/^(\d)/, '_$1')
  );
}

/** Whether a name is an environment-style identifier (`DATABASE_URL`). */
export function isEnvStyleName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}
