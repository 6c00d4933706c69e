// `check --baseline FILE`, `--write-baseline`, `--prune-baseline` (the file and its format: engine/baseline.ts).
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../engine/engine';
import { baselineEntries, readBaseline, serializeBaseline, type BaselineSummary } from '../engine/baseline';

export interface BaselineArgs {
  /** The file named with --baseline; the default file otherwise. */
  explicit: boolean;
  write: boolean;
  prune: boolean;
}

/** The file as the user knows it: relative to the scanned folder when inside it. */
export function baselineName(file: string, root: string): string {
  return file.startsWith(root + path.sep) ? path.relative(root, file).split(path.sep).join('/') : file;
}

/**
 * Before the scan: why the baseline can't be used, if so. A file named on the command line (or one to prune) must
 * exist; any baseline must be valid, since a broken one would make every old finding count as new. A baseline about
 * to be written is not read.
 */
export function baselineProblem(file: string, root: string, args: BaselineArgs): string | undefined {
  if (args.write) return undefined;
  const name = baselineName(file, root);
  const r = readBaseline(file, file.startsWith(root + path.sep) ? root : path.dirname(file));
  if (r.ok) return undefined;
  if (r.missing)
    return args.explicit || args.prune ? `no baseline at ${name}${args.prune ? ' to prune' : ''}` : undefined;
  return `cannot use the baseline ${name}: ${r.error}`;
}

/**
 * After the scan (and --fix): writes the baseline (every current finding) or prunes it (drops the stale entries), then
 * has the engine read it again. Returns a line saying what was written, and the summary for the report. Throws when
 * the file can't be written.
 */
export async function updateBaseline(
  engine: Engine,
  args: BaselineArgs,
): Promise<{ note?: string; summary?: BaselineSummary }> {
  const file = engine.baselinePath;
  if (!file) return {};
  const name = baselineName(file, engine.root);
  let note: string | undefined;
  if (args.write) {
    const entries = baselineEntries(engine.findings(), engine.root);
    await write(engine, file, serializeBaseline(entries));
    note = `Wrote ${entries.length} finding${entries.length === 1 ? '' : 's'} to the baseline ${name}.`;
  } else if (args.prune) {
    const state = engine.baseline;
    const stale = new Set(engine.staleBaselineEntries().map((e) => e.fingerprint));
    if (state?.ok && stale.size) {
      await write(engine, file, serializeBaseline(state.baseline.entries.filter((e) => !stale.has(e.fingerprint))));
      note = `Removed ${stale.size} stale entr${stale.size === 1 ? 'y' : 'ies'} from the baseline ${name}.`;
    } else note = `No stale entries in the baseline ${name}.`;
  }
  const state = engine.baseline;
  if (!state?.ok) return { note };
  const baselined = engine.findings().filter((f) => f.baselined).length;
  return { note, summary: { file: name, baselined, stale: engine.staleBaselineEntries().length } };
}

async function write(engine: Engine, file: string, text: string): Promise<void> {
  // In the scanned folder, a link out of it or a non-file is refused, as for fixes; elsewhere the path is the user's.
  const why = file.startsWith(engine.root + path.sep) ? engine.unwritable(file, false) : undefined;
  if (why) throw new Error(why);
  fs.writeFileSync(file, text);
  await engine.updateMany([{ path: file, change: 'changed' }]);
}
