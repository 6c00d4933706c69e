// The "Checklist" tree: twelve factors with their status, findings grouped by file, and manual checks.
// Every status and finding comes from the server (twelveFactor/checklist); the client only lays it out.
import * as path from 'path';
import * as vscode from 'vscode';
import {
  Commands,
  Methods,
  Views,
  type ChecklistFactor,
  type ChecklistFinding,
  type ChecklistFolder,
  type ChecklistResult,
  type FactorStatus,
  type ScanStatus,
  type Severity,
} from '../../shared/protocol';
import { countsDescription, factorLabel, positionText, problemsWords, scoreOf } from './format';
import type { ServerHandle } from './languageClient';
import type { ManualChecks } from './manualChecks';

export type Node = FolderNode | FactorNode | FileNode | FindingNode | CheckNode;
interface FolderNode {
  kind: 'folder';
  id: string;
  folder: ChecklistFolder;
}
interface FactorNode {
  kind: 'factor';
  id: string;
  folder: ChecklistFolder;
  factor: ChecklistFactor;
  parent?: FolderNode;
}
interface FileNode {
  kind: 'file';
  id: string;
  uri: string;
  findings: ChecklistFinding[];
  folder: ChecklistFolder;
  parent: FactorNode;
}
export interface FindingNode {
  kind: 'finding';
  id: string;
  finding: ChecklistFinding;
  parent: FileNode;
}
interface CheckNode {
  kind: 'check';
  id: string;
  check: { id: string; label: string };
  folder: ChecklistFolder;
  parent: FactorNode;
}

const STATUS_ICON: Record<FactorStatus, [string, string]> = {
  pass: ['pass', 'testing.iconPassed'],
  warn: ['warning', 'list.warningForeground'],
  fail: ['error', 'list.errorForeground'],
  'not-applicable': ['circle-slash', 'disabledForeground'],
};

const SEVERITY_ICON: Record<Severity, [string, string]> = {
  error: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  info: ['info', 'problemsInfoIcon.foreground'],
  hint: ['lightbulb', 'problemsInfoIcon.foreground'],
};

const STATUS_WORD: Record<FactorStatus, string> = {
  pass: 'passing',
  warn: 'to review',
  fail: 'failing',
  'not-applicable': 'not applicable',
};

const icon = ([id, color]: [string, string]) => new vscode.ThemeIcon(id, new vscode.ThemeColor(color));

/** A command link usable in a trusted MarkdownString. */
export function commandLink(title: string, command: string, arg?: unknown): string {
  const query = arg === undefined ? '' : `?${encodeURIComponent(JSON.stringify([arg]))}`;
  return `[${title}](command:${command}${query})`;
}

export class ChecklistView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loaded = new vscode.EventEmitter<ChecklistResult>();
  /** Fires with every checklist fetched for the tree. */
  readonly onDidLoad = this.loaded.event;
  readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private endProgress: (() => void) | undefined;
  private scanMessage: string | undefined;
  private serverMessage: string | undefined;

  constructor(
    private readonly server: ServerHandle,
    private readonly checks: ManualChecks,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // Manual checks are independent leaves: ticking one must not tick its siblings or parent.
    this.view = vscode.window.createTreeView(Views.checklist, {
      treeDataProvider: this,
      showCollapseAll: true,
      manageCheckboxStateManually: true,
    });
    this.disposables.push(
      this.view,
      this.changed,
      this.loaded,
      this.view.onDidChangeCheckboxState(async (e) => {
        for (const [node, state] of e.items) {
          if (node.kind === 'check')
            await this.checks.set(node.folder.uri, node.check.id, state === vscode.TreeItemCheckboxState.Checked);
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
  }

  /** Debounced: the server notifies after every analysed edit, and typing produces many. */
  scheduleRefresh(delayMs = 250): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delayMs);
  }

  /** A hidden view is not asked for children until it is shown, so this costs nothing while the panel is closed. */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.fire(undefined);
  }

  onScanStatus(s: ScanStatus): void {
    if (s.state === 'scanning') {
      this.scanMessage =
        s.percentage !== undefined ? `Scanning the workspace… ${s.percentage}%` : 'Scanning the workspace…';
      if (!this.endProgress) {
        void vscode.window.withProgress(
          { location: { viewId: Views.checklist } },
          () => new Promise<void>((resolve) => (this.endProgress = resolve)),
        );
      }
    } else {
      this.scanMessage =
        s.state === 'disabled'
          ? 'Twelve-Factor is disabled for this workspace (setting "twelveFactor.enable").'
          : undefined;
      this.stopProgress();
    }
    this.updateMessage();
  }

  /** What to say while the server is not running; undefined once it is. */
  setServerMessage(message: string | undefined): void {
    this.serverMessage = message;
    if (message) this.stopProgress();
    this.updateMessage();
  }

  private stopProgress(): void {
    this.endProgress?.();
    this.endProgress = undefined;
  }

  private updateMessage(): void {
    this.view.message = this.serverMessage ?? this.scanMessage ?? '';
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'folder':
        return this.folderItem(node);
      case 'factor':
        return this.factorItem(node);
      case 'file':
        return this.fileItem(node);
      case 'finding':
        return this.findingItem(node);
      case 'check':
        return this.checkItem(node);
    }
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'folder' ? undefined : node.parent;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'folder':
        return node.folder.factors.map((factor) => this.factorNode(node.folder, factor, node));
      case 'factor':
        return this.factorChildren(node);
      case 'file':
        return this.findingNodes(node);
      default:
        return [];
    }
  }

  private async roots(): Promise<Node[]> {
    const client = this.server.client;
    if (!client?.isRunning()) return [];
    let result: ChecklistResult;
    try {
      result = await client.sendRequest<ChecklistResult>(Methods.checklist);
    } catch (e) {
      this.log.error(`Could not load the checklist: ${(e as Error).message}`);
      return [];
    }
    this.loaded.fire(result);
    this.showSummary(result);
    // A workspace without a Node.js project shows the welcome view ("No Node.js project found"), not twelve factors.
    if (!result.scanning && result.folders.every((f) => f.projects === 0)) return [];
    // Several folders get a group each; a single folder would only add a level to click through.
    if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) {
      return result.folders.map((folder): FolderNode => ({ kind: 'folder', id: `folder:${folder.uri}`, folder }));
    }
    return result.folders.flatMap((folder) => folder.factors.map((factor) => this.factorNode(folder, factor)));
  }

  /** The view's badge counts errors and warnings, so it moves with every fix; the context key picks the welcome view. */
  private showSummary(result: ChecklistResult): void {
    const score = scoreOf(result);
    const noProject = !result.scanning && result.folders.every((f) => f.projects === 0);
    void vscode.commands.executeCommand('setContext', 'twelveFactor.noProject', noProject);
    const n = (score.errors ?? 0) + (score.warnings ?? 0);
    this.view.badge = n && !noProject ? { value: n, tooltip: `Twelve-Factor: ${problemsWords(score)}` } : undefined;
  }

  private factorNode(folder: ChecklistFolder, factor: ChecklistFactor, parent?: FolderNode): FactorNode {
    return { kind: 'factor', id: `${folder.uri}#${factor.slug}`, folder, factor, parent };
  }

  /** Findings grouped by file, in file order, then the manual checks. */
  private factorChildren(node: FactorNode): Node[] {
    const byFile = new Map<string, ChecklistFinding[]>();
    for (const f of node.factor.findings) {
      const list = byFile.get(f.uri) ?? [];
      list.push(f);
      byFile.set(f.uri, list);
    }
    const files = [...byFile]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([uri, findings]): FileNode => ({
        kind: 'file',
        id: `${node.id}|${uri}`,
        uri,
        findings,
        folder: node.folder,
        parent: node,
      }));
    const checks = node.factor.manualChecks.map((check): CheckNode => ({
      kind: 'check',
      id: `${node.id}|check:${check.id}`,
      check,
      folder: node.folder,
      parent: node,
    }));
    return [...files, ...checks];
  }

  private findingNodes(node: FileNode): FindingNode[] {
    const seen = new Set<string>();
    const sorted = [...node.findings].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
    return sorted.map((finding) => {
      const r = finding.range;
      let id = `${node.id}|${finding.ruleId}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
      // Tree ids must be unique; the same rule may report one range twice with different messages.
      for (let n = 2; seen.has(id); n++) id = id.replace(/(#\d+)?$/, `#${n}`);
      seen.add(id);
      return { kind: 'finding', id, finding, parent: node };
    });
  }

  private folderItem(node: FolderNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    const score = scoreOf({ folders: [node.folder] });
    item.description = `${score.passing}/${score.applicable} passing`;
    item.iconPath = new vscode.ThemeIcon('root-folder');
    item.resourceUri = vscode.Uri.parse(node.folder.uri);
    item.tooltip = `${vscode.Uri.parse(node.folder.uri).fsPath}: ${score.passing} of ${score.applicable} applicable factors pass`;
    item.contextValue = 'folder';
    return item;
  }

  private factorItem(node: FactorNode): vscode.TreeItem {
    const f = node.factor;
    const hasChildren = f.findings.length > 0 || f.manualChecks.length > 0;
    const item = new vscode.TreeItem(
      factorLabel(f),
      hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = countsDescription(f);
    item.iconPath = icon(STATUS_ICON[f.status]);
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${factorLabel(f)}** — ${STATUS_WORD[f.status]}\n\n`);
    tip.appendText(f.summary);
    tip.appendMarkdown(`\n\n[Read factor ${factorLabel(f).split('.')[0]} on 12factor.net](${f.url})`);
    item.tooltip = tip;
    item.contextValue = 'factor';
    item.accessibilityInformation = { label: `${factorLabel(f)}, ${STATUS_WORD[f.status]}, ${countsDescription(f)}` };
    return item;
  }

  private fileItem(node: FileNode): vscode.TreeItem {
    const uri = vscode.Uri.parse(node.uri);
    const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    // Like the Problems panel: the file name as label (with its icon), the folder it sits in as description.
    const rel = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    const dir = path.posix.dirname(rel.replace(/\\/g, '/'));
    item.description = dir === '.' ? undefined : dir;
    item.iconPath = vscode.ThemeIcon.File;
    item.tooltip = rel;
    item.contextValue = 'file';
    return item;
  }

  private findingItem(node: FindingNode): vscode.TreeItem {
    const f = node.finding;
    const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = `${f.ruleId} · ${positionText(f.range.start)}`;
    item.iconPath = icon(SEVERITY_ICON[f.severity]);
    const tip = new vscode.MarkdownString(undefined, true);
    tip.isTrusted = { enabledCommands: [Commands.showDocumentation] };
    tip.appendMarkdown(`$(${SEVERITY_ICON[f.severity][0]}) `);
    tip.appendText(f.message);
    tip.appendMarkdown(
      `\n\n\`${f.ruleId}\` · ${commandLink('Documentation', Commands.showDocumentation, { ruleId: f.ruleId, url: f.docsUrl })}`,
    );
    item.tooltip = tip;
    item.command = {
      title: 'Go to Finding',
      command: Commands.revealFinding,
      arguments: [{ uri: f.uri, range: f.range }],
    };
    item.contextValue = 'finding';
    return item;
  }

  private checkItem(node: CheckNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.check.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    const checked = this.checks.isChecked(node.folder.uri, node.check.id);
    item.checkboxState = {
      state: checked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
      tooltip: 'Tick once you have checked this yourself',
    };
    item.description = 'manual check';
    item.tooltip =
      'No scanner can verify this. Tick it once you have checked it; the state is kept for this workspace.';
    item.contextValue = 'manualCheck';
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.stopProgress();
    for (const d of this.disposables) d.dispose();
  }
}
