// config/per-environment-config-files in Python, with the JS check's policy: config picked by the name of the
// environment. Settings modules chosen by an environment variable (`DJANGO_SETTINGS_MODULE = f'proj.settings.{env}'`,
// `importlib.import_module('settings.' + os.environ['APP_ENV'])`, `app.config.from_object(f'config.{env}')`,
// `from .production import *` under `if ENV == 'production':`), and a dict keyed by environment names picked by one
// (`config = {'development': DevConfig, 'production': ProdConfig}` … `config[os.getenv('FLASK_ENV')]`) when the
// deployed entry holds a value of its own (a host, a URL, a name), as in JS: log levels, flags and numbers are
// per-mode tuning.
import type { Message } from '../../../../core/types';
import { clip } from '../../../../util/text';
import { pyCheck, type PySourceContext } from '../../context';
import type { SyntaxNode } from '../../parse';
import { callArgs, childrenOf, dottedName, stringValue } from '../../syntax';
import { ENV_SELECTOR, isNonProductionModule } from '../../devSections';
import { assignParts, classInfo, isModuleLevel, outerOf, PyEnv, targetBinding } from '../../values';
import { DEPLOYED_KEY, deployHoldsOwnValue, ENV_KEY, SHARED_KEY } from '../../../../detect/environments';

type Id = 'grouped' | 'groupedOnLine' | 'groupedForImport' | 'moduleByName';

const MODE_VALUE =
  /^(trace|debug|info|warn|warning|error|fatal|critical|notset|silent|verbose|off|none|all|json|pretty|text|simple|development|dev|local|test|testing|ci|e2e|staging|stage|production|prod|qa|uat|preview|preprod)$/i;
const MODE_KEY =
  /^(log|logs|logger|logging|level|log_level|loglevel|format|log_format|mode|env|environment|name|config_name)$/i;
/** Calls that load settings by module or object name. */
const LOADERS =
  /^(importlib\.import_module|__import__|importlib\.__import__)$|(^|\.)config\.(from_object|from_pyfile)$/;

export const perEnvironmentConfigFilesPy = pyCheck<Id>({
  trigger:
    /\b(production|prod|staging|stage|qa|uat|preview|preprod)\b|DJANGO_SETTINGS_MODULE|import_module|from_object|from_pyfile/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isNonProductionModule(ctx.rel)) return;
    const env = new PyEnv(ctx as PySourceContext<string>);
    const selectors = new Selectors(ctx, env);
    const text = ctx.text;
    const byName = (at: SyntaxNode, module: string, selector: string) =>
      ctx.report(at, { messageId: 'moduleByName', data: { module: clip(module, 50), selector } });

    // os.environ.setdefault('DJANGO_SETTINGS_MODULE', f'proj.settings.{env}'), importlib.import_module('settings.' + ENV)
    for (const call of ctx.index.calls) {
      const callee = dottedName(text, call.firstChild);
      if (!callee) continue;
      const resolved = env.resolve(callee);
      const args = callArgs(text, call);
      let target: SyntaxNode | undefined;
      if (
        /^os\.environ\.setdefault$/.test(resolved) &&
        stringValue(text, args.positional[0]) === 'DJANGO_SETTINGS_MODULE'
      )
        target = args.positional[1];
      else if (LOADERS.test(resolved) || LOADERS.test(callee)) target = args.positional[0];
      const selector = target && selectors.inName(target);
      if (target && selector) byName(target, text.slice(target.from, target.to), selector);
    }
    // os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.settings.' + env
    for (const a of ctx.index.assignments) {
      const parts = assignParts(a);
      const target = parts?.targets[0];
      const b = target && targetBinding(text, target);
      if (!parts || b?.name !== 'DJANGO_SETTINGS_MODULE') continue;
      const selector = selectors.inName(parts.value);
      if (selector) byName(parts.value, text.slice(parts.value.from, parts.value.to), selector);
    }
    // if ENV == 'production': from .production import *  (once per if/elif chain)
    const chains = new Set<number>();
    for (const stmt of ctx.index.imports) {
      const module = importedModule(text, stmt);
      const last = module?.split('.').pop() ?? '';
      if (!module || !ENV_KEY.test(last)) continue;
      const cond = guardingCondition(stmt);
      const selector = cond && selectors.inCondition(cond);
      if (!cond || !selector || chains.has(cond.parent!.from)) continue;
      chains.add(cond.parent!.from);
      byName(stmt, module, selector);
    }
    // config[os.getenv('FLASK_ENV')], with config = {'development': DevConfig, 'production': ProdConfig}
    const reported = new Set<number>();
    let classes: Map<string, SyntaxNode> | undefined;
    for (const sub of ctx.index.subscripts) {
      const key = sub.getChild('[')?.nextSibling;
      if (!key || key.nextSibling?.name !== ']') continue;
      const selector = selectors.of(key);
      if (!selector) continue;
      const dict = selectors.dictOf(sub.firstChild);
      if (!dict || reported.has(dict.from)) continue;
      const entries = envEntries(text, dict);
      if (!entries || !holdsDeployValues(text, entries, (classes ??= classNodes(ctx)), env)) continue;
      reported.add(dict.from);
      const names = entries.filter((e) => !SHARED_KEY.test(e.key)).map((e) => e.key);
      const line = ctx.rangeOf(sub).start.line + 1;
      const whole = ctx.rangeOf(dict);
      const end =
        whole.end.line === whole.start.line
          ? whole.end
          : {
              line: whole.start.line,
              character: text.slice(dict.from).split(/\r?\n|\r/, 1)[0].length + whole.start.character,
            };
      const message: Message<'grouped' | 'groupedOnLine'> = {
        messageId: line === whole.start.line + 1 ? 'grouped' : 'groupedOnLine',
        data: { environments: names.join(', '), selector, line },
      };
      ctx.report({ start: whole.start, end }, message, { data: { selector, environments: names } });
    }
    // config = {'development': DevelopmentConfig, 'production': ProductionConfig} in config.py, for the app factory
    // of another module to pick by name (`app.config.from_object(config[config_name])`): config classes of this file
    // grouped under environment names, the deployed one with values of its own.
    for (const a of ctx.index.assignments) {
      if (!isModuleLevel(a)) continue;
      const parts = assignParts(a);
      const target = parts?.targets.length === 1 ? parts.targets[0] : undefined;
      const name = target?.name === 'VariableName' ? text.slice(target.from, target.to) : '';
      const dict = parts?.value;
      if (!REGISTRY_NAME.test(name) || dict?.name !== 'DictionaryExpression' || reported.has(dict.from)) continue;
      const entries = envEntries(text, dict);
      classes ??= classNodes(ctx);
      const classNamed = (e: EnvEntry) =>
        e.value.name === 'VariableName' && classes!.has(text.slice(e.value.from, e.value.to));
      if (!entries?.every((e) => classNamed(e)) || !holdsDeployValues(text, entries, classes, env)) continue;
      reported.add(dict.from);
      const names = entries.filter((e) => !SHARED_KEY.test(e.key)).map((e) => e.key);
      const whole = ctx.rangeOf(dict);
      const end = {
        line: whole.start.line,
        character: text.slice(dict.from).split(/\r?\n|\r/, 1)[0].length + whole.start.character,
      };
      ctx.report(
        { start: whole.start, end },
        { messageId: 'groupedForImport', data: { environments: names.join(', '), name } },
        { data: { environments: names } },
      );
    }
  },
});

/** Names a module gives its registry of config classes by environment: `config`, `config_by_name`, `app_config`. */
const REGISTRY_NAME =
  /^(config|configs|configuration|configurations|settings|config_by_name|config_map|app_config|app_configs|env_config|environments|CONFIG|CONFIGS|SETTINGS|CONFIG_BY_NAME)$/;

/** The file's classes by name (the last one of a name wins). */
function classNodes(ctx: PySourceContext<Id>): Map<string, SyntaxNode> {
  const classes = new Map<string, SyntaxNode>();
  ctx.tree.iterate({
    enter: (ref) => {
      if (ref.name === 'ClassDefinition') classes.set(classInfo(ctx.text, ref.node).name, ref.node);
      return undefined;
    },
  });
  return classes;
}

/** `from .production import *` → `.production`; `import settings.prod` → `settings.prod`. */
function importedModule(text: string, stmt: SyntaxNode): string | undefined {
  const kids = childrenOf(stmt);
  if (kids[0]?.name === 'from') {
    const at = kids.findIndex((k) => k.name === 'import');
    if (at < 1) return undefined;
    const from = kids
      .slice(1, at)
      .map((k) => text.slice(k.from, k.to))
      .join('');
    // `from . import production` names the module after `import`.
    if (/^\.+$/.test(from))
      return kids[at + 1]?.name === 'VariableName' ? text.slice(kids[at + 1].from, kids[at + 1].to) : undefined;
    return from;
  }
  const first = kids[1];
  if (!first) return undefined;
  let end = 2;
  while (kids[end]?.name === '.' || (kids[end]?.name === 'VariableName' && kids[end - 1]?.name === '.')) end++;
  return kids
    .slice(1, end)
    .map((k) => text.slice(k.from, k.to))
    .join('');
}

/** The condition of the if/elif branch whose body holds a statement directly. */
function guardingCondition(stmt: SyntaxNode): SyntaxNode | undefined {
  const body = stmt.parent;
  if (body?.name !== 'Body' || body.parent?.name !== 'IfStatement') return undefined;
  const before = body.prevSibling;
  return before && before.name !== 'else' ? before : undefined;
}

/** How the file names its environment: env reads of selector variables, and the names bound to them. */
class Selectors {
  private readonly text: string;
  private readonly assigned = new Map<string, SyntaxNode[]>();

  constructor(
    ctx: PySourceContext<Id>,
    private readonly env: PyEnv,
  ) {
    this.text = ctx.text;
    for (const a of ctx.index.assignments) {
      if (!isModuleLevel(a)) continue;
      const parts = assignParts(a);
      for (const t of parts?.targets ?? []) {
        if (t.name !== 'VariableName') continue;
        const name = this.text.slice(t.from, t.to);
        this.assigned.set(name, [...(this.assigned.get(name) ?? []), parts!.value]);
      }
    }
  }

  /** The variable an expression names the environment by: `os.getenv('FLASK_ENV')`, `APP_ENV`, `env.lower()`. */
  of(expr: SyntaxNode, depth = 0): string | undefined {
    if (depth > 4) return undefined;
    let e = expr;
    while (e.name === 'ParenthesizedExpression' && e.firstChild?.nextSibling) e = e.firstChild.nextSibling;
    const read = this.env.readAt(e);
    if (read !== undefined) return read && ENV_SELECTOR.test(read) ? read : undefined;
    if (e.name === 'BinaryExpression' && e.getChild('or')) return this.of(e.firstChild!, depth + 1);
    if (e.name === 'CallExpression') {
      const callee = e.firstChild;
      if (
        callee?.name === 'MemberExpression' &&
        /^(lower|upper|capitalize|title|strip)$/.test(this.text.slice(callee.lastChild!.from, callee.lastChild!.to))
      )
        return this.of(callee.firstChild!, depth + 1);
      if (callee?.name === 'VariableName' && this.text.slice(callee.from, callee.to) === 'str')
        return this.of(callArgs(this.text, e).positional[0] ?? e, depth + 1);
      return undefined;
    }
    if (e.name === 'VariableName') {
      const name = this.text.slice(e.from, e.to);
      const values = this.assigned.get(name);
      if (values?.length === 1) return this.of(values[0], depth + 1);
      return !values && ENV_SELECTOR.test(name) && name === name.toUpperCase() ? name : undefined;
    }
    if (e.name === 'MemberExpression') {
      const last = dottedName(this.text, e)?.split('.').pop();
      return last && ENV_SELECTOR.test(last) && last === last.toUpperCase() ? last : undefined;
    }
    return undefined;
  }

  /** A module or object name built from the environment's name: f'proj.settings.{env}', 'settings.' + ENV, '…%s' % env. */
  inName(expr: SyntaxNode): string | undefined {
    const e = outerOf(expr);
    if (e.name === 'FormatString') {
      for (const r of e.getChildren('FormatReplacement')) {
        const inner = r.firstChild?.nextSibling;
        const s = inner && this.of(inner);
        if (s) return s;
      }
      return undefined;
    }
    const op = e.getChild('ArithOp');
    if (e.name === 'BinaryExpression' && op && /^[+%]$/.test(this.text.slice(op.from, op.to))) {
      const [left, right] = [e.firstChild!, e.lastChild!];
      const literal = stringValue(this.text, left) ?? stringValue(this.text, right);
      if (literal === undefined) return this.inName(left) ?? this.inName(right);
      return this.of(stringValue(this.text, left) === undefined ? left : right);
    }
    return undefined;
  }

  /** The selector a condition compares with an environment's name: `ENV == 'production'`, `ENV in ('prod', 'qa')`. */
  inCondition(cond: SyntaxNode): string | undefined {
    if (cond.name !== 'BinaryExpression') return undefined;
    const kids = childrenOf(cond);
    const op = kids
      .slice(1, -1)
      .map((k) => this.text.slice(k.from, k.to))
      .join(' ');
    const [left, right] = [kids[0], kids[kids.length - 1]];
    const names = (n: SyntaxNode) =>
      (n.name === 'TupleExpression' || n.name === 'ArrayExpression' ? childrenOf(n) : [n])
        .map((c) => stringValue(this.text, c))
        .filter((v): v is string => v !== undefined);
    if (op === '==' || op === 'in') {
      const values = [...names(right), ...(op === '==' ? names(left) : [])];
      if (!values.length || !values.every((v) => ENV_KEY.test(v))) return undefined;
      return this.of(left) ?? (op === '==' ? this.of(right) : undefined);
    }
    return undefined;
  }

  /** The dict literal an expression names: a literal, or a module-level name bound once to one. */
  dictOf(expr: SyntaxNode | null): SyntaxNode | undefined {
    if (!expr) return undefined;
    const e = outerOf(expr);
    if (e.name === 'DictionaryExpression') return e;
    if (e.name !== 'VariableName') return undefined;
    const values = this.assigned.get(this.text.slice(e.from, e.to));
    return values?.length === 1 && values[0].name === 'DictionaryExpression' ? values[0] : undefined;
  }
}

/** The string default of an environment read (`os.environ.get('X', 'lit')`, `env('X', default='lit')`). */
function envDefault(text: string, e: SyntaxNode, env: PyEnv): string | undefined {
  if (e.name !== 'CallExpression' || env.readAt(e) === undefined) return undefined;
  const args = callArgs(text, e);
  return stringValue(text, args.keywords.get('default') ?? args.positional[1]);
}

interface EnvEntry {
  key: string;
  value: SyntaxNode;
}

/** The entries of a dict keyed only by environment names (two or more, one deployed), or undefined. */
function envEntries(text: string, dict: SyntaxNode): EnvEntry[] | undefined {
  const out: EnvEntry[] = [];
  const kids = childrenOf(dict);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.name === '{' || k.name === '}' || k.name === ',') continue;
    if (kids[i + 1]?.name !== ':') return undefined;
    const key = stringValue(text, k);
    if (key === undefined || !(ENV_KEY.test(key) || SHARED_KEY.test(key)) || !kids[i + 2]) return undefined;
    out.push({ key, value: kids[i + 2] });
    i += 2;
  }
  const envs = out.filter((e) => ENV_KEY.test(e.key));
  return envs.length >= 2 && envs.some((e) => DEPLOYED_KEY.test(e.key)) ? out : undefined;
}

/**
 * Whether a deployed environment's entry holds a string of its own, as in JS: a dict's or a config class's string
 * values (a class named by the entry, in the same file, with the classes it derives from there), other than log
 * levels, formats and environment names, that another environment's entry does not share.
 */
function holdsDeployValues(
  text: string,
  entries: EnvEntry[],
  classes: ReadonlyMap<string, SyntaxNode>,
  env: PyEnv,
): boolean {
  const collect = (node: SyntaxNode, at: string, out: Map<string, string>, depth: number): void => {
    const e = outerOf(node);
    // os.environ.get('DATABASE_URL', 'postgresql://…@db.prod…'): the entry's own fallback is its value in code.
    const v = stringValue(text, e) ?? envDefault(text, e, env);
    if (v !== undefined) {
      const key = at.split('.').pop() ?? '';
      const t = v.trim();
      if (t && !/\s/.test(t) && !MODE_VALUE.test(t) && !MODE_KEY.test(key)) out.set(at, v);
      return;
    }
    if (depth > 4) return;
    if (e.name === 'DictionaryExpression') {
      const kids = childrenOf(e);
      for (let i = 0; i + 2 < kids.length; i++)
        if (kids[i + 1].name === ':')
          collect(kids[i + 2], `${at}.${stringValue(text, kids[i]) ?? '?'}`, out, depth + 1);
    } else if (e.name === 'VariableName' && classes.has(text.slice(e.from, e.to))) {
      // A config class: its attributes, under those of the classes it derives from in this file.
      const seen = new Set<string>();
      const walk = (name: string, d: number) => {
        const cls = classes.get(name);
        if (!cls || seen.has(name) || d > 6) return;
        seen.add(name);
        for (const b of classInfo(text, cls).bases) walk(b.split('.').pop()!, d + 1);
        for (const stmt of childrenOf(cls.getChild('Body') ?? cls)) {
          const parts = assignParts(stmt);
          const t = parts?.targets[0];
          if (t?.name === 'VariableName') collect(parts!.value, `${at}.${text.slice(t.from, t.to)}`, out, depth + 1);
        }
      };
      walk(text.slice(e.from, e.to), 0);
    }
  };
  const leaves = new Map<string, Map<string, string>>();
  for (const e of entries) {
    const out = new Map<string, string>();
    collect(e.value, '', out, 0);
    leaves.set(e.key, out);
  }
  return deployHoldsOwnValue(leaves);
}
