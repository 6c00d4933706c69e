// Making sure a file (usually `.env`) is git-ignored, judged on the current text of every .gitignore.
import * as fs from 'fs';
import * as path from 'path';
import ignore from 'ignore';
import type { FileEdit, FixContext, Range } from '../core/types';
import { LineIndex, eolOf, toPosix } from '../util/text';
import { isRealPathInside } from '../util/safeRead';

function inside(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** Directories from `file`'s own up to `top` (inclusive), nearest first. */
function dirsUpTo(file: string, top: string): string[] {
  const dirs: string[] = [];
  for (let d = path.dirname(file); inside(top, d); d = path.dirname(d)) {
    dirs.push(d);
    if (d === top || path.dirname(d) === d) break;
  }
  return dirs;
}

/** Whether git ignores `file` now: every .gitignore from the repository root (which may be above the workspace) down. */
export function isIgnoredNow(file: string, ctx: FixContext): boolean {
  const gitRoot = ctx.workspace.gitRoot;
  const top = gitRoot && inside(gitRoot, file) ? gitRoot : ctx.workspace.root;
  let verdict = false;
  for (const dir of dirsUpTo(file, top).reverse()) {
    const text = ctx.read(path.join(dir, '.gitignore'));
    if (text === undefined) continue;
    const r = ignore({ allowRelativePaths: true })
      .add(text)
      .test(toPosix(path.relative(dir, file)));
    if (r.ignored) verdict = true;
    else if (r.unignored) verdict = false;
  }
  return verdict;
}

export type IgnorePlan =
  | { kind: 'ignored' }
  | { kind: 'edit'; edit: FileEdit }
  /** No edit can be offered; `reason` completes "… not edited: " (e.g. "it links outside the workspace"). */
  | { kind: 'refused'; reason: string };

function exists(p: string, ctx: FixContext): boolean {
  if (ctx.read(p) !== undefined) return true;
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * How to make git ignore `file`: append to the nearest existing .gitignore inside the workspace folder, or create
 * one in the workspace folder. Never one above it, even when the git repository is rooted higher up (git reads
 * nested .gitignore files), and never through a symlink that leads out of the workspace.
 */
export function ignoreFilePlan(file: string, ctx: FixContext): IgnorePlan {
  if (isIgnoredNow(file, ctx)) return { kind: 'ignored' };
  const root = ctx.workspace.root;
  if (!inside(root, file)) return { kind: 'refused', reason: 'the file is outside the workspace folder' };
  const dirs = dirsUpTo(file, root);
  const dir = dirs.find((d) => exists(path.join(d, '.gitignore'), ctx)) ?? root;
  const gitignorePath = path.join(dir, '.gitignore');
  const rel = toPosix(path.relative(root, gitignorePath));
  if (!isRealPathInside(root, gitignorePath)) return { kind: 'refused', reason: `${rel} links outside the workspace` };
  const text = ctx.read(gitignorePath);
  if (text === undefined && exists(gitignorePath, ctx))
    return { kind: 'refused', reason: `${rel} is not a readable text file` };
  const relToDir = toPosix(path.relative(dir, file));
  if (/[\r\n]/.test(relToDir)) return { kind: 'refused', reason: 'the file name has a line break' };
  // `.env` with no slash matches in every folder, which is what people mean; nested paths get anchored.
  const pattern = escapePattern(relToDir.includes('/') ? `/${relToDir}` : relToDir);
  if (text === undefined)
    return {
      kind: 'edit',
      edit: { path: gitignorePath, create: true, edits: [{ range: zero(), newText: `${pattern}\n` }] },
    };
  return { kind: 'edit', edit: { path: gitignorePath, edits: [appendLine(text, pattern)] } };
}

/** A path as a literal .gitignore pattern: glob characters, a leading `#` or `!` and trailing spaces escaped. */
function escapePattern(p: string): string {
  return p
    .replace(/[\\*?[\]]/g, '\\$&')
    .replace(/^([#!])/, '\\$1')
    .replace(/ $/, '\\ ');
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** A text edit appending `line` at the end, adding a line break first when the file lacks a final one. */
export function appendLine(text: string, line: string): { range: Range; newText: string } {
  const lines = LineIndex.of(text);
  const end = lines.position(text.length);
  const eol = eolOf(text);
  const needsBreak = text.length > 0 && !/\r?\n$|\r$/.test(text);
  return { range: { start: end, end }, newText: `${needsBreak ? eol : ''}${line}${eol}` };
}
