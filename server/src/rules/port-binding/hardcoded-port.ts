// port-binding/hardcoded-port: a server bound to a fixed port instead of the one the environment gives.
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { isExamplesCollection, moduleGraphOf, toolingOnlyFiles, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { isUndeployedLibrary } from '../../detect/deployable';
import { isToolingPath } from '../../detect/sourceRole';
import { commandRange, describe, runtimeSites, siteCommands } from '../../model/startSites';
import { LineIndex, toPosix } from '../../util/text';
import { PORT_BINDINGS, boundConfigPorts, startsServerIn } from '../../facts/ports';
import { lookupTable } from '../../util/table';
import { argvOf } from '../../platform/command';
import { literalPort, pythonServerBinds } from '../../platform/pyCommand';
import { commandStartsPythonServer, startsProxy } from './commandServers';
import { LOOPBACK } from '../../detect/urls';
import { isExamplePath, isTestPath, sourceLanguage } from '../../core/paths';
import { pyEnvEdit, pyPortRead } from '../../lang/py/checks/port-binding/envFix';
import { MANAGEMENT_COMMAND } from '../../lang/py/checks/port-binding/sites';
import { productionScriptEntries } from './scriptEntries';

/** The project's Python sources (not in `project.sources`, which the npm-world rules read). */
function pySources(project: ProjectContext['project']): string[] {
  return project.files.filter((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py').map((f) => f.path);
}

/** A server in one file binding to a literal port another module exports (`listen(config.port)`). */
/** Servers whose port is given on their command line: `next start -p 3000`, `serve -l 5000`, `http-server -p 8080`. */
const PORT_FLAGS: Record<string, RegExp> = lookupTable({
  next: /^(-p|--port)$/,
  nuxt: /^--port$/,
  nuxi: /^--port$/,
  vite: /^--port$/,
  astro: /^--port$/,
  serve: /^(-l|--listen|-p)$/,
  'http-server': /^-p$/,
  'live-server': /^--port$/,
  node: /^--port$/,
});

/** `PORT=3000 node server.js` or a fixed port flag in a start command: the platform's PORT is overridden. */
function startCommandPorts(ctx: ProjectContext): void {
  let proxied: boolean | undefined;
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const c of siteCommands(site)) {
      let port: string | undefined;
      let flag: string | undefined;
      const assign = c.words.find(
        (w) => (!c.programWord || w.start < c.programWord.start) && /^PORT=\d{2,5}$/.test(w.text),
      );
      if (assign) {
        port = assign.text.slice(5);
      } else if (pythonServerBinds(argvOf(c))) {
        // `gunicorn -b 0.0.0.0:8000`, `uvicorn --port 8000`, `manage.py runserver 0.0.0.0:8000`: the flag and its
        // value. Behind a proxy the container starts too (nginx), or on a loopback host, the port is internal.
        const binds = pythonServerBinds(argvOf(c))!.binds;
        const bind = binds.some((b) => b.host !== undefined && LOOPBACK.has(b.host))
          ? undefined
          : binds.find((b) => literalPort(b.port));
        if (bind && !(proxied ??= startsProxy(ctx))) {
          port = bind.value;
          flag = bind.flag;
        }
      } else if (c.program && PORT_FLAGS[c.program]) {
        for (let i = 0; i < c.args.length && !port; i++) {
          const [name, inline] = c.args[i].split('=', 2);
          if (!PORT_FLAGS[c.program].test(name)) continue;
          const value = inline ?? c.args[i + 1];
          // `serve -l tcp://0.0.0.0:5000` too; `-p $PORT` is what it should be.
          const m = value && /^(?:tcp:\/\/[^:]*:)?(\d{2,5})$/.exec(value);
          if (m) {
            port = m[1];
            flag = name;
          }
        }
      }
      if (!port) continue;
      const where = describe(site);
      ctx.report(
        site.path,
        commandRange(site, c, ctx.read(site.path)),
        {
          messageId: flag === undefined ? 'commandSetsPort' : 'commandPassesPort',
          data: { where: `${where[0].toUpperCase()}${where.slice(1)}`, port, flag },
        },
        {
          data: { command: true },
        },
      );
    }
  }
}

function checkProject(ctx: ProjectContext): void {
  const { project, workspace } = ctx;
  startCommandPorts(ctx);
  // A library's, an examples collection's or a benchmark's server is not deployed: its port is nobody's to assign.
  if (isUndeployedLibrary(project) || isExamplesCollection(project, ctx.facts, workspace)) return;
  const tooling = toolingOnlyFiles(project, ctx.facts, workspace);
  for (const src of project.sources) {
    const literals = ctx.fact(src, PORT_BINDINGS)?.literals;
    if (!literals?.length || tooling.has(src) || isToolingPath(toPosix(path.relative(project.root, src)))) continue;
    for (const l of literals)
      ctx.report(
        src,
        l.range,
        { messageId: 'literal', data: { port: l.port } },
        { data: { port: l.port, numeric: l.numeric } },
      );
  }
  // Python servers (lang/py/ports.ts): development servers are already left out of the fact; tests and examples here.
  for (const src of pySources(project)) {
    const rel = toPosix(path.relative(project.root, src));
    if (isTestPath(rel) || isExamplePath(rel) || isToolingPath(rel) || MANAGEMENT_COMMAND.test(rel)) continue;
    for (const l of ctx.fact(src, PORT_BINDINGS)?.literals ?? [])
      ctx.report(
        src,
        l.range,
        { messageId: l.bind ? 'bindPort' : 'pyLiteral', data: { port: l.port } },
        { data: { port: l.port, numeric: l.numeric } },
      );
  }
  // A `__main__` block's server that a production process runs (`CMD ["python", "-m", "app.main"]`).
  for (const { file, bind, process } of productionScriptEntries(ctx)) {
    const l = bind.literal;
    if (l)
      ctx.report(
        file,
        l.range,
        { messageId: 'mainPort', data: { port: l.port, where: process.label } },
        { data: { port: l.port, numeric: l.numeric } },
      );
  }
  for (const { target, exp, src, use } of boundConfigPorts(
    project.sources,
    (p) => ctx.fact(p, PORT_BINDINGS),
    moduleGraphOf(project, ctx.facts, workspace),
  )) {
    // Beside it: `./server.ts`; in another package of the workspace: its workspace path.
    const near = toPosix(path.relative(path.dirname(target), src));
    const from = near.startsWith('../../')
      ? toPosix(path.relative(workspace.root, src))
      : near.startsWith('.')
        ? near
        : `./${near}`;
    ctx.report(
      target,
      exp.range,
      { messageId: 'configPort', data: { port: exp.port, file: from, use: use.path.join('.') } },
      {
        data: { port: exp.port, via: src },
      },
    );
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  if (sourceLanguage(finding.path) === 'py') return pyFixes(finding, text);
  const lines = LineIndex.of(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  const port = raw.replace(/['"]/g, '');
  if (!/^\d{1,5}$/.test(port)) return [];
  // Number(...) keeps the type a number (TypeScript accepts it where a port is typed), and NaN falls back.
  const replacement =
    raw.startsWith("'") || raw.startsWith('"') ? `process.env.PORT || ${raw}` : `Number(process.env.PORT) || ${raw}`;
  return [
    {
      title: `Read the port from PORT, defaulting to ${port}`,
      preferred: true,
      fixAll: true,
      edits: [{ path: finding.path, edits: [{ range: finding.range, newText: replacement }] }],
    },
  ];
}

/** Python: the literal becomes `int(os.environ.get("PORT", 8000))` (`import os` added where missing). */
function pyFixes(finding: Finding, text: string): Fix[] {
  if (finding.messageId !== 'pyLiteral' && finding.messageId !== 'mainPort') return [];
  const lines = LineIndex.of(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  const read = pyPortRead(raw);
  const edit = read === undefined ? undefined : pyEnvEdit(text, finding.range, () => read);
  if (!edit) return [];
  return [
    {
      title: `Read the port from PORT, defaulting to ${raw.replace(/['"]/g, '')}`,
      preferred: true,
      // Two fixes that each add `import os` would add it twice.
      fixAll: !edit.addsImport,
      edits: [{ path: finding.path, edits: edit.edits }],
    },
  ];
}

/** Applies where the project starts a server at all (in JS or in Python). */
function appliesTo(ctx: ProjectContext): boolean {
  return (
    startsServerIn(ctx) ||
    commandStartsPythonServer(ctx) ||
    pySources(ctx.project).some((p) => ctx.fact(p, PORT_BINDINGS)?.server === true)
  );
}

export const hardcodedPort = defineRule({
  meta: {
    id: 'port-binding/hardcoded-port',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'port-binding',
    severity: 'warning',
    description: 'A server that listens on a fixed port instead of process.env.PORT.',
    why: 'The app exports its service by binding the port the environment gives it (factor VII), so the platform can route to it. Bind to process.env.PORT and keep the literal only as the local default; in start commands pass `-p $PORT` or leave the flag out.',
    fixable: true,
    messages: {
      literal: 'Port {{port}} is hardcoded instead of read from process.env.PORT.',
      pyLiteral: 'Port {{port}} is hardcoded instead of read from the PORT environment variable.',
      mainPort: 'Port {{port}} is hardcoded in the __main__ entry that {{where}} runs, instead of read from PORT.',
      bindPort: 'The bind address fixes port {{port}}, so the server ignores the PORT the platform assigns.',
      commandSetsPort: '{{where}} sets PORT={{port}} itself, so the app ignores the PORT the platform assigns.',
      commandPassesPort: '{{where}} passes {{flag}} {{port}}, ignoring the PORT the platform assigns.',
      configPort: 'Port {{port}} is hardcoded in this module, and {{file}} binds the server to it ({{use}}).',
    },
  },
  uses: [PORT_BINDINGS],
  checkProject,
  appliesTo,
  fixes,
});
