// Fixes as code actions, safe against files that change outside the editor. An edit to an open document carries the
// document's version, so the editor rejects it if the user typed since. A file that isn't open has no version: its
// edit is computed from a fresh read (FreshReads), and when the client resolves code actions lazily, the edit is only
// handed over at resolve time (when the user picks the fix), after checking that every file it was computed from is
// unchanged. Otherwise the fix is refused, since an edit at stale offsets corrupts the file.
import { CodeAction, CodeActionKind, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix } from '../core/types';
import { hashOf, type FreshReads } from '../engine/freshRead';
import { pathToUri, toCodeAction, uriToPath } from './convert';

export interface ClientSupport {
  /** The client asks for `edit` in codeAction/resolve. */
  resolveEdit: boolean;
  /** The client shows disabled code actions with their reason. */
  disabled: boolean;
}

/** What a lazily resolved action carries: the edit, and the hash of every file it was computed from (null: none). */
export interface FixActionData {
  twelveFactorFix: true;
  /** The workspace folder whose engine computed the fix. */
  root: string;
  edit: WorkspaceEdit;
  hashes: Record<string, string | null>;
}

export function isFixActionData(data: unknown): data is FixActionData {
  const d = data as FixActionData | undefined;
  return !!d && d.twelveFactorFix === true && typeof d.root === 'string' && typeof d.hashes === 'object' && !!d.edit;
}

/** The code action for a fix, or undefined when the client can't show it (a disabled fix without client support). */
export function fixToAction(
  fix: Fix,
  diagnostic: Diagnostic | undefined,
  root: string,
  reads: FreshReads,
  version: (uri: string) => number | null,
  support: ClientSupport,
  kind: string = CodeActionKind.QuickFix,
): CodeAction | undefined {
  if (fix.disabled) {
    if (!support.disabled) return undefined;
    const action = CodeAction.create(fix.title, kind);
    if (diagnostic) action.diagnostics = [diagnostic];
    action.disabled = { reason: fix.disabled };
    return action;
  }
  const action = toCodeAction(fix, diagnostic, version, kind);
  const closed = (fix.edits ?? []).filter((fe) => version(pathToUri(fe.path)) === null).map((fe) => fe.path);
  if (!action.edit || !closed.length || !support.resolveEdit) return action;
  const hashes: Record<string, string | null> = {};
  for (const [p, h] of reads.hashes) hashes[p] = h;
  for (const p of closed) if (!(p in hashes)) hashes[p] = hashOf(reads.read(p));
  const data: FixActionData = { twelveFactorFix: true, root, edit: action.edit, hashes };
  action.data = data;
  delete action.edit;
  return action;
}

/**
 * Completes a lazily resolved action: the edit when every file it was computed from still reads the same and every
 * file it writes may still be written, else no edit and the files that changed.
 */
export function resolveFixAction(
  action: CodeAction,
  data: FixActionData,
  readNow: (path: string) => string | undefined,
  writable: (path: string, create: boolean) => boolean,
): { action: CodeAction; changed: string[] } {
  const changed = Object.entries(data.hashes)
    .filter(([p, h]) => hashOf(readNow(p)) !== h)
    .map(([p]) => p);
  const created = new Set(
    (data.edit.documentChanges ?? []).flatMap((c) => ('kind' in c && c.kind === 'create' ? [c.uri] : [])),
  );
  for (const c of data.edit.documentChanges ?? []) {
    if (!('textDocument' in c)) continue;
    const p = uriToPath(c.textDocument.uri);
    if (p && !writable(p, created.has(c.textDocument.uri)) && !changed.includes(p)) changed.push(p);
  }
  const resolved: CodeAction = { ...action };
  if (!changed.length) resolved.edit = data.edit;
  return { action: resolved, changed };
}
