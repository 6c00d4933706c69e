// Making sure a file (usually `.env`) is git-ignored, judged on the current text of every .gitignore.
import * as path from 'path';
import ignore from 'ignore';
import type { FileEdit, FixContext, Range } from '../engine/types';
import { LineIndex, eolOf, toPosix } from '../util/text';

/** Directories from `file`'s own up to the repository (or workspace) root. */
function ancestorDirs(file: string, ctx: FixContext): string[] {
  const top = ctx.workspace.gitRoot && file.startsWith(ctx.workspace.gitRoot) ? ctx.workspace.gitRoot : ctx.workspace.root;
  const dirs: string[] = [];
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    dirs.push(d);
    if (d === top || path.dirname(d) === d || !d.startsWith(top)) break;
  }
  return dirs;
}

export function isIgnoredNow(file: string, ctx: FixContext): boolean {
  let verdict = false;
  for (const dir of ancestorDirs(file, ctx).reverse()) {
    const text = ctx.read(path.join(dir, '.gitignore'));
    if (text === undefined) continue;
    const r = ignore({ allowRelativePaths: true }).add(text).test(toPosix(path.relative(dir, file)));
    if (r.ignored) verdict = true;
    else if (r.unignored) verdict = false;
  }
  return verdict;
}

/**
 * Edit that makes git ignore `file`, or undefined when it already does. Appends to the nearest existing
 * .gitignore (creating one at the repository root when there is none).
 */
export function ignoreFileEdit(file: string, ctx: FixContext): FileEdit | undefined {
  if (isIgnoredNow(file, ctx)) return undefined;
  const dirs = ancestorDirs(file, ctx);
  const dir = dirs.find((d) => ctx.read(path.join(d, '.gitignore')) !== undefined) ?? dirs[dirs.length - 1];
  const gitignorePath = path.join(dir, '.gitignore');
  const text = ctx.read(gitignorePath);
  const relToDir = toPosix(path.relative(dir, file));
  // `.env` with no slash matches in every folder, which is what people mean; nested paths get anchored.
  const pattern = relToDir.includes('/') ? `/${relToDir}` : relToDir;
  if (text === undefined) return { path: gitignorePath, create: true, edits: [{ range: zero(), newText: `${pattern}\n` }] };
  return { path: gitignorePath, edits: [appendLine(text, pattern)] };
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** A text edit appending `line` at the end, adding a line break first when the file lacks a final one. */
export function appendLine(text: string, line: string): { range: Range; newText: string } {
  const lines = new LineIndex(text);
  const end = lines.position(text.length);
  const eol = eolOf(text);
  const needsBreak = text.length > 0 && !/\r?\n$|\r$/.test(text);
  return { range: { start: end, end }, newText: `${needsBreak ? eol : ''}${line}${eol}` };
}
