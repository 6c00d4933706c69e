// The one way workspace files are read. Everything in a workspace is untrusted: a committed symlink to /dev/zero
// or a FIFO must not hang the reader or grow memory, and a link must not lead out of the workspace.
import * as fs from 'fs';
import * as path from 'path';

export interface SafeReadOptions {
  /** Refuse files larger than this many bytes. */
  maxBytes: number;
  /** When set, refuse a path whose real location (symlinks resolved) is outside this folder. */
  root?: string;
}

export type SafeRead =
  | { ok: true; bytes: Buffer; size: number }
  | { ok: false; reason: 'missing' | 'not-a-file' | 'too-large' | 'outside' | 'unreadable'; message: string };

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer. Not defined on Windows, where FIFOs don't exist.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * Reads a regular file of at most `maxBytes` bytes. Devices, FIFOs, sockets and folders are refused after a
 * non-blocking open, by fstat of the opened descriptor (no check-then-open race), and the read stops at the limit
 * even if the file grows meanwhile. With `root`, anything that is not a regular file or a symlink is refused
 * without being opened, and the real location is checked on the opened descriptor.
 */
export function safeReadFile(p: string, opts: SafeReadOptions): SafeRead {
  let flags = OPEN_FLAGS;
  if (opts.root !== undefined) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch (e) {
      return openError(e);
    }
    if (st.isSymbolicLink()) {
      // Resolved before the open: opening a device out of the workspace can have effects (a watchdog, a tape).
      if (!isRealPathInside(opts.root, p)) return OUTSIDE;
    } else if (!st.isFile()) {
      return { ok: false, reason: 'not-a-file', message: `not a regular file (${fileType(st)})` };
    } else {
      // A regular file: a link swapped in since the lstat is not followed.
      flags |= O_NOFOLLOW;
    }
  }
  let fd: number;
  try {
    fd = fs.openSync(p, flags);
  } catch (e) {
    return openError(e);
  }
  try {
    // A parent folder may be a link out of the root: the opened file's own location says where it really is.
    if (opts.root !== undefined && !isInsideReal(realpathOr(opts.root), openedPath(fd, p))) return OUTSIDE;
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not-a-file', message: `not a regular file (${fileType(st)})` };
    if (st.size > opts.maxBytes) return { ok: false, reason: 'too-large', message: tooLarge(st.size, opts.maxBytes) };
    // Read at most maxBytes + 1 so a file that grew past the limit since fstat is refused, not read whole.
    const buf = Buffer.allocUnsafe(Math.min(st.size, opts.maxBytes) + 1);
    let n = 0;
    for (;;) {
      let got: number;
      try {
        got = fs.readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN')
          return { ok: false, reason: 'not-a-file', message: 'would block' };
        throw e;
      }
      if (got === 0) break;
      n += got;
      if (n === buf.length) {
        if (n > opts.maxBytes) return { ok: false, reason: 'too-large', message: tooLarge(n, opts.maxBytes) };
        break;
      }
    }
    return { ok: true, bytes: buf.subarray(0, n), size: n };
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: errnoText(e) };
  } finally {
    fs.closeSync(fd);
  }
}

const OUTSIDE: SafeRead = {
  ok: false,
  reason: 'outside',
  message: 'a symlink to a file outside the workspace, not followed',
};

function openError(e: unknown): SafeRead {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: 'no such file' };
  if (code === 'EISDIR') return { ok: false, reason: 'not-a-file', message: 'a folder, not a file' };
  if (code === 'ELOOP')
    return {
      ok: false,
      reason: 'not-a-file',
      message: 'a symlink loop, or a link swapped in while reading: not followed',
    };
  return { ok: false, reason: 'unreadable', message: errnoText(e) };
}

/** `EACCES: permission denied, open '/abs/path'` → `permission denied (EACCES)`: the caller names the file. */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (!err.code) return err.message;
  return `${err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/s, '')} (${err.code})`;
}

/**
 * Real path of an opened file. On Linux the kernel says it in one call; elsewhere realpath, which costs a system
 * call per parent folder (and a deep tree's files would make that quadratic, hence not the first choice).
 */
function openedPath(fd: number, p: string): string {
  try {
    const real = fs.readlinkSync(`/proc/self/fd/${fd}`);
    if (path.isAbsolute(real)) return real;
  } catch {
    /* no /proc: not Linux */
  }
  try {
    return fs.realpathSync.native(p);
  } catch {
    return '\0unresolved';
  }
}

/** Text of a file read with safeReadFile, or undefined for any refusal. For callers with nothing to report. */
export function safeReadText(p: string, opts: SafeReadOptions): string | undefined {
  const r = safeReadFile(p, opts);
  return r.ok ? decodeText(r.bytes) : undefined;
}

/**
 * Bytes to text as an editor shows them: UTF-16 (LE or BE, by its byte-order mark) decoded, and a UTF-8 byte-order
 * mark dropped, since editors drop it from the buffer and positions must match what they show.
 */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/** True when the byte-order mark says UTF-16: such text is full of NUL bytes and is not binary. */
export function hasUtf16Bom(buf: Buffer): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}

/** Whether `p`, with every symlink resolved, is `root` (also resolved) or inside it. A missing path resolves its parent. */
export function isRealPathInside(root: string, p: string): boolean {
  return isInsideReal(realpathOr(root), realpathOfMaybeMissing(p));
}

function isInsideReal(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

function realpathOfMaybeMissing(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    // A dangling symlink could point anywhere, and writing through it would create its target: never inside.
    try {
      if (fs.lstatSync(p).isSymbolicLink()) return '\0dangling-link';
    } catch {
      /* missing: resolve the parent */
    }
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(realpathOfMaybeMissing(parent), path.basename(p));
  }
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

export function fileType(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function tooLarge(size: number, max: number): string {
  return `${(size / 1024 / 1024).toFixed(1)} MB is over the ${(max / 1024 / 1024).toFixed(1)} MB limit`;
}
