// What the Python adapter gives the rules' Python checks: the parsed file, its index, and the language-neutral hooks,
// with reports at a node or a range. No rule has one yet; this is the seam they plug into (`pyCheck`).
import type { FileContext, Message, Range, ReportOptions, SourceCheck, SourceHooks } from '../../core/types';
import type { SyntaxNode, Tree } from './parse';
import type { PyIndex } from './syntax';

export const PY = 'py';

export interface PyFileContext extends FileContext {
  readonly tree: Tree;
  readonly index: PyIndex;
  /** A node's range, or any offsets' (`{ from, to }`). */
  rangeOf(span: { from: number; to: number }): Range;
}

export interface PySourceContext<Id extends string = string> extends PyFileContext, Omit<SourceHooks<Id>, 'report'> {
  report(at: SyntaxNode | Range, message: Message<Id>, options?: ReportOptions): void;
}

/** A rule's check of Python files (see SourceCheck); `trigger` is matched against the file's text. */
export function pyCheck<Id extends string = string>(check: {
  trigger?: RegExp;
  check(ctx: PySourceContext<Id>): void;
}): SourceCheck<Id> {
  return { language: PY, trigger: check.trigger, run: check.check as (ctx: never) => void };
}
