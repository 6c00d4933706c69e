// Credential detection shared by the config rules: provider formats, secret-looking names, and placeholders.
import { hasAngleBracketed, hasDollarBrace, hasDoubleBrace } from '../util/linear';

export interface SecretMatch {
  provider: string;
  /** The environment variable such a credential usually lives in. */
  envName: string;
  /** Live credentials are errors; formats that are often public or test-only are warnings. */
  live: boolean;
  start: number;
  end: number;
  value: string;
}

interface Detector {
  provider: string;
  envName: string;
  re: RegExp;
  live?: boolean;
  accept?: (v: string) => boolean;
  /**
   * For patterns that would be tried from every offset of a long run (`sk-sk-sk-…`, each attempt reading to the
   * run's end): where a match can start, and after a failed start the next offset worth trying. Everything
   * skipped is proven to fail the same way, so the matches are those of `re` alone, found in linear time.
   */
  starts?: RegExp;
  skip?: (text: string, failedAt: number) => number;
}

/** The end of the run of key characters (`[A-Za-z0-9_-]`) that starts at `at`. */
const KEY_RUN = /[A-Za-z0-9_-]*/y;
function keyRunEnd(text: string, at: number): number {
  KEY_RUN.lastIndex = at;
  KEY_RUN.exec(text);
  return KEY_RUN.lastIndex;
}

const DETECTORS: Detector[] = [
  {
    provider: 'AWS access key ID',
    envName: 'AWS_ACCESS_KEY_ID',
    re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g,
  },
  { provider: 'Stripe secret key', envName: 'STRIPE_SECRET_KEY', re: /\b[sr]k_live_[0-9a-zA-Z]{20,}\b/g },
  { provider: 'Stripe webhook secret', envName: 'STRIPE_WEBHOOK_SECRET', re: /\bwhsec_[0-9a-zA-Z]{24,}\b/g },
  {
    provider: 'GitHub token',
    envName: 'GITHUB_TOKEN',
    re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/g,
  },
  { provider: 'GitLab token', envName: 'GITLAB_TOKEN', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { provider: 'Slack token', envName: 'SLACK_TOKEN', re: /\bxox[abposr]-[0-9A-Za-z-]{10,}\b/g },
  {
    provider: 'Slack webhook URL',
    envName: 'SLACK_WEBHOOK_URL',
    re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/g,
  },
  { provider: 'Google API key', envName: 'GOOGLE_API_KEY', re: /\bAIza[0-9A-Za-z_-]{35}\b/g, live: false },
  { provider: 'Google OAuth client secret', envName: 'GOOGLE_CLIENT_SECRET', re: /\bGOCSPX-[A-Za-z0-9_-]{28}\b/g },
  { provider: 'Twilio API key', envName: 'TWILIO_API_KEY', re: /\bSK[0-9a-f]{32}\b/g },
  { provider: 'SendGrid API key', envName: 'SENDGRID_API_KEY', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  { provider: 'Mailgun API key', envName: 'MAILGUN_API_KEY', re: /\bkey-[0-9a-f]{32}\b/g },
  { provider: 'npm token', envName: 'NPM_TOKEN', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  {
    provider: 'OpenAI API key',
    envName: 'OPENAI_API_KEY',
    re: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b|\bsk-proj-[A-Za-z0-9_-]{40,}\b/g,
    // A later start in the same run sees less of it: it fails too, unless it is an `sk-proj-` the failed one was not.
    starts: /\bsk-/g,
    skip: (text, at) => {
      const end = keyRunEnd(text, at);
      if (text.startsWith('sk-proj-', at)) return end;
      const proj = /\bsk-proj-/g;
      proj.lastIndex = at + 1;
      const next = proj.exec(text);
      return next && next.index < end ? next.index : end;
    },
  },
  {
    provider: 'Anthropic API key',
    envName: 'ANTHROPIC_API_KEY',
    re: /\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{40,}\b/g,
  },
  { provider: 'Shopify access token', envName: 'SHOPIFY_ACCESS_TOKEN', re: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g },
  {
    provider: 'private key',
    envName: 'PRIVATE_KEY',
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    provider: 'JSON Web Token',
    envName: 'JWT',
    re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
    live: false,
    accept: (v) => !isPublicJwt(v),
    // The header part must run to the first `.`: a later start in the same run has a shorter header and the same rest.
    starts: /\beyJ/g,
    skip: keyRunEnd,
  },
];

/** Supabase-style anon keys are JWTs meant to be public. */
function isPublicJwt(jwt: string): boolean {
  try {
    const payload = Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8');
    return /"role"\s*:\s*"anon"/.test(payload);
  } catch {
    return false;
  }
}

/** Provider-format credentials in a piece of text (a string literal's value, a .env value, a data file). */
export function findProviderSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  if (!mayHoldProviderSecret(text)) return out;
  for (const d of DETECTORS) {
    for (const m of matches(d, text)) {
      const value = m[0];
      if (isPlaceholder(value) || (d.accept && !d.accept(value))) continue;
      const start = m.index ?? 0;
      out.push({
        provider: d.provider,
        envName: d.envName,
        live: d.live ?? true,
        start,
        end: start + value.length,
        value,
      });
    }
  }
  return out;
}

const sticky = new Map<RegExp, RegExp>();

/** `text.matchAll(d.re)`, trying only the starts `d.skip` leaves. */
function matches(d: Detector, text: string): RegExpExecArray[] {
  if (!d.starts || !d.skip) return [...text.matchAll(d.re)] as RegExpExecArray[];
  let re = sticky.get(d.re);
  if (!re) sticky.set(d.re, (re = new RegExp(d.re.source, 'y')));
  const out: RegExpExecArray[] = [];
  let pos = 0;
  while (pos <= text.length) {
    d.starts.lastIndex = pos;
    const c = d.starts.exec(text);
    if (!c) break;
    re.lastIndex = c.index;
    const m = re.exec(text);
    if (m) {
      out.push(m);
      pos = c.index + Math.max(m[0].length, 1);
    } else pos = Math.max(d.skip(text, c.index), c.index + 1);
  }
  return out;
}

/** A cheap pre-check that rules out text with no provider prefix at all. */
export function mayHoldProviderSecret(text: string): boolean {
  return /AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|_live_|whsec_|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|AIza|GOCSPX-|SK[0-9a-f]{8}|SG\.|key-|npm_|sk-|shp|PRIVATE KEY|eyJ/.test(
    text,
  );
}

const SECRET_NAME =
  /(?:^|_)(?:password|passwd|pwd|pass|secret|secret_?key|token|access_?token|refresh_?token|auth_?token|[a-z0-9]*api_?key|api_?secret|private_?key|access_?key|secret_?access_?key|client_?secret|auth_?key|credentials?|signing_?key|encryption_?key|session_?secret|cookie_?secret|jwt_?secret|webhook_?secret|dsn)$/i;
const NOT_SECRET_NAME =
  /(?:_|^)(?:type|name|names|url|uri|endpoint|path|file|header|field|label|length|len|min|max|expiry|expires|ttl|id|key_?id|prefix|regex|pattern|policy|hint|placeholder|env|var|param|cookie|storage|count)$/i;

/** Whether an identifier or key names a secret (`jwtSecret`, `DB_PASSWORD`, `apiKey`). */
/** Variable names too generic to name a secret's env variable by themselves (`PASSWORD`, `TOKEN`): the fixes qualify them. */
export const GENERIC_SECRET_NAMES: ReadonlySet<string> = new Set([
  'PASSWORD',
  'SECRET',
  'TOKEN',
  'KEY',
  'API_KEY',
  'PASS',
  'PWD',
  'CREDENTIALS',
  'SECRET_KEY',
  'ACCESS_TOKEN',
  'PRIVATE_KEY',
  'AUTH_TOKEN',
]);

export function isSecretName(name: string): boolean {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
  return SECRET_NAME.test(snake) && !NOT_SECRET_NAME.test(snake);
}

// `<…>` is tested by hasAngleBracketed: as `<[^>]*>` here it read to the end from every `<` of a long run.
const PLACEHOLDER =
  /change.?me|changeit|replace|your[_-]?|example|sample|dummy|fake|placeholder|xxx|todo|fixme|redacted|insert|\$\{|\{\{|%s|\*\*\*|\.\.\.|…|secret_here|test|mock|not.?a.?real|lorem|foo|bar|baz|qwerty|letmein|hunter2|password123|^password$|^secret$|^admin$|^root$|^postgres$|^mysql$|^guest$|^default$|^none$|^null$|^undefined$|^true$|^false$/i;

/** A secret's own name with a possessive or generic word in front: `MyPassword`, `default_secret`, `thesecretkey`. */
const NAMED_PLACEHOLDER =
  /^(my|the|some|default|admin)[-_ ]?(password|passwd|pass|secret|secret[-_]?key|token|api[-_]?key)$/i;

/** Values that are obviously not live credentials: placeholders, templates, examples, test values. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  if (PLACEHOLDER.test(v) || NAMED_PLACEHOLDER.test(v) || hasAngleBracketed(v)) return true;
  if (/^(.)\1+$/.test(v)) return true; // xxxxxxxx, 00000000
  if (/^(0123456789|123456789|12345678|abcdefgh|abcdef)/i.test(v)) return true;
  // A variable name, not a value. Digits without an underscore are a key (AKIA…), not a name.
  if (/^[A-Z][A-Z0-9_]*$/.test(v) && (v.includes('_') || !/\d/.test(v))) return true;
  return false;
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Whether a value bound to a secret-looking name is a real credential rather than a label, a key name,
 * a placeholder or a short test value.
 */
export function looksLikeSecretValue(value: string, name?: string): boolean {
  const v = value.trim();
  if (v.length < 8 || v.length > 4096) return false;
  if (isPlaceholder(v)) return false;
  if (/\s/.test(v) && !v.includes('PRIVATE KEY')) return false; // prose, not a credential
  if (/^[a-z][a-z0-9]*(?:[._:-][a-z0-9]+)*$/.test(v) && !/\d/.test(v)) return false; // identifiers like "access_token"
  // Error codes and enum values: `errors: { password: 'incorrectPassword' }`, `'PASSWORD_TOO_SHORT'`.
  if (/^[a-z]+(?:[A-Z][a-z]+)+$/.test(v) || /^[A-Z]+(?:_[A-Z]+)+$/.test(v)) return false;
  // Words of a natural language ("Passwort", "Contraseña", "パスワード"): tokens are ASCII and not one capitalised word.
  if (/[^\x00-\x7f]/.test(v) || /^[A-Z]?[a-z]+$/.test(v)) return false;
  if (/^(https?:)?\/\//.test(v) || v.startsWith('/') || v.startsWith('./')) return false; // a URL or a path
  if (name && v.toLowerCase().replace(/[^a-z0-9]/g, '') === name.toLowerCase().replace(/[^a-z0-9]/g, '')) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  return entropy(v) >= 3 && (classes >= 2 || v.length >= 16);
}

/**
 * For a value in a position that is a secret whatever it looks like (`session({ secret })`, `jwt.sign(p, key)`):
 * only an empty value or a template to be filled in (`${SECRET}`, `{{secret}}`, `<secret>`, `%s`) is not one.
 * Weak values such as 'keyboard cat' or 'changeme' are exactly the problem there.
 */
export function isTemplateValue(value: string): boolean {
  const v = value.trim();
  // `${…}` and `{{…}}` by scanning, not by `\$\{[^}]*\}`, which reads to the end from every `${` of a long run.
  return !v || hasDollarBrace(v) || hasDoubleBrace(v) || /^<[^>]+>$|%s|^\$[A-Z_][A-Z0-9_]*$/.test(v);
}
