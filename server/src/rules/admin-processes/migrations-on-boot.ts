// admin-processes/migrations-on-boot: schema migrations, seeds or schema sync run by the web process as it starts.
import * as path from 'path';
import {
  defineRule,
  type FileEdit,
  type Finding,
  type Fix,
  type FixContext,
  type Message,
  type ProjectContext,
  type Range,
} from '../../core/types';
import { isExamplePath, isTestPath, sourceLanguage } from '../../core/paths';
import type { Project } from '../../core/model';
import { parseShell, removeCommands, type ShellCommand } from '../../platform/shell';
import { isDevDockerfile } from '../../platform/docker';
import {
  argvOf,
  commandsOf,
  isMigrationProgram,
  isMigrationScriptName,
  scriptInvocation,
  scriptRunOf,
} from '../../platform/command';
import { commandRange, describe, runtimeSites, siteCommands } from '../../model/startSites';
import {
  dockerCommand,
  moduleGraphOf,
  processesOf,
  runsInWeb,
  webLoadingFromOtherProject,
  type ProcessInfo,
  PROCESS_MODEL_INPUTS,
} from '../../model/processes';
import { jsonRange, parsePackageJson } from '../../ecosystem/npm/packageJson';
import { parseProcfile } from '../../platform/procfile';
import { appendLine } from '../../fixes/gitignore';
import { clip, LineIndex, toPosix } from '../../util/text';
import { freeScriptName, runScript, scriptsEdit, zeroRange } from './edits';
import { MIGRATION_SITES, PACKAGE_CALLS, type CodeSite } from '../../facts/migrations';
import { pythonModules, resolvePythonModule } from '../../model/pyProcesses';

const ID = 'admin-processes/migrations-on-boot';
type MessageId = 'fromHandler' | 'inStartupHook' | 'fromStartupHook';

// --- commands ----------------------------------------------------------------------------------------------------

type Loc = { kind: 'script'; name: string } | { kind: 'procfile'; line: number } | { kind: 'docker'; file: string };

interface CommandHit {
  loc: Loc;
  command: ShellCommand;
  file: string;
  range: Range;
}

function scriptMigrates(project: Project, name: string, depth = 0): boolean {
  if (isMigrationScriptName(name)) return true;
  const body = project.pkg?.scripts[name];
  if (typeof body !== 'string' || depth > 6) return false;
  return commandsOf(body).some((c) => {
    const argv = argvOf(c);
    const run = scriptRunOf(argv, project.pkg!.scripts);
    return run ? run.names.some((n) => scriptMigrates(project, n, depth + 1)) : isMigrationProgram(argv);
  });
}

/**
 * Migration commands that run before the app in a web command line: `prisma migrate deploy && node server.js`,
 * `npm run migrate && …`, or npm's `prestart` script.
 */
function commandHits(
  project: Project,
  line: string,
  loc: Loc,
  where: { file: string; range: Range },
  followedOuter: boolean,
  out: CommandHit[],
  stack: string[] = [],
): void {
  const scripts = project.pkg?.scripts ?? {};
  const cmds = commandsOf(line);
  cmds.forEach((c, i) => {
    const followed = followedOuter || i < cmds.length - 1;
    const argv = argvOf(c);
    const run = scriptRunOf(argv, scripts);
    if (run) {
      if (followed && run.names.some((n) => scriptMigrates(project, n))) {
        out.push({ loc, command: c, ...where });
        return;
      }
      for (const name of run.names) {
        if (stack.includes(name) || typeof scripts[name] !== 'string') continue;
        const pre = scripts[`pre${name}`];
        if (typeof pre === 'string' && run.tool !== 'pnpm' && run.tool !== 'bun' && run.tool !== 'node')
          commandHits(
            project,
            pre,
            { kind: 'script', name: `pre${name}` },
            scriptWhere(project, `pre${name}`),
            true,
            out,
            [...stack, name],
          );
        commandHits(project, scripts[name], { kind: 'script', name }, scriptWhere(project, name), followed, out, [
          ...stack,
          name,
        ]);
      }
      return;
    }
    if (followed && isMigrationProgram(argv)) out.push({ loc, command: c, ...where });
  });
}

function scriptWhere(project: Project, name: string): { file: string; range: Range } {
  return { file: project.pkg!.path, range: jsonRange(project.pkg!, ['scripts', name]) ?? zeroRange() };
}

function webCommandHits(project: Project, processes: ProcessInfo[]): CommandHit[] {
  const out: CommandHit[] = [];
  const web = project.procfile?.entries.find((e) => e.type === 'web');
  if (web)
    commandHits(
      project,
      web.command,
      { kind: 'procfile', line: web.line },
      { file: project.procfile!.path, range: web.commandRange },
      false,
      out,
    );
  let docker = false;
  for (const df of project.dockerfiles) {
    if (isDevDockerfile(df.rel) || /worker|migrat|release|job/i.test(path.basename(df.path))) continue;
    const dc = dockerCommand(df);
    if (!dc) continue;
    docker = true;
    commandHits(
      project,
      dc.line,
      { kind: 'docker', file: df.path },
      { file: df.path, range: dc.instruction.range },
      false,
      out,
    );
  }
  // Without a Procfile web entry or a container command, `npm start` is how the web process starts.
  const startIsWeb = processes.some(
    (p) => p.type === 'web' && p.origins.some((o) => o.kind === 'script' && o.name === 'start'),
  );
  if (
    !web &&
    !docker &&
    typeof project.pkg?.scripts.start === 'string' &&
    (startIsWeb || !processes.some((p) => p.origins.some((o) => o.kind === 'script' && o.name === 'start')))
  ) {
    commandHits(project, 'npm start', { kind: 'script', name: 'start' }, scriptWhere(project, 'start'), false, out);
  }
  const seen = new Set<string>();
  return out.filter((h) => {
    const key = `${h.file}:${h.range.start.line}:${h.command.start}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

// --- project check -----------------------------------------------------------------------------------------------

function checkProject(ctx: ProjectContext): void {
  const project = ctx.project;
  const processes = processesOf(project, ctx.facts, ctx.workspace);
  for (const h of webCommandHits(project, processes)) {
    const messageId = h.loc.kind === 'script' ? 'inScript' : h.loc.kind === 'procfile' ? 'inProcfile' : 'inContainer';
    ctx.report(
      h.file,
      h.range,
      { messageId, data: { command: clip(h.command.text), script: h.loc.kind === 'script' ? h.loc.name : undefined } },
      {
        data: { loc: h.loc, command: h.command.text },
      },
    );
  }
  // Lines of a shell script the web process starts with (`ENTRYPOINT ["./docker-entrypoint.sh"]`).
  for (const site of runtimeSites(project, ctx.workspace.root, ctx.read)) {
    if (site.kind !== 'shell' || /Procfile '(?!web')|worker|migrat|release|job/i.test(site.runBy ?? '')) continue;
    // `release.sh`, `migrate.sh`: a script named for the release job is that job, whatever runs it.
    if (/migrat|release|job/i.test(path.basename(site.path))) continue;
    const c = siteCommands(site).find(
      (x) => isMigrationProgram(argvOf(x)) || isMigrationScriptName(scriptInvocation(x) ?? ''),
    );
    if (!c) continue;
    ctx.report(site.path, commandRange(site, c, ctx.read(site.path)), {
      messageId: 'inShell',
      data: { command: clip(c.text), where: describe(site) },
    });
  }
  const graph = moduleGraphOf(project, ctx.facts, ctx.workspace);
  setupScriptHits(ctx, processes);
  for (const file of project.sources) {
    const sites = ctx.fact(file, MIGRATION_SITES);
    if (!sites) continue;
    for (const site of sites) {
      if (site.runnerFrom) {
        // The runner's module shows the migration itself (a Migrator, knex.migrate): that is reported there.
        const target = graph.resolve(file, site.runnerFrom);
        if (target && ctx.fact(target, MIGRATION_SITES)?.length) continue;
      }
      let via: string;
      if (runsInWeb(file, site, processes, ctx.facts)) {
        const p = processes.find((x) => x.type === 'web' && x.reachable.has(file))!;
        via = toPosix(path.relative(project.root, p.entry));
      } else {
        // Code of a workspace package that migrates as it is imported by another project's web process.
        const p = site.onLoad ? webLoadingFromOtherProject(file, project, ctx.workspace, ctx.facts) : undefined;
        if (!p) continue;
        via = toPosix(path.relative(ctx.workspace.root, p.entry));
      }
      ctx.report(
        file,
        site.range,
        site.handler
          ? { messageId: 'fromHandler', data: { site: site.label, handler: site.handler } }
          : { messageId: 'onWebStart', data: { site: site.label, entry: via } },
      );
    }
  }
  packageCallHits(ctx, processes);
  pythonHits(ctx);
}

/**
 * Python: migrations in a web framework's start-up hook (a FastAPI lifespan, `AppConfig.ready()`, …), at module
 * scope of the file that makes the app, or in a request handler; and those in a function of another module that a
 * start-up hook calls (`init_db.main()` from the lifespan). The hooks say when the code runs: the process model is
 * not needed.
 */
function pythonHits(ctx: ProjectContext): void {
  const project = ctx.project;
  const files = project.files
    .filter(
      (f) => f.kind === 'source' && sourceLanguage(f.path) === 'py' && !isTestPath(f.rel) && !isExamplePath(f.rel),
    )
    .map((f) => f.path);
  if (!files.length) return;
  const reported = new Set<string>();
  const report = (file: string, site: CodeSite, message: Message<MessageId>) => {
    const key = `${file}:${site.range.start.line}:${site.range.start.character}`;
    if (reported.has(key)) return;
    reported.add(key);
    ctx.report(file, site.range, message);
  };
  for (const file of files) {
    for (const site of ctx.fact(file, MIGRATION_SITES) ?? []) {
      if (site.handler)
        report(file, site, { messageId: 'fromHandler', data: { site: site.label, handler: site.handler } });
      else if (site.startup)
        report(file, site, { messageId: 'inStartupHook', data: { site: site.label, hook: site.startup } });
    }
  }
  const byModule = pythonModules(files, project.root);
  for (const file of files) {
    for (const call of ctx.fact(file, PACKAGE_CALLS) ?? []) {
      if (!call.startup) continue;
      const target = resolvePythonModule(call.pkg, file, byModule);
      if (!target || target === file) continue;
      for (const site of ctx.fact(target, MIGRATION_SITES) ?? []) {
        if (site.handler || site.onLoad || !site.names.includes(call.name)) continue;
        const where = `${path.basename(file)}:${call.range.start.line + 1}`;
        report(target, site, {
          messageId: 'fromStartupHook',
          data: { site: site.label, hook: call.startup, call: clip(`${call.text}()`), where },
        });
      }
    }
  }
}

/**
 * A script the start command runs before the app (`node scripts/check-db.js && node server.js`, `npm-run-all check-db
 * start-server` in the container command): it runs whole on every start, so a migration anywhere in it migrates at
 * boot. A script whose name says it migrates is reported at the command line instead.
 */
function setupScriptHits(ctx: ProjectContext, processes: ProcessInfo[]): void {
  const project = ctx.project;
  for (const p of processes) {
    if (!p.setup.length) continue;
    const boot = p.origins.find(
      (o) =>
        (o.kind === 'docker' && !/worker|migrat|release|job/i.test(path.basename(o.file))) ||
        ((o.kind === 'procfile' || o.kind === 'config') && o.name === 'web') ||
        (o.kind === 'script' && o.name === 'start'),
    );
    if (!boot || p.type === 'release' || p.type === 'worker') continue;
    const by =
      boot.kind === 'docker'
        ? `the ${path.basename(boot.file)} ${boot.name}`
        : boot.kind === 'procfile'
          ? "the Procfile's web command"
          : boot.kind === 'config'
            ? `the web process of ${path.basename(boot.file)}`
            : "the 'start' script";
    for (const file of p.setup) {
      if (isMigrationProgram(['node', toPosix(path.relative(project.root, file))])) continue;
      const sites = ctx.fact(file, MIGRATION_SITES) ?? [];
      for (const site of sites) {
        if (site.handler) continue;
        ctx.report(file, site.range, { messageId: 'onAppStart', data: { site: site.label, by } });
      }
    }
  }
}

/**
 * `await migrate()` on the web path, where `migrate` comes from a workspace package (`@acme/db`) and leads to a
 * migration there: reported at the call, which is what to move to a release process.
 */
function packageCallHits(ctx: ProjectContext, processes: ProcessInfo[]): void {
  const project = ctx.project;
  const members = new Map<string, Project>();
  for (const q of ctx.workspace.projects) if (q !== project && q.pkg?.name) members.set(q.pkg.name, q);
  if (!members.size) return;
  for (const file of project.sources) {
    const calls = ctx.fact(file, PACKAGE_CALLS);
    for (const call of calls ?? []) {
      const member = members.get(call.pkg);
      if (!member || !runsInWeb(file, call, processes, ctx.facts)) continue;
      const web = processes.find((x) => x.type === 'web' && x.reachable.has(file))!;
      let hit: { file: string; site: CodeSite } | undefined;
      for (const f of member.sources) {
        if (!web.reachable.has(f)) continue;
        const site = ctx.fact(f, MIGRATION_SITES)?.find((s) => !s.onLoad && s.names.includes(call.name));
        if (site) {
          hit = { file: f, site };
          break;
        }
      }
      if (!hit) continue;
      const where = `${toPosix(path.relative(ctx.workspace.root, hit.file))}:${hit.site.range.start.line + 1}`;
      ctx.report(
        file,
        call.range,
        { messageId: 'packageCall', data: { call: call.text, package: call.pkg, where: clip(where) } },
        {
          data: { pkg: call.pkg, name: call.name },
        },
      );
    }
  }
}

function appliesTo(ctx: ProjectContext): boolean {
  return (
    processesOf(ctx.project, ctx.facts, ctx.workspace).some((p) => p.type === 'web') ||
    !!ctx.project.procfile?.entries.some((e) => e.type === 'web')
  );
}

// --- fix ---------------------------------------------------------------------------------------------------------

/**
 * A project without package.json (a Python app): the migration leaves the Procfile's web command for its release
 * entry, as written (`release: python manage.py migrate --noinput`).
 */
function procfileOnlyFix(data: { loc: Loc; command: string }, procfilePath: string, ctx: FixContext): Fix[] {
  const text = ctx.read(procfilePath);
  if (text === undefined || data.loc.kind !== 'procfile') return [];
  const entries = parseProcfile(text);
  const web = entries.find((e) => e.type === 'web');
  if (!web) return [];
  const cmds = parseShell(web.command);
  const target = cmds.find((c) => c.text === data.command);
  const rest = target ? removeCommands(web.command, cmds, (c) => c === target) : undefined;
  if (!target || !rest) return [];
  const edits = [{ range: web.commandRange, newText: rest }];
  const release = entries.find((e) => e.type === 'release');
  if (release && !release.command.includes(target.text))
    edits.push({
      range: { start: release.commandRange.end, end: release.commandRange.end },
      newText: ` && ${target.text}`,
    });
  else if (!release) edits.push(appendLine(text, `release: ${target.text}`));
  return [
    {
      title: `Run '${clip(target.text)}' as the Procfile release process instead of on boot`,
      preferred: false,
      edits: [{ path: procfilePath, edits }],
    },
  ];
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { loc: Loc; command: string } | undefined;
  const project = ctx.project;
  if (data?.loc && project?.procfile && !project.pkg) return procfileOnlyFix(data, project.procfile.path, ctx);
  if (!data?.loc || data.loc.kind === 'docker' || !project?.pkg) return [];
  const pkgText = ctx.read(project.pkg.path);
  if (pkgText === undefined) return [];
  let scripts: Record<string, string>;
  try {
    scripts = parsePackageJson(project.pkg.path, pkgText).scripts;
  } catch {
    return [];
  }
  const procfilePath = project.procfile?.path ?? path.join(project.root, 'Procfile');
  const procText = ctx.read(procfilePath);
  const entries = procText !== undefined ? parseProcfile(procText) : [];
  // The command line the migration sits in, as it is now.
  const line = data.loc.kind === 'script' ? scripts[data.loc.name] : entries.find((e) => e.type === 'web')?.command;
  if (typeof line !== 'string') return [];
  const cmds = parseShell(line);
  const target = cmds.find((c) => c.text === data.command);
  if (!target) return [];
  const rest = removeCommands(line, cmds, (c) => c === target);
  if (rest === undefined) return [];
  // What the release phase runs: the script already holding the migration, or a new `migrate` script.
  const run = scriptRunOf(argvOf(target), scripts);
  const scriptChanges: [string, string | undefined][] = [];
  let releaseCmd: string;
  if (run) releaseCmd = target.text;
  else {
    // A script name goes into a Procfile line: one without line breaks (runScript quotes the rest).
    const same = Object.entries(scripts).find(([k, v]) => v === target.text && !/[\0\r\n]/.test(k))?.[0];
    const name = same ?? freeScriptName(scripts, ['migrate', 'db:migrate', 'migrate:deploy']);
    if (!same) scriptChanges.push([name, target.text]);
    releaseCmd = runScript(project, name);
  }
  const edits: FileEdit[] = [];
  if (data.loc.kind === 'script') {
    // An emptied `prestart` goes away; a start script keeps what follows the migration.
    scriptChanges.unshift([data.loc.name, rest === '' ? undefined : rest]);
  }
  const pkgEdit = scriptsEdit(pkgText, scriptChanges);
  if (pkgEdit) edits.push({ path: project.pkg.path, edits: [pkgEdit] });
  const lines = procText !== undefined ? new LineIndex(procText) : undefined;
  const procEdits: { range: Range; newText: string }[] = [];
  if (data.loc.kind === 'procfile') {
    const web = entries.find((e) => e.type === 'web');
    if (!web || rest === '') return [];
    procEdits.push({ range: web.commandRange, newText: rest });
  }
  const release = entries.find((e) => e.type === 'release');
  if (release) {
    if (!release.command.includes(releaseCmd))
      procEdits.push({
        range: { start: release.commandRange.end, end: release.commandRange.end },
        newText: ` && ${releaseCmd}`,
      });
  } else if (procText !== undefined) {
    procEdits.push(appendLine(procText, `release: ${releaseCmd}`));
  }
  if (procText === undefined) {
    edits.push({
      path: procfilePath,
      create: true,
      edits: [{ range: zeroRange(), newText: `web: ${runScript(project, 'start')}\nrelease: ${releaseCmd}\n` }],
    });
  } else if (procEdits.length && lines) edits.push({ path: procfilePath, edits: procEdits });
  return [{ title: `Run '${releaseCmd}' as the Procfile release process instead of on boot`, preferred: false, edits }];
}

export const migrationsOnBoot = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'admin-processes',
    severity: 'warning',
    description: 'Database migrations, seeds or schema sync that run every time the web process starts.',
    why: 'Migrations are an admin process run once per release (factor XII): run by every web process as it boots or on request, instances race and a failed migration crash-loops the web tier. Run them from a Procfile `release:` entry, a Kubernetes Job or a pre-deploy hook.',
    fixable: true,
    messages: {
      inScript: "'{{command}}' runs in the '{{script}}' script as every web process boots.",
      inProcfile: "'{{command}}' runs in the Procfile's web command as every web process boots.",
      inContainer: "'{{command}}' runs in the container command as every web process boots.",
      inShell: "'{{command}}' runs in {{where}} as every web process boots.",
      fromHandler: '{{site}} migrates the database from {{handler}}.',
      onWebStart: '{{site}} migrates the database every time a web process starts (loaded from {{entry}}).',
      onAppStart: '{{site}} migrates the database every time the app starts (run before it by {{by}}).',
      packageCall: '`{{call}}()` from {{package}} migrates the database ({{where}}) as each web process starts.',
      inStartupHook: '{{site}} migrates the database on each web process start, in {{hook}}.',
      fromStartupHook: '{{site}} migrates at each web start: {{hook}} calls `{{call}}` ({{where}}).',
    },
  },
  uses: [MIGRATION_SITES, PACKAGE_CALLS],
  checkProject,
  appliesTo,
  fixes,
});
