// disposability/shell-form-cmd: a container whose PID 1 is a shell or npm, so SIGTERM never reaches node.
import * as path from 'path';
import {
  defineRule,
  type Finding,
  type Fix,
  type FixContext,
  type Message,
  type ProjectContext,
  type Range,
} from '../../core/types';
import type { DockerInstruction, Project } from '../../core/model';
import { parseDockerfile } from '../../platform/dockerfile';
import { isDevDockerfile } from '../../platform/docker';
import { isBackgrounded, isCommandFlag, parseShell, type ShellCommand } from '../../platform/shell';
import { runtimeSites, START_SITE_INPUTS } from '../../model/startSites';
import { dockerCommand, commandSteps, type DockerCommand } from '../../model/processes';
import { argvOf, scriptRunOf } from '../../platform/command';
import { isPythonLongRunning } from '../../platform/pyCommand';
import { clip } from '../../util/text';

const ID = 'disposability/shell-form-cmd';

/** Inits that forward signals to their child and reap zombies: with one of them as ENTRYPOINT, anything goes. */
const INITS = /^(tini|tini-static|dumb-init|docker-init|catatonit|init|s6-svscan|pm2-runtime|supervisord)$/;
/** Programs that mean "this runs the Node app". */
const NODEISH = /^(node|nodejs|npm|yarn|pnpm|npx|bun|tsx|ts-node|ts-node-dev|nodemon|pm2|pm2-runtime|forever|nest)$/;
const NPMISH = /^(npm|yarn|pnpm)$/;
const SHELLS = /^(sh|bash|ash|dash|zsh)$/;

interface Problem {
  instruction: DockerInstruction;
  kind: 'shell' | 'npm';
  /** The args text to write instead, when known. */
  replacement?: string;
  preferred: boolean;
  /** What the replacement runs, for the fix title. */
  runs?: string;
  /** A shell reads the command (shell form, or `["sh", "-c", …]`): /bin/sh is PID 1. */
  shell: boolean;
  /** The package manager that runs the app (`pnpm`), for kind npm. */
  manager?: string;
  /** The app's command as written (`pnpm start`). */
  command?: string;
}

/** The app's own long-running process: node and its runners, or a Python server, worker or program (pyCommand.ts). */
function runsApp(c: ShellCommand): boolean {
  return NODEISH.test(c.program ?? '') || isPythonLongRunning(argvOf(c));
}

function base(word: string): string {
  return path.posix.basename(word);
}

function execForm(words: string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

function isExecd(c: ShellCommand): boolean {
  return c.words[0]?.text === 'exec';
}

/** A command line a shell reads: flag it unless the app's command is `exec`'d; npm/yarn as the app's command never pass. */
function lineProblem(
  project: Project | undefined,
  body: string,
): { kind: Problem['kind']; main: ShellCommand; commands: ShellCommand[] } | undefined {
  const commands = parseShell(body);
  const main = commands[commands.length - 1];
  if (!main?.program || main.nested || !runsApp(main)) return undefined;
  if (NPMISH.test(main.program) && scriptRunOf(argvOf(main), project?.pkg?.scripts ?? {}))
    return { kind: 'npm', main, commands };
  if (commands.some((c) => c.after === '|' || c.after === '&' || c.before === '(')) return undefined;
  return isExecd(main) ? undefined : { kind: 'shell', main, commands };
}

/**
 * `npm start` → the `node …` command its script runs, when the script is exactly one plain command (no npm
 * pre-script, no variables set inline). `plain` says whether it is `node` itself.
 */
function resolveNpm(project: Project | undefined, argv: string[]): { argv: string[]; plain: boolean } | undefined {
  if (!project?.pkg) return undefined;
  const run = scriptRunOf(argv, project.pkg.scripts);
  if (!run || run.names.length !== 1) return undefined;
  const name = run.names[0];
  const body = project.pkg.scripts[name];
  const pre =
    project.pkg.scripts[`pre${name}`] !== undefined && run.tool !== 'pnpm' && run.tool !== 'bun'
      ? `pre${name}`
      : undefined;
  if (typeof body !== 'string' || pre) return undefined;
  const steps = commandSteps(project, body);
  if (steps.length !== 1 || steps[0].runs || steps[0].command.nested) return undefined;
  const c = steps[0].command;
  if (
    c.words.some((w) => /^[A-Za-z_]\w*=/.test(w.text) || /[$*?]/.test(w.text)) ||
    c.words[0].text !== c.programWord?.text
  )
    return undefined;
  const program = c.program!;
  if (program === 'node' || program === 'nodejs') return { argv: ['node', ...c.args], plain: true };
  // Locally installed runners are on npm's PATH, not the container's.
  if (/^(tsx|ts-node|ts-node-dev)$/.test(program))
    return { argv: [`node_modules/.bin/${program}`, ...c.args], plain: false };
  return undefined;
}

function simpleWords(c: ShellCommand): string[] | undefined {
  if (c.words.some((w) => /^[A-Za-z_]\w*=/.test(w.text) || /[$*?~]/.test(w.text))) return undefined;
  const words = c.words.map((w) => w.text);
  return words[0] === 'exec' ? words.slice(1) : words;
}

export function analyse(dc: DockerCommand, project: Project | undefined): Problem | undefined {
  const ep = dc.entrypoint;
  const cmd = dc.cmd;
  if (ep?.exec) {
    const program = ep.exec[0] ? base(ep.exec[0]) : '';
    if (INITS.test(program)) return undefined;
    // ENTRYPOINT ["npm"] CMD ["start"], ENTRYPOINT ["npm", "start"]
    if (NPMISH.test(program)) {
      const argv = [...ep.exec, ...(cmd?.exec ?? [])];
      if (!scriptRunOf(argv, project?.pkg?.scripts ?? {})) return undefined;
      const r = resolveNpm(project, argv);
      return {
        instruction: ep,
        kind: 'npm',
        replacement: r && !cmd ? execForm(r.argv) : undefined,
        preferred: !!r?.plain,
        runs: r?.argv.join(' '),
        shell: false,
        manager: program,
        command: argv.join(' '),
      };
    }
    // ENTRYPOINT ["node"] / ["./docker-entrypoint.sh"]: what CMD passes is arguments, not a command line.
    return undefined;
  }
  const target = ep ?? cmd;
  if (!target) return undefined;
  if (target.exec) {
    const [program = '', ...rest] = target.exec;
    if (SHELLS.test(base(program))) {
      const ci = rest.findIndex((w) => isCommandFlag(w, /^-[a-z]+$/));
      const body = ci >= 0 ? rest[ci + 1] : undefined;
      if (body === undefined) return undefined;
      const p = lineProblem(project, body);
      if (!p) return undefined;
      return withReplacement(
        target,
        p,
        project,
        body,
        (line) => execForm([program, ...rest.slice(0, ci + 1), line]),
        true,
      );
    }
    if (NPMISH.test(base(program)) && scriptRunOf(target.exec, project?.pkg?.scripts ?? {})) {
      const r = resolveNpm(project, target.exec);
      return {
        instruction: target,
        kind: 'npm',
        replacement: r ? execForm(r.argv) : undefined,
        preferred: !!r?.plain,
        runs: r?.argv.join(' '),
        shell: false,
        manager: base(program),
        command: target.exec.join(' '),
      };
    }
    return undefined;
  }
  const p = lineProblem(project, target.args);
  if (!p) return undefined;
  // Shell-form ENTRYPOINT ignores CMD; in exec form CMD would become its arguments, so a CMD makes the fix unsafe.
  return withReplacement(target, p, project, target.args, undefined, target === cmd || !cmd);
}

/** The fix for a shell command line: exec form for one command, `exec` before the app's command in a chain. */
function withReplacement(
  ins: DockerInstruction,
  p: NonNullable<ReturnType<typeof lineProblem>>,
  project: Project | undefined,
  body: string,
  wrap: ((line: string) => string) | undefined,
  safe: boolean,
): Problem {
  let mainWords: string[] | undefined;
  let preferred = safe;
  if (p.kind === 'npm') {
    const r = resolveNpm(project, argvOf(p.main));
    mainWords = r?.argv;
    preferred = preferred && !!r?.plain;
  } else mainWords = simpleWords(p.main);
  const info = {
    shell: true,
    manager: p.kind === 'npm' ? p.main.program : undefined,
    command: p.main.words
      .map((w) => w.text)
      .filter((w, i) => i > 0 || w !== 'exec')
      .join(' '),
  };
  if (!mainWords) return { instruction: ins, kind: p.kind, preferred: false, ...info };
  const runs = mainWords.join(' ');
  if (p.commands.length === 1)
    return { instruction: ins, kind: p.kind, replacement: execForm(mainWords), preferred, runs, ...info };
  // `a && node x` → `a && exec node x`: the shell runs the setup, then becomes node.
  const line = body.slice(0, p.main.start) + 'exec ' + mainWords.map(quoteWord).join(' ') + body.slice(p.main.end);
  return {
    instruction: ins,
    kind: p.kind,
    replacement: wrap ? wrap(line) : line,
    preferred,
    runs: `exec ${runs}`,
    ...info,
  };
}

function quoteWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

function message(p: Problem): Message {
  const keyword = p.instruction.keyword;
  const manager = p.manager ?? 'npm';
  if (p.shell) {
    const target = p.kind === 'npm' && p.command ? `\`${clip(p.command, 32)}\`` : 'the app';
    const messageId =
      p.kind === 'npm'
        ? p.instruction.exec
          ? 'execShellNpm'
          : 'shellFormNpm'
        : p.instruction.exec
          ? 'execShell'
          : 'shellForm';
    return { messageId, data: { keyword, target, manager } };
  }
  return p.command
    ? { messageId: 'managerCommand', data: { keyword, manager, command: clip(p.command, 32) } }
    : { messageId: 'manager', data: { keyword, manager } };
}

/** The shell script an image's PID 1 is (`ENTRYPOINT ["./start.sh"]`, `CMD ["bash", "start.sh"]`), with no init before it. */
function pid1Script(dc: DockerCommand): { instruction: DockerInstruction; script: string } | undefined {
  const target = dc.entrypoint ?? dc.cmd;
  if (!target) return undefined;
  let argv = target.exec;
  if (!argv) {
    const list = parseShell(target.args);
    if (list.length !== 1 || list[0].nested) return undefined;
    argv = list[0].words.map((w) => w.text);
  }
  const [program = '', ...rest] = argv;
  if (SHELLS.test(base(program))) {
    const first = rest.find((w) => !w.startsWith('-'));
    if (rest.some((w) => isCommandFlag(w, /^-[a-z]+$/)) || !first) return undefined;
    return /\.(sh|bash)$/.test(first) ? { instruction: target, script: first } : undefined;
  }
  return /\.(sh|bash)$/.test(program) ? { instruction: target, script: program } : undefined;
}

/**
 * An entrypoint script whose last line starts the app without `exec`: the script's shell stays PID 1 and node
 * never gets SIGTERM. Only the last command line at the script's top level counts (not one inside `if`/`fi` or
 * a function), and only a plain one (not piped, backgrounded or followed by `|| …`).
 */
function checkScriptTails(ctx: ProjectContext): void {
  const sites = runtimeSites(ctx.project, ctx.workspace.root, ctx.read);
  for (const df of ctx.project.dockerfiles) {
    if (isDevDockerfile(df.rel)) continue;
    const dc = dockerCommand(df);
    const pid1 = dc && pid1Script(dc);
    if (!pid1) continue;
    const label = `the ${path.basename(df.path)} ${pid1.instruction.keyword}`;
    const lines = sites.filter(
      (x) => x.kind === 'shell' && x.runBy === label && path.basename(x.path) === path.basename(pid1.script),
    );
    const tails = tailLines(lines);
    for (const last of tails) {
      const commands = parseShell(last.command);
      const main = commands[commands.length - 1];
      if (!main?.program || main.nested || !runsApp(main) || isExecd(main)) continue;
      // A branch of a final `if … fi` counts for Python programs (`gunicorn …` / `else manage.py runserver`); for
      // node, only a last line at the top level does, as it always has.
      if (last !== lines[lines.length - 1] && !isPythonLongRunning(argvOf(main))) continue;
      if (
        commands.some((c) => c.after === '|' || c.after === '&' || c.before === '(') ||
        isBackgrounded(last.command, commands, commands.length - 1)
      )
        continue;
      const shown = main.words.map((w) => w.text).join(' ');
      ctx.report(
        last.path,
        last.range,
        { messageId: 'scriptNoExec', data: { command: clip(shown, 34) } },
        { data: { kind: 'script' } },
      );
    }
  }
}

const IF_OPEN = /^if\s/;
const IF_CLOSE = /^fi\b\s*(;|$)/;
const BRANCH = /^(else\b|elif\s)/;

/**
 * The lines a script ends with: its last line, or, when it ends with an `if … fi` block, the last line of each of
 * that block's branches (`if [ "$USE_GUNICORN" ]; then gunicorn …; else python manage.py runserver …; fi`). A
 * branch that ends in a nested block is left out.
 */
function tailLines<T extends { command: string }>(lines: T[]): T[] {
  const last = lines[lines.length - 1];
  if (!last) return [];
  if (!IF_CLOSE.test(last.command)) return [last];
  const out: T[] = [];
  let depth = 1;
  let branchEnd = true; // the line before the closing `fi` ends the last branch
  for (let k = lines.length - 2; k >= 0; k--) {
    const cmd = lines[k].command;
    if (depth === 1 && branchEnd) {
      branchEnd = false;
      if (!IF_CLOSE.test(cmd) && !BRANCH.test(cmd) && !/^then\b/.test(cmd) && !IF_OPEN.test(cmd)) out.push(lines[k]);
    }
    if (IF_CLOSE.test(cmd)) depth++;
    else if (IF_OPEN.test(cmd) && !/\bfi\b\s*;?\s*$/.test(cmd)) {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && BRANCH.test(cmd)) branchEnd = true;
  }
  return depth === 0 ? out.reverse() : [];
}

function checkProject(ctx: ProjectContext): void {
  for (const df of ctx.project.dockerfiles) {
    if (isDevDockerfile(df.rel)) continue;
    const dc = dockerCommand(df);
    const p = dc && analyse(dc, ctx.project);
    if (!p) continue;
    const r = p.instruction.range;
    ctx.report(
      df.path,
      { start: r.start, end: { line: r.start.line, character: p.instruction.argsRange.end.character } },
      message(p),
      { data: { kind: p.kind } },
    );
  }
  checkScriptTails(ctx);
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  // A script's lines are reported, not rewritten (as for every start-up script): it may serve other commands too.
  if ((finding.data as { kind?: string } | undefined)?.kind === 'script') return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  const df = { path: finding.path, rel: '', instructions: parseDockerfile(text) };
  const dc = dockerCommand(df);
  const p = dc && analyse(dc, ctx.project);
  if (!p?.replacement || p.instruction.range.start.line !== finding.range.start.line) return [];
  const range: Range = { start: p.instruction.argsRange.start, end: p.instruction.range.end };
  return [
    {
      title: `Run '${p.runs}' as PID 1 (${p.instruction.keyword} ${p.replacement})`,
      preferred: p.preferred,
      edits: [{ path: finding.path, edits: [{ range, newText: p.replacement }] }],
    },
  ];
}

export const shellFormCmd = defineRule({
  meta: {
    id: ID,
    inputs: [...START_SITE_INPUTS],
    factor: 'disposability',
    severity: 'warning',
    description: 'A Dockerfile CMD/ENTRYPOINT in shell form or through npm start, so SIGTERM does not reach node.',
    why: 'Processes shut down gracefully on SIGTERM (factor IX), but a shell or npm as PID 1 does not pass the signal on, so the app is killed after the stop timeout. Run node directly in exec form (`CMD ["node", "dist/server.js"]`), moving setup commands and npm pre-scripts to the build, or start the app with `exec` when the shell must stay.',
    fixable: true,
    messages: {
      execShellNpm:
        '{{keyword}} runs {{target}} through `sh -c`, and neither the shell nor {{manager}} forwards SIGTERM.',
      shellFormNpm:
        '{{keyword}} in shell form runs {{target}} under `/bin/sh -c`, and neither the shell nor {{manager}} forwards SIGTERM.',
      execShell: '{{keyword}} runs {{target}} through `sh -c`, and the shell (PID 1) does not forward SIGTERM.',
      shellForm:
        '{{keyword}} in shell form runs {{target}} under `/bin/sh -c`, and the shell (PID 1) does not forward SIGTERM.',
      manager: '{{keyword}} runs the app through {{manager}}, which stays PID 1 and does not reliably pass SIGTERM on.',
      managerCommand:
        '{{keyword}} runs the app through {{manager}} (`{{command}}`), which stays PID 1 and does not reliably pass SIGTERM on.',
      scriptNoExec: "'{{command}}' runs without exec, so the script's shell stays PID 1 and does not forward SIGTERM.",
    },
  },
  checkProject,
  appliesTo: (ctx) => ctx.project.dockerfiles.some((df) => !isDevDockerfile(df.rel) && !!dockerCommand(df)),
  fixes,
});
