// Fixes every rule gets: "disable for this line" and "show documentation".
import * as path from 'path';
import type { Finding, Fix, FixContext } from '../core/types';
import { Commands } from '../../../shared/protocol';
import { docsUrl } from '../core/docs';
import { LineIndex, eolOf } from '../util/text';

const DIRECTIVE = 'twelve-factor-disable-next-line';

function commentPrefix(file: string): string | undefined {
  const base = path.basename(file);
  if (/\.[cm]?[jt]sx?$/.test(base) || base.endsWith('.prisma')) return '//';
  // JSON has no comments; version files are read by tools that take their first line as the version.
  if (/\.json$/.test(base) || /^\.(nvmrc|node-version|tool-versions)$/.test(base)) return undefined;
  return '#'; // .env, Dockerfile, Procfile, YAML, .gitignore
}

export function disableFix(finding: Finding, ctx: FixContext): Fix | undefined {
  const prefix = commentPrefix(finding.path);
  const text = ctx.read(finding.path);
  if (!prefix || text === undefined) return undefined;
  const lines = new LineIndex(text);
  const line = finding.range.start.line;
  const prev = line > 0 ? lines.lineText(line - 1) : '';
  const title = `Disable ${finding.ruleId} for this line`;
  const existing = prev.indexOf(DIRECTIVE);
  if (existing >= 0) {
    // Extend the directive already above the line rather than stacking a second one.
    if (prev.includes(finding.ruleId)) return undefined;
    const ids = prev.slice(existing + DIRECTIVE.length).trim();
    if (!ids || !ids.includes('/')) return undefined; // already disables every rule
    const end = prev.length - (prev.length - prev.trimEnd().length);
    return {
      title,
      edits: [
        {
          path: finding.path,
          edits: [
            {
              range: { start: { line: line - 1, character: end }, end: { line: line - 1, character: end } },
              newText: `, ${finding.ruleId}`,
            },
          ],
        },
      ],
    };
  }
  const indent = /^\s*/.exec(lines.lineText(line))![0];
  const insert = { line, character: 0 };
  return {
    title,
    edits: [
      {
        path: finding.path,
        edits: [
          {
            range: { start: insert, end: insert },
            newText: `${indent}${prefix} ${DIRECTIVE} ${finding.ruleId}${eolOf(text)}`,
          },
        ],
      },
    ],
  };
}

export function genericFixes(finding: Finding, ctx: FixContext): Fix[] {
  const fixes: Fix[] = [];
  const disable = disableFix(finding, ctx);
  if (disable) fixes.push(disable);
  fixes.push({
    title: `Show documentation for ${finding.ruleId}`,
    command: {
      title: 'Show documentation',
      command: Commands.showDocumentation,
      arguments: [{ ruleId: finding.ruleId, url: docsUrl(finding.ruleId) }],
    },
  });
  return fixes;
}
