// backing-services/hardcoded-url: database, cache, queue, object-storage and internal-service locations fixed in
// code, ORM config files or schema.prisma instead of attached through config.
import * as path from 'path';
import { visit as visitJson } from 'jsonc-parser';
import { isScalar, parseDocument, visit as visitYaml } from 'yaml';
import {
  defineRule,
  type Finding,
  type Fix,
  type FixContext,
  type Message,
  type ProjectContext,
  type Range,
} from '../../core/types';
import { isExampleHost, isLocalDevHost, isLoopbackHost, parseServiceUrl } from '../../detect/urls';
import { dockerVars } from '../../platform/dockerEnv';
import { dockerStages, finalStageChain, isDevDockerfile } from '../../platform/docker';
import { redactUrl } from '../../util/redact';
import { moveToEnvFix, stripCredentials } from '../../fixes/env';
import { isExamplePath, isTestPath, sourceLanguage } from '../../core/paths';
import { clip, LineIndex } from '../../util/text';
import { LOCAL_SECTION } from '../../detect/environments';
import { DB_NAMES } from '../../detect/urls';
import { hardcodedUrlJs } from '../../lang/js/checks/backing-services/hardcoded-url';
import { hardcodedUrlPy } from '../../lang/py/checks/backing-services/hardcoded-url';
import { pyLiteralMove } from '../../lang/py/edits';
import { PY_URL_SETTINGS } from '../../facts/backing-services';
import { reportPySettingCandidates } from '../../facts/pySettings';

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
  checkAlembicIni(ctx);
  // Python settings the check left to the project: reported unless a production settings module overrides them.
  reportPySettingCandidates(ctx, PY_URL_SETTINGS);
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
    const lines = LineIndex.of(text);
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

/**
 * `sqlalchemy.url = postgresql+psycopg://app@db.internal/app` in the project's alembic.ini: committed beside the code and used by every `alembic upgrade`. Alembic's generated placeholder
 * (`driver://user:pass@localhost/dbname`), interpolations (`%(DB_URL)s`), SQLite files, local and compose hosts, and
 * sections named for development or tests are left alone; setup.cfg and pytest.ini are tools' settings, not read.
 */
function checkAlembicIni(ctx: ProjectContext): void {
  // Ini files are not discovered (no file kind): alembic.ini is read where `alembic init` puts it, the project root.
  const file = path.join(ctx.project.root, 'alembic.ini');
  const rel = path.relative(ctx.workspace.root, file).split(path.sep).join('/');
  if (isTestPath(rel) || isExamplePath(rel)) return;
  const text = ctx.read(file);
  if (!text || !/^\[alembic\]/m.test(text)) return;
  const lines = LineIndex.of(text);
  let section = '';
  // Line by line: a section header, or `sqlalchemy.url = value` (configparser's `=` or `:`).
  for (const m of text.matchAll(
    /^[^\S\r\n]*(?:\[([^\]\r\n]*)\]|sqlalchemy\.url[^\S\r\n]*[=:][^\S\r\n]*([^\r\n]*))/gm,
  )) {
    if (m[1] !== undefined) {
      section = m[1];
      continue;
    }
    const value = (m[2] ?? '').trim();
    if (!value || LOCAL_SECTION.test(section) || /%\(|\$\{/.test(value)) continue;
    // SQLAlchemy's `dialect+driver://`: the dialect names the service.
    const svc = parseServiceUrl(value.replace(/^([a-z][a-z0-9]*)\+[a-z0-9_]+:/i, '$1:'));
    if (!svc || svc.http || isExampleHost(svc.host) || svc.hosts.every(isLocalDevHost)) continue;
    const start = (m.index ?? 0) + m[0].length - (m[2] ?? '').length + (m[2] ?? '').indexOf(value);
    ctx.report(file, lines.range(start, start + value.length), {
      messageId: 'alembicUrl',
      data: { url: clip(redactUrl(value), 40) },
    });
  }
}

function hostMessage(messageId: 'dataFileUrl' | 'dataFileHost', value: string, base: string): Message {
  return { messageId, data: { url: clip(redactUrl(value)), file: base } };
}

function checkOrmFile(ctx: ProjectContext, file: string, base: string): void {
  const text = ctx.read(file);
  if (!text) return;
  const lines = LineIndex.of(text);
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
  const lines = LineIndex.of(text);
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
  if (sourceLanguage(finding.path) === 'py') {
    // `os.environ['NAME']`, with `import os` added when the file lacks it.
    const move = pyLiteralMove(text, finding.range);
    if (!move) return [];
    const req = { file: finding.path, range: finding.range, names: data.names ?? [], exampleValue: data.example ?? '' };
    return [moveToEnvFix({ ...req, ...move }, ctx)];
  }
  const lines = LineIndex.of(text);
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
  return ctx.project.files.some((f) => f.kind === 'source' || f.kind === 'data');
}

export const hardcodedUrl = defineRule({
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
      alembicUrl: "alembic.ini hardcodes sqlalchemy.url '{{url}}'; read it from the environment in env.py.",
      dataFileHost: "Hardcoded host '{{url}}' in {{file}}, a data file that cannot read the environment.",
      prisma: "Hardcoded {{scheme}} URL '{{url}}' in the Prisma datasource.",
    },
  },
  sources: [hardcodedUrlJs, hardcodedUrlPy],
  checkProject,
  appliesTo,
  fixes,
});
