// config/per-environment-config-files: config grouped into named environments (config/production.json,
// config.staging.js, settings.production.json, or `{ development: …, production: … }[NODE_ENV]` in code) and picked
// by NODE_ENV, instead of one set of env vars per deploy.
import * as path from 'path';
import * as ts from 'typescript';
import type { ProjectContext, Rule, SourceContext } from '../../core/types';
import type { WorkspaceFile } from '../../core/model';
import { isExamplePath, isTestPath } from '../../core/paths';
import { calleeName, declaredName, envVarName, isEnvObject, stringValue, unwrap } from '../../lang/js/astUtil';
import { isToolingPath } from '../../detect/sourceRole';
import { LineIndex } from '../../util/text';

const DEPLOYED = /^(production|prod|staging|stage|preprod|preproduction|uat|qa)$/i;
const LOCAL = /^(development|dev|local|test|testing|ci|e2e|default)$/i;
/** Folders whose files are named after environments (node-config, mean.js `config/env/`). */
const CONFIG_DIRS = /^(config|configs|configuration|settings|env|envs|environments)$/i;
/** Stems of `<stem>.<env>.<ext>` files that hold app config (not build-tool config such as webpack.prod.js). */
const CONFIG_STEMS =
  /^(config|configuration|settings|appsettings|app-config|app\.config|application|secrets|credentials|database|db|ormconfig|runtime-config)$/i;
const EXT = /\.(json|json5|ya?ml|[cm]?[jt]s)$/i;

interface Member {
  file: WorkspaceFile;
  env: string;
}

/** `config/production.json` → group `config/*.json`; `settings.staging.yml` → `settings.*`. */
function groupOf(f: WorkspaceFile): { key: string; env: string } | undefined {
  const base = path.basename(f.rel);
  if (!EXT.test(base) || base.endsWith('.d.ts')) return undefined;
  const stemless = base.replace(EXT, '');
  const dir = path.posix.dirname(f.rel);
  // node-config also reads `local-production.json`: the environment is the part after `local-`.
  const plain = stemless.replace(/^local-/i, '');
  if (CONFIG_DIRS.test(path.posix.basename(dir)) && (DEPLOYED.test(plain) || LOCAL.test(plain)))
    return { key: `${dir}/*`, env: plain };
  const m = /^(.+?)[._-]([a-z]+)$/i.exec(stemless);
  if (m && CONFIG_STEMS.test(m[1]) && (DEPLOYED.test(m[2]) || LOCAL.test(m[2])))
    return { key: `${dir}/${m[1].toLowerCase()}.*`, env: m[2] };
  return undefined;
}

function checkProject(ctx: ProjectContext): void {
  const groups = new Map<string, Member[]>();
  for (const f of ctx.project.files) {
    if ((f.kind !== 'data' && f.kind !== 'source') || f.ignored || isTestPath(f.rel) || isExamplePath(f.rel)) continue;
    const g = groupOf(f);
    if (!g) continue;
    const list = groups.get(g.key) ?? [];
    list.push({ file: f, env: g.env });
    groups.set(g.key, list);
  }
  for (const members of groups.values()) {
    // A group: a deployed environment's file plus at least one sibling (another environment, or `default`).
    const deployed = members.filter((m) => DEPLOYED.test(m.env)).sort((a, b) => rank(a.env) - rank(b.env));
    const envs = new Set(members.map((m) => m.env.toLowerCase()));
    if (!deployed.length || envs.size < 2) continue;
    const at = deployed[0];

    const others = members
      .filter((m) => m !== at)
      .map((m) => path.basename(m.file.rel))
      .sort();
    const list =
      others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ');
    const firstLine = (ctx.read(at.file.path) ?? '').split(/\r?\n|\r/, 1)[0];
    ctx.report(
      at.file.path,
      { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
      { messageId: 'files', data: { file: path.basename(at.file.rel), others: list } },
      {
        data: { files: members.map((m) => m.file.path) },
      },
    );
  }
}

// ---- Source half: objects keyed by environment name, indexed by NODE_ENV.

/** Variables that name the running environment. */
const SELECTOR =
  /^(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_)?(NODE_ENV|APP_ENV|APP_ENVIRONMENT|ENV|ENVIRONMENT|STAGE|APP_STAGE|DEPLOY_ENV|DEPLOYMENT_ENV|DEPLOYMENT_ENVIRONMENT|VERCEL_ENV)$/;
const ENV_KEY = /^(development|dev|local|test|testing|ci|e2e|staging|stage|production|prod|qa|uat|preview|preprod)$/i;
const DEPLOYED_KEY = /^(staging|stage|production|prod|qa|uat|preview|preprod)$/i;
/** Keys that may sit beside environment entries: `{ default: …, production: … }`. */
const SHARED_KEY = /^(default|defaults|common|base|shared|all)$/i;
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

function checkSource(ctx: SourceContext): void {
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
    const message = {
      messageId: line === start.line + 1 ? 'grouped' : 'groupedOnLine',
      data: { environments: names.join(', '), selector, line },
    };
    ctx.report(range, message, {
      data: { selector, environments: names },
    });
  }
}

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
  const others = (key: string) => entries.filter((e) => e.key !== key && ENV_KEY.test(e.key));
  return entries.some(
    (e) =>
      DEPLOYED_KEY.test(e.key) &&
      [...leaves.get(e.key)!].some(([at, v]) =>
        others(e.key).some((o) => {
          // SHARED entries are merged under every environment: a value equal to the shared one is no deploy's own.
          const shared = entries.filter((s) => SHARED_KEY.test(s.key)).some((s) => leaves.get(s.key)!.get(at) === v);
          return !shared && leaves.get(o.key)!.get(at) !== v;
        }),
      ),
  );
}

function rank(env: string): number {
  return /^prod/i.test(env) ? 0 : 1;
}

function appliesTo(ctx: ProjectContext): boolean {
  return ctx.project.files.some((f) => f.kind === 'data' || f.kind === 'source');
}

export const perEnvironmentConfigFiles: Rule = {
  meta: {
    id: 'config/per-environment-config-files',
    factor: 'config',
    severity: 'warning',
    description:
      'Config grouped by named environment and selected by NODE_ENV: files (config/production.json, config.staging.js) or an object keyed by environment in code.',
    why: "Config is set per deploy in environment variables (factor III): grouped by named environment, every new deploy needs a code change and every environment's values live in the code. Read each value from its own variable and keep only local defaults in files (node-config maps variables in config/custom-environment-variables.json).",
    messages: {
      files: '{{file}} (with {{others}}) splits config by environment name.',
      grouped: 'Config grouped by named environment ({{environments}}) and picked by {{selector}}.',
      groupedOnLine:
        'Config grouped by named environment ({{environments}}) and picked by {{selector}} on line {{line}}.',
    },
  },
  trigger: /\b(production|prod|staging|stage|qa|uat|preview|preprod)\b/,
  checkSource,
  checkProject,
  appliesTo,
};
