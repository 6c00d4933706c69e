// backing-services/hardcoded-url in Python, with the JS check's policy (lang/js/checks/backing-services/
// hardcoded-url.ts): connection URLs in any string (`create_engine('postgresql://…')`, `Redis.from_url('redis://…')`,
// `Celery('app', broker='amqp://…')`, `SQLALCHEMY_DATABASE_URI = '…'`, `MongoClient('mongodb://…')`), hosts of
// client calls (`redis.Redis(host='…')`, `psycopg2.connect(host='…')`, `smtplib.SMTP('…')`) and of Django's
// DATABASES and CACHES, private hosts under any `host` key, and object-storage endpoints (boto3's `endpoint_url`).
// An environment read's local default (`os.environ.get('DATABASE_URL', 'postgresql://localhost/dev')`) is not
// flagged; one that names a deploy's service is. Tests, examples, modules, classes and branches for development or
// tests are left alone.
import type { Message } from '../../../../core/types';
import {
  DB_NAMES,
  isExampleHost,
  isLocalDefaultUrl,
  isLocalDevHost,
  isLoopbackHost,
  isPrivateHost,
  parseServiceUrl,
} from '../../../../detect/urls';
import { looksLikeSecretValue } from '../../../../detect/secrets';
import { PY_URL_SETTINGS } from '../../../../facts/backing-services';
import type { PySettingCandidate } from '../../../../facts/pySettings';
import { stripCredentials } from '../../../../fixes/env';
import { redactUrl } from '../../../../util/redact';
import { toEnvName } from '../../../../util/naming';
import { clip } from '../../../../util/text';
import { pyCheck, type PySourceContext } from '../../context';
import type { SyntaxNode } from '../../parse';
import { callArgs, childrenOf, dottedName, stringValue } from '../../syntax';
import { conditionKind, inLocalSection, isDevOnly } from '../../devSections';
import { pySettingsModule } from '../../settingsModule';
import { bindingOf, outerOf, PyEnv, valueStrings } from '../../values';
import { settingReporter } from '../settingsPlace';

type Id =
  | 'fallbackHost'
  | 'privateHost'
  | 'fallbackUrl'
  | 'serviceUrl'
  | 'connectionUrl'
  | 'hostByEnvironment'
  | 'objectStorage'
  | 'host';

/** Client constructors and connect functions (resolved through the imports) whose `host` names a backing service. */
const CLIENTS: [RegExp, string][] = [
  [/^redis(\.asyncio)?(\.client)?\.(Redis|StrictRedis)$|^(aioredis|valkey)\.(Redis|from_url)$/, 'REDIS'],
  [
    /^(psycopg2|psycopg|pymysql|MySQLdb|mysql\.connector|pymssql|aiomysql|asyncpg|aiopg|cx_Oracle|oracledb)\.(connect|create_pool|Connection)$/,
    'DB',
  ],
  [/^(pymongo|motor\.motor_asyncio|motor)\.(MongoClient|AsyncIOMotorClient)$/, 'MONGO'],
  [/^pika\.(ConnectionParameters|URLParameters)$|^kombu\.Connection$/, 'AMQP'],
  [/^smtplib\.(SMTP|SMTP_SSL)$/, 'SMTP'],
  [/^(pymemcache\.client(\.base)?\.Client|memcache\.Client)$/, 'MEMCACHED'],
];
/** Clients whose first positional argument is the host (`smtplib.SMTP('smtp.internal')`, `MongoClient('db', 27017)`). */
const POSITIONAL_HOST = new Set(['SMTP', 'MONGO', 'REDIS']);
const HOST_KEYS = new Set(['host', 'hostname', 'server', 'HOST', 'HOSTNAME']);
/** Django's database and cache backends: the dicts whose `HOST` and `LOCATION` locate a service. */
const DJANGO_BACKEND =
  /^django\.db\.backends\.(postgresql|postgresql_psycopg2|mysql|oracle)$|^django\.contrib\.gis\.db\.backends\.(postgis|mysql|oracle)$|^(django_redis|django\.core\.cache\.backends\.(redis|memcached))\./;
const ENV_IN_NAME = /(^|[-_.])(prod|production|staging|stage|dev|development|qa|uat|preprod)([-_.]|$)/i;

export const hardcodedUrlPy = pyCheck<Id>({
  check(ctx) {
    const module = pySettingsModule(ctx);
    const candidates: PySettingCandidate[] = [];
    if (!ctx.isTest && !ctx.isExample && !module.local && /:\/\/|host|HOST|endpoint_url/.test(ctx.text))
      check(ctx, candidates);
    ctx.record(PY_URL_SETTINGS, { module, candidates });
  },
});

function check(ctx: PySourceContext<Id>, candidates: PySettingCandidate[]): void {
  const text = ctx.text;
  const env = new PyEnv(ctx as PySourceContext<string>);
  const reported = new Set<number>();
  const emit = settingReporter(ctx, candidates);
  const report = (node: SyntaxNode, message: Message<Id>, data: Record<string, unknown>) => {
    if (reported.has(node.from)) return;
    reported.add(node.from);
    emit(node, message, { data });
  };
  // Development and test sections, branches and classes hold local locations.
  const local = (node: SyntaxNode) => inLocalSection(text, node) || isDevOnly(text, node, env);

  /** A host value (`host='…'`, `'HOST': '…'`): a literal, an env read's default, or a branch picked by environment. */
  const checkHost = (value: SyntaxNode, key: string, prefix: string, always: boolean) => {
    const node = outerOf(value);
    if (node.name === 'ConditionalExpression') {
      // host='smtp.sendgrid.net' if ENV == 'production' else 'localhost': the deploy's host is still in code.
      const cond = node.getChild('if')?.nextSibling;
      if (!cond || conditionKind(text, cond, env) === undefined) return;
      const branch = childrenOf(node).find((b) => {
        if (b.from === cond.from) return false;
        const v = stringValue(text, b);
        return !!v && !v.includes('://') && !isExampleHost(v) && !isLoopbackHost(v) && v !== '0.0.0.0';
      });
      if (branch && !local(branch))
        report(
          branch,
          { messageId: 'hostByEnvironment', data: { key, value: stringValue(text, branch) } },
          {
            kind: 'host',
            names: [`${prefix}_HOST`],
            example: '',
          },
        );
      return;
    }
    const lit = literalIn(text, node, env);
    if (!lit) return;
    const v = stringValue(text, lit.node)!;
    const h = v.replace(/:\d+$/, '');
    if (!v || v.includes('://') || isExampleHost(v) || v === '0.0.0.0' || v === '::' || local(lit.node)) return;
    if (lit.fallback) {
      const deploys = isPrivateHost(h) || ENV_IN_NAME.test(h) || prefix !== 'SMTP';
      if (h.includes('.') && !isLocalDevHost(h) && deploys)
        report(
          lit.node,
          { messageId: 'fallbackHost', data: { key, value: clip(v, 40), variable: lit.variable ?? 'the variable' } },
          { kind: 'fallback', names: [`${prefix}_HOST`], example: '' },
        );
      return;
    }
    if (always) report(lit.node, { messageId: 'host', data: { key, value: v } }, hostData(prefix));
    else if (h.includes('.') && isPrivateHost(h))
      report(lit.node, { messageId: 'privateHost', data: { key, value: v } }, hostData(prefix));
  };

  for (const call of ctx.index.calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee) continue;
    const resolved = env.resolve(callee);
    const client = CLIENTS.find(([re]) => re.test(resolved))?.[1];
    const args = callArgs(text, call);
    if (client) {
      for (const [k, v] of args.keywords) if (HOST_KEYS.has(k)) checkHost(v, k, client, true);
      const first = args.positional[0];
      if (first && POSITIONAL_HOST.has(client) && !/\.from_url$/.test(resolved)) checkHost(first, 'host', client, true);
    } else {
      // A private host under a host keyword of any call.
      for (const [k, v] of args.keywords) if (HOST_KEYS.has(k)) checkHost(v, k, servicePrefix(callee), false);
    }
    // boto3.client('s3', endpoint_url='…'), session.resource(…): the endpoint is the service, whatever its host.
    const endpoint = args.keywords.get('endpoint_url');
    if (endpoint && /(^|\.)(client|resource)$/.test(resolved) && importsBoto(ctx)) {
      const value = stringValue(text, endpoint);
      const host = value && (/^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(value)?.[1] ?? value.split(/[/:]/)[0]);
      if (value && host && !isExampleHost(host.toLowerCase()) && !local(endpoint))
        report(
          endpoint,
          { messageId: 'objectStorage', data: { url: clip(redactUrl(value)) } },
          {
            kind: 'host',
            names: ['S3_ENDPOINT'],
            example: '',
          },
        );
    }
  }

  // DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': '…'}}, any dict with a host key.
  ctx.tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'DictionaryExpression') return undefined;
      const entries = dictEntries(text, ref.node);
      const backend = entries.find((e) => e.key === 'ENGINE' || e.key === 'BACKEND');
      const backendValue = backend && stringValue(text, backend.value);
      const isDb =
        (!!backendValue && DJANGO_BACKEND.test(backendValue)) ||
        entries.some(
          (e) => /^(dialect|driver|drivername)$/.test(e.key) && DB_NAMES.test(stringValue(text, e.value) ?? ''),
        );
      for (const e of entries)
        if (HOST_KEYS.has(e.key))
          checkHost(
            e.value,
            e.key,
            isDb ? (/cache|redis|memcache/i.test(backendValue ?? '') ? 'REDIS' : 'DB') : servicePrefix(''),
            isDb,
          );
      return undefined;
    },
  });
  // DATABASES['default']['HOST'] = 'db.prod.internal'
  for (const a of ctx.index.assignments) {
    const target = a.firstChild;
    if (target?.name !== 'MemberExpression' || target.lastChild?.name !== ']') continue;
    const key = stringValue(text, target.lastChild.prevSibling);
    if (!key || !HOST_KEYS.has(key) || !/^DATABASES\b/.test(text.slice(target.from, target.to))) continue;
    const value = a.lastChild;
    if (value && a.lastChild?.prevSibling?.name === 'AssignOp') checkHost(value, key, 'DB', true);
  }

  for (const lit of valueStrings(ctx.tree)) {
    if (reported.has(lit.from)) continue;
    const value = stringValue(text, lit);
    if (!value || !value.includes('://')) continue;
    // SQLAlchemy's `dialect+driver://` (`postgresql+psycopg2://…`) is read as the dialect's (detect/urls.ts).
    const svc = parseServiceUrl(value);
    if (!svc || isExampleHost(svc.host) || local(lit)) continue;
    const fb = env.fallbackOf(lit);
    // `os.environ.get('DATABASE_URL', 'postgresql://localhost/dev')` is a local default; a deploy's real one is not.
    if (fb && isLocalDefaultUrl(value)) continue;
    // A compose service with a word for a password (`postgres://app:app_password@db:5432/app`) is one too: as for
    // hardcoded-secret's fallbacks, only a random-looking password is a real one.
    if (fb && svc.password !== undefined && svc.hosts.every(isLocalDevHost) && svc.scheme !== 'mongodb+srv')
      if (!looksLikeSecretValue(svc.password, 'password')) continue;
    const binding = bindingOf(text, lit);
    report(
      lit,
      fb
        ? {
            messageId: 'fallbackUrl',
            data: {
              kind: svc.http ? 'service' : svc.scheme,
              url: clip(redactUrl(value), 40),
              variable: fb.variable ?? 'the variable',
            },
          }
        : {
            messageId: svc.http ? 'serviceUrl' : 'connectionUrl',
            data: { scheme: svc.scheme, url: clip(redactUrl(value)) },
          },
      {
        kind: fb ? 'fallback' : 'url',
        names: [svc.envName, binding ? toEnvName(binding.name) : ''],
        example: stripCredentials(value),
      },
    );
  }
}

function hostData(prefix: string): Record<string, unknown> {
  return { kind: 'host', names: [`${prefix}_HOST`], example: '' };
}

/** A string literal a host value is, directly or as an environment read's default. */
function literalIn(
  text: string,
  node: SyntaxNode,
  env: PyEnv,
): { node: SyntaxNode; fallback: boolean; variable?: string } | undefined {
  if (node.name === 'String')
    return { node, fallback: !!env.fallbackOf(node), variable: env.fallbackOf(node)?.variable };
  // os.getenv('DB_HOST', 'db.prod.internal'), os.environ.get('REDIS_HOST') or 'cache.internal'
  let lit: SyntaxNode | undefined;
  if (node.name === 'CallExpression') {
    const args = callArgs(text, node);
    lit = args.keywords.get('default') ?? args.positional[1];
  } else if (node.name === 'BinaryExpression' && node.getChild('or')) lit = node.lastChild ?? undefined;
  if (lit?.name !== 'String') return undefined;
  const fb = env.fallbackOf(lit);
  return fb ? { node: lit, fallback: true, variable: fb.variable } : undefined;
}

/** The keys and values of a dict literal with string keys. */
function dictEntries(text: string, dict: SyntaxNode): { key: string; value: SyntaxNode }[] {
  const out: { key: string; value: SyntaxNode }[] = [];
  const kids = childrenOf(dict);
  for (let i = 0; i + 2 < kids.length; i++) {
    if (kids[i + 1].name !== ':') continue;
    const key = stringValue(text, kids[i]);
    if (key !== undefined) out.push({ key, value: kids[i + 2] });
  }
  return out;
}

/** A variable-name prefix from a callee or setting name. */
function servicePrefix(text: string): string {
  if (/redis|cache|queue|celery|rq/i.test(text)) return 'REDIS';
  if (/mongo/i.test(text)) return 'MONGO';
  if (/amqp|rabbit|pika|kombu/i.test(text)) return 'AMQP';
  if (/smtp|mail/i.test(text)) return 'SMTP';
  if (/db|database|postgres|pg|mysql|sql/i.test(text)) return 'DB';
  return 'SERVICE';
}

function importsBoto(ctx: PySourceContext<Id>): boolean {
  return ctx.facts.imports.some((i) => /^(boto3|aioboto3|botocore|aiobotocore)(\.|$)/.test(i.specifier));
}
