// Generators and checks for the property-based fuzz suite (test/unit/hostile/fuzz.test.ts): mutated fixture files,
// generated package.json with values of every type, lockfiles, .env, Dockerfile, compose YAML, Procfile, .gitignore,
// and an in-memory workspace the engine scans through an overlay, so thousands of cases cost no disk I/O.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import type { Finding, Fix, Logger, Range, Rule } from '../../server/src/core/types';
import { classify, DEFAULT_SKIP_DIRS, type Discovery } from '../../server/src/model/discover';
import { GitIgnore } from '../../server/src/util/gitignore';
import { mergeFixes } from '../../server/src/fixes/fixAll';
import { LineIndex } from '../../server/src/util/text';
import { FIXTURES } from './engine';

// ---------------------------------------------------------------------------------------------------------------
// Seeds: the rule fixtures are a corpus of realistic files that already trip every rule's trigger.

export type SeedKind =
  'source' | 'package-json' | 'lockfile' | 'env' | 'dockerfile' | 'procfile' | 'yaml' | 'gitignore';

/** Files under test/fixtures by kind (small ones: mutations should stay cheap). */
export function loadSeeds(): Record<SeedKind, { rel: string; text: string }[]> {
  const out: Record<SeedKind, { rel: string; text: string }[]> = {
    source: [],
    'package-json': [],
    lockfile: [],
    env: [],
    dockerfile: [],
    procfile: [],
    yaml: [],
    gitignore: [],
  };
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(full);
        continue;
      }
      if (!e.isFile() || fs.statSync(full).size > 12_000) continue;
      const rel = path.relative(FIXTURES, full).split(path.sep).join('/');
      const kind = classify(e.name, rel);
      const seedKind: SeedKind | undefined =
        kind === 'source'
          ? 'source'
          : kind === 'package-json'
            ? 'package-json'
            : kind === 'lockfile'
              ? e.name === 'bun.lockb'
                ? undefined
                : 'lockfile'
              : kind === 'env'
                ? 'env'
                : kind === 'dockerfile'
                  ? 'dockerfile'
                  : kind === 'procfile'
                    ? 'procfile'
                    : kind === 'gitignore'
                      ? 'gitignore'
                      : kind === 'compose' || /\.ya?ml$/.test(e.name)
                        ? 'yaml'
                        : undefined;
      if (seedKind) out[seedKind].push({ rel, text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(FIXTURES);
  return out;
}

/** Whole fixture projects (each `positive`/`negative` folder): relative path → text, small files only. */
export function loadFixtureProjects(): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const rules = path.join(FIXTURES, 'rules');
  if (!fs.existsSync(rules)) return out;
  for (const factor of fs.readdirSync(rules).sort()) {
    for (const rule of fs.readdirSync(path.join(rules, factor)).sort()) {
      for (const side of ['positive', 'negative']) {
        const dir = path.join(rules, factor, rule, side);
        if (!fs.existsSync(dir)) continue;
        const files: Record<string, string> = {};
        let total = 0;
        const walk = (d: string): void => {
          for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const full = path.join(d, e.name);
            if (e.isDirectory()) {
              walk(full);
              continue;
            }
            if (!e.isFile()) continue;
            const size = fs.statSync(full).size;
            if (size > 20_000) continue;
            total += size;
            files[path.relative(dir, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
          }
        };
        walk(dir);
        if (Object.keys(files).length && total < 60_000) out.push(files);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Text mutations

/** Characters and tokens that break naive parsers: quotes, template and shell syntax, line breaks, odd Unicode. */
const TRICKY = [
  "'",
  '"',
  '`',
  '${',
  '}',
  '{',
  '[',
  ']',
  '(',
  ')',
  '\\',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '#',
  '//',
  '/*',
  '*/',
  '<',
  '>',
  '{{',
  '}}',
  '$(',
  '&&',
  '||',
  ';',
  '|',
  '&',
  '=',
  ':',
  ',',
  '@',
  '*',
  '**',
  '!',
  '?',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\u0000',
  '\u00a0',
  '\uD800',
  'é',
  '𝒳',
  'sk-',
  'eyJ',
  'ghp_',
  'AKIA',
  'process.env.',
  'require(',
  'import ',
  'export ',
  '=>',
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
  'NaN',
  '\\\n',
  '<<EOF\n',
  'EOF\n',
  '---\n',
  '- ',
  '  ',
  '&anchor ',
  '*anchor',
];

const JS_FRAGMENTS = [
  "const express = require('express');",
  'const app = express();',
  'app.listen(3000);',
  "app.listen(process.env.PORT || 3000, '127.0.0.1');",
  "const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';",
  "const url = 'postgres://admin:hunter2@db.internal.example.com:5432/app';",
  "fs.writeFileSync('/var/log/app.log', data);",
  'setInterval(() => job(), 60_000);',
  'process.exit(1);',
  "process.on('uncaughtException', () => {});",
  "process.on('SIGTERM', () => server.close());",
  'const sessions = {};',
  "app.use(session({ secret: 'keyboard cat' }));",
  "require('child_process').exec('git pull && npm install');",
  "spawn('node', ['worker.js'], { detached: true }).unref();",
  "cron.schedule('* * * * *', fn);",
  "if (process.env.NODE_ENV === 'production') {",
  '}',
  'export default {',
  '};',
  "import { x } from './x';",
  "import type { Y } from 'y';",
  "import * as z from '../../outside/lib';",
  'const port = 8080;',
  "new Redis('redis://localhost:6379');",
  "mongoose.connect('mongodb://localhost/db');",
  "winston.add(new winston.transports.File({ filename: 'app.log' }));",
  "app.post('/admin/migrate', async (req, res) => { await knex.migrate.latest(); process.exit(0); });",
  "fetch('https://raw.githubusercontent.com/x/y/main/a.js').then((r) => r.text()).then(eval);",
  "fs.writeFileSync('app.pid', String(process.pid));",
  'cluster.fork();',
  "pm2.start({ script: 'app.js' });",
  "const upload = multer({ dest: 'uploads/' });",
  'const cache = new Map();',
  'module.exports = { port: 3000 };',
  "const token = process.env.API_TOKEN ?? 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';",
  'export const NEXT_PUBLIC_KEY = process.env.SECRET_KEY;',
  'const config = require(`./config/${process.env.NODE_ENV}.json`);',
  'const server = http.createServer(app);',
  "server.listen(Number(process.env.PORT ?? '3000'));",
  "import dotenv from 'dotenv'; dotenv.config({ path: '.env.production' });",
  "const { execSync } = require('child_process'); execSync('apt-get install -y ffmpeg');",
  "console.log('x'); logger.info('y');",
  "fs.appendFile(path.join(__dirname, 'logs', 'app.log'), line, cb);",
  "let counter = 0; app.get('/', (q, s) => s.send(String(counter++)));",
  'async function* g() { yield* await x; }',
  'class A { #p = 1; static { init(); } }',
  '@Injectable() class S {}',
  'const el = <div>{process.env.SECRET}</div>;',
  'label: for (;;) { break label; }',
  'x ??= y?.z?.[0]!;',
  "const t = `${a}${'b'}${`c${d}`}`;",
  'function f(this: Window, ...args: any[]): asserts args is string[] {}',
  'enum E { A = 1, B }',
  'declare module "x" { export const y: number; }',
  'type T<U> = U extends infer V ? V : never;',
  // Names that Object.prototype answers to, where rules look names up in tables.
  "fs.constructor('/tmp/x');",
  "require('constructor'); import p from '__proto__';",
  'process.env.constructor;',
  "exec('toString --port 3000');",
  "const { hasOwnProperty } = require('child_process'); hasOwnProperty('node x.js');",
  'app.listen(__proto__);',
  "new toString('redis://localhost');",
  "const c = require('valueOf'); c.constructor({ host: 'db.internal' });",
  "fetch('constructor://x');",
];

const mutationArb = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...TRICKY),
      fc.constantFrom(...JS_FRAGMENTS),
      fc.string({ maxLength: 6, unit: 'binary' }),
    ),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.nat(60) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.nat(200) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), at: fc.nat(), len: fc.nat() }),
  fc.record({ op: fc.constant('eol' as const), kind: fc.constantFrom('crlf', 'cr', 'bom', 'none') }),
);
export type Mutation = typeof mutationArb extends fc.Arbitrary<infer M> ? M : never;

export function mutate(text: string, muts: Mutation[]): string {
  let t = text;
  for (const m of muts) {
    const at = 'at' in m ? m.at % (t.length + 1) : 0;
    switch (m.op) {
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.len);
        break;
      case 'duplicate':
        t = t.slice(0, at + m.len) + t.slice(at, at + m.len) + t.slice(at + m.len);
        break;
      case 'truncate':
        t = t.slice(0, at);
        break;
      case 'swapLines': {
        const lines = t.split('\n');
        const a = m.at % lines.length;
        const b = m.len % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
        t = lines.join('\n');
        break;
      }
      case 'eol':
        if (m.kind === 'crlf') t = t.replace(/\r?\n/g, '\r\n');
        else if (m.kind === 'cr') t = t.replace(/\r?\n/g, '\r');
        else if (m.kind === 'bom') t = '\uFEFF' + t;
        break;
    }
  }
  return t;
}

export const mutationsArb = fc.array(mutationArb, { maxLength: 4 });

/** A seed picked by index and mutated: shrinks towards the unmutated seed. */
export function mutatedSeed(seeds: { rel: string; text: string }[]): fc.Arbitrary<{ rel: string; text: string }> {
  return fc.record({ i: fc.nat(), muts: mutationsArb }).map(({ i, muts }) => {
    const s = seeds[i % seeds.length];
    return { rel: s.rel, text: mutate(s.text, muts) };
  });
}

/** JS/TS made of statement fragments, noise and tricky tokens. */
export const generatedSourceArb = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...JS_FRAGMENTS) },
      { weight: 1, arbitrary: fc.constantFrom(...TRICKY) },
      { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
    ),
    { maxLength: 25 },
  )
  .chain((parts) =>
    fc.tuple(
      fc.constant(parts),
      fc.array(fc.constantFrom('\n', ' ', '', '\r\n', ';\n'), { minLength: parts.length, maxLength: parts.length }),
    ),
  )
  .map(([parts, seps]) => parts.map((p, i) => p + seps[i]).join(''));

const PY_FRAGMENTS = [
  'import os',
  'import a.b as c, d',
  'from . import views',
  'from ..pkg.mod import (x as y,',
  'from ... import *',
  'try:\n    import yaml\nexcept ImportError:\n    yaml = None',
  'if TYPE_CHECKING:\n    from t import T',
  "m = __import__('plug')",
  "importlib.import_module(f'drv.{n}')",
  "x = os.environ['SECRET_KEY']",
  "y = os.environ.get('PORT', 8000)",
  "z = os.getenv('DEBUG')",
  "env = environ.Env(DEBUG=(bool, False))\nenv('DEBUG')\nenv.str('A', default='x')",
  'from os import environ as E\nE["X"] = 1\ndel E["Y"]',
  's = """# not\n a comment """  # a comment',
  "f = f'{x!r:>{w}} # no'",
  "b = rb'\\#' u'#'",
  'def f():\n    yield\n    return',
  'class C(Base, metaclass=M):\n    pass',
  'async def g():\n    await h()',
  'match cmd:\n    case Point(x=0):\n        pass',
  'app = Flask(__name__)\napp.run(port=5000)',
  'uvicorn.run(app)',
  'lambda: (yield)',
  '@decorator\ndef d(): ...',
  'print "py2"',
  '# twelve-factor-disable-line config/hardcoded-secret',
  'x = (((((',
  '"""unterminated',
  '\t  mixed\n        indent',
];

/** Python made of statement fragments, noise and tricky tokens. */
export const generatedPythonArb = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...PY_FRAGMENTS) },
      { weight: 1, arbitrary: fc.constantFrom(...TRICKY, '#', ':', '    ', '\t', "'''", '"""') },
      { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
    ),
    { maxLength: 25 },
  )
  .chain((parts) =>
    fc.tuple(
      fc.constant(parts),
      fc.array(fc.constantFrom('\n', ' ', '', '\r\n', '\n    ', ';'), {
        minLength: parts.length,
        maxLength: parts.length,
      }),
    ),
  )
  .map(([parts, seps]) => parts.map((p, i) => p + seps[i]).join(''));

export const sourceExtArb = fc.constantFrom('.js', '.ts', '.tsx', '.mjs', '.cjs', '.jsx', '.mts');
export const sourceDirArb = fc.constantFrom(
  'src/',
  '',
  'lib/',
  'test/',
  'scripts/',
  'src/config/',
  'examples/',
  'server/',
  'apps/web/',
  '__tests__/',
);

// ---------------------------------------------------------------------------------------------------------------
// Values of every type, and package.json

const oddString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '*',
    '\n',
    '..',
    '../..',
    '/',
    '/etc/passwd',
    '${HOME}',
    '$(touch x)',
    "'",
    '\u0000',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
  ),
  fc.string({ maxLength: 12 }),
);
/** Any JSON value, weighted towards the small and the strange. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e21, '', [], {}, [null], { '': null }),
  },
  { weight: 2, arbitrary: oddString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const orAny = <T>(arb: fc.Arbitrary<T>, weightTypical = 3): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: weightTypical, arbitrary: arb }, { weight: 1, arbitrary: anyJson });

const COMMANDS = [
  'node server.js',
  'node dist/index.js',
  'npm run build && node dist/index.js',
  'tsc',
  'tsc -p . && node build/app.js',
  'next start -p 3000',
  'pm2 start app.js',
  'pm2-runtime ecosystem.config.js',
  'forever start app.js',
  'nohup node worker.js &',
  'knex migrate:latest && node server.js',
  'prisma migrate deploy && node server.js',
  'npm install && node .',
  'npm ci',
  'PGPASSWORD=supersecret123 psql -h db -c "select 1"',
  'API_TOKEN=abcdef0123456789 node app.js &',
  "sh -c 'node a.js'",
  'git clone https://deploy:glpat-abcdefghijklmnop@gitlab.com/x/y.git && node y',
  'curl -fsSL https://x.sh | sh',
  'node --max-old-space-size=4096 server.js',
  'run-s build start:prod',
  'concurrently "node a.js" "node b.js"',
  'node scripts/migrate.js',
  'ts-node src/index.ts',
  'nodemon src/index.ts',
  'npm run start:prod',
  'yarn start',
  'pnpm -r build',
  'NODE_ENV=production node server.js',
  'node -r dotenv/config server.js',
  'cross-env PORT=3000 node app.js',
  'echo $(cat .env)',
  'node scripts/x$(touch pwned).js',
  'webpack --mode production',
  'vite build',
  'exec node server.js',
  'node "./my app/server.js"',
  'constructor start',
  'toString -p 3000',
  'npm run constructor',
  '__proto__ x.js',
  'pnpm hasOwnProperty',
  'node constructor.js',
  'yarn valueOf',
];
const SCRIPT_NAMES = [
  'start',
  'build',
  'dev',
  'test',
  'migrate',
  'worker',
  'postinstall',
  'prestart',
  'release',
  'start:prod',
  'serve',
  'db:migrate',
  'seed',
  'prepare',
  'heroku-postbuild',
  'start:worker',
  'constructor',
  '__proto__',
  'toString',
  '',
];
const PACKAGES = [
  'constructor',
  '__proto__',
  'express',
  'pg',
  'redis',
  'ioredis',
  'knex',
  'typescript',
  'webpack',
  'dotenv',
  'pm2',
  'node-cron',
  'bull',
  'electron',
  'next',
  'react',
  'vite',
  'prisma',
  '@prisma/client',
  'winston',
  'multer',
  'config',
  'ts-node',
  'express-session',
  'mongoose',
  'sharp',
  'fluent-ffmpeg',
  'connect-redis',
  'socket.io',
  'esbuild',
  '@scope/pkg',
  'a',
  '',
];
const RANGES = [
  '^4.18.2',
  '~1.2.3',
  '*',
  'latest',
  '',
  '1.2.3',
  '>=1 <2',
  'file:../x',
  'link:../y',
  'workspace:*',
  'git+https://github.com/a/b.git',
  'github:a/b',
  'npm:other@^1',
  'x.y.z',
  'https://example.com/a.tgz',
  '../local',
  '^0.0.1-beta.1',
];

const depsArb = orAny(
  fc.dictionary(fc.constantFrom(...PACKAGES), orAny(fc.constantFrom(...RANGES), 4), { maxKeys: 6 }),
  5,
);
const scriptsArb = orAny(
  fc.dictionary(fc.constantFrom(...SCRIPT_NAMES), orAny(fc.oneof(fc.constantFrom(...COMMANDS), oddString), 5), {
    maxKeys: 6,
  }),
  5,
);
const enginesArb = orAny(
  fc.record(
    {
      node: orAny(fc.constantFrom('>=18', '20.x', '^20.1.0', '*', 'lts/*', '18 || 20', '>=22.0.0', 'x', '')),
      vscode: orAny(fc.constantFrom('^1.80.0')),
      npm: orAny(fc.constantFrom('>=9')),
      imagemagick: orAny(fc.constantFrom('>=7')),
    },
    { requiredKeys: [] },
  ),
);
const workspacesArb = fc.oneof(
  fc.array(
    orAny(fc.constantFrom('packages/*', 'apps/*', '', '!packages/x', '**', '[', '{a', '/', '..', 'packages/a')),
    { maxLength: 4 },
  ),
  fc.record(
    { packages: orAny(fc.array(orAny(fc.constantFrom('packages/*', '', 'apps/*')), { maxLength: 3 })) },
    { requiredKeys: [] },
  ),
  anyJson,
);

/** A package.json object with the keys rules read, each typical or any JSON value. */
export const packageJsonObjectArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    name: orAny(fc.constantFrom('app', '@scope/app', 'api', 'web', '')),
    version: orAny(fc.constantFrom('1.0.0', '0.0.0')),
    private: orAny(fc.boolean()),
    main: orAny(
      fc.constantFrom('index.js', 'dist/server.js', 'src/index.ts', '', '../outside.js', '/abs.js', './lib/'),
    ),
    bin: orAny(
      fc.oneof(
        fc.constantFrom('bin/cli.js', ''),
        fc.dictionary(fc.constantFrom('cli', 'app', ''), orAny(fc.constantFrom('bin/cli.js', './x.js')), {
          maxKeys: 2,
        }),
      ),
    ),
    type: orAny(fc.constantFrom('module', 'commonjs')),
    scripts: scriptsArb,
    dependencies: depsArb,
    devDependencies: depsArb,
    peerDependencies: depsArb,
    optionalDependencies: depsArb,
    engines: enginesArb,
    volta: orAny(fc.record({ node: orAny(fc.constantFrom('20.11.0', '18', 'x')) }, { requiredKeys: [] })),
    packageManager: orAny(
      fc.constantFrom('yarn@1.22.19', 'yarn@4.1.0', 'pnpm@9.0.0', 'npm@10.2.0', 'bun@1.1.0', 'yarn', ''),
    ),
    workspaces: workspacesArb,
    imports: orAny(
      fc.dictionary(
        fc.constantFrom('#db', '#lib/*', '#x'),
        orAny(
          fc.oneof(
            fc.constantFrom('./src/db.js', './src/lib/*.js'),
            fc.record({ node: orAny(fc.constant('./src/db.js')) }),
          ),
        ),
        { maxKeys: 2 },
      ),
    ),
    systemDependencies: orAny(
      fc.oneof(
        fc.array(orAny(fc.constantFrom('ffmpeg', 'imagemagick', 'git')), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('ffmpeg', 'git'), anyJson, { maxKeys: 2 }),
      ),
    ),
    overrides: orAny(fc.dictionary(fc.constantFrom('lodash', '**/x', 'a>b', '@s/p@1'), anyJson, { maxKeys: 2 })),
    resolutions: anyJson,
    pnpm: orAny(fc.record({ overrides: anyJson }, { requiredKeys: [] })),
    exports: anyJson,
    files: anyJson,
    contributes: anyJson,
    publishConfig: anyJson,
    repository: anyJson,
  },
  { requiredKeys: [] },
);

export const packageJsonTextArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(packageJsonObjectArb, fc.constantFrom(2, 4, '\t', 0))
      .map(([o, indent]) => JSON.stringify(o, null, indent)),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(packageJsonObjectArb, mutationsArb).map(([o, m]) => mutate(JSON.stringify(o, null, 2), m)),
  },
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
);

// ---------------------------------------------------------------------------------------------------------------
// Other project files

const ENV_VALUES = [
  '',
  'plain',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'postgres://u:p4ssw0rd@db:5432/x',
  '"double quoted"',
  "'single'",
  '`back`',
  'a # comment',
  '"a\\nb"',
  "x'y'; touch /tmp/pwned",
  '${OTHER}',
  '$(id)',
  '"unterminated',
  "'multi\nline'",
  'value with spaces',
  'changeme',
  '<your-key-here>',
  '{{ secret }}',
];
export const envTextArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc.oneof(
        {
          weight: 5,
          arbitrary: fc
            .tuple(
              fc.constantFrom('', 'export ', '  '),
              fc.constantFrom(
                'PORT',
                'DATABASE_URL',
                'API_KEY',
                'SECRET',
                'NODE_ENV',
                'A.B',
                'a-b',
                'X',
                'constructor',
                '__proto__',
              ),
              fc.constantFrom('=', ' = ', ': ', '='),
              fc.oneof(fc.constantFrom(...ENV_VALUES), fc.string({ maxLength: 10 })),
            )
            .map((p) => p.join('')),
        },
        { weight: 1, arbitrary: fc.constantFrom('# comment', '', '   ', '=novalue', 'NOEQUALS', '#KEY=1') },
        { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
      ),
      { maxLength: 10 },
    ),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([lines, eol]) => lines.join(eol));

const DOCKER_LINES = [
  'FROM node:20-alpine',
  'FROM node:18 AS build',
  'FROM node',
  'FROM node:${NODE_VERSION}',
  'FROM --platform=linux/amd64 node:lts',
  'FROM scratch',
  'ARG NODE_VERSION=20',
  'ARG NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123',
  'ENV NODE_ENV=production',
  'ENV API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'ENV A=1 B="two words"',
  'WORKDIR /app',
  'COPY package*.json ./',
  'COPY . .',
  'RUN npm ci --omit=dev',
  'RUN npm install',
  'RUN npm install && \\',
  '    npm run build',
  '  && npm prune --production',
  'RUN apt-get update && apt-get install -y ffmpeg',
  'EXPOSE 3000',
  'EXPOSE 8080/tcp',
  'EXPOSE ${PORT}',
  'CMD ["node", "server.js"]',
  'CMD ["npm", "start"]',
  'CMD npm start',
  'CMD node server.js &',
  'CMD ["node"',
  'ENTRYPOINT ["/entrypoint.sh"]',
  'ENTRYPOINT pm2-runtime start ecosystem.config.js',
  'RUN <<EOF',
  'echo $SECRET_TOKEN > /x',
  'EOF',
  'HEALTHCHECK CMD curl -f http://localhost:3000/',
  'USER node',
  'VOLUME /data',
  'CMD constructor',
  'ENV __proto__=1',
  'RUN toString install x',
  'CMD ["sh", "-c", "npx knex migrate:latest && node server.js"]',
  'RUN git clone https://x:y@github.com/a/b.git',
  '# comment',
  '',
];
export const dockerfileTextArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...DOCKER_LINES) },
        { weight: 1, arbitrary: fc.string({ maxLength: 15 }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('\\', 'RUN \\', 'CMD', 'CMD []', 'CMD [1, {}]', 'FROM', 'ENV', 'ENV =', 'ARG'),
        },
      ),
      { maxLength: 14 },
    ),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([lines, eol]) => lines.join(eol));

export const procfileTextArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .tuple(
            fc.constantFrom('web', 'worker', 'release', 'clock', 'x-y', 'web_2', 'constructor', '__proto__'),
            fc.constantFrom(': ', ':', ' : '),
            fc.oneof(fc.constantFrom(...COMMANDS), fc.string({ maxLength: 12 })),
          )
          .map((p) => p.join('')),
      },
      { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', '# c', ':', 'web:', ': x'), fc.string({ maxLength: 15 })) },
    ),
    { maxLength: 6 },
  )
  .map((l) => l.join('\n'));

export const gitignoreTextArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom(
          '.env',
          '.env*',
          '!.env.example',
          '*.log',
          'node_modules/',
          '/dist',
          '**/secrets',
          '\\#x',
          '[',
          '[!a]',
          '\\',
          '!',
          '*',
          '**',
          '/',
          '.env.local',
          'logs/',
          '# c',
          '',
          ' ',
          '!/src',
          'src/**/*.ts',
          '[z-a]',
          '\\!x',
          'a\\ ',
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
    ),
    { maxLength: 8 },
  )
  .map((l) => l.join('\n'));

const composeObjectArb = fc.record(
  {
    version: orAny(fc.constantFrom('3.8', '2')),
    services: orAny(
      fc.dictionary(
        fc.constantFrom('web', 'worker', 'db', 'redis', 'app', '__proto__', 'constructor'),
        orAny(
          fc.record(
            {
              image: orAny(fc.constantFrom('node:20', 'postgres:16', 'redis', 'node:latest')),
              build: orAny(fc.constantFrom('.', './api')),
              command: orAny(
                fc.oneof(
                  fc.constantFrom(...COMMANDS),
                  fc.array(fc.constantFrom('node', 'server.js', '-c'), { maxLength: 3 }),
                ),
              ),
              ports: orAny(
                fc.array(orAny(fc.constantFrom('3000:3000', '8080', '127.0.0.1:80:8080', '${PORT}:3000')), {
                  maxLength: 2,
                }),
              ),
              environment: orAny(
                fc.oneof(
                  fc.array(
                    orAny(
                      fc.constantFrom(
                        'PORT=3000',
                        'DATABASE_URL=postgres://u:hunter22@db/x',
                        'API_KEY',
                        'SECRET=${SECRET}',
                      ),
                    ),
                    { maxLength: 3 },
                  ),
                  fc.dictionary(fc.constantFrom('PORT', 'API_KEY', 'PASSWORD', 'NODE_ENV', 'constructor'), anyJson, {
                    maxKeys: 3,
                  }),
                ),
              ),
              env_file: anyJson,
              depends_on: anyJson,
              volumes: anyJson,
              deploy: anyJson,
            },
            { requiredKeys: [] },
          ),
        ),
        { maxKeys: 3 },
      ),
    ),
  },
  { requiredKeys: [] },
);

export const yamlTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: composeObjectArb.map((o) => toYaml(o)) },
  { weight: 1, arbitrary: fc.tuple(composeObjectArb, mutationsArb).map(([o, m]) => mutate(toYaml(o), m)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '---',
      'a: &a [*a]',
      '- - - x',
      'services:\n  web:\n    command: [',
      'key: !!binary x',
      '? [a]\n: b',
      'x: *undefined_alias',
      '%YAML 1.2\n---\n{}',
      'services: 42',
      'services:\n  web: null',
    ),
  },
);

const lockVersion = orAny(fc.constantFrom('4.18.2', '1.0.0', '0.0.0-x', ''), 4);
export const lockfileArb: fc.Arbitrary<{ name: string; text: string }> = fc.oneof(
  fc
    .record(
      {
        lockfileVersion: orAny(fc.constantFrom(1, 2, 3)),
        packages: orAny(
          fc.dictionary(
            fc.constantFrom(
              '',
              'node_modules/express',
              'node_modules/pg',
              'node_modules/@scope/pkg',
              'packages/a',
              'packages/a/node_modules/express',
              'node_modules/a',
              'node_modules/',
            ),
            orAny(
              fc.record(
                {
                  version: lockVersion,
                  link: orAny(fc.boolean()),
                  resolved: orAny(fc.constantFrom('packages/a', '', 'https://r/x.tgz')),
                  dependencies: anyJson,
                },
                { requiredKeys: [] },
              ),
            ),
            { maxKeys: 5 },
          ),
        ),
        dependencies: orAny(
          fc.dictionary(
            fc.constantFrom('express', 'pg', 'a'),
            orAny(fc.record({ version: lockVersion, dependencies: anyJson }, { requiredKeys: [] })),
            { maxKeys: 3 },
          ),
        ),
      },
      { requiredKeys: [] },
    )
    .map((o) => ({ name: 'package-lock.json', text: JSON.stringify(o, null, 2) })),
  fc
    .array(
      fc.oneof(
        fc
          .tuple(
            fc.constantFrom('express@^4.18.0', '"@scope/pkg@^1"', 'pg@8, pg@^8.1', '"a@npm:b@1"', '@', ''),
            fc.constantFrom('4.18.2', '8.11.0', '"1"', ''),
          )
          .map(([spec, v]) => `${spec}:\n  version "${v}"\n  resolved "https://r/x.tgz"\n`),
        fc.constantFrom('# yarn lockfile v1\n', '__metadata:\n  version: 6\n', 'x:\n  version: 1.2.3\n'),
        fc.string({ maxLength: 20 }),
      ),
      { maxLength: 5 },
    )
    .map((parts) => ({ name: 'yarn.lock', text: parts.join('\n') })),
  fc
    .record(
      {
        lockfileVersion: orAny(fc.constantFrom('9.0', '6.0', 5.4)),
        importers: orAny(
          fc.dictionary(
            fc.constantFrom('.', 'packages/a', './apps/x/', ''),
            orAny(
              fc.record(
                {
                  dependencies: orAny(
                    fc.dictionary(
                      fc.constantFrom('express', 'pg'),
                      orAny(
                        fc.record(
                          {
                            specifier: anyJson,
                            version: orAny(fc.constantFrom('4.18.2', '1.0.0(react@18.2.0)', 'link:../b', '1.0.0_x@1')),
                          },
                          { requiredKeys: [] },
                        ),
                      ),
                      { maxKeys: 2 },
                    ),
                  ),
                },
                { requiredKeys: [] },
              ),
            ),
            { maxKeys: 2 },
          ),
        ),
        dependencies: anyJson,
        packages: orAny(
          fc.dictionary(fc.constantFrom('/express@4.18.2', 'express@4.18.2', '/@s/p/1.0.0', '/x', ''), anyJson, {
            maxKeys: 3,
          }),
        ),
      },
      { requiredKeys: [] },
    )
    .map((o) => ({ name: 'pnpm-lock.yaml', text: toYaml(o) })),
  fc
    .record(
      {
        lockfileVersion: anyJson,
        packages: orAny(
          fc.dictionary(
            fc.constantFrom('express', 'pg'),
            orAny(fc.array(orAny(fc.constantFrom('express@4.18.2', 'pg', '@')), { maxLength: 2 })),
            { maxKeys: 2 },
          ),
        ),
      },
      { requiredKeys: [] },
    )
    .map((o) => ({ name: 'bun.lock', text: JSON.stringify(o, null, 2).replace(/\n\}$/, ',\n}') })),
  fc
    .tuple(fc.constantFrom('package-lock.json', 'pnpm-lock.yaml', 'bun.lock', 'yarn.lock'), anyJson)
    .map(([name, v]) => ({ name, text: JSON.stringify(v) ?? '' })),
);

// ---------------------------------------------------------------------------------------------------------------
// In-memory workspaces

export const FUZZ_ROOT = path.join(path.parse(process.cwd()).root, 'twelve-factor-fuzz-ws');

/** Discovery over an in-memory file map, with the walk's rules: default skips, .gitignore, kinds. */
export function memoryDiscovery(files: Record<string, string>): () => Promise<Discovery> {
  return async () => {
    const gitignore = new GitIgnore(FUZZ_ROOT);
    const rels = Object.keys(files).sort();
    for (const rel of rels)
      if (path.posix.basename(rel) === '.gitignore')
        gitignore.add(path.join(FUZZ_ROOT, path.posix.dirname(rel)), files[rel]);
    const out: Discovery['files'] = [];
    for (const rel of rels) {
      const full = path.join(FUZZ_ROOT, rel);
      const segs = rel.split('/');
      if (segs.slice(0, -1).some((s) => DEFAULT_SKIP_DIRS.has(s))) continue;
      let dirIgnored = false;
      for (let i = 1; i < segs.length && !dirIgnored; i++)
        dirIgnored = gitignore.ignores(path.join(FUZZ_ROOT, ...segs.slice(0, i)), true);
      if (dirIgnored) continue;
      const kind = classify(segs[segs.length - 1], rel);
      if (kind === 'other') continue;
      const ignored = gitignore.ignores(full);
      if (ignored && kind !== 'env' && kind !== 'lockfile') continue;
      out.push({ path: full, rel, kind, ignored, size: files[rel].length });
    }
    return { files: out, gitignore, skipped: [] };
  };
}

export interface LogSpy extends Logger {
  errors: string[];
}
export function logSpy(): LogSpy {
  const errors: string[] = [];
  return { errors, info() {}, warn() {}, error: (m) => errors.push(m) };
}

/** An engine whose whole workspace is `files` (relative path → text), read through the overlay. */
export function memoryEngine(
  files: Record<string, string>,
  logger: Logger,
  rules: readonly Rule[] = ALL_RULES,
): Engine {
  const byPath = new Map(Object.entries(files).map(([rel, text]) => [path.join(FUZZ_ROOT, rel), text]));
  return new Engine({
    root: FUZZ_ROOT,
    rules,
    logger,
    overlay: (p) => byPath.get(p),
    discover: memoryDiscovery(files),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Checks. Each returns a list of problems (empty when the property holds), so a failure says everything at once.

export function rangeProblem(range: Range, text: string, what: string): string | undefined {
  const lines = new LineIndex(text);
  const inside = (p: Range['start']) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0 &&
    p.line < lines.lineCount &&
    p.character <= lines.lineText(p.line).length;
  if (!inside(range.start) || !inside(range.end))
    return `${what}: range ${fmt(range)} is outside the document (${lines.lineCount} lines)`;
  if (
    range.end.line < range.start.line ||
    (range.end.line === range.start.line && range.end.character < range.start.character)
  )
    return `${what}: range ${fmt(range)} ends before it starts`;
  return undefined;
}

const fmt = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

export function isInsideRoot(root: string, p: string): boolean {
  const abs = path.resolve(p);
  return abs === root || abs.startsWith(root + path.sep);
}

export function findingProblems(
  findings: readonly Finding[],
  read: (p: string) => string | undefined,
  root: string,
): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const what = `${f.ruleId} finding in ${path.relative(root, f.path)}`;
    if (!isInsideRoot(root, f.path)) {
      out.push(`${what}: outside the workspace`);
      continue;
    }
    // A file skipped as binary can still carry a finding about the file itself, at its very start.
    const text = read(f.path);
    const p = rangeProblem(f.range, text ?? '', text === undefined ? `${what} (unreadable)` : what);
    if (p) out.push(p);
    if (typeof f.message !== 'string' || !f.message) out.push(`${what}: empty message`);
  }
  return out;
}

export function fixProblems(
  fixes: readonly Fix[],
  read: (p: string) => string | undefined,
  root: string,
  ruleId: string,
): string[] {
  const out: string[] = [];
  for (const fix of fixes) {
    const what = `${ruleId} fix "${fix.title}"`;
    for (const fe of fix.edits ?? []) {
      if (!isInsideRoot(root, fe.path)) {
        out.push(`${what}: edits ${fe.path}, outside the workspace`);
        continue;
      }
      const text = read(fe.path) ?? (fe.create ? '' : undefined);
      if (text === undefined) {
        out.push(`${what}: edits ${path.relative(root, fe.path)}, which cannot be read and is not created`);
        continue;
      }
      const lines = new LineIndex(text);
      const spans = fe.edits
        .map((e) => {
          const p = rangeProblem(e.range, text, `${what} edit`);
          if (p) out.push(p);
          return { start: lines.offset(e.range.start), end: lines.offset(e.range.end) };
        })
        .sort((a, b) => a.start - b.start || a.end - b.end);
      for (let i = 1; i < spans.length; i++)
        if (spans[i].start < spans[i - 1].end)
          out.push(`${what}: overlapping edits in ${path.relative(root, fe.path)}`);
      if (fe.rewrite) {
        try {
          if (typeof fe.rewrite(text) !== 'string') out.push(`${what}: rewrite returned no text`);
        } catch (e) {
          out.push(`${what}: rewrite threw ${(e as Error).message}`);
        }
      }
    }
  }
  return out;
}

/** Scans, then asks for the fixes of every finding and merges each file's fix-all fixes, checking all of it. */
export async function scanAndFix(engine: Engine, spy: LogSpy): Promise<string[]> {
  await engine.scan();
  const findings = engine.findings();
  const problems = findingProblems(findings, engine.read, engine.root);
  const fixAll = new Map<string, Fix[]>();
  for (const f of findings) {
    const fixes = engine.fixesFor(f);
    problems.push(...fixProblems(fixes, engine.read, engine.root, f.ruleId));
    for (const fix of fixes) if (fix.fixAll) fixAll.set(f.path, [...(fixAll.get(f.path) ?? []), fix]);
  }
  for (const fixes of fixAll.values()) {
    try {
      const merged = mergeFixes(fixes, engine.read).fix;
      if (merged) problems.push(...fixProblems([merged], engine.read, engine.root, 'fix-all'));
    } catch (e) {
      problems.push(`mergeFixes threw ${(e as Error).message}`);
    }
  }
  if (engine.ruleFailures) problems.push(`${engine.ruleFailures} rule failure(s)`);
  problems.push(...spy.errors);
  return problems;
}

/** Other files rules read, each from a typical text that may be mutated, or noise. */
const EXTRA_FILES: Record<string, string> = {
  '.dockerignore': 'node_modules\n.env\n*.log\n!.env.example\n',
  '.npmrc': '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\nengine-strict=true\n',
  '.yarnrc.yml':
    'nodeLinker: node-modules\nnpmAuthToken: abcdef0123456789abcdef\nyarnPath: .yarn/releases/yarn-4.cjs\n',
  '.yarnrc': 'registry "https://registry.yarnpkg.com"\n',
  '.tool-versions': 'nodejs 20.11.0\nyarn 1.22.19\n',
  '.node-version': '20\n',
  'nixpacks.toml': '[phases.setup]\naptPkgs = ["ffmpeg"]\n[start]\ncmd = "node server.js"\n',
  'fly.toml': '[env]\n  PORT = "8080"\n[[services]]\n  internal_port = 3000\n[processes]\n  web = "node server.js"\n',
  'app.json':
    '{"scripts":{"postdeploy":"npm run migrate"},"env":{"SECRET":{"generator":"secret"}},"formation":{"web":{"quantity":1}}}',
  Aptfile: 'ffmpeg\nimagemagick\n',
  'prisma/schema.prisma':
    'datasource db {\n  provider = "postgresql"\n  url = "postgresql://admin:hunter22@localhost:5432/db"\n}\n',
  Makefile: 'start:\n\tnode server.js &\nmigrate:\n\tknex migrate:latest\n',
  'railway.toml': '[deploy]\nstartCommand = "npm run migrate && npm start"\n',
  'netlify.toml': '[build]\ncommand = "npm run build"\n',
  '.env.example': 'API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\nPORT=3000\n',
  'ecosystem.config.js':
    "module.exports = { apps: [{ name: 'web', script: 'server.js', instances: 'max', exec_mode: 'cluster' }] };\n",
  'config/default.json': '{"port":3000,"db":{"url":"postgres://u:secretpw1@db.internal:5432/x"}}',
};
const extraFileArb = fc
  .constantFrom(...Object.keys(EXTRA_FILES))
  .chain((name) =>
    fc.tuple(
      fc.constant(name),
      fc.oneof(
        { weight: 4, arbitrary: mutationsArb.map((m) => mutate(EXTRA_FILES[name], m)) },
        { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
        { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
      ),
    ),
  );

/** A generated project: package.json with values of every type, sources, and any of the project files rules read. */
export function projectArb(seeds: ReturnType<typeof loadSeeds>): fc.Arbitrary<Record<string, string>> {
  const source = fc.oneof(
    { weight: 3, arbitrary: mutatedSeed(seeds.source).map((s) => s.text) },
    { weight: 2, arbitrary: generatedSourceArb },
  );
  const named = fc
    .tuple(
      sourceDirArb,
      fc.constantFrom('index', 'server', 'app', 'worker', 'config', 'db', 'migrate', 'a.test'),
      sourceExtArb,
    )
    .map(([d, n, e]) => d + n + e);
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 2, nil: undefined });
  return fc
    .record({
      pkg: packageJsonTextArb,
      sources: fc.array(fc.tuple(named, source), { minLength: 1, maxLength: 3 }),
      env: opt(fc.tuple(fc.constantFrom('.env', '.env.example', '.env.production', '.env.local'), envTextArb)),
      docker: opt(
        fc.tuple(
          fc.constantFrom('Dockerfile', 'Dockerfile.worker', 'docker/Dockerfile'),
          fc.oneof(
            dockerfileTextArb,
            mutatedSeed(seeds.dockerfile).map((s) => s.text),
          ),
        ),
      ),
      procfile: opt(
        fc.oneof(
          procfileTextArb,
          mutatedSeed(seeds.procfile).map((s) => s.text),
        ),
      ),
      compose: opt(
        fc.tuple(
          fc.constantFrom('docker-compose.yml', 'compose.yaml', 'config/production.yml', 'app.yaml'),
          yamlTextArb,
        ),
      ),
      gitignore: opt(gitignoreTextArb),
      lock: opt(lockfileArb),
      nvmrc: opt(fc.constantFrom('20', 'v18.17.0', 'lts/*', '', 'node', '22\n')),
      pnpmWorkspace: opt(
        fc.oneof(
          fc.constantFrom(
            "packages:\n  - 'packages/*'\n",
            'packages:\n  - ""\n',
            'packages: 5\n',
            'packages:\n  - [x]\n',
          ),
          yamlTextArb,
        ),
      ),
      member: opt(fc.tuple(packageJsonTextArb, source)),
      extras: fc.array(extraFileArb, { maxLength: 3 }),
      tsconfig: opt(
        fc.oneof(
          fc.constantFrom(
            '{"compilerOptions":{"baseUrl":".","paths":{"@/*":["src/*"]}}}',
            '{"compilerOptions":{"paths":5}}',
            '[]',
            '{',
          ),
          anyJson.map((v) => JSON.stringify({ compilerOptions: v })),
        ),
      ),
    })
    .map((p) => {
      const files: Record<string, string> = { 'package.json': p.pkg };
      for (const [rel, text] of p.sources) files[rel] = text;
      if (p.env) files[p.env[0]] = p.env[1];
      if (p.docker) files[p.docker[0]] = p.docker[1];
      if (p.procfile !== undefined) files.Procfile = p.procfile;
      if (p.compose) files[p.compose[0]] = p.compose[1];
      if (p.gitignore !== undefined) files['.gitignore'] = p.gitignore;
      if (p.lock) files[p.lock.name] = p.lock.text;
      if (p.nvmrc !== undefined) files['.nvmrc'] = p.nvmrc;
      if (p.pnpmWorkspace !== undefined) files['pnpm-workspace.yaml'] = p.pnpmWorkspace;
      if (p.member) {
        files['packages/a/package.json'] = p.member[0];
        files['packages/a/index.js'] = p.member[1];
      }
      if (p.tsconfig !== undefined) files['tsconfig.json'] = p.tsconfig;
      for (const [rel, text] of p.extras) files[rel] = text;
      return files;
    });
}

/** A rule fixture project with some of its files mutated (package.json values replaced by values of any type). */
export function mutatedFixtureArb(projects: Record<string, string>[]): fc.Arbitrary<Record<string, string>> {
  return fc
    .record({
      i: fc.nat(),
      edits: fc.array(
        fc.record({
          file: fc.nat(),
          muts: mutationsArb,
          jsonPath: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
          value: anyJson,
          mode: fc.constantFrom('text', 'json', 'json'),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ i, edits }) => {
      const files = { ...projects[i % projects.length] };
      const names = Object.keys(files);
      for (const e of edits) {
        const rel = names[e.file % names.length];
        files[rel] =
          e.mode === 'json' && rel.endsWith('.json')
            ? replaceJsonValue(files[rel], e.jsonPath, e.value)
            : mutate(files[rel], e.muts);
      }
      return files;
    });
}

/** Replaces the value at a path chosen by indexes (key i of each object along the way) with `value`. */
function replaceJsonValue(text: string, pick: number[], value: unknown): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return text;
  }
  if (!data || typeof data !== 'object') return JSON.stringify(value);
  let node = data as Record<string, unknown>;
  for (let d = 0; d < pick.length; d++) {
    const keys = Object.keys(node);
    if (!keys.length) break;
    const key = keys[pick[d] % keys.length];
    const child = node[key];
    if (d === pick.length - 1 || !child || typeof child !== 'object') {
      node[key] = value;
      break;
    }
    node = child as Record<string, unknown>;
  }
  return JSON.stringify(data, null, 2);
}
