// Reads for computing fixes: from disk as it is now (open buffers still win), never from the engine's cache, which
// lags behind a change made outside the editor until the file watcher reports it. Each read is remembered by hash,
// so that a fix can be refused later when a file it was computed from has changed since.
import { decodeText, hasUtf16Bom, safeReadFile } from '../util/safeRead';
import { hashText, looksBinary } from '../util/text';

export interface FreshReadOptions {
  /** Text of an open document. */
  overlay(path: string): string | undefined;
  /** What the engine's model was built from: text, null for nothing, undefined when never read. */
  cached(path: string): string | null | undefined;
  /** The folder a read must stay inside (symlinks resolved), or undefined to refuse the read. */
  rootFor(path: string): string | undefined;
  /** Read limit for a path, by its kind. */
  maxBytes: (path: string) => number;
}

export class FreshReads {
  /** Path → hash of the text read from disk, or null when there was none. Open documents are not listed. */
  readonly hashes = new Map<string, string | null>();
  /** Files whose text on disk is not what the engine's model was built from: findings there may be stale. */
  readonly stale = new Set<string>();
  private readonly texts = new Map<string, string | undefined>();

  constructor(private readonly opts: FreshReadOptions) {}

  /** The current text; one computation sees one version of each file, however often it reads it. */
  read = (p: string): string | undefined => {
    const open = this.opts.overlay(p);
    if (open !== undefined) return open;
    if (this.texts.has(p)) return this.texts.get(p);
    const root = this.opts.rootFor(p);
    const text = root === undefined ? undefined : readText(p, root, this.opts.maxBytes(p));
    this.texts.set(p, text);
    this.hashes.set(p, hashOf(text));
    const cached = this.opts.cached(p);
    if (cached !== undefined && (cached ?? undefined) !== text) this.stale.add(p);
    return text;
  };
}

export function hashOf(text: string | undefined): string | null {
  return text === undefined ? null : hashText(text);
}

/** A regular text file's text, or undefined (missing, not a file, too large, binary, or outside `root`). */
function readText(p: string, root: string, maxBytes: number): string | undefined {
  const r = safeReadFile(p, { maxBytes, root });
  if (!r.ok || (!hasUtf16Bom(r.bytes) && looksBinary(r.bytes))) return undefined;
  return decodeText(r.bytes);
}
