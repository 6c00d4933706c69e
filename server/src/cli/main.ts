// `twelve-factor check [DIR] [--format FORMAT] [--max-severity error|warning|info] [--output FILE]`: see USAGE.
import * as fs from 'fs';
import * as path from 'path';
import { Engine, skippedSummary } from '../engine/engine';
import { ALL_RULES } from '../rules';
import { relFile, toJson, toMarkdown, toSarif, toText, useColor, visible, type Report } from '../report/formats';
import { toCodeClimate, toGithub } from '../report/ci';
import type { Logger, ReportedFinding, Severity, SuppressedFinding } from '../core/types';
import { VERSION } from '../../../shared/version';
import { fixOnDisk, type FixRun } from './fix';
import { baselineProblem, updateBaseline } from './baseline';
import { BASELINE_FILE, type BaselineSummary } from '../engine/baseline';
import { ChangedSinceError, changedSince, onlyReached, type ChangedFiles } from './changedSince';
import { buildId, cacheSubfolder, defaultCacheDir, FileAnalysisCache } from '../engine/cacheFile';
import type { RuleSetting } from '../engine/engine';
import { INVALID_CONFIG } from '../engine/config';
import { UNUSED_SUPPRESSION } from '../engine/suppress';

/** The engine's own reports, which --rule can set too. */
const ENGINE_REPORTS = [UNUSED_SUPPRESSION.id, INVALID_CONFIG.id];

const USAGE = `Usage: twelve-factor check [DIR...] [--format FORMAT] [--max-severity error|warning|info|hint] [--output FILE] [--verbose] [--debug]
       [--max-warnings N] [--quiet] [--sarif-root DIR] [--fix] [--baseline FILE] [--write-baseline | --prune-baseline]
       [--require-suppression-reason] [--config FILE] [--rule ID:SEVERITY]... [--ignore GLOB]...
       [--changed-since REF] [--cache] [--cache-location DIR]

Scans DIR (default: .) for violations of the Twelve-Factor App methodology. Several folders: each is scanned with
its own config files and baseline, and one report lists them all, paths relative to the current directory.
  --format FORMAT     text (default), json, sarif (GitHub code scanning), github (workflow annotations),
                      codeclimate (GitLab Code Quality) or markdown (a CI job summary)
  --output FILE       write the report to FILE instead of stdout
  --sarif-root DIR    the repository root that sarif, github and codeclimate paths start from
                      (default: the nearest folder above DIR with a .git)
  --max-warnings N    exit 1 when there are more than N warnings
  --quiet             report errors only
  --verbose           log each step and the scan's statistics to stderr
  --debug             print the stack trace of an internal error or a failed write
  --fix               apply the fixes that are safe unattended to the files in DIR, and list what changed
  --baseline FILE     the baseline (default: ${BASELINE_FILE} in DIR, used when present):
                      findings in it are not reported and do not fail the check
  --write-baseline    write every current finding to the baseline
  --prune-baseline    remove the baseline's entries for findings fixed since
  --require-suppression-reason
                      a suppression comment without a reason after -- suppresses nothing (and is reported)
  --config FILE       a config file applied over the twelve-factor.config.json files found in DIR (paths in it
                      are relative to DIR)
  --rule ID:SEVERITY  error, warning, info, hint or off for one rule, over every config file (repeatable)
  --ignore GLOB       skip the paths GLOB matches, relative to DIR (repeatable)
  --changed-since REF diff mode: scan the whole project, but report only the findings in files changed since
                      the merge-base of REF and HEAD (commits, staged, unstaged and untracked files) and the
                      project findings those changes reach; needs git (not with --fix)
  --cache             keep each source file's analysis between runs, so unchanged files are not parsed again
                      (in DIR/node_modules/.cache/twelve-factor; the report is the same as without it)
  --cache-location DIR
                      keep the cache in DIR instead (implies --cache; with several folders, a subfolder each)
Exit codes: 0 nothing at or above --max-severity (default: error) and no more warnings than --max-warnings,
1 otherwise, 2 any failure (usage error, unreadable directory, report not written, internal error), with one
line on stderr.`;

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

class UsageError extends Error {}

const FORMATS = ['text', 'json', 'sarif', 'github', 'codeclimate', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

interface Args {
  dir: string;
  format: Format;
  maxSeverity: Severity;
  output?: string;
  verbose: boolean;
  debug: boolean;
  fix: boolean;
  baseline?: string;
  writeBaseline: boolean;
  pruneBaseline: boolean;
  sarifRoot?: string;
  maxWarnings?: number;
  quiet?: boolean;
  requireSuppressionReason?: boolean;
  changedSince?: string;
  cache?: boolean;
  cacheLocation?: string;
  config?: string;
  rules: Record<string, RuleSetting>;
  ignores: string[];
  /** Folders after the first (`check a b`): see checkMany. */
  more: string[];
}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const args: Args = {
    dir: '.',
    format: 'text',
    maxSeverity: 'error',
    verbose: false,
    debug: false,
    fix: false,
    writeBaseline: false,
    pruneBaseline: false,
    rules: {},
    ignores: [],
    more: [],
  };
  const rest = [...argv];
  const cmd = rest.shift();
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') return 'help';
  if (cmd === '--version' || cmd === '-v') return 'version';
  if (cmd !== 'check') throw new UsageError(cmd ? `unknown command '${cmd}'` : 'missing command');
  let dirSet = false;
  while (rest.length) {
    const a = rest.shift()!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => {
      const v = inline ?? rest.shift();
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format' || flag === '-f') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v))
        throw new UsageError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not '${v}'`);
      args.format = v as Format;
    } else if (flag === '--max-severity') {
      const v = value();
      if (!(v in RANK)) throw new UsageError(`--max-severity must be error, warning, info or hint, not '${v}'`);
      args.maxSeverity = v as Severity;
    } else if (flag === '--output' || flag === '-o') args.output = value();
    else if (flag === '--verbose') args.verbose = true;
    else if (flag === '--debug') args.debug = true;
    else if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--fix') args.fix = true;
    else if (flag === '--baseline') args.baseline = value();
    else if (flag === '--write-baseline') args.writeBaseline = true;
    else if (flag === '--prune-baseline') args.pruneBaseline = true;
    else if (flag === '--sarif-root') args.sarifRoot = value();
    else if (flag === '--max-warnings') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings must be a whole number, not '${v}'`);
      args.maxWarnings = Number(v);
    } else if (flag === '--quiet') args.quiet = true;
    else if (flag === '--require-suppression-reason') args.requireSuppressionReason = true;
    else if (flag === '--changed-since') {
      const v = value();
      // The one argument handed to git from outside: never an option.
      if (!v || v.startsWith('-')) throw new UsageError(`--changed-since needs a git ref, not '${v}'`);
      args.changedSince = v;
    } else if (flag === '--cache') args.cache = true;
    else if (flag === '--cache-location') {
      args.cacheLocation = value();
      args.cache = true;
    } else if (flag === '--config') args.config = value();
    else if (flag === '--rule') {
      const v = value();
      const [, id, level] = /^(.+):([a-z]+)$/.exec(v) ?? [];
      if (!id || !['error', 'warning', 'info', 'hint', 'off'].includes(level))
        throw new UsageError(`--rule takes ID:SEVERITY (error, warning, info, hint or off), not '${v}'`);
      if (!ALL_RULES.some((r) => r.meta.id === id) && !ENGINE_REPORTS.includes(id))
        throw new UsageError(`--rule: no rule has the id '${id}'`);
      args.rules[id] = level as RuleSetting;
    } else if (flag === '--ignore') args.ignores.push(value());
    else if (flag.startsWith('-')) throw new UsageError(`unknown option '${flag}'`);
    else if (!dirSet) {
      args.dir = a;
      dirSet = true;
    } else args.more.push(a);
  }
  if (args.more.length && args.baseline)
    throw new UsageError('--baseline names one file: with several folders, each uses the baseline in it');
  if (args.writeBaseline && args.pruneBaseline)
    throw new UsageError('--write-baseline and --prune-baseline: use one (writing leaves no stale entry)');
  if (args.fix && args.changedSince !== undefined)
    throw new UsageError('--fix and --changed-since: --fix changes the whole folder, so run it without a diff');
  return args;
}

/**
 * What the CI formats add to the engine's report: suppressed findings and skipped files (SARIF), whether each
 * finding has a fix of its own (JSON), and `--quiet`, which keeps errors only.
 */
function ciReport(engine: Engine, args: Args, report: Report): Report {
  const keep = (f: { severity: Severity }) => !args.quiet || f.severity === 'error';
  // Baselined findings are accepted, not fixed: SARIF keeps them as suppressed (external), so code scanning does not
  // close their alerts as fixed.
  const baselined: SuppressedFinding[] = engine
    .findings()
    .filter((f) => f.baselined)
    .map((f) => ({
      ...f,
      suppression: { kind: 'external', justification: `In the baseline ${report.baseline?.file ?? BASELINE_FILE}` },
    }));
  return {
    ...report,
    findings: report.findings.filter(keep),
    checklist: report.checklist.map((c) => {
      const findings = c.findings.filter(keep);
      // --quiet: the status follows what is shown (errors only), as the counts do.
      const status =
        !args.quiet || c.status === 'not-applicable'
          ? c.status
          : findings.some((f) => f.severity === 'error')
            ? 'fail'
            : c.partial
              ? 'warn'
              : 'pass';
      return { ...c, findings, status };
    }),
    suppressed: [...engine.suppressedFindings(), ...baselined].filter(keep),
    skipped: engine.skipped,
    ruleFailures: engine.ruleFailures,
    fixable: (f: ReportedFinding) => engine.hasOwnFix(f),
  };
}

/** Writes `s` to a stream; settles once the OS took it, or fails with the write's error (EPIPE, ENOSPC). */
export function writeTo(stream: NodeJS.WritableStream, s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // A failed write also emits 'error' on the stream: without a listener that is an uncaught exception.
    stream.once('error', reject);
    stream.write(s, (e) => (e ? reject(e) : resolve()));
  });
}

/** A system error as a few words: "permission denied (EACCES)", "broken pipe (EPIPE)". */
function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException | undefined;
  const message = String(err?.message ?? e);
  const described =
    err?.code === 'EPIPE' ? 'broken pipe' : (/^[A-Z0-9]+: ([^,]+)/.exec(message)?.[1] ?? message.split('\n')[0]);
  return visible(err?.code && !described.includes(err.code) ? `${described} (${err.code})` : described);
}

/** A log or error message for the terminal: control characters escaped, and the stack trace only with --debug. */
function forTerminal(m: string, debug: boolean): string {
  return debug ? m.split('\n').map(visible).join('\n') : visible(m.replace(/\n\s+at [\s\S]*$/, ''));
}

type Out = (s: string) => void | Promise<void>;

export async function run(
  argv: string[],
  out: Out = (s) => writeTo(process.stdout, s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`twelve-factor: ${visible(e.message)}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const { debug } = typeof args === 'object' ? args : { debug: argv.includes('--debug') };
  /** Every failure: one line on stderr, the stack only with --debug, exit 2. */
  const fail = (line: string, e?: unknown): number => {
    err(`twelve-factor: ${line}\n`);
    if (debug && e instanceof Error && e.stack) err(`${e.stack}\n`);
    return 2;
  };
  try {
    if (args === 'help') await out(USAGE + '\n');
    else if (args === 'version') await out(VERSION + '\n');
    else if (args.more.length) return await checkMany(args, out, err, fail);
    else return await check(args, out, err, fail);
    return 0;
  } catch (e) {
    return fail(`cannot write to stdout: ${reason(e)}`, e);
  }
}

function formatReport(report: Report, args: Args): string {
  return args.format === 'json'
    ? toJson(report)
    : args.format === 'sarif'
      ? toSarif(report)
      : args.format === 'github'
        ? toGithub(report)
        : args.format === 'codeclimate'
          ? toCodeClimate(report)
          : args.format === 'markdown'
            ? toMarkdown(report)
            : toText(report, { color: !args.output && useColor() });
}

/** One folder's scan as `check` hands it to `checkMany` instead of writing it. */
interface Collected {
  engine: Engine;
  report: Report;
  notes: string[];
}

async function check(
  args: Args,
  out: Out,
  err: (s: string) => void,
  fail: (line: string, e?: unknown) => number,
  collect?: (c: Collected) => void,
): Promise<number> {
  const dir = path.resolve(args.dir);
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a directory');
    fs.readdirSync(dir);
  } catch (e) {
    return fail(`cannot read directory ${visible(args.dir)}: ${reason(e)}`, e);
  }
  const sarifRoot = args.sarifRoot === undefined ? undefined : path.resolve(args.sarifRoot);
  if (sarifRoot !== undefined && path.relative(sarifRoot, dir).split(path.sep)[0] === '..')
    return fail(`--sarif-root ${visible(args.sarifRoot!)} does not contain ${visible(args.dir)}`);
  const log = (level: string) => (m: string) => err(`${level}: ${forTerminal(m, args.debug)}\n`);
  const logger: Logger = { info: args.verbose ? log('info') : () => {}, warn: log('warn'), error: log('error') };
  const baselineArgs = { explicit: !!args.baseline, write: args.writeBaseline, prune: args.pruneBaseline };
  const baselineFile = path.resolve(dir, args.baseline ? path.resolve(args.baseline) : BASELINE_FILE);
  const problem = baselineProblem(baselineFile, dir, baselineArgs);
  if (problem) return fail(forTerminal(problem, false));
  if (args.config !== undefined) {
    try {
      if (!fs.statSync(args.config).isFile()) throw new Error('not a file');
    } catch (e) {
      return fail(`cannot read the config file ${visible(args.config)}: ${reason(e)}`, e);
    }
  }
  let changed: ChangedFiles | undefined;
  if (args.changedSince !== undefined)
    try {
      changed = changedSince(args.changedSince, dir, visible(args.changedSince));
      logger.info(`${changed.paths.size} file(s) changed since ${visible(args.changedSince)} (${changed.base}).`);
    } catch (e) {
      if (!(e instanceof ChangedSinceError)) throw e;
      return fail(visible(e.message), e);
    }
  /** Lines on what --fix and the baseline flags changed: before a text report on stdout, else on stderr. */
  const notes: string[] = [];
  /** A failure after --fix wrote files: what it changed is still said, before the one failure line. */
  const failAfterNotes = (line: string, e?: unknown): number => {
    for (const n of notes) err(n);
    return fail(line, e);
  };
  let text: string;
  let code: number;
  const cache = args.cache ? openCache(dir, args.cacheLocation, logger) : undefined;
  try {
    const engine = new Engine({
      root: dir,
      rules: ALL_RULES,
      logger,
      baseline: baselineFile,
      requireSuppressionReason: args.requireSuppressionReason,
      analysisCache: cache,
      configFile: args.config && path.resolve(args.config),
      ruleSettings: args.rules,
      // A cache kept inside the folder is this tool's file, not the app's (node_modules is skipped anyway).
      exclude: [...args.ignores, ...((cache && cacheExclude(dir, cache.file)) ?? [])],
    });
    const stats = await engine.scan();
    // A config file named on the command line that is not JSON at all: the run would not be the one asked for.
    const broken = engine.config.problems.find(
      (p) => p.path === engine.config.extraPath && p.messageId === 'malformed',
    );
    if (broken) return fail(forTerminal(broken.message, false));
    // Never silently ignored: each problem of a config file is a line here, besides its finding in the report.
    for (const p of engine.config.problems)
      err(
        `twelve-factor: warning: ${forTerminal(`${path.relative(process.cwd(), p.path) || p.path}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`, false)}\n`,
      );
    if (args.fix) notes.push(fixSummary(await fixOnDisk(engine, logger), engine));
    let baseline: BaselineSummary | undefined;
    try {
      const updated = await updateBaseline(engine, baselineArgs);
      if (updated.note) notes.push(`${forTerminal(updated.note, false)}\n`);
      baseline = updated.summary;
    } catch (e) {
      return failAfterNotes(`cannot write the baseline ${visible(baselineFile)}: ${reason(e)}`, e);
    }
    let report = ciReport(engine, args, {
      root: dir,
      // Baselined findings are accepted for now: not reported, and not failing the check.
      findings: engine.findings().filter((f) => !f.baselined),
      checklist: engine.checklist(),
      rules: ALL_RULES,
      durationMs: stats.durationMs,
      version: VERSION,
      baseline,
      repoRoot: sarifRoot ?? engine.workspace?.gitRoot ?? dir,
    });
    // Diff mode filters the report only: the baseline flags above saw every finding (pruning keeps the entries of
    // unchanged files, which were filtered out, not fixed).
    if (changed) {
      report = onlyReached(report, engine.reachedBy(changed.paths));
      const n = changed.paths.size;
      notes.push(
        `Changed since ${visible(args.changedSince!)}: ${n} file${n === 1 ? '' : 's'}; findings elsewhere are reported only when a change reaches them.\n`,
      );
    }
    if (cache) {
      const failed = cache.save();
      if (failed) logger.warn(`Could not write the cache ${cache.file}: ${failed}.`);
      else
        logger.info(
          `Cache ${cache.file}: ${cache.stats.hits} analyses reused, ${cache.stats.stored} stored, ${cache.stats.declined} not stored (secret-looking or not serialisable).`,
        );
    }
    if (collect) {
      collect({ engine, report, notes });
      return 0;
    }
    text = formatReport(report, args);
    if (args.verbose)
      err(
        `Scanned ${stats.files} files (${stats.sources} sources, ${stats.parsed} parsed) in ${stats.durationMs} ms\n`,
      );
    code = report.findings.some((f) => RANK[f.severity] >= RANK[args.maxSeverity]) ? 1 : 0;
    const warnings = report.findings.filter((f) => f.severity === 'warning').length;
    if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
      err(
        `twelve-factor: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${args.maxWarnings}.\n`,
      );
      code = 1;
    }
    // Nothing skipped silently; a file that could not be read means the scan is incomplete, which is a failure.
    const skipped = engine.skipped;
    if (skipped.length)
      err(
        `twelve-factor: ${forTerminal(skippedSummary(skipped), args.debug)}${args.verbose ? '' : ' --verbose lists them.'}\n`,
      );
    if (skipped.some((s) => s.reason === 'unreadable')) code = 2;
  } catch (e) {
    return failAfterNotes(
      `internal error: ${forTerminal(String((e as Error)?.message ?? e), false)}${args.debug ? '' : ' (--debug shows the stack trace)'}`,
      e,
    );
  }
  if (args.format === 'text' && !args.output) text = notes.join('') + (notes.length ? '\n' : '') + text;
  else for (const n of notes) err(n);
  if (args.output) {
    try {
      fs.writeFileSync(args.output, text);
    } catch (e) {
      return fail(`cannot write ${visible(args.output)}: ${reason(e)}`, e);
    }
  } else {
    try {
      await out(text);
    } catch (e) {
      return fail(`cannot write the report to stdout: ${reason(e)}`, e);
    }
  }
  return code;
}

/** The --cache store for `dir`, loaded (an unusable file is logged and replaced). */
function openCache(dir: string, location: string | undefined, logger: Logger): FileAnalysisCache {
  const cache = new FileAnalysisCache(
    location === undefined ? defaultCacheDir(dir) : path.resolve(location),
    dir,
    buildId(__filename),
    logger,
  );
  cache.load();
  return cache;
}

/** The exclude pattern for a cache file inside the scanned folder, so no rule reads it. */
function cacheExclude(dir: string, file: string): string[] | undefined {
  const rel = path.relative(dir, file).split(path.sep).join('/');
  return rel.startsWith('../') || path.isAbsolute(rel) ? undefined : [rel];
}

/** What --fix changed: the files, each with the titles of its fixes. */
function fixSummary(run: FixRun, engine: Engine): string {
  const lines = run.files.length
    ? [
        `Fixed ${run.fixes} problem${run.fixes === 1 ? '' : 's'} in ${run.files.length} file${run.files.length === 1 ? '' : 's'}:`,
        ...run.files.flatMap((f) => [`  ${visible(engine.rel(f.path))}`, ...f.titles.map((t) => `    ${visible(t)}`)]),
      ]
    : ['--fix: no fix safe to apply unattended.'];
  if (run.stopped) lines.push(`--fix stopped: ${visible(run.stopped)}.`);
  return lines.join('\n') + '\n';
}

/**
 * `check a b …`: each folder scanned as `check DIR` would (its own config files, baseline and --fix), then one report:
 * paths relative to the current directory (or to the folders' common parent when one is outside it), the checklist
 * summed factor by factor. Folders inside one another are refused (their findings would count twice).
 */
async function checkMany(
  args: Args,
  out: Out,
  err: (s: string) => void,
  fail: (line: string, e?: unknown) => number,
): Promise<number> {
  const dirs = [args.dir, ...args.more];
  const abs = dirs.map((d) => path.resolve(d));
  for (let i = 0; i < abs.length; i++)
    for (let j = 0; j < abs.length; j++)
      if (i !== j && (abs[i] === abs[j] || abs[j].startsWith(abs[i] + path.sep)))
        return fail(`${visible(dirs[j])} is inside ${visible(dirs[i])}: give each folder once`);
  const parts: Collected[] = [];
  for (const dir of dirs) {
    // One --cache-location for several folders: a subfolder each, or each run would overwrite the other's file.
    const cacheLocation = args.cacheLocation && path.join(args.cacheLocation, cacheSubfolder(dir));
    const code = await check({ ...args, dir, more: [], cacheLocation }, out, err, fail, (c) => parts.push(c));
    if (code !== 0) return code;
  }
  const cwd = process.cwd();
  const within = (d: string, p: string) => p === d || p.startsWith(d.endsWith(path.sep) ? d : d + path.sep);
  let root = cwd;
  if (!abs.every((d) => within(cwd, d)))
    for (root = abs[0]; !abs.every((d) => within(root, d)); root = path.dirname(root));
  const reports = parts.map((p) => p.report);
  const findings = reports.flatMap((r) => r.findings).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const rank = { fail: 3, warn: 2, pass: 1, 'not-applicable': 0 } as const;
  const checklist = reports[0].checklist.map((c, i) => {
    const all = reports.map((r) => r.checklist[i]);
    const status = all.map((x) => x.status).reduce((a, b) => (rank[b] > rank[a] ? b : a));
    const baselined = all.reduce((n, x) => n + (x.baselined ?? 0), 0);
    return {
      ...c,
      status,
      counts: {
        error: all.reduce((n, x) => n + x.counts.error, 0),
        warning: all.reduce((n, x) => n + x.counts.warning, 0),
        info: all.reduce((n, x) => n + x.counts.info, 0),
        hint: all.reduce((n, x) => n + x.counts.hint, 0),
      },
      ...(baselined ? { baselined } : {}),
      ...(all.some((x) => x.partial) ? { partial: true } : {}),
      findings: all.flatMap((x) => x.findings),
    };
  });
  const baselines = reports.flatMap((r) => (r.baseline ? [r.baseline] : []));
  const report: Report = {
    ...reports[0],
    root,
    findings,
    checklist,
    durationMs: reports.reduce((n, r) => n + r.durationMs, 0),
    baseline: baselines.length
      ? {
          file: baselines.map((b) => relFile(root, path.resolve(b.file))).join(', '),
          baselined: baselines.reduce((n, b) => n + b.baselined, 0),
          stale: baselines.reduce((n, b) => n + b.stale, 0),
        }
      : undefined,
    repoRoot: args.sarifRoot ? path.resolve(args.sarifRoot) : (parts[0].engine.workspace?.gitRoot ?? root),
    suppressed: reports.flatMap((r) => r.suppressed ?? []),
    skipped: reports.flatMap((r) => r.skipped ?? []),
    ruleFailures: reports.reduce((n, r) => n + (r.ruleFailures ?? 0), 0),
    fixable: (f) => parts.find((p) => within(p.engine.root, f.path))?.engine.hasOwnFix(f) ?? false,
  };
  let text: string;
  try {
    text = formatReport(report, args);
  } catch (e) {
    return fail(`internal error: ${forTerminal(String((e as Error)?.message ?? e), false)}`, e);
  }
  let code = report.findings.some((f) => RANK[f.severity] >= RANK[args.maxSeverity]) ? 1 : 0;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    err(
      `twelve-factor: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${args.maxWarnings}.\n`,
    );
    code = 1;
  }
  const skipped = report.skipped ?? [];
  if (skipped.length)
    err(
      `twelve-factor: ${forTerminal(skippedSummary(skipped), args.debug)}${args.verbose ? '' : ' --verbose lists them.'}\n`,
    );
  if (skipped.some((s) => s.reason === 'unreadable')) code = 2;
  const notes = parts.flatMap((p) => p.notes);
  if (args.format === 'text' && !args.output) text = notes.join('') + (notes.length ? '\n' : '') + text;
  else for (const n of notes) err(n);
  try {
    if (args.output) fs.writeFileSync(args.output, text);
    else await out(text);
  } catch (e) {
    return fail(`cannot write ${args.output ? visible(args.output) : 'the report to stdout'}: ${reason(e)}`, e);
  }
  return code;
}

if (require.main === module || process.argv[1]?.endsWith('twelve-factor')) {
  // Failed writes are reported by writeTo's callers; a closed stderr has no one left to tell.
  process.stderr.on('error', () => {});
  const debug = process.argv.includes('--debug');
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(
        `twelve-factor: internal error: ${visible(String((e as Error)?.message ?? e).split('\n')[0])}\n${debug ? `${(e as Error)?.stack ?? ''}\n` : ''}`,
      );
      process.exitCode = 2;
    },
  );
}
