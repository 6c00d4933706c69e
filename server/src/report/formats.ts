// Report formats for the CLI: stylish text, JSON and SARIF 2.1.0.
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Finding, ReportedFinding, Rule } from '../core/types';
import { SARIF_FINGERPRINT_KEY } from '../core/fingerprint';
import type { ChecklistFactor } from '../../../shared/protocol';
import { FACTORS, factorLabel } from '../core/factors';
import { docsMarkdown } from '../core/docs';
import { sarifTemplate } from '../core/messages';
import { UNUSED_SUPPRESSION } from '../engine/suppress';

export interface Report {
  root: string;
  findings: ReportedFinding[];
  checklist: ChecklistFactor[];
  rules: readonly Rule[];
  durationMs: number;
  version: string;
}

const factorOf = (rules: readonly Rule[], id: string): number => {
  const slug = rules.find((r) => r.meta.id === id)?.meta.factor;
  return FACTORS.find((f) => f.slug === slug)?.n ?? 0;
};

function relFile(root: string, p: string): string {
  // Only the platform's separator: on POSIX a backslash is part of a file name.
  return path.relative(root, p).split(path.sep).join('/') || path.basename(p);
}

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

export function toJson(r: Report): string {
  return (
    JSON.stringify(
      {
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
        })),
        checklist: r.checklist.map((c) => ({
          factor: c.factor,
          name: c.name,
          status: c.status,
          ...(c.partial ? { partial: true } : {}),
          findings: c.findings.length,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export function toSarif(r: Report): string {
  const used = [...new Set(r.findings.map((f) => f.ruleId))];
  // The rules', then the engine's own report on suppression comments (no factor's).
  const rules = [
    ...r.rules
      .filter((x) => used.includes(x.meta.id))
      .map((x) => ({ meta: x.meta, tags: ['twelve-factor', `factor-${factorOf(r.rules, x.meta.id)}`, x.meta.factor] })),
    ...[UNUSED_SUPPRESSION].filter((m) => used.includes(m.id)).map((meta) => ({ meta, tags: ['twelve-factor'] })),
  ];
  const index = new Map(rules.map((x, i) => [x.meta.id, i]));
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
            rules: rules.map((x) => ({
              id: x.meta.id,
              name: x.meta.id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()),
              shortDescription: { text: x.meta.description },
              fullDescription: { text: x.meta.description },
              help: { text: x.meta.description, markdown: docsMarkdown(x.meta.id) ?? x.meta.description },
              messageStrings: Object.fromEntries(
                Object.entries(x.meta.messages).map(([id, t]) => [id, { text: sarifTemplate(t) }]),
              ),
              defaultConfiguration: { level: SARIF_LEVEL[x.meta.severity] },
              properties: { tags: x.tags },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(path.resolve(r.root)).href}/` } },
        results: r.findings.map((f) => ({
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
                artifactLocation: { uri: relativeUri(relFile(r.root, f.path)), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
        })),
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
    const what = [n ? `${n} finding${n === 1 ? '' : 's'}` : '', c.partial ? 'partly analysed' : '']
      .filter(Boolean)
      .join(', ');
    out.push(`  ${mark}  ${factorLabel(c.factor).padEnd(24)} ${what}`.trimEnd());
  }
  const total = r.findings.length;
  out.push(
    '',
    `${total} finding${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info) in ${r.durationMs} ms`,
  );
  return out.join('\n').replace(/^\n/, '') + '\n';
}

/** Markdown, for "Export Report" in the editor and for pasting into a pull request. */
export function toMarkdown(r: Report, title = 'Twelve-Factor report'): string {
  const icon = { pass: '✅', warn: '⚠️', fail: '❌', 'not-applicable': '➖' } as const;
  const out: string[] = [
    `# ${title}`,
    '',
    `Scanned \`${r.root}\` in ${r.durationMs} ms: ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}.`,
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
        `- **${f.severity}** \`${relFile(r.root, f.uri)}:${f.range.start.line + 1}\` ${f.message.replace(/\|/g, '\\|')} (\`${f.ruleId}\`)`,
      );
    }
  }
  return out.join('\n') + '\n';
}
