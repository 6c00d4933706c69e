// dependencies/install-ignores-lockfile: a build step (Dockerfile RUN, Procfile release phase) installs with a
// command that may rewrite or ignore the committed lockfile (`npm install` instead of `npm ci`, `yarn install`
// without --frozen-lockfile/--immutable, `pnpm install` without --frozen-lockfile).
import * as path from 'path';
import picomatch from 'picomatch';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext, type Range } from '../../core/types';
import type { Lockfile, Project } from '../../core/model';
import { dockerStages, isDevImage } from '../../platform/docker';
import { allCommands, parseShell, positionalArgs, type ShellCommand } from '../../platform/shell';
import { parseDockerfile, runScript } from '../../platform/dockerfile';
import { parseProcfile } from '../../platform/procfile';
import { argvOf, NPM_INSTALL_ALIASES, PM_VALUE_FLAGS } from '../../platform/command';
import { pySubcommands, pythonInvocation } from '../../platform/pyCommand';
import { resolveRequirements } from '../../ecosystem/python/requirements';
import {
  pipCommandOf,
  projectInstallOf,
  requirementsFileIn,
  runCommandLine,
  type ProjectInstallTool,
} from './pyInstalls';
import { clip, LineIndex } from '../../util/text';

const ID = 'dependencies/install-ignores-lockfile';

/** npm's install command and its abbreviations and typos (`npm isntall` works). */
const NPM_INSTALL = new Set(NPM_INSTALL_ALIASES);
const NPM_VALUE_FLAGS = PM_VALUE_FLAGS.npm;
const YARN_VALUE_FLAGS = PM_VALUE_FLAGS.yarn;
const PNPM_VALUE_FLAGS = PM_VALUE_FLAGS.pnpm;
/** Flags that install somewhere else than the project (their own lockfile, or none). */
const ELSEWHERE = /^(-g|--global|--prefix|-C|--dir|--cwd|--location=global|--prefix=.*|--dir=.*|--cwd=.*)$/;
/** Dev and test stages of a multi-stage Dockerfile do not build what production runs. */
const DEV_STAGE = /^(dev|develop|development|local|test|tests|testing|e2e|ci|debug)$/i;

type Manager = 'npm' | 'yarn' | 'pnpm';

interface Problem {
  manager: Manager;
  replacement: string;
  note: string;
}

function isBerry(ctx: { read(p: string): string | undefined }, project: Project, lock: Lockfile): boolean {
  const pm = String(project.pkg?.data.packageManager ?? project.parent?.pkg?.data.packageManager ?? '');
  if (/^yarn@[2-9]/.test(pm)) return true;
  if (/^yarn@1\./.test(pm)) return false;
  if (ctx.read(path.join(path.dirname(lock.path), '.yarnrc.yml')) !== undefined) return true;
  return /^__metadata:/m.test((ctx.read(lock.path) ?? '').slice(0, 2000));
}

/** Config that makes every install frozen whatever the command says. */
function frozenByConfig(ctx: ProjectContext, lock: Lockfile, env: string): boolean {
  const dir = path.dirname(lock.path);
  // Line-leading blanks as `[^\S\r\n…]*`: `^\s*` spans lines, so each blank line rescanned all the following ones.
  if (
    /^[^\S\r\n\u2028\u2029]*enableImmutableInstalls\s*:\s*true\b/m.test(ctx.read(path.join(dir, '.yarnrc.yml')) ?? '')
  )
    return true;
  if (/^[^\S\r\n\u2028\u2029]*--?frozen-lockfile(\s+true)?\s*$/m.test(ctx.read(path.join(dir, '.yarnrc')) ?? ''))
    return true;
  if (/^[^\S\r\n\u2028\u2029]*frozen-lockfile\s*=\s*true\s*$/m.test(ctx.read(path.join(dir, '.npmrc')) ?? ''))
    return true;
  return /\b(YARN_ENABLE_IMMUTABLE_INSTALLS|YARN_FROZEN_LOCKFILE|npm_config_frozen_lockfile|NPM_CONFIG_FROZEN_LOCKFILE)(?:\s*=|[^\S ]* )\s*["']?(true|1)\b/.test(
    env,
  ); // `\s*[= ]\s*` without its ambiguity
}

/** Flags of `npm install` as `npm ci` takes them: --production and --only=prod become --omit=dev. */
function ciFlags(args: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (!a.startsWith('-')) continue;
    if (/^--(production|prod)$|^--only=prod(uction)?$|^--production=true$/.test(a)) {
      if (!out.includes('--omit=dev')) out.push('--omit=dev');
      continue;
    }
    // npm ci never writes the lockfile; these only said not to.
    if (/^--(no-package-lock|no-save|no-shrinkwrap|package-lock=false|save=false)$/.test(a)) continue;
    out.push(a);
    if (NPM_VALUE_FLAGS.includes(a) && k + 1 < args.length) out.push(args[++k]);
  }
  return out;
}

/** What is wrong with an install command, or undefined when it is not a whole-project install that ignores the lockfile. */
function problemOf(c: ShellCommand, lock: Lockfile, berry: boolean): Problem | undefined {
  const base = path.basename(lock.path);
  const args = c.args;
  if (args.some((a) => ELSEWHERE.test(a))) return undefined;
  if (c.program === 'npm' && lock.kind === 'npm') {
    const pos = positionalArgs(args, NPM_VALUE_FLAGS);
    if (!NPM_INSTALL.has(pos[0] ?? '') || pos.length > 1 || pos[0] === 'add') return undefined;
    if (args.some((a) => /^--(package-lock-only|dry-run)$/.test(a))) return undefined;
    return {
      manager: 'npm',
      replacement: ['npm', 'ci', ...ciFlags(args)].join(' '),
      note: `resolves versions afresh and may rewrite ${base}`,
    };
  }
  if (c.program === 'yarn' && lock.kind === 'yarn') {
    const pos = positionalArgs(args, YARN_VALUE_FLAGS);
    if (pos.length > 1 || (pos.length === 1 && pos[0] !== 'install')) return undefined;
    // `yarn --version`, `yarn -v`, `yarn --help` are not installs.
    if (!pos.length && args.some((a) => /^(-v|--version|-h|--help)$/.test(a))) return undefined;
    if (args.some((a) => /^--(frozen-lockfile|immutable|pure-lockfile|immutable-cache)$/.test(a))) return undefined;
    const flag = berry ? '--immutable' : '--frozen-lockfile';
    const kept = args.filter((a) => a !== 'install');
    return {
      manager: 'yarn',
      replacement: ['yarn', 'install', ...kept, flag].join(' '),
      note: 'updates yarn.lock when it does not match package.json instead of failing',
    };
  }
  if (c.program === 'pnpm' && lock.kind === 'pnpm') {
    const pos = positionalArgs(args, PNPM_VALUE_FLAGS);
    if (pos.length !== 1 || !['install', 'i'].includes(pos[0])) return undefined;
    // `pnpm fetch` then `pnpm install --offline` cannot resolve anything new.
    if (args.some((a) => /^--(frozen-lockfile|offline|lockfile-only|fix-lockfile)$/.test(a))) return undefined;
    const kept = args.filter((a) => a !== pos[0] && a !== '--no-frozen-lockfile');
    return {
      manager: 'pnpm',
      replacement: ['pnpm', 'install', ...kept, '--frozen-lockfile'].join(' '),
      note: 'updates pnpm-lock.yaml when it does not match package.json instead of failing',
    };
  }
  return undefined;
}

interface Hit {
  command: ShellCommand;
  problem: Problem;
  range: Range;
  line?: { line: number; start: number };
}

/** The one-line span of a top-level command of `command`, which starts at `(line, base)` in `text`. */
function spanOf(
  text: string | undefined,
  line: number,
  base: number,
  c: ShellCommand,
): { line: number; start: number } | undefined {
  if (text === undefined) return undefined;
  const l = text.split(/\r?\n|\r/)[line] ?? '';
  return l.slice(base + c.start, base + c.end) === c.text ? { line, start: base + c.start } : undefined;
}

/**
 * Where the commands of a RUN start (its WORKDIR) and the image folders the lockfile was copied to so far, both
 * absolute; no workdir when it is not known (a relative WORKDIR with none before it, a variable).
 */
interface RunPlace {
  workdir?: string;
  lockDirs: Set<string>;
}

/** `body`: the command is a here-document body starting at column 0 of `line` (commands placed by its own lines). */
function hitsIn(
  command: string,
  lock: Lockfile,
  berry: boolean,
  fallback: Range,
  text: string | undefined,
  line: number,
  base: number | undefined,
  place?: RunPlace,
  body?: LineIndex,
): Hit[] {
  const out: Hit[] = [];
  const visit = (list: ShellCommand[], top: boolean) => {
    list.forEach((c, k) => {
      if (c.nested) visit(c.nested, false);
      const problem = problemOf(c, lock, berry);
      if (!problem) return;
      // `cd other && npm install` installs another project, unless `other` is where the lockfile was copied.
      const cds = list.slice(0, k).filter((x) => x.program === 'cd' || x.program === 'pushd');
      if (cds.length && !(top && place && installsCopiedLock(cds, place))) return;
      const span = top && base !== undefined ? spanOf(text, line, base, c) : undefined;
      const inBody = top && body ? { start: body.position(c.start), end: body.position(c.end) } : undefined;
      const range = span
        ? { start: { line, character: span.start }, end: { line, character: span.start + c.text.length } }
        : inBody
          ? {
              start: { line: line + inBody.start.line, character: inBody.start.character },
              end: { line: line + inBody.end.line, character: inBody.end.character },
            }
          : fallback;
      out.push({ command: c, problem, range, line: span });
    });
  };
  visit(parseShell(command), true);
  return out;
}

/** An image path resolved against the working directory, without a trailing slash; undefined when unknown. */
function imagePath(p: string | undefined, workdir: string | undefined): string | undefined {
  if (!p || p === '-' || /[$`~]/.test(p)) return undefined;
  const abs = p.startsWith('/') ? p : workdir ? path.posix.join(workdir, p) : undefined;
  return abs === undefined ? undefined : path.posix.normalize(abs).replace(/(.)\/$/, '$1');
}

/** Whether the `cd`s before an install lead to a folder the lockfile was copied to (`COPY package*.json /tmp/app/`). */
function installsCopiedLock(cds: ShellCommand[], place: RunPlace): boolean {
  let dir = place.workdir;
  for (const cd of cds) dir = imagePath(positionalArgs(cd.args)[0], dir);
  return dir !== undefined && place.lockDirs.has(dir);
}

/** The image folder a COPY/ADD from the build context puts the lockfile in, when certain. */
function lockfileDestination(
  ins: { keyword: string; args: string; exec?: string[] },
  lockBase: string,
  workdir: string | undefined,
): string | undefined {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return undefined;
  const all = ins.exec ?? ins.args.split(/\s+/).filter(Boolean);
  if (all.some((w) => w.startsWith('--from'))) return undefined; // from another stage or image
  const words = all.filter((w) => !w.startsWith('--'));
  const sources = words.slice(0, -1);
  const dest = words[words.length - 1];
  if (!sources.length || !sources.some((w) => bringsLockfile(w, lockBase))) return undefined;
  // One file copied to a path without a trailing slash may be renamed: only `…/package-lock.json` is certain.
  if (sources.length === 1 && sources[0].replace(/^\.\//, '') === lockBase && !/(^|\/)\.?\/?$/.test(dest)) {
    return path.posix.basename(dest) === lockBase ? imagePath(path.posix.dirname(dest), workdir) : undefined;
  }
  return imagePath(dest, workdir);
}

function bringsLockfile(word: string, lockBase: string): boolean {
  const b = word.replace(/^\.\//, '');
  return b === '.' || b === '' || b === '*' || b === lockBase || copySourceMatches(b, lockBase);
}

/** Longest COPY source matched as a glob: the text is a lockfile name (≤ 19 characters), so the work is bounded. */
const MAX_COPY_GLOB = 256;

/**
 * Whether a COPY/ADD source glob names `lockBase` in the context folder. Docker matches sources with Go's
 * filepath.Match: `*`, `?` and `[…]` never cross `/`, and there are no braces, extglobs or `!` negation.
 */
export function copySourceMatches(source: string, lockBase: string): boolean {
  if (!/[*?[]/.test(source) || source.length > MAX_COPY_GLOB) return false;
  try {
    return picomatch(source, { dot: true, nobrace: true, noextglob: true, nonegate: true })(lockBase);
  } catch {
    return false; // a pattern picomatch refuses names nothing
  }
}

/** Whether a COPY/ADD before `line` in the stage brings the lockfile (or the whole context) into the image. */
function copiesLockfile(
  instructions: { keyword: string; args: string; exec?: string[]; range: Range }[],
  line: number,
  lockBase: string,
): boolean {
  return instructions.some(
    (i) =>
      (i.keyword === 'COPY' || i.keyword === 'ADD') &&
      i.range.start.line < line &&
      (() => {
        const words = (i.exec ?? i.args.split(/\s+/)).filter((w) => !w.startsWith('--'));
        return words.slice(0, -1).some((w) => bringsLockfile(w, lockBase));
      })(),
  );
}

function checkProject(ctx: ProjectContext): void {
  checkPythonImages(ctx);
  const project = ctx.project;
  const lock = project.lockfile;
  if (!lock || lock.kind === 'bun') return;
  // A lockfile git ignores is not committed: missing-lockfile reports that.
  if (ctx.workspace.files.get(lock.path)?.ignored) return;
  const berry = lock.kind === 'yarn' && isBerry(ctx, project, lock);
  const base = path.basename(lock.path);
  const ownLock = path.dirname(lock.path) === project.root;

  for (const df of project.dockerfiles) {
    if (isDevImage(df)) continue;
    const text = ctx.read(df.path);
    const lines = text?.split(/\r?\n|\r/) ?? [];
    for (const stage of dockerStages(df)) {
      if (stage.name && DEV_STAGE.test(stage.name)) continue;
      const env = stage.instructions
        .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
        .map((i) => i.args)
        .join('\n');
      if (frozenByConfig(ctx, lock, env)) continue;
      // A stage built FROM another one inherits its WORKDIR, which is not followed here: relative paths are unknown.
      const place: RunPlace = { workdir: undefined, lockDirs: new Set() };
      for (const ins of stage.instructions) {
        if (ins.keyword === 'WORKDIR') place.workdir = imagePath(ins.args.trim(), place.workdir);
        const dest = lockfileDestination(ins, base, place.workdir);
        if (dest) place.lockDirs.add(dest);
        if (ins.keyword !== 'RUN') continue;
        const command = ins.exec ? ins.exec.join(' ') : ins.args;
        const m = /^(\s*RUN\s+)/i.exec(lines[ins.range.start.line] ?? '');
        const startCol = ins.exec || !m ? undefined : m[1].length;
        const hits = hitsIn(command, lock, berry, ins.range, text, ins.range.start.line, startCol, place);
        // `RUN <<EOF` … `EOF`: the body is the step's script, read as one command list (its `cd`s count).
        const script = runScript(ins);
        if (script)
          hits.push(
            ...hitsIn(
              script.body,
              lock,
              berry,
              script.range,
              text,
              script.range.start.line,
              undefined,
              place,
              new LineIndex(script.body),
            ),
          );
        for (const hit of hits) {
          const copied = copiesLockfile(stage.instructions, ins.range.start.line, base);
          ctx.report(
            df.path,
            hit.range,
            copied
              ? { messageId: 'unfrozen', data: { command: clip(hit.command.text), problem: hit.problem.note } }
              : { messageId: 'beforeCopy', data: { command: clip(hit.command.text), lockfile: base } },
            {
              data: {
                kind: 'docker',
                line: ins.range.start.line,
                from: hit.command.text,
                to: hit.problem.replacement,
                preferred: !!hit.line && copied && ownLock,
              },
            },
          );
        }
      }
    }
  }

  const procfile = project.procfile;
  if (procfile && !frozenByConfig(ctx, lock, '')) {
    const text = ctx.read(procfile.path);
    for (const e of procfile.entries) {
      if (e.type !== 'release') continue;
      for (const hit of hitsIn(
        e.command,
        lock,
        berry,
        e.commandRange,
        text,
        e.commandRange.start.line,
        e.commandRange.start.character,
      )) {
        ctx.report(
          procfile.path,
          hit.range,
          { messageId: 'releasePhase', data: { command: clip(hit.command.text), problem: hit.problem.note } },
          {
            data: {
              kind: 'procfile',
              line: e.commandRange.start.line,
              from: hit.command.text,
              to: hit.problem.replacement,
              preferred: !!hit.line && ownLock,
            },
          },
        );
      }
    }
  }
}

// --- Python --------------------------------------------------------------------------------------------------------

/** Python lockfiles by the tool that keeps them, in the order they are looked for. */
const PY_LOCKS: [string, ProjectInstallTool][] = [
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
  ['pdm.lock', 'pdm'],
  ['Pipfile.lock', 'pipenv'],
];

/**
 * The committed Python lockfile an image's build belongs to: in the Dockerfile's folder or the nearest folder above
 * it, up to the project's root (`backend/Dockerfile` with the repository's `uv.lock`).
 */
function pythonLockFor(
  ctx: ProjectContext,
  dockerfile: string,
): { path: string; tool: ProjectInstallTool } | undefined {
  const root = ctx.project.root;
  for (let dir = path.dirname(dockerfile); ; dir = path.dirname(dir)) {
    for (const [name, tool] of PY_LOCKS) {
      const p = path.join(dir, name);
      if (ctx.read(p) !== undefined) return ctx.workspace.gitignore.ignores(p) ? undefined : { path: p, tool };
    }
    if (dir === root || !dir.startsWith(root + path.sep)) return undefined;
  }
}

type PyHit =
  | { messageId: 'pyRelocks'; command: ShellCommand; replacement?: string }
  | { messageId: 'pyProject'; command: ShellCommand }
  | { messageId: 'pyRequirements'; command: ShellCommand; file: string };

/**
 * What the first Python install of a stage does with the lockfile: keeps to it (poetry install, `uv sync --locked`,
 * a compiled or pinned requirements file, wheels built earlier), ignores it (pip resolving the project's ranges or
 * unpinned requirements), or may rewrite it (`uv sync`, `pipenv install`, `pdm install`). Only the first counts: what
 * follows installs into what it resolved.
 */
function firstPythonInstall(
  ctx: ProjectContext,
  commands: ShellCommand[],
  lock: { path: string; tool: ProjectInstallTool },
  dirs: string[],
  env: string,
): PyHit | 'done' | undefined {
  for (const c of commands) {
    const managed = projectInstallOf(c);
    if (managed) {
      if (managed.tool !== lock.tool) return 'done';
      if (managed.tool === 'uv' && /\bUV_(FROZEN|LOCKED)(?:\s*=|[^\S ]* )\s*["']?(true|1)\b/i.test(env)) return 'done';
      return managed.relocks ? { messageId: 'pyRelocks', command: c, replacement: managed.replacement } : 'done';
    }
    // `uv export`/`poetry export` write the lock out as pinned requirements: what follows installs those.
    const inv = pythonInvocation(argvOf(c));
    if (inv && /^(uv|poetry|pdm)$/.test(inv.tool) && pySubcommands(inv)[0] === 'export') return 'done';
    if (inv?.tool === 'pipenv' && pySubcommands(inv)[0] === 'requirements') return 'done';
    const pip = pipCommandOf(c);
    if (!pip) continue;
    if (pip.wheels || pip.args.some((a) => /^(--no-deps|--no-index)$/.test(a))) return 'done';
    for (const word of pip.requirementFiles) {
      const file = requirementsFileIn(ctx.read, word, dirs);
      if (!file) return 'done';
      const resolved = resolveRequirements(file, ctx.read);
      const named = resolved.requirements.filter((r) => r.kind !== 'path');
      if (resolved.problems.length || !named.length || named.every((r) => r.pinned)) return 'done';
      return { messageId: 'pyRequirements', command: c, file: path.basename(file) };
    }
    // `pip install .` / `pip wheel .`: pyproject.toml's ranges; a Pipfile.lock is not about pyproject.toml.
    if (pip.paths.length && lock.tool !== 'pipenv' && pip.sub !== 'sync') return { messageId: 'pyProject', command: c };
    // Packages named on the line (`pip install -U pip`, `pip install gunicorn`) say nothing about the lockfile.
  }
  return undefined;
}

/** Python images whose dependency install ignores or may rewrite the project's committed lockfile. */
function checkPythonImages(ctx: ProjectContext): void {
  for (const df of ctx.project.dockerfiles) {
    if (isDevImage(df)) continue;
    const lock = pythonLockFor(ctx, df.path);
    if (!lock) continue;
    const dirs = [...new Set([path.dirname(df.path), path.dirname(lock.path), ctx.project.root])];
    const text = ctx.read(df.path);
    const lines = text?.split(/\r?\n|\r/) ?? [];
    const lockName = path.basename(lock.path);
    for (const stage of dockerStages(df)) {
      if (stage.name && DEV_STAGE.test(stage.name)) continue;
      const env = stage.instructions
        .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
        .map((i) => i.args)
        .join('\n');
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        const { line: command, offset } = ins.exec ? { line: ins.exec.join(' '), offset: 0 } : runCommandLine(ins.args);
        const top = parseShell(command);
        const hit = firstPythonInstall(ctx, allCommands(top), lock, dirs, env);
        if (!hit) continue;
        if (hit !== 'done') {
          const m = /^(\s*RUN\s+)/i.exec(lines[ins.range.start.line] ?? '');
          const span =
            !ins.exec && m && top.includes(hit.command)
              ? spanOf(text, ins.range.start.line, m[1].length + offset, hit.command)
              : undefined;
          const range: Range = span
            ? {
                start: { line: span.line, character: span.start },
                end: { line: span.line, character: span.start + hit.command.text.length },
              }
            : ins.range;
          const shown = clip(hit.command.text);
          const replacement = hit.messageId === 'pyRelocks' ? hit.replacement : undefined;
          ctx.report(
            df.path,
            range,
            hit.messageId === 'pyRequirements'
              ? { messageId: hit.messageId, data: { command: shown, file: hit.file, lockfile: lockName } }
              : { messageId: hit.messageId, data: { command: shown, lockfile: lockName } },
            replacement
              ? {
                  data: {
                    kind: 'docker',
                    line: ins.range.start.line,
                    from: hit.command.text,
                    to: replacement,
                    preferred: !!span,
                  },
                }
              : undefined,
          );
        }
        break; // the stage's first Python install decides
      }
    }
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { kind?: string; from?: string; to?: string; preferred?: boolean } | undefined;
  if (!data?.from || !data.to) return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  const r = finding.range;
  if (r.start.line !== r.end.line) return [];
  const line = text.split(/\r?\n|\r/)[r.start.line] ?? '';
  if (line.slice(r.start.character, r.end.character) !== data.from) return [];
  // The line must still be what the finding was about.
  if (
    data.kind === 'docker' &&
    !parseDockerfile(text).some((i) => i.keyword === 'RUN' && i.range.start.line === r.start.line)
  )
    return [];
  if (
    data.kind === 'procfile' &&
    !parseProcfile(text).some((e) => e.type === 'release' && e.commandRange.start.line === r.start.line)
  )
    return [];
  // Keep what the command was wrapped in (`NODE_ENV=production npm install` → `NODE_ENV=production npm ci`).
  const c = parseShell(data.from).find((x) => x.program === data.to!.split(' ')[0]);
  const at = c?.programWord?.start ?? 0;
  const newText = data.from.slice(0, at) + data.to;
  return [
    {
      title: `Replace '${data.from}' with '${newText}'`,
      preferred: !!data.preferred,
      edits: [
        {
          path: finding.path,
          edits: [{ range: { start: { line: r.start.line, character: r.start.character }, end: r.end }, newText }],
        },
      ],
    },
  ];
}

export const installIgnoresLockfile = defineRule({
  meta: {
    id: ID,
    inputs: ['dockerfile', 'lockfile', 'package-json', 'procfile'],
    factor: 'dependencies',
    severity: 'warning',
    description:
      'A Dockerfile RUN or the Procfile release phase installs with npm install, yarn install or pnpm install without freezing the committed lockfile.',
    why: 'A build must install exactly the dependencies the committed lockfile pins (factor II), or two builds of one commit can differ. Use `npm ci`, `yarn install --immutable` (`--frozen-lockfile` on yarn 1) or `pnpm install --frozen-lockfile` (pnpm only freezes by default when CI is set), after copying the lockfile in.',
    fixable: true,
    messages: {
      pyRelocks: "'{{command}}' may resolve afresh and rewrite {{lockfile}} instead of failing when it is stale.",
      pyProject: "'{{command}}' resolves the project's dependencies from their ranges, ignoring {{lockfile}}.",
      pyRequirements: "'{{command}}' installs the unpinned requirements of {{file}}, ignoring {{lockfile}}.",
      unfrozen: "'{{command}}' {{problem}}.",
      beforeCopy: "'{{command}}' runs before {{lockfile}} is copied in, so it resolves versions afresh.",
      releasePhase: "The release phase runs '{{command}}', which {{problem}}.",
    },
  },
  checkProject,
  appliesTo: (ctx) =>
    (!!ctx.project.lockfile &&
      ctx.project.lockfile.kind !== 'bun' &&
      (ctx.project.dockerfiles.length > 0 || !!ctx.project.procfile?.entries.some((e) => e.type === 'release'))) ||
    ctx.project.dockerfiles.some((df) => !isDevImage(df) && !!pythonLockFor(ctx, df.path)),
  fixes,
});
