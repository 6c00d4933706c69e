// Secrets are never shown in full, anywhere: messages, fix titles, hovers, log lines and reports.
// redact() shows a bounded part of one known secret; redactText() masks every credential it can recognise in free
// text, and the engine passes every message, fix title and log line through it. All of it is linear in the text.
import type { Logger } from './types';

/**
 * A secret shown with at most a third of its characters: `sk_l…Tx` (first four and last two of a long one), fewer
 * for shorter ones, `k…t` for 6 to 11 characters, `k…` below that. describeSecret() adds the length to short ones.
 */
export function redact(secret: string): string {
  const s = secret.replace(/\s+/g, ' ');
  const budget = Math.min(6, Math.floor(s.length / 3));
  if (s.length >= 12) {
    const head = Math.min(4, Math.ceil((budget * 2) / 3));
    return `${s.slice(0, head)}…${budget - head ? s.slice(-(budget - head)) : ''}`;
  }
  if (budget >= 2) return `${s[0]}…${s[s.length - 1]}`;
  return budget === 1 ? `${s[0]}…` : '…';
}

/** A secret for a message, quoted: `'sk_l…Tx'`, or with its length when short: `'k…t' (10 chars)`. */
export function describeSecret(secret: string): string {
  const s = secret.replace(/\s+/g, ' ');
  return s.length >= 12 ? `'${redact(s)}'` : `'${redact(s)}' (${s.length} char${s.length === 1 ? '' : 's'})`;
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
  return first
    .replace(/"[^"]{12,}"/g, '"…"')
    .replace(/'[^']{12,}'/g, "'…'")
    .slice(0, 200);
}

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;
/** A private key's body: from a line break (real or an escaped `\n`), base64 lines, and the END line. */
const KEY_BODY = /(?:\\n|\r?\n)[A-Za-z0-9+/=\r\n\\]*(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)?/y;

/**
 * Provider token shapes, as detect/secrets.ts knows them but looser in length (a cut-off token is still one).
 * Each is a prefix and a bounded character class with nothing after it, so no start is ever re-read.
 */
const TOKEN = new RegExp(
  '\\b(?:' +
    [
      'gh[pousr]_[A-Za-z0-9]{16,}',
      'github_pat_[A-Za-z0-9_]{20,}',
      'glpat-[A-Za-z0-9_-]{12,}',
      '[sr]k_(?:live|test)_[0-9a-zA-Z]{12,}',
      'whsec_[0-9a-zA-Z]{12,}',
      'xox[abposr]-[0-9A-Za-z-]{8,}',
      'npm_[A-Za-z0-9]{16,}',
      'sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}',
      'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{16,}',
      'GOCSPX-[A-Za-z0-9_-]{12,}',
      'AIza[0-9A-Za-z_-]{16,}',
      'SG\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}',
      '(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{12,}',
      'hooks\\.slack\\.com/services/[A-Za-z0-9/]{8,}',
      'eyJ[A-Za-z0-9_-]{8,}(?:\\.[A-Za-z0-9_.-]*)?',
      'key-[0-9a-f]{32}',
      'SK[0-9a-f]{32}',
    ].join('|') +
    ')',
  'g',
);

/** `Authorization: Bearer …` and friends. */
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/=-]{16,})/g;

/**
 * `KEY=value`, `KEY: value`, `"key": "value"`: a name (from its start, never from inside one), an optional closing
 * quote, `=` or `:`, then a quoted or bare value. Whether the name is a secret's is decided by secretKey().
 */
const ASSIGNMENT =
  /(?<![A-Za-z0-9_.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1([ \t]*=[ \t]*|:[ \t]*)("[^"\n]*"|'[^'\n]*'|[^\s"'`,)}\]]+)/g;

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
  'apikey',
  'credential',
  'credentials',
  'auth',
  'dsn',
  'pat',
  'otp',
]);
const SECRET_SUFFIX = /(password|passwd|secret|token|apikey|pwd)$/;
/** Last words that make a name about a secret rather than one: where it goes, how it is spelled. */
const ABOUT_WORDS = new Set([
  'url',
  'uri',
  'path',
  'file',
  'name',
  'header',
  'type',
  'length',
  'len',
  'ttl',
  'expiry',
  'expires',
  'prefix',
  'env',
  'var',
  'field',
  'id',
  'count',
  'policy',
  'hint',
  'endpoint',
]);

function secretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.-]+/)
    .filter(Boolean);
  if (!words.length || ABOUT_WORDS.has(words[words.length - 1])) return false;
  return words.some((w) => SECRET_WORDS.has(w) || SECRET_SUFFIX.test(w));
}

/** A value that is already masked, empty, or a reference to a variable rather than a secret. */
function notASecret(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  return !v || v.startsWith('$') || v.includes('…') || v.includes('***') || /^<[^>]*>$/.test(v);
}

/**
 * Free text with every credential it names masked: the password (or a token user) of a URL (`postgres://u:***@h`),
 * the value of an assignment whose name is a secret's (`PGPASSWORD=***`, `"apiKey": "***"`), provider token
 * shapes (`glpat-…`, `ghp_…`, `sk_live_…`, `AKIA…`, `xox…`, JWTs) shown redacted, bearer credentials and private
 * key bodies. Text without any is returned unchanged.
 */
export function redactText(text: string): string {
  if (!text) return text;
  let out = text;
  if (out.includes('PRIVATE KEY')) out = maskPrivateKeys(out);
  if (out.includes('://')) out = maskUrlCredentials(out);
  out = out.replace(TOKEN, (t) => redact(t));
  out = out.replace(AUTH_SCHEME, (_m, scheme: string, sp: string) => `${scheme}${sp}***`);
  if (out.includes('=') || out.includes(':')) {
    out = out.replace(ASSIGNMENT, (m, q: string, key: string, sep: string, value: string) => {
      if (!secretKey(key) || notASecret(value)) return m;
      // `key: value` is also prose ("a real password: when the variable…"): a bare lowercase key and a bare
      // lowercase word after it are left alone; `password: hunter2`, `"token": "…"`, `DB_PASSWORD: x` are not.
      if (sep.startsWith(':') && !q && /^[a-z]+$/.test(key) && /^[a-z]+$/.test(value)) return m;
      const quote = /^["']/.test(value) ? value[0] : '';
      // After `=` (a shell command line), `;`, `&` and `|` end a bare value: `A=x&& b` keeps `&& b`.
      const rest = !quote && sep.includes('=') ? value.slice(value.search(/[;&|]|$/)) : '';
      return `${q}${key}${q}${sep}${quote}***${quote}${rest}`;
    });
  }
  return out;
}

function maskPrivateKeys(text: string): string {
  let out = '';
  let last = 0;
  PRIVATE_KEY.lastIndex = 0;
  for (let m = PRIVATE_KEY.exec(text); m; m = PRIVATE_KEY.exec(text)) {
    const bodyStart = m.index + m[0].length;
    KEY_BODY.lastIndex = bodyStart;
    if (!KEY_BODY.exec(text)) continue;
    out += `${text.slice(last, bodyStart)}…`;
    last = KEY_BODY.lastIndex;
    PRIVATE_KEY.lastIndex = last;
  }
  return out + text.slice(last);
}

/** Stops an authority: the path, blanks, quotes and brackets around a URL in prose. */
const AUTHORITY_END = /[/\s'"`<>()]/;

function maskUrlCredentials(text: string): string {
  let out = '';
  let last = 0;
  // An authority stops at a `/`, so no two are read over each other.
  for (let i = text.indexOf('://'); i >= 0; i = text.indexOf('://', i + 3)) {
    const start = i + 3;
    let at = -1;
    let end = start;
    for (; end < text.length && !AUTHORITY_END.test(text[end]); end++) if (text[end] === '@') at = end;
    if (at < 0) continue;
    const colon = text.indexOf(':', start);
    // `user:password@`: the password; a bare `token@` (git's https://<token>@host) when it is long enough to be one.
    const from = colon >= 0 && colon < at ? colon + 1 : at - start >= 20 ? start : -1;
    if (from < 0 || from === at || text.slice(from, at) === '***') continue;
    out += `${text.slice(last, from)}***`;
    last = at;
  }
  return last ? out + text.slice(last) : text;
}

/**
 * Workspace text for a message, cut to its first `keep` characters and `…` when longer than `max`. Credentials are
 * masked before the cut, which could otherwise leave half a URL or token that redactText() no longer recognises.
 */
export function excerpt(text: string, max: number, keep = max): string {
  const r = redactText(text);
  return r.length > max ? `${r.slice(0, keep)}…` : r;
}

/** The logger, with every line passed through redactText(). */
export function redactingLogger(logger: Logger): Logger {
  return {
    info: (m) => logger.info(redactText(m)),
    warn: (m) => logger.warn(redactText(m)),
    error: (m) => logger.error(redactText(m)),
  };
}
