// config/hardcoded-secret in JS/TS: secrets in string literals (provider keys, secret positions and options, URL
// passwords, Authorization headers, env fallbacks), and example env files loaded as config, for the project half.
import { GENERIC_SECRET_NAMES } from '../../../../detect/secrets';
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext, type JsSourceContext } from '../../context';
import { bindingNameOf, calleeName, declaredName, dottedName, envVarName, isEnvFallback, unwrap } from '../../astUtil';
import { inLocalSection, isDevOnly } from '../../devOnly';
import { moduleRefs, type ModuleRefs } from '../../moduleRefs';
import type { Message, Range } from '../../../../core/types';
import {
  findProviderSecrets,
  isPlaceholder,
  isSecretName,
  isTemplateValue,
  looksLikeSecretValue,
  mayHoldProviderSecret,
} from '../../../../detect/secrets';
import { urlCredential, type UrlCredential } from '../../../../detect/urls';
import { EXAMPLE_LOADS, passwordSpanIn, urlMessage, type ExampleLoad } from '../../../../facts/config';
import { describeSecret, redactUrl } from '../../../../util/redact';
import { toEnvName } from '../../../../util/naming';
import { clip, LineIndex } from '../../../../util/text';

/** `{ db: { password: 'x' } }` → "DB_PASSWORD": a generic name takes its enclosing object's name as prefix. */
function contextualName(literal: ts.Node): string | undefined {
  const name = bindingNameOf(literal);
  if (!name) return undefined;
  const env = toEnvName(name);
  if (!GENERIC_SECRET_NAMES.has(env)) return env;
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

export const hardcodedSecretJs = jsCheck<
  | 'positional'
  | 'provider'
  | 'fallbackUrl'
  | 'urlUser'
  | 'urlService'
  | 'header'
  | 'signingFallback'
  | 'fallbackSecret'
  | 'named'
>({
  // A provider prefix or a secret-sounding word must appear somewhere in the file.
  trigger:
    /\.env\.(example|sample|template)|AKIA|ASIA|_live_|whsec_|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|AIza|GOCSPX-|SG\.|key-|npm_|sk-|shp|PRIVATE KEY|eyJ|SK[0-9a-f]{8}|pass|pwd|secret|token|api_?key|apikey|private_?key|access_?key|credential|signing|encryption|dsn|session|cookieParser|jsonwebtoken|jwt|\.keys\b|:\/\/[^\s'"`/]*@/i,
  check(ctx) {
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
          const real =
            !fallback || (looksLikeSecretValue(cred.password, 'password') && !DEV_DEFAULT.test(cred.password));
          if (real && !inLocalSection(lit) && !isDevOnly(lit)) {
            const message: Message<'fallbackUrl' | 'urlUser' | 'urlService'> = fallback
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
  },
});

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

/**
 * `process.loadEnvFile('.env.example')`, `dotenv.config({ path: '.env.example' })` (also in a `path: [...]` list or as
 * the fallback when `.env` is missing): the committed example becomes the running config. dotenv-safe's
 * `example:` option only checks keys against it and is not a load.
 */
function recordExampleEnvLoads(ctx: JsSourceContext, refs: ModuleRefs): void {
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

/** passwordSpanIn for a code literal, with positions counted as LSP counts lines (TypeScript also breaks at U+2028). */
function passwordRange(
  ctx: JsExtractContext,
  lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral,
  value: string,
  cred: UrlCredential,
): Range | undefined {
  return passwordSpanIn(lit.getText(ctx.sourceFile), value, cred, lit.getStart(ctx.sourceFile), (a, b) =>
    new LineIndex(ctx.text).range(a, b),
  );
}

/** The value of a string literal as written in JS/TS (quotes, escapes), or undefined: for the fix, which re-reads it. */
export function jsStringLiteralValue(raw: string): string | undefined {
  try {
    const sf = ts.createSourceFile('x.ts', `(${raw})`, ts.ScriptTarget.Latest);
    const expr = (sf.statements[0] as ts.ExpressionStatement).expression as ts.ParenthesizedExpression;
    if (!ts.isStringLiteral(expr.expression) && !ts.isNoSubstitutionTemplateLiteral(expr.expression)) return undefined;
    return expr.expression.text;
  } catch {
    return undefined;
  }
}
