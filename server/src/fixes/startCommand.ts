// Fixes that rewrite a start command where it is written (an npm script, a Procfile entry, a Dockerfile CMD or
// ENTRYPOINT) and that move work into a Dockerfile RUN step. The sites come from model/startSites.ts.
import type { FileEdit, Range, TextEdit } from '../core/types';
import type { Dockerfile } from '../core/model';
import type { CommandSite } from '../model/startSites';
import { finalStageChain } from '../platform/docker';
import { parseDockerfile } from '../platform/dockerfile';
import { LineIndex, diffEdit, eolOf } from '../util/text';
import { removeKey } from './packageJson';

/**
 * The edit that makes a site run `command` instead: a command line, or for a Dockerfile exec form that runs no
 * shell, its new argument vector. An empty command removes a prestart/poststart script (and is refused for anything
 * else). Returns undefined when the site cannot be rewritten safely.
 */
export function rewriteSite(site: CommandSite, text: string, replacement: string | string[]): FileEdit | undefined {
  const argvOnly = !!site.exec && site.exec.body === undefined;
  if (Array.isArray(replacement) !== argvOnly) return undefined;
  const command = Array.isArray(replacement) ? replacement.join(' ') : replacement;
  const lines = LineIndex.of(text);
  const edit = (range: Range, newText: string): FileEdit => ({ path: site.path, edits: [{ range, newText }] });
  if (site.kind === 'script') {
    if (!command.trim()) {
      if (site.key === 'start' || site.runBy) return undefined; // other scripts call it; an empty one would break them
      return { path: site.path, edits: [diffEdit(text, removeKey(text, ['scripts', site.key]))] };
    }
    return edit(site.range, JSON.stringify(command));
  }
  if (!command.trim()) return undefined;
  if (site.kind === 'procfile') return edit(site.range, command);
  const [keyword, lineNo] = site.key.split(':');
  const ins = parseDockerfile(text).find((i) => i.keyword === keyword && i.range.start.line === Number(lineNo));
  if (!ins) return undefined;
  const start = ins.argsRange.start;
  const end = ins.range.end;
  if (site.exec) {
    const argv = Array.isArray(replacement) ? replacement : [...site.exec.argv];
    if (site.exec.body !== undefined) argv[site.exec.body] = command;
    const raw = text.slice(lines.offset(start), lines.offset(end));
    const sep = /",\s+"/.test(raw) ? ', ' : ',';
    return edit({ start, end }, `[${argv.map((a) => JSON.stringify(a)).join(sep)}]`);
  }
  return edit({ start, end }, command);
}

/** Inserts a RUN line into a Dockerfile before the final stage's USER switch or else before `before` (a CMD). */
export function insertRunEdit(df: Dockerfile, text: string, beforeLine: number, run: string): TextEdit {
  const chain = finalStageChain(df);
  const last = chain[chain.length - 1];
  const user = last?.instructions.find((i) => i.keyword === 'USER' && i.range.start.line < beforeLine);
  const line = user ? user.range.start.line : beforeLine;
  const pos = { line, character: 0 };
  return { range: { start: pos, end: pos }, newText: `RUN ${run}${eolOf(text)}` };
}
