// disposability/swallowed-fatal-error: `process.on('uncaughtException' | 'unhandledRejection', handler)` whose
// handler only logs and carries on, so a process in an unknown state keeps serving instead of crashing and being
// restarted by the platform.
import { defineRule, type Finding, type Fix, type FixContext, type Range } from '../../core/types';
import { swallowedFatalErrorJs } from '../../lang/js/checks/disposability/swallowed-fatal-error';

const ID = 'disposability/swallowed-fatal-error';

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const edit = (finding.data as { edit?: { range: Range; old: string; newText: string } } | undefined)?.edit;
  if (!edit) return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  // The text the edit was computed on must still be there.
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const empty =
    edit.range.start.line === edit.range.end.line && edit.range.start.character === edit.range.end.character;
  const check = empty
    ? text.slice(offset(edit.range.start) - edit.old.length, offset(edit.range.start))
    : text.slice(offset(edit.range.start), offset(edit.range.end));
  if (check !== edit.old) return [];
  return [
    {
      title: 'Exit after logging: add process.exit(1) to the handler',
      preferred: false,
      edits: [{ path: finding.path, edits: [{ range: edit.range, newText: edit.newText }] }],
    },
  ];
}

export const swallowedFatalError = defineRule({
  meta: {
    id: ID,
    factor: 'disposability',
    severity: 'warning',
    description:
      "A process.on('uncaughtException' | 'unhandledRejection') handler that only logs and lets the process carry on.",
    why: 'Processes are disposable and crash cleanly (factor IX): after an uncaught error the process is in an unknown state (half-done requests, leaked connections, broken invariants). Log the error, then exit with a non-zero code so the process manager restarts a clean process.',
    fixable: true,
    messages: {
      ignoresException: "This '{{event}}' handler ignores the exception, so the process runs on in an unknown state.",
      logsException: "This '{{event}}' handler only logs the exception, so the process runs on in an unknown state.",
      ignoresRejection: "This '{{event}}' handler ignores the rejection, so the process runs on in an unknown state.",
      logsRejection: "This '{{event}}' handler only logs the rejection, so the process runs on in an unknown state.",
    },
  },
  sources: [swallowedFatalErrorJs],
  fixes,
});
