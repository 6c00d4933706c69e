// A finding's fingerprint: an id that stays the same while the flagged code does, wherever it moves in its file, so a
// baseline and SARIF `partialFingerprints` can recognise a finding seen before. Pure; nothing here is logged.
//
// Inputs: the rule id, the path relative to the workspace folder (posix), and the finding's place in the file's text:
// - the flagged text (the range), and its neighbourhood: the rest of the flagged line(s), at most NEIGHBOURHOOD
//   characters each side. All whitespace is removed from the three, so re-indenting, re-spacing or a CRLF checkout
//   changes nothing. Line numbers are not an input: lines added or removed elsewhere change nothing either.
// - an occurrence index: 0 for the first finding of the rule in the file with the same flagged text and neighbourhood
//   (in file order), 1 for the next, and so on, so two identical flagged lines get two fingerprints.
//
// Why only the flagged line(s), not lines around them: a baseline's costly mistake is calling an old finding new (the
// build fails), and the lines next to a finding are the ones most often edited (a log line before a `listen`). The
// occurrence index tells identical lines apart; the price is that when a copy of a flagged line is added above
// another, the later copy is the one that looks new. The count of new findings is still right. The cap on the
// neighbourhood keeps a one-line JSON file from making every finding in it depend on the whole file.
//
// The fingerprint is sha256 over all of that, hex, cut to 64 bits: enough to tell apart every finding of a workspace
// (a collision among 10^5 findings has odds of about 3·10^-10), and a one-way digest: the flagged text (a secret, for
// the secret rules) cannot be read back from it.
//
// A file the engine cannot read (deleted or refused since the finding was made) has no text: its findings are told
// apart by their range instead, which is all the engine still has of them.
import { createHash } from 'crypto';
import type { Range } from './types';
import { LineIndex } from '../util/text';

/** The SARIF `partialFingerprints` key (name/version, as SARIF and GitHub's `primaryLocationLineHash/v1` do). */
export const SARIF_FINGERPRINT_KEY = 'twelveFactor/v1';
/** Characters of the flagged line(s) kept each side of the flagged text, after removing whitespace. */
export const NEIGHBOURHOOD = 120;
const VERSION = 'twelve-factor-fingerprint/v1';
const HEX_LENGTH = 16;

const squeeze = (s: string): string => s.replace(/\s+/g, '');

/** What identifies a finding in its file, apart from the occurrence index: [before, flagged, after], whitespace removed. */
export function fingerprintKey(
  text: string | undefined,
  range: Range,
  lines: LineIndex | undefined = text === undefined ? undefined : new LineIndex(text),
): string[] {
  if (text === undefined || !lines) {
    const { start, end } = range;
    return ['unreadable', `${start.line}:${start.character}-${end.line}:${end.character}`];
  }
  const start = lines.offset(range.start);
  const end = Math.max(start, lines.offset(range.end));
  const lineStart = lines.offset({ line: range.start.line, character: 0 });
  // A range that ends at the start of a line ends on the line before: the next line is not part of it.
  const endsAtLineStart = range.end.character === 0 && range.end.line > range.start.line;
  const afterLine = endsAtLineStart
    ? ''
    : lines.lineText(range.end.line).slice(Math.max(0, end - lines.offset({ line: range.end.line, character: 0 })));
  const before = squeeze(text.slice(lineStart, start));
  const after = squeeze(afterLine);
  return [
    before.slice(Math.max(0, before.length - NEIGHBOURHOOD)),
    squeeze(text.slice(start, end)),
    after.slice(0, NEIGHBOURHOOD),
  ];
}

/** The fingerprint of one finding, given its occurrence index among the rule's findings in the file with the same key. */
export function fingerprintOf(ruleId: string, rel: string, key: readonly string[], occurrence: number): string {
  // JSON keeps the parts apart (no separator a file could contain can make two inputs equal).
  return createHash('sha256')
    .update(JSON.stringify([VERSION, ruleId, rel, ...key, occurrence]))
    .digest('hex')
    .slice(0, HEX_LENGTH);
}

/**
 * Fingerprints of the findings of one file, in the order given: `rel` is the file's path relative to the workspace
 * folder (posix), `text` its text (undefined when it cannot be read). Occurrence indices follow file order, whatever
 * the order of `findings`.
 */
export function fingerprintFindings(
  rel: string,
  text: string | undefined,
  findings: readonly { ruleId: string; range: Range }[],
  lines?: LineIndex,
): string[] {
  const index = text === undefined ? undefined : (lines ?? new LineIndex(text));
  const order = findings.map((f, i) => i).sort((a, b) => compareRange(findings[a].range, findings[b].range) || a - b);
  const seen = new Map<string, number>();
  const out: string[] = new Array(findings.length);
  for (const i of order) {
    const f = findings[i];
    const key = fingerprintKey(text, f.range, index);
    const id = JSON.stringify([f.ruleId, ...key]);
    const occurrence = seen.get(id) ?? 0;
    seen.set(id, occurrence + 1);
    out[i] = fingerprintOf(f.ruleId, rel, key, occurrence);
  }
  return out;
}

function compareRange(a: Range, b: Range): number {
  return (
    a.start.line - b.start.line ||
    a.start.character - b.start.character ||
    a.end.line - b.end.line ||
    a.end.character - b.end.character
  );
}
