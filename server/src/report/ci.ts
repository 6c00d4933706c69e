// CI platforms' own formats: GitHub workflow annotations and GitLab Code Quality (Code Climate JSON). Paths are
// relative to the repository root (Report.repoRoot), which is where both platforms look for the file.
import { createHash } from 'crypto';
import * as path from 'path';
import type { ReportedFinding, Severity } from '../core/types';
import { relFile, visible, type Report } from './formats';
import { SECURITY_RULES } from './ruleMetadata';

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions, escaped as @actions/core does.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * One `::error file=…,line=…::message` line per finding. Workspace text goes through `visible` first, so a file name
 * or quoted value can neither drive the log's terminal nor start a workflow command of its own on a new line.
 */
export function toGithub(r: Report): string {
  const base = r.repoRoot ?? r.root;
  return r.findings
    .map((f) => {
      const start = f.range.start;
      const end = f.range.end;
      const props: [string, string | number][] = [
        ['file', visible(relFile(base, f.path))],
        ['line', start.line + 1],
        ['endLine', end.line + 1],
        // GitHub takes columns only for a one-line range.
        ...(start.line === end.line
          ? ([
              ['col', start.character + 1],
              ['endColumn', end.character + 1],
            ] as [string, number][])
          : []),
        ['title', f.ruleId],
      ];
      const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
      return `::${GITHUB_COMMAND[f.severity]} ${list}::${escapeData(visible(f.message))}\n`;
    })
    .join('');
}

const CODE_CLIMATE_SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = {
  error: 'major',
  warning: 'minor',
  info: 'info',
  hint: 'info',
};

/**
 * The finding's fingerprint, and when the scan is of a folder below the repository root, that folder too: GitLab
 * merges a pipeline's reports, and two apps' findings with the same rule, relative path and text must stay apart.
 */
function codeClimateFingerprint(r: Report, f: ReportedFinding): string {
  const scanned = r.repoRoot ? path.relative(r.repoRoot, r.root).split(path.sep).join('/') : '';
  if (!scanned) return f.fingerprint;
  return createHash('sha256').update(`${scanned}\0${f.fingerprint}`).digest('hex').slice(0, 32);
}

/** GitLab Code Quality: the Code Climate issue fields GitLab reads (description, check_name, fingerprint, …). */
export function toCodeClimate(r: Report): string {
  const base = r.repoRoot ?? r.root;
  const issues = r.findings.map((f) => ({
    type: 'issue',
    check_name: f.ruleId,
    description: f.message,
    categories: [SECURITY_RULES[f.ruleId] ? 'Security' : 'Bug Risk'],
    fingerprint: codeClimateFingerprint(r, f),
    severity: CODE_CLIMATE_SEVERITY[f.severity],
    location: { path: relFile(base, f.path), lines: { begin: f.range.start.line + 1, end: f.range.end.line + 1 } },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}
