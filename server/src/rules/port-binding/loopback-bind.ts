// port-binding/loopback-bind: a server bound to 127.0.0.1/localhost, which nothing outside its own container or
// machine can reach, so the port it exports is no service at all.
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { LineIndex } from '../../util/text';
import { PORT_BINDINGS, startsServerIn } from '../../facts/ports';
import { LOOPBACK } from '../../detect/urls';
import { loopbackBindJs } from '../../lang/js/checks/port-binding/loopback-bind';
import { loopbackBindPy } from '../../lang/py/checks/port-binding/loopback-bind';
import { pyEnvEdit, pyHostRead } from '../../lang/py/checks/port-binding/envFix';
import { sourceLanguage } from '../../core/paths';

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  if (sourceLanguage(finding.path) === 'py') return pyFixes(finding, text);
  const lines = new LineIndex(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  const quote = raw[0];
  if (!/^['"`]$/.test(quote) || !LOOPBACK.has(raw.slice(1, -1))) return [];
  return [
    {
      title: `Bind to HOST, defaulting to 0.0.0.0`,
      preferred: true,
      edits: [
        {
          path: finding.path,
          edits: [{ range: finding.range, newText: `process.env.HOST || ${quote}0.0.0.0${quote}` }],
        },
      ],
    },
  ];
}

/** Python: the host from HOST, defaulting to all interfaces (`import os` added where missing). */
function pyFixes(finding: Finding, text: string): Fix[] {
  const lines = new LineIndex(text);
  const read = pyHostRead(text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end)), (h) =>
    LOOPBACK.has(h),
  );
  const edit = read === undefined ? undefined : pyEnvEdit(text, finding.range, () => read);
  if (!edit) return [];
  return [
    {
      title: 'Bind to HOST, defaulting to 0.0.0.0',
      preferred: true,
      edits: [{ path: finding.path, edits: edit.edits }],
    },
  ];
}

/** Where the project starts a server at all: a JS source, or a Python one (lang/py/ports.ts). */
function appliesTo(ctx: ProjectContext): boolean {
  return (
    startsServerIn(ctx) ||
    ctx.project.files.some(
      (f) => f.kind === 'source' && sourceLanguage(f.path) === 'py' && ctx.fact(f.path, PORT_BINDINGS)?.server === true,
    )
  );
}

export const loopbackBind = defineRule({
  meta: {
    id: 'port-binding/loopback-bind',
    inputs: ['source'],
    factor: 'port-binding',
    severity: 'warning',
    description: 'A server that listens on 127.0.0.1 or localhost, unreachable from outside its container or machine.',
    why: "The app exports its service by binding a port (factor VII), but on a loopback address the platform's router or the container's published port reaches nobody. Bind to all interfaces ('0.0.0.0') or read the host from the environment.",
    fixable: true,
    messages: {
      loopback: 'The server binds to {{host}}, which only this machine or container can reach.',
    },
  },
  sources: [loopbackBindJs, loopbackBindPy],
  // Where the project starts a server at all, as for hardcoded ports.
  appliesTo,
  uses: [PORT_BINDINGS],
  fixes,
});
