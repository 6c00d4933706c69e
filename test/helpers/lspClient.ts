// A real LSP client over stdio for tier-2 tests: spawns the built server and speaks JSON-RPC to it.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  WorkDoneProgressCreateRequest,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeConfigurationNotification,
  CodeActionRequest,
  LogMessageNotification,
  RegistrationRequest,
  HoverRequest,
  type Diagnostic,
  type Hover,
  type Position,
  type ProtocolConnection,
  type WorkspaceEdit,
  type TextDocumentEdit,
  type CreateFile,
  type CodeAction,
  type Command,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/util/text';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export const uri = (p: string) => pathToFileURL(p).toString();

/** Polls `check` until it returns a truthy value or the deadline passes; never a fixed sleep. */
export async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly logs: string[] = [];
  readonly progress: unknown[] = [];
  /** The methods the server registered dynamically (client/registerCapability). */
  readonly registered: string[] = [];
  notifications: { method: string; params: unknown }[] = [];
  settings: Record<string, unknown> = { enable: true, run: 'onType', rules: {}, exclude: [] };
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  private versions = new Map<string, number>();
  exitCode: number | null | undefined = undefined;

  /** `command`: how to start the server; the built bundle by default, an installed bin in the package test. */
  constructor(
    readonly root: string,
    command: string[] = [process.execPath, SERVER, '--stdio'],
  ) {
    this.proc = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.on('exit', (code) => {
      this.exitCode = code;
    });
    this.proc.stderr!.on('data', (d) => this.logs.push(`stderr: ${d}`));
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
    });
    this.conn.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
    });
    this.conn.onNotification('twelveFactor/checklistChanged', () => {
      this.notifications.push({ method: 'twelveFactor/checklistChanged', params: undefined });
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    this.conn.onRequest(WorkDoneProgressCreateRequest.type, () => {
      /* accepted */
    });
    this.conn.onRequest(RegistrationRequest.type, (p) => {
      this.registered.push(...p.registrations.map((r) => r.method));
    });
    this.conn.listen();
  }

  /** `hoverFormats`: the hover content formats the client says it renders, Markdown first as VS Code does. */
  /** `workspace`: capabilities added to the client's workspace ones. */
  async initialize(
    hoverFormats: string[] = ['markdown', 'plaintext'],
    workspace: Record<string, unknown> = {},
    initializationOptions?: Record<string, unknown>,
  ): Promise<InitializeResult> {
    const result = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      initializationOptions,
      rootUri: uri(this.root),
      workspaceFolders: [{ uri: uri(this.root), name: path.basename(this.root) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
          didChangeWatchedFiles: { dynamicRegistration: true },
          ...workspace,
        },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          hover: { contentFormat: hoverFormats as ('markdown' | 'plaintext')[] },
        },
      },
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    return result;
  }

  diagnosticsOf(rel: string): Diagnostic[] {
    return this.diagnostics.get(uri(path.join(this.root, rel))) ?? [];
  }

  codes(rel: string): string[] {
    return this.diagnosticsOf(rel)
      .map((d) => String(d.code))
      .sort();
  }

  async open(rel: string): Promise<void> {
    const p = path.join(this.root, rel);
    this.versions.set(p, 1);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: uri(p), languageId: 'javascript', version: 1, text: fs.readFileSync(p, 'utf8') },
    });
  }

  /** Replaces the whole buffer (not saved to disk). */
  async change(rel: string, text: string): Promise<void> {
    const p = path.join(this.root, rel);
    const v = (this.versions.get(p) ?? 1) + 1;
    this.versions.set(p, v);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri(p), version: v },
      contentChanges: [{ text }],
    });
  }

  version(rel: string): number | undefined {
    return this.versions.get(path.join(this.root, rel));
  }

  async watched(changes: { rel: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: changes.map((c) => ({ uri: uri(path.join(this.root, c.rel)), type: c.type })),
    });
  }

  async configure(settings: Record<string, unknown>): Promise<void> {
    this.settings = { ...this.settings, ...settings };
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  }

  codeActions(rel: string, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[] | null> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri(path.join(this.root, rel)) },
      range,
      context: { diagnostics, only },
    });
  }

  hover(rel: string, position: Position): Promise<Hover | null> {
    return this.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: uri(path.join(this.root, rel)) },
      position,
    });
  }

  /** Applies a WorkspaceEdit to disk the way an editor would, checking versions of documents it has open. */
  applyEdit(edit: WorkspaceEdit): void {
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        const p = new URL((change as CreateFile).uri).pathname;
        if (!fs.existsSync(p)) fs.writeFileSync(p, '');
        continue;
      }
      const te = change as TextDocumentEdit;
      const p = decodeURIComponent(new URL(te.textDocument.uri).pathname);
      const open = this.versions.get(p);
      if (te.textDocument.version !== null && open !== undefined && te.textDocument.version !== open)
        throw new Error(`stale edit for ${p}`);
      const before = fs.readFileSync(p, 'utf8');
      const lines = new LineIndex(before);
      const edits = te.edits
        .map((e) => ({
          s: lines.offset(e.range.start),
          e: lines.offset(e.range.end),
          t: 'newText' in e ? e.newText : e.snippet.value,
        }))
        .sort((a, b) => b.s - a.s);
      let text = before;
      for (const e of edits) text = text.slice(0, e.s) + e.t + text.slice(e.e);
      fs.writeFileSync(p, text);
    }
  }

  async stop(): Promise<number | null> {
    if (this.exitCode === undefined) {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
      await until('server exit', () => this.exitCode !== undefined, 5000);
    }
    this.conn.dispose();
    return this.exitCode ?? null;
  }
}
