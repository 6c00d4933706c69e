// Entry point of the VS Code extension: starts the Twelve-Factor language server and connects the checklist view,
// the status item and the commands to it. Everything the user sees is computed by the server.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { Commands, Methods, type ChecklistResult, type ScanStatus } from '../../shared/protocol';
import { ChecklistView } from './checklistView';
import { registerCommands } from './commands';
import { docsUriHandler } from './docsLinks';
import { scoreOf } from './format';
import { MAX_RESTARTS, ServerHandle } from './languageClient';
import { ManualChecks } from './manualChecks';
import { StatusItem } from './statusItem';

/** What `activate` returns: other extensions and the integration tests read the checklist through it. */
export interface TwelveFactorApi {
  /** The server's current checklist; undefined while the server is not running. */
  checklist(): Promise<ChecklistResult | undefined>;
  /** The server's process, and what the status item and the checklist panel say about it. */
  serverStatus(): ServerStatus;
}

export interface ServerStatus {
  /** Process id of the running server. */
  pid: number | undefined;
  /** The status item's text and tooltip. */
  statusText: string;
  statusTooltip: string;
  /** The message above the checklist ('' when none). */
  checklistMessage: string;
}

let server: ServerHandle | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<TwelveFactorApi> {
  const output = vscode.window.createOutputChannel('Twelve-Factor', { log: true });
  const status = new StatusItem();
  let view: ChecklistView | undefined;
  /** Set while a restart is in progress, so its stop is not reported as a failure. */
  let restarting = false;

  const onStatus = (s: ScanStatus) => {
    status.onScanStatus(s);
    view?.onScanStatus(s);
  };

  const wire = (client: LanguageClient): vscode.Disposable[] => [
    client.onNotification(Methods.scanStatus, onStatus),
    client.onNotification(Methods.checklistChanged, () => view?.scheduleRefresh()),
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Starting) {
        status.starting();
        view?.setServerMessage('Starting the Twelve-Factor server…');
      } else if (newState === State.Running) {
        view?.setServerMessage(undefined);
        view?.refresh();
      } else if ((newState === State.Stopped || newState === State.StartFailed) && !restarting) {
        // Stopped is also passed through on the way to an automatic restart, which sets Starting in the same tick;
        // StartFailed is where the client ends when the server it gives up on died while starting.
        if (handle.gaveUp) {
          status.stopped(
            `the server stopped after crashing ${MAX_RESTARTS + 1} times in 3 minutes. See the output for why.`,
          );
          view?.setServerMessage(
            `The Twelve-Factor server crashed ${MAX_RESTARTS + 1} times in 3 minutes and was not restarted. Run "Twelve-Factor: Restart Server".`,
          );
        } else {
          status.stopped('the server stopped. See the output for why.');
          view?.setServerMessage('The Twelve-Factor server is not running. Run "Twelve-Factor: Restart Server".');
        }
        view?.refresh();
      }
    }),
  ];

  const handle = new ServerHandle(context, output, wire);
  server = handle;
  view = new ChecklistView(handle, new ManualChecks(context.workspaceState), output);
  // Between two status notifications the tree may load a newer checklist: keep the score in step with it.
  view.onDidLoad((r) => {
    if (!r.scanning) status.onScore(scoreOf(r));
  });

  const failed = (e: unknown) => {
    output.error(`The server could not start: ${(e as Error)?.stack ?? e}`);
    status.stopped(`the server could not start: ${(e as Error)?.message ?? e}`);
    view?.setServerMessage('The Twelve-Factor server could not start. See "Twelve-Factor: Show Output Channel".');
  };

  const restart = async () => {
    restarting = true;
    status.starting();
    try {
      await handle.restart();
      output.info('Server restarted.');
    } catch (e) {
      failed(e);
    } finally {
      restarting = false;
    }
  };

  context.subscriptions.push(
    output,
    status,
    view,
    handle,
    ...registerCommands({ server: handle, output, restart, extensionUri: context.extensionUri }),
    // Rule links in the Problems panel and the diagnostic hover arrive here (see docsLinks.ts).
    vscode.window.registerUriHandler(
      docsUriHandler(async (ruleId) => {
        await vscode.commands.executeCommand(Commands.showDocumentation, { ruleId });
      }),
    ),
  );

  try {
    await handle.start();
  } catch (e) {
    failed(e);
  }

  return {
    checklist: async () => {
      const client = handle.client;
      return client?.isRunning() ? client.sendRequest<ChecklistResult>(Methods.checklist) : undefined;
    },
    serverStatus: () => ({ pid: handle.pid, ...status.shown(), checklistMessage: view?.view.message ?? '' }),
  };
}

export async function deactivate(): Promise<void> {
  // Stop the server cleanly (shutdown + exit) rather than leave VS Code to kill it.
  await server?.stop();
  server = undefined;
}
