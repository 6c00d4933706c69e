// Entry point: `node dist/server.js --stdio` (or --node-ipc / --socket=N, as vscode-languageserver supports).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { guardFraming, lifecycleGate } from './guards';
import { VERSION } from '../../../shared/version';

const USAGE = `Usage: twelve-factor-lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

The Twelve-Factor language server: editors start it and speak LSP to it (over stdio by default).
  --version   print the version and exit`;

// Answered before a connection exists: the connection would wait for a client (or fail without a transport).
const flags = process.argv.slice(2);
if (flags.some((a) => ['--version', '-v', '--help', '-h'].includes(a))) {
  process.stdout.write(`${flags.includes('--version') || flags.includes('-v') ? VERSION : USAGE}\n`);
  process.exit(0);
}

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
