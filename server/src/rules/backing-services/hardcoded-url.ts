// backing-services/hardcoded-url: database, cache, queue and internal-service locations fixed in code.
import * as ts from 'typescript';
import type { Finding, Fix, FixContext, Rule, SourceContext } from '../../engine/types';
import { bindingNameOf, calleeName, isEnvFallback, stringValue, unwrap } from '../../engine/astUtil';
import { isExampleHost, parseServiceUrl } from '../../detect/urls';
import { redactUrl } from '../../util/redact';
import { toEnvName } from '../../util/naming';
import { moveToEnvFix, stripCredentials } from '../../fixes/env';
import { LineIndex } from '../../util/text';

/** Client constructors and factories whose options name a backing service's host. */
const CLIENTS: Record<string, string> = {
  Pool: 'DB', Client: 'DB', Sequelize: 'DB', DataSource: 'DB', createConnection: 'DB', createPool: 'DB', knex: 'DB', Knex: 'DB',
  PrismaClient: 'DB', MongoClient: 'MONGO', connect: 'DB', Redis: 'REDIS', createClient: 'REDIS', Cluster: 'REDIS',
  Memcached: 'MEMCACHED', Kafka: 'KAFKA', S3Client: 'S3', S3: 'S3', createTransport: 'SMTP', Queue: 'REDIS', Worker: 'REDIS',
  ElasticsearchClient: 'ELASTICSEARCH',
};

const HOST_KEYS = new Set(['host', 'hostname', 'server', 'endpoint']);

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  for (const lit of ctx.index.strings) {
    const value = lit.text;
    if (!value.includes('://')) continue;
    const svc = parseServiceUrl(value);
    if (!svc || isExampleHost(svc.host)) continue;
    if (isEnvFallback(lit)) continue; // `process.env.DATABASE_URL || 'postgres://localhost/dev'`
    const binding = bindingNameOf(lit);
    const names = [svc.envName, binding ? toEnvName(binding) : ''];
    const what = svc.http ? `internal service URL` : `${svc.scheme} connection URL`;
    ctx.report(lit, `Hardcoded ${what} '${redactUrl(value)}'. Backing services are attached by config (factor IV): read it from ${svc.envName}.`, {
      data: { kind: 'url', names, example: stripCredentials(value) },
    });
  }
  // new Pool({ host: 'db.internal' }), new Redis({ host: '10.0.0.5' }), knex({ connection: { host: '…' } })
  for (const call of [...ctx.index.news, ...ctx.index.calls]) {
    const name = calleeName(call.expression);
    if (!name || !(name in CLIENTS)) continue;
    for (const arg of call.arguments ?? []) checkHostOptions(ctx, unwrap(arg), CLIENTS[name], 0);
  }
}

function checkHostOptions(ctx: SourceContext, node: ts.Expression, prefix: string, depth: number): void {
  if (!ts.isObjectLiteralExpression(node) || depth > 2) return;
  for (const prop of node.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const key = prop.name.getText().replace(/['"]/g, '');
    const init = unwrap(prop.initializer);
    if (ts.isObjectLiteralExpression(init)) {
      checkHostOptions(ctx, init, prefix, depth + 1);
      continue;
    }
    const value = stringValue(init);
    if (value === undefined || !HOST_KEYS.has(key) || value.includes('://') || !value || isExampleHost(value)) continue;
    if (value === '0.0.0.0' || value === '::') continue; // a bind address, not a service location
    ctx.report(init, `Hardcoded ${key} '${value}' for a backing service. Read it from ${prefix}_HOST so the service can be swapped by config (factor IV).`, {
      data: { kind: 'host', names: [`${prefix}_HOST`], example: '' },
    });
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { names?: string[]; example?: string } | undefined;
  const text = ctx.read(finding.path);
  if (!data || text === undefined) return [];
  const lines = new LineIndex(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  const value = /^(['"`])([\s\S]*)\1$/.exec(raw)?.[2];
  if (value === undefined || value.includes('\\') || value.includes('${')) return [];
  return [moveToEnvFix({ file: finding.path, range: finding.range, value, names: data.names ?? [], exampleValue: data.example ?? '' }, ctx)];
}

export const hardcodedUrl: Rule = {
  meta: {
    id: 'backing-services/hardcoded-url',
    factor: 'backing-services',
    severity: 'warning',
    description: 'Connection URLs and hosts of databases, caches, queues and internal services hardcoded in code.',
    fixable: true,
  },
  trigger: /:\/\/|host|hostname|endpoint|server/,
  checkSource,
  fixes,
};
