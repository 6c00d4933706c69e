// `check --fix`: the fixes safe to apply unattended (`fixAll`), merged as the editor's "Fix All" merges them
// (fixes/fixAll.ts), written to disk. Each round merges every such fix of the workspace from one reading of the files,
// writes the result and scans again; what a round had to leave (an overlapping edit) is taken by the next, so a second
// `--fix` finds nothing left to do. Writes stay in regular files inside the scanned folder, symlinks resolved.
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../engine/engine';
import type { FileEdit, Fix, Logger } from '../core/types';
import type { FreshReads } from '../engine/freshRead';
import { applyEdits, mergeFixes } from '../fixes/fixAll';
import { isRealPathInside, safeReadFile } from '../util/safeRead';

/** Rounds before giving up: each takes what the one before had to leave; a fix that never settles is a bug. */
const MAX_ROUNDS = 10;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

export interface FixRun {
  /** Files written, in the order first written, each with the titles of the fixes that changed it. */
  files: { path: string; titles: string[] }[];
  /** Fixes applied. */
  fixes: number;
  /** Why fixing stopped before every safe fix was applied, if it did. */
  stopped?: string;
}

export async function fixOnDisk(engine: Engine, logger: Logger): Promise<FixRun> {
  const files = new Map<string, Set<string>>();
  let fixes = 0;
  for (let round = 1; ; round++) {
    const reads = engine.freshReads();
    const candidates = engine
      .findings()
      .flatMap((f) => engine.fixesFor(f, reads.read).filter((x) => x.fixAll && !x.disabled && x.edits?.length));
    if (reads.stale.size) return result(`${engine.rel([...reads.stale][0])} changed on disk while fixing; run again`);
    const { fix, taken } = mergeFixes(candidates, reads.read);
    if (!fix) break;
    if (round > MAX_ROUNDS) return result(`fixes still pending after ${MAX_ROUNDS} rounds; run again`);
    const written = writeFix(engine, fix, reads);
    if (typeof written === 'string') return result(written);
    if (!written.size) break;
    for (const t of taken)
      for (const fe of t.edits ?? []) {
        if (!written.has(fe.path)) continue;
        const titles = files.get(fe.path) ?? new Set<string>();
        titles.add(t.title);
        files.set(fe.path, titles);
      }
    fixes += taken.length;
    logger.info(`--fix round ${round}: ${taken.length} fix(es), ${written.size} file(s) written.`);
    await engine.scan();
  }
  return result();

  function result(stopped?: string): FixRun {
    return { files: [...files].map(([p, titles]) => ({ path: p, titles: [...titles] })), fixes, stopped };
  }
}

/**
 * Writes a merged fix, every file or none: each must be writable (Engine.unwritable: inside the folder, a regular
 * file) and still read as the fix was computed from. Returns the files whose text changed, or why nothing was written.
 */
function writeFix(engine: Engine, fix: Fix, reads: FreshReads): Set<string> | string {
  const plans: { path: string; after: string; exists: boolean }[] = [];
  for (const fe of fix.edits ?? []) {
    const why = engine.unwritable(fe.path, !!fe.create);
    if (why) return `not written: ${why}`;
    const exists = fs.existsSync(fe.path);
    const before = reads.read(fe.path);
    if (before === undefined && (exists || !fe.create)) return `not written: ${engine.rel(fe.path)} could not be read`;
    const after = applyEdits(before ?? '', dedupe(fe));
    if (after !== before) plans.push({ path: fe.path, after, exists });
  }
  const written = new Set<string>();
  for (const p of plans) {
    writeText(engine.root, p.path, p.after, p.exists);
    written.add(p.path);
  }
  return written;
}

/** The same insertion asked twice (two findings' fixes both adding `.env` to .gitignore) is made once. */
function dedupe(fe: FileEdit): FileEdit['edits'] {
  const seen = new Set<string>();
  return fe.edits.filter((e) => {
    const r = e.range;
    if (r.start.line !== r.end.line || r.start.character !== r.end.character) return true;
    const key = `${r.start.line}:${r.start.character}\0${e.newText}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Writes `text` to `p` at its real location, which must be inside `root`, keeping the file's encoding (a UTF-8 or
 * UTF-16 byte-order mark). The open does not follow a link swapped in since the check; a new file must not exist yet.
 */
function writeText(root: string, p: string, text: string, exists: boolean): void {
  if (!isRealPathInside(root, p)) throw new Error(`${p} is outside ${root}`);
  let target = p;
  let bytes: Buffer = Buffer.from(text, 'utf8');
  if (exists) {
    target = fs.realpathSync(p);
    const r = safeReadFile(target, { maxBytes: Number.MAX_SAFE_INTEGER, root });
    if (r.ok) bytes = encodeLike(r.bytes, text);
  } else {
    fs.mkdirSync(path.dirname(p), { recursive: true });
  }
  const flags =
    fs.constants.O_WRONLY | O_NOFOLLOW | (exists ? fs.constants.O_TRUNC : fs.constants.O_CREAT | fs.constants.O_EXCL);
  const fd = fs.openSync(target, flags, 0o644);
  try {
    fs.writeSync(fd, bytes);
  } finally {
    fs.closeSync(fd);
  }
}

/** `text` in the encoding of `original`: the engine reads without the byte-order mark, and writes it back. */
function encodeLike(original: Buffer, text: string): Buffer {
  if (original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf) return Buffer.from(`\ufeff${text}`, 'utf8');
  if (original[0] === 0xff && original[1] === 0xfe) return Buffer.from(`\ufeff${text}`, 'utf16le');
  if (original[0] === 0xfe && original[1] === 0xff) return Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  return Buffer.from(text, 'utf8');
}
