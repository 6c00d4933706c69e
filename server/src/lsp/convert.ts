// Engine ↔ LSP conversions: paths and URIs, findings and diagnostics, fixes and workspace edits.
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CodeAction, CodeActionKind, CreateFile, Diagnostic, DiagnosticSeverity, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../engine/types';
import { DIAGNOSTIC_SOURCE } from '../../../shared/protocol';
import { docsUrl } from '../engine/docs';

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

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    message: f.message,
  };
}

export function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** `version` gives the open documents' versions: edits to them are rejected if the user typed since. */
export function toWorkspaceEdit(fix: Fix, version: (uri: string) => number | null): WorkspaceEdit | undefined {
  if (!fix.edits?.length) return undefined;
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const e of fix.edits) {
    const uri = pathToUri(e.path);
    if (e.create) documentChanges.push(CreateFile.create(uri, { ignoreIfExists: true }));
    documentChanges.push(TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, e.create ? null : version(uri)), e.edits));
  }
  return { documentChanges };
}

export function toCodeAction(fix: Fix, diagnostic: Diagnostic | undefined, version: (uri: string) => number | null, kind: string = CodeActionKind.QuickFix): CodeAction {
  const action = CodeAction.create(fix.title, kind);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  const edit = toWorkspaceEdit(fix, version);
  if (edit) action.edit = edit;
  if (fix.command) action.command = fix.command;
  return action;
}
