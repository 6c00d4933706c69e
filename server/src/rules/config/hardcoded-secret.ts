// config/hardcoded-secret: credentials written into code or tracked files instead of the environment.
import * as path from 'path';
import * as ts from 'typescript';
import type { Finding, Fix, FixContext, ProjectContext, Rule, SourceContext } from '../../engine/types';
import { bindingNameOf, isEnvFallback } from '../../engine/astUtil';
import { findProviderSecrets, isPlaceholder, isSecretName, looksLikeSecretValue, mayHoldProviderSecret } from '../../detect/secrets';
import { redact } from '../../util/redact';
import { toEnvName } from '../../util/naming';
import { moveToEnvFix } from '../../fixes/env';
import { isExamplePath, isTestPath } from '../../engine/paths';
import { LineIndex } from '../../util/text';
import { visit as visitJson } from 'jsonc-parser';

const GENERIC = new Set(['PASSWORD', 'SECRET', 'TOKEN', 'KEY', 'API_KEY', 'PASS', 'PWD', 'CREDENTIALS', 'SECRET_KEY', 'ACCESS_TOKEN', 'PRIVATE_KEY', 'AUTH_TOKEN']);

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
      if (/Pool|Client|Sequelize|createConnection|createPool|knex|DataSource|mysql|pg/i.test(callee)) return `DB_${env}`;
      if (/redis/i.test(callee)) return `REDIS_${env}`;
    }
  }
  return env;
}

function inFixtureOrExample(rel: string): boolean {
  return isTestPath(rel) || isExamplePath(rel);
}

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const seen = new Set<ts.Node>();
  for (const lit of ctx.index.strings) {
    const value = lit.text;
    if (value.length < 8) continue;
    // Provider formats anywhere in a string: a live key is a live key, whatever it is called.
    if (mayHoldProviderSecret(value)) {
      const found = findProviderSecrets(value);
      if (found.length) {
        const m = found[0];
        if (m.provider === 'Google API key' && isFirebaseWebConfig(lit)) continue;
        seen.add(lit);
        const names = [m.envName, contextualName(lit) ?? ''];
        ctx.report(lit, `Hardcoded ${m.provider} '${redact(m.value)}'. Credentials belong in the environment (factor III), not in code.`, {
          severity: m.live ? 'error' : 'warning',
          data: { kind: 'literal', names, exact: m.value === value },
        });
        continue;
      }
    }
    if (seen.has(lit)) continue;
    const positional = positionalSecret(lit);
    if (positional) {
      if (looksLikeSecretValue(value, 'secret') && !isEnvFallback(lit)) {
        ctx.report(lit, `Hardcoded ${positional.what} ('${redact(value)}'). Read it from the environment instead (factor III).`, {
          severity: 'warning',
          data: { kind: 'literal', names: [positional.env], exact: true },
        });
      }
      continue;
    }
    const header = authorizationHeader(lit);
    if (header) {
      ctx.report(lit, `Hardcoded ${header} credential in an Authorization header ('${redact(value)}'). Read the token from the environment (factor III).`, {
        severity: 'warning',
        data: { kind: 'header' },
      });
      continue;
    }
    const name = bindingNameOf(lit);
    if (!name || !isSecretName(name) || !looksLikeSecretValue(value, name)) continue;
    // `process.env.SESSION_SECRET || 'dev-only'` is a local default, not config in code.
    if (isEnvFallback(lit)) continue;
    ctx.report(lit, `Hardcoded secret in '${name}' ('${redact(value)}'). Read it from the environment instead (factor III).`, {
      severity: 'warning',
      data: { kind: 'literal', names: [contextualName(lit) ?? toEnvName(name)], exact: true },
    });
  }
}

/** Arguments that are secrets by position: `jwt.sign(payload, 'key')`, `createHmac('sha256', 'key')`, `new Sequelize(db, user, 'pw')`. */
const POSITIONAL: { callee: RegExp; index: number; what: string; env: string }[] = [
  { callee: /^(jwt|jsonwebtoken|JWT)\.(sign|verify)$/, index: 1, what: 'JWT signing secret', env: 'JWT_SECRET' },
  { callee: /(^|\.)createHmac$/, index: 1, what: 'HMAC key', env: 'HMAC_SECRET' },
  { callee: /^cookieParser$/, index: 0, what: 'cookie-signing secret', env: 'COOKIE_SECRET' },
  { callee: /(^|\.)Sequelize$/, index: 2, what: 'database password', env: 'DB_PASSWORD' },
];

function positionalSecret(lit: ts.Node): { what: string; env: string } | undefined {
  const call = lit.parent;
  if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments) return undefined;
  const index = call.arguments.indexOf(lit as ts.Expression);
  if (index < 0) return undefined;
  const callee = call.expression.getText();
  return POSITIONAL.find((p) => p.index === index && p.callee.test(callee));
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
  return obj.properties.some((p) => p.name && /^(authDomain|messagingSenderId|projectId|storageBucket)$/.test(p.name.getText()));
}

function checkProject(ctx: ProjectContext): void {
  for (const env of ctx.project.envFiles) {
    // An ignored .env is exactly where secrets belong; examples are config/secret-in-example's business.
    if (env.ignored || env.isExample || inFixtureOrExample(env.rel)) continue;
    for (const e of env.entries) {
      const provider = findProviderSecrets(e.value)[0];
      if (provider) {
        ctx.report(env.path, e.valueRange, `${provider.provider} '${redact(provider.value)}' in ${path.basename(env.path)}, which git would commit.`, { severity: provider.live ? 'error' : 'warning' });
      } else if (isSecretName(e.key) && looksLikeSecretValue(e.value, e.key)) {
        ctx.report(env.path, e.valueRange, `Secret ${e.key} ('${redact(e.value)}') in ${path.basename(env.path)}, which git would commit.`, { severity: 'warning' });
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
      ctx.report(f.path, lines.range(m.start, m.end), `Hardcoded ${m.provider} '${redact(m.value)}' in ${path.basename(f.path)}.`, { severity: m.live ? 'error' : 'warning' });
    }
    // Secret-named keys: JSON config files (compose files hold local-development defaults by convention).
    if (f.kind === 'data' && f.path.endsWith('.json')) {
      visitJson(text, {
        onLiteralValue(value, offset, length, _line, _col, pathSupplier) {
          const key = pathSupplier()[pathSupplier().length - 1];
          if (typeof value !== 'string' || typeof key !== 'string') return;
          if (findProviderSecrets(value).length) return; // already reported above
          if (isSecretName(key) && looksLikeSecretValue(value, key)) {
            ctx.report(f.path, lines.range(offset, offset + length), `Hardcoded secret in "${key}" ('${redact(value)}') in ${path.basename(f.path)}. Read it from the environment.`, { severity: 'warning' });
          }
        },
      });
    }
  }
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
  return [moveToEnvFix({ file: finding.path, range: finding.range, value, names: data.names ?? [], preferred: data.exact !== false }, ctx)];
}

export const hardcodedSecret: Rule = {
  meta: {
    id: 'config/hardcoded-secret',
    factor: 'config',
    severity: 'error',
    description: 'Credentials (provider keys, tokens, passwords) hardcoded in code or in files git tracks.',
    fixable: true,
  },
  // A provider prefix or a secret-sounding word must appear somewhere in the file.
  trigger: /AKIA|ASIA|_live_|whsec_|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|AIza|GOCSPX-|SG\.|key-|npm_|sk-|shp|PRIVATE KEY|eyJ|SK[0-9a-f]{8}|pass|pwd|secret|token|api_?key|apikey|private_?key|access_?key|credential|signing|encryption|dsn/i,
  checkSource,
  checkProject,
  fixes,
};
