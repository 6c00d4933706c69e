// config/hardcoded-secret: credentials written into code or tracked files instead of the environment.
import { ownFact } from '../../core/facts';
import * as path from 'path';
import * as ts from 'typescript';
import type { Finding, Fix, FixContext, Message, ProjectContext, Range, Rule, SourceContext } from '../../core/types';
import {
  bindingNameOf,
  calleeName,
  declaredName,
  dottedName,
  envVarName,
  isEnvFallback,
  unwrap,
} from '../../lang/js/astUtil';
import {
  findProviderSecrets,
  isPlaceholder,
  isSecretName,
  isTemplateValue,
  looksLikeSecretValue,
  mayHoldProviderSecret,
  type SecretMatch,
} from '../../detect/secrets';
import { urlCredential, type UrlCredential } from '../../detect/urls';
import { LOCAL_SECTION, inLocalSection, isDevOnly } from '../../lang/js/devOnly';
import { envModeOf } from '../../detect/envVars';
import { isLocalePath } from '../../detect/locale';
import { moduleRefs, type ModuleRefs } from '../../lang/js/moduleRefs';
import { describeSecret, redactUrl } from '../../util/redact';
import { toEnvName } from '../../util/naming';
import { moveToEnvFix } from '../../fixes/env';
import { isExamplePath, isTestPath } from '../../core/paths';
import { processesOf, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { clip, LineIndex } from '../../util/text';
import { visit as visitJson } from 'jsonc-parser';
import { isScalar, parseDocument, visit as visitYaml } from 'yaml';

const GENERIC = new Set([
  'PASSWORD',
  'SECRET',
  'TOKEN',
  'KEY',
  'API_KEY',
  'PASS',
  'PWD',
  'CREDENTIALS',
  'SECRET_KEY',
  'ACCESS_TOKEN',
  'PRIVATE_KEY',
  'AUTH_TOKEN',
]);

/** `{ db: { password: 'x' } }` → "DB_PASSWORD": a generic name takes its enclosing object's name as prefix. */
function contextualName(literal: ts.Node): string | undefined {
  const name = bindingNameOf(literal);
  if (!name) return undefined;
  const env = toEnvName(name);
  if (!GENERIC.has(env)) return env;
  const obj = literal.parent && ts.isPropertyAssignment(literal.parent) ? literal.parent.parent : undefined;
  if (obj && ts.isObjectLiteralExpression(obj)) {
    const owner = bindingNameOf(obj);
    if (owner && !/^(config|options|opts|settings|params)$/i.test(owner)) return `${toEnvName(owner)}_${env}`;
    const call = obj.parent;
    if (call && (ts.isNewExpression(call) || ts.isCallExpression(call))) {
      const callee = call.expression.getText();
      if (/Pool|Client|Sequelize|createConnection|createPool|knex|DataSource|mysql|pg/i.test(callee))
        return `DB_${env}`;
      if (/redis/i.test(callee)) return `REDIS_${env}`;
    }
  }
  return env;
}

function inFixtureOrExample(rel: string): boolean {
  return isTestPath(rel) || isExamplePath(rel);
}

/** `{ development: { connection: … } }` (knexfile, config objects): local-development or test settings. */
function urlMessage(c: UrlCredential, value: string): Message {
  const data = { scheme: c.scheme, url: clip(redactUrl(value)) };
  return c.user ? { messageId: 'urlUser', data: { ...data, user: c.user } } : { messageId: 'urlService', data };
}

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const seen = new Set<ts.Node>();
  const importsJwt = ctx.facts.imports.some((i) => i.specifier === 'jsonwebtoken');
  const importsKoa = ctx.facts.imports.some((i) => i.specifier === 'koa');
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  if (EXAMPLE_ENV_TEXT.test(ctx.text)) recordExampleEnvLoads(ctx, refs);
  for (const lit of ctx.index.strings) {
    const value = lit.text;
    // Positions that hold a secret whatever the value looks like: `session({ secret: 'keyboard cat' })`.
    const position = positionalSecret(lit, importsJwt) ?? secretOption(lit, importsKoa, refs);
    if (position && !findProviderSecrets(value).length) {
      const strong = looksLikeSecretValue(value, 'secret');
      const weak = position.anyValue && !isTemplateValue(value) && !isDevOnly(lit);
      if ((strong || weak) && !isEnvFallback(lit)) {
        ctx.report(
          lit,
          { messageId: 'positional', data: { what: position.what, value: describeSecret(value) } },
          {
            severity: 'warning',
            data: { kind: 'literal', names: [position.env], exact: true },
          },
        );
      }
      continue;
    }
    if (value.length < 8) continue;
    // Provider formats anywhere in a string: a live key is a live key, whatever it is called.
    if (mayHoldProviderSecret(value)) {
      const found = findProviderSecrets(value);
      if (found.length) {
        const m = found[0];
        if (m.provider === 'Google API key' && isFirebaseWebConfig(lit)) continue;
        seen.add(lit);
        const names = [m.envName, contextualName(lit) ?? ''];
        ctx.report(
          lit,
          { messageId: 'provider', data: { provider: m.provider, value: describeSecret(m.value) } },
          {
            severity: m.live ? 'error' : 'warning',
            data: { kind: 'literal', names, exact: m.value === value },
          },
        );
        continue;
      }
    }
    if (seen.has(lit)) continue;
    // `postgres://shop:S3cretPw@db.prod.internal/shop`: the password travels with the location.
    if (value.includes('@') && value.includes('://')) {
      const cred = urlCredential(value);
      if (cred) {
        const fallback = isEnvFallback(lit);
        // In fallback position only a random-looking password counts; `devpass99` is a local default.
        const real = !fallback || (looksLikeSecretValue(cred.password, 'password') && !DEV_DEFAULT.test(cred.password));
        if (real && !inLocalSection(lit) && !isDevOnly(lit)) {
          const message = fallback
            ? { messageId: 'fallbackUrl', data: { scheme: cred.scheme, url: clip(redactUrl(value)) } }
            : urlMessage(cred, value);
          ctx.report(passwordRange(ctx, lit, value, cred) ?? lit, message, {
            severity: 'warning',
            data: { kind: 'url' },
          });
        }
        continue;
      }
    }
    const header = authorizationHeader(lit);
    if (header) {
      ctx.report(
        lit,
        { messageId: 'header', data: { scheme: header, value: describeSecret(value) } },
        {
          severity: 'warning',
          data: { kind: 'header' },
        },
      );
      continue;
    }
    if (isEnvFallback(lit)) {
      // `session({ secret: process.env.SESSION_SECRET || 'keyboard cat' })`: in a place that only ever holds a
      // secret, any fallback value signs production sessions the day the variable is missing.
      const outer = fallbackRoot(lit);
      let slot = outer && (positionalSecret(outer, importsJwt) ?? secretOption(outer, importsKoa, refs));
      // `const jwtSecret = process.env.JWT_SECRET ?? 'dev-only'; … jwt.verify(token, jwtSecret)`: the same, one step removed.
      const decl = outer?.parent;
      if (!slot && decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
        const name = decl.name.text;
        const uses = [
          ...ctx.index.calls.flatMap((c) => [...c.arguments]),
          ...ctx.index.properties.map((x) => x.initializer),
        ].filter((n): n is ts.Identifier => ts.isIdentifier(n) && n.text === name);
        for (const use of uses) {
          slot = positionalSecret(use, importsJwt) ?? secretOption(use, importsKoa, refs);
          if (slot) break;
        }
      }
      if (slot && !isTemplateValue(value) && !isDevOnly(lit)) {
        ctx.report(
          lit,
          { messageId: 'signingFallback', data: { what: slot.what, value: describeSecret(value) } },
          {
            severity: 'warning',
            data: { kind: 'fallback' },
          },
        );
        continue;
      }
      // `process.env.SESSION_SECRET || 'dev-secret'` is a local default; a random-looking value is a real secret.
      const names = fallbackNames(lit);
      const secretName = names.find(isSecretName);
      if (secretName && looksLikeSecretValue(value, secretName) && !DEV_DEFAULT.test(value)) {
        ctx.report(
          lit,
          { messageId: 'fallbackSecret', data: { name: secretName, value: describeSecret(value) } },
          {
            severity: 'warning',
            data: { kind: 'fallback' },
          },
        );
      }
      continue;
    }
    const name = bindingNameOf(lit);
    if (!name || !isSecretName(name) || !looksLikeSecretValue(value, name)) continue;
    ctx.report(
      lit,
      { messageId: 'named', data: { name, value: describeSecret(value) } },
      {
        severity: 'warning',
        data: { kind: 'literal', names: [contextualName(lit) ?? toEnvName(name)], exact: true },
      },
    );
  }
}

/** Words that mark a fallback as a local-development default (`local-jwt-secret-1234`, `dev_only_key_42`). */
const DEV_DEFAULT = /(^|[^a-z])(dev|devel|development|local|localdev|insecure|unsafe|not-?secret|keyboard)([^a-z]|$)/i;

/** Names around an env fallback: the variables read (`JWT_SECRET`) and what the result is bound to (`jwtSecret`). */
function fallbackNames(lit: ts.Node): string[] {
  let child: ts.Node = lit;
  let parent = lit.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent))) {
    child = parent;
    parent = parent.parent;
  }
  const names: string[] = [];
  if (parent && ts.isBinaryExpression(parent) && parent.right === child) {
    const visit = (n: ts.Node): void => {
      const v = envVarName(n);
      if (v) names.push(v);
      else ts.forEachChild(n, visit);
    };
    visit(parent.left);
    const bound = bindingNameOf(parent);
    if (bound) names.push(bound);
  } else {
    const bound = bindingNameOf(lit);
    if (bound) names.push(bound);
  }
  return names;
}

interface SecretPosition {
  what: string;
  env: string;
  /** Any non-template value is a violation, not just random-looking ones. */ anyValue: boolean;
}

/** Arguments that are secrets by position: `jwt.sign(payload, 'key')`, `createHmac('sha256', 'key')`, `new Sequelize(db, user, 'pw')`. */
const POSITIONAL: { callee: RegExp; index: number; what: string; env: string; anyValue: boolean }[] = [
  {
    callee: /^(jwt|jsonwebtoken|JWT)\.(sign|verify)$/,
    index: 1,
    what: 'JWT signing secret',
    env: 'JWT_SECRET',
    anyValue: true,
  },
  { callee: /(^|\.)createHmac$/, index: 1, what: 'HMAC key', env: 'HMAC_SECRET', anyValue: false },
  { callee: /^cookieParser$/, index: 0, what: 'cookie-signing secret', env: 'COOKIE_SECRET', anyValue: true },
  { callee: /(^|\.)Sequelize$/, index: 2, what: 'database password', env: 'DB_PASSWORD', anyValue: false },
];

function positionalSecret(lit: ts.Node, importsJwt: boolean): SecretPosition | undefined {
  const call = lit.parent;
  if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments) return undefined;
  const index = call.arguments.indexOf(lit as ts.Expression);
  if (index < 0) return undefined;
  const callee = call.expression.getText();
  // `import { sign } from 'jsonwebtoken'; sign(payload, 'key')`
  if (importsJwt && index === 1 && /^(sign|verify)$/.test(callee)) return POSITIONAL[0];
  return POSITIONAL.find((p) => p.index === index && p.callee.test(callee));
}

/**
 * Options that are secrets by name and place: `session({ secret })`, `cookieSession({ keys: […] })`,
 * `fastify.register(fastifyJwt, { secret })`, `JwtModule.register({ secret })`, `new JwtStrategy({ secretOrKey })`,
 * `expressjwt({ secret })`, and Koa's `app.keys = […]`.
 */
function secretOption(lit: ts.Node, importsKoa: boolean, refs?: ModuleRefs): SecretPosition | undefined {
  let node: ts.Node = lit;
  let inArray = false;
  if (node.parent && ts.isArrayLiteralExpression(node.parent)) {
    node = node.parent;
    inArray = true;
  }
  const parent = node.parent;
  if (!parent) return undefined;
  if (
    inArray &&
    importsKoa &&
    ts.isBinaryExpression(parent) &&
    parent.right === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(parent.left) &&
    parent.left.name.text === 'keys'
  ) {
    return { what: 'Koa cookie-signing key', env: 'COOKIE_KEYS', anyValue: true };
  }
  if (!ts.isPropertyAssignment(parent) || parent.initializer !== node) return undefined;
  const key = declaredName(parent.name) ?? '';
  const obj = parent.parent;
  const call = obj?.parent;
  if (!ts.isObjectLiteralExpression(obj) || !call || !(ts.isCallExpression(call) || ts.isNewExpression(call)))
    return undefined;
  const args = call.arguments ?? ts.factory.createNodeArray();
  const argIndex = args.indexOf(obj);
  const callee = calleeName(call.expression) ?? '';
  const dotted = dottedName(call.expression) ?? '';
  const session =
    /^(session|expressSession|cookieSession|koaSession)$/i.test(callee) ||
    isRequireCall(call.expression, /^(express-session|cookie-session|koa-session)$/);
  if (session && argIndex === 0 && (key === 'secret' || (inArray && (key === 'keys' || key === 'secret')))) {
    return inArray && key === 'keys'
      ? { what: 'session signing key', env: 'SESSION_KEY', anyValue: true }
      : { what: 'session secret', env: 'SESSION_SECRET', anyValue: true };
  }
  if (
    callee === 'register' &&
    argIndex === 1 &&
    key === 'secret' &&
    /session|cookie|jwt/i.test(args[0]?.getText() ?? '')
  ) {
    const what = /jwt/i.test(args[0].getText())
      ? 'JWT signing secret'
      : /session/i.test(args[0].getText())
        ? 'session secret'
        : 'cookie-signing secret';
    return {
      what,
      env:
        what === 'JWT signing secret' ? 'JWT_SECRET' : what === 'session secret' ? 'SESSION_SECRET' : 'COOKIE_SECRET',
      anyValue: true,
    };
  }
  if (/^JwtModule\.register$/.test(dotted) && argIndex === 0 && key === 'secret')
    return { what: 'JWT signing secret', env: 'JWT_SECRET', anyValue: true };
  // By name, or by where the callee comes from: `import { expressjwt as jwt } from 'express-jwt'; jwt({ secret })`.
  const jwtMiddleware =
    /^(expressjwt|expressJwt|koaJwt)$/.test(callee) ||
    /^(express-jwt|koa-jwt)$/.test(refs?.resolve(call.expression)?.module ?? '');
  if (jwtMiddleware && argIndex === 0 && key === 'secret')
    return { what: 'JWT signing secret', env: 'JWT_SECRET', anyValue: true };
  if (/Strategy$/.test(callee) && ts.isNewExpression(call) && argIndex === 0 && key === 'secretOrKey')
    return { what: 'JWT signing secret', env: 'JWT_SECRET', anyValue: true };
  return undefined;
}

/** The whole `process.env.X || 'literal'` expression a fallback literal belongs to. */
function fallbackRoot(lit: ts.Node): ts.Node | undefined {
  let node: ts.Node = lit;
  while (
    node.parent &&
    (ts.isParenthesizedExpression(node.parent) || (ts.isBinaryExpression(node.parent) && node.parent.right === node))
  )
    node = node.parent;
  return node === lit ? undefined : node;
}

/** `require('express-session')(…)` */
function isRequireCall(expr: ts.Expression, spec: RegExp): boolean {
  return (
    ts.isCallExpression(expr) &&
    calleeName(expr.expression) === 'require' &&
    !!expr.arguments[0] &&
    ts.isStringLiteral(expr.arguments[0]) &&
    spec.test(expr.arguments[0].text)
  );
}

/** `headers: { Authorization: 'Bearer eyJ…' }`: a token written into a request. */
function authorizationHeader(lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): string | undefined {
  if (!/^authorization$/i.test(bindingNameOf(lit) ?? '')) return undefined;
  const m = /^(Bearer|Basic|Token)\s+(\S{16,})$/i.exec(lit.text);
  return m && !isPlaceholder(m[2]) ? m[1] : undefined;
}

/** Firebase web configs carry an `apiKey` that is public by design. */
function isFirebaseWebConfig(lit: ts.Node): boolean {
  const obj = lit.parent?.parent;
  if (!obj || !ts.isObjectLiteralExpression(obj)) return false;
  return obj.properties.some(
    (p) => p.name && /^(authDomain|messagingSenderId|projectId|storageBucket)$/.test(p.name.getText()),
  );
}

// --- an example env file loaded as the live config ---------------------------------------------------------------

const EXAMPLE_ENV_TEXT = /\.env\.(example|sample|template)\b/;
/** The example file a path expression ends in: `'.env.example'`, `path.join(__dirname, '../.env.sample')`. */
const EXAMPLE_ENV_END = /(?:^|[^\w.-])(\.env\.(?:example|sample|template))['"`]/;
const DOTENV = ['dotenv', '@dotenvx/dotenvx'];

interface ExampleLoad {
  range: Range;
  name: string;
}
const EXAMPLE_LOADS = ownFact<ExampleLoad[]>('config/hardcoded-secret', 'example-env-loads');

/**
 * `process.loadEnvFile('.env.example')`, `dotenv.config({ path: '.env.example' })` (also in a `path: [...]` list or as
 * the fallback when `.env` is missing): the committed example becomes the running config. dotenv-safe's
 * `example:` option only checks keys against it and is not a load.
 */
function recordExampleEnvLoads(ctx: SourceContext, refs: ModuleRefs): void {
  const loads: ExampleLoad[] = [];
  for (const call of ctx.index.calls) {
    let target: ts.Expression | undefined;
    if (dottedName(call.expression) === 'process.loadEnvFile') target = call.arguments[0];
    else {
      const ref = refs.resolve(call.expression);
      const opts = call.arguments[0] && unwrap(call.arguments[0]);
      if (
        ref &&
        !ref.called &&
        DOTENV.includes(ref.module) &&
        ref.path.length === 1 &&
        /^(config|configDotenv)$/.test(ref.path[0]) &&
        opts &&
        ts.isObjectLiteralExpression(opts)
      ) {
        const prop = opts.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && declaredName(p.name) === 'path',
        );
        target = prop?.initializer;
      }
    }
    const m = target && EXAMPLE_ENV_END.exec(target.getText(ctx.sourceFile));
    if (m && !isDevOnly(call)) loads.push({ range: ctx.rangeOf(call), name: m[1] });
  }
  if (loads.length) ctx.record(EXAMPLE_LOADS, loads);
}

/**
 * Reports the loads in files a process runs (not tests or tooling) whose example file gives a secret-named key a
 * value: that value is what production runs with whenever the variable is unset. An example file is the one meant
 * to be shared, so a .gitignore entry for it (hackathon-starter) does not make it a private config file.
 */
function checkExampleEnvLoads(ctx: ProjectContext): void {
  const project = ctx.project;
  let processes: ReturnType<typeof processesOf> | undefined;
  for (const file of project.sources) {
    const loads = ctx.fact(file, EXAMPLE_LOADS);
    if (!loads?.length) continue;
    processes ??= processesOf(project, ctx.facts, ctx.workspace);
    if (
      !processes.some(
        (p) => p.origins.some((o) => o.kind !== 'bin') && (p.reachable.has(file) || p.setup.includes(file)),
      )
    )
      continue;
    for (const load of loads) {
      const candidates = project.envFiles.filter(
        (e) => path.basename(e.path) === load.name && !inFixtureOrExample(e.rel),
      );
      // Relative to the working directory, which is the project root when the process starts; else beside the file.
      const example =
        candidates.find((e) => path.dirname(e.path) === project.root) ??
        candidates.find((e) => path.dirname(e.path) === path.dirname(file)) ??
        (candidates.length === 1 ? candidates[0] : undefined);
      const entry = example?.entries.find((e) => isSecretName(e.key) && !isTemplateValue(e.value));
      if (!entry) continue;
      ctx.report(
        file,
        load.range,
        { messageId: 'exampleLoaded', data: { file: load.name, key: entry.key } },
        { severity: 'warning' },
      );
    }
  }
}

function checkProject(ctx: ProjectContext): void {
  checkExampleEnvLoads(ctx);
  for (const env of ctx.project.envFiles) {
    // An ignored .env is exactly where secrets belong; examples are config/secret-in-example's business.
    if (env.ignored || env.ignoreUnknown || env.isExample || inFixtureOrExample(env.rel)) continue;
    // Discovery knows .gitignore, not git's index: the file may be committed already, or will be on the next `git add`.
    const file = path.basename(env.path);
    const mode = envModeOf(env.path);
    // `.env.test`, `.env.ci`: test configuration. Only a provider-format key counts there, and as a warning.
    const testMode = !!mode && /^(test|testing|ci)$/.test(mode);
    for (const e of env.entries) {
      const provider = findProviderSecrets(e.value).find((m) => !isTruncatedKey(e.value, m));
      if (provider) {
        ctx.report(
          env.path,
          e.valueRange,
          {
            messageId: 'envProvider',
            data: { provider: provider.provider, value: describeSecret(provider.value), file },
          },
          { severity: provider.live && !testMode ? 'error' : 'warning' },
        );
      } else if (testMode) {
        continue;
      } else if (isSecretName(e.key) && looksLikeSecretValue(e.value, e.key)) {
        ctx.report(
          env.path,
          e.valueRange,
          { messageId: 'envSecret', data: { key: e.key, value: describeSecret(e.value), file } },
          { severity: 'warning' },
        );
      } else if (!(mode && /^(development|dev|test|testing|ci)$/.test(mode))) {
        // `REDIS_URL=redis://:pw@prod-redis…`: a password inside a URL value. Development/test mode files hold local URLs.
        const cred = e.value.includes('@') ? urlCredential(e.value) : undefined;
        if (cred) {
          ctx.report(
            env.path,
            e.valueRange,
            cred.user
              ? { messageId: 'envUrlUser', data: { key: e.key, user: cred.user, file } }
              : { messageId: 'envUrlService', data: { key: e.key, file } },
            { severity: 'warning' },
          );
        }
      }
    }
  }
  for (const f of ctx.project.files) {
    if (f.kind !== 'data' && f.kind !== 'compose' && f.kind !== 'package-json') continue;
    if (f.ignored || inFixtureOrExample(f.rel)) continue;
    const text = ctx.read(f.path);
    if (!text) continue;
    const lines = new LineIndex(text);
    for (const m of findProviderSecrets(text)) {
      ctx.report(
        f.path,
        lines.range(m.start, m.end),
        {
          messageId: 'fileProvider',
          data: { provider: m.provider, value: describeSecret(m.value), file: path.basename(f.path) },
        },
        { severity: m.live ? 'error' : 'warning' },
      );
    }
    if (f.kind === 'data') checkDataUrls(ctx, f.path, text, lines);
    // Secret-named keys: JSON config files (compose files hold local-development defaults by convention). Translation
    // catalogues name secrets in their keys ("API Key": "API-Schlüssel") and hold labels, not values.
    if (f.kind === 'data' && f.path.endsWith('.json') && !isLocalePath(f.rel)) {
      visitJson(text, {
        onLiteralValue(value, offset, length, _line, _col, pathSupplier) {
          const key = pathSupplier()[pathSupplier().length - 1];
          if (typeof value !== 'string' || typeof key !== 'string') return;
          if (findProviderSecrets(value).length) return; // already reported above
          if (isSecretName(key) && looksLikeSecretValue(value, key)) {
            ctx.report(
              f.path,
              lines.range(offset, offset + length),
              { messageId: 'fileKey', data: { key, value: describeSecret(value), file: path.basename(f.path) } },
              { severity: 'warning' },
            );
          }
        },
      });
    }
  }
}

/**
 * A private-key header whose body is too short to be a key (`-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n…`):
 * a dummy for tests. The shortest real keys (Ed25519, PEM) have well over 60 characters of base64.
 */
function isTruncatedKey(text: string, m: SecretMatch): boolean {
  if (m.provider !== 'private key') return false;
  const rest = text.slice(m.end, m.end + 4096);
  const end = rest.indexOf('-----END');
  const body = (end < 0 ? rest : rest.slice(0, end)).replace(/\\n|[^A-Za-z0-9+/=]/g, '');
  return body.length < 60;
}

/** Config files for local development or tests (`config/development.json`, `config/test.yaml`) hold local URLs. */
const LOCAL_DATA_FILE = /(^|[/.])(development|dev|local|test|testing|e2e|ci)\.(json|ya?ml)$/i;

/**
 * `"redisUrl": "redis://:S3cr3tPw@prod-redis:6379"` in config/production.json, `url = "postgresql://u:pw@host/db"`
 * in schema.prisma: a URL with a real password in a tracked data file. Development/test sections and files are
 * left alone, as in code.
 */
function checkDataUrls(ctx: ProjectContext, file: string, text: string, lines: LineIndex): void {
  if (!text.includes('://') || !text.includes('@') || LOCAL_DATA_FILE.test(file)) return;
  const base = path.basename(file);
  const report = (value: string, start: number, end: number) => {
    if (findProviderSecrets(value).length) return; // reported as a provider key
    const cred = urlCredential(value);
    if (!cred) return;
    // On the password when the file holds the value as written (hardcoded-url reports the whole URL).
    const range =
      passwordSpanIn(text.slice(start, end), value, cred, start, (a, b) => lines.range(a, b)) ??
      lines.range(start, end);
    ctx.report(file, range, urlMessage(cred, value), { severity: 'warning' });
  };
  const local = (keys: (string | number)[]) => keys.some((k) => typeof k === 'string' && LOCAL_SECTION.test(k));
  if (base.endsWith('.prisma')) {
    // A quoted URL, then whether it has an `@`: `[^"\s]*@[^"\s]*"` retried the rest of the string from every `@`.
    // Without one, the search goes on from the closing quote, which may open the next string.
    const quoted = /"([a-z][a-z0-9+.-]*:\/\/[^"\s]*)"/gi;
    for (let m = quoted.exec(text); m; m = quoted.exec(text)) {
      if (!m[1].includes('@', m[1].indexOf('://') + 3)) {
        quoted.lastIndex = m.index + m[0].length - 1;
        continue;
      }
      const start = m.index + 1;
      report(m[1], start, start + m[1].length);
    }
  } else if (base.endsWith('.json')) {
    visitJson(text, {
      onLiteralValue(value, offset, length, _l, _c, pathSupplier) {
        if (typeof value === 'string' && value.includes('@') && !local(pathSupplier()))
          report(value, offset, offset + length);
      },
    });
  } else {
    try {
      visitYaml(parseDocument(text), {
        Scalar(_k, node, ancestors) {
          if (typeof node.value !== 'string' || !node.value.includes('@') || !node.range) return;
          const keys = ancestors.flatMap((a) =>
            a && typeof a === 'object' && 'key' in a && isScalar((a as { key: unknown }).key)
              ? [String((a as { key: { value: unknown } }).key.value)]
              : [],
          );
          if (!local(keys)) report(node.value, node.range[0], node.range[1]);
        },
      });
    } catch {
      /* not YAML after all */
    }
  }
}

/**
 * The password inside a URL value, where this finding goes: `backing-services/hardcoded-url` reports the whole URL
 * as a hardcoded location, so each finding sits on its own problem rather than both on one span. `raw` is the value
 * as written at file offset `at`, bare or in quotes (a JSON string, a quoted YAML scalar, a code literal); with
 * escapes the value's offsets are not the file's, and the caller keeps the whole value.
 */
function passwordSpanIn(
  raw: string,
  value: string,
  cred: UrlCredential,
  at: number,
  range: (start: number, end: number) => Range,
): Range | undefined {
  const inner = raw === value ? 0 : raw.length === value.length + 2 && raw.slice(1, -1) === value ? 1 : -1;
  if (inner < 0) return undefined;
  const [start, end] = cred.passwordSpan;
  return range(at + inner + start, at + inner + end);
}

/** passwordSpanIn for a code literal, with positions counted as LSP counts lines (TypeScript also breaks at U+2028). */
function passwordRange(
  ctx: SourceContext,
  lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral,
  value: string,
  cred: UrlCredential,
): Range | undefined {
  return passwordSpanIn(lit.getText(ctx.sourceFile), value, cred, lit.getStart(ctx.sourceFile), (a, b) =>
    new LineIndex(ctx.text).range(a, b),
  );
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { kind?: string; names?: string[]; exact?: boolean } | undefined;
  if (data?.kind !== 'literal') return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  const lines = new LineIndex(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  // Re-read the literal from the current text rather than trusting anything stored with the finding.
  let value: string;
  try {
    const sf = ts.createSourceFile('x.ts', `(${raw})`, ts.ScriptTarget.Latest);
    const expr = (sf.statements[0] as ts.ExpressionStatement).expression as ts.ParenthesizedExpression;
    if (!ts.isStringLiteral(expr.expression) && !ts.isNoSubstitutionTemplateLiteral(expr.expression)) return [];
    value = expr.expression.text;
  } catch {
    return [];
  }
  return [
    moveToEnvFix(
      { file: finding.path, range: finding.range, value, names: data.names ?? [], preferred: data.exact !== false },
      ctx,
    ),
  ];
}

export const hardcodedSecret: Rule = {
  meta: {
    id: 'config/hardcoded-secret',
    inputs: [...PROCESS_MODEL_INPUTS, 'env'],
    factor: 'config',
    severity: 'error',
    description: 'Credentials (provider keys, tokens, passwords) hardcoded in code or in files git tracks.',
    why: 'Credentials are config and belong in the environment, not in code or tracked files (factor III): anyone who can read the repository has them, and a fallback value runs production the day the variable is missing. Read the secret from an environment variable (fail fast without it) and rotate any value that was committed.',
    fixable: true,
    messages: {
      positional: 'Hardcoded {{what}} ({{value}}).',
      provider: 'Hardcoded {{provider}} {{value}}.',
      fallbackUrl: "The fallback {{scheme}} URL '{{url}}' embeds a real password.",
      urlUser: "The {{scheme}} URL '{{url}}' embeds the password of user '{{user}}'.",
      urlService: "The {{scheme}} URL '{{url}}' embeds the password of the service.",
      header: 'Hardcoded {{scheme}} credential in an Authorization header ({{value}}).',
      signingFallback: 'Fallback {{what}} ({{value}}), used to sign whenever the variable is missing.',
      fallbackSecret: 'Fallback secret for {{name}} ({{value}}), used whenever the variable is missing.',
      named: "Hardcoded secret in '{{name}}' ({{value}}).",
      exampleLoaded: 'Loads {{file}} as live config, so an unset {{key}} silently takes its example value.',
      envProvider: '{{provider}} {{value}} in {{file}}, which is not git-ignored.',
      envSecret: 'Secret {{key}} ({{value}}) in {{file}}, which is not git-ignored.',
      envUrlUser: "{{key}} embeds the password of user '{{user}}' in {{file}}, which is not git-ignored.",
      envUrlService: '{{key}} embeds the password of the service in {{file}}, which is not git-ignored.',
      fileProvider: 'Hardcoded {{provider}} {{value}} in {{file}}.',
      fileKey: 'Hardcoded secret in "{{key}}" ({{value}}) in {{file}}.',
    },
  },
  // A provider prefix or a secret-sounding word must appear somewhere in the file.
  trigger:
    /\.env\.(example|sample|template)|AKIA|ASIA|_live_|whsec_|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|AIza|GOCSPX-|SG\.|key-|npm_|sk-|shp|PRIVATE KEY|eyJ|SK[0-9a-f]{8}|pass|pwd|secret|token|api_?key|apikey|private_?key|access_?key|credential|signing|encryption|dsn|session|cookieParser|jsonwebtoken|jwt|\.keys\b|:\/\/[^\s'"`/]*@/i,
  checkSource,
  checkProject,
  fixes,
};
