// `check --changed-since REF` (diff mode): the files changed since REF, asked of git. Running git here is the user's
// request on the command line, never something workspace content causes; the only argument taken from outside is the
// ref the user typed, checked not to be an option.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../core/types';
import type { Report } from '../report/formats';

/** A reason diff mode can't run, as one line for stderr (exit 2). */
export class ChangedSinceError extends Error {}

const TIMEOUT_MS = 60_000;

export interface ChangedFiles {
  /** The merge-base of REF and HEAD the changes are counted from. */
  base: string;
  /** Absolute paths inside the scanned folder (as the engine names them): changed, added, renamed (both names), deleted. */
  paths: Set<string>;
}

/** git's stdout; throws its error with stderr attached. fsmonitor off: a repository's config must not start a daemon. */
function git(args: string[], cwd: string): string {
  return execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Reads only: no index refresh written behind the user's back.
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  });
}

/** The first line git wrote on stderr, or what went wrong running it. */
function gitProblem(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { stderr?: string; signal?: string };
  if (err.code === 'ENOENT') return 'git is not installed or not on PATH';
  if (err.code === 'ETIMEDOUT' || err.signal === 'SIGTERM') return `git did not answer within ${TIMEOUT_MS / 1000} s`;
  const line = String(err.stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  return line ? `git: ${line.replace(/^(fatal|error): /, '')}` : String(err.message ?? e).split('\n')[0];
}

/**
 * What changed in the git repository holding `dir` since `ref`: committed since the merge-base of `ref` and HEAD
 * (what a pull request adds), plus staged, unstaged and untracked files that are not ignored. A rename counts as its
 * new name and its old one (deleted). Only paths inside `dir` are kept, named under `dir` as given.
 */
export function changedSince(ref: string, dir: string, shown = ref): ChangedFiles {
  // eslint-disable-next-line no-control-regex -- a ref never holds control characters; git would misread them
  if (!ref || ref.startsWith('-') || /[\0-\x1f\x7f]/.test(ref))
    throw new ChangedSinceError(`--changed-since needs a git ref (a branch, tag or commit), not '${shown}'`);
  let top: string;
  try {
    top = path.resolve(git(['rev-parse', '--show-toplevel'], dir).trim());
  } catch (e) {
    const problem = gitProblem(e);
    throw new ChangedSinceError(
      /not a git repository/i.test(problem) ? `${dir} is not in a git repository (--changed-since needs one)` : problem,
    );
  }
  if (!top) throw new ChangedSinceError(`${dir} is not in a git work tree (--changed-since needs one)`);
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top).trim();
  } catch {
    throw new ChangedSinceError(`unknown git ref '${shown}' (--changed-since)`);
  }
  let base: string;
  try {
    git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], top);
  } catch {
    throw new ChangedSinceError('HEAD has no commit yet: --changed-since compares with a commit');
  }
  try {
    base = git(['merge-base', commit, 'HEAD'], top).trim();
  } catch (e) {
    const problem = gitProblem(e);
    throw new ChangedSinceError(
      /^git: /.test(problem)
        ? problem
        : `HEAD and '${shown}' have no common ancestor (in a shallow clone, fetch the history: fetch-depth: 0)`,
    );
  }
  let listed: string[];
  try {
    // The working tree against the merge-base: commits since, staged and unstaged edits, deletions.
    const diff = git(
      [
        'diff',
        '--name-only',
        '-z',
        '--no-renames',
        '--no-ext-diff',
        '--no-textconv',
        '--ignore-submodules',
        base,
        '--',
      ],
      top,
    );
    const untracked = git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z'], top);
    listed = [...diff.split('\0'), ...untracked.split('\0')].filter(Boolean);
  } catch (e) {
    throw new ChangedSinceError(gitProblem(e));
  }
  // git names paths from the real top folder; the engine names them under `dir` as given (maybe through a link).
  let realDir: string;
  try {
    realDir = fs.realpathSync(dir);
  } catch {
    realDir = dir;
  }
  const paths = new Set<string>();
  for (const q of listed) {
    const rel = path.relative(realDir, path.join(top, q));
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) paths.add(path.join(dir, rel));
  }
  return { base, paths };
}

/**
 * The report narrowed to what `reached` keeps (Engine.reachedBy): findings, the checklist's lists and counts, and the
 * suppressed findings. The checklist's statuses stay the whole project's: it was modelled whole.
 */
export function onlyReached(report: Report, reached: (f: Finding) => boolean): Report {
  const kept = report.findings.filter(reached);
  const keys = new Set(kept.map((f) => placeKey(f.ruleId, f.path, f.range)));
  return {
    ...report,
    findings: kept,
    checklist: report.checklist.map((c) => {
      const findings = c.findings.filter((f) => keys.has(placeKey(f.ruleId, f.uri, f.range)));
      const counts = { error: 0, warning: 0, info: 0, hint: 0 };
      for (const f of findings) counts[f.severity]++;
      return { ...c, findings, counts };
    }),
    suppressed: report.suppressed?.filter(reached),
  };
}

const placeKey = (ruleId: string, p: string, r: Finding['range']) =>
  `${ruleId}\0${p}\0${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
