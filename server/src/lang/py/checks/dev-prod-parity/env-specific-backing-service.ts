// dev-prod-parity/env-specific-backing-service in Python: the database and cache settings a file sets, with the
// environment each value serves — a config class named for it (`DevelopmentConfig`, `ProductionConfig`), a branch on
// the environment (`if DEBUG:`, `… if ENV == 'production' else …`), or a module named for it (`settings/dev.py`).
// Recorded for the rule's project half, which pairs development with production in a file (classes, branches) and
// across a settings package (settings/dev.py against settings/production.py or the base they share), and reports
// at the development value. Test configs and modules count for neither side, and an environment read's SQLite
// default is a local default, not the development backend.
import type { SyntaxNode } from '../../parse';
import { clip } from '../../../../util/text';
import { pyCheck, type PySourceContext } from '../../context';
import { callArgs, childrenOf, dottedName, stringValue } from '../../syntax';
import { conditionKind, ENV_SELECTOR } from '../../devSections';
import { assignParts, classInfo, MAX_CLIMB, PyEnv, targetBinding } from '../../values';
import {
  PY_BACKING_SETTINGS,
  type PyBackingSetting,
  type PyBackingSettings,
  type PyConfigClass,
} from '../../../../facts/dev-prod-parity';

type Category = PyBackingSetting['category'];
type Side = 'dev' | 'prod' | 'test' | 'base';

/** Settings that locate the database (Flask-SQLAlchemy, Django, plain modules) or pick the cache backend. */
const DB_SETTING = /^(SQLALCHEMY_DATABASE_UR[IL]|DATABASE_UR[IL]|DB_UR[IL]|DATABASES)$/i;
const CACHE_SETTING = /^(CACHES|CACHE_TYPE)$/;

const DEV_NAME = /^(dev|devel|develop|development|local|debug)$/i;
const PROD_NAME = /^(prod|production|staging|live)$/i;
const TEST_NAME = /^(test|tests|testing|ci|e2e|unittest|pytest)$/i;

/** A config class's environment by its name: `DevelopmentConfig`, `ProdSettings`, `TestingConfig`, `Config`. */
function classSide(name: string): Side {
  const m = /^([A-Z][a-z]+|CI|E2E)/.exec(name.replace(/^_+/, ''));
  const word = m?.[1] ?? '';
  if (DEV_NAME.test(word)) return 'dev';
  if (PROD_NAME.test(word)) return 'prod';
  if (TEST_NAME.test(word)) return 'test';
  return 'base';
}

/** A module's environment by its file name: `settings/dev.py`, `local_settings.py`, `config/production.py`. */
export function moduleSide(rel: string): Side {
  const parts = rel.split('/');
  let stem = (parts.pop() ?? '').replace(/\.py$/, '');
  if (stem === '__init__') stem = parts.pop() ?? '';
  const tokens = stem.split(/[._-]+/);
  if (tokens.some((t) => TEST_NAME.test(t))) return 'test';
  if (tokens.some((t) => DEV_NAME.test(t))) return 'dev';
  if (tokens.some((t) => PROD_NAME.test(t))) return 'prod';
  return 'base';
}

interface Kind {
  category: Category;
  kind: string;
  label: string;
}

const LOCAL_KINDS = new Set(['sqlite', 'memory']);

/** A database URL's kind by its scheme: `sqlite:///app.db`, `postgresql+psycopg://…`, `mysql://…`. */
function urlKind(url: string): Kind | undefined {
  const m = /^([a-z][a-z0-9]*)(\+[a-z0-9_]+)?:/i.exec(url);
  if (!m) return undefined;
  const s = m[1].toLowerCase();
  if (s === 'sqlite' || s === 'spatialite') return { category: 'database', kind: 'sqlite', label: 'SQLite' };
  if (/^(postgres|postgresql|postgis|pgsql|cockroachdb)$/.test(s))
    return { category: 'database', kind: 'postgresql', label: 'PostgreSQL' };
  if (s === 'mysql' || s === 'mariadb') return { category: 'database', kind: 'mysql', label: 'MySQL' };
  if (s === 'mssql') return { category: 'database', kind: 'mssql', label: 'SQL Server' };
  if (s === 'oracle') return { category: 'database', kind: 'oracle', label: 'Oracle' };
  return undefined;
}

/** A Django database ENGINE's kind. */
function engineKind(engine: string): Kind | undefined {
  const last = engine.split('.').pop() ?? '';
  if (!/^django\.(contrib\.gis\.)?db\.backends\./.test(engine) && engine !== 'mssql') return undefined;
  if (last === 'sqlite3' || last === 'spatialite') return { category: 'database', kind: 'sqlite', label: 'SQLite' };
  if (/^(postgresql|postgresql_psycopg2|postgis)$/.test(last))
    return { category: 'database', kind: 'postgresql', label: 'PostgreSQL' };
  if (last === 'mysql') return { category: 'database', kind: 'mysql', label: 'MySQL' };
  if (last === 'oracle') return { category: 'database', kind: 'oracle', label: 'Oracle' };
  if (engine === 'mssql') return { category: 'database', kind: 'mssql', label: 'SQL Server' };
  return undefined;
}

/** A Django cache BACKEND's or Flask-Caching CACHE_TYPE's kind; dummy, null and file caches are none. */
function cacheKind(backend: string): Kind | undefined {
  if (/\.locmem\.LocMemCache$/.test(backend)) return { category: 'store', kind: 'memory', label: 'LocMemCache' };
  if (/^(simple|SimpleCache|flask_caching\.backends\.(simple|simplecache)\.SimpleCache)$/.test(backend))
    return { category: 'store', kind: 'memory', label: 'SimpleCache' };
  if (/^django\.core\.cache\.backends\.redis\.|^django_redis\.|^(redis|RedisCache|RedisSentinelCache)$/.test(backend))
    return { category: 'store', kind: 'redis', label: 'Redis' };
  if (/^django\.core\.cache\.backends\.memcached\.|^(memcached|MemcachedCache|SASLMemcachedCache)$/.test(backend))
    return { category: 'store', kind: 'memcached', label: 'Memcached' };
  return undefined;
}

/**
 * The string a value starts with: a literal, an f-string's text before its first `{`, the left of `'sqlite:///' +
 * path` or `'…%s' % x`, the template of `'…{}'.format(x)`.
 */
function leadingString(text: string, node: SyntaxNode, depth = 0): { node: SyntaxNode; value: string } | undefined {
  if (depth > 8) return undefined;
  if (node.name === 'String') {
    const v = stringValue(text, node);
    return v === undefined ? undefined : { node, value: v };
  }
  if (node.name === 'FormatString') {
    const raw = text.slice(node.from, node.to);
    const m = /^[a-zA-Z]*("""|'''|"|')([^{\\]*)/.exec(raw);
    return m ? { node, value: m[2] } : undefined;
  }
  if (node.name === 'BinaryExpression') {
    const op = node.firstChild?.nextSibling;
    if (op && /^[+%]$/.test(text.slice(op.from, op.to))) return leadingString(text, node.firstChild!, depth + 1);
    return undefined;
  }
  if (node.name === 'CallExpression' && node.firstChild?.name === 'MemberExpression') {
    const m = node.firstChild;
    if (m.lastChild && text.slice(m.lastChild.from, m.lastChild.to) === 'format' && m.firstChild)
      return leadingString(text, m.firstChild, depth + 1);
  }
  if (node.name === 'ParenthesizedExpression' && node.firstChild?.nextSibling)
    return leadingString(text, node.firstChild.nextSibling, depth + 1);
  return undefined;
}

/** What a setting's value says: a kind (where it is said), or an environment read with the kind of its default. */
type Value = { kind: Kind; at: SyntaxNode } | { env: string; fallback?: Kind; at: SyntaxNode } | undefined;

function dictEntries(text: string, dict: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  const kids = childrenOf(dict);
  for (let i = 0; i + 2 < kids.length; i++) {
    if (kids[i + 1].name !== ':') continue;
    const key = stringValue(text, kids[i]);
    if (key !== undefined) out.set(key, kids[i + 2]);
  }
  return out;
}

/** Calls that read a database URL from the environment: dj-database-url, django-environ's `env.db()`. */
const URL_READERS = /^(dj_database_url\.config|dj_database_url\.parse|environ\.Env\.db|environ\.Env\.db_url)$/;

function valueOf(ctx: PySourceContext<string>, env: PyEnv, node: SyntaxNode, category: Category, depth = 0): Value {
  const text = ctx.text;
  if (depth > 6) return undefined;
  let n = node;
  while (n.name === 'ParenthesizedExpression' && n.firstChild?.nextSibling) n = n.firstChild.nextSibling;
  const read = n.name === 'CallExpression' || n.name === 'MemberExpression' ? env.readAt(n) : undefined;
  if (read !== undefined) {
    // os.getenv('DATABASE_URL', 'sqlite:///dev.db'), env.db('DATABASE_URL', default='postgres://…')
    const args = n.name === 'CallExpression' ? callArgs(text, n) : undefined;
    const def = args?.keywords.get('default') ?? args?.positional[1];
    const fb = def ? valueOf(ctx, env, def, category, depth + 1) : undefined;
    return { env: read || 'the environment', fallback: fb && 'kind' in fb ? fb.kind : undefined, at: n };
  }
  if (n.name === 'CallExpression') {
    const callee = dottedName(text, n.firstChild);
    const resolved = callee ? env.resolve(callee) : '';
    if (/^dj_database_url\.parse$/.test(resolved)) {
      const first = callArgs(text, n).positional[0];
      return first ? valueOf(ctx, env, first, category, depth + 1) : undefined;
    }
    if (
      URL_READERS.test(resolved) ||
      (callee && /\.db(_url)?$/.test(callee) && env.isDjangoEnvReader(callee.split('.')[0]))
    ) {
      const args = callArgs(text, n);
      const def = args.keywords.get('default') ?? (/\.config$/.test(resolved) ? undefined : args.positional[1]);
      const fb = def ? valueOf(ctx, env, def, category, depth + 1) : undefined;
      const name = stringValue(
        text,
        args.keywords.get('env') ?? (/\.config$/.test(resolved) ? undefined : args.positional[0]),
      );
      return { env: name ?? 'DATABASE_URL', fallback: fb && 'kind' in fb ? fb.kind : undefined, at: n };
    }
  }
  if (n.name === 'BinaryExpression' && n.getChild('or')) {
    // os.environ.get('DATABASE_URL') or 'sqlite:///app.db'
    const left = valueOf(ctx, env, n.firstChild!, category, depth + 1);
    if (!left || !('env' in left)) return undefined;
    const right = valueOf(ctx, env, n.lastChild!, category, depth + 1);
    return { env: left.env, fallback: right && 'kind' in right ? right.kind : left.fallback, at: n };
  }
  if (n.name === 'DictionaryExpression') {
    const entries = dictEntries(text, n);
    const inner = entries.get('default');
    if (inner) return valueOf(ctx, env, inner, category, depth + 1);
    const engine = entries.get(category === 'database' ? 'ENGINE' : 'BACKEND');
    const value = stringValue(text, engine);
    const kind = value === undefined ? undefined : category === 'database' ? engineKind(value) : cacheKind(value);
    return kind && engine ? { kind, at: engine } : undefined;
  }
  const lead = leadingString(text, n);
  if (!lead) return undefined;
  const kind = category === 'database' ? urlKind(lead.value) : cacheKind(lead.value);
  return kind ? { kind, at: lead.node } : undefined;
}

/** Whether a condition names tests (`ENV == 'test'`, `TESTING`): what it picks serves neither side. */
function namesTests(text: string, cond: SyntaxNode): boolean {
  return /['"](test|testing|ci|e2e)['"]|\bTESTING\b|\bIS_TEST(ING)?\b|\bpytest\b|\bsys\.argv\b/i.test(
    text.slice(cond.from, cond.to),
  );
}

/**
 * conditionKind, and also a config's environment key compared with a name: `app.config["ENV"] == "development"`,
 * `settings.get("ENVIRONMENT") != "production"` (the shared reader knows only names and environment reads).
 */
function envCondition(text: string, cond: SyntaxNode, env: PyEnv): 'dev' | 'prod' | undefined {
  const known = conditionKind(text, cond, env);
  if (known || cond.name !== 'BinaryExpression') return known;
  const kids = childrenOf(cond);
  if (kids.length !== 3) return undefined;
  const op = text.slice(kids[1].from, kids[1].to);
  if (op !== '==' && op !== '!=') return undefined;
  const [key, value] = [
    configKey(text, kids[0]) ?? configKey(text, kids[2]),
    stringValue(text, kids[2]) ?? stringValue(text, kids[0]),
  ];
  if (!key || !ENV_SELECTOR.test(key) || value === undefined) return undefined;
  const side = PROD_NAME.test(value) ? 'prod' : DEV_NAME.test(value) ? 'dev' : undefined;
  return op === '==' ? side : side === 'prod' ? 'dev' : side === 'dev' ? 'prod' : undefined;
}

/** The key a config lookup reads: `config["ENV"]`, `config.get("ENV")`. */
function configKey(text: string, n: SyntaxNode): string | undefined {
  if (n.name === 'MemberExpression' && n.lastChild?.name === ']') return stringValue(text, n.lastChild.prevSibling);
  if (n.name === 'CallExpression' && /\.get$/.test(dottedName(text, n.firstChild) ?? ''))
    return stringValue(text, callArgs(text, n).positional[0]);
  return undefined;
}

/** The condition that picks an if statement's Body, and whether the Body is its else (only for a plain if/else). */
function branchCond(ifStmt: SyntaxNode, body: SyntaxNode): { cond: SyntaxNode; negated: boolean } | undefined {
  const kids = childrenOf(ifStmt);
  const i = kids.findIndex((k) => k.from === body.from && k.name === 'Body');
  if (i < 0) return undefined;
  if (kids[i - 1]?.name === 'else')
    return kids.some((k) => k.name === 'elif') ? undefined : { cond: kids[1], negated: true };
  return kids[i - 1] ? { cond: kids[i - 1], negated: false } : undefined;
}

/**
 * Where an assignment runs: in a config class's body (its side by name), in a branch on the environment, at module
 * level unconditionally, or somewhere this check cannot place (another condition, a function).
 */
function placeOf(
  ctx: PySourceContext<string>,
  env: PyEnv,
  stmt: SyntaxNode,
): { scope: PyBackingSetting['scope']; side: Side; owner?: string } | undefined {
  let branch: Side | undefined;
  let child = stmt;
  for (let p = stmt.parent, i = 0; p && i < MAX_CLIMB; child = p, p = p.parent, i++) {
    if (p.name === 'Script') return branch ? { scope: 'branch', side: branch } : { scope: 'module', side: 'base' };
    if (p.name === 'ClassDefinition') {
      const name = classInfo(ctx.text, p).name;
      // A branch inside a class body is rare; the class's name decides unless the branch names an environment.
      return branch ? { scope: 'branch', side: branch } : { scope: 'class', side: classSide(name), owner: name };
    }
    if (p.name === 'FunctionDefinition' || p.name === 'LambdaExpression') {
      // create_app(): `if app.config['ENV'] == 'development': …` places it; a function's plain body does not.
      return branch ? { scope: 'branch', side: branch } : undefined;
    }
    if (p.name === 'IfStatement' && child.name === 'Body') {
      const b = branchCond(p, child);
      if (!b) return undefined;
      if (namesTests(ctx.text, b.cond)) return undefined;
      const k = envCondition(ctx.text, b.cond, env);
      const side = k && (b.negated ? (k === 'dev' ? 'prod' : 'dev') : k);
      if (!side) return undefined; // `if USE_SQLITE:` is a switch, not an environment
      branch ??= side;
    }
  }
  return undefined;
}

function categoryOf(name: string): Category | undefined {
  return DB_SETTING.test(name) ? 'database' : CACHE_SETTING.test(name) ? 'store' : undefined;
}

export const envSpecificBackingServicePy = pyCheck<never>({
  trigger: /DATABASE|DB_UR|CACHES|CACHE_TYPE/i,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const module = moduleSide(ctx.rel);
    if (module === 'test') return;
    const env = new PyEnv(ctx);
    const settings: PyBackingSetting[] = [];
    const classes = new Map<string, PyConfigClass>();
    const sets = new Set<Category>();
    const add = (
      v: Value,
      category: Category,
      place: { scope: PyBackingSetting['scope']; side: Side; owner?: string },
    ) => {
      if (!v || place.side === 'test') return;
      // In a module named for development, what is not in a production class or branch is development's.
      const side = place.side === 'base' && module !== 'base' ? module : place.side;
      const at = ctx.rangeOf(v.at);
      if ('kind' in v)
        settings.push({
          category,
          kind: v.kind.kind,
          label: v.kind.label,
          side,
          scope: place.scope,
          owner: place.owner,
          range: at,
        });
      // An env read whose default is SQLite or memory may be either: neither side's kind is known.
      else if (!v.fallback || !LOCAL_KINDS.has(v.fallback.kind))
        settings.push({
          category,
          kind: v.fallback?.kind,
          label: v.fallback?.label,
          env: v.env,
          side,
          scope: place.scope,
          owner: place.owner,
          range: at,
        });
    };
    for (const a of ctx.index.assignments) {
      const parts = assignParts(a);
      if (!parts) continue;
      const binding = targetBinding(ctx.text, parts.targets[parts.targets.length - 1]);
      const category = binding && categoryOf(binding.name);
      if (!binding || !category) continue;
      sets.add(category);
      const place = placeOf(ctx, env, a);
      if (place?.scope === 'class' && place.owner) {
        const cls = a.parent?.parent;
        let entry = classes.get(place.owner);
        if (!entry && cls?.name === 'ClassDefinition') {
          const info = classInfo(ctx.text, cls);
          entry = { name: info.name, bases: info.bases.map((b) => b.split('.').pop()!), side: place.side, sets: [] };
          classes.set(place.owner, entry);
        }
        if (entry && !entry.sets.includes(category)) entry.sets.push(category);
      }
      if (!place) continue;
      let value = parts.value;
      while (value.name === 'ParenthesizedExpression' && value.firstChild?.nextSibling)
        value = value.firstChild.nextSibling;
      if (value.name === 'ConditionalExpression') {
        // 'sqlite://' if DEBUG else os.environ['DATABASE_URL']
        const kids = childrenOf(value);
        const at = kids.findIndex((k) => k.name === 'if');
        const cond = kids[at + 1];
        if (at < 1 || !cond || namesTests(ctx.text, cond)) continue;
        const k = envCondition(ctx.text, cond, env);
        if (!k) continue;
        const whenFalse = kids[kids.length - 1];
        add(valueOf(ctx, env, kids[0], category), category, { scope: 'branch', side: k });
        add(valueOf(ctx, env, whenFalse, category), category, { scope: 'branch', side: k === 'dev' ? 'prod' : 'dev' });
        continue;
      }
      let v = valueOf(ctx, env, value, category);
      // A pydantic settings field's value is only its default: the environment variable of its name wins.
      const cls = a.parent?.parent;
      if (v && 'kind' in v && cls?.name === 'ClassDefinition' && env.isSettingsClass(cls))
        v = { env: binding.name.toUpperCase(), fallback: v.kind, at: v.at };
      add(v, category, place);
    }
    // Config classes that set nothing of ours still matter: a production class inheriting its base's database.
    ctx.tree.iterate({
      enter: (ref) => {
        if (ref.name !== 'ClassDefinition') return undefined;
        const info = classInfo(ctx.text, ref.node);
        if (!classes.has(info.name))
          classes.set(info.name, {
            name: info.name,
            bases: info.bases.map((b) => b.split('.').pop()!),
            side: classSide(info.name),
            sets: [],
          });
        return undefined;
      },
    });
    const fact: PyBackingSettings = { module, sets: [...sets], settings, classes: [...classes.values()] };
    if (sets.size) ctx.record(PY_BACKING_SETTINGS, fact);
  },
});

/** In-process fakes of backing services, by the module their classes come from, and the service each stands in for. */
const FAKES: readonly { module: RegExp; fake: string; real: RegExp; service: string }[] = [
  {
    module: /^fakeredis(\.|$)/,
    fake: 'fakeredis (in memory)',
    real: /^redis\.(asyncio\.)?(Redis|StrictRedis|from_url|Redis\.from_url|StrictRedis\.from_url)$/,
    service: 'Redis',
  },
  {
    module: /^mongomock(\.|$)/,
    fake: 'mongomock (in memory)',
    real: /^(pymongo|motor\.\w+)\.\w*Client$/,
    service: 'MongoDB',
  },
];

/**
 * `if os.environ.get('FLASK_ENV') == 'development': conn = fakeredis.FakeStrictRedis() else: conn = Redis.from_url(…)`:
 * an in-process fake in the development branch of app code, the real client in the other. Reported on the fake.
 */
export const envSpecificFakesPy = pyCheck<'switch'>({
  trigger: /fakeredis|mongomock/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || moduleSide(ctx.rel) === 'test') return;
    const text = ctx.text;
    const env = new PyEnv(ctx);
    for (const call of ctx.index.calls) {
      const callee = dottedName(text, call.firstChild);
      const resolved = callee && env.resolve(callee);
      const fake = resolved ? FAKES.find((f) => f.module.test(resolved)) : undefined;
      if (!fake) continue;
      // The branch of an `if` that holds the call, and the statement's condition.
      let child: SyntaxNode = call;
      let stmt: SyntaxNode | null = call.parent;
      for (let i = 0; stmt && stmt.name !== 'IfStatement' && i < MAX_CLIMB; i++) {
        child = stmt;
        stmt = stmt.parent;
      }
      if (stmt?.name !== 'IfStatement' || child.name !== 'Body') continue;
      const kids = childrenOf(stmt);
      const cond = kids[1];
      // Only a two-way `if … else`: its first body the fake's, under a development condition.
      if (kids[2]?.from !== child.from || !kids.some((k) => k.name === 'else') || kids.some((k) => k.name === 'elif'))
        continue;
      if (!cond || conditionKind(text, cond, env) !== 'dev') continue;
      const other = kids[kids.length - 1];
      const real = ctx.index.calls.some((c) => {
        if (c.from < other.from || c.to > other.to) return false;
        const d = dottedName(text, c.firstChild);
        return !!d && fake.real.test(env.resolve(d));
      });
      if (!real) continue;
      const selector = selectorOf(text, cond, env) ?? clip(text.slice(cond.from, cond.to), 40);
      ctx.report(call, { messageId: 'switch', data: { selector, dev: fake.fake, prod: fake.service } });
    }
  },
});

/** The environment variable a condition compares (`os.environ.get('FLASK_ENV') == 'development'` → FLASK_ENV). */
function selectorOf(text: string, cond: SyntaxNode, env: PyEnv): string | undefined {
  let found: string | undefined;
  for (let n: SyntaxNode | null = cond.firstChild; n && !found; n = n.nextSibling) {
    const read = env.readAt(n);
    if (read && ENV_SELECTOR.test(read)) found = read;
  }
  return found;
}
