// The language client: runs dist/server.js in a Node process over IPC and keeps it in sync with the workspace.
import * as vscode from 'vscode';
import {
  CloseAction,
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CLIENT_ID, SETTINGS_SECTION, WATCH_GLOB } from '../../shared/protocol';
import { docsMiddleware } from './docsLinks';

/** The settings the server starts with; afterwards it pulls them per folder through workspace/configuration. */
export function initialSettings(scope?: vscode.Uri) {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope ?? vscode.workspace.workspaceFolders?.[0]?.uri);
  return {
    enable: c.get<boolean>('enable', true),
    run: c.get<string>('run', 'onType'),
    rules: c.get<Record<string, string>>('rules', {}),
    exclude: c.get<string[]>('exclude', []),
    requireSuppressionReason: c.get<boolean>('requireSuppressionReason', false),
  };
}

/** How often a dead server is restarted within 3 minutes (vscode-languageclient's default); the next death stops it. */
export const MAX_RESTARTS = 4;

function createClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  watcher: vscode.FileSystemWatcher,
  onGiveUp: () => void,
): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    // `--inspect` lets "Attach to Node Process" debug the server when the extension runs in development mode.
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // The server decides by file name and language what it analyses; it needs to see every file buffer.
    documentSelector: [{ scheme: 'file' }],
    synchronize: { fileEvents: watcher },
    // Settings changes reach the server through the didChangeConfiguration registration it makes for `twelveFactor`.
    // cacheDir: where the server keeps each file's analysis between sessions (a warm start parses only what changed).
    initializationOptions: () => ({
      settings: initialSettings(),
      cacheDir: (context.storageUri ?? context.globalStorageUri)?.fsPath,
    }),
    outputChannel: output,
    // Diagnostics are the interface; an error in the log should not steal focus from the editor.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: docsMiddleware(),
  };
  // The library's own restart policy, told apart from a normal stop so the UI can say the server was given up on.
  let policy: ErrorHandler | undefined;
  clientOptions.errorHandler = {
    error: (error, message, count) => policy!.error(error, message, count),
    closed: async () => {
      const result = await policy!.closed();
      if (result.action === CloseAction.DoNotRestart) onGiveUp();
      return result;
    },
  };
  // The id makes the client honour `twelveFactor.trace.server`.
  const client = new LanguageClient(CLIENT_ID, 'Twelve-Factor', serverOptions, clientOptions);
  policy = client.createDefaultErrorHandler(MAX_RESTARTS);
  return client;
}

/**
 * Owns the language client. A client whose start failed cannot be started again, so a restart from that state
 * replaces it; `wire` attaches the extension's handlers to every client made.
 */
export class ServerHandle implements vscode.Disposable {
  private current: LanguageClient | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private wiring: vscode.Disposable[] = [];
  private crashedTooOften = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly wire: (client: LanguageClient) => vscode.Disposable[],
  ) {}

  get client(): LanguageClient | undefined {
    return this.current;
  }

  isRunning(): boolean {
    return this.current?.isRunning() ?? false;
  }

  /** The server's process id while one runs. */
  get pid(): number | undefined {
    return this.current?.serverProcess?.pid;
  }

  /** True once the server died more often than the client restarts it: it stays stopped until a manual restart. */
  get gaveUp(): boolean {
    return this.crashedTooOften;
  }

  async start(): Promise<void> {
    if (!this.current) {
      this.crashedTooOften = false;
      this.watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
      this.current = createClient(this.context, this.output, this.watcher, () => {
        this.crashedTooOften = true;
      });
      this.wiring = this.wire(this.current);
    }
    await this.current.start();
  }

  async restart(): Promise<void> {
    if (this.current?.isRunning()) {
      await this.current.restart();
      return;
    }
    await this.stop();
    await this.start();
  }

  /** Stops the server and drops the client; `start` makes a fresh one. */
  async stop(): Promise<void> {
    const client = this.current;
    this.current = undefined;
    for (const d of this.wiring) d.dispose();
    this.wiring = [];
    this.watcher?.dispose();
    this.watcher = undefined;
    if (!client) return;
    try {
      await client.dispose();
    } catch (e) {
      // A client that never started (or already crashed) has nothing to stop.
      this.output.debug(`Stopping the client: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    void this.stop();
  }
}
