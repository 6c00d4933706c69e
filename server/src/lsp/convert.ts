// Engine ↔ LSP conversions: paths and URIs, findings and diagnostics, fixes and workspace edits.
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CodeAction,
  CodeActionKind,
  CreateFile,
  Diagnostic,
  DiagnosticSeverity,
  MarkupKind,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  type Hover,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding, Fix, Position, Range, ReportedFinding, Severity } from '../core/types';
import { DIAGNOSTIC_SOURCE } from '../../../shared/protocol';
import { docsUrl } from '../core/docs';
import { BASELINE_FILE } from '../engine/baseline';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding | ReportedFinding): Diagnostic {
  const baselined = 'baselined' in f && !!f.baselined;
  return {
    range: f.range,
    // A baselined finding is accepted for now: shown, but as a hint, so the Problems panel lists what is new.
    severity: baselined ? DiagnosticSeverity.Hint : SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    message: f.message,
    // For clients and tools that key on the message template or the finding (the same ids as JSON and SARIF).
    data: {
      messageId: f.messageId,
      ...('fingerprint' in f ? { fingerprint: f.fingerprint } : {}),
      ...(baselined ? { baselined: true } : {}),
    },
  };
}

export function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

const atOrBefore = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Whether `p` is on the range, its end included, as editors show a diagnostic's hover. */
export function rangeContains(r: Range, p: Position): boolean {
  return atOrBefore(r.start, p) && atOrBefore(p, r.end);
}

/**
 * A message as Markdown: it quotes names, paths and values that must not render as Markdown (`SESSION_SECRET`,
 * `task:<name>`, `*.log`). Its `code spans` stay code; everything else is escaped.
 */
export function messageMarkdown(message: string): string {
  const escape = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
  const parts = message.split('`');
  if (parts.length % 2 === 0) return escape(message); // an unpaired backtick: no code spans
  return parts.map((s, i) => (i % 2 ? `\`${s}\`` : escape(s))).join('');
}

/**
 * The hover over twelve-factor diagnostics: per finding, its message, the rule's why and a link to the rule's docs
 * (the diagnostic's `codeDescription.href`). Messages are redacted by the rules that write them; the why and the
 * link are the project's own text, so nothing here can show a secret the diagnostic does not.
 */
export function toHover(
  findings: readonly Finding[],
  whyOf: (ruleId: string) => string | undefined,
  markdown: boolean,
): Hover | null {
  if (!findings.length) return null;
  const sections = findings.map((f) => {
    const why = whyOf(f.ruleId);
    // Parentheses would end a Markdown link destination early: an install path may contain them.
    const href = docsUrl(f.ruleId).replace(/\(/g, '%28').replace(/\)/g, '%29');
    const baselined =
      'baselined' in f && f.baselined ? `In the baseline (\`${BASELINE_FILE}\`): not counted as new.` : '';
    return markdown
      ? [
          messageMarkdown(f.message),
          why,
          baselined && messageMarkdown(baselined),
          `[${f.ruleId}](${href}): rule documentation`,
        ]
          .filter(Boolean)
          .join('\n\n')
      : [f.message, why, baselined, `${f.ruleId}: ${docsUrl(f.ruleId)}`].filter(Boolean).join('\n\n');
  });
  const range = findings.every((f) => sameRange(f.range, findings[0].range)) ? findings[0].range : undefined;
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: sections.join('\n\n---\n\n') },
    ...(range ? { range } : {}),
  };
}

/** `version` gives the open documents' versions: edits to them are rejected if the user typed since. */
export function toWorkspaceEdit(fix: Fix, version: (uri: string) => number | null): WorkspaceEdit | undefined {
  if (!fix.edits?.length) return undefined;
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const e of fix.edits) {
    const uri = pathToUri(e.path);
    if (e.create) documentChanges.push(CreateFile.create(uri, { ignoreIfExists: true }));
    documentChanges.push(
      TextDocumentEdit.create(
        OptionalVersionedTextDocumentIdentifier.create(uri, e.create ? null : version(uri)),
        e.edits,
      ),
    );
  }
  return { documentChanges };
}

export function toCodeAction(
  fix: Fix,
  diagnostic: Diagnostic | undefined,
  version: (uri: string) => number | null,
  kind: string = CodeActionKind.QuickFix,
): CodeAction {
  const action = CodeAction.create(fix.title, kind);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  const edit = toWorkspaceEdit(fix, version);
  if (edit) action.edit = edit;
  if (fix.command) action.command = fix.command;
  return action;
}
