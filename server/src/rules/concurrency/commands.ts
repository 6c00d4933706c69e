// The commands that start the app's processes: the npm start script (and the scripts it or a Procfile/Dockerfile
// runs), Procfile entries, and the Dockerfile's final CMD/ENTRYPOINT. Shared by concurrency/daemonizes and
// concurrency/pid-file; fixes re-read the site from the current text with `siteAt`.
import * as path from 'path';
import { modify } from 'jsonc-parser';
import type { FileEdit, Range } from '../../engine/types';
import type { DockerInstruction, Project } from '../../model/types';
import { jsonRange, parsePackageJson } from '../../parsers/packageJson';
import { parseProcfile } from '../../parsers/procfile';
import { parseDockerfile } from '../../parsers/dockerfile';
import { parseShell, unwrapCommand, type ShellCommand } from '../../detect/shell';
import { scriptRunOf } from '../../model/command';
import { LineIndex } from '../../util/text';
import { isExamplePath, isTestPath } from '../../engine/paths';

export type SiteKind = 'script' | 'procfile' | 'docker';

export interface CommandSite {
  kind: SiteKind;
  file: string;
  range: Range;
  /** How messages name it: `npm script "start"`, `Procfile process "web"`, `Dockerfile CMD`. */
  label: string;
  /** The command line a shell runs; for a Dockerfile exec form without a shell, the words joined by spaces. */
  command: string;
  /** Dockerfile exec form words, when no shell reads them. */
  words?: string[];
  /** Script name or Procfile process type. */
  key?: string;
}

/** Script names that start the app in production by convention. */
const START_SCRIPTS = ['start', 'start:prod', 'start:production', 'prod', 'production'];

/** The last stage's CMD and ENTRYPOINT: earlier stages only build. */
function finalCommands(instructions: DockerInstruction[]): DockerInstruction[] {
  let from = 0;
  instructions.forEach((i, k) => { if (i.keyword === 'FROM') from = k; });
  return instructions.slice(from).filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
}

function dockerSite(file: string, ins: DockerInstruction): CommandSite {
  const exec = ins.exec;
  const shellBody = exec && exec.length >= 3 && /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/.test(exec[0]) && /^-[a-z]*c$/.test(exec[1]) ? exec[2] : undefined;
  return {
    kind: 'docker', file, range: ins.range, label: `Dockerfile ${ins.keyword}`,
    command: shellBody ?? (exec ? exec.join(' ') : ins.args),
    words: exec && shellBody === undefined ? exec : undefined,
  };
}

/** Start commands of a project, except in test fixtures and examples (relative to `workspaceRoot`). */
export function startSitesIn(project: Project, workspaceRoot: string): CommandSite[] {
  return startSites(project).filter((s) => {
    const rel = path.relative(workspaceRoot, s.file).split(path.sep).join('/');
    return !isTestPath(rel) && !isExamplePath(rel);
  });
}

export function startSites(project: Project): CommandSite[] {
  const sites: CommandSite[] = [];
  const scripts = project.pkg?.scripts ?? {};
  const wanted = new Set(START_SCRIPTS.filter((s) => typeof scripts[s] === 'string'));
  const follow = (command: string) => {
    for (const c of allOf(parseShell(command))) {
      const run = c.program ? scriptRunOf([c.program, ...c.args], scripts) : undefined;
      for (const n of run?.names ?? []) if (typeof scripts[n] === 'string') wanted.add(n);
    }
  };
  for (const e of project.procfile?.entries ?? []) {
    sites.push({ kind: 'procfile', file: project.procfile!.path, range: e.commandRange, label: `Procfile process "${e.type}"`, command: e.command, key: e.type });
    follow(e.command);
  }
  for (const d of project.dockerfiles) {
    for (const ins of finalCommands(d.instructions)) {
      const site = dockerSite(d.path, ins);
      sites.push(site);
      follow(site.words ? site.words.map((w) => (/\s/.test(w) ? `'${w}'` : w)).join(' ') : site.command);
    }
  }
  // Scripts run by the start scripts, to a fixed point (start → start:prod → …).
  const done = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const name of [...wanted]) {
      if (done.has(name)) continue;
      done.add(name);
      changed = true;
      follow(scripts[name]);
    }
  }
  if (project.pkg) {
    for (const name of done) {
      const range = jsonRange(project.pkg, ['scripts', name]);
      if (range) sites.push({ kind: 'script', file: project.pkg.path, range, label: `npm script "${name}"`, command: scripts[name], key: name });
    }
  }
  return sites;
}

/** Commands including `sh -c` bodies. */
export function allOf(list: ShellCommand[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (const c of list) {
    out.push(c);
    if (c.nested) out.push(...allOf(c.nested));
  }
  return out;
}

/** The simple commands of a site: for an exec form, one command of its words. */
export function siteCommands(site: CommandSite): ShellCommand[] {
  if (!site.words) return parseShell(site.command);
  let pos = 0;
  const words = site.words.map((text) => {
    const w = { text, start: pos, end: pos + text.length };
    pos += text.length + 1;
    return w;
  });
  const { program, index, args } = unwrapCommand(site.words);
  return [{ words, start: 0, end: Math.max(0, pos - 1), text: site.command, program, programWord: program ? words[index] : undefined, args }];
}

/** Whether a simple command is followed by `&` (backgrounded), including a trailing `&` at the end of the line. */
export function isBackgrounded(command: string, list: ShellCommand[], k: number): boolean {
  const c = list[k];
  if (c.after !== undefined) return c.after === '&';
  if (k !== list.length - 1) return false;
  // The parser keeps operators between commands only: look past redirections (`> out.log 2>&1 &`) ourselves.
  const rest = command.slice(c.end).replace(/\d*(>>|>&|&>>|&>|>|<)\s*("[^"]*"|'[^']*'|[^\s&;|]+)/g, '');
  return /^\s*&(?!&)\s*$/.test(rest);
}

/** Finds the site a finding was reported on, in the current text of its file. */
export function siteAt(kind: SiteKind, file: string, text: string, key: string | undefined, line: number): CommandSite | undefined {
  if (kind === 'script') {
    try {
      const pkg = parsePackageJson(file, text);
      const command = key ? pkg.scripts[key] : undefined;
      const range = key ? jsonRange(pkg, ['scripts', key]) : undefined;
      return typeof command === 'string' && range ? { kind, file, range, label: `npm script "${key}"`, command, key } : undefined;
    } catch {
      return undefined;
    }
  }
  if (kind === 'procfile') {
    const e = parseProcfile(text).find((x) => x.type === key);
    return e && { kind, file, range: e.commandRange, label: `Procfile process "${e.type}"`, command: e.command, key };
  }
  const ins = parseDockerfile(text).find((i) => i.range.start.line === line && (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));
  return ins && dockerSite(file, ins);
}

/**
 * The edit that writes a new command back into the site: a command line, or for a Dockerfile exec form without a
 * shell, its words. Undefined where the text can't be rewritten safely.
 */
export function rewriteSite(site: CommandSite, text: string, replacement: string | string[]): FileEdit | undefined {
  if (Array.isArray(replacement) !== !!site.words) return undefined;
  const command = Array.isArray(replacement) ? replacement.join(' ') : replacement;
  const lines = new LineIndex(text);
  if (site.kind === 'script') {
    const edits = modify(text, ['scripts', site.key!], command, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
    return { path: site.file, edits: edits.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), newText: e.content })) };
  }
  if (site.kind === 'procfile') return { path: site.file, edits: [{ range: site.range, newText: command }] };
  // Dockerfile: single-line instructions only; continuation lines would need re-flowing.
  const r = site.range;
  if (r.start.line !== r.end.line) return undefined;
  const lineText = lines.lineText(r.start.line);
  const m = /^(\s*[A-Za-z]+\s+)(.*?)\s*$/.exec(lineText);
  if (!m) return undefined;
  const args = m[2];
  let next: string;
  if (args.startsWith('[')) {
    let arr: string[];
    try { arr = JSON.parse(args); } catch { return undefined; }
    const sep = args.includes('", "') ? ', ' : ',';
    if (Array.isArray(replacement)) next = `[${replacement.map((w) => JSON.stringify(w)).join(sep)}]`;
    else if (arr.length >= 3) { arr[2] = command; next = `[${arr.map((w) => JSON.stringify(w)).join(sep)}]`; }
    else return undefined;
  } else next = command;
  return { path: site.file, edits: [{ range: { start: { line: r.start.line, character: m[1].length }, end: { line: r.start.line, character: m[1].length + args.length } }, newText: next }] };
}
