// Text the checklist and the status item show. Kept free of `vscode` so it can be unit-tested under plain Node.
import type { ChecklistFactor, ChecklistResult, ScanStatus, Severity } from '../../shared/protocol';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** "III. Config": the numbering 12factor.net uses. */
export function factorLabel(f: Pick<ChecklistFactor, 'factor' | 'name'>): string {
  return `${ROMAN[f.factor - 1] ?? f.factor}. ${f.name}`;
}

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

/** "2 errors, 1 warning", "no findings" or "not applicable". */
export function countsDescription(f: Pick<ChecklistFactor, 'status' | 'counts'>): string {
  const parts = ORDER.filter((s) => (f.counts[s] ?? 0) > 0).map((s) => `${f.counts[s]} ${s}${f.counts[s] === 1 ? '' : 's'}`);
  if (parts.length) return parts.join(', ');
  return f.status === 'not-applicable' ? 'not applicable' : 'no findings';
}

export interface Score { passing: number; applicable: number }

/** Passing over applicable factors, across every folder (the same sum the server's scan status carries). */
export function scoreOf(result: Pick<ChecklistResult, 'folders'>): Score {
  let passing = 0;
  let applicable = 0;
  for (const folder of result.folders) {
    for (const f of folder.factors) {
      if (f.status === 'not-applicable') continue;
      applicable++;
      if (f.status === 'pass') passing++;
    }
  }
  return { passing, applicable };
}

/** The status bar text without its icon: "Twelve-Factor 9/12". */
export function scoreText(score: Score): string {
  return `Twelve-Factor ${score.passing}/${score.applicable}`;
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
