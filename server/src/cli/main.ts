// `twelve-factor check [DIR] [--format text|json|sarif] [--max-severity error|warning|info]`
import * as fs from 'fs';
import * as path from 'path';
import { Engine, skippedSummary } from '../engine/engine';
import { ALL_RULES } from '../rules';
import { toJson, toSarif, toText } from '../report/formats';
import type { Logger, Severity } from '../engine/types';

const VERSION = '0.1.0';
const USAGE = `Usage: twelve-factor check [DIR] [--format text|json|sarif] [--max-severity error|warning|info|hint] [--output FILE] [--verbose]

Scans DIR (default: .) for violations of the Twelve-Factor App methodology.
Exit codes: 0 nothing at or above --max-severity (default: error), 1 findings at or above it, 2 usage error.`;

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

class UsageError extends Error {}

interface Args { dir: string; format: 'text' | 'json' | 'sarif'; maxSeverity: Severity; output?: string; verbose: boolean }

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const args: Args = { dir: '.', format: 'text', maxSeverity: 'error', verbose: false };
  const rest = [...argv];
  const cmd = rest.shift();
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') return 'help';
  if (cmd === '--version' || cmd === '-v') return 'version';
  if (cmd !== 'check') throw new UsageError(cmd ? `unknown command '${cmd}'` : 'missing command');
  let dirSet = false;
  while (rest.length) {
    const a = rest.shift()!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? rest.shift();
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format' || flag === '-f') {
      const v = value();
      if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${v}'`);
      args.format = v;
    } else if (flag === '--max-severity') {
      const v = value();
      if (!(v in RANK)) throw new UsageError(`--max-severity must be error, warning, info or hint, not '${v}'`);
      args.maxSeverity = v as Severity;
    } else if (flag === '--output' || flag === '-o') args.output = value();
    else if (flag === '--verbose') args.verbose = true;
    else if (flag === '--help' || flag === '-h') return 'help';
    else if (flag.startsWith('-')) throw new UsageError(`unknown option '${flag}'`);
    else if (!dirSet) { args.dir = a; dirSet = true; }
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  return args;
}

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`twelve-factor: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') { out(USAGE + '\n'); return 0; }
  if (args === 'version') { out(VERSION + '\n'); return 0; }
  const dir = path.resolve(args.dir);
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a directory');
    fs.readdirSync(dir);
  } catch (e) {
    err(`twelve-factor: cannot read directory ${args.dir}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}\n`);
    return 2;
  }
  const logger: Logger = args.verbose
    ? { info: (m) => err(`info: ${m}\n`), warn: (m) => err(`warn: ${m}\n`), error: (m) => err(`error: ${m}\n`) }
    : { info() {}, warn: (m) => err(`warn: ${m}\n`), error: (m) => err(`error: ${m}\n`) };
  const engine = new Engine({ root: dir, rules: ALL_RULES, logger });
  const stats = await engine.scan();
  const report = { root: dir, findings: engine.findings(), checklist: engine.checklist(), rules: ALL_RULES, durationMs: stats.durationMs, version: VERSION };
  const text = args.format === 'json' ? toJson(report) : args.format === 'sarif' ? toSarif(report) : toText(report);
  if (args.output) fs.writeFileSync(args.output, text);
  else out(text);
  if (args.verbose) err(`Scanned ${stats.files} files (${stats.sources} sources, ${stats.parsed} parsed) in ${stats.durationMs} ms\n`);
  // Nothing skipped silently; a file that could not be read means the scan is incomplete, which is a failure.
  const skipped = engine.skipped;
  if (skipped.length) err(`twelve-factor: ${skippedSummary(skipped)}${args.verbose ? '' : ' --verbose lists them.'}\n`);
  if (skipped.some((s) => s.reason === 'unreadable')) return 2;
  return report.findings.some((f) => RANK[f.severity] >= RANK[args.maxSeverity]) ? 1 : 0;
}

if (require.main === module || process.argv[1]?.endsWith('twelve-factor')) {
  run(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      process.stderr.write(`twelve-factor: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
