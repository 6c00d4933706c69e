// Core contracts between the engine, the rules and the front ends (LSP server and CLI).
import type { TObject } from '@sinclair/typebox';
import type { Severity } from '../../../shared/protocol';
import type { FactorSlug } from './factors';
import type { FileKind, Project, Workspace } from './model';
import type { FactDef, SourceFacts } from './facts';
import type { RuleOptions } from './options';
import type { Range, TextEdit } from '../util/types';
export type { Logger, Position, Range, TextEdit } from '../util/types';
export { silentLogger } from '../util/types';

export type { Severity };

/**
 * A rule's messages by id: one sentence of at most ~120 characters each, saying what is wrong and where, with named
 * `{{placeholders}}` the report's `data` fills (test/unit/messages checks all of it).
 */
export type Messages<Id extends string = string> = Readonly<Record<Id, string>>;

/** What a report says: one of the rule's `meta.messages` by id, and the values of its placeholders, inserted as given. */
export interface Message<Id extends string = string> {
  messageId: Id;
  /** Workspace text in here is redacted by the rule before (and the whole message by the engine after). */
  data?: Readonly<Record<string, string | number | undefined>>;
}

export interface RuleMeta<Id extends string = string> {
  /** `<factor-slug>/<rule-name>` */
  id: string;
  factor: FactorSlug;
  severity: Severity;
  /** One sentence: what the rule flags. */
  description: string;
  /**
   * One or two sentences for the hover: the twelve-factor reason it matters and the usual fix. Diagnostic messages
   * stay one short sentence saying what is wrong where; the why lives here and in the docs page.
   */
  why: string;
  /** Whether the rule offers a fix beyond "disable" and "docs". */
  fixable?: boolean;
  /**
   * The file kinds the project half (checkProject, appliesTo) reads through the model, `'source'` meaning the facts
   * of source files (ctx.facts, ctx.fact, the process model). A change to a file of another kind does not re-run it,
   * except a file it read through ctx.read in its last run: those reads are recorded, so shell scripts, .dockerignore
   * or .npmrc need no declaration. Include the inputs of the model pieces it calls (PROCESS_MODEL_INPUTS,
   * START_SITE_INPUTS). Absent: it re-runs on every change, as before inputs existed.
   */
  inputs?: readonly FileKind[];
  /** Every message the rule reports, by id (a report names one: `ctx.report(at, { messageId, data })`). */
  messages: Messages<Id>;
  /**
   * The rule's options, where it has real knobs: a TypeBox object schema (JSON Schema) with a default for every
   * property. Settings give values (`"rule/id": ["warning", { … }]`); the contexts' `options` hold them checked,
   * defaults filled in. Read them typed: `ctx.options as Static<typeof OPTIONS>`.
   */
  options?: TObject;
}

export interface Finding {
  ruleId: string;
  /** Absolute path of the file the finding is in. */
  path: string;
  range: Range;
  /** The rule's message `messageId` with its placeholders filled. */
  message: string;
  /** Which of the rule's `meta.messages` this is (for translations and baselines). */
  messageId: string;
  /** The rule's default unless the rule grades this finding differently. */
  severity: Severity;
  /** Whatever the rule's fixes need later; must be JSON-serialisable and never hold a full secret the file doesn't. */
  data?: Record<string, unknown>;
}

/** A finding as `Engine.findings()` gives it: settings, suppressions and redaction applied, and fingerprinted. */
export interface ReportedFinding extends Finding {
  /**
   * Stable id for baselines and SARIF `partialFingerprints` (core/fingerprint.ts): 16 hex digits from the rule, the
   * workspace-relative path and the flagged text with its line, whitespace-insensitive; line numbers are not in it.
   */
  fingerprint: string;
  /** In the baseline (engine/baseline.ts): accepted for now, so it does not fail a check. */
  baselined?: true;
}
/** A finding a suppression comment silenced (Engine.suppressedFindings), as SARIF's `suppressions` describe it. */
export interface SuppressedFinding extends ReportedFinding {
  /**
   * `inSource`: a suppression comment (its reason the justification); `external`: the baseline file, or an entry of a
   * config file's `suppressions` list.
   */
  suppression: { kind: 'inSource' | 'external'; justification?: string };
}

export interface FileEdit {
  path: string;
  /** Create the file first (empty) when it does not exist. */
  create?: boolean;
  edits: TextEdit[];
  /**
   * The same change as a function of the file's whole text, when it can be made to any version of the file (add a
   * dependency to package.json). "Fix all" chains these instead of dropping all but the first edit of a region.
   */
  rewrite?: (text: string) => string;
}

export interface Fix {
  title: string;
  /** Only for fixes that are certainly right; others are offered but not preferred. */
  preferred?: boolean;
  /** Safe to apply unattended in "fix all" / fix-on-save. */
  fixAll?: boolean;
  edits?: FileEdit[];
  command?: { title: string; command: string; arguments?: unknown[] };
  /** Why the fix can't be applied (it then has no edits): shown greyed out with this reason, one sentence. */
  disabled?: string;
}

export interface ReportOptions {
  severity?: Severity;
  data?: Record<string, unknown>;
}

/** One source file as a language adapter's extractors and checks see it, whatever the language. */
export interface FileContext {
  readonly path: string;
  /** Path relative to the workspace root, with `/` separators. */
  readonly rel: string;
  readonly text: string;
  /** The facts every source file gets (imports, env reads), and the engine facts extracted so far. */
  readonly facts: SourceFacts;
  /** Test, fixture, mock or story file: test values are not violations. */
  readonly isTest: boolean;
  /** Example, sample or docs file. */
  readonly isExample: boolean;
}

/** What a rule's source check can do besides looking at the file: report, keep its own facts, read engine facts. */
export interface SourceHooks<Id extends string = string> {
  report(at: Range, message: Message<Id>, options?: ReportOptions): void;
  /** Records one of this rule's own facts (`ownFact`) for its checkProject. */
  record<T>(def: FactDef<T>, value: T): void;
  /** An engine fact of this file the rule declared in `uses`. */
  fact<T>(def: FactDef<T>): T | undefined;
  /** The rule's options (see RuleMeta.options): checked against its schema, defaults filled in. */
  readonly options: RuleOptions;
}

/**
 * A rule's check of one language's source files, made by that language's adapter (lang/js: `jsCheck`) and run by it
 * with its own context (the syntax tree, node index and the hooks above). A second language adds its own check to
 * the same rule: same id, messages, project half, fixes and docs.
 */
export interface SourceCheck<Id extends string = string> {
  /** The adapter that runs it (`LanguageAdapter.id`). */
  readonly language: string;
  /**
   * Cheap textual pre-check: when it does not match, the check is skipped and the file may not be parsed at all.
   * Must never cause a miss, so keep it broad.
   */
  readonly trigger?: RegExp;
  /** Called by the adapter; the parameter is the adapter's context type. */
  readonly run: (ctx: never) => void;
  /** Type witness only: the message ids the check reports. */
  readonly _messageIds?: Id;
}

export interface ProjectContext<Id extends string = string> {
  readonly workspace: Workspace;
  readonly project: Project;
  /** Current text of a file: the editor buffer when open, else disk. */
  read(path: string): string | undefined;
  /** Facts of an analysed JS/TS source file of the workspace (imports, env reads, and the core facts). */
  facts(path: string): SourceFacts | undefined;
  /** A typed fact of a file: the rule's own, or an engine fact it declared in `uses`. */
  fact<T>(path: string, def: FactDef<T>): T | undefined;
  report(path: string, range: Range, message: Message<Id>, options?: ReportOptions): void;
  /** The rule's options (see RuleMeta.options): checked against its schema, defaults filled in. */
  readonly options: RuleOptions;
}

export interface FixContext {
  readonly workspace: Workspace;
  readonly project: Project | undefined;
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

/**
 * A rule typed by its message ids, inferred from `meta.messages`: its source checks (`jsCheck<'a' | 'b'>`) and
 * inline reports may name only those.
 */
export function defineRule<Id extends string>(rule: Rule<Id>): Rule<Id> {
  return rule;
}

export interface Rule<Id extends string = string> {
  meta: RuleMeta<Id>;
  /** Engine facts the rule reads (besides imports, env reads and the process graph), so the engine extracts them. */
  uses?: readonly FactDef<unknown>[];
  /** Its checks of source files, one per language it knows (each pure: one parsed file in, reports out). */
  sources?: readonly SourceCheck<NoInfer<Id>>[];
  /** Sees the whole project model and the facts of its source files. */
  checkProject?(ctx: ProjectContext<NoInfer<Id>>): void;
  /** Whether the rule had anything to look at in this project; drives "not applicable" in the checklist. */
  appliesTo?(ctx: ProjectContext<NoInfer<Id>>): boolean;
  fixes?(finding: Finding, ctx: FixContext): Fix[];
}
