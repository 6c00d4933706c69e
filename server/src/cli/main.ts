// `twelve-factor check [DIR] [--format text|json|sarif] [--max-severity error|warning|info] [--output FILE]`
import * as fs from 'fs';
import * as path from 'path';
import { Engine, skippedSummary } from '../engine/engine';
import { ALL_RULES } from '../rules';
import { toJson, toSarif, toText, useColor, visible } from '../report/formats';
import type { Logger, Severity } from '../core/types';
import { VERSION } from '../../../shared/version';

const USAGE = `Usage: twelve-factor check [DIR] [--format text|json|sarif] [--max-severity error|warning|info|hint] [--output FILE] [--require-suppression-reason] [--verbose] [--debug]

Scans DIR (default: .) for violations of the Twelve-Factor App methodology.
  --output FILE   write the report to FILE instead of stdout
  --require-suppression-reason
                  a suppression comment without a reason after -- suppresses nothing (and is reported)
  --verbose       log each step and the scan's statistics to stderr
  --debug         print the stack trace of an internal error or a failed write
Exit codes: 0 nothing at or above --max-severity (default: error), 1 findings at or above it,
2 any failure (usage error, unreadable directory, report not written, internal error), with one line on stderr.`;

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

class UsageError extends Error {}

interface Args {
  dir: string;
  format: 'text' | 'json' | 'sarif';
  maxSeverity: Severity;
  output?: string;
  verbose: boolean;
  debug: boolean;
  requireSuppressionReason?: boolean;
}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const args: Args = { dir: '.', format: 'text', maxSeverity: 'error', verbose: false, debug: false };
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
      if (v !== 'text' && v !== 'json' && v !== 'sarif')
        throw new UsageError(`--format must be text, json or sarif, not '${v}'`);
      args.format = v;
    } else if (flag === '--max-severity') {
      const v = value();
      if (!(v in RANK)) throw new UsageError(`--max-severity must be error, warning, info or hint, not '${v}'`);
      args.maxSeverity = v as Severity;
    } else if (flag === '--output' || flag === '-o') args.output = value();
    else if (flag === '--verbose') args.verbose = true;
    else if (flag === '--debug') args.debug = true;
    else if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--require-suppression-reason') args.requireSuppressionReason = true;
    else if (flag.startsWith('-')) throw new UsageError(`unknown option '${flag}'`);
    else if (!dirSet) {
      args.dir = a;
      dirSet = true;
    } else throw new UsageError(`unexpected argument '${a}'`);
  }
  return args;
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
    else return await check(args, out, err, fail);
    return 0;
  } catch (e) {
    return fail(`cannot write to stdout: ${reason(e)}`, e);
  }
}

async function check(
  args: Args,
  out: Out,
  err: (s: string) => void,
  fail: (line: string, e?: unknown) => number,
): Promise<number> {
  const dir = path.resolve(args.dir);
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a directory');
    fs.readdirSync(dir);
  } catch (e) {
    return fail(`cannot read directory ${visible(args.dir)}: ${reason(e)}`, e);
  }
  const log = (level: string) => (m: string) => err(`${level}: ${forTerminal(m, args.debug)}\n`);
  const logger: Logger = { info: args.verbose ? log('info') : () => {}, warn: log('warn'), error: log('error') };
  let text: string;
  let code: number;
  try {
    const engine = new Engine({
      root: dir,
      rules: ALL_RULES,
      logger,
      requireSuppressionReason: args.requireSuppressionReason,
    });
    const stats = await engine.scan();
    const report = {
      root: dir,
      findings: engine.findings(),
      checklist: engine.checklist(),
      rules: ALL_RULES,
      durationMs: stats.durationMs,
      version: VERSION,
    };
    text =
      args.format === 'json'
        ? toJson(report)
        : args.format === 'sarif'
          ? toSarif(report)
          : toText(report, { color: !args.output && useColor() });
    if (args.verbose)
      err(
        `Scanned ${stats.files} files (${stats.sources} sources, ${stats.parsed} parsed) in ${stats.durationMs} ms\n`,
      );
    code = report.findings.some((f) => RANK[f.severity] >= RANK[args.maxSeverity]) ? 1 : 0;
    // Nothing skipped silently; a file that could not be read means the scan is incomplete, which is a failure.
    const skipped = engine.skipped;
    if (skipped.length)
      err(
        `twelve-factor: ${forTerminal(skippedSummary(skipped), args.debug)}${args.verbose ? '' : ' --verbose lists them.'}\n`,
      );
    if (skipped.some((s) => s.reason === 'unreadable')) code = 2;
  } catch (e) {
    return fail(
      `internal error: ${forTerminal(String((e as Error)?.message ?? e), false)}${args.debug ? '' : ' (--debug shows the stack trace)'}`,
      e,
    );
  }
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
