// The extension's commands: the palette ones, and the internal ones server code actions and the tree call.
import * as vscode from 'vscode';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  type CodeAction,
  type LanguageClient,
} from 'vscode-languageclient/node';
import type { ServerHandle } from './languageClient';
import { CodeActionKinds, Commands, DIAGNOSTIC_SOURCE, Methods, Views, type ScanStatus } from '../../shared/protocol';
import type { FindingNode } from './checklistView';
import { isRuleId, ruleDocsUri } from './docsLinks';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Location {
  uri: string;
  range: Range;
}

export interface CommandDeps {
  server: ServerHandle;
  output: vscode.LogOutputChannel;
  restart(): Promise<void>;
  /** Where the bundled rule pages are: docs/rules inside it. */
  extensionUri: vscode.Uri;
}

const TERMINAL_NAME = 'Twelve-Factor';
const WEBSITE = 'https://12factor.net';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What Fix All did and what it left: "Fixed 3 problems. 2 left, with no fix safe to apply unattended (…)". */
function fixAllSummary(before: readonly vscode.Diagnostic[], fixed: readonly vscode.Diagnostic[]): string {
  // With a documentation link the code arrives as { value, target }.
  const code = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
  const same = (a: vscode.Diagnostic, b: vscode.Diagnostic) => code(a) === code(b) && a.range.isEqual(b.range);
  const left = before.filter((d) => !fixed.some((f) => same(d, f)));
  const done = `Twelve-Factor: fixed ${plural(fixed.length, 'problem')}.`;
  if (!left.length) return done;
  const byRule = new Map<string, number>();
  for (const d of left) byRule.set(code(d), (byRule.get(code(d)) ?? 0) + 1);
  const rules = [...byRule].map(([rule, n]) => (n > 1 ? `${rule} ×${n}` : rule)).join(', ');
  return `${done} ${left.length} left, with no fix safe to apply unattended (${rules}): use the light bulb on each to review its fixes.`;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { server, output } = deps;

  /** Requests need a running server; say so instead of failing silently. */
  const running = (): LanguageClient | undefined => {
    const client = server.client;
    if (client?.isRunning()) return client;
    void vscode.window
      .showErrorMessage('The Twelve-Factor server is not running.', 'Restart Server', 'Show Output')
      .then((pick) => {
        if (pick === 'Restart Server') void vscode.commands.executeCommand(Commands.restartServer);
        if (pick === 'Show Output') output.show(true);
      });
    return undefined;
  };

  const toRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

  /** Accepts a location ({ uri, range }) or a finding from the tree (context menu arguments are tree nodes). */
  const locationOf = (arg: Location | FindingNode | undefined): Location | undefined => {
    if (!arg) return undefined;
    if ('kind' in arg) return arg.kind === 'finding' ? { uri: arg.finding.uri, range: arg.finding.range } : undefined;
    return arg;
  };

  const reveal = async (arg: Location | FindingNode | undefined) => {
    const loc = locationOf(arg);
    if (!loc) return undefined;
    return vscode.window.showTextDocument(vscode.Uri.parse(loc.uri), { selection: toRange(loc.range), preview: true });
  };

  /** `url` is the server's link; a rule id alone (from links this extension rewrote) means the bundled page. */
  const showDocumentation = async (arg: { ruleId?: string; url?: string } | undefined) => {
    const uri = arg?.url
      ? vscode.Uri.parse(arg.url)
      : arg && isRuleId(arg.ruleId)
        ? ruleDocsUri(deps.extensionUri, arg.ruleId)
        : undefined;
    if (!uri) return;
    if (uri.scheme === 'http' || uri.scheme === 'https') {
      await vscode.env.openExternal(uri);
      return;
    }
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void vscode.window.showWarningMessage(
        `No documentation found for ${arg?.ruleId ?? 'this rule'} (${uri.fsPath}).`,
      );
      return;
    }
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // The built-in Markdown extension may be disabled: open the source instead.
      await vscode.commands.executeCommand('vscode.open', uri);
    }
  };

  const runInTerminal = async (arg: { cwd?: string; command?: string } | undefined) => {
    if (!arg?.command) return;
    // An untrusted repository's install scripts would run: ask first.
    if (!vscode.workspace.isTrusted) {
      const pick = await vscode.window.showWarningMessage(
        `This workspace is not trusted. Run "${arg.command}" in a terminal anyway?`,
        { modal: true },
        'Run',
        'Copy Command',
      );
      if (pick === 'Copy Command') await vscode.env.clipboard.writeText(arg.command);
      if (pick !== 'Run') return;
    }
    const cwd = arg.cwd;
    const sameCwd = (t: vscode.Terminal) => {
      const opts = t.creationOptions as vscode.TerminalOptions;
      return (typeof opts.cwd === 'string' ? opts.cwd : opts.cwd?.fsPath) === cwd;
    };
    let terminal = vscode.window.terminals.find(
      (t) => t.name === TERMINAL_NAME && t.exitStatus === undefined && sameCwd(t),
    );
    terminal ??= vscode.window.createTerminal({ name: TERMINAL_NAME, cwd });
    terminal.show();
    terminal.sendText(arg.command);
  };

  const rescan = () => {
    const client = running();
    if (!client) return;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Twelve-Factor: rescanning' },
      async () => {
        try {
          await client.sendRequest<ScanStatus>(Methods.rescan);
        } catch (e) {
          output.error(`Rescan failed: ${(e as Error).message}`);
          void vscode.window.showErrorMessage(`Twelve-Factor: rescan failed: ${(e as Error).message}`);
        }
      },
    );
  };

  const fixAllInFile = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Twelve-Factor: open a file to fix its problems.');
      return;
    }
    const client = running();
    if (!client) return;
    const doc = editor.document;
    const version = doc.version;
    // Ask our server directly rather than through vscode.executeCodeActionProvider: VS Code cancels that query
    // whenever any extension (de)registers a code-action provider for the document while it runs, which the
    // built-in TypeScript extension does as it starts, and other providers' actions are not ours to apply anyway.
    let actions: (vscode.CodeAction | vscode.Command)[];
    try {
      const result = await client.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) },
        range: client.code2ProtocolConverter.asRange(doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0))),
        context: { diagnostics: [], only: [CodeActionKinds.fixAll], triggerKind: CodeActionTriggerKind.Invoked },
      });
      // Edits to files that are not open come at resolve time, checked against the disk as it is then.
      const resolved = await Promise.all(
        (result ?? []).map((a) => {
          const action = typeof (a as { command?: unknown }).command === 'string' ? undefined : (a as CodeAction);
          return action && !action.edit && action.data !== undefined
            ? client.sendRequest(CodeActionResolveRequest.type, action)
            : a;
        }),
      );
      actions = (await client.protocol2CodeConverter.asCodeActionResult(resolved)) ?? [];
    } catch (e) {
      output.error(`Fix All in File failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`Twelve-Factor: Fix All in File failed: ${(e as Error).message}`);
      return;
    }
    if (doc.version !== version) {
      // The server answers nothing for a buffer that changed while it worked.
      void vscode.window.showWarningMessage('Twelve-Factor: the file changed while fixing. Try again.');
      return;
    }
    const mine = actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
    const before = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (!mine.length) {
      void vscode.window.showInformationMessage(
        before.length
          ? `Twelve-Factor: none of the ${plural(before.length, 'problem')} in this file has a fix safe to apply unattended. Use the light bulb on each to review its fixes.`
          : 'Twelve-Factor: no problems in this file.',
      );
      return;
    }
    for (const action of mine) {
      // isRefactoring lets VS Code save the files the edit touches that the user had not opened (.env, .gitignore).
      if (action.edit && !(await vscode.workspace.applyEdit(action.edit, { isRefactoring: true }))) {
        void vscode.window.showWarningMessage('Twelve-Factor: the file changed while fixing. Try again.');
        return;
      }
      if (action.command)
        await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    }
    void vscode.window.showInformationMessage(
      fixAllSummary(
        before,
        mine.flatMap((a) => a.diagnostics ?? []),
      ),
    );
  };

  const exportReport = async () => {
    const client = running();
    if (!client) return;
    const markdown = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Twelve-Factor: building report' },
      () => client.sendRequest<string>(Methods.report),
    );
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
    await vscode.window.showTextDocument(doc, { preview: false });
  };

  const openWebsite = async (arg?: { kind?: string; factor?: { url?: string } }) => {
    // From a factor's context menu, open that factor's page.
    const url = arg?.kind === 'factor' && arg.factor?.url ? arg.factor.url : WEBSITE;
    await vscode.env.openExternal(vscode.Uri.parse(url));
  };

  const register = (id: string, fn: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown);
  return [
    register(Commands.rescan, rescan),
    register(Commands.fixAllInFile, fixAllInFile),
    register(Commands.showOutput, () => output.show(true)),
    register(Commands.restartServer, () => deps.restart()),
    register(Commands.openChecklist, () => vscode.commands.executeCommand(`${Views.checklist}.focus`)),
    register(Commands.exportReport, exportReport),
    register(Commands.collapseAll, () =>
      vscode.commands.executeCommand(`workbench.actions.treeView.${Views.checklist}.collapseAll`),
    ),
    register(Commands.openWebsite, openWebsite),
    register(Commands.showDocumentation, showDocumentation),
    register(Commands.runInTerminal, runInTerminal),
    register(Commands.revealFinding, reveal),
    register(Commands.quickFixFinding, async (arg: Location | FindingNode) => {
      // The quick-fix menu offers the actions at the selection, so select the finding first.
      if (await reveal(arg)) await vscode.commands.executeCommand('editor.action.quickFix');
    }),
    register(Commands.showFindingDocumentation, (arg: FindingNode) =>
      arg?.kind === 'finding' ? showDocumentation({ ruleId: arg.finding.ruleId, url: arg.finding.docsUrl }) : undefined,
    ),
  ];
}
