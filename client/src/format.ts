// Text the checklist and the status item show. Kept free of `vscode` so it can be unit-tested under plain Node.
import type { ChecklistFactor, ChecklistResult, ScanStatus, Severity } from '../../shared/protocol';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** "III. Config": the numbering 12factor.net uses. */
export function factorLabel(f: Pick<ChecklistFactor, 'factor' | 'name'>): string {
  return `${ROMAN[f.factor - 1] ?? f.factor}. ${f.name}`;
}

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

/** "2 errors, 1 warning", "1 warning, 3 baselined", "no findings" or "not applicable". */
export function countsDescription(f: Pick<ChecklistFactor, 'status' | 'counts' | 'partial' | 'baselined'>): string {
  const parts = ORDER.filter((s) => (f.counts[s] ?? 0) > 0).map(
    (s) => `${f.counts[s]} ${s}${f.counts[s] === 1 ? '' : 's'}`,
  );
  if (f.baselined) parts.push(`${f.baselined} baselined`);
  if (f.partial) parts.push('partly analysed');
  if (parts.length) return parts.join(', ');
  return f.status === 'not-applicable' ? 'not applicable' : 'no findings';
}

export interface Score {
  passing: number;
  applicable: number;
  /** Error and warning findings: they go down with every fix, when the factor score may not move yet. */
  errors?: number;
  warnings?: number;
  /** Projects found; 0 means there is nothing to check. */
  projects?: number;
}

/** Passing over applicable factors, and findings, across every folder (the same sums the server's scan status carries). */
export function scoreOf(result: Pick<ChecklistResult, 'folders'>): Score {
  let passing = 0;
  let applicable = 0;
  let errors = 0;
  let warnings = 0;
  let projects = 0;
  for (const folder of result.folders) {
    projects += folder.projects ?? 0;
    for (const f of folder.factors) {
      errors += f.counts?.error ?? 0;
      warnings += f.counts?.warning ?? 0;
      if (f.status === 'not-applicable') continue;
      applicable++;
      if (f.status === 'pass') passing++;
    }
  }
  return { passing, applicable, errors, warnings, projects };
}

/** The status bar text without its icon: "Twelve-Factor 9/12". */
export function scoreText(score: Score): string {
  return `Twelve-Factor ${score.passing}/${score.applicable}`;
}

/** Error and warning counts as the Problems status item shows them: "$(error) 1 $(warning) 3". */
export function problemsText(score: Score): string {
  return `$(error) ${score.errors ?? 0} $(warning) ${score.warnings ?? 0}`;
}

/** "1 error and 3 warnings", for tooltips, badges and screen readers. */
export function problemsWords(score: Score): string {
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${n(score.errors ?? 0, 'error')} and ${n(score.warnings ?? 0, 'warning')}`;
}

export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** One-line summary of an idle scan status for tooltips. */
export function scanSummary(s: ScanStatus): string | undefined {
  const parts: string[] = [];
  if (s.durationMs !== undefined) parts.push(`last scan took ${durationText(s.durationMs)}`);
  if (s.files !== undefined) parts.push(`${s.files} file${s.files === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** "Ln 10, Col 13" from a 0-based LSP position. */
export function positionText(p: { line: number; character: number }): string {
  return `Ln ${p.line + 1}, Col ${p.character + 1}`;
}
