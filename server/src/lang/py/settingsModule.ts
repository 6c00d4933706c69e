// What a Python module sets and star-imports at module level (facts/pySettings.ts): the data a settings rule's
// project half needs to tell a base settings module's development defaults from the values production runs with.
import type { PySettingsModule } from '../../facts/pySettings';
import type { SyntaxNode } from './parse';
import type { PyFileContext } from './context';
import { childrenOf } from './syntax';
import { assignParts, classInfo, isModuleLevel, targetBinding } from './values';
import { isLocalClassName, isNonProductionModule } from './devSections';

const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;

export function pySettingsModule(ctx: PyFileContext): PySettingsModule {
  const names = new Set<string>();
  for (const a of ctx.index.assignments) {
    if (!isModuleLevel(a)) continue;
    for (const t of assignParts(a)?.targets ?? []) {
      const b = targetBinding(ctx.text, t);
      if (b?.kind === 'variable' && SETTING_NAME.test(b.name)) names.add(b.name);
    }
  }
  const starImports: PySettingsModule['starImports'] = [];
  for (const stmt of ctx.index.imports) {
    const spec = starSpecifier(ctx.text, stmt);
    if (spec !== undefined && isModuleLevel(stmt))
      starImports.push({ specifier: spec, line: ctx.rangeOf(stmt).start.line });
  }
  return { names: [...names].sort(), starImports, local: isNonProductionModule(ctx.rel) };
}

/** `from .base import *` → `.base`; undefined for any other import. */
function starSpecifier(text: string, stmt: SyntaxNode): string | undefined {
  const kids = childrenOf(stmt);
  if (kids[0]?.name !== 'from') return undefined;
  const at = kids.findIndex((k) => k.name === 'import');
  if (at < 1 || kids[at + 1]?.name !== '*') return undefined;
  return kids
    .slice(1, at)
    .map((k) => text.slice(k.from, k.to))
    .join('');
}

/** A file's classes: name, base names (last segment) and the attributes their bodies assign. */
export interface PyClassInfo {
  name: string;
  bases: string[];
  attrs: Set<string>;
}

export function classTable(text: string, tree: PyFileContext['tree']): PyClassInfo[] {
  const classes: PyClassInfo[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'ClassDefinition') return undefined;
      const info = classInfo(text, ref.node);
      const attrs = new Set<string>();
      for (const stmt of childrenOf(ref.node.getChild('Body') ?? ref.node)) {
        if (stmt.name !== 'AssignStatement') continue;
        for (const t of assignParts(stmt)?.targets ?? [])
          if (t.name === 'VariableName') attrs.add(text.slice(t.from, t.to));
      }
      classes.push({ name: info.name, bases: info.bases.map((b) => b.split('.').pop()!), attrs });
      return undefined;
    },
  });
  return classes;
}

/**
 * Whether the settings a config class sets are set again by every production class deriving from it in the file:
 * `class Config: DEBUG = True` with `class ProductionConfig(Config): DEBUG = False`. Classes named for development or
 * tests do not count; with no other subclass the class itself is what production loads.
 */
export function overriddenInSubclasses(classes: readonly PyClassInfo[], cls: string, name: string): boolean {
  const memo = new Map<string, boolean>();
  const covered = (of: string, depth: number): boolean => {
    const known = memo.get(of);
    if (known !== undefined) return known;
    memo.set(of, false); // a cycle (class A(B), class B(A)) covers nothing
    const subs = classes.filter((c) => c.bases.includes(of) && !isLocalClassName(c.name));
    const result = !!subs.length && depth <= 8 && subs.every((s) => s.attrs.has(name) || covered(s.name, depth + 1));
    memo.set(of, result);
    return result;
  };
  return covered(cls, 0);
}
