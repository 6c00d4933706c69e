// Entry point: `node dist/server.js --stdio` (or --node-ipc / --socket=N, as vscode-languageserver supports).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// A bug must not take the editor's diagnostics away: log it and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`Twelve-Factor: uncaught ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Twelve-Factor: unhandled ${(e as Error)?.stack ?? e}`));
startServer(connection);
