// The engine for one workspace folder: discovery, per-file analysis (cached by content hash), project rules,
// suppressions and severity settings. The LSP server and the CLI are thin front ends over it.
import * as fs from 'fs';
import * as path from 'path';
import type {
  Finding,
  Fix,
  FixContext,
  Logger,
  Position,
  ProjectContext,
  Range,
  TextEdit,
  ReportedFinding,
  Rule,
  Severity,
  SuppressedFinding,
} from '../core/types';
import { resolveOptions, type RuleOptions } from '../core/options';
import { fingerprintFindings } from '../core/fingerprint';
import { formatMessage } from '../core/messages';
import { allFacts, type FactDef } from '../core/facts';
import { ADAPTERS, analyzeSource, type AnalysisCache, type SourceAnalysis } from './analyze';
import { VERSION } from '../../../shared/version';
import {
  parseSuppressions,
  suppressionOf,
  suppressionReports,
  UNUSED_SUPPRESSION,
  type FileSuppressions,
  type Suppressed,
  type SuppressionUsage,
} from './suppress';
import { commentSyntax, yamlProblems } from './comments';
import { discover, classify, readLimit, skipReasonOf, DEFAULT_SKIP_DIRS, type Discovery } from '../model/discover';
import { globMatcher } from '../util/glob';
import { decodeText, safeReadFile } from '../util/safeRead';
import { buildWorkspace } from '../model/project';
import type { Project, SkippedFile, SkipReason, Workspace } from '../core/model';
import { FACTORS, MANUAL_CHECKS, factorUrl, type FactorSlug } from '../core/factors';
import { hashText, LineIndex, looksBinary, looksMinified, toPosix } from '../util/text';
import { docsFix, genericFixes, type CommentStyle } from '../fixes/generic';
import { docsUrl } from '../core/docs';
import { isExamplePath, isTestPath } from '../core/paths';
import { isExamplesCollection } from '../model/processes';
import { frameOf, ruleFailureMessage } from '../core/ruleFailure';
import { redactingLogger, redactText, safeErrorMessage } from '../util/redact';
import type { ChecklistFactor, FactorStatus } from '../../../shared/protocol';
import { FreshReads } from './freshRead';
import { isRealPathInside } from '../util/safeRead';
import { Memo, ReadLog } from '../util/memo';
import type { FileKind } from '../core/model';
import {
  CONFIG_FILES,
  ConfigSet,
  configSchema,
  INVALID_CONFIG,
  readConfigFile,
  type ConfigFile,
  type ConfigRuleSetting,
  type ConfigSuppression,
} from './config';
import { SECRET_RULES } from './suppress';
import { findNodeAtLocation, modify, parseTree, type ParseError } from 'jsonc-parser';
import { BASELINE_FILE, readBaseline, staleEntries, type BaselineEntry, type BaselineRead } from './baseline';

export type RuleSetting = Severity | 'off';

export interface EngineOptions {
  root: string;
  rules: readonly Rule[];
  logger: Logger;
  /** Text of open documents, which wins over disk. */
  overlay?: (path: string) => string | undefined;
  exclude?: string[];
  maxFileSize?: number;
  ruleSettings?: Record<string, RuleSetting>;
  /** Options per rule id (see RuleMeta.options); values that don't fit a rule's schema are logged and left out. */
  ruleOptions?: Record<string, unknown>;
  /** Replaces the walk of the disk; with an overlay serving every file, the engine runs in memory (fuzz tests). */
  discover?: typeof discover;
  /** The baseline file (engine/baseline.ts); default: twelve-factor.baseline.json in the root; false: none. */
  baseline?: string | false;
  /** A suppression comment without a reason (`-- why`) suppresses nothing, and is reported. */
  requireSuppressionReason?: boolean;
  /** Where analyses outlive the engine (the CLI's --cache); an analysis with a rule failure is not stored. */
  analysisCache?: AnalysisCache;
  /** A config file applied over every one found in the workspace (the CLI's --config); its paths are the root's. */
  configFile?: string;
}

export interface ScanStats {
  files: number;
  sources: number;
  parsed: number;
  durationMs: number;
  /** Exceptions thrown inside rules during this scan (each logged in one line); 0 on a healthy engine. */
  ruleFailures: number;
}

const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** File kinds the model parses: a change to one rebuilds it (as does a change to any other file it read). */
const MODEL_KINDS: ReadonlySet<FileKind> = new Set([
  'package-json',
  'lockfile',
  'env',
  'dockerfile',
  'procfile',
  'python-manifest',
  'python-lock',
  'python-version',
]);

/** One project rule's last run on one project: what it reported, whether it applied, and what it read. */
interface RuleRun {
  findings: Finding[];
  applied: boolean;
  /**
   * Paths read through the engine's reader (ctx.read, and the memoised model pieces it used), missing ones too; a
   * file's facts read through ctx.facts/ctx.fact as FACTS_OF + its path.
   */
  reads: Set<string>;
}

/** How a read of a file's facts is logged (RuleRun.reads), apart from a read of its text. */
const FACTS_OF = '\0facts\0';

/** Facts compared without positions: typing that only moves code around is not a cross-project change. */
function factsKey(facts: unknown): string {
  return JSON.stringify(facts ?? null, (k, v) => (k === 'range' || k === 'line' || k === 'character' ? undefined : v));
}

/** One line for a list of skipped files: `Skipped 3 files: 1 unreadable, 2 binary.` */
export function skippedSummary(skipped: readonly SkippedFile[]): string {
  const counts = new Map<SkipReason, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([r, n]) => `${n} ${r}`);
  return `Skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** What silenced a finding: a suppression comment, or a config file's entry (with its reason). */
interface SuppressionMarks {
  byComment: Map<Finding, Suppressed>;
  byEntry: Map<Finding, string | undefined>;
}

/** Findings in file order, then by place. */
function byPlace(a: Finding, b: Finding): number {
  return a.path < b.path
    ? -1
    : a.path > b.path
      ? 1
      : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** A file change as rerunAffected weighs it: its path, its kind and the projects it concerns. */
interface Change {
  p: string;
  kind: FileKind;
  inScope: (project: Project) => boolean;
  /**
   * A source whose facts are the same but for positions (code edited, nothing a project rule reads from facts): only
   * the rules with a finding in it re-run, to move those findings, besides the rules that read the file itself.
   */
  moved?: boolean;
}

export class Engine {
  readonly root: string;
  private readonly rules: readonly Rule[];
  private readonly ruleById: Map<string, Rule>;
  private readonly logger: Logger;
  private overlay: (path: string) => string | undefined;
  exclude: string[];
  private maxFileSize: number;
  private settings: Record<string, RuleSetting>;
  private readonly discoverFiles: typeof discover;
  /** findings() as last computed: the server reads it several times per keystroke (diagnostics, status, checklist). */
  private cachedFindings: ReportedFinding[] | undefined;
  /** Per file with findings: what its fingerprints were computed from (see fingerprintsOf). */
  private readonly fingerprintMemo = new Map<
    string,
    { text: string | undefined; lines: LineIndex | undefined; places: string; fingerprints: string[] }
  >();

  private discovery: Discovery | undefined;
  private model: Workspace | undefined;
  private readonly disk = new Map<string, string | null>();
  private readonly skips = new Map<string, SkippedFile>();
  private readonly analyses = new Map<string, SourceAnalysis>();
  /** Suppression comments per file, parsed when first needed (dropped when the file changes). */
  private readonly suppressions = new Map<string, FileSuppressions | undefined>();
  /** Findings suppressed in the last findings(), for reports that list them as suppressed (SARIF). */
  private suppressedList: SuppressedFinding[] = [];
  /** Comment syntax by file name (commentSyntax), asked of every file on every findings(). */
  /** Files whose last parse found twelve-factor directives (see directiveFiles). */
  private readonly withDirectives = new Set<string>();
  /** Files to look at for directives besides withDirectives; undefined: every file (after a scan or a rebuild). */
  private unparsedDirectives: Set<string> | undefined;
  private readonly syntaxByName = new Map<string, ReturnType<typeof commentSyntax>>();
  private requireReason: boolean;
  /** Project root → rule id → its last run. Keyed by root, so runs outlive a model rebuild that did not concern them. */
  private runs = new Map<string, Map<string, RuleRun>>();
  /** Roots of projects that are never deployed (see runProjectRules): their files' findings are dropped too. */
  private readonly exemptRoots = new Set<string>();
  /** Records what each project rule run reads (see RuleRun.reads and util/memo.ts). */
  private readonly readLog = new ReadLog();
  /** Every path read since the last scan (a file event for one of them is news even when the model doesn't list it). */
  private readonly readPaths = new Set<string>();
  /** Paths the model was built from: a change to one rebuilds it. */
  private modelReads = new Set<string>();
  private failures = 0;
  /** The baseline file, and what was read from it at the last scan or change of it. */
  private readonly baselineFile: string | undefined;
  private baselineState: BaselineRead | undefined;
  private baselined = new Set<string>();
  private readonly analysisCache: AnalysisCache | undefined;
  /** The rule-set part of analysisCache keys, for the settings and options it was computed from. */

  constructor(opts: EngineOptions) {
    this.root = path.resolve(opts.root);
    this.rules = opts.rules;
    this.ruleById = new Map(opts.rules.map((r) => [r.meta.id, r]));
    // Everything logged goes through redaction: a log line may quote workspace text (a parse error, a command).
    this.logger = redactingLogger(opts.logger);
    this.overlay = opts.overlay ?? (() => undefined);
    this.exclude = opts.exclude ?? [];
    this.maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.settings = opts.ruleSettings ?? {};
    this.options = this.resolveAllOptions(opts.ruleOptions ?? {});
    this.discoverFiles = opts.discover ?? discover;
    this.baselineFile = opts.baseline === false ? undefined : path.resolve(this.root, opts.baseline ?? BASELINE_FILE);
    this.requireReason = opts.requireSuppressionReason ?? false;
    this.analysisCache = opts.analysisCache;
    this.configSchema = configSchema(opts.rules);
    this.configFile = opts.configFile && path.resolve(opts.configFile);
    this.configs = new ConfigSet([], this.rules);
  }

  /**
   * A file's analysisCache key: its text's hash, the tool's version, the rules that run on it with their options
   * (config files make both per file) and every fact's version (an extractor whose output changes bumps it).
   */
  private analysisKey(p: string, hash: string): string {
    const optionsOf = this.optionsAt(p);
    const rules = this.enabledRulesAt(p).map((r) => [r.meta.id, optionsOf(r)]);
    const facts = allFacts()
      .map((d) => `${d.id}@${d.version}`)
      .sort();
    return hashText(JSON.stringify([VERSION, rules, facts, hash]));
  }

  private readonly configSchema: ReturnType<typeof configSchema>;
  private readonly configFile: string | undefined;
  private configs: ConfigSet;

  /** The config files read at the last scan (engine/config.ts). */
  get config(): ConfigSet {
    return this.configs;
  }

  /**
   * Reads the config files of the root and of `dirs` (project roots): the first of CONFIG_FILES in a folder is read,
   * another one there is reported. A --config file is read from disk (it may be outside the workspace).
   */
  private loadConfigs(dirs: readonly string[]): void {
    const files: ConfigFile[] = [];
    for (const dir of new Set([this.root, ...dirs])) {
      let found: string | undefined;
      for (const name of CONFIG_FILES) {
        const p = path.join(dir, name);
        if (p === this.configFile) continue;
        const text = this.read(p);
        if (text === undefined) continue;
        if (found === undefined) {
          found = p;
          files.push(readConfigFile(p, text, this.root, this.configSchema));
        } else {
          const c = readConfigFile(p, '{}', this.root, this.configSchema);
          c.problems.push({
            ruleId: INVALID_CONFIG.id,
            path: p,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
            message: INVALID_CONFIG.messages.duplicate
              .replace('{{file}}', this.rel(p))
              .replace('{{other}}', path.basename(found)),
            messageId: 'duplicate',
            severity: INVALID_CONFIG.severity,
          });
          files.push(c);
        }
      }
    }
    let extra: ConfigFile | undefined;
    if (this.configFile) {
      const text = this.overlay(this.configFile) ?? this.readExtraConfig(this.configFile);
      if (text !== undefined) extra = readConfigFile(this.configFile, text, this.root, this.configSchema, this.root);
    }
    this.configs = new ConfigSet(files, this.rules, extra);
  }

  private readExtraConfig(p: string): string | undefined {
    const r = safeReadFile(p, { maxBytes: 4 * 1024 * 1024, root: path.dirname(p) });
    if (r.ok) return decodeText(r.bytes);
    this.logger.warn(`Could not read the config file ${p}: ${r.message}.`);
    return undefined;
  }

  /** Whether `p` is a config file this engine reads (it is not scanned as a data file). */
  isConfigFile(p: string): boolean {
    return p === this.configFile || ((CONFIG_FILES as readonly string[]).includes(path.basename(p)) && this.inside(p));
  }

  private inside(p: string): boolean {
    return p === this.root || p.startsWith(this.root + path.sep);
  }

  /** A rule's level at `p`: the editor's setting (or the CLI's --rule), else the config files', else undefined. */
  settingAt(ruleId: string, p: string): ConfigRuleSetting | undefined {
    return this.settings[ruleId] ?? this.configs.resolve(p).rules[ruleId];
  }

  /** Whether a rule is off at `p`. */
  private offAt(ruleId: string, p: string): boolean {
    return this.settingAt(ruleId, p) === 'off';
  }

  /** The rules that run on a file (or, given a project's package.json, on a project). */
  private enabledRulesAt(p: string): readonly Rule[] {
    return this.rules.filter((r) => !this.offAt(r.meta.id, p));
  }

  /** Options of each rule at `p`: the editor's (or CLI's) when given, else the config files', checked once each. */
  private optionsAt(p: string): (rule: Rule) => RuleOptions {
    const fromConfig = this.configs.resolve(p).options;
    return (rule) => {
      const id = rule.meta.id;
      if (this.rawOptions[id] !== undefined || fromConfig[id] === undefined) return this.optionsOf(rule);
      const key = `${id}\0${JSON.stringify(fromConfig[id])}`;
      let hit = this.configOptions.get(key);
      if (!hit) {
        // The schema check of the config already kept out what does not fit: errors here are none.
        hit = resolveOptions(rule.meta, fromConfig[id]).options;
        this.configOptions.set(key, hit);
      }
      return hit;
    };
  }

  private readonly configOptions = new Map<string, RuleOptions>();

  /** Whether a suppression comment needs a reason after `--` to suppress anything. */
  get requireSuppressionReason(): boolean {
    return this.requireReason;
  }

  set requireSuppressionReason(value: boolean) {
    if (value === this.requireReason) return;
    this.requireReason = value;
    this.cachedFindings = undefined;
  }

  /** Options per rule id as settings gave them (RuleMeta.options). */
  get ruleOptions(): Record<string, unknown> {
    return this.rawOptions;
  }

  set ruleOptions(value: Record<string, unknown>) {
    const before = JSON.stringify([...this.options]);
    this.options = this.resolveAllOptions(value);
    // Options shape what source checks report, and analyses are cached: redo them when any rule's changed.
    if (JSON.stringify([...this.options]) !== before) this.reanalyse();
  }

  private rawOptions: Record<string, unknown> = {};
  private options: Map<string, RuleOptions>;

  private resolveAllOptions(raw: Record<string, unknown>): Map<string, RuleOptions> {
    this.rawOptions = raw;
    const out = new Map<string, RuleOptions>();
    for (const rule of this.rules) {
      const { options, errors } = resolveOptions(rule.meta, raw[rule.meta.id]);
      for (const e of errors) this.logger.warn(`Ignored options: ${e}; the rule runs with its defaults.`);
      out.set(rule.meta.id, options);
    }
    return out;
  }

  private optionsOf = (rule: Rule): RuleOptions => this.options.get(rule.meta.id) ?? {};

  get ruleSettings(): Record<string, RuleSetting> {
    return this.settings;
  }

  set ruleSettings(value: Record<string, RuleSetting>) {
    const before = this.enabledKey();
    this.settings = value;
    this.cachedFindings = undefined;
    // A rule turned off does not run, so one turned on (or off) changes what files' analyses hold: redo them.
    if (this.enabledKey() !== before) this.reanalyse();
  }

  /** The rules that run: those not turned `off` in settings. */
  private enabledRules(): readonly Rule[] {
    return this.rules.filter((r) => this.settings[r.meta.id] !== 'off');
  }

  private enabledKey(): string {
    const off = this.rules.filter((r) => this.settings[r.meta.id] === 'off').map((r) => r.meta.id);
    // A setting of a rule wins over config files, which may turn it off in some folders: which rules are set counts.
    const set = this.configs.files.length ? Object.keys(this.settings).sort() : [];
    return JSON.stringify([off, set]);
  }

  /** The engine facts to extract: the core ones (the process model) and those the running rules use. */
  private neededFacts(): FactDef<unknown>[] {
    const used = new Set(this.enabledRules().flatMap((r) => (r.uses ?? []).map((d) => d.id)));
    return allFacts().filter((d) => d.owner === undefined && (d.core || used.has(d.id)));
  }

  /** Analyses every known source file again and re-runs the project rules (after the running rules changed). */
  private reanalyse(): void {
    this.analyses.clear();
    if (!this.model || !this.discovery) return;
    for (const f of this.discovery.files) if (f.kind === 'source') this.analyseFile(f.path);
    this.runAllProjectRules();
  }

  /**
   * Exceptions thrown inside rules and fixes (or the analysis of a file) since this engine was made: each is caught for
   * that rule and that file or project alone, logged in one line, and counted here (the fuzz suite asserts it stays 0).
   */
  get ruleFailures(): number {
    return this.failures;
  }

  private ruleFailed(ruleId: string, what: Parameters<typeof ruleFailureMessage>[1], where: string, e: unknown): void {
    this.failures++;
    this.logger.error(ruleFailureMessage(ruleId, what, where, e));
  }

  get workspace(): Workspace | undefined {
    return this.model;
  }

  /** Files not read (or not analysed) in the last scan and since, and why: the CLI and the server show them. */
  get skipped(): SkippedFile[] {
    return [...this.skips.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  }

  private skip(p: string, reason: SkipReason, message: string): void {
    if (this.skips.get(p)?.reason === reason) return;
    const rel = this.rel(p) || '.';
    this.skips.set(p, { path: p, rel, reason, message });
    this.logger[reason === 'unreadable' ? 'warn' : 'info'](`Skipped ${rel}: ${message}.`);
  }

  /**
   * Current text: the open buffer, else disk (cached), read through the guarded reader: a regular file within its
   * kind's size limit, never through a link out of the workspace. Binary and refused files read as undefined.
   */
  read = (p: string): string | undefined => {
    this.readLog.add(p);
    if (!this.readPaths.has(p)) this.unparsedDirectives?.add(p);
    this.readPaths.add(p);
    const open = this.overlay(p);
    if (open !== undefined) return open;
    const cached = this.disk.get(p);
    if (cached !== undefined) return cached ?? undefined;
    let text: string | null = null;
    // Files above the workspace folder (the root of a monorepo opened at one package) may not lead out of their folder.
    const inside = p === this.root || p.startsWith(this.root + path.sep);
    const maxBytes = readLimit(classify(path.basename(p), this.rel(p)), this.maxFileSize);
    const r = safeReadFile(p, { maxBytes, root: inside ? this.root : path.dirname(p) });
    if (!r.ok) {
      if (r.reason !== 'missing') this.skip(p, skipReasonOf(r.reason), r.message);
    } else if (looksBinary(r.bytes)) {
      this.skip(p, 'binary', 'binary content');
    } else {
      text = decodeText(r.bytes);
      if (this.skips.get(p)?.reason !== 'minified') this.skips.delete(p);
    }
    this.disk.set(p, text);
    return text ?? undefined;
  };

  rel(p: string): string {
    return toPosix(path.relative(this.root, p));
  }

  /** Full scan: discover, analyse every source file, run project rules. */
  async scan(onProgress?: (done: number, total: number) => void, onEarly?: (p: string) => void): Promise<ScanStats> {
    const t0 = Date.now();
    const failuresBefore = this.failures;
    this.disk.clear();
    this.readPaths.clear();
    this.suppressions.clear();
    this.withDirectives.clear();
    this.unparsedDirectives = undefined;
    this.skips.clear();
    const configKey = this.configs.key;
    // The root's config first (its ignores shape the walk), then those of the projects the walk found; a walk again
    // only when the projects' configs add ignores.
    this.loadConfigs([]);
    const rootKey = this.configs.key;
    const early: string[] = [];
    // Open documents before the walk (each handed to onEarly once): a source file's own findings need no model, only
    // the root's config. The walk
    // may yet exclude one (a git-ignored file), or a project's config turn a rule off: the end of the scan publishes
    // what holds.
    for (const p of this.priority) {
      const rel = this.rel(p);
      if (rel.startsWith('..') || classify(path.basename(p), rel) !== 'source') continue;
      if (rel.split('/').some((seg) => DEFAULT_SKIP_DIRS.has(seg)) || this.isExcluded(rel)) continue;
      this.priority.delete(p);
      early.push(p);
      if (this.analyseFile(p)) onEarly?.(p);
    }
    const walk = async () => {
      const ignores = this.configs.ignores;
      this.discovery = await this.discoverFiles(this.root, {
        exclude: [...this.exclude, ...ignores.filter((g) => !g.startsWith('!'))],
        include: ignores.filter((g) => g.startsWith('!')).map((g) => g.slice(1)),
        maxFileSize: this.maxFileSize,
        logger: this.logger,
      });
      return ignores.join('\0');
    };
    const walked = await walk();
    const projectDirs = (d: Discovery) =>
      d.files.filter((f) => f.kind === 'package-json').map((f) => path.dirname(f.path));
    this.loadConfigs(projectDirs(this.discovery!));
    if (this.configs.ignores.join('\0') !== walked) {
      await walk();
      this.loadConfigs(projectDirs(this.discovery!));
    }
    // Which rules run where, and with which options, may have changed: analyse every file again.
    if (this.configs.key !== configKey) this.analyses.clear();
    // The projects' configs found by the walk may set other rules or options for a file analysed before it: again.
    else if (this.configs.key !== rootKey)
      for (const p of early) {
        this.analyses.delete(p);
        this.priority.add(p);
      }
    this.discovery = this.discovery!;
    for (const s of this.discovery.skipped) this.skips.set(s.path, s);
    // The baseline and the config files are this tool's own files, not the app's: no rule looks at them.
    this.discovery.files = this.discovery.files.filter(
      (f) => f.path !== this.baselineFile && !this.isConfigFile(f.path),
    );
    this.loadBaseline();
    this.buildModel();
    const sources = this.discovery.files.filter((f) => f.kind === 'source');
    const live = new Set(sources.map((f) => f.path));
    for (const p of [...this.analyses.keys()]) if (!live.has(p)) this.analyses.delete(p);
    let parsed = 0;
    // Files asked for first (open documents, `prioritize`) jump the queue, each handed to onEarly as soon as it is
    // analysed; the loop yields every few milliseconds so that a request made meanwhile is heard.
    const done = new Set<string>();
    let next = 0;
    let lastYield = Date.now();
    while (done.size < sources.length) {
      let p = this.takePriority(live, done);
      const early = p !== undefined;
      if (p === undefined) {
        p = sources[next++].path;
        if (done.has(p)) continue;
      }
      done.add(p);
      if (this.analyseFile(p)?.parsed) parsed++;
      if (early) onEarly?.(p);
      if (done.size % 100 === 0) onProgress?.(done.size, sources.length);
      if (Date.now() - lastYield >= 20) {
        await new Promise((r) => setImmediate(r));
        lastYield = Date.now();
      }
    }
    this.priority.clear();
    onProgress?.(sources.length, sources.length);
    this.runAllProjectRules();
    return {
      files: this.discovery.files.length,
      sources: sources.length,
      parsed,
      durationMs: Date.now() - t0,
      ruleFailures: this.failures - failuresBefore,
    };
  }

  /** Files a running (or the next) scan analyses before the others: documents the user has open. */
  private readonly priority = new Set<string>();

  /** Asks the running or next scan to analyse `p` first (its onEarly hears when it is done). */
  prioritize(p: string): void {
    this.priority.add(p);
  }

  private takePriority(live: ReadonlySet<string>, done: ReadonlySet<string>): string | undefined {
    for (const p of this.priority) {
      this.priority.delete(p);
      if (live.has(p) && !done.has(p)) return p;
    }
    return undefined;
  }

  /**
   * A file's own findings (its analysis, not the project rules') with the settings, suppressions and baseline applied,
   * as findings() would give them: for the first diagnostics of an open document while the scan goes on.
   */
  earlyFindings(p: string): ReportedFinding[] {
    const a = this.analyses.get(p);
    if (!a) return [];
    const list = a.findings.filter((f) => !(SECRET_RULES.has(f.ruleId) && this.allowedByConfig(f)));
    const fingerprints = this.fingerprintsOf(p, list);
    const s = this.suppressionsFor(p);
    const out: ReportedFinding[] = [];
    list.forEach((f, i) => {
      const setting = this.settingAt(f.ruleId, p);
      if (setting === 'off') return;
      if (s && suppressionOf(s, f.ruleId, f.range.start, this.requireReason, new Map())) return;
      const entry = this.configs.suppressionOf(p, f.ruleId);
      if (entry && !(this.requireReason && !entry.reason?.trim())) return;
      out.push({
        ...f,
        message: redactText(f.message),
        severity: setting ?? f.severity,
        fingerprint: fingerprints[i],
        ...(this.baselined.has(fingerprints[i]) ? { baselined: true as const } : {}),
      });
    });
    return out;
  }

  private analyseFile(p: string): SourceAnalysis | undefined {
    const text = this.read(p);
    if (text === undefined) {
      this.analyses.delete(p);
      return undefined;
    }
    const hash = hashText(text);
    const prev = this.analyses.get(p);
    if (prev && prev.hash === hash) return prev;
    if (looksMinified(text)) {
      this.skip(p, 'minified', 'looks minified or bundled');
      this.analyses.delete(p);
      return undefined;
    }
    try {
      const key = this.analysisCache && this.analysisKey(p, hash);
      let a = key ? this.analysisCache!.get(p, key) : undefined;
      if (!a) {
        a = analyzeSource(
          p,
          this.rel(p),
          text,
          hash,
          this.enabledRulesAt(p),
          this.logger,
          this.neededFacts(),
          this.optionsAt(p),
          // An open document: its tree is kept for the parse after the next keystroke.
          this.overlay(p) !== undefined,
        );
        // A rule failure is logged as it happens: re-analyse such a file, so the next run says so again.
        if (key && !a.ruleFailures) this.analysisCache!.set(p, key, a);
      }
      if (a.syntaxErrors) this.logger.info(`${this.rel(p)}: ${a.syntaxErrors} syntax error(s); analysed what parsed.`);
      // JS reads a skipped file's imports without a tree; Python has no such reader.
      if (a.skipped)
        this.logger.warn(
          `Skipped the rules on ${this.rel(p)}: ${a.skipped}${a.facts.imports.length ? '; its imports are still read' : ''}.`,
        );
      this.failures += a.ruleFailures; // each already logged by analyzeSource
      this.analyses.set(p, a);
      this.forgetSuppressions(p);
      return a;
    } catch (e) {
      this.failures++;
      this.logger.error(`Skipped ${this.rel(p)}: analysis failed: ${safeErrorMessage(e)}${frameOf(e)}.`);
      this.analyses.delete(p);
      return undefined;
    }
  }

  /**
   * Analyses an edited source file now, for its own findings, and leaves the project rules to the next update(p):
   * what an editor publishes on a keystroke, before the debounced project re-check. Returns the file's findings
   * (its own from the new text, the project rules' from their last run), or undefined when `p` is not a source file
   * of this engine's model (the caller then waits for update()).
   */
  analyseNow(p: string): ReportedFinding[] | undefined {
    if (!this.model || this.model.files.get(p)?.kind !== 'source' || this.isConfigFile(p)) return undefined;
    this.disk.delete(p); // read again: the file changed (an editor's buffer, or the disk)
    const prev = this.analyses.get(p);
    // update() compares facts with the analysis its project rules last saw, not with this one.
    if (!this.unchecked.has(p)) this.unchecked.set(p, prev);
    const next = this.analyseFile(p);
    if (next !== prev) this.cachedFindings = undefined;
    return this.fileFindings(p);
  }

  /** Files analysed by analyseNow since the project rules last ran, with the analysis those rules saw. */
  private readonly unchecked = new Map<string, SourceAnalysis | undefined>();

  /**
   * Whether the findings of a source file were computed from its current text (buffer or disk), the project rules'
   * included: after analyseNow, only its own are until update() runs.
   */
  isCurrent(p: string): boolean {
    if (this.unchecked.has(p)) return false;
    const a = this.analyses.get(p);
    if (!a) return true; // not a source this engine analyses: project files are re-read on every rebuild
    const text = this.read(p);
    return text !== undefined && hashText(text) === a.hash;
  }

  analysis(p: string): SourceAnalysis | undefined {
    return this.analyses.get(p);
  }

  /** Builds the model from the known file list, recording what it read; each project gets a fresh memo. */
  private buildModel(): void {
    // New model files may hold directives: the next findings() looks at every file again.
    this.unparsedDirectives = undefined;
    const { value, reads } = this.readLog.record(() =>
      buildWorkspace(this.root, this.discovery!, this.read, this.logger),
    );
    for (const project of value.projects) project.memo = new Memo(this.readLog);
    // A config file's `processes` are its folder's project's (a --config file's folder is the root).
    for (const c of this.configs.files) {
      if (!c.processes.length) continue;
      const project = value.projects.find((p) => p.root === c.dir);
      if (project) project.configuredProcesses = [...(project.configuredProcesses ?? []), ...c.processes];
      else this.logger.warn(`Ignored the processes of ${this.rel(c.path)}: no project has its folder as root.`);
    }
    this.model = value;
    this.modelReads = reads;
  }

  private runAllProjectRules(): void {
    // Every project rule sees every current analysis: none is left waiting for its re-check (analyseNow).
    this.unchecked.clear();
    this.runs = new Map();
    this.exemptRoots.clear();
    for (const project of this.model?.projects ?? []) this.runProjectRules(project);
  }

  private projectContext(project: Project, sink: Finding[], rule: Rule): ProjectContext {
    const ws = this.model!;
    // A rule that declares its inputs is not re-run for a source edit unless it lists 'source': reading facts
    // without it would leave its findings stale.
    const inputs = rule.meta.inputs;
    const undeclaredSource = () => {
      if (inputs && !inputs.includes('source'))
        throw new Error(`${rule.meta.id} reads source facts without 'source' in meta.inputs`);
    };
    return {
      workspace: ws,
      project,
      options: this.optionsAt(path.join(project.root, 'package.json'))(rule),
      read: this.read,
      // A read of another file's facts is a read of that file: when it moves or changes, this rule re-runs even
      // in another project (a workspace config package whose port an app's rule reports).
      facts: (p) => {
        undeclaredSource();
        this.readLog.add(FACTS_OF + p);
        return this.analyses.get(p)?.facts;
      },
      fact: (p, def) => {
        const id = rule.meta.id;
        undeclaredSource();
        this.readLog.add(FACTS_OF + p);
        if (def.owner !== undefined ? def.owner !== id : !def.core && !rule.uses?.includes(def))
          throw new Error(`${id} reads ${def.id} without declaring it in uses`);
        return this.analyses.get(p)?.facts.values[def.id] as never;
      },
      report: (p, range, message, options) => {
        sink.push({
          ruleId: rule.meta.id,
          path: p,
          range,
          message: formatMessage(rule.meta, message),
          messageId: message.messageId,
          severity: options?.severity ?? rule.meta.severity,
          data: options?.data,
        });
      },
    };
  }

  /**
   * Runs the project rules on one project: those `rerun` selects (all by default) and any without a run yet; the
   * others keep their last run. Whether the project is exempt is decided again each time (a change of it re-runs all).
   */
  private runProjectRules(project: Project, rerun: (rule: Rule) => boolean = () => true): void {
    // A package inside a test, fixture, example or docs folder (`test/resources/pkg/package.json`) is never deployed,
    // nor is a collection of examples (demo servers, each in its own folder, that nothing starts): no finding there.
    const rel = this.rel(project.root);
    const facts = (p: string) => this.analyses.get(p)?.facts;
    const exempt =
      (!!rel && (isTestPath(`${rel}/`) || isExamplePath(`${rel}/`))) ||
      isExamplesCollection(project, facts, this.model);
    const before = this.runs.get(project.root);
    if (exempt !== this.exemptRoots.has(project.root)) {
      rerun = () => true;
      // The files of an exempt project lose their findings too.
      this.cachedFindings = undefined;
    }
    if (exempt) this.exemptRoots.add(project.root);
    else this.exemptRoots.delete(project.root);
    const runs = new Map<string, RuleRun>();
    // Rules turned off do not run (turning one on or off re-analyses: see ruleSettings).
    const where = rel || '.';
    for (const rule of exempt ? [] : this.enabledRulesAt(path.join(project.root, 'package.json'))) {
      const id = rule.meta.id;
      const last = before?.get(id);
      if (last && !rerun(rule)) {
        runs.set(id, last);
        continue;
      }
      const findings: Finding[] = [];
      const ctx = this.projectContext(project, findings, rule);
      let applied = false;
      // Each rule on its own: one that throws keeps what it reported before, and the others run as usual.
      const { reads } = this.readLog.record(() => {
        try {
          if (!rule.appliesTo || rule.appliesTo(ctx)) applied = true;
        } catch (e) {
          this.ruleFailed(id, 'applies-to failed', where, e);
        }
        try {
          rule.checkProject?.(ctx);
        } catch (e) {
          this.ruleFailed(id, 'failed', where, e);
        }
      });
      runs.set(id, { findings, applied, reads });
      // Every change to analyses or project findings ends here (scans and updates re-run project rules).
      this.cachedFindings = undefined;
    }
    this.runs.set(project.root, runs);
  }

  /**
   * After changes (each `p` of `kind`), re-runs the project rules they can reach, each at most once per project: in
   * every project, a rule that read a changed `p` in its last run; in the projects a change's `inScope` says it
   * concerns, a rule that lists its `kind` in `meta.inputs` or declares none, except for a source whose facts only
   * moved: then only a rule with a finding in it. The others keep their findings.
   */
  private rerunAffected(changes: readonly Change[]): void {
    for (const project of this.model?.projects ?? []) {
      const kinds = new Set(changes.filter((c) => c.inScope(project) && !c.moved).map((c) => c.kind));
      const moved = new Set(changes.filter((c) => c.inScope(project) && c.moved).map((c) => c.p));
      const runs = this.runs.get(project.root);
      this.runProjectRules(project, (rule) => {
        const last = runs?.get(rule.meta.id);
        for (const c of changes) {
          if (last?.reads.has(c.p)) return true;
          // Facts that only moved change no decision; they can change the places (and lines quoted in messages) of
          // a rule's findings, so a rule that found nothing is the one left alone.
          if (last?.reads.has(FACTS_OF + c.p) && !(c.moved && !last.findings.length)) return true;
        }
        if (moved.size && last?.findings.some((f) => moved.has(f.path))) return true;
        return kinds.size > 0 && (!rule.meta.inputs || rule.meta.inputs.some((k) => kinds.has(k)));
      });
    }
  }

  /**
   * A file changed, was created or deleted (on disk or in an editor). Re-analyses what it affects.
   * Returns false when the file is outside what this engine scans.
   */
  async update(p: string, change: 'changed' | 'created' | 'deleted'): Promise<boolean> {
    return this.updateMany([{ path: p, change }]);
  }

  /**
   * Several file events at once (a branch switch, a build writing into dist/): what needs a rediscovery triggers
   * one scan for the whole batch, not one per file. Returns whether anything this engine scans was affected.
   */
  async updateMany(changes: { path: string; change: 'changed' | 'created' | 'deleted' }[]): Promise<boolean> {
    // A config file changes which rules run where, with which options, and what is scanned: everything again.
    if (this.model && changes.some((c) => this.isConfigFile(c.path))) {
      this.disk.clear();
      await this.scan();
      return true;
    }
    let rescan = false;
    const incremental: { path: string; change: 'changed' | 'created' | 'deleted' }[] = [];
    const baselineChanged = !!this.model && changes.some((c) => c.path === this.baselineFile);
    if (baselineChanged) this.loadBaseline();
    const others = changes.filter((c) => c.path !== this.baselineFile);
    for (const c of others) {
      const verdict = this.classifyChange(c.path, c.change);
      if (verdict === 'rescan') rescan = true;
      else if (verdict === 'update') incremental.push(c);
    }
    if (rescan) {
      for (const c of others) if (c.change === 'deleted') this.analyses.delete(c.path);
      await this.scan();
      return true;
    }
    return (incremental.length > 0 && this.applyUpdates(incremental.map((c) => c.path))) || baselineChanged;
  }

  /** Reads the baseline file again (at a scan, and when it changes); a file that can't be used is logged and ignored. */
  private loadBaseline(): void {
    this.cachedFindings = undefined;
    const file = this.baselineFile;
    if (!file) return;
    const inside = file.startsWith(this.root + path.sep);
    const r = readBaseline(file, inside ? this.root : path.dirname(file), this.overlay(file));
    const name = inside ? this.rel(file) : file;
    if (!r.ok && !r.missing) this.logger.warn(`Ignored the baseline ${name}: ${r.error}; every finding counts as new.`);
    if (r.ok && r.skipped) this.logger.warn(`Left out ${r.skipped} malformed entries of the baseline ${name}.`);
    this.baselineState = r;
    this.baselined = new Set(r.ok ? r.baseline.entries.map((e) => e.fingerprint) : []);
  }

  /** The baseline file this engine reads, if any. */
  get baselinePath(): string | undefined {
    return this.baselineFile;
  }

  /** The baseline as last read: its entries, or why there is none (missing, or the reason it can't be used). */
  get baseline(): BaselineRead | undefined {
    return this.baselineState;
  }

  /** Baseline entries no current finding matches (fixed or suppressed since), among the rules that run. */
  staleBaselineEntries(): BaselineEntry[] {
    const state = this.baselineState;
    if (!state?.ok) return [];
    // A rule turned off was not looked for; an unknown one (renamed, removed) will never match again.
    return staleEntries(
      state.baseline,
      this.findings(),
      (id) => !this.ruleById.has(id) || !this.offAt(id, path.join(this.root, 'package.json')),
    );
  }

  /** Whether a file event is outside what this engine scans, an incremental update, or a structural change. */
  private classifyChange(p: string, change: 'changed' | 'created' | 'deleted'): 'ignore' | 'update' | 'rescan' {
    if (!this.model || !this.discovery) return 'ignore';
    if (p !== this.root && !p.startsWith(this.root + path.sep)) return 'ignore';
    // A file a rule read (a .dockerignore, an .npmrc, a shell script; from disk or an open buffer) feeds findings
    // even when the model doesn't list it.
    const wasRead = this.disk.has(p) || this.readPaths.has(p);
    this.disk.delete(p);
    // A changed file that was skipped is read again (and listed again if still refused) when a rule needs it.
    if (change === 'deleted' || this.model.files.has(p)) this.skips.delete(p);
    const rel = this.rel(p);
    // Build output, dependencies, excluded and git-ignored paths never enter the model: their churn is no news.
    if (rel.split('/').some((seg) => DEFAULT_SKIP_DIRS.has(seg)) || this.isExcluded(rel)) return 'ignore';
    const known = this.model.files.has(p);
    // Editors report a deleted or moved-in folder as one event for the folder alone.
    const prefix = p + path.sep;
    if (
      (change === 'deleted' && [...this.model.files.keys()].some((f) => f.startsWith(prefix))) ||
      (change === 'created' && isDirectory(p))
    )
      return 'rescan';
    const base = path.basename(p);
    const kind = classify(base, rel);
    if (kind === 'other') return wasRead ? 'update' : 'ignore';
    if (!known && change === 'created' && kind !== 'env' && kind !== 'lockfile' && this.model.gitignore.ignores(p))
      return 'ignore';
    // Structure changed: which files exist, which are ignored, where projects begin. Rediscover.
    if (
      kind === 'gitignore' ||
      kind === 'tsconfig' ||
      (kind === 'package-json' && change !== 'changed') ||
      (!known && change === 'created') ||
      (known && change === 'deleted')
    )
      return 'rescan';
    return known || wasRead ? 'update' : 'ignore';
  }

  private isExcluded(rel: string): boolean {
    if (!this.exclude.length) return false;
    if (!this.excludeMatcher || this.excludeMatcherFor !== this.exclude) {
      this.excludeMatcher = globMatcher(this.exclude, { dot: true });
      this.excludeMatcherFor = this.exclude;
    }
    return this.excludeMatcher(rel);
  }

  private excludeMatcher: ((rel: string) => boolean) | undefined;
  private excludeMatcherFor: string[] | undefined;

  /**
   * Re-analyses known files and re-runs the project rules they reach (see rerunAffected), once for the batch: a branch
   * switch that touches fifty files runs each affected rule once per project, not fifty times.
   */
  private applyUpdates(paths: readonly string[]): boolean {
    if (!this.model || !this.discovery) return false;
    const kinds = new Map(paths.map((p) => [p, classify(path.basename(p), this.rel(p))]));
    // A file the model parses or read: rebuild it from the known file list (no walk), once, before the sources are
    // placed in it. When the structure changed (a manifest stopped being one, `workspaces` or pnpm-workspace.yaml
    // moved a member), every rule re-runs: rules read their workspace root's files whatever kind the change was.
    let restructured = false;
    if (paths.some((p) => MODEL_KINDS.has(kinds.get(p)!) || this.modelReads.has(p))) {
      const structure = () =>
        this.model!.projects.map((q) => `${q.root}\0${q.parent?.root ?? ''}\0${q.isWorkspaceRoot}`).join('\n');
      const before = structure();
      this.cachedFindings = undefined;
      this.buildModel();
      restructured = structure() !== before;
    }
    const model = this.model;
    const changes: Change[] = [];
    for (const p of paths) {
      const kind = kinds.get(p)!;
      if (kind === 'source') {
        const prev = this.unchecked.has(p) ? this.unchecked.get(p) : this.analyses.get(p);
        this.unchecked.delete(p);
        const next = this.analyseFile(p);
        // Same text (the analysis is cached by hash), or unreadable before and after: nothing any rule sees changed.
        if (next === prev) continue;
        this.cachedFindings = undefined;
        const project = model.projectOf(p);
        // Facts feed the process model and rules of other projects (imports across packages, a workspace package's
        // server): when they changed, every project's memo is stale. The rules that re-run are the file's project's
        // and, in any project, those that read its facts (ctx.facts logs the read): a rule reaches a file's facts only
        // by reading them, from entries that no source's facts choose, so one that did not read them is unaffected.
        const all = factsKey(prev?.facts) !== factsKey(next?.facts);
        for (const q of model.projects) if (all || q === project) q.memo?.clear();
        changes.push({ p, kind, inScope: (q) => q === project, moved: !all && !!prev && !!next });
        continue;
      }
      this.cachedFindings = undefined;
      // Memoised values read files through the engine's reader (runtimeSites, the shell scripts).
      for (const q of model.projects) q.memo?.clear();
      this.forgetSuppressions(p);
      changes.push({ p, kind, inScope: () => true });
    }
    if (restructured) this.runAllProjectRules();
    else if (changes.length) this.rerunAffected(changes);
    return true;
  }

  private suppressionsFor(p: string): FileSuppressions | undefined {
    if (!this.suppressions.has(p)) {
      const text = this.read(p);
      let parsed: FileSuppressions | undefined;
      try {
        parsed = text === undefined ? undefined : parseSuppressions(p, text);
      } catch (e) {
        // A comment reader that throws costs that file its suppressions, not the findings of the workspace.
        this.failures++;
        this.logger.error(`Suppression comments of ${this.rel(p)} not read: ${safeErrorMessage(e)}${frameOf(e)}.`);
      }
      this.suppressions.set(p, parsed);
      if (parsed?.directives.length) this.withDirectives.add(p);
      else this.withDirectives.delete(p);
    }
    return this.suppressions.get(p);
  }

  /** A file's suppression comments are to be read again (it changed): directiveFiles looks at it next time. */
  private forgetSuppressions(p: string): void {
    this.suppressions.delete(p);
    this.withDirectives.delete(p);
    this.unparsedDirectives?.add(p);
  }

  /** Every finding after settings and suppression comments, with the reports on unused suppressions. */
  findings(): ReportedFinding[] {
    this.cachedFindings ??= this.computeFindings();
    return this.cachedFindings;
  }

  /** The findings suppression comments silenced in the last findings(), each with its reason. */
  suppressedFindings(): SuppressedFinding[] {
    this.findings();
    return this.suppressedList;
  }

  /**
   * Files whose suppression comments are reported on when unused: those with findings, and the files of the model
   * and those rules read that take comments, unless git-ignored, in a project that is never deployed, or a source
   * whose rules did not run (too deeply nested, unreadable).
   */
  private directiveFiles(withFindings: Iterable<string>): string[] {
    // Only a file with a twelve-factor directive can have one to report (the scanners' comments never are): checked
    // first, from the parse kept per file, so a findings() call on a keystroke does not weigh every workspace file.
    const hasDirectives = (p: string) => !!this.suppressionsFor(p)?.directives.length;
    const out = new Set<string>([...withFindings].filter(hasDirectives));
    // Every model file and file read, the first time after a scan or a model rebuild; then only the files known to
    // hold directives and those changed or first read since.
    const more = this.unparsedDirectives
      ? [...this.unparsedDirectives, ...this.withDirectives].filter(
          (p) => this.model?.files.has(p) || this.readPaths.has(p),
        )
      : [...(this.model?.files.keys() ?? []), ...this.readPaths];
    this.unparsedDirectives = new Set();
    for (const p of more) {
      if (out.has(p) || !p.startsWith(this.root + path.sep)) continue;
      let syntax = this.syntaxByName.get(p);
      if (syntax === undefined && !this.syntaxByName.has(p)) this.syntaxByName.set(p, (syntax = commentSyntax(p)));
      if (!syntax || this.model?.files.get(p)?.ignored) continue;
      if (syntax === 'source' && (!this.analyses.get(p) || this.analyses.get(p)!.skipped)) continue;
      if (hasDirectives(p)) out.add(p);
    }
    return [...out].filter((p) => !this.exemptRoots.size || !this.inExemptProject(p));
  }

  /**
   * Fingerprints of one file's findings (core/fingerprint.ts), from the text the engine already holds (never a new
   * read: suppressions read the same). Kept while the file's text and its findings' places stay the same, so a
   * keystroke in one file re-hashes only that file's findings.
   */
  private fingerprintsOf(p: string, list: readonly Finding[]): string[] {
    const text = this.read(p);
    const places = list
      .map(
        (f) =>
          `${f.ruleId}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`,
      )
      .join('\n');
    const memo = this.fingerprintMemo.get(p);
    if (memo && memo.text === text && memo.places === places) return memo.fingerprints;
    const lines = text === undefined ? undefined : memo && memo.text === text ? memo.lines : new LineIndex(text);
    const fingerprints = fingerprintFindings(this.rel(p), text, list, lines);
    this.fingerprintMemo.set(p, { text, lines, places, fingerprints });
    return fingerprints;
  }

  private computeFindings(): ReportedFinding[] {
    const all: Finding[] = [];
    for (const [p, a] of this.analyses) if (!this.exemptRoots.size || !this.inExemptProject(p)) all.push(...a.findings);
    for (const runs of this.runs.values()) for (const run of runs.values()) all.push(...run.findings);
    const byFile = this.byFile([...all, ...this.configs.problems]);
    // Suppression comments, each credited with what it suppressed; then the reports on those that suppressed nothing.
    const usage: SuppressionUsage = new Map();
    const marks: SuppressionMarks = { byComment: new Map(), byEntry: new Map() };
    const usedEntries = new Set<unknown>();
    for (const [p, list] of byFile) this.suppressIn(p, list, usage, marks, usedEntries);
    const unusedEntries = this.configs.files.flatMap((c) =>
      c.suppressions
        .filter((e) => !usedEntries.has(e) && !this.offAt(e.rule, path.join(c.dir, e.file)))
        .filter(() => !this.offAt(UNUSED_SUPPRESSION.id, c.path))
        .map((e) => unusedEntryReport(c.path, e, this.requireReason && !e.reason?.trim())),
    );
    for (const f of unusedEntries) {
      const list = byFile.get(f.path);
      if (list) list.push(f);
      else byFile.set(f.path, [f]);
    }
    for (const p of this.directiveFiles([...byFile.keys()])) {
      const reports = this.directiveReports(p, usage);
      if (!reports.length) continue;
      const list = byFile.get(p);
      if (list) list.push(...reports);
      else byFile.set(p, reports);
    }
    const out: ReportedFinding[] = [];
    const silenced: SuppressedFinding[] = [];
    for (const [p, list] of byFile) this.reportFile(p, list, marks, out, silenced);
    for (const p of this.fingerprintMemo.keys()) if (!byFile.has(p)) this.fingerprintMemo.delete(p);
    out.sort(byPlace);
    this.suppressedList = silenced.sort(byPlace);
    return out;
  }

  /**
   * One file's findings as findings() gives them, computed for that file alone: its analysis' findings and the
   * project rules' from their last run, with settings, suppressions, fingerprints and baseline. For publishing an
   * edited document at once, before the project rules re-run (analyseNow). Not for config files, whose suppression
   * entries are weighed against every file.
   */
  fileFindings(p: string): ReportedFinding[] {
    if (this.cachedFindings) return this.cachedFindings.filter((f) => f.path === p);
    const all: Finding[] = [];
    const exempt = this.exemptRoots.size > 0 && this.inExemptProject(p);
    if (!exempt) all.push(...(this.analyses.get(p)?.findings ?? []));
    for (const runs of this.runs.values())
      for (const run of runs.values()) for (const f of run.findings) if (f.path === p) all.push(f);
    for (const f of this.configs.problems) if (f.path === p) all.push(f);
    const list = this.byFile(all).get(p) ?? [];
    const usage: SuppressionUsage = new Map();
    const marks: SuppressionMarks = { byComment: new Map(), byEntry: new Map() };
    this.suppressIn(p, list, usage, marks, new Set());
    // As directiveFiles lists it: a file with findings, or a model file (or one a rule read) whose rules ran.
    const s = this.suppressionsFor(p);
    const syntax = commentSyntax(p);
    const a = this.analyses.get(p);
    const listed =
      list.length > 0 ||
      ((!!this.model?.files.has(p) || this.readPaths.has(p)) &&
        p.startsWith(this.root + path.sep) &&
        !!syntax &&
        !this.model?.files.get(p)?.ignored &&
        (syntax !== 'source' || (!!a && !a.skipped)));
    if (s?.directives.length && listed && !exempt) list.push(...this.directiveReports(p, usage));
    const out: ReportedFinding[] = [];
    this.reportFile(p, list, marks, out, []);
    return out.sort(byPlace);
  }

  /** Findings by file, one per rule and place, without the secrets a config file's `allow` lets through. */
  private byFile(findings: readonly Finding[]): Map<string, Finding[]> {
    // One finding per rule and place: project rules of two projects can reach the same file (a workspace package's
    // config module that two apps bind to).
    const seen = new Set<string>();
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      const key = `${f.ruleId}\0${f.path}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (SECRET_RULES.has(f.ruleId) && this.allowedByConfig(f)) continue;
      const list = byFile.get(f.path);
      if (list) list.push(f);
      else byFile.set(f.path, [f]);
    }
    return byFile;
  }

  /** Marks a file's findings its suppression comments silence, then those a config file's `suppressions` entry does. */
  private suppressIn(
    p: string,
    list: readonly Finding[],
    usage: SuppressionUsage,
    marks: SuppressionMarks,
    usedEntries: Set<unknown>,
  ): void {
    const s = this.suppressionsFor(p);
    if (s)
      for (const f of list) {
        if (this.offAt(f.ruleId, p)) continue;
        const by = suppressionOf(s, f.ruleId, f.range.start, this.requireReason, usage);
        if (by) marks.byComment.set(f, by);
      }
    // The config files' entries, for files that take no comment.
    if (!this.configs.files.some((c) => c.suppressions.length)) return;
    for (const f of list) {
      if (marks.byComment.has(f) || f.ruleId === INVALID_CONFIG.id || this.offAt(f.ruleId, p)) continue;
      const entry = this.configs.suppressionOf(p, f.ruleId);
      if (!entry || (this.requireReason && !entry.reason?.trim())) continue;
      usedEntries.add(entry);
      marks.byEntry.set(f, entry.reason);
    }
  }

  /** The reports on a file's suppression comments that suppressed nothing (or lack a required reason). */
  private directiveReports(p: string, usage: SuppressionUsage): Finding[] {
    if (this.offAt(UNUSED_SUPPRESSION.id, p)) return [];
    const s = this.suppressionsFor(p);
    const text = s && this.read(p);
    if (!s || text === undefined) return [];
    return suppressionReports(p, text, s, {
      requireReason: this.requireReason,
      usage,
      known: (id: string) => this.ruleById.has(id),
      off: (id: string) => this.offAt(id, p),
    });
  }

  /** A file's findings with settings, fingerprints and baseline applied: reported in `out`, or `silenced`. */
  private reportFile(
    p: string,
    list: readonly Finding[],
    marks: SuppressionMarks,
    out: ReportedFinding[],
    silenced: SuppressedFinding[],
  ): void {
    // Before suppressions, so disabling one of two identical findings leaves the other's fingerprint as it was.
    const fingerprints = this.fingerprintsOf(p, list);
    list.forEach((f, i) => {
      const setting = this.settingAt(f.ruleId, p);
      if (setting === 'off') return;
      // Messages quote workspace text; whatever a rule let through, no credential is shown in full.
      const reported = {
        ...f,
        message: redactText(f.message),
        severity: setting ?? f.severity,
        fingerprint: fingerprints[i],
        ...(this.baselined.has(fingerprints[i]) ? { baselined: true as const } : {}),
      };
      const by = marks.byComment.get(f);
      const entry = marks.byEntry.has(f);
      if (!by && !entry) out.push(reported);
      else {
        const reason = by ? by.reason : marks.byEntry.get(f);
        silenced.push({
          ...reported,
          suppression: {
            kind: by ? 'inSource' : 'external',
            ...(reason ? { justification: redactText(reason) } : {}),
          },
        });
      }
    });
  }

  /** Whether the flagged text of a secret finding is one a config file's `allow` lets through. */
  private allowedByConfig(f: Finding): boolean {
    if (!this.configs.files.some((c) => c.allowValues.length || c.allowPatterns.length)) return false;
    const text = this.read(f.path);
    if (text === undefined) return false;
    const lines = new LineIndex(text);
    // The flagged text, without the quotes around a string literal; at most a long line of it.
    const flagged = text
      .slice(lines.offset(f.range.start), lines.offset(f.range.end))
      .slice(0, 2000)
      .replace(/^(['"`])([\s\S]*)\1$/, '$2');
    return this.configs.allowed(f.path, flagged);
  }

  private inExemptProject(p: string): boolean {
    const project = this.model?.projectOf(p);
    return !!project && this.exemptRoots.has(project.root);
  }

  findingsIn(p: string): ReportedFinding[] {
    return this.findings().filter((f) => f.path === p);
  }

  rule(id: string): Rule | undefined {
    return this.ruleById.get(id);
  }

  /** The why of what reported a finding: a rule, or the engine's report on suppression comments. */
  whyOf(id: string): string | undefined {
    if (id === INVALID_CONFIG.id) return INVALID_CONFIG.why;
    return id === UNUSED_SUPPRESSION.id ? UNUSED_SUPPRESSION.why : this.ruleById.get(id)?.meta.why;
  }

  fixContext(p: string, read: (path: string) => string | undefined = this.read): FixContext {
    return {
      workspace: this.model!,
      project: this.model?.projectOf(p),
      read,
      exists: (q) => read(q) !== undefined || fs.existsSync(q),
    };
  }

  /**
   * Reads for computing fixes from disk as it is now rather than from the cache (see FreshReads): a fix edits files
   * the editor may not have open, at offsets that must hold in the file the editor will change.
   */
  freshReads(): FreshReads {
    return new FreshReads({
      overlay: this.overlay,
      // Staleness only of the workspace's own files: file events outside it never refresh the cache.
      cached: (p) => (p.startsWith(this.root + path.sep) ? this.disk.get(p) : undefined),
      // Inside the workspace folder; the .gitignore files of a repository rooted above it may be read too.
      rootFor: (p) =>
        [this.root, this.model?.gitRoot].find((r) => r !== undefined && (p === r || p.startsWith(r + path.sep))),
      // The limits the cache read with: a lockfile over the source limit must not look stale.
      maxBytes: (p) => readLimit(classify(path.basename(p), this.rel(p)), this.maxFileSize),
    });
  }

  /** The rule's own fixes, then "disable for this line" and "show documentation". `read` defaults to the cache. */
  /** Whether a finding has a fix of its own, beyond "disable for this line" and "show documentation" (JSON `fixable`). */
  hasOwnFix(finding: Finding): boolean {
    if (finding.ruleId === INVALID_CONFIG.id) return false;
    // Its fixes besides "show documentation", which every finding has.
    if (finding.ruleId === UNUSED_SUPPRESSION.id)
      return this.suppressionFixes(finding, this.read).some((f) => !f.disabled && !f.command);
    const rule = this.ruleById.get(finding.ruleId);
    if (!rule?.fixes || !this.model) return false;
    try {
      // As the editor offers them: a fix that would write outside the workspace is disabled there.
      return rule.fixes(finding, this.fixContext(finding.path)).some((f) => !this.confine(f).disabled);
    } catch {
      // fixesFor logs and counts the failure when the fixes are asked for; here the rule's word stands.
      return !!rule.meta.fixable;
    }
  }

  fixesFor(finding: Finding, read?: (path: string) => string | undefined): Fix[] {
    if (finding.ruleId === UNUSED_SUPPRESSION.id) return this.suppressionFixes(finding, read ?? this.read);
    if (finding.ruleId === INVALID_CONFIG.id) return [docsFix(finding.ruleId)];
    const rule = this.ruleById.get(finding.ruleId);
    if (!rule || !this.model) return [];
    const ctx = this.fixContext(finding.path, read);
    let own: Fix[] = [];
    try {
      own = rule.fixes?.(finding, ctx) ?? [];
    } catch (e) {
      this.ruleFailed(rule.meta.id, 'fixes failed', this.rel(finding.path), e);
    }
    let generic: Fix[] = [];
    try {
      const style = this.commentStyle(finding.path, ctx.read);
      generic = genericFixes(finding, ctx, style, this.requireReason);
      // A file that takes no comment (JSON, .nvmrc, a lockfile): the entry goes into a config file instead.
      const entry = style ? undefined : this.configSuppressionFix(finding, ctx.read);
      if (entry) generic.unshift(entry);
    } catch (e) {
      this.ruleFailed(rule.meta.id, 'fixes failed', this.rel(finding.path), e);
    }
    // Titles quote workspace text too (the rewritten command line); shown redacted like messages.
    return [...own, ...generic]
      .map((f) => {
        const title = redactText(f.title);
        const command = f.command && { ...f.command, title: redactText(f.command.title) };
        return title === f.title && command?.title === f.command?.title ? f : { ...f, title, command };
      })
      .map((fix) => this.confine(fix));
  }

  /**
   * "Suppress … in twelve-factor.config.json": adds `{ rule, file, reason }` to the `suppressions` list of the nearest
   * config file, or creates one at the project root. None when that config file is not valid JSON.
   */
  private configSuppressionFix(finding: Finding, read: (path: string) => string | undefined): Fix | undefined {
    const target =
      this.configs.nearest(finding.path)?.path ??
      path.join(this.model?.projectOf(finding.path)?.root ?? this.root, CONFIG_FILES[0]);
    const entry = {
      rule: finding.ruleId,
      file: toPosix(path.relative(path.dirname(target), finding.path)),
      reason: '',
    };
    const title = `Suppress ${finding.ruleId} in ${entry.file} in ${this.rel(target)}`;
    const text = read(target);
    if (text === undefined || !text.trim()) {
      const newText = `${JSON.stringify({ suppressions: [entry] }, null, 2)}\n`;
      const start = { line: 0, character: 0 };
      const end = text ? new LineIndex(text).position(text.length) : start;
      return { title, edits: [{ path: target, create: true, edits: [{ range: { start, end }, newText }] }] };
    }
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: true });
    if (errors.length) return undefined;
    const lines = new LineIndex(text);
    const edits = modify(text, ['suppressions', -1], entry, {
      formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' },
    }).map((e) => ({
      range: { start: lines.position(e.offset), end: lines.position(e.offset + e.length) },
      newText: e.content,
    }));
    return { title, edits: [{ path: target, edits }] };
  }

  /**
   * How a disable comment is written in a file, and how the disable fix checks the comment it writes is one there
   * (comments.ts reads it back; a YAML file must parse no worse than before). Undefined: the file takes no comment.
   */
  commentStyle(p: string, read: (path: string) => string | undefined): CommentStyle | undefined {
    const before = read(p);
    const syntax = before === undefined ? undefined : commentSyntax(p, before);
    if (!syntax || before === undefined) return undefined;
    return {
      prefix:
        syntax === 'source'
          ? (ADAPTERS.find((a) => a.handles(p))?.lineComment ?? '//')
          : syntax === 'prisma'
            ? '//'
            : '#',
      jsx: syntax === 'source' && /\.[jt]sx$/.test(p),
      continuation: syntax === 'shell' || syntax === 'procfile' || syntax === 'dockerfile',
      holds: (after, line, ruleId) => {
        const s = parseSuppressions(p, after);
        const ok = !!s?.directives.some(
          (d) =>
            (d.kind === 'disable-line' || d.kind === 'disable-next-line') &&
            d.line === line &&
            d.rules.some((r) => r.id === ruleId),
        );
        return ok && (syntax !== 'yaml' || yamlProblems(after) <= yamlProblems(before));
      },
    };
  }

  /** "Remove the unused suppression" (or one id of it), "make these words the reason", and the documentation. */
  private suppressionFixes(finding: Finding, read: (path: string) => string | undefined): Fix[] {
    const fixes: Fix[] = [];
    const text = read(finding.path);
    const data = finding.data as { remove?: Range; reasonAt?: Position; expect?: string; title?: string } | undefined;
    if (text !== undefined && data?.expect !== undefined) {
      const lines = new LineIndex(text);
      const at = (r: Range) => text.slice(lines.offset(r.start), lines.offset(r.end));
      if (data.remove && at(data.remove) === data.expect)
        fixes.push({
          title: data.title ?? 'Remove the unused suppression comment',
          preferred: true,
          edits: [{ path: finding.path, edits: [{ range: data.remove, newText: '' }] }],
        });
      const start = data.reasonAt && lines.offset(data.reasonAt);
      if (data.reasonAt && start !== undefined && text.startsWith(data.expect, start))
        fixes.push({
          title: `Make "${data.expect}" the reason (after --)`,
          edits: [
            { path: finding.path, edits: [{ range: { start: data.reasonAt, end: data.reasonAt }, newText: '-- ' }] },
          ],
        });
    }
    const entryOf = (finding.data as { entryOf?: string } | undefined)?.entryOf;
    if (text !== undefined && entryOf) {
      const edits = removeArrayEntry(text, entryOf, finding.range);
      if (edits)
        fixes.push({
          title: 'Remove the unused suppressions entry',
          preferred: true,
          edits: [{ path: finding.path, edits }],
        });
    }
    fixes.push(docsFix(finding.ruleId));
    return fixes.map((f) => ({ ...f, title: redactText(f.title) })).map((fix) => this.confine(fix));
  }

  /**
   * Every fix's edits stay in regular files inside the workspace folder, symlinks resolved: a fix that would write
   * elsewhere (a committed `.env` linking to ~/.bashrc, a `.dockerignore` that is a folder) is shown disabled.
   */
  private confine(fix: Fix): Fix {
    for (const fe of fix.edits ?? []) {
      const why = this.unwritable(fe.path, !!fe.create);
      if (why) {
        this.logger.info(`Fix "${fix.title}" not offered: ${why}.`);
        return { title: fix.title, disabled: `Not offered: ${why}.` };
      }
    }
    return fix;
  }

  /**
   * Answers of unwritable() for the current turn of the event loop: a report asks every finding for its fixes, each
   * checking the same few files (a realpath per folder level). Dropped before any other event can change the disk.
   */
  private unwritableNow: Map<string, string | undefined> | undefined;

  /** Why a fix may not write `p` (undefined: it may): outside the folder, not a regular file, or unreadable. */
  unwritable(p: string, create: boolean): string | undefined {
    const key = `${create ? 'c' : 'e'}${p}`;
    if (!this.unwritableNow) {
      this.unwritableNow = new Map();
      setImmediate(() => (this.unwritableNow = undefined));
    }
    if (this.unwritableNow.has(key)) return this.unwritableNow.get(key);
    const why = this.unwritableUncached(p, create);
    this.unwritableNow.set(key, why);
    return why;
  }

  private unwritableUncached(p: string, create: boolean): string | undefined {
    const rel = this.rel(p);
    if (!isRealPathInside(this.root, p)) return `${rel} is outside the workspace folder or links out of it`;
    try {
      if (!fs.statSync(p).isFile()) return `${rel} is not a regular file`;
      // A fix creates a file it could not read; one that exists then is one it can't read (too large, binary).
      if (create && this.overlay(p) === undefined) return `${rel} exists but could not be read`;
    } catch {
      /* missing: the edit creates it */
    }
    return undefined;
  }

  /**
   * Diff mode (`check --changed-since`): which findings a set of changed files (absolute paths, deleted ones too)
   * reaches. A finding in a changed file; and every finding of a project rule run that read a changed file (a source's
   * facts, a script, a file found missing) or whose rule lists in `meta.inputs` the kind of a changed model file
   * (package.json, lockfile, .env*, Dockerfile, Procfile) of its project or of the workspace root above it. The
   * granularity is the run: a change to one source reaches every finding of a rule that read all sources.
   */
  reachedBy(changed: ReadonlySet<string>): (f: Finding) => boolean {
    const key = (f: Finding) =>
      `${f.ruleId}\0${f.path}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
    const model: { p: string; kind: FileKind; owner: Project | undefined }[] = [];
    for (const p of changed) {
      const kind = classify(path.basename(p), this.rel(p));
      if (MODEL_KINDS.has(kind)) model.push({ p, kind, owner: this.model?.projectOf(p) });
    }
    const list = [...changed];
    const reached = new Set<string>();
    for (const project of this.model?.projects ?? []) {
      const kinds = new Set(
        model.filter((m) => m.owner && (m.owner === project || m.owner === project.parent)).map((m) => m.kind),
      );
      for (const [id, run] of this.runs.get(project.root) ?? []) {
        const inputs = this.ruleById.get(id)?.meta.inputs;
        const byKind = !!inputs && inputs.some((k) => kinds.has(k));
        if (byKind || list.some((p) => run.reads.has(p) || run.reads.has(FACTS_OF + p)))
          for (const f of run.findings) reached.add(key(f));
      }
    }
    return (f) => changed.has(f.path) || reached.has(key(f));
  }

  /** Whether a rule had anything to look at in some project of the last run (its `appliesTo`). */
  ruleApplied(id: string): boolean {
    for (const runs of this.runs.values()) if (runs.get(id)?.applied) return true;
    return false;
  }

  checklist(): ChecklistFactor[] {
    const findings = this.findings();
    const applied = new Set<string>();
    for (const runs of this.runs.values()) for (const [id, run] of runs) if (run.applied) applied.add(id);
    // A folder with no project has nothing to pass: a factor is only judged there by what it found.
    const noProject = !this.model?.projects.length;
    // Files the app may run that could not be read (unreadable, too large, not a file): no factor can say it passes.
    // Binary and minified files are not hand-written source, and links out of the workspace are not the workspace's.
    const partial = this.skipped.some(
      (s) =>
        (s.reason === 'unreadable' || s.reason === 'too-large' || s.reason === 'not-a-file') && s.rel !== undefined,
    );
    return FACTORS.map((f) => {
      const ruleIds = this.rules.filter((r) => r.meta.factor === f.slug).map((r) => r.meta.id);
      const all = findings.filter((x) => ruleIds.includes(x.ruleId));
      // Baselined findings are counted apart and not listed: only new ones are to act on.
      const mine = all.filter((x) => !x.baselined);
      const baselined = all.length - mine.length;
      const counts = { error: 0, warning: 0, info: 0, hint: 0 };
      for (const x of mine) counts[x.severity]++;
      let status: FactorStatus;
      if ((noProject && !all.length) || !ruleIds.some((id) => applied.has(id) && this.ruleSettings[id] !== 'off'))
        status = 'not-applicable';
      else if (counts.error) status = 'fail';
      // Advisories (info, hint) and baselined findings are findings too: not a clean pass, but nothing in it fails.
      else if (all.length) status = 'warn';
      else status = partial ? 'warn' : 'pass';
      return {
        factor: f.n,
        slug: f.slug,
        name: f.name,
        summary: f.summary,
        url: factorUrl(f.slug as FactorSlug),
        status,
        counts,
        ...(baselined ? { baselined } : {}),
        ...(partial && status !== 'not-applicable' ? { partial: true } : {}),
        findings: mine.map((x) => ({
          ruleId: x.ruleId,
          message: x.message,
          severity: x.severity,
          uri: x.path,
          range: x.range,
          docsUrl: docsUrl(x.ruleId),
        })),
        manualChecks: MANUAL_CHECKS[f.slug as FactorSlug],
      };
    });
  }
}

/** An entry of a config file's `suppressions` list that silenced nothing (or, when reasons are required, has none). */
function unusedEntryReport(file: string, e: ConfigSuppression, noReason: boolean): Finding {
  const messageId = noReason ? 'entryNoReason' : 'unusedEntry';
  return {
    ruleId: UNUSED_SUPPRESSION.id,
    path: file,
    range: e.range,
    message: formatMessage(UNUSED_SUPPRESSION, { messageId, data: { rule: e.rule, file: e.file } }),
    messageId,
    severity: UNUSED_SUPPRESSION.severity,
    // The quick fix removes the entry while it still reads as it did (engine.removeConfigEntry).
    ...(noReason ? {} : { data: { entryOf: 'suppressions' } }),
  };
}

/**
 * The edits that delete the element of a JSON file's top-level array `key` that starts where `at` starts (its comma
 * with it, formatting kept, by jsonc-parser's `modify`); undefined when no element starts there any more.
 */
function removeArrayEntry(text: string, key: string, at: Range): TextEdit[] | undefined {
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!tree) return undefined;
  const lines = new LineIndex(text);
  const start = lines.offset(at.start);
  const index = findNodeAtLocation(tree, [key])?.children?.findIndex((n) => n.offset === start) ?? -1;
  if (index < 0) return undefined;
  return modify(text, [key, index], undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } }).map((e) => ({
    range: lines.range(e.offset, e.offset + e.length),
    newText: e.content,
  }));
}
