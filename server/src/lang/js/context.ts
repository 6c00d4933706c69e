// What the JavaScript/TypeScript adapter gives its fact extractors and the rules' JS source checks: the parsed
// file, its node index, and (for checks) the language-neutral hooks, with reports at a node or a range.
import type * as ts from 'typescript';
import type { FileContext, Message, Range, ReportOptions, SourceCheck, SourceHooks } from '../../core/types';
import type { FactDef } from '../../core/facts';
import type { NodeIndex } from './nodeIndex';

export interface JsExtractContext extends FileContext {
  readonly sourceFile: ts.SourceFile;
  readonly index: NodeIndex;
  rangeOf(node: ts.Node): Range;
}

export interface JsSourceContext<Id extends string = string> extends JsExtractContext, Omit<SourceHooks<Id>, 'report'> {
  report(at: ts.Node | Range, message: Message<Id>, options?: ReportOptions): void;
}

export const JS = 'js';

/** A rule's check of JS/TS files (see SourceCheck); `trigger` is matched against the file's text. */
export function jsCheck<Id extends string = string>(check: {
  trigger?: RegExp;
  check(ctx: JsSourceContext<Id>): void;
}): SourceCheck<Id> {
  return { language: JS, trigger: check.trigger, run: check.check as (ctx: never) => void };
}

/** How the adapter produces an engine fact from a JS/TS file. */
export interface JsExtractor<T = unknown> {
  readonly fact: FactDef<T>;
  /** Cheap pre-check on the text; the file is parsed for the extractor only when it passes. */
  readonly trigger: (text: string) => boolean;
  readonly extract: (ctx: JsExtractContext) => T | undefined;
}

/** `trigger` must never cause a miss, so keep it broad. */
export function jsExtractor<T>(
  fact: FactDef<T>,
  trigger: RegExp | ((text: string) => boolean),
  extract: (ctx: JsExtractContext) => T | undefined,
): JsExtractor<T> {
  return { fact, trigger: typeof trigger === 'function' ? trigger : (text) => trigger.test(text), extract };
}
