// The project half of dev-prod-parity/env-specific-backing-service for Python: pairs each development value the
// Python check recorded (SQLite, an in-memory cache) with what production uses — the production config class of
// the same file (or the base it inherits), the production branch or unconditional setting beside an `if DEBUG:`
// branch, or a production settings module of the same package (or the base module it shares) — and reports at the
// development value (the rule file reports) when production's is a server of another kind. A production value read from the environment
// counts as the server database the project's drivers name (psycopg2 → PostgreSQL), when they name exactly one.
import * as path from 'path';
import type { ProjectContext } from '../../core/types';
import { sourceLanguage } from '../../core/paths';
import {
  PY_BACKING_SETTINGS,
  type PyBackingSetting,
  type PyBackingSettings,
  type PyConfigClass,
} from '../../facts/dev-prod-parity';

/** Database drivers by distribution (PEP 503 names) and the server they talk to. */
const DRIVERS: Record<string, [string, string]> = {
  psycopg2: ['postgresql', 'PostgreSQL'],
  'psycopg2-binary': ['postgresql', 'PostgreSQL'],
  psycopg: ['postgresql', 'PostgreSQL'],
  'psycopg-binary': ['postgresql', 'PostgreSQL'],
  asyncpg: ['postgresql', 'PostgreSQL'],
  pg8000: ['postgresql', 'PostgreSQL'],
  aiopg: ['postgresql', 'PostgreSQL'],
  mysqlclient: ['mysql', 'MySQL'],
  pymysql: ['mysql', 'MySQL'],
  'mysql-connector-python': ['mysql', 'MySQL'],
  aiomysql: ['mysql', 'MySQL'],
  asyncmy: ['mysql', 'MySQL'],
  'cx-oracle': ['oracle', 'Oracle'],
  oracledb: ['oracle', 'Oracle'],
  'mssql-django': ['mssql', 'SQL Server'],
  pymssql: ['mssql', 'SQL Server'],
};

/** Base settings modules a development module and a production one build on. */
const BASE_MODULE = /^(settings|base|common|defaults?|global|shared|config|__init__)$/;
const LOCAL_KINDS = new Set(['sqlite', 'memory']);

/** The one server database the project's runtime dependencies name, if exactly one. */
function serverDriver(ctx: ProjectContext): { kind: string; label: string; driver: string } | undefined {
  const found = new Map<string, { kind: string; label: string; driver: string }>();
  for (const d of ctx.project.python?.dependencies ?? []) {
    const hit = d.scope === 'main' ? DRIVERS[d.normalized] : undefined;
    if (hit && !found.has(hit[0])) found.set(hit[0], { kind: hit[0], label: hit[1], driver: d.name });
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}

/** A development value paired with production's: where to report, and what the message names. */
export interface PyBackingPair {
  file: string;
  dev: PyBackingSetting;
  /** Production's kind as the message names it: `PostgreSQL`, `PostgreSQL (DATABASE_URL, psycopg2)`. */
  prod: string;
  /** The development and production class or module, when the pairing is by name. */
  names?: [string, string];
}

export function pyBackingPairs(ctx: ProjectContext): PyBackingPair[] {
  const out: PyBackingPair[] = [];
  const facts = new Map<string, { rel: string; fact: PyBackingSettings }>();
  for (const f of ctx.project.files) {
    if (f.kind !== 'source' || sourceLanguage(f.path) !== 'py') continue;
    const fact = ctx.fact(f.path, PY_BACKING_SETTINGS);
    if (fact) facts.set(f.path, { rel: f.rel, fact });
  }
  if (!facts.size) return out;
  let driver: ReturnType<typeof serverDriver> | null = null;
  /** Production's value, as a kind and label, when it is a server that differs from development's. */
  const server = (dev: PyBackingSetting, prod: PyBackingSetting): string | undefined => {
    if (prod.category !== dev.category) return undefined;
    if (prod.kind) return LOCAL_KINDS.has(prod.kind) || prod.kind === dev.kind ? undefined : prod.label;
    if (prod.category !== 'database' || !prod.env) return undefined;
    if (driver === null) driver = serverDriver(ctx);
    return driver ? `${driver.label} (${prod.env}, ${driver.driver})` : undefined;
  };
  for (const [file, { rel, fact }] of facts) {
    const memo = new Map<string, Pair | undefined>();
    for (const dev of fact.settings) {
      if (dev.side !== 'dev' || !dev.kind || !LOCAL_KINDS.has(dev.kind)) continue;
      // The answer depends only on where the value is and what it is: asked once per kind (a hostile file may hold
      // thousands of development classes).
      const key = `${dev.scope}\0${dev.category}\0${dev.kind}`;
      let pair = memo.get(key);
      if (!memo.has(key)) {
        pair = pairInFile(fact, dev, server) ?? pairInPackage(facts, file, rel, fact, dev, server);
        memo.set(key, pair);
      }
      if (!pair) continue;
      // A class pairing names the development class it was asked for.
      if (dev.scope === 'class' && dev.owner && pair.names) pair = { ...pair, names: [dev.owner, pair.names[1]] };
      out.push({ file, dev, prod: pair.prod, names: pair.names });
    }
  }
  return out;
}

type Server = (dev: PyBackingSetting, prod: PyBackingSetting) => string | undefined;
interface Pair {
  prod: string;
  names?: [string, string];
}

function pairInFile(fact: PyBackingSettings, dev: PyBackingSetting, server: Server): Pair | undefined {
  if (dev.scope === 'class' && dev.owner) {
    const byName = new Map(fact.classes.map((c) => [c.name, c]));
    const own = new Map<string, PyBackingSetting>();
    for (const st of fact.settings)
      if (st.scope === 'class' && !own.has(`${st.owner}\0${st.category}`)) own.set(`${st.owner}\0${st.category}`, st);
    for (const cls of fact.classes) {
      if (cls.side !== 'prod') continue;
      const prod = classValue(own, byName, cls, dev.category, 0);
      const label = prod && server(dev, prod);
      if (label) return { prod: label, names: [dev.owner, cls.name] };
    }
    return undefined;
  }
  if (dev.scope === 'branch') {
    // `if DEBUG: … else: …`, or an unconditional setting beside an `if DEBUG:` override.
    const others = fact.settings.filter(
      (s) => s.category === dev.category && (s.side === 'prod' || (s.scope === 'module' && s.side === 'base')),
    );
    for (const s of others) {
      const label = server(dev, s);
      if (label) return { prod: label };
    }
  }
  return undefined;
}

/** A class's own value for a category, else what it inherits from the file's non-development bases. */
function classValue(
  own: ReadonlyMap<string, PyBackingSetting>,
  byName: ReadonlyMap<string, PyConfigClass>,
  cls: PyConfigClass,
  category: PyBackingSetting['category'],
  depth: number,
  seen: Set<string> = new Set(),
): PyBackingSetting | undefined {
  // Each class once: a lattice of classes that each derive from many others has exponentially many paths.
  if (depth > 8 || seen.has(cls.name)) return undefined;
  seen.add(cls.name);
  if (cls.sets.includes(category)) return own.get(`${cls.name}\0${category}`);
  for (const b of cls.bases) {
    const base = byName.get(b);
    if (!base || base.side === 'dev' || base.side === 'test') continue;
    const v = classValue(own, byName, base, category, depth + 1, seen);
    if (v) return v;
  }
  return undefined;
}

/** settings/dev.py against settings/production.py, or the base module beside them when production does not set it. */
function pairInPackage(
  facts: Map<string, { rel: string; fact: PyBackingSettings }>,
  file: string,
  rel: string,
  fact: PyBackingSettings,
  dev: PyBackingSetting,
  server: Server,
): Pair | undefined {
  if (fact.module !== 'dev' || dev.scope === 'branch') return undefined;
  const dir = path.dirname(file);
  const siblings = [...facts].filter(([f]) => f !== file && path.dirname(f) === dir);
  const prodModules = siblings.filter(([, s]) => s.fact.module === 'prod');
  for (const [, s] of prodModules)
    for (const p of s.fact.settings) {
      const label = p.side === 'prod' ? server(dev, p) : undefined;
      if (label) return { prod: label, names: [short(rel), short(s.rel)] };
    }
  if (prodModules.some(([, s]) => s.fact.sets.includes(dev.category))) return undefined;
  for (const [f, s] of siblings) {
    if (s.fact.module !== 'base' || !BASE_MODULE.test(path.basename(f, '.py'))) continue;
    for (const p of s.fact.settings) {
      const label = p.scope === 'module' ? server(dev, p) : undefined;
      if (label) return { prod: label, names: [short(rel), short(s.rel)] };
    }
  }
  return undefined;
}

/** A module as a message names it: its package and file (`settings/dev.py`). */
function short(rel: string): string {
  return rel.split('/').slice(-2).join('/');
}
