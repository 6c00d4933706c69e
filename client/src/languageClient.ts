// The language client: runs dist/server.js in a Node process over IPC and keeps it in sync with the workspace.
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_ID, SETTINGS_SECTION } from '../../shared/protocol';

/** Every file the engine models: sources, manifests, lockfiles, env files, container and process definitions. */
export const WATCH_GLOB =
  '**/{*.js,*.jsx,*.ts,*.tsx,*.mjs,*.cjs,*.mts,*.cts,package.json,package-lock.json,yarn.lock,pnpm-lock.yaml,bun.lock,' +
  '.env,.env.*,.gitignore,Dockerfile,Dockerfile.*,*.dockerfile,Containerfile,Procfile,docker-compose*.yml,compose*.yml,' +
  'tsconfig*.json,jsconfig*.json,.nvmrc,.node-version,.tool-versions,*.prisma,*.json,*.yml,*.yaml}';

/** The settings the server starts with; afterwards it pulls them per folder through workspace/configuration. */
export function initialSettings(scope?: vscode.Uri) {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope ?? vscode.workspace.workspaceFolders?.[0]?.uri);
  return {
    enable: c.get<boolean>('enable', true),
    run: c.get<string>('run', 'onType'),
    rules: c.get<Record<string, string>>('rules', {}),
    exclude: c.get<string[]>('exclude', []),
  };
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, watcher: vscode.FileSystemWatcher): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    // `--inspect` lets "Attach to Node Process" debug the server when the extension runs in development mode.
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The server decides by file name and language what it analyses; it needs to see every file buffer.
    documentSelector: [{ scheme: 'file' }],
    synchronize: { fileEvents: watcher },
    // Settings changes reach the server through the didChangeConfiguration registration it makes for `twelveFactor`.
    initializationOptions: () => ({ settings: initialSettings() }),
    outputChannel: output,
    // Diagnostics are the interface; an error in the log should not steal focus from the editor.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  // The id makes the client honour `twelveFactor.trace.server`.
  return new LanguageClient(CLIENT_ID, 'Twelve-Factor', serverOptions, clientOptions);
}

/**
 * Owns the language client. A client whose start failed cannot be started again, so a restart from that state
 * replaces it; `wire` attaches the extension's handlers to every client made.
 */
export class ServerHandle implements vscode.Disposable {
  private current: LanguageClient | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private wiring: vscode.Disposable[] = [];

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

  async start(): Promise<void> {
    if (!this.current) {
      this.watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
      this.current = createClient(this.context, this.output, this.watcher);
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
