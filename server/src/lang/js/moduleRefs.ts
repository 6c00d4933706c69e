// Which module a local name comes from (import declarations, `require` calls and aliases of them), so a rule can
// tell `session()` from express-session apart from any other function called `session`.
import * as ts from 'typescript';
import type { NodeIndex } from './nodeIndex';
import { declaredName, enclosingFunction, stringValue, unwrap } from './astUtil';
import { memoKey } from '../../util/memo';

export interface ModuleRef {
  /** The specifier without a `node:` prefix: `fs`, `fs/promises`, `@fastify/session`. */
  module: string;
  /** Members below the module: [] for the module itself (default or namespace), ['transports', 'File'] … */
  path: string[];
  /** The value is what calling the module (or member) returned: `require('memorystore')(session)`. */
  called?: boolean;
}

function normalise(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** Every name a binding pattern (or plain identifier) declares. */
export function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) out.push(...boundNames(el.name));
  return out;
}

function isRequire(call: ts.CallExpression): boolean {
  return ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1;
}

export class ModuleRefs {
  /** Module-scope names; null when a name is bound to two different things. */
  private readonly names = new Map<string, ModuleRef | null>();
  /** Names declared inside functions, which shadow module-scope ones there; with what they refer to, if a module. */
  private readonly localDecls = new Map<string, { scope: ts.Node; ref?: ModuleRef }[]>();

  constructor(sf: ts.SourceFile, idx: NodeIndex) {
    for (const imp of idx.imports) {
      const spec = stringValue(imp.moduleSpecifier);
      const clause = imp.importClause;
      if (spec === undefined || !clause || clause.isTypeOnly) continue;
      const module = normalise(spec);
      if (clause.name) this.bind(clause.name.text, { module, path: [] });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) this.bind(nb.name.text, { module, path: [] });
      else if (nb) {
        for (const el of nb.elements) {
          if (el.isTypeOnly) continue;
          const imported = (el.propertyName ?? el.name).text;
          this.bind(el.name.text, { module, path: imported === 'default' ? [] : [imported] });
        }
      }
    }
    for (const stmt of sf.statements) {
      if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference)) {
        const spec = stringValue(stmt.moduleReference.expression);
        if (spec !== undefined) this.bind(stmt.name.text, { module: normalise(spec), path: [] });
      }
    }
    // Variables in source order, so `const { transports } = winston` sees `winston` first.
    for (const v of idx.variables) {
      const scope = enclosingFunction(v);
      if (scope) {
        // A local `const session = req.session` shadows the import inside that function only; a local
        // `const session = require('express-session')` binds it there.
        const ref = v.initializer && ts.isIdentifier(v.name) ? this.resolveValue(v.initializer, v) : undefined;
        for (const n of boundNames(v.name)) this.addLocal(n, scope, ref);
        continue;
      }
      if (!v.initializer) continue;
      const ref = this.resolveValue(v.initializer, undefined);
      if (!ref) continue;
      if (ts.isIdentifier(v.name)) {
        this.bind(v.name.text, ref);
      } else if (ts.isObjectBindingPattern(v.name) && !ref.called) {
        for (const el of v.name.elements) {
          const key = declaredName(el.propertyName ?? el.name);
          if (!key || el.dotDotDotToken || !ts.isIdentifier(el.name)) continue;
          this.bind(el.name.text, {
            module: ref.module,
            path: ref.path.length === 0 && key === 'default' ? [] : [...ref.path, key],
          });
        }
      }
    }
  }

  private bind(name: string, ref: ModuleRef): void {
    const prev = this.names.get(name);
    if (prev === undefined) this.names.set(name, ref);
    else if (
      prev &&
      (prev.module !== ref.module || prev.path.join('.') !== ref.path.join('.') || !!prev.called !== !!ref.called)
    )
      this.names.set(name, null);
  }

  private addLocal(name: string, scope: ts.Node, ref: ModuleRef | undefined): void {
    const list = this.localDecls.get(name);
    if (list) list.push({ scope, ref });
    else this.localDecls.set(name, [{ scope, ref }]);
  }

  /** The nearest function-scope declaration of `name` seen from `at`: `{ ref }` (undefined ref: not a module). */
  private local(name: string, at: ts.Node): { ref?: ModuleRef } | undefined {
    const decls = this.localDecls.get(name) ?? [];
    for (let p: ts.Node | undefined = at.parent; p; p = p.parent) {
      if (!ts.isFunctionLike(p)) continue;
      const d = decls.find((x) => x.scope === p);
      if (d) return d;
      for (const param of (p as ts.SignatureDeclaration).parameters)
        if (boundNames(param.name).includes(name)) return {};
    }
    return undefined;
  }

  /** Whether `name`, used at `at`, refers to a local variable or parameter rather than the module-scope binding. */
  isShadowed(name: string, at: ts.Node): boolean {
    return this.local(name, at) !== undefined;
  }

  /** The module an expression refers to: `session`, `winston.transports.File`, `require('multer')`. */
  resolve(expr: ts.Expression): ModuleRef | undefined {
    return this.resolveValue(expr, expr);
  }

  private resolveValue(expr: ts.Expression, at: ts.Node | undefined): ModuleRef | undefined {
    const n = unwrap(expr);
    if (ts.isAwaitExpression(n)) return this.resolveValue(n.expression, at);
    if (ts.isIdentifier(n)) {
      const local = at ? this.local(n.text, at) : undefined;
      if (local) return local.ref;
      return this.names.get(n.text) ?? undefined;
    }
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      const member = ts.isPropertyAccessExpression(n) ? n.name.text : stringValue(n.argumentExpression);
      if (member === undefined) return undefined;
      const base = this.resolveValue(n.expression, at);
      if (!base || base.called) return undefined;
      if (member === 'default' && base.path.length === 0) return base;
      return { module: base.module, path: [...base.path, member] };
    }
    if (ts.isCallExpression(n)) {
      if (isRequire(n) || n.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const spec = stringValue(n.arguments[0]);
        return spec === undefined ? undefined : { module: normalise(spec), path: [] };
      }
      const callee = this.resolveValue(n.expression, at);
      return callee && !callee.called ? { ...callee, called: true } : undefined;
    }
    return undefined;
  }

  /** Whether `expr` is `module` (optionally the member `path` of it), not called. */
  is(expr: ts.Expression, module: string | readonly string[], path: readonly string[] = []): boolean {
    const ref = this.resolve(expr);
    if (!ref || ref.called) return false;
    const mods = typeof module === 'string' ? [module] : module;
    return mods.includes(ref.module) && ref.path.length === path.length && ref.path.every((p, i) => p === path[i]);
  }

  /** Module-scope names bound to a module `accept`s (a cheap pre-filter before `resolve`). */
  namesFrom(accept: (module: string) => boolean): Set<string> {
    const out = new Set<string>();
    for (const [name, ref] of this.names) if (ref && accept(ref.module)) out.add(name);
    return out;
  }

  /** Whether any module-scope name is bound to one of `modules`. */
  binds(modules: readonly string[]): boolean {
    for (const ref of this.names.values()) if (ref && modules.includes(ref.module)) return true;
    return false;
  }

  /** A module-scope name bound to exactly `module`/`path` (for fixes that need to write a reference). */
  nameFor(module: string, path: readonly string[] = []): string | undefined {
    for (const [name, ref] of this.names) {
      if (
        ref &&
        !ref.called &&
        ref.module === module &&
        ref.path.length === path.length &&
        ref.path.every((p, i) => p === path[i])
      )
        return name;
    }
    return undefined;
  }
}

const MODULE_REFS = memoKey<ModuleRefs>('moduleRefs');
/** One ModuleRefs per file, shared by the rules that run on it (kept on its node index, one analysis long). */
export function moduleRefs(sf: ts.SourceFile, idx: NodeIndex): ModuleRefs {
  return idx.memo.get(MODULE_REFS, () => new ModuleRefs(sf, idx));
}
