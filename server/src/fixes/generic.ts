// Fixes every rule gets: "disable for this line" and "show documentation".
import type { Finding, Fix, FixContext } from '../core/types';
import { Commands } from '../../../shared/protocol';
import { docsUrl } from '../core/docs';
import { LineIndex, eolOf } from '../util/text';

const NEXT_LINE = 'twelve-factor-disable-next-line';
const SAME_LINE = 'twelve-factor-disable-line';

/**
 * How a file takes a disable comment, from the engine, which reads comments in each file's syntax (engine/comments.ts).
 * A file without one (JSON, .nvmrc, lockfiles) gets no disable fix.
 */
export interface CommentStyle {
  /** What opens a line comment: `//` (JS/TS, Prisma) or `#`. */
  prefix: '//' | '#';
  /** A JSX file: inside an element's children, only `{/* … *\/}` is a comment. */
  jsx: boolean;
  /** A line ending in `\` goes on to the next (shell, Procfile, Dockerfile): no comment may end such a line. */
  continuation: boolean;
  /** Whether `text` (the file after the edit) has a line directive naming `ruleId` that silences `line`, syntax intact. */
  holds(text: string, line: number, ruleId: string): boolean;
}

/**
 * A disable comment for the finding's line, in the file's comment syntax: the rule added to a
 * `twelve-factor-disable-next-line` above, else a new one above the line, else a `twelve-factor-disable-line` at its
 * end; the first that reads back as a comment that silences the line (never inside a string, a YAML block scalar or
 * a here-document). `requireReason`: the comment ends with `--`, for the reason the user then types.
 */
export function disableFix(
  finding: Finding,
  ctx: FixContext,
  style: CommentStyle | undefined,
  requireReason = false,
): Fix | undefined {
  const text = ctx.read(finding.path);
  if (!style || text === undefined) return undefined;
  const lines = LineIndex.of(text);
  const line = finding.range.start.line;
  const id = finding.ruleId;
  const title = `Disable ${id} for this line${requireReason ? ' (then give the reason after --)' : ''}`;
  const tail = requireReason ? ' --' : '';
  const edit = (at: { line: number; character: number }, newText: string): Fix => ({
    title,
    edits: [{ path: finding.path, edits: [{ range: { start: at, end: at }, newText }] }],
  });
  const apply = (at: { line: number; character: number }, newText: string) => {
    const o = lines.offset(at);
    return text.slice(0, o) + newText + text.slice(o);
  };
  const prev = line > 0 ? lines.lineText(line - 1) : '';
  const current = lines.lineText(line);
  const existing = prev.indexOf(NEXT_LINE);
  if (existing >= 0) {
    // Extend the directive already above the line rather than stacking a second one.
    const rest = prev.slice(existing + NEXT_LINE.length);
    const ids = rest.split(/(?:^|\s)-{2,}/)[0].replace(/\*\/.*$/, '');
    if (ids.split(/[\s,]+/).includes(id)) return undefined;
    // With reasons required, only a comment that has one already: the rule joins it under that reason.
    if (ids.trim() && (!requireReason || /(?:^|\s)-{2,}\s*\S/.test(rest))) {
      const at = { line: line - 1, character: existing + NEXT_LINE.length + ids.trimEnd().length };
      const fix = edit(at, `, ${id}`);
      if (style.holds(apply(at, `, ${id}`), line, id)) return fix;
    }
  }
  const eol = eolOf(text);
  const indent = /^\s*/.exec(current)![0];
  const above = [`${style.prefix} ${NEXT_LINE} ${id}${tail}`];
  if (style.jsx) above.push(`{/* ${NEXT_LINE} ${id}${tail} */}`);
  // Between a line ending in `\` and the next, a comment line would end the command in a shell.
  if (!(style.continuation && /\\\s*$/.test(prev))) {
    for (const comment of above) {
      const newText = `${indent}${comment}${eol}`;
      const at = { line, character: 0 };
      if (style.holds(apply(at, newText), line + 1, id)) return edit(at, newText);
    }
  }
  if (!(style.continuation && /\\\s*$/.test(current))) {
    const at = { line, character: current.trimEnd().length };
    const newText = ` ${style.prefix} ${SAME_LINE} ${id}${tail}`;
    if (style.holds(apply(at, newText), line, id)) return edit(at, newText);
  }
  return undefined;
}

export function docsFix(ruleId: string): Fix {
  return {
    title: `Show documentation for ${ruleId}`,
    command: {
      title: 'Show documentation',
      command: Commands.showDocumentation,
      arguments: [{ ruleId, url: docsUrl(ruleId) }],
    },
  };
}

export function genericFixes(finding: Finding, ctx: FixContext, style?: CommentStyle, requireReason = false): Fix[] {
  const fixes: Fix[] = [];
  const disable = disableFix(finding, ctx, style, requireReason);
  if (disable) fixes.push(disable);
  fixes.push(docsFix(finding.ruleId));
  return fixes;
}
