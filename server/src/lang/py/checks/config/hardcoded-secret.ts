// config/hardcoded-secret in Python: secrets in string literals, with the JS check's policy (lang/js/checks/config/
// hardcoded-secret.ts): provider keys anywhere; signing keys (Django's and Flask's SECRET_KEY, `app.secret_key`,
// JWT_SECRET_KEY, `jwt.encode(payload, key)`) whatever their value; random-looking values bound to secret names
// (`EMAIL_HOST_PASSWORD`, `DATABASES[…]['PASSWORD']`, `password=`, `api_key=`); URL passwords; Authorization headers;
// environment fallbacks (`os.environ.get('X', '…')`, `os.getenv`, `config('X', default=…)`, `env.str`, `… or '…'`,
// pydantic settings defaults) that a missing variable would silently put in production. Modules named for
// development or tests, their branches (`if DEBUG:`) and classes (`class DevConfig`) are left alone as in JS.
import { GENERIC_SECRET_NAMES } from '../../../../detect/secrets';
import type { Message } from '../../../../core/types';
import {
  findProviderSecrets,
  isPlaceholder,
  isSecretName,
  isTemplateValue,
  looksLikeSecretValue,
  mayHoldProviderSecret,
} from '../../../../detect/secrets';
import { urlCredential } from '../../../../detect/urls';
import { PY_SECRET_SETTINGS, passwordSpanIn, urlMessage } from '../../../../facts/config';
import type { PySettingCandidate } from '../../../../facts/pySettings';
import { describeSecret, redactUrl } from '../../../../util/redact';
import { toEnvName } from '../../../../util/naming';
import { clip } from '../../../../util/text';
import { pyCheck, type PySourceContext } from '../../context';
import type { SyntaxNode } from '../../parse';
import { callArgs, dottedName, stringValue } from '../../syntax';
import { inLocalSection, isDevOnly } from '../../devSections';
import { pySettingsModule } from '../../settingsModule';
import {
  assignParts,
  bindingOf,
  isModuleLevel,
  MAX_CLIMB,
  outerOf,
  PyEnv,
  targetBinding,
  valueStrings,
  type Binding,
} from '../../values';
import { settingReporter } from '../settingsPlace';

type Id =
  | 'positional'
  | 'provider'
  | 'fallbackUrl'
  | 'urlUser'
  | 'urlService'
  | 'header'
  | 'signingFallback'
  | 'fallbackSecret'
  | 'named';

/** The JS check's trigger, plus Python's settings names. */
const TRIGGER =
  /AKIA|ASIA|_live_|whsec_|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|AIza|GOCSPX-|SG\.|key-|npm_|sk-|shp|PRIVATE KEY|eyJ|SK[0-9a-f]{8}|pass|pwd|secret|token|api_?key|apikey|private_?key|access_?key|credential|signing|encryption|dsn|jwt|authorization|:\/\/[^\s'"`/]*@/i;

const PLAIN_OWNER = /^(config|configs|options|opts|settings|params|kwargs|default|defaults|conf|data)$/i;

/** A str.format field or a %-format key: the string is a template, not a value. */
const PY_TEMPLATE = /\{[A-Za-z_][A-Za-z0-9_.]*\}|%\([A-Za-z_][A-Za-z0-9_]*\)[sdr]/;

/** Words that mark a fallback as a local-development default, as in the JS check. */
const DEV_DEFAULT = /(^|[^a-z])(dev|devel|development|local|localdev|insecure|unsafe|not-?secret|keyboard)([^a-z]|$)/i;

interface Slot {
  what: string;
  env: string;
}

/** Settings that sign sessions, cookies or tokens: any value there is a secret, however weak. */
const SIGNING_SETTINGS = new Set(['SECRET_KEY', 'JWT_SECRET_KEY']);

export const hardcodedSecretPy = pyCheck<Id>({
  check(ctx) {
    const module = pySettingsModule(ctx);
    const candidates: PySettingCandidate[] = [];
    // Settings modules for development and tests hold development values; tests and examples are not deployed.
    if (!ctx.isTest && !ctx.isExample && !module.local && TRIGGER.test(ctx.text)) check(ctx, candidates);
    ctx.record(PY_SECRET_SETTINGS, { module, candidates });
  },
});

function check(ctx: PySourceContext<Id>, candidates: PySettingCandidate[]): void {
  const text = ctx.text;
  const env = new PyEnv(ctx as PySourceContext<string>);
  const report = settingReporter(ctx, candidates);
  const laterEnvRead = laterEnvAssignments(ctx, env);
  for (const lit of valueStrings(ctx.tree)) {
    const value = stringValue(text, lit);
    // `'{module}'`, `'%(name)s'`: str.format and %-templates, filled in before use.
    if (value === undefined || isNameSlot(lit)) continue;
    if (PY_TEMPLATE.test(value) && !findProviderSecrets(value).length) continue;
    const fb = env.fallbackOf(lit) ?? laterEnvRead(lit);
    const devOnly = () => isDevOnly(text, lit, env) || inLocalSection(text, lit);
    const slot = signingSlot(text, fb ? fb.root : lit, env);
    if (slot && !fb && !findProviderSecrets(value).length) {
      const strong = looksLikeSecretValue(value, 'secret');
      const weak = !isTemplateValue(value) && !devOnly();
      if (strong || weak)
        report(
          lit,
          { messageId: 'positional', data: { what: slot.what, value: describeSecret(value) } },
          { severity: 'warning', data: { kind: 'literal', names: [slot.env], exact: true } },
        );
      continue;
    }
    if (value.length < 8) {
      if (slot && fb && !isTemplateValue(value) && !devOnly())
        report(
          lit,
          { messageId: 'signingFallback', data: { what: slot.what, value: describeSecret(value) } },
          { severity: 'warning', data: { kind: 'fallback' } },
        );
      continue;
    }
    if (mayHoldProviderSecret(value)) {
      const found = findProviderSecrets(value);
      if (found.length) {
        const m = found[0];
        report(
          lit,
          { messageId: 'provider', data: { provider: m.provider, value: describeSecret(m.value) } },
          {
            severity: m.live ? 'error' : 'warning',
            data: { kind: 'literal', names: [m.envName, contextualName(text, lit) ?? ''], exact: m.value === value },
          },
        );
        continue;
      }
    }
    if (value.includes('@') && value.includes('://')) {
      const cred = urlCredential(value);
      if (cred) {
        const real = !fb || (looksLikeSecretValue(cred.password, 'password') && !DEV_DEFAULT.test(cred.password));
        if (real && !devOnly()) {
          const message: Message<'fallbackUrl' | 'urlUser' | 'urlService'> = fb
            ? { messageId: 'fallbackUrl', data: { scheme: cred.scheme, url: clip(redactUrl(value)) } }
            : urlMessage(cred, value);
          const range = passwordSpanIn(text.slice(lit.from, lit.to), value, cred, lit.from, (a, b) =>
            ctx.rangeOf({ from: a, to: b }),
          );
          report(lit, message, { severity: 'warning', data: { kind: 'url' } }, range);
        }
        continue;
      }
    }
    const binding = bindingOf(text, lit);
    const header = authorizationHeader(value, binding);
    if (header) {
      report(
        lit,
        { messageId: 'header', data: { scheme: header, value: describeSecret(value) } },
        { severity: 'warning', data: { kind: 'header' } },
      );
      continue;
    }
    if (fb) {
      if (slot) {
        if (!isTemplateValue(value) && !devOnly())
          report(
            lit,
            { messageId: 'signingFallback', data: { what: slot.what, value: describeSecret(value) } },
            { severity: 'warning', data: { kind: 'fallback' } },
          );
        continue;
      }
      const names = [fb.variable, bindingOf(text, fb.root)?.name].filter((n): n is string => !!n);
      const secretName = names.find(isSecretName);
      if (secretName && looksLikeSecretValue(value, secretName) && !DEV_DEFAULT.test(value))
        report(
          lit,
          { messageId: 'fallbackSecret', data: { name: secretName, value: describeSecret(value) } },
          { severity: 'warning', data: { kind: 'fallback' } },
        );
      continue;
    }
    if (!binding || !isSecretName(binding.name) || !looksLikeSecretValue(value, binding.name)) continue;
    report(
      lit,
      { messageId: 'named', data: { name: binding.name, value: describeSecret(value) } },
      {
        severity: 'warning',
        data: { kind: 'literal', names: [contextualName(text, lit) ?? toEnvName(binding.name)], exact: true },
      },
    );
  }
}

/** A string that names something rather than holds a value: a dict key, a subscript key, an env read's name. */
function isNameSlot(lit: SyntaxNode): boolean {
  const next = lit.nextSibling;
  const p = lit.parent;
  if (p?.name === 'DictionaryExpression' && next?.name === ':') return true;
  if (p?.name === 'MemberExpression' && lit.prevSibling?.name === '[') return true;
  return false;
}

/** Where a value signs sessions, cookies or tokens: `SECRET_KEY = …`, `app.secret_key = …`, `jwt.encode(p, key)`. */
function signingSlot(text: string, value: SyntaxNode, env: PyEnv): Slot | undefined {
  const b = bindingOf(text, value);
  if (b && SIGNING_SETTINGS.has(b.name)) return { what: `signing key ${b.name}`, env: b.name };
  if (b?.kind === 'attribute' && b.name === 'secret_key') return { what: 'signing key secret_key', env: 'SECRET_KEY' };
  // jwt.encode(payload, 'key'), jwt.decode(token, key='key')
  const node = outerOf(value);
  const list = node.parent;
  if (list?.name !== 'ArgList' || list.parent?.name !== 'CallExpression') return undefined;
  const callee = dottedName(text, list.parent.firstChild);
  if (!callee || !/^(jwt|jose\.jwt)\.(encode|decode)$/.test(env.resolve(callee))) return undefined;
  const args = callArgs(text, list.parent);
  if (args.positional[1]?.from === node.from || (b?.kind === 'keyword' && b.name === 'key'))
    return { what: 'JWT signing secret', env: 'JWT_SECRET' };
  return undefined;
}

/**
 * `SECRET_KEY = 'dev'` followed, at module level, by `SECRET_KEY = os.environ[…]` (often under an `if`): the literal
 * is what production gets only when the variable is missing, a fallback in all but syntax.
 */
function laterEnvAssignments(
  ctx: PySourceContext<Id>,
  env: PyEnv,
): (lit: SyntaxNode) => { root: SyntaxNode; variable?: string } | undefined {
  const reads = new Map<string, { at: number; variable: string }[]>();
  for (const a of ctx.index.assignments) {
    if (!isModuleLevel(a)) continue;
    const parts = assignParts(a);
    if (!parts || !env.readsEnv(parts.value)) continue;
    for (const t of parts.targets) {
      const b = targetBinding(ctx.text, t);
      if (b?.kind !== 'variable') continue;
      const list = reads.get(b.name) ?? [];
      list.push({ at: a.from, variable: firstReadName(ctx, env, parts.value) ?? b.name });
      reads.set(b.name, list);
    }
  }
  return (lit) => {
    const node = outerOf(lit);
    const stmt = node.parent;
    if (stmt?.name !== 'AssignStatement' || !isModuleLevel(stmt)) return undefined;
    const parts = assignParts(stmt);
    if (!parts || parts.value.from !== node.from) return undefined;
    const b = targetBinding(ctx.text, parts.targets[parts.targets.length - 1]);
    const later = b?.kind === 'variable' ? reads.get(b.name)?.find((r) => r.at > stmt.from) : undefined;
    return later ? { root: node, variable: later.variable } : undefined;
  };
}

function firstReadName(ctx: PySourceContext<Id>, env: PyEnv, node: SyntaxNode): string | undefined {
  const c = node.cursor();
  for (let more = true; more && c.from < node.to; more = c.next()) {
    if (c.name !== 'CallExpression' && c.name !== 'MemberExpression') continue;
    const v = env.readAt(c.node);
    if (v) return v;
  }
  return undefined;
}

/**
 * The variable a fix names the secret after: the binding, with a generic one (`PASSWORD`) prefixed by what holds it
 * (`DATABASES = {'default': {'PASSWORD': …}}` → DB_PASSWORD, `redis.Redis(password=…)` → REDIS_PASSWORD).
 */
function contextualName(text: string, lit: SyntaxNode): string | undefined {
  const b = bindingOf(text, lit);
  if (!b) return undefined;
  const name = toEnvName(b.name);
  if (!GENERIC_SECRET_NAMES.has(name)) return name;
  const owners: string[] = [];
  if (b.kind === 'key') {
    // Up through the dicts that hold this one, to the variable or the call's keyword that holds the outermost.
    let dict: SyntaxNode | undefined = b.at;
    for (let depth = 0; dict && depth < 4; depth++) {
      const holder = bindingOf(text, dict);
      if (!holder) break;
      owners.push(holder.name);
      if (holder.kind === 'keyword') owners.push(dottedName(text, holder.at.firstChild) ?? '');
      dict = holder.kind === 'key' ? holder.at : undefined;
    }
  } else if (b.kind === 'keyword') owners.push(dottedName(text, b.at.firstChild) ?? '');
  else if (b.kind === 'item' || b.kind === 'attribute') {
    let t: SyntaxNode | null = b.at.firstChild;
    for (let i = 0; t?.name === 'MemberExpression' && i < MAX_CLIMB; i++) t = t.firstChild;
    if (t?.name === 'VariableName') owners.push(text.slice(t.from, t.to));
  }
  const all = owners.join(' ');
  if (/DATABASE|\bdb\b|connect|pool|engine|psycopg|pymysql|mysql|postgres|\bpg\b|sqlalchemy/i.test(all))
    return `DB_${name}`;
  if (/mongo/i.test(all)) return `MONGO_${name}`;
  if (/redis|cache/i.test(all)) return `REDIS_${name}`;
  if (/smtp|mail/i.test(all)) return `SMTP_${name}`;
  const owner = owners.find((o) => o && !PLAIN_OWNER.test(o.split('.').pop()!));
  return owner ? `${toEnvName(owner.split('.').pop()!)}_${name}` : name;
}

/** `headers={'Authorization': 'Bearer eyJ…'}`: a token written into a request. */
function authorizationHeader(value: string, binding: Binding | undefined): string | undefined {
  if (!/^authorization$/i.test(binding?.name ?? '')) return undefined;
  const m = /^(Bearer|Basic|Token)\s+(\S{16,})$/i.exec(value);
  return m && !isPlaceholder(m[2]) ? m[1] : undefined;
}
