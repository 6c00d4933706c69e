// config/hardcoded-debug in Python: debug mode switched on in code rather than by the environment — Django's
// `DEBUG = True` in a settings module, Flask's `DEBUG = True` in a config class, `app.config['DEBUG'] = True`,
// `app.config.update(DEBUG=True)`, `app.debug = True`, `app.run(debug=True)` outside a `__main__` block,
// `FastAPI(debug=True)`, and environment reads that default to true (`env.bool('DEBUG', default=True)`), which
// production silently takes when the variable is missing. Modules, classes and branches for development or tests
// are left alone.
import * as path from 'path';
import { PY_DEBUG_SETTINGS } from '../../../../facts/config';
import type { PySettingCandidate } from '../../../../facts/pySettings';
import { pyCheck, type PySourceContext } from '../../context';
import type { SyntaxNode } from '../../parse';
import { callArgs, childrenOf, dottedName } from '../../syntax';
import { inLocalSection, inMainBlock, isDevOnly } from '../../devSections';
import { pySettingsModule } from '../../settingsModule';
import {
  assignParts,
  classInfo,
  enclosingClass,
  isModuleLevel,
  isTruthyLiteral,
  outerOf,
  PyEnv,
  targetBinding,
} from '../../values';
import { settingReporter } from '../settingsPlace';

type Id = 'setting' | 'configItem' | 'configCall' | 'attribute' | 'run' | 'app' | 'fallback';

/** Module names of settings and config modules: `settings.py`, `config.py`, `settings/base.py`, `app_config.py`. */
const SETTINGS_FILE = /(^|[_.-])(settings|config|conf|configuration)([_.-]|$)/i;
const SETTINGS_DIR = /^(settings|config|conf|configuration)$/i;
/** Settings only a Django or Flask settings module sets. */
const FRAMEWORK_SETTINGS = new Set([
  'INSTALLED_APPS',
  'MIDDLEWARE',
  'ROOT_URLCONF',
  'ALLOWED_HOSTS',
  'DATABASES',
  'SECRET_KEY',
  'TEMPLATES',
  'WSGI_APPLICATION',
  'ASGI_APPLICATION',
  'SQLALCHEMY_DATABASE_URI',
  'STATIC_URL',
]);
/** Class names of config classes: `Config`, `ProductionConfig`, `Settings`, `BaseConfiguration`. */
const CONFIG_CLASS = /(Config|Configuration|Settings|Conf)$/;
/** App constructors that take `debug=`. */
const DEBUG_APPS = /^(fastapi\.FastAPI|starlette\.applications\.Starlette|starlette\.Starlette|quart\.Quart)$/;
/** Frameworks whose `app.run(debug=True)` starts a debugging development server. */
const RUN_FRAMEWORKS = /^(flask|quart|sanic|flask_socketio|dash)(\.|$)/;
/** Config calls that take settings as keywords: `app.config.update(DEBUG=True)`, `settings.configure(DEBUG=True)`. */
const CONFIG_CALL = /(^|\.)config\.(update|from_mapping)$|^django\.conf\.settings\.configure$/;

export const hardcodedDebugPy = pyCheck<Id>({
  check(ctx) {
    const module = pySettingsModule(ctx);
    const candidates: PySettingCandidate[] = [];
    if (!ctx.isTest && !ctx.isExample && !module.local && /debug/i.test(ctx.text)) check(ctx, candidates, module.names);
    ctx.record(PY_DEBUG_SETTINGS, { module, candidates });
  },
});

function check(ctx: PySourceContext<Id>, candidates: PySettingCandidate[], names: string[]): void {
  const text = ctx.text;
  const env = new PyEnv(ctx as PySourceContext<string>);
  const report = settingReporter(ctx, candidates);
  const skip = (node: SyntaxNode) => isDevOnly(text, node, env) || inLocalSection(text, node);
  const base = path.posix.basename(ctx.rel, '.py');
  const dir = path.posix.basename(path.posix.dirname(ctx.rel));
  const settingsModule =
    SETTINGS_FILE.test(base) || SETTINGS_DIR.test(dir) || names.some((n) => FRAMEWORK_SETTINGS.has(n));

  /** `env.bool('DEBUG', default=True)`: reports the default when it is true (the finding sits on it). */
  const reportTruthyDefault = (value: SyntaxNode, name: string): void => {
    const read = defaultedRead(ctx, env, value);
    if (read && isTruthyLiteral(text, read.fallback))
      report(read.fallback, { messageId: 'fallback', data: { name, variable: read.variable || 'the variable' } }, {});
  };

  for (const a of ctx.index.assignments) {
    const parts = assignParts(a);
    if (!parts) continue;
    const target = parts.targets[parts.targets.length - 1];
    const b = targetBinding(text, target);
    if (!b) continue;
    const value = parts.value;
    const isTrue = value.name === 'Boolean' && text.slice(value.from, value.to) === 'True';
    const cls = enclosingClass(a);
    // pydantic-settings matches field names to variables case-insensitively unless told otherwise: `debug: bool`
    // reads DEBUG.
    const settingsField =
      b.name === 'debug' && !!cls && env.isSettingsClass(cls) && !/\bcase_sensitive\s*=\s*True\b/.test(text);
    if (b.kind === 'variable' && (b.name === 'DEBUG' || settingsField)) {
      const inSettings = isModuleLevel(a) ? settingsModule : !!cls && isConfigClass(text, cls, env);
      if (!inSettings || skip(value)) continue;
      // A pydantic settings field reads DEBUG from the environment: its default is a fallback.
      if (cls && env.isSettingsClass(cls)) {
        if (isTruthyLiteral(text, value))
          report(value, { messageId: 'fallback', data: { name: b.name, variable: 'DEBUG' } }, {});
      } else if (isTrue) report(value, { messageId: 'setting', data: { name: 'DEBUG' } }, {});
      else reportTruthyDefault(value, 'DEBUG');
    } else if (
      b.kind === 'item' &&
      b.name === 'DEBUG' &&
      /(^|\.)config$/.test(dottedName(text, b.at.firstChild) ?? '')
    ) {
      // app.config['DEBUG'] = True
      if (skip(value) || inMainBlock(text, a)) continue;
      const where = text.slice(b.at.from, b.at.to);
      if (isTrue) report(value, { messageId: 'configItem', data: { target: where } }, {});
      else reportTruthyDefault(value, where);
    } else if (b.kind === 'attribute' && b.name === 'debug' && isTrue && importsRunFramework(ctx, env)) {
      // app.debug = True
      if (skip(value) || inMainBlock(text, a)) continue;
      report(value, { messageId: 'attribute', data: { target: text.slice(target.from, target.to) } }, {});
    }
  }

  for (const call of ctx.index.calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee) continue;
    const args = callArgs(text, call);
    const resolved = env.resolve(callee);
    const debugArg = args.keywords.get('debug');
    if (debugArg && isTrueLiteral(text, debugArg)) {
      if (skip(debugArg)) continue;
      if (DEBUG_APPS.test(resolved)) {
        report(debugArg, { messageId: 'app', data: { call: callee } }, {});
        continue;
      }
      if (/\.(run|run_server)$/.test(callee) && importsRunFramework(ctx, env) && !inMainBlock(text, call))
        report(debugArg, { messageId: 'run', data: { call: callee } }, {});
      continue;
    }
    const setting = args.keywords.get('DEBUG');
    if (
      setting &&
      CONFIG_CALL.test(resolved) &&
      isTrueLiteral(text, setting) &&
      !skip(setting) &&
      !inMainBlock(text, call)
    )
      report(setting, { messageId: 'configCall', data: { call: callee } }, {});
  }
}

function isTrueLiteral(text: string, node: SyntaxNode): boolean {
  return node.name === 'Boolean' && text.slice(node.from, node.to) === 'True';
}

/** A config class: named like one (`ProductionConfig`, `Settings`), or deriving from one, or a pydantic settings class. */
function isConfigClass(text: string, cls: SyntaxNode, env: PyEnv): boolean {
  const { name, bases } = classInfo(text, cls);
  return (
    CONFIG_CLASS.test(name) || bases.some((b) => CONFIG_CLASS.test(b.split('.').pop()!)) || env.isSettingsClass(cls)
  );
}

function importsRunFramework(ctx: PySourceContext<Id>, env: PyEnv): boolean {
  return (
    ctx.facts.imports.some((i) => RUN_FRAMEWORKS.test(i.specifier)) ||
    [...env.bindings.values()].some((v) => RUN_FRAMEWORKS.test(v))
  );
}

/**
 * The environment read a value is, with its default: `os.getenv('DEBUG', 'True')`, `env.bool('DEBUG', default=True)`,
 * `config('DEBUG', default=True, cast=bool)`, also wrapped in a conversion or compared with a truthy string
 * (`os.getenv('DEBUG', 'true').lower() == 'true'`, `… in ('1', 'true')`). A comparison with a false value or a
 * negation is not followed.
 */
function defaultedRead(
  ctx: PySourceContext<Id>,
  env: PyEnv,
  value: SyntaxNode,
): { fallback: SyntaxNode; variable: string } | undefined {
  const text = ctx.text;
  let n: SyntaxNode | null = outerOf(value);
  for (let depth = 0; n && depth < 6; depth++) {
    if (n.name === 'ParenthesizedExpression') {
      n = n.firstChild?.nextSibling ?? null;
      continue;
    }
    if (n.name === 'BinaryExpression') {
      const kids = childrenOf(n);
      const op = kids
        .slice(1, -1)
        .map((k) => text.slice(k.from, k.to))
        .join(' ');
      const other = kids[kids.length - 1];
      const truthy =
        op === '=='
          ? isTruthyLiteral(text, other)
          : op === 'in' && childrenOf(other).some((c) => isTruthyLiteral(text, c));
      if (!truthy) return undefined;
      n = kids[0];
      continue;
    }
    if (n.name !== 'CallExpression') return undefined;
    const variable = env.readAt(n);
    if (variable !== undefined) {
      const args = callArgs(text, n);
      const fallback =
        args.keywords.get('default') ?? (isCastSecond(ctx, env, n) ? args.positional[2] : args.positional[1]);
      return fallback ? { fallback, variable } : undefined;
    }
    // bool(…), int(…), str(…).lower()
    const callee: SyntaxNode | null = n.firstChild;
    if (callee?.name === 'VariableName' && /^(bool|int|str)$/.test(text.slice(callee.from, callee.to))) {
      n = callArgs(text, n).positional[0] ?? null;
      continue;
    }
    if (
      callee?.name === 'MemberExpression' &&
      /^(lower|upper|strip|casefold)$/.test(text.slice(callee.lastChild!.from, callee.lastChild!.to))
    ) {
      n = callee.firstChild;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** django-environ's `env('DEBUG', bool, True)` takes the cast second; its typed methods and everything else do not. */
function isCastSecond(ctx: PySourceContext<Id>, env: PyEnv, call: SyntaxNode): boolean {
  const callee = call.firstChild;
  return callee?.name === 'VariableName' && env.isDjangoEnvReader(ctx.text.slice(callee.from, callee.to));
}
