// The bench's generated corpus: a monorepo with the shapes of a real one (many packages, apps with Dockerfiles,
// start scripts, Procfiles and .env files, JSON/YAML data, locale catalogues, tests, committed minified bundles, a
// lockfile, source files over 25 kB) and a sprinkling of real violations, so the rules do real work. Seeded: the same
// size always gives the same bytes.
import * as fs from 'fs';
import * as path from 'path';

/** Bump when the generator's output changes, so a cached corpus of the old shape is not reused. */
export const CORPUS_VERSION = 2;

/** Target file counts. XS is for the bench's own test. */
export const SIZES: Record<string, number> = { XS: 120, S: 1000, M: 10000, L: 50000 };

/** The file the editor measurements edit: about 2,000 lines, as the issue's edit target. */
export const EDIT_TARGET = 'apps/app-0/src/routes/orders.ts';

type Rng = () => number;

/** mulberry32: small, fast and good enough for shapes. */
function rng(seed: number): Rng {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (r: Rng, n: number) => Array.from({ length: n }, () => ALNUM[Math.floor(r() * ALNUM.length)]).join('');
const hex = (r: Rng, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');

const NOUNS = ['order', 'invoice', 'customer', 'product', 'cart', 'payment', 'shipment', 'coupon', 'review', 'account'];
const VERBS = ['create', 'update', 'list', 'find', 'archive', 'sync', 'validate', 'export', 'import', 'refresh'];
/** Runtime packages the modules import; the last three are tools, only in devDependencies. */
const THIRD_PARTY = [
  'express',
  'zod',
  'pino',
  'lodash',
  'date-fns',
  'axios',
  'pg',
  'ioredis',
  'bullmq',
  'react',
  'react-dom',
  'uuid',
  'jsonwebtoken',
  'stripe',
  '@aws-sdk/client-s3',
  'knex',
  'nanoid',
  'yaml',
  'commander',
  'chalk',
  'typescript',
  'vitest',
  'turbo',
];
const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'ja', 'pt-BR', 'nl'];
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

interface Pkg {
  dir: string;
  name: string;
  kind: 'app' | 'lib' | 'ui';
  lang: 'ts' | 'js';
  deps: string[];
}

/** One module's text: handlers, services, repositories or utilities, in the package's language. */
function moduleText(r: Rng, pkg: Pkg, i: number, lines: number, siblings: string[]): string {
  const ts = pkg.lang === 'ts';
  const out: string[] = [`// ${pkg.name}: module ${i}, generated for the benchmark.`];
  const noun = pick(r, NOUNS);
  const N = cap(noun);
  const esm = ts || r() < 0.5;
  const imp = (what: string, from: string) =>
    esm ? `import ${what} from '${from}';` : `const ${what.replace(/ as /g, ': ')} = require('${from}');`;
  if (pkg.deps.includes('zod')) out.push(imp('{ z }', 'zod'));
  if (pkg.deps.includes('pino')) out.push(imp('pino', 'pino'));
  else out.push(imp('{ logger }', '@acme/logger'));
  if (siblings.length) out.push(imp(`{ helper${i % 5} }`, `./${pick(r, siblings)}`));
  if (r() < 0.3) out.push(imp('{ config }', '../config'));
  out.push('');
  if (pkg.deps.includes('pino')) out.push(`const logger = pino({ name: '${pkg.name}' });`, '');
  if (ts) out.push(`export interface ${N}Record {`, `  id: string;`, `  amount: number;`, `  tags: string[];`, `}`, '');
  let f = 0;
  while (out.length < lines) {
    const verb = pick(r, VERBS);
    const fn = `${verb}${N}${f++}`;
    const shape = int(r, 0, 3);
    if (shape === 0 && pkg.deps.includes('zod')) {
      out.push(
        `const ${fn}Schema = z.object({ id: z.string().uuid(), amount: z.number().int().nonnegative(), tags: z.array(z.string()).max(${int(r, 4, 32)}) });`,
        `export async function ${fn}(input${ts ? ': unknown' : ''})${ts ? `: Promise<${N}Record>` : ''} {`,
        `  const parsed = ${fn}Schema.parse(input);`,
        `  logger.info({ id: parsed.id, step: '${verb}' }, '${noun} ${verb}');`,
        `  return { ...parsed, amount: parsed.amount * ${int(r, 1, 9)} };`,
        `}`,
        '',
      );
    } else if (shape === 1) {
      out.push(
        `export class ${cap(fn)}Service {`,
        `  private readonly cache = new Map${ts ? '<string, number>' : ''}();`,
        `  constructor(${ts ? 'private readonly limit: number' : 'limit'}) {`,
        ts ? '' : '    this.limit = limit;',
        `  }`,
        `  total(items${ts ? ': Array<{ price: number; qty: number }>' : ''}) {`,
        `    let sum = 0;`,
        `    for (const item of items) sum += item.price * item.qty;`,
        `    this.cache.set('last', sum);`,
        `    return Math.min(sum, this.limit * ${int(r, 2, 50)});`,
        `  }`,
        `}`,
        '',
      );
    } else if (shape === 2) {
      out.push(
        `export function ${fn}(rows${ts ? `: ${N}Record[]` : ''}, since${ts ? ': number' : ''}) {`,
        `  return rows`,
        `    .filter((row) => row.amount > since && row.tags.length < ${int(r, 3, 20)})`,
        `    .map((row) => ({ ...row, label: \`${noun}-\${row.id}\` }))`,
        `    .sort((a, b) => a.amount - b.amount);`,
        `}`,
        '',
      );
    } else {
      out.push(
        `export const ${fn}Messages = {`,
        ...Array.from({ length: int(r, 3, 8) }, (_, k) => `  ${verb}${k}: '${cap(noun)} ${verb} step ${k} done',`),
        `};`,
        '',
      );
    }
  }
  out.push(`export function helper${i % 5}(n${ts ? ': number' : ''}) {`, `  return n * ${(i % 5) + 1};`, `}`, '');
  return out.join('\n') + '\n';
}

/** A sprinkled violation: what real code has now and then. */
function violation(r: Rng, pkg: Pkg, i: number): string {
  switch (i % 5) {
    case 0:
      return `export const stripeKey = 'sk_live_${token(r, 24)}';\n`;
    case 1:
      return `export const databaseUrl = 'postgres://app:${token(r, 12)}@db.internal:5432/${pkg.name.replace(/\W/g, '')}';\n`;
    case 2:
      return `export const awsAccessKeyId = 'AKIA${token(r, 16).toUpperCase()}';\n`;
    case 3:
      return `import * as fs from 'fs';\nexport function audit(line${pkg.lang === 'ts' ? ': string' : ''}) {\n  fs.appendFileSync('logs/audit.log', line + '\\n');\n}\n`;
    default:
      return `export const cacheUrl = 'redis://cache.prod.internal:6379';\n`;
  }
}

function testText(r: Rng, pkg: Pkg, target: string): string {
  const ext = pkg.lang === 'ts';
  const lines = [
    `import { describe, it, expect } from 'vitest';`,
    `import * as mod from '../src/${target}';`,
    '',
    `describe('${target}', () => {`,
  ];
  for (let k = 0; k < int(r, 3, 12); k++)
    lines.push(
      `  it('handles case ${k}', () => {`,
      `    const token = 'test-token-${token(r, 10)}';`,
      `    expect(Object.keys(mod).length).toBeGreaterThan(${ext ? 0 : -1});`,
      `    expect(token).toContain('test');`,
      `  });`,
    );
  lines.push('});');
  return lines.join('\n') + '\n';
}

/** A committed production bundle: a few long lines, a banner and a source map comment. */
function minifiedBundle(r: Rng, kb: number): string {
  const parts: string[] = ['/*! app bundle | license MIT */'];
  let size = 0;
  let line = '!function(){"use strict";';
  while (size < kb * 1024) {
    const v = token(r, 2);
    const chunk = `var ${v}=function(e,t){return e.map(function(n){return n*${int(r, 1, 99)}+t}).filter(Boolean)},${v}x={k:"${token(r, 8)}",n:${int(r, 0, 9999)}};`;
    line += chunk;
    size += chunk.length;
    if (line.length > 30000) {
      parts.push(line);
      line = '';
    }
  }
  parts.push(line + '}();', `//# sourceMappingURL=app.${hex(r, 8)}.js.map`);
  return parts.join('\n') + '\n';
}

function localeText(r: Rng, keys: number): string {
  const o: Record<string, Record<string, string>> = {};
  for (let k = 0; k < keys; k++) {
    const ns = pick(r, NOUNS);
    o[ns] ??= {};
    o[ns][`${pick(r, VERBS)}_${k}`] = `${cap(pick(r, VERBS))} the ${pick(r, NOUNS)} (${token(r, 4)})`;
  }
  return JSON.stringify(o, null, 2) + '\n';
}

function dataJson(r: Rng, rows: number): string {
  const items = Array.from({ length: rows }, (_, k) => ({
    id: `${hex(r, 8)}-${hex(r, 4)}`,
    sku: `SKU-${k}`,
    name: `${cap(pick(r, NOUNS))} ${token(r, 5)}`,
    price: int(r, 100, 99999) / 100,
    tags: [pick(r, NOUNS), pick(r, VERBS)],
  }));
  return JSON.stringify({ items }, null, 2) + '\n';
}

function yamlConfig(r: Rng, env: string, secret: boolean): string {
  return [
    `# ${env} settings`,
    `server:`,
    `  timeoutMs: ${int(r, 1000, 30000)}`,
    `  bodyLimit: ${int(r, 1, 10)}mb`,
    `features:`,
    ...NOUNS.slice(0, int(r, 3, 10)).map((n) => `  ${n}: ${r() < 0.5}`),
    `database:`,
    `  pool: ${int(r, 2, 20)}`,
    secret ? `  password: ${token(r, 18)}` : `  password: \${DB_PASSWORD}`,
    '',
  ].join('\n');
}

/** A ~2,000-line TypeScript route module with one hardcoded secret, so it has a diagnostic from the start. */
function editTarget(r: Rng): string {
  const out = [
    `import express from 'express';`,
    `import { z } from 'zod';`,
    `import { logger } from '@acme/logger';`,
    '',
    `export const router = express.Router();`,
    `const paymentsKey = 'sk_live_${token(r, 24)}';`,
    '',
  ];
  let k = 0;
  while (out.length < 2000) {
    const n = pick(r, NOUNS);
    out.push(
      `const schema${k} = z.object({ id: z.string(), qty: z.number().int().positive(), note: z.string().max(200) });`,
      `router.post('/${n}s/${k}', async (req, res) => {`,
      `  const parsed = schema${k}.safeParse(req.body);`,
      `  if (!parsed.success) {`,
      `    res.status(400).json({ error: parsed.error.flatten() });`,
      `    return;`,
      `  }`,
      `  const total = parsed.data.qty * ${int(r, 1, 500)};`,
      `  logger.info({ total, key: paymentsKey.length }, '${n} ${k} priced');`,
      `  res.json({ ok: true, total });`,
      `});`,
      '',
    );
    k++;
  }
  return out.join('\n') + '\n';
}

class Writer {
  count = 0;
  bytes = 0;
  constructor(
    readonly root: string,
    readonly limit: number,
  ) {}
  get full() {
    return this.count >= this.limit;
  }
  /** Writes unless the budget is spent (`force` for the files a package cannot be without). */
  write(rel: string, text: string, force = false): boolean {
    if (this.full && !force) return false;
    const p = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    this.count++;
    this.bytes += Buffer.byteLength(text);
    return true;
  }
}

/** One locked version per third-party package, so package.json ranges and the lockfile agree. */
const VERSIONS = new Map(THIRD_PARTY.map((name, k) => [name, `${(k % 9) + 1}.${(k * 7) % 21}.${k % 10}`]));

function packageJson(pkg: Pkg, r: Rng): string {
  const deps: Record<string, string> = {};
  for (const d of pkg.deps) deps[d] = `^${VERSIONS.get(d)}`;
  deps['@acme/logger'] = 'workspace:*';
  const scripts: Record<string, string> =
    pkg.kind === 'app'
      ? {
          build: 'tsc -p .',
          start: r() < 0.5 ? 'node dist/server.js' : 'sh scripts/start.sh',
          test: 'vitest run',
          migrate: 'knex migrate:latest',
        }
      : { build: 'tsc -p .', test: 'vitest run', lint: 'eslint .' };
  return (
    JSON.stringify(
      {
        name: pkg.name,
        version: `1.${int(r, 0, 40)}.${int(r, 0, 9)}`,
        private: pkg.kind === 'app',
        main: pkg.kind === 'app' ? 'dist/server.js' : 'dist/index.js',
        scripts,
        dependencies: deps,
        devDependencies: { typescript: `^${VERSIONS.get('typescript')}`, vitest: `^${VERSIONS.get('vitest')}` },
        engines: { node: '>=20' },
      },
      null,
      2,
    ) + '\n'
  );
}

function writeApp(w: Writer, r: Rng, pkg: Pkg, index: number): void {
  const d = pkg.dir;
  const port = index % 4 === 1;
  w.write(
    `${d}/src/server.${pkg.lang}`,
    [
      pkg.lang === 'ts' ? `import express from 'express';` : `const express = require('express');`,
      pkg.lang === 'ts' ? `import { router } from './routes/index';` : `const { router } = require('./routes/index');`,
      '',
      `const app = express();`,
      `app.use(express.json());`,
      `app.use('/api', router);`,
      `app.get('/healthz', (_req, res) => res.send('ok'));`,
      port
        ? `app.listen(3000, () => console.log('listening on 3000'));`
        : `const server = app.listen(Number(process.env.PORT ?? 8080));`,
      port ? '' : `process.on('SIGTERM', () => server.close(() => process.exit(0)));`,
      '',
    ].join('\n'),
    true,
  );
  w.write(
    `${d}/src/routes/index.${pkg.lang}`,
    pkg.lang === 'ts'
      ? `import express from 'express';\nexport const router = express.Router();\nrouter.get('/', (_req, res) => res.json({ ok: true }));\n`
      : `const express = require('express');\nconst router = express.Router();\nrouter.get('/', (_req, res) => res.json({ ok: true }));\nmodule.exports = { router };\n`,
    true,
  );
  w.write(
    `${d}/src/config.${pkg.lang}`,
    [
      `export const config = {`,
      `  databaseUrl: process.env.DATABASE_URL,`,
      `  redisUrl: process.env.REDIS_URL,`,
      `  logLevel: process.env.LOG_LEVEL ?? 'info',`,
      `  featureFlags: (process.env.FEATURE_FLAGS ?? '').split(','),`,
      `};`,
      '',
    ].join('\n'),
    true,
  );
  const base = index % 3 === 2 ? 'node:latest' : `node:20.${int(r, 10, 18)}-alpine`;
  w.write(
    `${d}/Dockerfile`,
    [
      `FROM ${base} AS build`,
      `WORKDIR /app`,
      `COPY package.json package-lock.json ./`,
      `RUN npm ci`,
      `COPY . .`,
      `RUN npm run build`,
      '',
      `FROM ${base}`,
      `WORKDIR /app`,
      `ENV NODE_ENV=production`,
      index % 4 === 3 ? `ENV API_KEY=${token(r, 32)}` : `ENV LOG_LEVEL=info`,
      `COPY --from=build /app/dist ./dist`,
      `COPY --from=build /app/node_modules ./node_modules`,
      `EXPOSE ${port ? 3000 : 8080}`,
      index % 2 ? `CMD npm start` : `CMD ["node", "dist/server.js"]`,
      '',
    ].join('\n'),
    true,
  );
  w.write(
    `${d}/Procfile`,
    index % 3 === 0
      ? `web: npm run migrate && node dist/server.js\nworker: node dist/worker.js\n`
      : `web: node dist/server.js\nrelease: npm run migrate\n`,
    true,
  );
  w.write(
    `${d}/scripts/start.sh`,
    [
      `#!/bin/sh`,
      `set -e`,
      index % 2 ? `npm install --omit=dev` : `echo "starting ${pkg.name}"`,
      `if [ -n "$RUN_MIGRATIONS" ]; then npm run migrate; fi`,
      `exec node dist/server.js "$@"`,
      '',
    ].join('\n'),
    true,
  );
  w.write(`${d}/.env.example`, `DATABASE_URL=\nREDIS_URL=\nLOG_LEVEL=info\nFEATURE_FLAGS=\n`, true);
  // Ignored by the root .gitignore, present in a developer's checkout.
  w.write(`${d}/.env`, `DATABASE_URL=postgres://dev:dev@localhost:5432/dev\nLOG_LEVEL=debug\n`, true);
  w.write(`${d}/config/default.yaml`, yamlConfig(r, 'default', false));
  w.write(`${d}/config/production.yaml`, yamlConfig(r, 'production', index % 5 === 4));
  w.write(`${d}/public/assets/app.${hex(r, 8)}.js`, minifiedBundle(r, int(r, 60, 400)));
  if (index % 2 === 0) w.write(`${d}/public/vendor/chart.min.js`, minifiedBundle(r, int(r, 40, 120)));
  w.write(`${d}/openapi.yaml`, openapi(r));
}

function openapi(r: Rng): string {
  const out = [`openapi: 3.0.3`, `info:`, `  title: API`, `  version: 1.0.0`, `paths:`];
  for (let k = 0; k < int(r, 40, 200); k++)
    out.push(
      `  /${pick(r, NOUNS)}s/${k}:`,
      `    get:`,
      `      summary: ${cap(pick(r, VERBS))} ${pick(r, NOUNS)}`,
      `      responses:`,
      `        '200':`,
      `          description: OK`,
    );
  return out.join('\n') + '\n';
}

/** `app`: the app's ordinal among apps, which picks its violations. */
function writePackage(w: Writer, r: Rng, pkg: Pkg, app: number): void {
  const d = pkg.dir;
  w.write(`${d}/package.json`, packageJson(pkg, r), true);
  w.write(`${d}/README.md`, `# ${pkg.name}\n\nPart of the Acme monorepo.\n`, true);
  if (pkg.lang === 'ts')
    w.write(
      `${d}/tsconfig.json`,
      JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { outDir: 'dist' } }, null, 2) + '\n',
      true,
    );
  if (pkg.kind === 'app') writeApp(w, r, pkg, app);
  if (pkg.kind === 'ui' || pkg.kind === 'app')
    for (const l of LOCALES.slice(0, int(r, 2, LOCALES.length)))
      w.write(`${d}/locales/${l}.json`, localeText(r, int(r, 100, 1500)));
  if (r() < 0.4) w.write(`${d}/data/catalog.json`, dataJson(r, int(r, 20, 800)));
  if (r() < 0.3) w.write(`${d}/fixtures/sample.json`, dataJson(r, int(r, 5, 50)));
  const modules = int(r, 30, 160);
  const names: string[] = [];
  const ext = pkg.lang === 'ts' ? (pkg.kind === 'ui' ? 'tsx' : 'ts') : r() < 0.2 ? 'mjs' : 'js';
  for (let i = 0; i < modules && !w.full; i++) {
    const name = `${pick(r, NOUNS)}-${pick(r, VERBS)}-${i}`;
    // About 1.5% of modules are big (25 to 100 kB), as real repositories' route tables and generated clients are;
    // the rest average about 3 kB.
    const lines = r() < 0.015 ? int(r, 500, 2000) : int(r, 8, 120);
    let text = moduleText(r, pkg, i, lines, names.slice(-8));
    if (r() < 0.012) text += violation(r, pkg, int(r, 0, 99));
    const sub = i % 7 === 0 ? 'src/lib' : 'src';
    w.write(`${d}/${sub}/${name}.${ext}`, text);
    names.push(sub === 'src' ? name : `lib/${name}`);
    if (i % 6 === 0) w.write(`${d}/__tests__/${name}.test.${pkg.lang}`, testText(r, pkg, names[names.length - 1]));
  }
  w.write(
    `${d}/src/index.${pkg.lang === 'ts' ? 'ts' : 'js'}`,
    names
      .slice(0, 20)
      .map((n) => `export * from './${n}';`)
      .join('\n') + '\n',
    true,
  );
}

function lockfile(r: Rng, pkgs: Pkg[]): string {
  const packages: Record<string, unknown> = { '': { name: 'acme', workspaces: ['apps/*', 'packages/*'] } };
  for (const p of pkgs) {
    packages[p.dir] = { name: p.name, version: '1.0.0' };
    packages[`node_modules/${p.name}`] = { resolved: p.dir, link: true };
  }
  for (const name of THIRD_PARTY)
    for (let v = 0; v < Math.max(1, Math.ceil(pkgs.length / 20)); v++) {
      const key = v ? `${pick(r, pkgs).dir}/node_modules/${name}` : `node_modules/${name}`;
      packages[key] = {
        version: VERSIONS.get(name),
        resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-1.0.0.tgz`,
        integrity: `sha512-${token(r, 86)}==`,
      };
    }
  return JSON.stringify({ name: 'acme', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

/** Writes the corpus of `files` files into `root` (which must not exist or be empty). */
export function generateCorpus(root: string, files: number, seed = 42): { files: number; bytes: number } {
  const r = rng(seed);
  const w = new Writer(root, files);
  // A git checkout's root: discovery stops looking for .gitignore files here (git itself is never run).
  fs.mkdirSync(path.join(root, '.git'), { recursive: true });
  fs.writeFileSync(path.join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  const pkgs: Pkg[] = [];
  const perPackage = 110;
  const count = Math.max(2, Math.round(files / perPackage));
  for (let i = 0; i < count; i++) {
    const kind: Pkg['kind'] = i === 0 || i % 6 === 0 ? 'app' : i % 4 === 1 ? 'ui' : 'lib';
    const name = kind === 'app' ? `app-${pkgs.filter((p) => p.kind === 'app').length}` : `pkg-${i}`;
    const deps = THIRD_PARTY.slice(0, -3).filter(() => r() < 0.25);
    if (kind === 'app') deps.push('express', 'zod');
    if (kind === 'ui') deps.push('react', 'react-dom');
    pkgs.push({
      dir: `${kind === 'app' ? 'apps' : 'packages'}/${name}`,
      name: `@acme/${name}`,
      kind,
      lang: r() < 0.65 ? 'ts' : 'js',
      deps: [...new Set(deps)],
    });
  }
  pkgs[0].lang = 'ts';
  w.write(
    'package.json',
    JSON.stringify(
      {
        name: 'acme',
        private: true,
        workspaces: ['apps/*', 'packages/*'],
        scripts: { build: 'turbo run build', test: 'turbo run test' },
        devDependencies: { turbo: `^${VERSIONS.get('turbo')}`, typescript: `^${VERSIONS.get('typescript')}` },
        engines: { node: '>=20' },
      },
      null,
      2,
    ) + '\n',
    true,
  );
  w.write('package-lock.json', lockfile(r, pkgs), true);
  w.write('.gitignore', 'node_modules/\ndist/\ncoverage/\n.env\n*.log\n', true);
  w.write('.nvmrc', '20\n', true);
  w.write('README.md', '# Acme\n\nA generated monorepo for the Twelve-Factor benchmark.\n', true);
  w.write(
    'tsconfig.base.json',
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true } }, null, 2) + '\n',
    true,
  );
  w.write(
    'docker-compose.yml',
    [
      'services:',
      ...pkgs
        .filter((p) => p.kind === 'app')
        .slice(0, 6)
        .flatMap((p) => [
          `  ${p.name.split('/')[1]}:`,
          `    build: ./${p.dir}`,
          `    env_file: ./${p.dir}/.env`,
          `    ports: ["8080"]`,
        ]),
      '  db:',
      '    image: postgres:16',
      '',
    ].join('\n'),
    true,
  );
  w.write(
    '.github/workflows/ci.yml',
    'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
    true,
  );
  w.write(EDIT_TARGET, editTarget(r), true);
  let apps = 0;
  for (const pkg of pkgs) writePackage(w, r, pkg, pkg.kind === 'app' ? apps++ : -1);
  // Fill what is left of the budget with more modules in the libraries, round-robin.
  for (let i = 0; !w.full; i++) {
    const pkg = pkgs[i % pkgs.length];
    const ext = pkg.lang === 'ts' ? 'ts' : 'js';
    w.write(`${pkg.dir}/src/extra/extra-${i}.${ext}`, moduleText(r, pkg, i, int(r, 8, 120), []));
  }
  return { files: w.count, bytes: w.bytes };
}
