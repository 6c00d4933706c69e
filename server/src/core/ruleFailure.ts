// One line for an exception thrown inside a rule or a fix: which rule, where, the error and the rule's own frame.
// The stack is cut to that frame: the output channel and CLI stderr show one line per failure, not a trace.
import { safeErrorMessage } from '../util/redact';

/** `Rule <id> <what> on <where>: <message> (at <file>:<line>).` */
export function ruleFailureMessage(
  ruleId: string,
  what: 'failed' | 'fixes failed' | 'applies-to failed',
  where: string,
  e: unknown,
): string {
  return `Rule ${ruleId} ${what} on ${where || '.'}: ${safeErrorMessage(e)}${frameOf(e)}.`;
}

/** The first stack frame in the extension's own code, as ` (at file.ts:12)`, or nothing. */
export function frameOf(e: unknown): string {
  const stack = (e as Error)?.stack;
  if (typeof stack !== 'string') return '';
  for (const line of stack.split('\n').slice(1)) {
    if (/node_modules|node:internal|\(node:/.test(line)) continue;
    const m = /([^/\\()\s]+\.[cm]?[jt]s):(\d+)(?::\d+)?\)?\s*$/.exec(line);
    if (m) return ` (at ${m[1]}:${m[2]})`;
  }
  return '';
}
