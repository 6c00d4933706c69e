// The migration-sites and package-calls facts of a Python file (facts/migrations.ts): where it runs schema
// migrations — alembic's `command.upgrade(cfg, "head")`, Flask-Migrate's `upgrade()`, Django's
// `call_command("migrate")`, a `subprocess`/`os.system` run of `alembic upgrade head` or `manage.py migrate` — and
// when: in a web framework's start-up hook (a FastAPI/Starlette `lifespan` or `on_event("startup")` handler, Django's
// `AppConfig.ready()`, a Flask `create_app()` factory or `before_first_request`), at module scope of a file that
// makes the web app, or in a request handler (a route). Calls a start-up hook makes to functions imported from other
// modules (`init_db.main()`) are the package calls, so the rule can follow them to the module that migrates.
// `create_all()` is not a migration: it only creates missing tables (as plain `sequelize.sync()` in JS).
import type { CodeSite, PackageCall } from '../../facts/migrations';
import type { Range } from '../../core/types';
import { argvOf, commandsOf, isMigrationProgram } from '../../platform/command';
import { excerpt } from '../../util/redact';
import { LineIndex } from '../../util/text';
import type { SyntaxNode } from './parse';
import { isDevOnly } from './devOnly';
import {
  callArgs,
  childrenOf,
  dottedName,
  importBindings,
  relativeImportBindings,
  resolveName,
  stringValue,
  type PyIndex,
} from './syntax';

/** Calls that migrate whatever their arguments: alembic's command API, Flask-Migrate's. */
const MIGRATING_CALLS = new Set(['alembic.command.upgrade', 'flask_migrate.upgrade']);
const CALL_COMMAND = new Set(['django.core.management.call_command']);
const RUNS_COMMAND = new Set([
  'subprocess.run',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.Popen',
  'os.system',
]);
/** Classes whose instances serve an app (`FastAPI(lifespan=…)`, `Flask(__name__)`): a file making one is the app's. */
const APP_CLASSES = new Set([
  'fastapi.FastAPI',
  'starlette.applications.Starlette',
  'flask.Flask',
  'quart.Quart',
  'sanic.Sanic',
  'django.core.wsgi.get_wsgi_application',
  'django.core.asgi.get_asgi_application',
]);
/** Route decorators: `@app.route(…)`, `@router.post(…)`, `@bp.get(…)`, `@api_view([…])`. */
const ROUTE_METHOD = /\.(route|get|post|put|patch|delete|api_route|websocket)$/;

interface FunctionInfo {
  node: SyntaxNode;
  name: string;
  /** Enclosing function, if nested. */
  outer?: FunctionInfo;
  /** The class it is a method of. */
  cls?: { name: string; bases: string[] };
  decorators: string[];
  /** For decorators with one string argument: `@app.on_event("startup")` → "startup". */
  decoratorArgs: Map<string, string | undefined>;
}

interface PyMigrationFacts {
  sites: CodeSite[];
  calls: PackageCall[];
}

/** The migration-sites fact. */
export function pyMigrationSites(text: string, idx: PyIndex): CodeSite[] | undefined {
  const { sites } = pyMigrationFacts(text, idx);
  return sites.length ? sites : undefined;
}

/** The package-calls fact: the calls start-up hooks make to functions of other modules. */
export function pyStartupCalls(text: string, idx: PyIndex): PackageCall[] | undefined {
  const { calls } = pyMigrationFacts(text, idx);
  return calls.length ? calls : undefined;
}

/** Both facts from one reading of the file. */
function pyMigrationFacts(text: string, idx: PyIndex): PyMigrationFacts {
  const out: PyMigrationFacts = { sites: [], calls: [] };
  if (!/upgrade|call_command|migrat|lifespan|startup|ready|create_app|before_first_request/.test(text)) return out;
  const bindings = importBindings(text, idx.imports);
  const relative = relativeImportBindings(text, idx.imports);
  const lines = new LineIndex(text);
  const range = (n: SyntaxNode): Range => lines.range(n.from, n.to);
  const functions = new Map<SyntaxNode, FunctionInfo>();
  const fnOf = (node: SyntaxNode): FunctionInfo | undefined => {
    for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') return info(p);
    return undefined;
  };
  const info = (fn: SyntaxNode): FunctionInfo => {
    const known = functions.get(fn);
    if (known) return known;
    const kids = childrenOf(fn);
    const nameNode = kids.find((k) => k.name === 'VariableName');
    const f: FunctionInfo = {
      node: fn,
      name: nameNode ? text.slice(nameNode.from, nameNode.to) : '',
      decorators: [],
      decoratorArgs: new Map(),
    };
    functions.set(fn, f);
    f.outer = fnOf(fn);
    if (fn.parent?.name === 'DecoratedStatement') {
      for (const d of childrenOf(fn.parent).filter((k) => k.name === 'Decorator')) {
        const parts = childrenOf(d);
        const name = parts
          .filter((k) => k.name === 'VariableName' || k.name === '.')
          .map((k) => text.slice(k.from, k.to))
          .join('');
        const args = parts.find((k) => k.name === 'ArgList');
        const first = args ? childrenOf(args).find((k) => k.name === 'String') : undefined;
        f.decorators.push(resolveName(name, bindings));
        f.decoratorArgs.set(resolveName(name, bindings), first ? stringValue(text, first) : undefined);
      }
    }
    const body = fn.parent?.name === 'DecoratedStatement' ? fn.parent.parent : fn.parent;
    if (body?.name === 'Body' && body.parent?.name === 'ClassDefinition') {
      const ck = childrenOf(body.parent);
      const cname = ck.find((k) => k.name === 'VariableName');
      const bases = ck.find((k) => k.name === 'ArgList');
      f.cls = {
        name: cname ? text.slice(cname.from, cname.to) : '',
        bases: bases
          ? childrenOf(bases)
              .map((k) => dottedName(text, k))
              .filter((b): b is string => !!b)
              .map((b) => resolveName(b, bindings))
          : [],
      };
    }
    return f;
  };

  // What the app is made with in this file, and the functions handed to it as its lifespan or start-up handlers.
  let makesApp = false;
  const hooks = new Map<string, string>();
  for (const call of idx.calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee) continue;
    const resolved = resolveName(callee, bindings);
    if (!APP_CLASSES.has(resolved)) continue;
    if (!fnOf(call)) makesApp = true;
    const args = callArgs(text, call);
    const lifespan = args.keywords.get('lifespan');
    if (lifespan?.name === 'VariableName') hooks.set(text.slice(lifespan.from, lifespan.to), `the lifespan`);
    const startup = args.keywords.get('on_startup');
    if (startup?.name === 'ArrayExpression')
      for (const k of childrenOf(startup))
        if (k.name === 'VariableName') hooks.set(text.slice(k.from, k.to), 'the start-up handler');
  }

  /** How a function runs at web start-up, or undefined. */
  const startupOf = (f: FunctionInfo): string | undefined => {
    if (f.outer) return undefined;
    const hook = hooks.get(f.name);
    if (hook) return `${hook} \`${f.name}()\``;
    for (const d of f.decorators) {
      if (/\.on_event$/.test(d) && f.decoratorArgs.get(d) === 'startup') return `the start-up handler \`${f.name}()\``;
      if (/\.before_first_request$/.test(d)) return `the \`before_first_request\` hook \`${f.name}()\``;
    }
    if (f.name === 'ready' && f.cls?.bases.some((b) => /(^|\.)AppConfig$/.test(b))) return `\`${f.cls.name}.ready()\``;
    if (f.name === 'create_app' && !f.cls) return 'the app factory `create_app()`';
    return undefined;
  };
  const handlerOf = (f: FunctionInfo): string | undefined => {
    for (const d of f.decorators)
      if (ROUTE_METHOD.test(d)) {
        const path = f.decoratorArgs.get(d);
        return `the request handler \`${f.name}()\`${path ? ` (${excerpt(path, 30, 27)})` : ''}`;
      }
    return undefined;
  };

  // Top-level functions, the local functions each calls, and which start-up hook reaches them.
  const topLevel = (n: SyntaxNode): FunctionInfo | undefined => {
    let f = fnOf(n);
    while (f?.outer) f = f.outer;
    return f;
  };
  const calledBy = new Map<string, Set<string>>();
  for (const call of idx.calls) {
    const f = topLevel(call);
    // `if settings.DEBUG: run_migrations()`: a development-only call leads nowhere in production.
    if (isDevOnly(text, call)) continue;
    for (const callee of [dottedName(text, call.firstChild), runArgument(text, call, bindings)]) {
      if (!f || !callee || callee.includes('.')) continue;
      (calledBy.get(callee) ?? calledBy.set(callee, new Set()).get(callee)!).add(f.name);
    }
  }
  const topNames = new Map<string, FunctionInfo>();
  for (const call of idx.calls) {
    const f = topLevel(call);
    if (f && !f.cls) topNames.set(f.name, f);
  }
  /** The start-up hook that calls `name` (itself, or through local functions), with the chain of names. */
  const reach = (name: string): { startup?: string; names: string[] } => {
    const names = [name];
    const seen = new Set([name]);
    let startup: string | undefined;
    for (let i = 0; i < names.length && i < 64; i++) {
      const f = topNames.get(names[i]);
      if (f && !startup) startup = startupOf(f);
      for (const caller of calledBy.get(names[i]) ?? [])
        if (!seen.has(caller)) {
          seen.add(caller);
          names.push(caller);
        }
    }
    return { startup, names };
  };

  for (const call of idx.calls) {
    const callee = dottedName(text, call.firstChild);
    if (!callee) continue;
    const resolved = resolveName(callee, bindings);
    const label = migrationLabel(text, call, callee, resolved);
    const f = fnOf(call);
    const top = topLevel(call);
    if (label) {
      const handler = f ? handlerOf(top ?? f) : undefined;
      const site: CodeSite = { range: range(call), label, onLoad: !f, names: [] };
      if (handler) site.handler = handler;
      else if (!f) {
        if (!makesApp) continue;
        site.startup = 'the module that makes the web app';
      } else if (top && !top.cls) {
        const r = reach(top.name);
        site.names = r.names;
        if (r.startup) site.startup = r.startup;
      } else if (top) {
        const s = startupOf(top);
        if (s) site.startup = s;
      }
      out.sites.push(site);
      continue;
    }
    // A start-up hook calling a function of another module: `init_db.main()`, `run_migrations()` imported, or
    // handing it to a thread to run (`await asyncio.to_thread(run_migrations)`).
    if (!top || isDevOnly(text, call)) continue;
    const startup = top.cls ? startupOf(top) : reach(top.name).startup;
    if (!startup) continue;
    for (const target of [callee, runArgument(text, call, bindings)]) {
      const pc = target ? packageCall(target) : undefined;
      if (pc) out.calls.push({ ...pc, range: range(call), onLoad: false, names: [top.name], startup });
    }
  }
  return out;

  function packageCall(callee: string): Pick<PackageCall, 'pkg' | 'name' | 'text'> | undefined {
    const dot = callee.lastIndexOf('.');
    const head = callee.split('.')[0];
    const module = relative.get(head) ?? (bindings.has(head) ? resolveName(head, bindings) : undefined);
    if (!module || module === head) return undefined;
    const full = dot < 0 ? module : `${module}${callee.slice(head.length, dot)}`;
    const name = dot < 0 ? full.slice(full.lastIndexOf('.') + 1) : callee.slice(dot + 1);
    const pkg = dot < 0 ? full.slice(0, full.lastIndexOf('.')) : full;
    return pkg ? { pkg, name, text: callee } : undefined;
  }
}

/** Calls that run the function they are handed, with where it goes: `asyncio.to_thread(f)`, `run_in_threadpool(f)`. */
const RUNS_ARGUMENT: ReadonlyMap<string, number> = new Map([
  ['asyncio.to_thread', 0],
  ['anyio.to_thread.run_sync', 0],
  ['starlette.concurrency.run_in_threadpool', 0],
  ['fastapi.concurrency.run_in_threadpool', 0],
]);

/**
 * The function (by name) a call runs on the caller's behalf: `asyncio.to_thread(run_migrations)`,
 * `loop.run_in_executor(None, run_migrations)`. Only these explicit runners: a function passed anywhere else may
 * never be called.
 */
function runArgument(text: string, call: SyntaxNode, bindings: ReadonlyMap<string, string>): string | undefined {
  const callee = call.firstChild;
  const d = dottedName(text, callee);
  let at = d === undefined ? undefined : RUNS_ARGUMENT.get(resolveName(d, bindings));
  if (at === undefined && callee?.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName')
    if (text.slice(callee.lastChild.from, callee.lastChild.to) === 'run_in_executor') at = 1;
  if (at === undefined) return undefined;
  return dottedName(text, callArgs(text, call).positional[at]);
}

/** `alembic command.upgrade()`, `call_command('migrate')`, `subprocess.run([…'alembic', 'upgrade'…])`, or undefined. */
function migrationLabel(text: string, call: SyntaxNode, callee: string, resolved: string): string | undefined {
  if (MIGRATING_CALLS.has(resolved)) return `\`${callee}()\``;
  const args = callArgs(text, call);
  if (CALL_COMMAND.has(resolved)) {
    const name = stringValue(text, args.positional[0]);
    return name && /^(migrate|migrate_schemas)$/.test(name) ? `\`${callee}("${name}")\`` : undefined;
  }
  if (RUNS_COMMAND.has(resolved)) {
    const first = args.positional[0];
    let line: string | undefined;
    if (first?.name === 'ArrayExpression' || first?.name === 'TupleExpression') {
      const words = childrenOf(first)
        .filter((k) => k.name === 'String')
        .map((k) => stringValue(text, k));
      if (words.length && words.every((w): w is string => w !== undefined)) line = words.join(' ');
    } else line = stringValue(text, first);
    if (line && commandsOf(line).some((c) => isMigrationProgram(argvOf(c)))) return `\`${excerpt(line, 32, 29)}\``;
  }
  return undefined;
}
