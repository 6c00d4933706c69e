// config/per-environment-config-files in JS/TS: objects keyed by environment name (`{ development: …, production: … }`)
// and indexed by NODE_ENV or a variable like it.
import * as path from 'path';
import * as ts from 'typescript';
import { jsCheck } from '../../context';
import type { Message } from '../../../../core/types';
import { calleeName, declaredName, envVarName, isEnvObject, stringValue, unwrap } from '../../astUtil';
import { isToolingPath } from '../../../../detect/sourceRole';
import { LineIndex } from '../../../../util/text';
import { DEPLOYED_KEY, deployHoldsOwnValue, ENV_KEY, SHARED_KEY } from '../../../../detect/environments';

/** Variables that name the running environment. */
const SELECTOR =
  /^(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_)?(NODE_ENV|APP_ENV|APP_ENVIRONMENT|ENV|ENVIRONMENT|STAGE|APP_STAGE|DEPLOY_ENV|DEPLOYMENT_ENV|DEPLOYMENT_ENVIRONMENT|VERCEL_ENV)$/;
/** Build-tool configs keyed by mode (webpack.prod.js, jest.config.js, …): they configure the build, not a deploy. */
const BUILD_TOOL_FILE =
  /^(webpack|rollup|vite|vitest|jest|babel|karma|gulpfile|gruntfile|esbuild|tsup|metro|craco|postcss|tailwind|nodemon|pm2|ecosystem)([.-]|$)/i;
/**
 * Values that tune behaviour per mode rather than locate a deploy's resources: log levels and formats, morgan
 * formats, environment names themselves (`{ production: 'PROD' }` badges); and the keys that hold such settings.
 */
const MODE_VALUE =
  /^(trace|debug|info|warn|warning|error|fatal|silent|verbose|silly|http|notice|crit|critical|alert|emerg|off|none|all|combined|common|short|tiny|json|pretty|text|simple|development|dev|local|test|testing|ci|e2e|staging|stage|production|prod|qa|uat|preview|preprod)$/i;
const MODE_KEY = /^(log|logs|logger|logging|level|logLevel|log_level|loglevel|format|logFormat|mode|devtool)$/i;

export const perEnvironmentConfigFilesJs = jsCheck<'grouped' | 'groupedOnLine'>({
  trigger: /\b(production|prod|staging|stage|qa|uat|preview|preprod)\b/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isToolingPath(ctx.rel) || BUILD_TOOL_FILE.test(path.basename(ctx.rel))) return;
    const variables = new Map<string, ts.VariableDeclaration[]>();
    for (const v of ctx.index.variables) {
      const names = ts.isIdentifier(v.name)
        ? [v.name.text]
        : ts.isObjectBindingPattern(v.name)
          ? v.name.elements.map((e) => declaredName(e.name)).filter((n): n is string => !!n)
          : [];
      for (const n of names) variables.set(n, [...(variables.get(n) ?? []), v]);
    }
    // One declaration only: a name bound twice (shadowing, reassignment patterns) is not followed.
    const declOf = (name: string): ts.VariableDeclaration | undefined => {
      const list = variables.get(name);
      return list?.length === 1 ? list[0] : undefined;
    };

    /** The object literal an expression names: the literal, a const bound to one, or `obj.section` of one. */
    const objectOf = (expr: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined => {
      const e = unwrap(expr);
      if (ts.isObjectLiteralExpression(e)) return e;
      if (depth > 3) return undefined;
      if (ts.isIdentifier(e)) {
        const d = declOf(e.text);
        return d && ts.isIdentifier(d.name) && d.initializer ? objectOf(d.initializer, depth + 1) : undefined;
      }
      if (ts.isPropertyAccessExpression(e)) {
        const obj = objectOf(e.expression, depth + 1);
        const prop = obj?.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && declaredName(p.name) === e.name.text,
        );
        return prop ? objectOf(prop.initializer, depth + 1) : undefined;
      }
      return undefined;
    };

    /** The environment-naming variable an index expression reads: `process.env.NODE_ENV ?? 'development'`, `appEnv`. */
    const selectorOf = (expr: ts.Expression, depth = 0): string | undefined => {
      const e = unwrap(expr);
      if (depth > 4) return undefined;
      const direct = envVarName(e);
      if (direct !== undefined) return SELECTOR.test(direct) ? direct : undefined;
      if (
        ts.isBinaryExpression(e) &&
        (e.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
          e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
      )
        return selectorOf(e.left, depth + 1);
      if (ts.isCallExpression(e)) {
        const name = calleeName(e.expression);
        if (name === 'String' && e.arguments[0]) return selectorOf(e.arguments[0], depth + 1);
        if (/^(toLowerCase|toUpperCase|trim)$/.test(name ?? '') && ts.isPropertyAccessExpression(e.expression))
          return selectorOf(e.expression.expression, depth + 1);
        return undefined;
      }
      if (ts.isIdentifier(e)) {
        const d = declOf(e.text);
        if (!d?.initializer) return undefined;
        if (ts.isIdentifier(d.name)) return selectorOf(d.initializer, depth + 1);
        // const { NODE_ENV = 'development' } = process.env
        if (ts.isObjectBindingPattern(d.name) && isEnvObject(unwrap(d.initializer))) {
          const el = d.name.elements.find((x) => declaredName(x.name) === e.text);
          const key = el && declaredName(el.propertyName ?? el.name);
          return key && SELECTOR.test(key) ? key : undefined;
        }
        return undefined;
      }
      if (ts.isPropertyAccessExpression(e)) {
        // `config.env`, where `config = { env: process.env.NODE_ENV ?? 'development', … }`
        const obj = objectOf(e.expression, depth + 1);
        const prop = obj?.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && declaredName(p.name) === e.name.text,
        );
        return prop ? selectorOf(prop.initializer, depth + 1) : undefined;
      }
      return undefined;
    };

    const reported = new Set<ts.ObjectLiteralExpression>();
    let lines: LineIndex | undefined;
    for (const access of ctx.index.elementAccesses) {
      // `function colorFor(env) { return colors[env]; }`: a parameter, not the module's `const env = process.env.NODE_ENV`.
      const arg = unwrap(access.argumentExpression);
      if (ts.isIdentifier(arg) && isParameterInScope(access, arg.text)) continue;
      const selector = selectorOf(access.argumentExpression);
      if (!selector) continue;
      const obj = objectOf(access.expression);
      if (!obj || reported.has(obj)) continue;
      const envs = environmentEntries(obj);
      if (!envs || !holdsDeployValues(envs)) continue;
      reported.add(obj);
      const names = envs.filter((e) => !SHARED_KEY.test(e.key)).map((e) => e.key);
      // Lines as LSP counts them (ctx.rangeOf); TypeScript's own line map also breaks at U+2028.
      const line = ctx.rangeOf(access).start.line + 1;
      const whole = ctx.rangeOf(obj);
      const start = whole.start;
      // The object's first line only: the finding underlines where the grouping starts.
      const end =
        whole.end.line === start.line
          ? whole.end
          : { line: start.line, character: (lines ??= new LineIndex(ctx.text)).lineText(start.line).length };
      const range = { start, end };
      const message: Message<'grouped' | 'groupedOnLine'> = {
        messageId: line === start.line + 1 ? 'grouped' : 'groupedOnLine',
        data: { environments: names.join(', '), selector, line },
      };
      ctx.report(range, message, {
        data: { selector, environments: names },
      });
    }
  },
});

function isParameterInScope(node: ts.Node, name: string): boolean {
  for (let p = node.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isFunctionLike(p) && p.parameters.some((x) => ts.isIdentifier(x.name) && x.name.text === name)) return true;
  }
  return false;
}

interface EnvEntry {
  key: string;
  value: ts.Expression;
}

/** The entries of an object keyed only by environment names (two or more, one deployed), or undefined. */
function environmentEntries(obj: ts.ObjectLiteralExpression): EnvEntry[] | undefined {
  const out: EnvEntry[] = [];
  for (const p of obj.properties) {
    if (ts.isSpreadAssignment(p)) continue;
    const key = declaredName(p.name);
    if (!key || !(ENV_KEY.test(key) || SHARED_KEY.test(key))) return undefined;
    if (ts.isPropertyAssignment(p)) out.push({ key, value: p.initializer });
    else if (ts.isShorthandPropertyAssignment(p)) out.push({ key, value: p.name });
    else return undefined;
  }
  const envs = out.filter((e) => ENV_KEY.test(e.key));
  return envs.length >= 2 && envs.some((e) => DEPLOYED_KEY.test(e.key)) ? out : undefined;
}

/**
 * Whether a deployed environment's entry holds a string of its own: a host, URL, bucket or name that another
 * entry does not share. Numbers, booleans, log levels and formats, values read from the environment and values
 * every entry repeats (a knexfile's `client: 'pg'`) are per-mode tuning, not a deploy's config.
 */
function holdsDeployValues(entries: EnvEntry[]): boolean {
  const leaves = new Map<string, Map<string, string>>();
  const collect = (node: ts.Expression, at: string, out: Map<string, string>, depth: number): void => {
    const e = unwrap(node);
    const v = stringValue(e);
    if (v !== undefined) {
      const key = at.split('.').pop() ?? '';
      // Hosts, URLs, buckets and names have no spaces; messages (`'Internal Server Error'`) and colours are UI.
      const t = v.trim();
      if (t && !/\s/.test(t) && !/^#[0-9a-f]{3,8}$/i.test(t) && !MODE_VALUE.test(t) && !MODE_KEY.test(key))
        out.set(at, v);
      return;
    }
    if (depth > 4) return;
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties)
        if (ts.isPropertyAssignment(p)) collect(p.initializer, `${at}.${declaredName(p.name) ?? '?'}`, out, depth + 1);
    } else if (ts.isArrayLiteralExpression(e)) {
      e.elements.forEach((el, i) => collect(el, `${at}.${i}`, out, depth + 1));
    }
  };
  for (const e of entries) {
    const out = new Map<string, string>();
    collect(e.value, '', out, 0);
    leaves.set(e.key, out);
  }
  return deployHoldsOwnValue(leaves);
}
