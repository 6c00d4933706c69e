// The language server: one engine per workspace folder, diagnostics for open and closed files, code actions,
// and the custom checklist protocol the client's panel and status item are fed by.
import * as path from 'path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  MarkupKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine, skippedSummary } from '../engine/engine';
import type { Logger, Rule } from '../core/types';
import { ALL_RULES } from '../rules';
import {
  CodeActionKinds,
  DIAGNOSTIC_SOURCE,
  Methods,
  SETTINGS_SECTION,
  type ChecklistResult,
  type ScanStatus,
} from '../../../shared/protocol';
import { ChangeDebouncer } from './debounce';
import { buildId, cacheSubfolder, FileAnalysisCache } from '../engine/cacheFile';
import { pathToUri, rangeContains, sameRange, toDiagnostic, toHover, uriToPath } from './convert';
import { fixToAction, isFixActionData, resolveFixAction, type ClientSupport } from './fixActions';
import type { FreshReads } from '../engine/freshRead';
import type { Finding, Fix } from '../core/types';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';
import { toMarkdown } from '../report/formats';
import { mergeFixes } from '../fixes/fixAll';
import { redactingLogger } from '../util/redact';
import { VERSION } from '../../../shared/version';

interface Folder {
  name: string;
  root: string;
  engine: Engine;
  settings: Settings;
  /** Serialises scans and updates so they never interleave on one engine. */
  queue: Promise<unknown>;
  /** Files whose diagnostics were last published, and what was sent (to publish only changes). */
  published: Map<string, string>;
  lastScanMs?: number;
  /** A scan is queued or running: an opened document is analysed first and published early (engine.prioritize). */
  scanPending: number;
  /** Jobs of the queue started and not yet finished: an edited document is analysed at once only when it is 0. */
  running: number;
  /** Analyses kept between sessions in the client's storage folder (initializationOptions.cacheDir), if it gave one. */
  cache?: FileAnalysisCache;
}

/** Quiet time after a keystroke before the file is analysed again. */
const DEBOUNCE_MS = 150;
/** The longest a change waits while the user keeps typing. */
const MAX_WAIT_MS = 250;
/** The least time between two analyses of an edited document's own findings (see analyseEdited). */
const MIN_EDIT_GAP_MS = 15;

export function startServer(connection: Connection, rules: readonly Rule[] = ALL_RULES): void {
  const documents = new TextDocuments(TextDocument);
  const folders = new Map<string, Folder>();
  let hasConfiguration = false;
  let registersConfiguration = false;
  let hasProgress = false;
  let hasWorkspaceFolders = false;
  let scanning = 0;
  let shuttingDown = false;
  let support: ClientSupport = { resolveEdit: false, disabled: false };
  let hoverMarkdown = true;
  let cacheDir: string | undefined;

  const logger: Logger = redactingLogger({
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  });

  /** Open documents by path; URIs are compared as paths so encodings never split one file in two. */
  const openByPath = new Map<string, TextDocument>();
  const overlay = (p: string) => openByPath.get(p)?.getText();

  const folderOf = (p: string): Folder | undefined => {
    let best: Folder | undefined;
    for (const f of folders.values())
      if ((p === f.root || p.startsWith(f.root + path.sep)) && (!best || f.root.length > best.root.length)) best = f;
    return best;
  };

  const enqueue = <T>(folder: Folder, job: () => Promise<T>): Promise<T> => {
    const counted = async () => {
      folder.running++;
      try {
        return await job();
      } finally {
        folder.running--;
      }
    };
    const next = folder.queue.then(counted, counted);
    folder.queue = next.catch((e) => logger.error(`Twelve-Factor: ${(e as Error).stack ?? e}`));
    return next;
  };

  const uriFor = (p: string) => openByPath.get(p)?.uri ?? pathToUri(p);

  /** A folder removed while one of its jobs was queued or running must not publish again. */
  const live = (folder: Folder) => folders.get(folder.root) === folder;

  /** Other workspace folders inside this one: they are scanned by their own engine, not twice. */
  const nestedExcludes = (folder: Folder): string[] =>
    [...folders.values()]
      .filter((f) => f !== folder && f.root.startsWith(folder.root + path.sep))
      .map((f) => path.relative(folder.root, f.root).split(path.sep).join('/'));

  const publish = (folder: Folder) => {
    if (!live(folder)) return;
    const byFile = new Map<string, Diagnostic[]>();
    if (folder.settings.enable) {
      for (const f of folder.engine.findings()) {
        const list = byFile.get(f.path) ?? [];
        list.push(toDiagnostic(f));
        byFile.set(f.path, list);
      }
    }
    for (const [p, diags] of byFile) {
      const key = JSON.stringify(diags);
      if (folder.published.get(p) === key) continue;
      folder.published.set(p, key);
      void connection.sendDiagnostics({ uri: uriFor(p), diagnostics: diags });
    }
    for (const p of [...folder.published.keys()]) {
      if (byFile.has(p)) continue;
      folder.published.delete(p);
      void connection.sendDiagnostics({ uri: uriFor(p), diagnostics: [] });
    }
    void connection.sendNotification(Methods.checklistChanged);
  };

  const status = (): ScanStatus => {
    const enabled = [...folders.values()].filter((f) => f.settings.enable);
    if (!enabled.length) return { state: 'disabled' };
    if (scanning > 0) return { state: 'scanning' };
    let passing = 0;
    let applicable = 0;
    let files = 0;
    let errors = 0;
    let warnings = 0;
    let projects = 0;
    for (const f of enabled) {
      for (const c of f.engine.checklist()) {
        errors += c.counts.error;
        warnings += c.counts.warning;
        if (c.status === 'not-applicable') continue;
        applicable++;
        if (c.status === 'pass') passing++;
      }
      files += f.engine.workspace?.files.size ?? 0;
      projects += f.engine.workspace?.projects.length ?? 0;
    }
    const durationMs = enabled.reduce((s, f) => s + (f.lastScanMs ?? 0), 0);
    return { state: 'idle', passing, applicable, files, durationMs, errors, warnings, projects };
  };

  const sendStatus = (s: ScanStatus = status()) => void connection.sendNotification(Methods.scanStatus, s);

  /** An open document's own findings, as soon as the scan has analysed it: the project rules' come with the rest. */
  const publishEarly = (folder: Folder, p: string) => {
    if (!live(folder) || !openByPath.has(p) || folder.published.has(p)) return;
    const diags = folder.engine.earlyFindings(p).map(toDiagnostic);
    if (!diags.length) return;
    folder.published.set(p, JSON.stringify(diags));
    void connection.sendDiagnostics({ uri: uriFor(p), diagnostics: diags });
  };

  const scanFolder = (folder: Folder) => {
    folder.scanPending++;
    return enqueue(folder, async () => {
      if (!folder.settings.enable || !live(folder)) {
        folder.scanPending--;
        if (live(folder)) publish(folder);
        return;
      }
      for (const p of openByPath.keys()) if (folderOf(p) === folder) folder.engine.prioritize(p);
      scanning++;
      sendStatus({ state: 'scanning', percentage: 0 });
      let progress: Awaited<ReturnType<typeof connection.window.createWorkDoneProgress>> | undefined;
      try {
        progress = hasProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
        progress?.begin('Twelve-Factor', 0, `Scanning ${folder.name}`, false);
        folder.engine.exclude = [...folder.settings.exclude, ...nestedExcludes(folder)];
        folder.engine.ruleSettings = folder.settings.rules;
        folder.engine.ruleOptions = folder.settings.ruleOptions;
        folder.engine.requireSuppressionReason = folder.settings.requireSuppressionReason;
        let lastPct = -1;
        const stats = await folder.engine.scan(
          (done, total) => {
            const pct = total ? Math.floor((done / total) * 100) : 100;
            if (pct === lastPct) return;
            lastPct = pct;
            progress?.report(pct, `${folder.name}: ${done}/${total} files`);
            sendStatus({ state: 'scanning', percentage: pct });
          },
          (p) => publishEarly(folder, p),
        );
        folder.lastScanMs = stats.durationMs;
        logger.info(
          `Scanned ${folder.name}: ${stats.files} files (${stats.sources} source, ${stats.parsed} parsed) in ${stats.durationMs} ms.`,
        );
        // Each skip was logged as it happened; one line sums them up (a warning when a file could not be read).
        const skipped = folder.engine.skipped;
        if (skipped.length)
          logger[skipped.some((s) => s.reason === 'unreadable') ? 'warn' : 'info'](
            `${folder.name}: ${skippedSummary(skipped)}`,
          );
        if (stats.ruleFailures)
          logger.warn(
            `${stats.ruleFailures} rule failure(s) in ${folder.name}, each logged above; their other findings are kept.`,
          );
      } finally {
        progress?.done();
        scanning--;
        folder.scanPending--;
      }
      saveCache(folder);
      publish(folder);
      sendStatus();
    });
  };

  const updateFile = (p: string, change: 'changed' | 'created' | 'deleted') => {
    const folder = folderOf(p);
    if (!folder || !folder.settings.enable) return Promise.resolve();
    return enqueue(folder, async () => {
      if (await folder.engine.update(p, change)) {
        publish(folder);
        sendStatus();
      }
    });
  };

  /** Typing fires many changes: analysed after a pause, or every MAX_WAIT_MS while the typing goes on. */
  /** Saves a folder's analyses (after a scan, and at shutdown); a failure is a log line. */
  const saveCache = (folder: Folder) => {
    const cache = folder.cache;
    if (!cache) return;
    const failed = cache.save();
    if (failed) logger.warn(`Could not write the cache ${cache.file}: ${failed}.`);
    else
      logger.info(
        `Cache ${cache.file}: ${cache.stats.hits} analyses reused, ${cache.stats.stored} stored, ${cache.stats.declined} not stored.`,
      );
  };

  const debouncer = new ChangeDebouncer((p) => void updateFile(p, 'changed'), DEBOUNCE_MS, MAX_WAIT_MS);
  const schedule = (p: string) => debouncer.schedule(p);

  /**
   * Edited documents whose own findings are published at once (engine.analyseNow), before the debounced update
   * re-runs the project rules. Throttled per file: after an analysis, the next waits at least as long as that one
   * took, so typing faster than a file is analysed never queues analyses behind each other (the server reads one
   * message per turn of the event loop) and the last keystroke is analysed within about twice that time. Skipped
   * while a scan or update of the folder is under way: that job publishes soon.
   */
  const edited = new Map<string, { timer?: NodeJS.Timeout; nextAt: number }>();
  const publishEdited = (p: string) => {
    const state = edited.get(p);
    if (state) state.timer = undefined;
    const folder = folderOf(p);
    if (!folder || !live(folder) || !folder.settings.enable || folder.running || folder.scanPending) return;
    if (!openByPath.has(p)) return;
    const t0 = Date.now();
    let diags: Diagnostic[];
    try {
      const list = folder.engine.analyseNow(p);
      if (!list) return;
      diags = list.map(toDiagnostic);
    } catch (e) {
      // The debounced update analyses the file again and logs what fails there.
      logger.error(`Twelve-Factor: ${(e as Error).stack ?? e}`);
      return;
    } finally {
      const now = Date.now();
      edited.set(p, { nextAt: now + Math.max(MIN_EDIT_GAP_MS, now - t0) });
    }
    const key = JSON.stringify(diags);
    if (folder.published.get(p) === key || (!diags.length && !folder.published.has(p))) return;
    if (diags.length) folder.published.set(p, key);
    else folder.published.delete(p);
    void connection.sendDiagnostics({ uri: uriFor(p), diagnostics: diags });
  };
  const analyseEdited = (p: string) => {
    const state = edited.get(p) ?? { nextAt: 0 };
    edited.set(p, state);
    if (state.timer) return;
    state.timer = setTimeout(() => publishEdited(p), Math.max(0, state.nextAt - Date.now()));
  };

  const readSettings = async (folder: Folder): Promise<Settings> => {
    if (!hasConfiguration) return folder.settings;
    try {
      const raw = await connection.workspace.getConfiguration({
        scopeUri: pathToUri(folder.root),
        section: SETTINGS_SECTION,
      });
      return normalizeSettings(raw);
    } catch (e) {
      logger.warn(`Could not read settings: ${(e as Error).message}. Using defaults.`);
      return DEFAULT_SETTINGS;
    }
  };

  const addFolder = (wf: WorkspaceFolder, initial: Settings) => {
    const root = uriToPath(wf.uri);
    if (!root || folders.has(root)) return undefined;
    const cache = cacheDir
      ? new FileAnalysisCache(path.join(cacheDir, cacheSubfolder(root)), root, buildId(__filename), logger)
      : undefined;
    cache?.load();
    const engine = new Engine({
      analysisCache: cache,
      root,
      rules,
      logger,
      overlay,
      exclude: initial.exclude,
      ruleSettings: initial.rules,
      ruleOptions: initial.ruleOptions,
      requireSuppressionReason: initial.requireSuppressionReason,
    });
    const folder: Folder = {
      name: wf.name,
      root,
      engine,
      settings: initial,
      queue: Promise.resolve(),
      published: new Map(),
      scanPending: 0,
      running: 0,
      cache,
    };
    folders.set(root, folder);
    return folder;
  };

  const removeFolder = (wf: WorkspaceFolder) => {
    const root = uriToPath(wf.uri);
    const folder = root ? folders.get(root) : undefined;
    if (!folder) return;
    folders.delete(folder.root);
    for (const p of folder.published.keys()) void connection.sendDiagnostics({ uri: uriFor(p), diagnostics: [] });
    // An enclosing folder skipped this one while it was open: now it scans these files itself.
    for (const outer of folders.values()) if (folder.root.startsWith(outer.root + path.sep)) void scanFolder(outer);
    void connection.sendNotification(Methods.checklistChanged);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    // Only a client that says it takes a registration gets one (Eglot warns at each start otherwise); the others send
    // workspace/didChangeConfiguration unasked.
    registersConfiguration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    hasProgress = !!params.capabilities.window?.workDoneProgress;
    hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    const ca = params.capabilities.textDocument?.codeAction;
    support = { resolveEdit: !!ca?.resolveSupport?.properties.includes('edit'), disabled: !!ca?.disabledSupport };
    // A client that lists hover formats without Markdown gets plain text; one that says nothing gets Markdown.
    const formats = params.capabilities.textDocument?.hover?.contentFormat;
    hoverMarkdown = !formats || formats.includes(MarkupKind.Markdown);
    const initial = normalizeSettings(params.initializationOptions?.settings ?? params.initializationOptions);
    const dir: unknown = params.initializationOptions?.cacheDir;
    if (typeof dir === 'string' && path.isAbsolute(dir)) cacheDir = dir;
    const wfs =
      params.workspaceFolders ??
      (params.rootUri ? [{ uri: params.rootUri, name: path.basename(uriToPath(params.rootUri) ?? 'workspace') }] : []);
    for (const wf of wfs) addFolder(wf, initial);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKinds.fixAll],
          resolveProvider: true,
        },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'twelve-factor', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfiguration && registersConfiguration)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    if (hasWorkspaceFolders)
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const wf of e.removed) removeFolder(wf);
        for (const wf of e.added) {
          const folder = addFolder(wf, DEFAULT_SETTINGS);
          if (!folder) continue;
          void readSettings(folder).then((s) => {
            folder.settings = s;
            return scanFolder(folder);
          });
          // An enclosing folder hands these files over to the new folder's engine.
          for (const outer of folders.values())
            if (folder.root.startsWith(outer.root + path.sep)) void scanFolder(outer);
        }
      });
    await Promise.all(
      [...folders.values()].map(async (folder) => {
        folder.settings = await readSettings(folder);
        await scanFolder(folder);
      }),
    );
  });

  connection.onDidChangeConfiguration(async () => {
    for (const folder of folders.values()) {
      const next = await readSettings(folder);
      const prev = folder.settings;
      folder.settings = next;
      if (JSON.stringify(prev.exclude) !== JSON.stringify(next.exclude) || (!prev.enable && next.enable))
        await scanFolder(folder);
      else
        enqueue(folder, async () => {
          // In the folder's queue: a rule turned on or off re-analyses the files, which must not interleave with an
          // update or a scan already under way.
          if (!live(folder)) return;
          folder.engine.ruleSettings = folder.settings.rules;
          folder.engine.ruleOptions = folder.settings.ruleOptions;
          folder.engine.requireSuppressionReason = folder.settings.requireSuppressionReason;
          publish(folder);
          sendStatus();
        });
    }
  });

  documents.onDidOpen((e) => {
    const p = uriToPath(e.document.uri);
    if (!p) return;
    openByPath.set(p, e.document);
    // While a scan is queued or running, the document goes to the front of it.
    const folder = folderOf(p);
    if (folder?.scanPending) folder.engine.prioritize(p);
    // The buffer may differ from disk (unsaved edits restored by the editor).
    if (folderOf(p)?.engine.analysis(p)?.hash !== undefined || folderOf(p)?.engine.workspace?.files.has(p)) schedule(p);
  });
  documents.onDidChangeContent((e) => {
    const p = uriToPath(e.document.uri);
    if (!p) return;
    openByPath.set(p, e.document);
    if (folderOf(p)?.settings.run === 'onSave') return;
    analyseEdited(p);
    schedule(p);
  });
  documents.onDidSave((e) => {
    const p = uriToPath(e.document.uri);
    if (p && folderOf(p)?.settings.run === 'onSave') schedule(p);
  });
  documents.onDidClose((e) => {
    const p = uriToPath(e.document.uri);
    if (!p) return;
    openByPath.delete(p);
    clearTimeout(edited.get(p)?.timer);
    edited.delete(p);
    schedule(p); // back to what is on disk
  });

  connection.onDidChangeWatchedFiles((params) => {
    // One batch per folder: a branch switch or a build is many events but at most one rescan.
    const batches = new Map<Folder, { path: string; change: 'changed' | 'created' | 'deleted' }[]>();
    for (const change of params.changes) {
      const p = uriToPath(change.uri);
      if (!p) continue;
      const kind =
        change.type === FileChangeType.Created
          ? 'created'
          : change.type === FileChangeType.Deleted
            ? 'deleted'
            : 'changed';
      // An open document's buffer wins over disk until it is saved, when the two agree anyway.
      if (kind === 'changed' && openByPath.has(p)) continue;
      const folder = folderOf(p);
      if (!folder || !folder.settings.enable) continue;
      batches.set(folder, [...(batches.get(folder) ?? []), { path: p, change: kind }]);
    }
    for (const [folder, changes] of batches) {
      void enqueue(folder, async () => {
        if (live(folder) && (await folder.engine.updateMany(changes))) {
          publish(folder);
          sendStatus();
        }
      });
    }
  });

  const version = (uri: string): number | null => {
    const p = uriToPath(uri);
    const doc = p ? openByPath.get(p) : undefined;
    return doc ? doc.version : null;
  };

  /**
   * Fixes computed from what is on disk now. When a file they read changed on disk since the last scan (the watcher
   * hasn't said so yet), the findings themselves may be stale: no edit is offered, and the file is re-checked.
   */
  const freshFixes = (folder: Folder, compute: (reads: FreshReads) => Fix[]): { fixes: Fix[]; reads: FreshReads } => {
    const reads = folder.engine.freshReads();
    const fixes = compute(reads);
    if (!reads.stale.size) return { fixes, reads };
    const files = [...reads.stale];
    logger.info(
      `Fixes withheld: ${files.map((f) => folder.engine.rel(f)).join(', ')} changed on disk since the last check; checking again.`,
    );
    for (const f of files) void updateFile(f, 'changed');
    return { fixes: fixes.filter((f) => !f.edits?.length), reads };
  };

  /** An action the client can show, or nothing (a disabled fix for a client that can't show one is logged). */
  const actionFor = (
    fix: Fix,
    diag: Diagnostic | undefined,
    folder: Folder,
    reads: FreshReads,
    kind?: string,
  ): CodeAction | undefined => {
    const action = fixToAction(fix, diag, folder.root, reads, version, support, kind);
    if (!action && fix.disabled) logger.info(`Fix "${fix.title}" not offered: ${fix.disabled}`);
    return action;
  };

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const p = uriToPath(params.textDocument.uri);
    const folder = p ? folderOf(p) : undefined;
    if (!p || !folder || !folder.settings.enable) return [];
    // Findings must describe the buffer the fixes edit: analyse pending edits first (and, with run = onSave,
    // the unsaved buffer), or ranges would point into an older text.
    debouncer.cancel(p);
    const doc = openByPath.get(p);
    if (doc && !folder.engine.isCurrent(p)) await updateFile(p, 'changed');
    await folder.queue;
    // Typing arrived while we waited: this answer would be stale; the editor asks again.
    if (doc && !folder.engine.isCurrent(p)) return [];
    const findings = folder.engine.findingsIn(p);
    const only = params.context.only;
    if (
      only?.some(
        (k) => k === CodeActionKinds.fixAll || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source,
      )
    ) {
      let merged: Fix | undefined;
      let fixed: Finding[] = [];
      const { reads } = freshFixes(folder, (r) => {
        const candidates = findings.flatMap((finding) =>
          folder.engine
            .fixesFor(finding, r.read)
            .filter((x) => x.fixAll && !x.disabled)
            .map((fix) => ({ finding, fix })),
        );
        const { fix, taken } = mergeFixes(
          candidates.map((c) => c.fix),
          r.read,
        );
        merged = fix;
        fixed = [...new Set(candidates.filter((c) => taken.includes(c.fix)).map((c) => c.finding))];
        return merged ? [merged] : [];
      });
      if (!merged || reads.stale.size) return [];
      const action = actionFor(merged, undefined, folder, reads, CodeActionKinds.fixAll);
      // The problems it fixes: Fix All in File tells the user what it left, and why.
      if (action) action.diagnostics = fixed.map(toDiagnostic);
      return action ? [action] : [];
    }
    const actions: CodeAction[] = [];
    for (const diag of params.context.diagnostics) {
      if (diag.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findings.find((f) => f.ruleId === diag.code && sameRange(f.range, diag.range));
      if (!finding) continue;
      const { fixes, reads } = freshFixes(folder, (r) => folder.engine.fixesFor(finding, r.read));
      for (const fix of fixes) {
        const action = actionFor(fix, diag, folder, reads);
        if (action) actions.push(action);
      }
    }
    return actions;
  });

  // Over a diagnostic: the finding's message with the rule's why and its docs, which the short message leaves out.
  connection.onHover(async (params: HoverParams): Promise<Hover | null> => {
    const p = uriToPath(params.textDocument.uri);
    const folder = p ? folderOf(p) : undefined;
    if (!p || !folder || !folder.settings.enable) return null;
    // The findings as published, so the hover matches the diagnostics on screen. Unlike a code action, a hover does
    // not analyse pending edits: with `run: onSave` that would update diagnostics before the save.
    await folder.queue;
    const here = folder.engine.findingsIn(p).filter((f) => rangeContains(f.range, params.position));
    return toHover(here, (id) => folder.engine.whyOf(id), hoverMarkdown);
  });

  connection.onCodeActionResolve(async (action: CodeAction): Promise<CodeAction> => {
    const data = action.data;
    if (!isFixActionData(data)) return action;
    const folder = folders.get(data.root);
    if (!folder) return action;
    const reads = folder.engine.freshReads();
    const { action: resolved, changed } = resolveFixAction(
      action,
      data,
      reads.read,
      (p, create) => !folder.engine.unwritable(p, create),
    );
    if (changed.length) {
      const names = changed.map((f) => folder.engine.rel(f)).join(', ');
      logger.info(`Fix "${action.title}" refused: ${names} changed since it was offered.`);
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `Twelve-Factor: ${names} changed since the fix was offered, so it was not applied. Try again.`,
      });
      for (const f of changed) void updateFile(f, 'changed');
    }
    return resolved;
  });

  connection.onRequest(Methods.checklist, async (): Promise<ChecklistResult> => {
    const result: ChecklistResult = { scanning: scanning > 0, folders: [] };
    for (const folder of folders.values()) {
      if (!folder.settings.enable) continue;
      const factors = folder.engine
        .checklist()
        .map((c) => ({ ...c, findings: c.findings.map((f) => ({ ...f, uri: uriFor(f.uri) })) }));
      result.folders.push({
        uri: pathToUri(folder.root),
        name: folder.name,
        projects: folder.engine.workspace?.projects.length ?? 0,
        factors,
      });
    }
    return result;
  });

  connection.onRequest(Methods.rescan, async () => {
    await Promise.all([...folders.values()].map((f) => scanFolder(f)));
    return status();
  });

  connection.onRequest(Methods.report, async () => {
    const parts: string[] = [];
    for (const folder of folders.values()) {
      await folder.queue;
      const e = folder.engine;
      parts.push(
        toMarkdown(
          {
            root: folder.root,
            // As the checklist: the new findings (baselined ones are counted there apart).
            findings: e.findings().filter((f) => !f.baselined),
            checklist: e.checklist(),
            rules,
            durationMs: folder.lastScanMs ?? 0,
            version: VERSION,
          },
          `Twelve-Factor report: ${folder.name}`,
        ),
      );
    }
    return parts.join('\n');
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    debouncer.cancelAll();
    for (const state of edited.values()) clearTimeout(state.timer);
    // What the edits since the last scan analysed is kept too.
    for (const folder of folders.values()) saveCache(folder);
  });
  connection.onExit(() => {
    process.exit(shuttingDown ? 0 : 1);
  });

  documents.listen(connection);
  connection.listen();
}
