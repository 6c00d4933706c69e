// Suppression comments, in any file that takes comments (comments.ts reads them in the file's own syntax):
//   twelve-factor-disable-line [ids] [-- reason]       the comment's own line
//   twelve-factor-disable-next-line [ids] [-- reason]  the line after the comment
//   twelve-factor-disable [ids] … twelve-factor-enable [ids]   everything between, from the comment on
//   twelve-factor-disable-file [ids] [-- reason]       the whole file
// Rule ids are separated by commas or spaces; none means every rule. Anything after `--` is the reason. For the
// secret rules, the secret scanners' allow comments on the flagged line count too (gitleaks, detect-secrets,
// trufflehog, semgrep). What a directive suppressed is tracked per run, so one that suppressed nothing, or names
// a rule that does not exist, is reported (twelve-factor/unused-suppression) where it is.
import type { Finding, Position, Range, Severity } from '../core/types';
import { formatMessage } from '../core/messages';
import { LineIndex } from '../util/text';
import { commentsAt } from './comments';

export type DirectiveKind = 'disable-line' | 'disable-next-line' | 'disable' | 'enable' | 'disable-file';

export interface RuleRef {
  id: string;
  range: Range;
  /** What to delete to take this id out of its list (the id and one separator); the whole comment when it is alone. */
  removal: Range;
}

export interface Directive {
  kind: DirectiveKind;
  /** The rule ids named, in order; none: every rule. */
  rules: RuleRef[];
  /** The text after `--`, trimmed; undefined when there is none. */
  reason?: string;
  /** From the keyword to the end of the directive's text. */
  range: Range;
  /** Where the comment starts: a block directive applies from here on. */
  start: Position;
  /** The line a line directive silences: disable-line, the comment's first; disable-next-line, the one after its last. */
  line: number;
  /** What to delete to remove the comment cleanly (its whole line when nothing else is on it). */
  removal: Range;
  /** Where a `-- ` inserted before the first id would turn the ids into a reason. */
  idsStart: Position;
}

export interface FileSuppressions {
  directives: Directive[];
  /** Lines with a secret scanner's allow comment (for the secret rules). */
  secretAllowed: Set<number>;
}

/** The engine's own report about suppression comments; not a rule of any factor, so no factor's checklist counts it. */
export const UNUSED_SUPPRESSION = {
  id: 'twelve-factor/unused-suppression',
  severity: 'info' as Severity,
  description:
    'A suppression comment that suppresses nothing, names a rule that does not exist, or lacks a required reason.',
  why: 'A stale twelve-factor-disable comment would silence the next real finding on its line without anyone deciding so. Remove it, or name an existing rule and give the reason after `--`.',
  messages: {
    unused: 'Unused {{directive}}: no finding here to suppress.',
    unusedRule: 'Unused {{directive}} for {{rule}}, which reports nothing here to suppress.',
    unusedRules: 'Unused {{directive}} for {{rule}}, which report nothing here to suppress.',
    unknownRule: 'Unknown rule {{rule}} in {{directive}}; a reason goes after `--`.',
    unknownRules: 'Unknown rules {{rule}} in {{directive}}; a reason goes after `--`.',
    unusedEnable: 'Unused twelve-factor-enable: nothing is disabled here.',
    unusedEntry: 'Unused suppressions entry: {{rule}} reports nothing in {{file}}.',
    entryNoReason: 'The suppressions entry for {{rule}} in {{file}} needs a reason, so it suppresses nothing.',
    unusedEnableRule: 'Unused twelve-factor-enable for {{rule}}, which is not disabled here.',
    unusedEnableRules: 'Unused twelve-factor-enable for {{rule}}, which are not disabled here.',
    noReason: '{{directive}} gives no reason after `--`, which this workspace requires, so it suppresses nothing.',
  },
} as const;

export type SuppressionMessageId = keyof typeof UNUSED_SUPPRESSION.messages;

/** The rules whose findings a secret scanner's allow comment also silences. */
export const SECRET_RULES: ReadonlySet<string> = new Set([
  'config/hardcoded-secret',
  'config/secret-in-example',
  'config/secret-in-dockerfile',
  'config/secret-exposed-to-client',
]);

const MARKERS = /twelve-factor-(?:disable|enable)|gitleaks:allow|pragma: allowlist|trufflehog:ignore|nosemgrep/;
const MARKERS_G = new RegExp(MARKERS.source, 'g');
/** gitleaks, detect-secrets (and its next-line form), trufflehog, semgrep. */
const SECRET_PRAGMA = /gitleaks:allow|pragma: allowlist (?:nextline )?secret|trufflehog:ignore|\bnosemgrep\b/g;
const KEYWORD = /^twelve-factor-(disable-next-line|disable-line|disable-file|disable|enable)(?=$|[\s,])/;

/** The suppression comments of a file (undefined when it has none), read in the file's comment syntax. */
export function parseSuppressions(file: string, text: string): FileSuppressions | undefined {
  if (!MARKERS.test(text)) return undefined;
  const comments = commentsAt(
    file,
    text,
    [...text.matchAll(MARKERS_G)].map((m) => m.index),
  );
  if (!comments.length) return undefined;
  const lines = new LineIndex(text);
  const out: FileSuppressions = { directives: [], secretAllowed: new Set() };
  for (const c of comments) {
    let bodyStart = c.start + (/^(?:\/\*|\/\/+|#+)/.exec(text.slice(c.start, c.start + 64))?.[0].length ?? 0);
    const bodyEnd = text.startsWith('/*', c.start) && text.startsWith('*/', c.end - 2) ? c.end - 2 : c.end;
    bodyStart = Math.min(bodyStart, bodyEnd);
    const body = text.slice(bodyStart, bodyEnd);
    for (const m of body.matchAll(SECRET_PRAGMA)) {
      const line = lines.position(bodyStart + m.index).line;
      out.secretAllowed.add(m[0].includes('nextline') ? line + 1 : line);
    }
    // Whitespace, and the stars of `/** … */`, before the keyword: the directive opens the comment.
    const lead = /^[\s*]*/.exec(body)![0].length;
    const k = KEYWORD.exec(body.slice(lead));
    if (!k) continue;
    const from = bodyStart + lead;
    const after = from + k[0].length;
    const rest = text.slice(after, bodyEnd);
    const dash = /(^|\s)-{2,}/.exec(rest);
    const idsEnd = dash ? after + dash.index + dash[1].length : bodyEnd;
    const reason = dash ? rest.slice(dash.index + dash[0].length).trim() : '';
    const ids = [...text.slice(after, idsEnd).matchAll(/[^\s,]+/g)]
      .filter((m) => !/^\*+$/.test(m[0]))
      .map((m) => ({ id: m[0], start: after + m.index, end: after + m.index + m[0].length }));
    const whole = removalOf(text, c.start, c.end, lines);
    const end = from + text.slice(from, bodyEnd).trimEnd().length;
    out.directives.push({
      kind: k[1] as DirectiveKind,
      rules: ids.map((r, i) => ({
        id: r.id,
        range: lines.range(r.start, r.end),
        removal:
          ids.length === 1 ? whole : i > 0 ? lines.range(ids[i - 1].end, r.end) : lines.range(r.start, ids[1].start),
      })),
      ...(reason ? { reason } : {}),
      range: lines.range(from, end),
      start: lines.position(c.start),
      line: k[1] === 'disable-next-line' ? lines.position(c.end).line + 1 : lines.position(c.start).line,
      removal: whole,
      idsStart: lines.position(ids[0]?.start ?? after),
    });
  }
  return out.directives.length || out.secretAllowed.size ? out : undefined;
}

/**
 * What to delete to remove the comment [start, end): its whole line when nothing else is on it, else the comment and
 * the blanks that separate it from the code. `{/* … *\/}` in JSX goes with its braces.
 */
function removalOf(text: string, start: number, end: number, lines: LineIndex): Range {
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  let s = start;
  let e = end;
  let a = s;
  while (blank(text[a - 1])) a--;
  let b = e;
  while (blank(text[b])) b++;
  if (text[a - 1] === '{' && text[b] === '}') {
    s = a - 1;
    e = b + 1;
  }
  const startLine = lines.position(s).line;
  const endLine = lines.position(e).line;
  const lineStart = lines.offset({ line: startLine, character: 0 });
  const lineEnd = lines.offset({ line: endLine, character: 0 }) + lines.lineText(endLine).length;
  if (!text.slice(lineStart, s).trim() && !text.slice(e, lineEnd).trim()) {
    // The whole line with its line break; on a last line without one, the break before it.
    if (endLine + 1 < lines.lineCount)
      return { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } };
    if (startLine > 0)
      return {
        start: { line: startLine - 1, character: lines.lineText(startLine - 1).length },
        end: lines.position(lineEnd),
      };
    return lines.range(lineStart, lineEnd);
  }
  // Code before: the comment and the blanks before it; code after: the comment and the blanks after it.
  if (text.slice(e, lineEnd).trim()) {
    let t = e;
    while (blank(text[t])) t++;
    return lines.range(s, t);
  }
  let t = s;
  while (blank(text[t - 1])) t--;
  return lines.range(t, e);
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const names = (d: Directive, ruleId: string) => !d.rules.length || d.rules.some((r) => r.id === ruleId);

/** What a run of findings used of each file's directives: directive → the rule ids it suppressed. */
export type SuppressionUsage = Map<Directive, Set<string>>;

export interface Suppressed {
  /** The directives that silence the finding (each credited with it), or none when a secret pragma does. */
  directives: Directive[];
  /** The reason the first directive gives. */
  reason?: string;
}

/**
 * Whether the finding (`ruleId` at `at`) is suppressed in its file, and by what; credits the directives in `usage`.
 * `requireReason`: a directive without a reason suppresses nothing.
 */
export function suppressionOf(
  s: FileSuppressions | undefined,
  ruleId: string,
  at: Position,
  requireReason: boolean,
  usage?: SuppressionUsage,
): Suppressed | undefined {
  if (!s) return undefined;
  const active = (d: Directive) => d.kind !== 'enable' && (!requireReason || !!d.reason);
  const hits: Directive[] = [];
  let block: Directive | undefined;
  for (const d of s.directives) {
    if (!names(d, ruleId)) continue;
    if (
      d.kind === 'disable-file' ||
      ((d.kind === 'disable-line' || d.kind === 'disable-next-line') && d.line === at.line)
    ) {
      if (active(d)) hits.push(d);
    } else if ((d.kind === 'disable' || d.kind === 'enable') && before(d.start, at)) {
      // The last block comment before the finding that concerns its rule decides (directives are in file order).
      if (d.kind === 'enable' || active(d)) block = d;
    }
  }
  if (block?.kind === 'disable') hits.push(block);
  // A secret scanner's allow comment has no place for a reason: where reasons are required, it does not suppress.
  if (!hits.length)
    return !requireReason && SECRET_RULES.has(ruleId) && s.secretAllowed.has(at.line) ? { directives: [] } : undefined;
  for (const d of hits) {
    const used = usage?.get(d) ?? new Set<string>();
    used.add(ruleId);
    usage?.set(d, used);
  }
  const reason = hits.find((d) => d.reason)?.reason;
  return { directives: hits, ...(reason ? { reason } : {}) };
}

export interface ReportContext {
  requireReason: boolean;
  usage: SuppressionUsage;
  /** Whether a rule with this id exists. */
  known(id: string): boolean;
  /** Whether the rule is turned off (a directive for it may be needed where it runs: not reported). */
  off(id: string): boolean;
}

/**
 * The reports on one file's directives after a run: unused ones (or unused ids of them), unknown rule ids, enables
 * that close nothing, and directives without a required reason. Each carries the edit its quick fix makes.
 */
export function suppressionReports(file: string, text: string, s: FileSuppressions, ctx: ReportContext): Finding[] {
  const out: Finding[] = [];
  const lines = new LineIndex(text);
  const slice = (r: Range) => text.slice(lines.offset(r.start), lines.offset(r.end));
  // A fix deletes `remove` only while it still holds what it held when reported (`expect`).
  const remove = (r: Range, title?: string) => ({ remove: r, expect: slice(r), ...(title ? { title } : {}) });
  const report = (
    messageId: SuppressionMessageId,
    range: Range,
    data: Record<string, string>,
    fix?: Record<string, unknown>,
  ) =>
    out.push({
      ruleId: UNUSED_SUPPRESSION.id,
      path: file,
      range,
      message: formatMessage(UNUSED_SUPPRESSION, { messageId, data }),
      messageId,
      severity: UNUSED_SUPPRESSION.severity,
      ...(fix ? { data: fix } : {}),
    });
  const list = (refs: RuleRef[]) => refs.map((r) => r.id).join(', ');
  // Which rules are disabled at each enable: a bare disable turns all off (less those enabled since), ids add rules.
  let all = false;
  const disabled = new Set<string>();
  const except = new Set<string>();
  for (const d of s.directives) {
    const directive = `twelve-factor-${d.kind}`;
    const unknown = d.rules.filter((r) => !ctx.known(r.id));
    if (unknown.length) {
      const first = unknown[0].range.start;
      const last = unknown[unknown.length - 1].range.end;
      // Words without a `/` after the last real id: a reason written without `--`.
      const trailingWords =
        unknown.every((r) => !r.id.includes('/')) && d.rules.indexOf(unknown[0]) === d.rules.length - unknown.length;
      report(
        unknown.length === 1 ? 'unknownRule' : 'unknownRules',
        { start: first, end: last },
        { directive, rule: list(unknown) },
        trailingWords && d.kind !== 'enable' && !d.reason
          ? { reasonAt: first, expect: slice({ start: first, end: last }) }
          : undefined,
      );
    }
    const known = d.rules.filter((r) => ctx.known(r.id));
    if (d.kind === 'enable') {
      if (!d.rules.length) {
        if (!all && !disabled.size) report('unusedEnable', d.range, { directive }, remove(d.removal));
        all = false;
        disabled.clear();
        except.clear();
        continue;
      }
      const idle = known.filter((r) => !(all ? !except.has(r.id) : disabled.has(r.id)));
      for (const r of known) {
        if (all) except.add(r.id);
        else disabled.delete(r.id);
      }
      if (!idle.length) continue;
      if (idle.length === d.rules.length)
        report(
          idle.length === 1 ? 'unusedEnableRule' : 'unusedEnableRules',
          d.range,
          { rule: list(idle) },
          remove(d.removal),
        );
      else
        for (const r of idle)
          report('unusedEnableRule', r.range, { rule: r.id }, remove(r.removal, `Remove ${r.id} from the comment`));
      continue;
    }
    if (d.kind === 'disable') {
      if (!d.rules.length) {
        all = true;
        except.clear();
      } else
        for (const r of known) {
          if (all) except.delete(r.id);
          else disabled.add(r.id);
        }
    }
    if (ctx.requireReason && !d.reason) {
      report('noReason', d.range, { directive });
      continue;
    }
    const used = ctx.usage.get(d);
    if (!d.rules.length) {
      if (!used?.size) report('unused', d.range, { directive }, remove(d.removal));
      continue;
    }
    const idle = known.filter((r) => !ctx.off(r.id) && !used?.has(r.id));
    if (!idle.length) continue;
    if (idle.length === d.rules.length)
      report(
        idle.length === 1 ? 'unusedRule' : 'unusedRules',
        d.range,
        { directive, rule: list(idle) },
        remove(d.removal),
      );
    else
      for (const r of idle)
        report('unusedRule', r.range, { directive, rule: r.id }, remove(r.removal, `Remove ${r.id} from the comment`));
  }
  return out;
}
