// Where a project says what runs when the app starts, for the rules that read and rewrite those command lines
// (build-release-run, concurrency): the start script and its hooks (and the scripts they and the other entry points
// call), Procfile process types (not `release`), and the final image's CMD and ENTRYPOINT in production
// Dockerfiles. Which process each command starts, and what it loads, is the process model's job (processes.ts).
import * as fs from 'fs';
import * as path from 'path';
import type { Message, ProjectContext, Range } from '../core/types';
import type { Dockerfile, DockerInstruction, FileKind, Project } from '../core/model';
import { memoized, memoKey } from '../util/memo';
import { DEV_SCRIPT_NAME, finalStageChain, isDevDockerfile } from '../platform/docker';
import { isLibraryOrTool } from '../detect/deployable';
import {
  afterKeywords,
  allCommands,
  heredocBodyLines,
  isCommandFlag,
  parseShell,
  shellQuote,
  type ShellCommand,
} from '../platform/shell';
import { jsonRange, parsePackageJson } from '../ecosystem/npm/packageJson';
import { parseProcfile } from '../platform/procfile';
import { parseDockerfile } from '../platform/dockerfile';
import { isExamplePath, isTestPath } from '../core/paths';
import { LineIndex, toPosix } from '../util/text';
import { argvOf, scriptRunOf } from '../platform/command';
import { pythonInvocation } from '../platform/pyCommand';
import { parseUwsgiIni, uwsgiIniOf, uwsgiStartCommand, type UwsgiOption } from '../platform/uwsgi';

export type SiteKind = 'script' | 'procfile' | 'docker' | 'shell';

export interface CommandSite {
  kind: SiteKind;
  path: string;
  /** Script name, Procfile process type, or `<KEYWORD>:<line>` of a Dockerfile instruction. */
  key: string;
  /** For messages: "the start script", "the Procfile 'web' process", "the Dockerfile CMD". */
  label: string;
  /** The shell command line that runs. */
  command: string;
  range: Range;
  /** Exec-form Dockerfile instruction: the argument vector, and which element is the `sh -c` body we analysed. */
  exec?: { argv: string[]; body?: number };
  /** Who runs this script when it is not start/prestart/poststart itself (`"start"`, "the Procfile 'web' process"). */
  runBy?: string;
}

/** Scripts npm runs for `npm start`. */
export const START_SCRIPTS = ['prestart', 'start', 'poststart'];
/** Scripts that start the app in production by their name (Nest's `start:prod`), whoever runs them. */
const PRODUCTION_START = ['start:prod', 'start:production'];
/** Scripts that belong to the build stage by name: calling them at start is what build-at-start reports. */
export const BUILD_SCRIPT =
  /^(build|compile|bundle|prepare|prepublish|prepublishOnly|preinstall|install|postinstall)(:|$)/;

/** Commands of a site, including `sh -c` bodies. */
export function siteCommands(site: CommandSite): ShellCommand[] {
  return allCommands(parseShell(site.command));
}

function shellFormCommand(ins: DockerInstruction): { command: string; exec?: CommandSite['exec'] } {
  if (!ins.exec) return { command: ins.args };
  const argv = ins.exec;
  // ["sh", "-c", "npm install && node server.js"]: the body is the command line.
  const shellAt = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash)$/.test(argv[0] ?? '')
    ? argv.findIndex((a, i) => i > 0 && isCommandFlag(a))
    : -1;
  if (shellAt > 0 && argv[shellAt + 1] !== undefined)
    return { command: argv[shellAt + 1], exec: { argv, body: shellAt + 1 } };
  return { command: argv.map(shellQuote).join(' '), exec: { argv } };
}

/** CMD and ENTRYPOINT of the image a production Dockerfile builds (the last of each along the final stage chain). */
export function dockerSites(df: Dockerfile): CommandSite[] {
  if (isDevDockerfile(df.rel)) return [];
  const out: CommandSite[] = [];
  const chain = finalStageChain(df);
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    const ins = chain
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === keyword)
      .pop();
    if (!ins) continue;
    const { command, exec } = shellFormCommand(ins);
    out.push({
      kind: 'docker',
      path: df.path,
      key: `${keyword}:${ins.range.start.line}`,
      label: `the ${path.basename(df.path)} ${keyword}`,
      command,
      range: ins.range,
      exec,
    });
  }
  return out;
}

/**
 * Every place that runs at start-up, scripts reached from the others included (each once). Projects that are test
 * fixtures or examples inside the workspace (relative to `workspaceRoot`) start nothing that is deployed.
 */
export function runtimeSites(
  project: Project,
  workspaceRoot: string,
  read?: (path: string) => string | undefined,
): CommandSite[] {
  // Seven rules ask per project run: kept in the project's engine-owned memo (the shell scripts read through `read`
  // are recorded with it, so a rule served from the memo still depends on them).
  return memoized(project, read ? SITES_WITH_SCRIPTS : SITES, () => {
    const sites = declaredSites(project);
    if (read) sites.push(...shellScriptSites(project, sites, read));
    if (read) sites.push(...uwsgiSites(uwsgiConfigsOf(project, sites, read)));
    return sites.filter((s) => {
      const rel = toPosix(path.relative(workspaceRoot, s.path));
      return !isTestPath(rel) && !isExamplePath(rel);
    });
  });
}

/** `workspaceRoot` is the project's workspace's root (the memo's scope); `read` is the engine's reader. */
const SITES = memoKey<CommandSite[]>('runtimeSites');
const SITES_WITH_SCRIPTS = memoKey<CommandSite[]>('runtimeSites+scripts');
const UWSGI_CONFIGS = memoKey<UwsgiConfig[]>('uwsgiConfigs');

/** A uWSGI ini file that a start command loads (`CMD ["uwsgi", "docker/uwsgi.ini"]`), with its options. */
export interface UwsgiConfig {
  path: string;
  /** "the Dockerfile CMD", "the Procfile 'web' process": who loads it. */
  runBy: string;
  /** The site whose command runs uWSGI. */
  site: CommandSite;
  options: UwsgiOption[];
}

/** The uWSGI configs the project's start-up sites load (each once), outside tests and examples. */
export function uwsgiConfigs(
  project: Project,
  workspaceRoot: string,
  read: (path: string) => string | undefined,
): UwsgiConfig[] {
  return memoized(project, UWSGI_CONFIGS, () => {
    // The config's own sites (its exec hooks) start no uWSGI.
    const sites = runtimeSites(project, workspaceRoot, read).filter((s) => !s.path.endsWith('.ini'));
    return uwsgiConfigsOf(project, sites, read).filter((c) => {
      const rel = toPosix(path.relative(workspaceRoot, c.path));
      return !isTestPath(rel) && !isExamplePath(rel);
    });
  });
}

function uwsgiConfigsOf(
  project: Project,
  starts: CommandSite[],
  read: (path: string) => string | undefined,
): UwsgiConfig[] {
  const out: UwsgiConfig[] = [];
  const seen = new Set<string>();
  for (const site of starts) {
    for (const c of siteCommands(site)) {
      const inv = pythonInvocation(argvOf(c));
      const ini = inv?.tool === 'uwsgi' ? uwsgiIniOf(inv.args) : undefined;
      if (!ini || DEV_SCRIPT_NAME.test(path.basename(ini.file))) continue;
      const copied = site.kind === 'docker' ? copiedAs(project, site.path, ini.file) : [];
      const file = findScript(
        project,
        ini.file,
        read,
        copied,
        site.kind === 'docker' ? path.dirname(site.path) : undefined,
      );
      if (!file || seen.has(file)) continue;
      seen.add(file);
      out.push({ path: file, runBy: site.runBy ?? site.label, site, options: parseUwsgiIni(read(file)!, ini.section) });
    }
  }
  return out;
}

/** The commands a uWSGI config runs as it starts (`hook-pre-app = exec:…`, `exec-asap = …`), each a site. */
function uwsgiSites(configs: UwsgiConfig[]): CommandSite[] {
  const out: CommandSite[] = [];
  for (const config of configs) {
    for (const o of config.options) {
      const run = uwsgiStartCommand(o);
      if (!run || o.conditional) continue;
      const start = { line: o.line, character: o.valueRange.start.character + run.offset };
      out.push({
        kind: 'shell',
        path: config.path,
        key: `line:${o.line}`,
        label: `uWSGI's ${path.basename(config.path)}`,
        command: run.command,
        range: { start, end: { line: o.line, character: start.character + run.command.length } },
        runBy: describe(config.site),
      });
    }
  }
  return out;
}

/** The file kinds start-up sites come from; the shell scripts they run are read through the engine's reader. */
export const START_SITE_INPUTS = ['package-json', 'procfile', 'dockerfile'] as const satisfies readonly FileKind[];

/** `./docker-entrypoint.sh`, `sh scripts/start.sh`, `/app/bin/run.sh`: a shell script a start command runs. */
function scriptFileOf(c: ShellCommand): string | undefined {
  const word =
    c.program && /^(sh|bash|ash|dash)$/.test(c.program) ? c.args.find((a) => !a.startsWith('-')) : c.programWord?.text;
  if (!word) return undefined;
  // `bin/start-web`, `./start`: a path without an extension, a shell script if its shebang says so (shellScriptSites).
  return /\.(sh|bash)$/.test(word) || (word.includes('/') && !path.posix.basename(word).includes('.'))
    ? word
    : undefined;
}

/** Whether a path is a regular file (a stat, not a read: the reader reports what it refuses). */
function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A first line that runs the file with a POSIX shell: `#!/bin/sh`, `#!/usr/bin/env bash`, `#!/bin/bash -e`. */
const SHELL_SHEBANG = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(sh|bash|dash|ash)(\s|$)/;

/**
 * The lines of shell scripts that start commands run (an image's `ENTRYPOINT ["./docker-entrypoint.sh"]`), each a
 * site of kind 'shell'. The script is looked up in the project by its path, else by its name in the usual folders
 * (the image may copy it anywhere). The engine records these reads, so an edit to the script re-runs the rules that read it.
 */
function shellScriptSites(
  project: Project,
  starts: CommandSite[],
  read: (path: string) => string | undefined,
): CommandSite[] {
  const out: CommandSite[] = [];
  const seen = new Set<string>();
  for (const site of starts) {
    for (const c of siteCommands(site)) {
      const word = scriptFileOf(c);
      // `startup.relational.dev.sh`: the local quick-start stack (seeds, demo data), not how the app is deployed.
      if (!word || DEV_SCRIPT_NAME.test(path.basename(word))) continue;
      // An extensionless program (`bin/start-web`) only at its own relative path, and only a regular file: `/init`
      // (s6's) or a folder named like the word is no script of the app's, and reading it would be a skip to report.
      const named = /\.(sh|bash)$/.test(word);
      if (!named && (word.startsWith('/') || !isFile(path.join(project.root, word)))) continue;
      const file = named
        ? findScript(
            project,
            word,
            read,
            site.kind === 'docker' ? copiedAs(project, site.path, word) : [],
            site.kind === 'docker' ? path.dirname(site.path) : undefined,
          )
        : path.join(project.root, word);
      if (!file || seen.has(file)) continue;
      const text = read(file);
      if (text === undefined) continue;
      if (!/\.(sh|bash)$/.test(file) && !SHELL_SHEBANG.test(text)) continue;
      seen.add(file);
      const lines = new LineIndex(text);
      const name = path.basename(file);
      const all = text.split(/\r?\n/);
      const dead = uncalledFunctionLines(all);
      const cmd0 =
        site.kind === 'docker' && site.key.startsWith('ENTRYPOINT') ? imageCommandWord(project, site.path) : undefined;
      if (cmd0) for (const n of otherCommandBranches(all, cmd0)) dead.add(n);
      for (const n of heredocBodyLines(all)) dead.add(n);
      let cases = 0;
      for (let n = 0; n < all.length; n++) {
        const line = all[n];
        let command = line.trim();
        if (/^case\s.*\sin$/.test(command)) cases++;
        else if (/^esac\b/.test(command)) cases = Math.max(0, cases - 1);
        // `yarn) yarn install ;;` inside `case … in`: the pattern `yarn)` is not a command.
        const pattern = cases > 0 ? CASE_PATTERN.exec(command) : null;
        if (pattern) command = command.slice(pattern[0].length);
        const start = line.length - command.length - (line.length - line.trimEnd().length);
        // `exec gunicorn app:app \` and `  --bind 0.0.0.0:8000` below it: one command over several lines.
        let last = n;
        // A comment ends at the line's end, backslash or not. The pieces are joined once (copying the command on
        // every line would be quadratic in a long continued command).
        if (!command.startsWith('#') && continues(command)) {
          const pieces = [command.slice(0, -1).trimEnd()];
          let piece = command;
          while (continues(piece) && last + 1 < all.length && !dead.has(last + 1)) {
            last++;
            piece = all[last].trim();
            pieces.push(continues(piece) ? piece.slice(0, -1).trimEnd() : piece);
          }
          command = pieces.filter(Boolean).join(' ');
        }
        const skip = !command || command.startsWith('#') || /^(set|cd|export|trap)\b/.test(command) || dead.has(n);
        const first = n;
        n = last;
        if (skip) continue;
        out.push({
          kind: 'shell',
          path: file,
          key: `line:${first}`,
          label: `the ${name} script`,
          command,
          range: lines.range(
            lines.offset({ line: first, character: start }),
            last === first
              ? lines.offset({ line: first, character: start + command.length })
              : lines.offset({ line: last, character: all[last].trimEnd().length }),
          ),
          runBy: site.label,
        });
      }
    }
  }
  return out;
}

/** The first word of the image's exec-form CMD (`uwsgi` of `CMD ["uwsgi", "etc/uwsgi.ini"]`): the entrypoint's `$1`. */
function imageCommandWord(project: Project, dockerfile: string): string | undefined {
  const df = project.dockerfiles.find((d) => d.path === dockerfile);
  if (!df) return undefined;
  const cmd = finalStageChain(df)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')
    .pop();
  return cmd?.keyword === 'CMD' && cmd.exec?.[0] ? cmd.exec[0] : undefined;
}

const ARG1_TEST =
  /^if\s+\[\[?\s+"?\$(?:1|\{1\})"?\s+==?\s+(?:'([^'*?[]+)'|"([^"$*?[]+)"|([^\s'"$*?[\]]+))\s+\]\]?\s*(;\s*then\s*)?$/;

/**
 * Lines of an entrypoint script inside `if [ "$1" = 'X' ]` (the usual way to run setup only before the app's own
 * command) when the image's command is not X: they never run in that image.
 */
function otherCommandBranches(lines: string[], cmd0: string): number[] {
  const out: number[] = [];
  for (let n = 0; n < lines.length; n++) {
    const m = ARG1_TEST.exec(lines[n].trim());
    const word = m && (m[1] ?? m[2] ?? m[3]);
    // The shell compares strings: `/venv/bin/uwsgi` is not `uwsgi`.
    if (!word || word === cmd0) continue;
    let depth = 0;
    for (let k = n + 1; k < lines.length; k++) {
      const t = lines[k].trim();
      if (/^if\s/.test(t) && !/\bfi\b\s*;?\s*$/.test(t)) depth++;
      else if (/^fi\b/.test(t)) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && /^(else|elif)\b/.test(t)) break;
      out.push(k);
    }
  }
  return out;
}

/** Whether a line ends in an unescaped backslash (an odd number of them): the command goes on on the next line. */
function continues(line: string): boolean {
  let k = line.length;
  while (k > 0 && line.charCodeAt(k - 1) === 92) k--;
  return (line.length - k) % 2 === 1;
}

/** A case arm's pattern at the start of a line: `yarn)`, `"start" | -s)`, `(*)`. */
const CASE_PATTERN = /^\(?\s*(?:"[^"]*"|'[^']*'|[^\s()|;&"']+)(?:\s*\|\s*(?:"[^"]*"|'[^']*'|[^\s()|;&"']+))*\s*\)\s*/;

const IMAGE_APP_DIR = /^\/(app|usr\/src\/app|srv|opt\/app|home\/node\/app)\//;

/**
 * The sources of the Dockerfile's COPY/ADD steps with the script's file name (`COPY --from=build
 * /usr/src/app/install/docker/entrypoint.sh /usr/local/bin/` for `ENTRYPOINT ["entrypoint.sh"]`), as project paths.
 */
function copiedAs(project: Project, dockerfile: string, word: string): string[] {
  const df = project.dockerfiles.find((d) => d.path === dockerfile);
  const base = path.posix.basename(word);
  const out: string[] = [];
  for (const ins of df?.instructions ?? []) {
    // `WORKDIR /code` then `CMD ["uwsgi", "/code/etc/uwsgi.ini"]`: the path inside the working directory.
    const workdir = ins.keyword === 'WORKDIR' ? ins.args.trim().replace(/\/+$/, '') : '';
    if (workdir.startsWith('/') && word.startsWith(`${workdir}/`)) out.push(word.slice(workdir.length + 1));
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const words = (ins.exec ?? ins.args.split(/\s+/)).filter((w) => w && !w.startsWith('--'));
    for (const src of words.slice(0, -1)) {
      if (path.posix.basename(src) === base) out.push(src.replace(/^\.\//, '').replace(IMAGE_APP_DIR, ''));
    }
  }
  return out;
}

/**
 * Where a script named in a start command is in the project: its path, else under a usual folder by its name. A
 * Dockerfile's own folder (`dockerDir`) is looked in last: `backend/Dockerfile` is often built with `backend/` as its
 * context.
 */
function findScript(
  project: Project,
  word: string,
  read: (path: string) => string | undefined,
  copied: string[] = [],
  dockerDir?: string,
): string | undefined {
  const rel = word.replace(/^\.\//, '').replace(IMAGE_APP_DIR, '');
  const base = path.basename(rel);
  // A workspace member's image is often built from the repository root: its scripts live there.
  const roots = [project.root, project.parent?.root];
  if (dockerDir && dockerDir !== project.root && dockerDir.startsWith(project.root + path.sep)) roots.push(dockerDir);
  for (const root of roots.filter((r): r is string => !!r)) {
    for (const candidate of [rel, `scripts/${base}`, `bin/${base}`, `docker/${base}`, base, ...copied]) {
      if (candidate.startsWith('/')) continue;
      const file = path.join(root, candidate);
      if (read(file) !== undefined) return file;
    }
  }
  return undefined;
}

const FUNCTION_DEF = /^(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\s*\)\s*\{?\s*$|^function\s+([A-Za-z_][\w-]*)\s*\{?\s*$/;

/** Names a script line calls as commands, after keywords and wrappers, and in `$(…)`/backticks. */
function calledNames(line: string): string[] {
  const out: string[] = [];
  for (const c of parseShell(line)) {
    const program = afterKeywords(c).program;
    if (program) out.push(program);
  }
  for (const m of line.matchAll(/(?:\$\(|`)\s*([A-Za-z_][\w-]*)/g)) out.push(m[1]);
  return out;
}

/**
 * Lines of a shell script inside functions that nothing calls: the script's top level, or a function it calls,
 * must call a function for its body to run. A body ends at the first `}` line indented no deeper than its
 * definition; when one cannot be found, nothing is left out (every line counts, as without functions).
 */
function uncalledFunctionLines(lines: string[]): Set<number> {
  const bodies = new Map<string, { from: number; to: number }>();
  const inBody = new Set<number>();
  for (let n = 0; n < lines.length; n++) {
    const m = FUNCTION_DEF.exec(lines[n].trim());
    if (!m) continue;
    const indent = lines[n].length - lines[n].trimStart().length;
    const open = lines[n].trimEnd().endsWith('{') ? n : lines[n + 1]?.trim() === '{' ? n + 1 : -1;
    let end = -1;
    for (let k = open + 1; open >= 0 && k < lines.length; k++) {
      if (/^\}\s*(;|$)/.test(lines[k].trim()) && lines[k].length - lines[k].trimStart().length <= indent) {
        end = k;
        break;
      }
    }
    if (end < 0) return new Set();
    bodies.set(m[1] ?? m[2], { from: n, to: end });
    for (let k = n; k <= end; k++) inBody.add(k);
    n = end;
  }
  const called = new Set<string>();
  // A worklist, not recursion: a chain of thousands of functions must not exhaust the stack.
  const pending: number[][] = bodies.size ? [lines.map((_, k) => k).filter((k) => !inBody.has(k))] : [];
  for (let todo = pending.pop(); todo; todo = pending.pop()) {
    for (const k of todo) {
      for (const name of calledNames(lines[k])) {
        const body = bodies.get(name);
        if (!body || called.has(name)) continue;
        called.add(name);
        const inner: number[] = [];
        for (let b = body.from + 1; b < body.to; b++) inner.push(b);
        pending.push(inner);
      }
    }
  }
  const dead = new Set<number>();
  for (const [name, body] of bodies) if (!called.has(name)) for (let k = body.from; k <= body.to; k++) dead.add(k);
  return dead;
}

function declaredSites(project: Project): CommandSite[] {
  const pkg = project.pkg;
  const scripts = pkg?.scripts ?? {};
  const sites: CommandSite[] = [];
  if (project.procfile) {
    for (const e of project.procfile.entries) {
      // The release phase is the release stage: migrations belong there.
      if (e.type === 'release') continue;
      sites.push({
        kind: 'procfile',
        path: project.procfile.path,
        key: e.type,
        label: `the Procfile '${e.type}' process`,
        command: e.command,
        range: e.commandRange,
      });
    }
  }
  for (const df of project.dockerfiles) sites.push(...dockerSites(df));
  if (!pkg) return sites;
  const queued = new Map<string, string | undefined>();
  const queue = (name: string, runBy: string | undefined) => {
    if (queued.has(name) || typeof scripts[name] !== 'string' || BUILD_SCRIPT.test(name)) return;
    queued.set(name, runBy);
    // `npm run x` also runs `prex` and `postx`.
    for (const hook of [`pre${name}`, `post${name}`])
      if (!queued.has(hook) && typeof scripts[hook] === 'string') queued.set(hook, runBy ?? `'${name}'`);
  };
  const fromSite = (site: CommandSite, runBy: string) => {
    for (const c of siteCommands(site)) {
      for (const name of scriptRunOf(argvOf(c), scripts)?.names ?? []) queue(name, runBy);
    }
  };
  // A library's or CLI's start script is a developer convenience; only deployment descriptors (Procfile, CMD)
  // say how such a package runs in production.
  if (!isLibraryOrTool(project)) for (const name of ['start', ...PRODUCTION_START]) queue(name, undefined);
  for (const s of sites) fromSite(s, s.label);
  const done = new Set<string>();
  for (let again = true; again;) {
    again = false;
    for (const [name, runBy] of [...queued]) {
      if (done.has(name)) continue;
      done.add(name);
      again = true;
      const range = jsonRange(pkg, ['scripts', name]);
      if (!range) continue;
      const site: CommandSite = {
        kind: 'script',
        path: pkg.path,
        key: name,
        label: `the ${name} script`,
        command: scripts[name],
        range,
        // npm runs start's hooks itself; they are start-up scripts in their own right.
        runBy: START_SCRIPTS.includes(name) || PRODUCTION_START.includes(name) ? undefined : runBy,
      };
      sites.push(site);
      fromSite(site, `'${name}'`);
    }
  }
  return sites;
}

/**
 * Range of one top-level command of a site, when it can be mapped to the file (one line, no JSON escapes);
 * else the site's range.
 */
export function commandRange(site: CommandSite, c: ShellCommand, text: string | undefined): Range {
  const r = site.range;
  if (
    text === undefined ||
    r.start.line !== r.end.line ||
    !parseShell(site.command).some((t) => t.start === c.start && t.end === c.end && t.text === c.text)
  )
    return r;
  const lines = new LineIndex(text);
  let base: number;
  if (site.kind === 'procfile' || site.kind === 'shell') base = r.start.character;
  else if (site.kind === 'script') {
    if (text.slice(lines.offset(r.start), lines.offset(r.end)) !== JSON.stringify(site.command)) return r;
    base = r.start.character + 1;
  } else {
    if (site.exec) return r;
    const [keyword, line] = site.key.split(':');
    const ins = parseDockerfile(text).find((i) => i.keyword === keyword && i.range.start.line === Number(line));
    if (!ins || ins.range.start.line !== ins.range.end.line) return r;
    base = ins.argsRange.start.character;
  }
  return {
    start: { line: r.start.line, character: base + c.start },
    end: { line: r.start.line, character: base + c.end },
  };
}

/** A site's wording for messages: "the start script" or "the 'setup' script (run by 'start')". */
export function describe(site: CommandSite): string {
  return site.runBy ? `${site.label} (run by ${site.runBy})` : site.label;
}

/** The site as it is in the current text of its file, for fixes. */
export function relocate(site: Pick<CommandSite, 'kind' | 'path' | 'key'>, text: string): CommandSite | undefined {
  // Lines of a shell script are reported, not rewritten: the script may serve other commands too.
  if (site.kind === 'shell') return undefined;
  try {
    if (site.kind === 'script') {
      const pkg = parsePackageJson(site.path, text);
      const command = pkg.scripts[site.key];
      const range = jsonRange(pkg, ['scripts', site.key]);
      return typeof command === 'string' && range
        ? { kind: 'script', path: site.path, key: site.key, label: `the ${site.key} script`, command, range }
        : undefined;
    }
    if (site.kind === 'procfile') {
      const e = parseProcfile(text).find((x) => x.type === site.key);
      return e
        ? {
            kind: 'procfile',
            path: site.path,
            key: e.type,
            label: `the Procfile '${e.type}' process`,
            command: e.command,
            range: e.commandRange,
          }
        : undefined;
    }
    const [keyword, line] = site.key.split(':');
    const ins = parseDockerfile(text).find((i) => i.keyword === keyword && i.range.start.line === Number(line));
    if (!ins) return undefined;
    const { command, exec } = shellFormCommand(ins);
    return { kind: 'docker', path: site.path, key: site.key, label: `the ${keyword}`, command, range: ins.range, exec };
  } catch {
    return undefined;
  }
}

/** What a finding keeps of its site, for its fixes. */
export type SiteRef = Pick<CommandSite, 'kind' | 'path' | 'key' | 'runBy'>;

/**
 * Reports, per start-up site (start script and hooks, Procfile entry, final CMD), the first command `matches`
 * accepts; `message` gets the site's description (capitalised) and the command text.
 */
export function reportFirstCommand(
  ctx: ProjectContext,
  matches: (c: ShellCommand) => boolean,
  message: (where: string, command: string) => Message,
): void {
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    const c = siteCommands(site).find(matches);
    if (!c) continue;
    const where = describe(site);
    const site0: SiteRef = { kind: site.kind, path: site.path, key: site.key, runBy: site.runBy };
    ctx.report(
      site.path,
      commandRange(site, c, ctx.read(site.path)),
      message(`${where[0].toUpperCase()}${where.slice(1)}`, c.text),
      { data: { site: site0 } },
    );
  }
}

/** The site a finding was reported on, found again in its file's current text, with that text. */
export function currentSite(
  finding: { data?: Record<string, unknown> },
  read: (path: string) => string | undefined,
): { site: CommandSite; text: string } | undefined {
  const ref = (finding.data as { site?: SiteRef } | undefined)?.site;
  const text = ref ? read(ref.path) : undefined;
  const site = ref && text !== undefined ? relocate(ref, text) : undefined;
  if (!ref || !site || text === undefined) return undefined;
  site.runBy = ref.runBy;
  return { site, text };
}
