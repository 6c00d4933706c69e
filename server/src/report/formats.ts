// Report formats for the CLI: stylish text, JSON and SARIF 2.1.0.
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Finding, Rule } from '../engine/types';
import type { ChecklistFactor } from '../../../shared/protocol';
import { FACTORS, factorLabel } from '../engine/factors';
import { docsMarkdown } from '../engine/docs';
import { toPosix } from '../util/text';

export interface Report {
  root: string;
  findings: Finding[];
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
  return toPosix(path.relative(root, p)) || path.basename(p);
}

export function toJson(r: Report): string {
  return JSON.stringify({
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
    })),
    checklist: r.checklist.map((c) => ({ factor: c.factor, name: c.name, status: c.status, findings: c.findings.length })),
  }, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export function toSarif(r: Report): string {
  const used = [...new Set(r.findings.map((f) => f.ruleId))];
  const rules = r.rules.filter((x) => used.includes(x.meta.id));
  const index = new Map(rules.map((x, i) => [x.meta.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
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
            defaultConfiguration: { level: SARIF_LEVEL[x.meta.severity] },
            properties: { tags: ['twelve-factor', `factor-${factorOf(r.rules, x.meta.id)}`, x.meta.factor] },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(path.resolve(r.root)).href}/` } },
      results: r.findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: encodeURI(relFile(r.root, f.path)), uriBaseId: 'SRCROOT' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        }],
      })),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

const useColor = () => !!process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (useColor() ? `\x1b[${code}m${s}\x1b[0m` : s);

export function toText(r: Report): string {
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const k = relFile(r.root, f.path);
    byFile.set(k, [...(byFile.get(k) ?? []), f]);
  }
  for (const [file, list] of byFile) {
    out.push('', paint('4', file));
    for (const f of list) {
      const sev = f.severity === 'error' ? paint('31', 'error  ') : f.severity === 'warning' ? paint('33', 'warning') : paint('36', f.severity.padEnd(7));
      out.push(`  ${`${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(8)} ${sev}  ${f.message}  ${paint('2', f.ruleId)}`);
    }
  }
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of r.findings) counts[f.severity]++;
  out.push('', paint('1', 'Twelve-Factor checklist'));
  for (const c of r.checklist) {
    const mark = { pass: paint('32', '✓ pass'), warn: paint('33', '! warn'), fail: paint('31', '✗ fail'), 'not-applicable': paint('2', '- n/a ') }[c.status];
    const n = c.findings.length;
    out.push(`  ${mark}  ${factorLabel(c.factor).padEnd(24)} ${n ? `${n} finding${n === 1 ? '' : 's'}` : ''}`.trimEnd());
  }
  const total = r.findings.length;
  out.push('', `${total} finding${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info) in ${r.durationMs} ms`);
  return out.join('\n').replace(/^\n/, '') + '\n';
}

/** Markdown, for "Export Report" in the editor and for pasting into a pull request. */
export function toMarkdown(r: Report, title = 'Twelve-Factor report'): string {
  const icon = { pass: '✅', warn: '⚠️', fail: '❌', 'not-applicable': '➖' } as const;
  const out: string[] = [`# ${title}`, '', `Scanned \`${r.root}\` in ${r.durationMs} ms: ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}.`, '', '| Factor | Status | Findings |', '| --- | --- | --- |'];
  for (const c of r.checklist) out.push(`| [${factorLabel(c.factor)}](${c.url}) | ${icon[c.status]} ${c.status} | ${c.findings.length} |`);
  for (const c of r.checklist) {
    if (!c.findings.length) continue;
    out.push('', `## ${factorLabel(c.factor)}`, '');
    for (const f of c.findings) {
      out.push(`- **${f.severity}** \`${relFile(r.root, f.uri)}:${f.range.start.line + 1}\` ${f.message.replace(/\|/g, '\\|')} (\`${f.ruleId}\`)`);
    }
  }
  return out.join('\n') + '\n';
}
