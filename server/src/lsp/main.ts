// Entry point: `node dist/server.js --stdio` (or --node-ipc / --socket=N, as vscode-languageserver supports).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { guardFraming, lifecycleGate } from './guards';

const gate = lifecycleGate();
const connection = createConnection(ProposedFeatures.all, { messageStrategy: gate.strategy });
gate.attach(connection);
// A bug must not take the editor's diagnostics away: log it and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`Twelve-Factor: uncaught ${e.stack ?? e}`));
process.on('unhandledRejection', (e) =>
  connection.console.error(`Twelve-Factor: unhandled ${(e as Error)?.stack ?? e}`),
);
startServer(connection);
// A stream the reader can no longer follow leaves the server deaf: exit, so that the client restarts it.
if (process.argv.slice(2).includes('--stdio')) {
  guardFraming(process.stdin, (reason) => {
    process.stderr.write(`Twelve-Factor: exiting: the client sent ${reason}.\n`);
    process.exit(1);
  });
}
