// Report formats for the CLI: stylish text, JSON, SARIF 2.1.0 and Markdown (report/ci.ts: GitHub, Code Climate).
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Finding, ReportedFinding, Rule, SuppressedFinding } from '../core/types';
import type { SkippedFile } from '../core/model';
import { SARIF_FINGERPRINT_KEY } from '../core/fingerprint';
import type { ChecklistFactor } from '../../../shared/protocol';
import { FACTORS, factorLabel } from '../core/factors';
import { docsMarkdown, docsWebUrl } from '../core/docs';
import { sarifTemplate } from '../core/messages';
import type { BaselineSummary } from '../engine/baseline';
import { absoluteLinks } from '../util/markdownLinks';
import { sarifRuleProperties } from './ruleMetadata';
import { UNUSED_SUPPRESSION } from '../engine/suppress';
import { INVALID_CONFIG } from '../engine/config';

export interface Report {
  root: string;
  findings: ReportedFinding[];
  checklist: ChecklistFactor[];
  rules: readonly Rule[];
  durationMs: number;
  version: string;
  /** With a baseline: `findings` are the new ones; this counts the others (and entries fixed since). */
  baseline?: BaselineSummary;
  /**
   * Where the paths of SARIF, GitHub annotations and Code Climate start: the repository root, so a scan of one app in
   * a monorepo places its findings right. Default: `root`.
   */
  repoRoot?: string;
  /** Findings a disable comment silenced: SARIF lists them as suppressed. */
  suppressed?: SuppressedFinding[];
  /** Files not read: SARIF's invocation lists them. */
  skipped?: readonly SkippedFile[];
  /** Rules that threw (each logged): the scan is incomplete, as it is with an unreadable file. */
  ruleFailures?: number;
  /** Whether a finding has a fix of its own (not only "disable" and "show documentation"). Default: the rule's meta. */
  fixable?: (f: ReportedFinding) => boolean;
}

const factorOf = (rules: readonly Rule[], id: string): number => {
  const slug = rules.find((r) => r.meta.id === id)?.meta.factor;
  return FACTORS.find((f) => f.slug === slug)?.n ?? 0;
};

export function relFile(root: string, p: string): string {
  // Only the platform's separator: on POSIX a backslash is part of a file name.
  return path.relative(root, p).split(path.sep).join('/') || path.basename(p);
}

/** Whether `p` is `dir` or inside it. */
const inside = (dir: string, p: string) => {
  const rel = path.relative(dir, p);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
};

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text for a terminal: control characters (C0, DEL, C1), line separators and bidirectional overrides are shown as
 * escapes (`\n`, `\x1b`, `\u202e`), so a file name or a quoted value can neither drive the terminal nor break a line.
 */
export function visible(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return (
      SHORT_ESCAPES[c] ??
      (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
    );
  });
}

/**
 * A workspace-relative path as a relative URI reference (RFC 3986): each segment percent-encoded, reserved
 * characters included, so `#`, `?`, `%` and `:` stay part of the name. Lone surrogates (not UTF-8) become U+FFFD.
 */
export function relativeUri(rel: string): string {
  return rel
    .split('/')
    .map((segment) =>
      encodeURIComponent(
        segment.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
      ).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

/** The JSON report (its shape: schemas/report.schema.json). */
export function toJson(r: Report): string {
  const fixable = r.fixable ?? ((f: ReportedFinding) => !!r.rules.find((x) => x.meta.id === f.ruleId)?.meta.fixable);
  return (
    JSON.stringify(
      {
        version: r.version,
        findings: r.findings.map((f) => ({
          file: relFile(r.root, f.path),
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
          ruleId: f.ruleId,
          factor: factorOf(r.rules, f.ruleId),
          severity: f.severity,
          message: f.message,
          messageId: f.messageId,
          fingerprint: f.fingerprint,
          docsUrl: docsWebUrl(f.ruleId, r.version),
          fixable: fixable(f),
        })),
        checklist: r.checklist.map((c) => ({
          factor: c.factor,
          name: c.name,
          status: c.status,
          ...(c.partial ? { partial: true } : {}),
          findings: c.findings.length,
        })),
        ...(r.baseline ? { baseline: r.baseline } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** The skip reasons that are choices (a binary, a minified bundle); `unreadable` is a failure of the scan. */
const sarifNotificationLevel = (s: SkippedFile) => (s.reason === 'unreadable' ? 'error' : 'note');

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: paths relative to the repository root (`SRCROOT`), a versioned
 * `helpUri` and help without relative links per rule, `security-severity` on the credential rules, suppressed
 * findings kept with their suppression, and the skipped files in the invocation.
 */
export function toSarif(r: Report): string {
  const base = path.resolve(r.repoRoot ?? r.root);
  const suppressed = r.suppressed ?? [];
  const used = new Set([...r.findings, ...suppressed].map((f) => f.ruleId));
  // The rules', then the engine's own report on suppression comments (no factor's).
  const rules = [
    ...r.rules.filter((x) => used.has(x.meta.id)).map((x) => ({ meta: x.meta, factor: factorOf(r.rules, x.meta.id) })),
    ...[UNUSED_SUPPRESSION, INVALID_CONFIG].filter((m) => used.has(m.id)).map((meta) => ({ meta, factor: 0 })),
  ];
  const index = new Map(rules.map((x, i) => [x.meta.id, i]));
  const artifactLocation = (p: string) =>
    inside(base, p) ? { uri: relativeUri(relFile(base, p)), uriBaseId: 'SRCROOT' } : { uri: pathToFileURL(p).href };
  const result = (f: ReportedFinding, silenced?: SuppressedFinding['suppression']) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: SARIF_LEVEL[f.severity],
    // `id` names the rule's template in messageStrings; the text is the filled-in message.
    message: { text: f.message, id: f.messageId },
    // Lets GitHub code scanning and other SARIF consumers match a result across runs and line shifts.
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.path),
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
    // Kept rather than dropped: code scanning then shows the alert as suppressed instead of closing it as fixed.
    // The comment's `-- reason`, when it gives one, is the suppression's justification.
    ...(silenced ? { suppressions: [silenced] } : {}),
  });
  const notifications = [
    ...(r.skipped ?? []).map((s) => ({
      level: sarifNotificationLevel(s),
      message: { text: `Skipped ${s.rel}: ${s.message}.` },
      descriptor: { id: `skipped/${s.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.path) } }],
    })),
    ...(r.ruleFailures
      ? [
          {
            level: 'error',
            message: {
              text: `${r.ruleFailures} rule failure${r.ruleFailures === 1 ? '' : 's'}; the other findings are kept.`,
            },
            descriptor: { id: 'rule-failure' },
          },
        ]
      : []),
  ];
  // The category GitHub keeps a run's alerts under (the id up to its last '/'): one per scanned folder, so uploads for
  // two apps of a monorepo do not close each other's alerts.
  const scanned = path.relative(base, path.resolve(r.root)).split(path.sep).join('/');
  const category = `twelve-factor/${scanned && !scanned.startsWith('..') ? `${scanned}/` : ''}`;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'twelve-factor',
            informationUri: 'https://12factor.net',
            semanticVersion: r.version,
            rules: rules.map((x) => {
              const helpUri = docsWebUrl(x.meta.id, r.version);
              const docs = docsMarkdown(x.meta.id);
              return {
                id: x.meta.id,
                name: x.meta.id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()),
                shortDescription: { text: x.meta.description },
                fullDescription: { text: `${x.meta.description} ${x.meta.why}` },
                helpUri,
                help: {
                  text: `${x.meta.description} ${x.meta.why} ${helpUri}`,
                  // The docs page, its relative links made absolute: code scanning shows it away from the repository.
                  markdown: docs
                    ? absoluteLinks(docs, helpUri)
                    : `${x.meta.description}\n\n[Documentation](${helpUri})`,
                },
                messageStrings: Object.fromEntries(
                  Object.entries(x.meta.messages).map(([id, t]) => [id, { text: sarifTemplate(t) }]),
                ),
                defaultConfiguration: { level: SARIF_LEVEL[x.meta.severity] },
                properties: sarifRuleProperties(x.meta, x.factor),
              };
            }),
          },
        },
        automationDetails: { id: category },
        invocations: [
          {
            executionSuccessful: !r.ruleFailures && !(r.skipped ?? []).some((s) => s.reason === 'unreadable'),
            toolExecutionNotifications: notifications,
          },
        ],
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(base).href.replace(/\/$/, '')}/` } },
        // Columns are the editor's (LSP) positions: UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results: [...r.findings.map((f) => result(f)), ...suppressed.map((f) => result(f, f.suppression))],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

export const useColor = () => !!process.stdout.isTTY && !process.env.NO_COLOR;

/** Stylish text for a terminal. Everything that comes from the workspace (file names, messages) goes through `visible`. */
export function toText(r: Report, { color = useColor() }: { color?: boolean } = {}): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const k = relFile(r.root, f.path);
    byFile.set(k, [...(byFile.get(k) ?? []), f]);
  }
  for (const [file, list] of byFile) {
    out.push('', paint('4', visible(file)));
    for (const f of list) {
      const sev =
        f.severity === 'error'
          ? paint('31', 'error  ')
          : f.severity === 'warning'
            ? paint('33', 'warning')
            : paint('36', f.severity.padEnd(7));
      out.push(
        `  ${`${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(8)} ${sev}  ${visible(f.message)}  ${paint('2', f.ruleId)}`,
      );
    }
  }
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of r.findings) counts[f.severity]++;
  out.push('', paint('1', 'Twelve-Factor checklist'));
  for (const c of r.checklist) {
    const mark = {
      pass: paint('32', '✓ pass'),
      warn: paint('33', '! warn'),
      fail: paint('31', '✗ fail'),
      'not-applicable': paint('2', '- n/a '),
    }[c.status];
    const n = c.findings.length;
    const what = [
      n ? `${n} finding${n === 1 ? '' : 's'}` : '',
      c.baselined ? `${c.baselined} baselined` : '',
      c.partial ? 'partly analysed' : '',
    ]
      .filter(Boolean)
      .join(', ');
    out.push(`  ${mark}  ${factorLabel(c.factor).padEnd(24)} ${what}`.trimEnd());
  }
  const total = r.findings.length;
  out.push(
    '',
    `${total} finding${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info) in ${r.durationMs} ms`,
  );
  if (r.baseline) out.push(baselineLine(r.baseline));
  return out.join('\n').replace(/^\n/, '') + '\n';
}

/** "Baseline twelve-factor.baseline.json: 12 findings not shown, 3 entries fixed since (--prune-baseline drops them)." */
function baselineLine(b: BaselineSummary): string {
  const stale = b.stale
    ? `, ${b.stale} entr${b.stale === 1 ? 'y' : 'ies'} fixed since (--prune-baseline removes ${b.stale === 1 ? 'it' : 'them'})`
    : '';
  return `Baseline ${visible(b.file)}: ${b.baselined} finding${b.baselined === 1 ? '' : 's'} not shown${stale}.`;
}

/**
 * Workspace text as Markdown text: control characters shown as escapes, and what changes meaning inside a line
 * escaped (emphasis, links, code, HTML, table cells, strikethrough).
 */
const mdText = (s: string) => visible(s).replace(/[\\`*_[\]<>|~]/g, '\\$&');

/** A code span that holds `s` whatever backticks it contains. */
function mdCode(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${visible(s)} ${fence}` : `${fence}${visible(s)}${fence}`;
}

/**
 * Markdown, for "Export Report" in the editor, a pull request, and `--format markdown` as a CI job summary. Each rule id
 * links to its docs page at this version.
 */
export function toMarkdown(r: Report, title = 'Twelve-Factor report'): string {
  const icon = { pass: '✅', warn: '⚠️', fail: '❌', 'not-applicable': '➖' } as const;
  const n = r.findings.length;
  const out: string[] = [
    `# ${title}`,
    '',
    `Scanned ${mdCode(r.repoRoot ? relFile(r.repoRoot, r.root) : r.root)} in ${r.durationMs} ms: ${n} finding${n === 1 ? '' : 's'}.`,
    '',
    '| Factor | Status | Findings |',
    '| --- | --- | --- |',
  ];
  for (const c of r.checklist)
    out.push(`| [${factorLabel(c.factor)}](${c.url}) | ${icon[c.status]} ${c.status} | ${c.findings.length} |`);
  for (const c of r.checklist) {
    if (!c.findings.length) continue;
    out.push('', `## ${factorLabel(c.factor)}`, '');
    for (const f of c.findings) {
      out.push(
        `- **${f.severity}** ${mdCode(`${relFile(r.root, f.uri)}:${f.range.start.line + 1}`)} ${mdText(f.message)} ([${f.ruleId}](${docsWebUrl(f.ruleId, r.version)}))`,
      );
    }
  }
  // The engine's own reports on suppression comments belong to no factor: listed after the factors.
  const unfactored = r.findings.filter((f) => factorOf(r.rules, f.ruleId) === 0);
  if (unfactored.length) out.push('', '## Suppression comments', '');
  for (const f of unfactored)
    out.push(
      `- **${f.severity}** ${mdCode(`${relFile(r.root, f.path)}:${f.range.start.line + 1}`)} ${mdText(f.message)} ([${f.ruleId}](${docsWebUrl(f.ruleId, r.version)}))`,
    );
  return out.join('\n') + '\n';
}
