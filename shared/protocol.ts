// Names shared by the client and the server: custom LSP methods, command ids and payload shapes.
// Keep every custom identifier here so the two sides cannot drift apart.

export const EXTENSION_ID = 'twelve-factor.twelve-factor';
export const DIAGNOSTIC_SOURCE = 'twelve-factor';
export const SETTINGS_SECTION = 'twelveFactor';
/** The language client id: VS Code reads `<id>.trace.server` for it. */
export const CLIENT_ID = 'twelveFactor';

/**
 * Every file the engine models or a rule reads: sources, manifests, lockfiles, env files, container and process
 * definitions, and the shell scripts, ignore files and package-manager configs start-up commands and installs use.
 * The client watches these and tells the server; test/unit/watch-glob.test.ts checks it against the engine.
 */
export const WATCH_GLOB =
  '**/{*.js,*.jsx,*.ts,*.tsx,*.mjs,*.cjs,*.mts,*.cts,*.py,package.json,package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lock,bun.lockb,' +
  '.env,.env.*,.gitignore,Dockerfile,Dockerfile.*,*.dockerfile,*.Dockerfile,Containerfile,Containerfile.*,.dockerignore,Procfile,Procfile.*,' +
  'Aptfile,*.sh,*.bash,.npmrc,.yarnrc,.yarnrc.yml,tsconfig*.json,jsconfig*.json,.nvmrc,.node-version,.tool-versions,*.prisma,*.json,*.yml,*.yaml}';

export const Views = {
  /** Activity-bar view container. */
  container: 'twelveFactor',
  checklist: 'twelveFactor.checklist',
} as const;

export const Methods = {
  /** Request (client → server): the checklist for every workspace folder. */
  checklist: 'twelveFactor/checklist',
  /** Notification (server → client): the checklist or scan state changed; re-request it. */
  checklistChanged: 'twelveFactor/checklistChanged',
  /** Notification (server → client): a scan started, progressed or finished. */
  scanStatus: 'twelveFactor/scanStatus',
  /** Request (client → server): rescan the whole workspace. */
  rescan: 'twelveFactor/rescan',
  /** Request (client → server): a Markdown report of every folder. */
  report: 'twelveFactor/report',
} as const;

export const Commands = {
  rescan: 'twelveFactor.rescan',
  fixAllInFile: 'twelveFactor.fixAllInFile',
  showOutput: 'twelveFactor.showOutputChannel',
  restartServer: 'twelveFactor.restartServer',
  openChecklist: 'twelveFactor.openChecklist',
  exportReport: 'twelveFactor.exportReport',
  collapseAll: 'twelveFactor.collapseAll',
  openWebsite: 'twelveFactor.openWebsite',
  /** Opens a rule's documentation; argument: { ruleId, url }. */
  showDocumentation: 'twelveFactor.showDocumentation',
  /** Runs a shell command in a terminal; argument: { cwd, command }. Used where no edit can be computed. */
  runInTerminal: 'twelveFactor.runInTerminal',
  /** Reveals a finding; argument: { uri, range }. */
  revealFinding: 'twelveFactor.revealFinding',
  /** Applies the quick fixes of a finding from the tree's context menu. */
  quickFixFinding: 'twelveFactor.quickFixFinding',
  showFindingDocumentation: 'twelveFactor.showFindingDocumentation',
} as const;

export const CodeActionKinds = {
  fixAll: 'source.fixAll.twelveFactor',
} as const;

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type FactorStatus = 'pass' | 'warn' | 'fail' | 'not-applicable';

export interface ChecklistFinding {
  ruleId: string;
  message: string;
  severity: Severity;
  uri: string;
  /** 0-based LSP range. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  docsUrl: string;
}

export interface ChecklistFactor {
  factor: number;
  slug: string;
  name: string;
  summary: string;
  url: string;
  status: FactorStatus;
  /** Some files could not be analysed (unreadable, too large): the factor cannot pass, only be reviewed. */
  partial?: boolean;
  /** New findings by severity: those in the baseline are counted in `baselined` and not listed. */
  counts: Record<Severity, number>;
  /** Findings in the baseline file (twelve-factor.baseline.json): accepted for now. Absent when none. */
  baselined?: number;
  findings: ChecklistFinding[];
  manualChecks: { id: string; label: string }[];
}

export interface ChecklistFolder {
  uri: string;
  name: string;
  /** Projects (package.json) found in the folder: with none, no factor applies. */
  projects: number;
  factors: ChecklistFactor[];
}

export interface ChecklistResult {
  scanning: boolean;
  folders: ChecklistFolder[];
}

export interface ScanStatus {
  state: 'scanning' | 'idle' | 'disabled';
  /** 0–100 while scanning. */
  percentage?: number;
  /** Duration of the last completed scan. */
  durationMs?: number;
  files?: number;
  passing?: number;
  applicable?: number;
  /** Error and warning findings across the workspace: they move as the user fixes things, the score may not. */
  errors?: number;
  warnings?: number;
  /** Projects found across the enabled folders; 0 means there is nothing to check. */
  projects?: number;
}
