// The baseline: findings a team has accepted for now, so that only new ones fail a check. A finding is known by its
// fingerprint (core/fingerprint.ts), which survives line shifts and re-indentation and changes when the flagged text
// does. The file holds no message and no flagged text: a secret's finding is stored as its rule, path and hash only.
//
// twelve-factor.baseline.json, format version 1:
//   { "version": 1,
//     "findings": [ { "rule": "config/hardcoded-secret", "path": "src/pay.js", "fingerprint": "0123…", "messageId": "stripe" } ] }
// `path` is relative to the scanned folder (posix); `messageId` is the rule's message template id, for people reading
// the file. Entries are sorted (path, rule, fingerprint), one a line, so a baseline's diff in review is readable.
import * as path from 'path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ReportedFinding } from '../core/types';
import { safeReadFile, decodeText } from '../util/safeRead';
import { LineIndex, toPosix } from '../util/text';

export const BASELINE_FILE = 'twelve-factor.baseline.json';
export const BASELINE_VERSION = 1;
/** Room for about 200,000 entries. */
const MAX_BYTES = 32 * 1024 * 1024;
const FINGERPRINT = /^[0-9a-f]{16}$/;

export interface BaselineEntry {
  rule: string;
  path: string;
  fingerprint: string;
  messageId?: string;
}

/** What a report says of the baseline: the file, findings it holds that are still there, and entries fixed since. */
export interface BaselineSummary {
  file: string;
  baselined: number;
  stale: number;
}

export interface Baseline {
  /** Absolute path of the file. */
  file: string;
  entries: BaselineEntry[];
}

/** A baseline file's entries, or why it cannot be used; `skipped` counts malformed entries left out. */
export function parseBaseline(text: string): { entries: BaselineEntry[]; skipped: number } | { error: string } {
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length) {
    // Where, not what: the text around the error is not worth quoting (a merge conflict marker, at best).
    const at = new LineIndex(text).position(errors[0].offset);
    return { error: `not valid JSON (${printParseErrorCode(errors[0].error)} at line ${at.line + 1})` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { error: 'not a JSON object' };
  const { version, findings } = data as { version?: unknown; findings?: unknown };
  if (version !== BASELINE_VERSION)
    return {
      error:
        typeof version === 'number' && version > BASELINE_VERSION
          ? `version ${version} is newer than this twelve-factor reads (${BASELINE_VERSION})`
          : `no "version": ${BASELINE_VERSION}`,
    };
  if (!Array.isArray(findings)) return { error: 'no "findings" list' };
  const entries: BaselineEntry[] = [];
  let skipped = 0;
  for (const e of findings as unknown[]) {
    const x = e as Partial<Record<keyof BaselineEntry, unknown>> | null;
    if (
      !x ||
      typeof x !== 'object' ||
      typeof x.rule !== 'string' ||
      typeof x.path !== 'string' ||
      typeof x.fingerprint !== 'string' ||
      !FINGERPRINT.test(x.fingerprint) ||
      (x.messageId !== undefined && typeof x.messageId !== 'string')
    ) {
      skipped++;
      continue;
    }
    entries.push({
      rule: x.rule,
      path: x.path,
      fingerprint: x.fingerprint,
      ...(x.messageId !== undefined ? { messageId: x.messageId as string } : {}),
    });
  }
  return { entries, skipped };
}

export type BaselineRead =
  { ok: true; baseline: Baseline; skipped: number } | { ok: false; missing: boolean; error: string };

/**
 * Reads a baseline file through the guarded reader: a regular file, never a link out of `root` (the scanned folder
 * for the default file, the file's own folder for one named on the command line). `open`: the editor's buffer of it.
 */
export function readBaseline(file: string, root: string, open?: string): BaselineRead {
  let text = open;
  if (text === undefined) {
    const r = safeReadFile(file, { maxBytes: MAX_BYTES, root });
    if (!r.ok) return { ok: false, missing: r.reason === 'missing', error: r.message };
    text = decodeText(r.bytes);
  }
  const parsed = parseBaseline(text);
  if ('error' in parsed) return { ok: false, missing: false, error: parsed.error };
  return { ok: true, baseline: { file, entries: parsed.entries }, skipped: parsed.skipped };
}

/** The entries for a list of findings, sorted; `root` is the scanned folder, which paths are relative to. */
export function baselineEntries(findings: readonly ReportedFinding[], root: string): BaselineEntry[] {
  const seen = new Set<string>();
  const out: BaselineEntry[] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    out.push({
      rule: f.ruleId,
      path: toPosix(path.relative(root, f.path)),
      fingerprint: f.fingerprint,
      messageId: f.messageId,
    });
  }
  return sortEntries(out);
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort((a, b) => cmp(a.path, b.path) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint));
}

/** The file's text: sorted entries, one a line. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const lines = sortEntries([...entries]).map((e) =>
    JSON.stringify({ rule: e.rule, path: e.path, fingerprint: e.fingerprint, messageId: e.messageId }),
  );
  const body = lines.length ? `\n    ${lines.join(',\n    ')}\n  ` : '';
  return `{\n  "version": ${BASELINE_VERSION},\n  "findings": [${body}]\n}\n`;
}

/**
 * Entries no current finding matches: fixed (or suppressed) since the baseline was written. Entries of rules that did
 * not run (`running` says which did) are not stale: their findings were not looked for.
 */
export function staleEntries(
  baseline: Baseline,
  findings: readonly ReportedFinding[],
  running: (ruleId: string) => boolean,
): BaselineEntry[] {
  const current = new Set(findings.map((f) => f.fingerprint));
  return baseline.entries.filter((e) => !current.has(e.fingerprint) && running(e.rule));
}
