// port-binding/loopback-bind: a server bound to 127.0.0.1/localhost, which nothing outside its own container or
// machine can reach, so the port it exports is no service at all.
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { LineIndex } from '../../util/text';
import { PORT_BINDINGS, startsServerIn } from '../../facts/ports';
import { LOOPBACK } from '../../detect/urls';
import { loopbackBindJs } from '../../lang/js/checks/port-binding/loopback-bind';
import { commandRange, describe, runtimeSites, siteCommands, START_SITE_INPUTS } from '../../model/startSites';
import { argvOf } from '../../platform/command';
import { pythonServerBinds } from '../../platform/pyCommand';
import { commandStartsPythonServer, startsProxy } from './commandServers';
import { productionScriptEntries } from './scriptEntries';

/**
 * `gunicorn --bind 127.0.0.1:8000`, `uvicorn --host localhost`, `manage.py runserver 127.0.0.1:8000` in a start
 * command. Not when a start command also runs a proxy or supervisor (nginx in front of the app, in one container).
 */
function checkProject(ctx: ProjectContext): void {
  if (startsProxy(ctx)) return;
  // A `__main__` block's server that a production process runs (`CMD ["python", "-m", "app.main"]`).
  for (const { file, bind, process } of productionScriptEntries(ctx))
    if (bind.host)
      ctx.report(file, bind.host.range, {
        messageId: 'mainLoopback',
        data: { host: bind.host.host, where: process.label },
      });
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const c of siteCommands(site)) {
      const server = pythonServerBinds(argvOf(c));
      const bind = server?.binds.find((b) => b.host !== undefined && LOOPBACK.has(b.host));
      if (!server || !bind) continue;
      const where = describe(site);
      ctx.report(site.path, commandRange(site, c, ctx.read(site.path)), {
        messageId: 'command',
        data: {
          where: `${where[0].toUpperCase()}${where.slice(1)}`,
          program: server.tool,
          host: bind.host,
        },
      });
    }
  }
}
import { loopbackBindPy } from '../../lang/py/checks/port-binding/loopback-bind';
import { pyEnvEdit, pyHostRead } from '../../lang/py/checks/port-binding/envFix';
import { sourceLanguage } from '../../core/paths';

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  if (sourceLanguage(finding.path) === 'py') return pyFixes(finding, text);
  const lines = LineIndex.of(text);
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
  const lines = LineIndex.of(text);
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
    commandStartsPythonServer(ctx) ||
    ctx.project.files.some(
      (f) => f.kind === 'source' && sourceLanguage(f.path) === 'py' && ctx.fact(f.path, PORT_BINDINGS)?.server === true,
    )
  );
}

export const loopbackBind = defineRule({
  meta: {
    id: 'port-binding/loopback-bind',
    inputs: ['source', ...START_SITE_INPUTS],
    factor: 'port-binding',
    severity: 'warning',
    description: 'A server that listens on 127.0.0.1 or localhost, unreachable from outside its container or machine.',
    why: "The app exports its service by binding a port (factor VII), but on a loopback address the platform's router or the container's published port reaches nobody. Bind to all interfaces ('0.0.0.0') or read the host from the environment.",
    fixable: true,
    messages: {
      loopback: 'The server binds to {{host}}, which only this machine or container can reach.',
      mainLoopback: 'The __main__ entry {{where}} runs binds to {{host}}: only this machine can reach the server.',
      command: '{{where}} binds {{program}} to {{host}}, which only this machine or container can reach.',
    },
  },
  sources: [loopbackBindJs, loopbackBindPy],
  checkProject,
  // Where the project starts a server at all, as for hardcoded ports.
  appliesTo,
  uses: [PORT_BINDINGS],
  fixes,
});
