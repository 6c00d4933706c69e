// backing-services/hardcoded-url in JS/TS: backing-service hosts, connection and internal service URLs, and bucket
// names fixed in code (client options, database config objects, string literals, S3 and GCS calls).
import * as ts from 'typescript';
import type { Message } from '../../../../core/types';
import { jsCheck, type JsExtractContext } from '../../context';
import {
  bindingNameOf,
  calleeName,
  constInitializer,
  declaredName,
  dottedName,
  envVarName,
  isEnvFallback,
  readsEnv,
  stringValue,
  unwrap,
} from '../../astUtil';
import {
  isExampleHost,
  isLocalDefaultUrl,
  isLocalDevHost,
  isLoopbackHost,
  isPrivateHost,
  parseServiceUrl,
} from '../../../../detect/urls';
import { redactUrl } from '../../../../util/redact';
import { toEnvName } from '../../../../util/naming';
import { stripCredentials } from '../../../../fixes/env';
import { clip } from '../../../../util/text';
import { inLocalSection } from '../../devOnly';
import { LOCAL_SECTION } from '../../../../detect/environments';
import { lookupTable } from '../../../../util/table';
import { DB_NAMES } from '../../../../detect/urls';

type Id =
  | 'fallbackHost'
  | 'privateHost'
  | 'fallbackUrl'
  | 'serviceUrl'
  | 'connectionUrl'
  | 'hostByEnvironment'
  | 'objectStorage'
  | 'host'
  | 'bucketOfEnvironment'
  | 'bucket';

/** Client constructors and factories whose options name a backing service's host. */
const CLIENTS: Record<string, string> = lookupTable({
  Pool: 'DB',
  Client: 'DB',
  Sequelize: 'DB',
  DataSource: 'DB',
  createConnection: 'DB',
  createPool: 'DB',
  knex: 'DB',
  Knex: 'DB',
  PrismaClient: 'DB',
  MongoClient: 'MONGO',
  connect: 'DB',
  Redis: 'REDIS',
  createClient: 'REDIS',
  Cluster: 'REDIS',
  Memcached: 'MEMCACHED',
  Kafka: 'KAFKA',
  S3Client: 'S3',
  S3: 'S3',
  createTransport: 'SMTP',
  Queue: 'REDIS',
  Worker: 'REDIS',
  ElasticsearchClient: 'ELASTICSEARCH',
  drizzle: 'DB',
});
/** Object-storage clients: their `endpoint` is the service location even when the host is public. */
const S3_CLIENTS = new Set(['S3Client', 'S3']);

const HOST_KEYS = new Set(['host', 'hostname', 'server', 'endpoint', 'endPoint']);
/** `client: 'pg'`, `dialect: 'postgres'`, `type: 'mysql'`: an object literal that configures a database. */
const DB_DISCRIMINATOR_KEYS = new Set(['client', 'dialect', 'type', 'driver']);
/** S3 commands (`new PutObjectCommand({ Bucket })`) and v2 client methods (`s3.upload({ Bucket })`). */
const S3_COMMAND = /^(Put|Get|Delete|Head|Copy|List|Create|Complete|Abort|Upload|Restore|Select)\w*Command$/;
const S3_METHODS = new Set([
  'putObject',
  'getObject',
  'deleteObject',
  'deleteObjects',
  'headObject',
  'upload',
  'copyObject',
  'listObjects',
  'listObjectsV2',
  'getSignedUrl',
  'getSignedUrlPromise',
  'createPresignedPost',
  'createMultipartUpload',
  'uploadPart',
  'completeMultipartUpload',
]);
const ENV_IN_NAME = /(^|[-_.])(prod|production|staging|stage|dev|development|qa|uat|preprod)([-_.]|$)/i;

function keyOf(prop: ts.PropertyAssignment): string {
  return declaredName(prop.name) ?? prop.name.getText();
}

/** Whether a condition tells environments apart: `process.env.NODE_ENV === 'production'`, `isProd`, `config.isDev`. */
function picksByEnvironment(cond: ts.Expression): boolean {
  return (
    readsEnv(cond) ||
    /\b(is)?(prod|production|dev|development|staging|env)\b/i.test(
      (dottedName(cond) ?? cond.getText()).replace(/([a-z])([A-Z])/g, '$1 $2'),
    )
  );
}

/** `host: process.env.DB_HOST || 'db.prod.internal'`: the literal a host option falls back to, and the variable read. */
function hostFallback(
  prop: ts.PropertyAssignment,
): { literal: ts.Expression; variable: string | undefined } | undefined {
  const init = unwrap(prop.initializer);
  if (!ts.isBinaryExpression(init)) return undefined;
  const op = init.operatorToken.kind;
  if (op !== ts.SyntaxKind.BarBarToken && op !== ts.SyntaxKind.QuestionQuestionToken) return undefined;
  const literal = unwrap(init.right);
  if (stringValue(literal) === undefined || !isEnvFallback(literal) || !readsEnv(init.left)) return undefined;
  return { literal, variable: fallbackVariable(literal) };
}

/** The variable a fallback literal stands in for: `process.env.MONGO_URL ?? '…'` → MONGO_URL. */
function fallbackVariable(lit: ts.Node): string | undefined {
  let child: ts.Node = lit;
  while (child.parent && (ts.isParenthesizedExpression(child.parent) || ts.isAsExpression(child.parent)))
    child = child.parent;
  const p = child.parent;
  return p && ts.isBinaryExpression(p) && p.right === child ? envVarName(unwrap(p.left)) : undefined;
}

function fallbackHostMessage(key: string, value: string, variable: string | undefined): Message<Id> {
  return { messageId: 'fallbackHost', data: { key, value: clip(value, 40), variable: variable ?? 'the variable' } };
}

/** A variable-name prefix from what surrounds a host option: its enclosing keys and the call it is passed to. */
function servicePrefix(prop: ts.PropertyAssignment): string {
  const words: string[] = [];
  for (let p: ts.Node | undefined = prop.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p)) words.push(declaredName(p.name) ?? '');
    if (ts.isCallExpression(p) || ts.isNewExpression(p)) words.push(p.expression.getText());
    if (ts.isFunctionLike(p)) break;
  }
  const text = words.join(' ');
  if (/redis|cache|queue|bull/i.test(text)) return 'REDIS';
  if (/mongo/i.test(text)) return 'MONGO';
  if (/amqp|rabbit/i.test(text)) return 'AMQP';
  if (/smtp|mail/i.test(text)) return 'SMTP';
  if (/db|database|postgres|pg|mysql|sql|typeorm|sequelize|knex/i.test(text)) return 'DB';
  return 'SERVICE';
}

/** The base argument of `new URL(input, base)` / `URL.parse(input, base)`: only resolves a relative path. */
function isUrlBase(lit: ts.Node): boolean {
  let node: ts.Node = lit;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)))
    node = node.parent;
  const call = node.parent;
  if (!call || !(ts.isNewExpression(call) || ts.isCallExpression(call))) return false;
  const args = call.arguments ?? ts.factory.createNodeArray();
  if (args.indexOf(node as ts.Expression) !== 1) return false;
  const callee = call.expression;
  if (ts.isNewExpression(call))
    return ts.isIdentifier(callee)
      ? callee.text === 'URL'
      : ts.isPropertyAccessExpression(callee) && callee.name.text === 'URL';
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'URL' &&
    /^(parse|canParse)$/.test(callee.name.text)
  );
}

/** `new Minio.Client({ endPoint })`: the minio package's client. */
function isMinio(ctx: JsExtractContext, callee: string): boolean {
  return callee === 'Client' && ctx.facts.imports.some((i) => i.specifier === 'minio');
}

type Reporter = (
  node: ts.Node,
  message: Message<Id>,
  data: Record<string, unknown>,
  severity?: 'warning' | 'info',
) => void;

function checkHostOptions(
  ctx: JsExtractContext,
  node: ts.Expression,
  prefix: string,
  objectStorage: boolean,
  depth: number,
  report: Reporter,
): void {
  if (!ts.isObjectLiteralExpression(node) || depth > 2 || inLocalSection(node)) return;
  for (const prop of node.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const key = keyOf(prop);
    const init = unwrap(prop.initializer);
    if (ts.isObjectLiteralExpression(init)) {
      if (!LOCAL_SECTION.test(key)) checkHostOptions(ctx, init, prefix, objectStorage, depth + 1, report);
      continue;
    }
    if (HOST_KEYS.has(key) && ts.isConditionalExpression(init) && picksByEnvironment(init.condition)) {
      // `host: NODE_ENV === 'production' ? 'smtp.sendgrid.net' : 'localhost'`: the deploy's host is still in code.
      const branch = [init.whenTrue, init.whenFalse].map(unwrap).find((b) => {
        const v = stringValue(b);
        return !!v && !v.includes('://') && !isExampleHost(v) && !isLoopbackHost(v) && v !== '0.0.0.0';
      });
      if (branch) {
        report(
          branch,
          { messageId: 'hostByEnvironment', data: { key, value: stringValue(branch) } },
          {
            kind: 'host',
            names: [`${prefix}_HOST`],
            example: '',
          },
        );
      }
      continue;
    }
    const fallback = HOST_KEYS.has(key) ? hostFallback(prop) : undefined;
    if (fallback) {
      // `host: process.env.PGHOST || 'orders-db.c9x2.eu-west-1.rds.amazonaws.com'`: a missing variable means production.
      // A mail relay or storage provider's public endpoint (`smtp.sendgrid.net`, `s3.eu-central-1.wasabisys.com`) is
      // the same for every deploy: there only private hosts and hosts that name an environment count.
      const v = stringValue(fallback.literal)!;
      const h = v.replace(/:\d+$/, '');
      const deploys = isPrivateHost(h) || ENV_IN_NAME.test(h) || (prefix !== 'SMTP' && !objectStorage);
      if (v && !v.includes('://') && h.includes('.') && !isLocalDevHost(h) && deploys)
        report(fallback.literal, fallbackHostMessage(key, v, fallback.variable), {
          kind: 'fallback',
          names: [`${prefix}_HOST`],
          example: '',
        });
      continue;
    }
    const value = stringValue(init);
    if (value === undefined || !value || !HOST_KEYS.has(key)) continue;
    if (objectStorage && /^end[pP]oint$/.test(key)) {
      const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(value)?.[1] ?? value.split(/[/:]/)[0];
      if (isExampleHost(host.toLowerCase())) continue;
      report(
        init,
        { messageId: 'objectStorage', data: { url: clip(redactUrl(value)) } },
        {
          kind: 'host',
          names: ['S3_ENDPOINT'],
          example: '',
        },
      );
      continue;
    }
    if (value.includes('://') || isExampleHost(value)) continue;
    if (value === '0.0.0.0' || value === '::') continue; // a bind address, not a service location
    report(
      init,
      { messageId: 'host', data: { key, value } },
      {
        kind: 'host',
        names: [`${prefix}_HOST`],
        example: '',
      },
    );
  }
}

/** Bucket names differ per deploy (acme-staging-uploads, acme-prod-uploads): they are config too. */
function checkBuckets(ctx: JsExtractContext, report: Reporter): void {
  const bucket = (lit: ts.Expression, provider: 'S3' | 'GCS') => {
    const value = stringValue(lit);
    if (!value || isEnvFallback(lit) || inLocalSection(lit) || /[{}<>$]|example|your/i.test(value)) return;
    const envSpecific = ENV_IN_NAME.test(value);
    const name = `${provider}_BUCKET`;
    report(
      lit,
      envSpecific
        ? { messageId: 'bucketOfEnvironment', data: { bucket: value } }
        : { messageId: 'bucket', data: { bucket: value } },
      {
        kind: 'bucket',
        names: [name],
        example: '',
      },
      envSpecific ? 'warning' : 'info',
    );
  };
  // `const BUCKET = 'acme-docs-prod'` used as `{ Bucket: BUCKET }` in several commands: the literal, once.
  const seen = new Set<ts.Node>();
  const literalOf = (e: ts.Expression): ts.Expression | undefined => {
    if (!ts.isIdentifier(e)) return e;
    const init = constInitializer(ctx.index, e.text);
    return init && unwrap(init);
  };
  const findBucket = (node: ts.Expression, depth: number): void => {
    if (!ts.isObjectLiteralExpression(node) || depth > 2) return;
    for (const prop of node.properties) {
      if (!ts.isPropertyAssignment(prop)) continue;
      const init = unwrap(prop.initializer);
      if (keyOf(prop) === 'Bucket') {
        const lit = literalOf(init);
        if (lit && !seen.has(lit)) {
          seen.add(lit);
          bucket(lit, 'S3');
        }
      } else findBucket(init, depth + 1);
    }
  };
  for (const n of ctx.index.news) {
    const name = calleeName(n.expression) ?? '';
    if (S3_COMMAND.test(name) || name === 'Upload') for (const a of n.arguments ?? []) findBucket(unwrap(a), 0);
  }
  const gcs = ctx.facts.imports.some((i) => i.specifier === '@google-cloud/storage');
  for (const c of ctx.index.calls) {
    const name = calleeName(c.expression) ?? '';
    if (S3_METHODS.has(name) && ts.isPropertyAccessExpression(c.expression))
      for (const a of c.arguments) findBucket(unwrap(a), 0);
    if (gcs && name === 'bucket' && ts.isPropertyAccessExpression(c.expression) && c.arguments[0])
      bucket(unwrap(c.arguments[0]), 'GCS');
  }
}

export const hardcodedUrlJs = jsCheck<Id>({
  trigger: /:\/\/|host|hostname|endpoint|endPoint|server|Bucket|bucket|client|dialect/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const reported = new Set<ts.Node>();
    const report = (
      node: ts.Node,
      message: Message<Id>,
      data: Record<string, unknown>,
      severity?: 'warning' | 'info',
    ) => {
      if (reported.has(node)) return;
      reported.add(node);
      ctx.report(node, message, { data, severity });
    };
    // new Pool({ host: 'db.internal' }), new Redis({ host: '10.0.0.5' }), knex({ connection: { host: '…' } })
    for (const call of [...ctx.index.news, ...ctx.index.calls]) {
      const name = calleeName(call.expression);
      if (!name || !(name in CLIENTS)) continue;
      for (const arg of call.arguments ?? [])
        checkHostOptions(ctx, unwrap(arg), CLIENTS[name], S3_CLIENTS.has(name) || isMinio(ctx, name), 0, report);
    }
    // Config objects outside a call: knexfile exports, TypeORM/Sequelize options objects.
    for (const prop of ctx.index.properties) {
      if (!DB_DISCRIMINATOR_KEYS.has(keyOf(prop)) || !DB_NAMES.test(stringValue(unwrap(prop.initializer)) ?? ''))
        continue;
      if (ts.isObjectLiteralExpression(prop.parent)) checkHostOptions(ctx, prop.parent, 'DB', false, 0, report);
    }
    // `BullModule.forRoot({ connection: { host: 'redis-master.orders.svc.cluster.local' } })`: whatever the call, a
    // private DNS name or address under a host key locates one deploy's service.
    for (const prop of ctx.index.properties) {
      if (!HOST_KEYS.has(keyOf(prop)) || /^end[pP]oint$/.test(keyOf(prop))) continue;
      const fallback = hostFallback(prop);
      const init = fallback?.literal ?? unwrap(prop.initializer);
      const value = stringValue(init);
      const host = value?.replace(/:\d+$/, '');
      if (!value || !host || reported.has(init) || value.includes('://') || !host.includes('.') || !isPrivateHost(host))
        continue;
      if (inLocalSection(init)) continue;
      const prefix = servicePrefix(prop);
      if (fallback) {
        if (!isLocalDevHost(host))
          report(init, fallbackHostMessage(keyOf(prop), value, fallback.variable), {
            kind: 'fallback',
            names: [`${prefix}_HOST`],
            example: '',
          });
        continue;
      }
      if (isEnvFallback(init)) continue;
      report(
        init,
        { messageId: 'privateHost', data: { key: keyOf(prop), value } },
        {
          kind: 'host',
          names: [`${prefix}_HOST`],
          example: '',
        },
      );
    }
    for (const lit of ctx.index.strings) {
      const value = lit.text;
      if (reported.has(lit) || !value.includes('://')) continue;
      const svc = parseServiceUrl(value);
      if (!svc || isExampleHost(svc.host)) continue;
      if (inLocalSection(lit) || isUrlBase(lit)) continue; // `new URL(req.url, 'http://placeholder')`: a parsing base
      const fallback = isEnvFallback(lit);
      // `process.env.DATABASE_URL || 'postgres://localhost/dev'` is a local default; a deploy's real location is not.
      if (fallback && isLocalDefaultUrl(value)) continue;
      const binding = bindingNameOf(lit);
      const names = [svc.envName, binding ? toEnvName(binding) : ''];
      // Redacted before clipped: a cut could fall inside the password.
      report(
        lit,
        fallback
          ? {
              messageId: 'fallbackUrl',
              data: {
                kind: svc.http ? 'service' : svc.scheme,
                url: clip(redactUrl(value), 40),
                variable: fallbackVariable(lit) ?? 'the variable',
              },
            }
          : {
              messageId: svc.http ? 'serviceUrl' : 'connectionUrl',
              data: { scheme: svc.scheme, url: clip(redactUrl(value)) },
            },
        {
          kind: fallback ? 'fallback' : 'url',
          names,
          example: stripCredentials(value),
        },
      );
    }
    checkBuckets(ctx, report);
  },
});
