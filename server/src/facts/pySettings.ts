// Python settings modules split by environment (`settings/base.py` star-imported by `settings/production.py`): a
// value the base module sets may never reach production, because the production module sets it again. A rule's
// Python check records what a module sets and star-imports, and the findings at its module-level settings as
// candidates; its project half reports the candidates no production module overrides. Language-neutral data; the
// helpers here only compare paths and names.
import * as path from 'path';
import type { FactDef } from '../core/facts';
import type { Message, ProjectContext, Range, Severity } from '../core/types';
import { isExamplePath, isTestPath, sourceLanguage } from '../core/paths';

export interface PySettingsModule {
  /** Names the module binds at module level (in `if`/`try` blocks too): `DEBUG`, `SECRET_KEY`. */
  names: string[];
  /** Its module-level star imports as written (`.base`, `proj.settings.base`), with their 0-based line. */
  starImports: { specifier: string; line: number }[];
  /** Whether the module is named for development, tests, examples or benchmarks (`dev.py`, `local_settings.py`). */
  local: boolean;
}

/** A finding at a module-level setting, reported unless a production module overrides the setting. */
export interface PySettingCandidate {
  /** The setting: the module-level name the flagged value is assigned to. */
  name: string;
  range: Range;
  message: Message;
  severity?: Severity;
  data?: Record<string, unknown>;
}

export interface PySettingsFact {
  module: PySettingsModule;
  candidates: PySettingCandidate[];
}

/** The files a star import may load: `pkg/base.py` or `pkg/base/__init__.py`, from the importer's folder or any root. */
function starTargets(importer: string, specifier: string, files: readonly string[]): string[] {
  const dots = /^\.*/.exec(specifier)![0].length;
  const rest = specifier.slice(dots).split('.').filter(Boolean);
  if (dots > 0) {
    let dir = path.dirname(importer);
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
    const base = path.join(dir, ...rest);
    return files.filter((f) => f === base + '.py' || f === path.join(base, '__init__.py'));
  }
  if (!rest.length) return [];
  const tail = path.join(...rest);
  return files.filter(
    (f) => f.endsWith(path.sep + tail + '.py') || f.endsWith(path.sep + path.join(tail, '__init__.py')),
  );
}

/**
 * The candidates of one module that stand: dropped when every production module that star-imports it sets the
 * name again (at least one does), or when the module itself star-imports, after the setting, a module that is not
 * in the workspace (a git-ignored `local_settings.py` a deploy provides) or that sets the name.
 */
export function standingCandidates(
  file: string,
  facts: ReadonlyMap<string, PySettingsFact>,
  isProduction: (file: string) => boolean,
): PySettingCandidate[] {
  const own = facts.get(file);
  if (!own?.candidates.length) return [];
  // Every analysed Python file of the project has the fact (the checks record it for each), so a target without
  // one is not in the workspace.
  const files = [...facts.keys()];
  const importers: { file: string; names: Set<string> }[] = [];
  for (const [other, fact] of facts) {
    if (other === file || fact.module.local || !isProduction(other)) continue;
    if (fact.module.starImports.some((s) => starTargets(other, s.specifier, files).includes(file)))
      importers.push({ file: other, names: new Set(fact.module.names) });
  }
  return own.candidates.filter((c) => {
    if (importers.length && importers.every((i) => i.names.has(c.name))) return false;
    for (const s of own.module.starImports) {
      if (s.line <= c.range.start.line) continue;
      const targets = starTargets(file, s.specifier, files);
      if (!targets.length || targets.some((t) => facts.get(t)?.module.names.includes(c.name))) return false;
    }
    return true;
  });
}

/** The project half: reports every Python file's standing candidates, recorded under the rule's own `def`. */
export function reportPySettingCandidates(ctx: ProjectContext, def: FactDef<PySettingsFact>): void {
  const facts = new Map<string, PySettingsFact>();
  const rel = new Map<string, string>();
  for (const f of ctx.project.files) {
    if (f.kind !== 'source' || sourceLanguage(f.path) !== 'py') continue;
    const fact = ctx.fact(f.path, def);
    if (!fact) continue;
    facts.set(f.path, fact);
    rel.set(f.path, f.rel);
  }
  const production = (p: string) => !isTestPath(rel.get(p) ?? '') && !isExamplePath(rel.get(p) ?? '');
  for (const file of facts.keys())
    for (const c of standingCandidates(file, facts, production))
      ctx.report(file, c.range, c.message, { severity: c.severity, data: c.data });
}
