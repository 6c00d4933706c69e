// The status bar item: the factor score ("Twelve-Factor 9/12"), a spinner while scanning, the server's health.
import * as vscode from 'vscode';
import { Commands, type ScanStatus } from '../../shared/protocol';
import { commandLink } from './checklistView';
import { problemsText, problemsWords, scanSummary, scoreText, type Score } from './format';

type State =
  | { kind: 'starting' }
  | { kind: 'scanning'; percentage?: number }
  | { kind: 'idle'; score: Score; status: ScanStatus }
  | { kind: 'disabled' }
  | { kind: 'stopped'; reason: string };

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: State = { kind: 'starting' };

  constructor() {
    this.item = vscode.window.createStatusBarItem('twelveFactor.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'Twelve-Factor';
    this.render();
    this.item.show();
  }

  starting(): void {
    this.state = { kind: 'starting' };
    this.render();
  }

  stopped(reason: string): void {
    this.state = { kind: 'stopped', reason };
    this.render();
  }

  onScanStatus(s: ScanStatus): void {
    if (s.state === 'scanning') this.state = { kind: 'scanning', percentage: s.percentage };
    else if (s.state === 'disabled') this.state = { kind: 'disabled' };
    else {
      this.state = {
        kind: 'idle',
        status: s,
        score: {
          passing: s.passing ?? 0,
          applicable: s.applicable ?? 0,
          errors: s.errors,
          warnings: s.warnings,
          projects: s.projects,
        },
      };
    }
    this.render();
  }

  /** What the item shows. */
  shown(): { statusText: string; statusTooltip: string } {
    const tip = this.item.tooltip;
    return { statusText: this.item.text, statusTooltip: typeof tip === 'string' ? tip : (tip?.value ?? '') };
  }

  /** A freshly loaded checklist is newer than the last status notification when the two race. */
  onScore(score: Score): void {
    if (this.state.kind !== 'idle') return;
    this.state = { ...this.state, score };
    this.render();
  }

  private render(): void {
    const s = this.state;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.isTrusted = {
      enabledCommands: [Commands.openChecklist, Commands.rescan, Commands.showOutput, Commands.restartServer],
    };
    const links = [
      commandLink('Open checklist', Commands.openChecklist),
      commandLink('Rescan', Commands.rescan),
      commandLink('Show output', Commands.showOutput),
    ];
    this.item.command = Commands.openChecklist;
    this.item.backgroundColor = undefined;
    let label: string | undefined;
    switch (s.kind) {
      case 'starting':
        this.item.text = '$(sync~spin) Twelve-Factor';
        tip.appendMarkdown('**Twelve-Factor**: starting the server…');
        break;
      case 'scanning':
        this.item.text = '$(sync~spin) Twelve-Factor';
        tip.appendMarkdown(
          `**Twelve-Factor**: scanning the workspace${s.percentage !== undefined ? ` (${s.percentage}%)` : ''}…`,
        );
        break;
      case 'idle': {
        if (s.score.projects === 0) {
          // Nothing to check is not a pass: no green score for a folder without a Node.js project.
          this.item.text = '$(circle-slash) Twelve-Factor';
          tip.appendMarkdown(
            '**Twelve-Factor**: no Node.js project (`package.json`) found in this workspace, so there is nothing to check.',
          );
          break;
        }
        this.item.text = `$(checklist) ${scoreText(s.score)} ${problemsText(s.score)}`;
        label = `${scoreText(s.score)}, ${problemsWords(s.score)}`;
        tip.appendMarkdown(
          `**Twelve-Factor**: ${s.score.passing} of ${s.score.applicable} applicable factors pass; ${problemsWords(s.score)}.`,
        );
        const summary = scanSummary(s.status);
        if (summary) tip.appendMarkdown(`\n\n${summary[0].toUpperCase()}${summary.slice(1)}.`);
        break;
      }
      case 'disabled':
        this.item.text = '$(circle-slash) Twelve-Factor';
        tip.appendMarkdown('**Twelve-Factor** is disabled for this workspace (setting `twelveFactor.enable`).');
        break;
      case 'stopped':
        this.item.text = '$(error) Twelve-Factor';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        this.item.command = Commands.showOutput;
        tip.appendMarkdown(`**Twelve-Factor**: ${s.reason}`);
        links.splice(0, 2, commandLink('Restart server', Commands.restartServer));
        break;
    }
    tip.appendMarkdown(`\n\n${links.join(' · ')}`);
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: label ?? this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
  }

  dispose(): void {
    this.item.dispose();
  }
}
