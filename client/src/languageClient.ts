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

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    // `--inspect` lets "Attach to Node Process" debug the server when the extension runs in development mode.
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    // The server decides by file name and language what it analyses; it needs to see every file buffer.
    documentSelector: [{ scheme: 'file' }],
    synchronize: { fileEvents: watcher },
    // Settings changes reach the server through the didChangeConfiguration registration it makes for `twelveFactor`.
    initializationOptions: () => ({ settings: initialSettings() }),
    outputChannel: output,
    // Diagnostics are the interface; an error in the log should not steal focus from the editor.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    progressOnInitialization: false,
  };
  // The id makes the client honour `twelveFactor.trace.server`.
  return new LanguageClient(CLIENT_ID, 'Twelve-Factor', serverOptions, clientOptions);
}
