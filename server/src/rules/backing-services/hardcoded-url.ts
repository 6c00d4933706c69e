// backing-services/hardcoded-url: database, cache, queue, object-storage and internal-service locations fixed in
// code, ORM config files or schema.prisma instead of attached through config.
import * as path from 'path';
import * as ts from 'typescript';
import { visit as visitJson } from 'jsonc-parser';
import { isScalar, parseDocument, visit as visitYaml } from 'yaml';
import type { Finding, Fix, FixContext, Message, ProjectContext, Range, Rule, SourceContext } from '../../core/types';
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
} from '../../lang/js/astUtil';
import {
  isExampleHost,
  isLocalDefaultUrl,
  isLocalDevHost,
  isLoopbackHost,
  isPrivateHost,
  parseServiceUrl,
} from '../../detect/urls';
import { dockerVars } from '../../platform/dockerEnv';
import { dockerStages, finalStageChain, isDevDockerfile } from '../../platform/docker';
import { redactUrl } from '../../util/redact';
import { toEnvName } from '../../util/naming';
import { moveToEnvFix, stripCredentials } from '../../fixes/env';
import { isExamplePath, isTestPath } from '../../core/paths';
import { clip, LineIndex } from '../../util/text';
import { LOCAL_SECTION, inLocalSection } from '../../lang/js/devOnly';
import { lookupTable } from '../../util/table';

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
const DB_NAMES =
  /^(pg|postgres|postgresql|mysql|mysql2|mariadb|mssql|tedious|oracledb|oracle|cockroachdb|mongodb|redshift)$/;
/** Sections that hold local-development or test settings (`{ development: { connection: … } }` in a knexfile). */
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

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const reported = new Set<ts.Node>();
  const report = (node: ts.Node, message: Message, data: Record<string, unknown>, severity?: 'warning' | 'info') => {
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

function fallbackHostMessage(key: string, value: string, variable: string | undefined): Message {
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
function isMinio(ctx: SourceContext, callee: string): boolean {
  return callee === 'Client' && ctx.facts.imports.some((i) => i.specifier === 'minio');
}

type Reporter = (node: ts.Node, message: Message, data: Record<string, unknown>, severity?: 'warning' | 'info') => void;

function checkHostOptions(
  ctx: SourceContext,
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
function checkBuckets(ctx: SourceContext, report: Reporter): void {
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

// ---- Project half: ORM config files and Prisma schemas, which are not JS.

const ORM_FILE = /^ormconfig\.(json|ya?ml)$/i;
/** sequelize-cli `config/config.json`, db-migrate `database.json`: recognised by a dialect/driver key. */
const DB_JSON = /(^|\/)(config\/config|config\/database|database)\.json$/i;

function checkProject(ctx: ProjectContext): void {
  for (const f of ctx.project.files) {
    if (f.kind !== 'data' || f.ignored || isTestPath(f.rel) || isExamplePath(f.rel)) continue;
    const base = path.basename(f.rel);
    if (base.endsWith('.prisma')) checkPrisma(ctx, f.path);
    else if (ORM_FILE.test(base) || DB_JSON.test(f.rel)) checkOrmFile(ctx, f.path, base);
  }
  checkDockerfiles(ctx);
}

/**
 * `ENV DATABASE_URL=postgres://…@db.internal/shop` in the image that ships: the location is baked into every
 * container. Database/queue schemes count, and internal http URLs that carry credentials. Build stages the final
 * image does not inherit, dev Dockerfiles, loopback and example hosts are left alone.
 */
function checkDockerfiles(ctx: ProjectContext): void {
  for (const df of ctx.project.dockerfiles) {
    if (isTestPath(df.rel) || isExamplePath(df.rel) || isDevDockerfile(df.rel)) continue;
    const text = ctx.read(df.path);
    if (text === undefined) continue;
    const lines = new LineIndex(text);
    const stages = dockerStages(df);
    const shipped = new Set(finalStageChain(df).map((st) => stages.findIndex((x) => x.from === st.from)));
    const base = path.basename(df.path);
    for (const v of dockerVars(df, text)) {
      if (v.keyword !== 'ENV' || !v.value || !shipped.has(v.stage) || !v.value.includes('://')) continue;
      const svc = parseServiceUrl(v.value);
      if (!svc || (svc.http && !svc.hasCredentials) || isExampleHost(svc.host) || isLoopbackHost(svc.host)) continue;
      ctx.report(
        df.path,
        lines.range(v.valueStart, v.valueEnd),
        { messageId: 'dockerEnv', data: { key: v.key, file: base, url: clip(redactUrl(v.value)) } },
        {
          data: { kind: 'dockerfile' },
        },
      );
    }
  }
}

function hostMessage(messageId: 'dataFileUrl' | 'dataFileHost', value: string, base: string): Message {
  return { messageId, data: { url: clip(redactUrl(value)), file: base } };
}

function checkOrmFile(ctx: ProjectContext, file: string, base: string): void {
  const text = ctx.read(file);
  if (!text) return;
  const lines = new LineIndex(text);
  const candidates: { key: string; value: string; range: Range; path: (string | number)[] }[] = [];
  let isDbConfig = ORM_FILE.test(base);
  if (base.endsWith('.json')) {
    visitJson(text, {
      onLiteralValue(value, offset, length, _l, _c, pathSupplier) {
        const p = pathSupplier();
        const key = p[p.length - 1];
        if (typeof value !== 'string' || typeof key !== 'string') return;
        if ((key === 'dialect' || key === 'driver' || key === 'type') && DB_NAMES.test(value)) isDbConfig = true;
        candidates.push({ key, value, range: lines.range(offset, offset + length), path: p });
      },
    });
  } else {
    try {
      const doc = parseDocument(text);
      visitYaml(doc, {
        Pair(_k, pair, ancestors) {
          if (!isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== 'string' || !pair.value.range)
            return;
          const keys = ancestors
            .filter(
              (a): a is typeof pair => !!a && typeof a === 'object' && 'key' in a && isScalar((a as typeof pair).key),
            )
            .map((a) => String((a.key as { value: unknown }).value));
          const [start, end] = pair.value.range;
          candidates.push({
            key: String(pair.key.value),
            value: pair.value.value,
            range: lines.range(start, end),
            path: [...keys, String(pair.key.value)],
          });
        },
      });
    } catch {
      return;
    }
  }
  if (!isDbConfig) return;
  for (const c of candidates) {
    if (c.path.some((s) => typeof s === 'string' && LOCAL_SECTION.test(s))) continue;
    if (c.key === 'url' || c.key === 'connectionString' || c.key === 'uri') {
      const svc = parseServiceUrl(c.value);
      if (svc && !isExampleHost(svc.host)) ctx.report(file, c.range, hostMessage('dataFileUrl', c.value, base));
    } else if (c.key === 'host' || c.key === 'hostname') {
      if (c.value && !c.value.includes('${') && !isExampleHost(c.value) && c.value !== '0.0.0.0')
        ctx.report(file, c.range, hostMessage('dataFileHost', c.value, base));
    }
  }
}

/** `datasource db { url = "postgresql://…" }`; `url = env("DATABASE_URL")` is the way. */
function checkPrisma(ctx: ProjectContext, file: string): void {
  const text = ctx.read(file);
  if (!text) return;
  const lines = new LineIndex(text);
  // Blanks before a line's first word, not `^\s*` (which spans lines, so every blank line rescanned the next ones);
  // a block without its `}` ends the search, since every later one would read to the end for it too.
  const open = /^[^\S\r\n\u2028\u2029]*datasource\s+\w+\s*\{/gm;
  for (let b = open.exec(text); b; b = open.exec(text)) {
    const close = text.indexOf('}', open.lastIndex);
    if (close < 0) break;
    const block = text.slice(b.index, close + 1);
    open.lastIndex = close + 1;
    const blockStart = b.index;
    for (const m of block.matchAll(
      /^([^\S\r\n\u2028\u2029]*)(url|directUrl|shadowDatabaseUrl)(\s*=\s*)"([^"\\]*)"/gm,
    )) {
      const value = m[4];
      const svc = parseServiceUrl(value);
      if (!svc || isExampleHost(svc.host)) continue;
      const start = blockStart + (m.index ?? 0) + m[1].length + m[2].length + m[3].length;
      const envName =
        m[2] === 'url'
          ? svc.envName === 'MONGODB_URI'
            ? 'DATABASE_URL'
            : svc.envName
          : m[2] === 'directUrl'
            ? 'DIRECT_URL'
            : 'SHADOW_DATABASE_URL';
      ctx.report(
        file,
        lines.range(start, start + value.length + 2),
        { messageId: 'prisma', data: { scheme: svc.scheme, url: clip(redactUrl(value)) } },
        {
          data: { kind: 'prisma', names: [envName], example: stripCredentials(value) },
        },
      );
    }
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { kind?: string; names?: string[]; example?: string } | undefined;
  const text = ctx.read(finding.path);
  if (!data?.kind || data.kind === 'dockerfile' || data.kind === 'fallback' || text === undefined) return [];
  const lines = new LineIndex(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  const value = /^(['"`])([\s\S]*)\1$/.exec(raw)?.[2];
  if (value === undefined || value.includes('\\') || value.includes('${')) return [];
  const prisma = data.kind === 'prisma';
  return [
    moveToEnvFix(
      {
        file: finding.path,
        range: finding.range,
        value,
        names: data.names ?? [],
        exampleValue: data.example ?? '',
        expression: prisma ? (name) => `env("${name}")` : undefined,
      },
      ctx,
    ),
  ];
}

function appliesTo(ctx: ProjectContext): boolean {
  // Every project that has code or config could attach a backing service; a bare folder has nothing to check.
  return ctx.project.sources.length > 0 || ctx.project.files.some((f) => f.kind === 'data');
}

export const hardcodedUrl: Rule = {
  meta: {
    id: 'backing-services/hardcoded-url',
    inputs: ['dockerfile', 'package-json', 'source'],
    factor: 'backing-services',
    severity: 'warning',
    description:
      'Locations of databases, caches, queues, object storage and internal services hardcoded in code or config files.',
    why: 'Backing services are attached resources located by config (factor IV), so a deploy can swap one without a code change. Read the URL, host or bucket from an environment variable such as DATABASE_URL, with at most a local-development fallback.',
    fixable: true,
    messages: {
      fallbackHost: "Fallback {{key}} '{{value}}' for {{variable}} is not a local default.",
      privateHost: "Hardcoded {{key}} '{{value}}' of a private service.",
      fallbackUrl: "Fallback {{kind}} URL '{{url}}' for {{variable}} is not a local default.",
      serviceUrl: "Hardcoded internal service URL '{{url}}'.",
      connectionUrl: "Hardcoded {{scheme}} connection URL '{{url}}'.",
      hostByEnvironment: "Hardcoded {{key}} '{{value}}' chosen by environment name.",
      objectStorage: "Hardcoded object-storage endpoint '{{url}}'.",
      host: "Hardcoded {{key}} '{{value}}' for a backing service.",
      bucketOfEnvironment: "Bucket '{{bucket}}' is hardcoded and names one environment.",
      bucket: "Bucket '{{bucket}}' is hardcoded.",
      dockerEnv: "ENV {{key}} in {{file}} bakes '{{url}}' into the image.",
      dataFileUrl: "Hardcoded connection URL '{{url}}' in {{file}}, a data file that cannot read the environment.",
      dataFileHost: "Hardcoded host '{{url}}' in {{file}}, a data file that cannot read the environment.",
      prisma: "Hardcoded {{scheme}} URL '{{url}}' in the Prisma datasource.",
    },
  },
  trigger: /:\/\/|host|hostname|endpoint|endPoint|server|Bucket|bucket|client|dialect/,
  checkSource,
  checkProject,
  appliesTo,
  fixes,
};
