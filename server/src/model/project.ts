// Groups discovered files into projects (one per package.json) and parses the project-level files.
import * as path from 'path';
import { YAMLError, parse as parseYaml } from 'yaml';
import { parse as parseJsonc } from 'jsonc-parser';
import type { Logger } from '../core/types';
import type { Discovery } from './discover';
import type { Project, Workspace, WorkspaceFile } from '../core/model';
import { ignoredSummary, parsePackageJson } from '../ecosystem/npm/packageJson';
import { LOCKFILE_NAMES, parseLockfile } from '../ecosystem/npm/lockfile';
import { classify } from './discover';
import { isExampleEnvName, parseEnvFile } from '../platform/envFile';
import { parseDockerfile } from '../platform/dockerfile';
import { parseProcfile } from '../platform/procfile';
import { parseTsPaths } from '../ecosystem/npm/tsconfig';
import { toPosix } from '../util/text';
import { sourceLanguage } from '../core/paths';
import { safeErrorMessage } from '../util/redact';
import { globMatcher } from '../util/glob';
import { fillPython, pythonRoots } from './python';

export type Reader = (path: string) => string | undefined;

const MARKER_KEYS = new Set(['type', 'sideEffects', 'imports', '$schema', 'private']);

/** A package.json with no name and nothing but module-loading keys (`type`, `sideEffects`, `imports`). */
function isModuleMarker(text: string): boolean {
  // The manifest as written (the typed view adds defaults): its top-level keys.
  const raw: unknown = parseJsonc(text);
  return (
    !!raw &&
    typeof raw === 'object' &&
    !Array.isArray(raw) &&
    typeof (raw as { name?: unknown }).name !== 'string' &&
    Object.keys(raw).every((k) => MARKER_KEYS.has(k))
  );
}

export function buildWorkspace(root: string, found: Discovery, read: Reader, logger: Logger): Workspace {
  const files = new Map(found.files.map((f) => [f.path, f]));
  const projects: Project[] = [];
  for (const f of found.files) {
    if (f.kind !== 'package-json') continue;
    const text = read(f.path);
    if (text === undefined) continue;
    try {
      const pkg = parsePackageJson(f.path, text);
      // `src/migrations/package.json` holding only `{"type": "commonjs"}` tells Node how to load the folder's files:
      // it is no package, and those files stay in the enclosing project.
      if (isModuleMarker(text)) continue;
      const ignored = ignoredSummary(pkg, f.rel);
      if (ignored) logger.warn(ignored);
      projects.push(emptyProject(path.dirname(f.path), pkg));
    } catch (e) {
      logger.warn(
        `Skipped ${f.rel}: ${safeErrorMessage(e)}. Rules that need it are off for that folder until it parses.`,
      );
    }
  }
  // A Python project's folder (pyproject.toml, Pipfile, setup.py, requirements) is a project too, or the same one
  // as a package.json there.
  for (const dir of pythonRoots(found.files, root))
    if (!projects.some((p) => p.root === dir)) projects.push(emptyProject(dir, undefined));
  // Files outside every project still belong somewhere: a project rooted at the workspace folder.
  if (!projects.some((p) => p.root === root)) projects.push(emptyProject(root, undefined));
  // Deepest first, so the first project whose root contains a file is its nearest.
  projects.sort((a, b) => b.root.length - a.root.length);
  const projectOf = (p: string): Project | undefined =>
    projects.find(
      (pr) => p === pr.root || p.startsWith(pr.root + path.sep) || (pr.root === root && p.startsWith(root)),
    );

  linkWorkspaces(projects, read, logger);
  linkEnclosingWorkspace(projects, root, read, logger);

  for (const f of found.files) {
    const project = projectOf(f.path);
    if (!project) continue;
    project.files.push(f);
    if (f.kind === 'source' && sourceLanguage(f.path) === 'js') project.sources.push(f.path);
  }
  for (const project of projects) {
    fillProject(project, read, logger, root);
    fillPython(project, read, logger);
  }
  // Workspace members share the root's lockfile.
  for (const project of projects)
    if (!project.lockfile && project.parent?.lockfile) project.lockfile = project.parent.lockfile;
  return { root, files, projects, gitignore: found.gitignore, gitRoot: found.gitRoot, projectOf };
}

function emptyProject(root: string, pkg: Project['pkg']): Project {
  return {
    root,
    pkg,
    isWorkspaceRoot: !!pkg?.workspaces.length,
    files: [],
    sources: [],
    envFiles: [],
    dockerfiles: [],
  };
}

/** Workspace globs of a folder: npm/yarn `workspaces` in its package.json, or pnpm-workspace.yaml. */
function workspaceGlobs(dir: string, pkg: Project['pkg'], read: Reader): string[] {
  let globs = pkg?.workspaces ?? [];
  const pnpm = read(path.join(dir, 'pnpm-workspace.yaml'));
  if (pnpm) {
    try {
      const data = parseYaml(pnpm, { logLevel: 'error' });
      // Strings only; memberMatcher leaves out (and logs) the ones picomatch refuses, such as "" and "!".
      if (Array.isArray(data?.packages))
        globs = [...globs, ...data.packages.filter((g: unknown): g is string => typeof g === 'string')];
    } catch {
      /* malformed yaml: no pnpm workspaces */
    }
  }
  return globs;
}

/** Members of a workspace by their globs; a glob picomatch refuses (`""`, `"/"`, `"!"`) is left out and logged. */
function memberMatcher(dir: string, globs: string[], logger: Logger): (rel: string) => boolean {
  const onSkip = (g: string, why: string) =>
    logger.warn(`Ignored the workspace glob '${g}' of ${path.basename(dir) || dir}: ${why}.`);
  const include = globMatcher(
    globs.filter((g) => !g.startsWith('!')).map((g) => g.replace(/\/$/, '')),
    {},
    onSkip,
  );
  const exclude = globMatcher(
    globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1)),
    {},
    onSkip,
  );
  return (rel) => include(rel) && !exclude(rel);
}

function linkWorkspaces(projects: Project[], read: Reader, logger: Logger): void {
  for (const ws of projects) {
    const globs = workspaceGlobs(ws.root, ws.pkg, read);
    if (!globs.length) continue;
    ws.isWorkspaceRoot = true;
    const isMember = memberMatcher(ws.root, globs, logger);
    for (const member of projects) {
      if (member === ws || !member.root.startsWith(ws.root + path.sep)) continue;
      if (isMember(toPosix(path.relative(ws.root, member.root)))) member.parent = ws;
    }
  }
}

/**
 * When the scanned folder is a workspace member (`apps/api` opened on its own), its workspace root lies above it:
 * dependencies are hoisted there and the lockfile and Node version files live there. That root becomes the
 * parent project, with only its own top-level files; nothing else outside the folder is scanned.
 */
function linkEnclosingWorkspace(projects: Project[], root: string, read: Reader, logger: Logger): void {
  const orphans = projects.filter((p) => p.pkg && !p.parent && !p.isWorkspaceRoot);
  if (!orphans.length) return;
  for (
    let dir = path.dirname(root), depth = 0;
    depth < 6 && dir !== path.dirname(dir);
    dir = path.dirname(dir), depth++
  ) {
    const pkgText = read(path.join(dir, 'package.json'));
    let pkg: Project['pkg'];
    try {
      pkg = pkgText === undefined ? undefined : parsePackageJson(path.join(dir, 'package.json'), pkgText);
    } catch {
      return;
    }
    const globs = workspaceGlobs(dir, pkg, read);
    if (!globs.length) {
      if (pkg) return; // a plain package above us: not inside a workspace
      continue;
    }
    const isMember = memberMatcher(dir, globs, logger);
    const members = orphans.filter((p) => isMember(toPosix(path.relative(dir, p.root))));
    if (!members.length) return;
    const outer = emptyProject(dir, pkg);
    outer.isWorkspaceRoot = true;
    for (const base of ['.nvmrc', '.node-version', '.tool-versions', 'tsconfig.json', ...Object.keys(LOCKFILE_NAMES)]) {
      const full = path.join(dir, base);
      const text = read(full);
      if (text === undefined) continue;
      outer.files.push({
        path: full,
        rel: toPosix(path.relative(root, full)),
        kind: classify(base, base),
        ignored: false,
        size: text.length,
      });
    }
    fillProject(outer, read, logger, dir);
    for (const m of members) m.parent = outer;
    return;
  }
}

/** `root`: the folder a tsconfig's `extends` may read in (the workspace folder, or the enclosing workspace root's). */
function fillProject(project: Project, read: Reader, logger: Logger, root: string): void {
  for (const f of project.files) {
    const base = path.basename(f.path);
    const text = () => read(f.path);
    try {
      switch (f.kind) {
        case 'lockfile': {
          if (path.dirname(f.path) !== project.root || base === 'bun.lockb') {
            if (base === 'bun.lockb' && path.dirname(f.path) === project.root)
              project.lockfile = { path: f.path, kind: 'bun', versions: new Map() };
            break;
          }
          const t = text();
          if (t !== undefined) project.lockfile = parseLockfile(f.path, base, t);
          break;
        }
        case 'env': {
          const t = text();
          if (t !== undefined)
            project.envFiles.push({
              path: f.path,
              rel: f.rel,
              isExample: isExampleEnvName(base),
              ignored: f.ignored,
              ignoreUnknown: f.ignoreUnknown,
              entries: parseEnvFile(t),
            });
          break;
        }
        case 'dockerfile': {
          const t = text();
          if (t !== undefined) project.dockerfiles.push({ path: f.path, rel: f.rel, instructions: parseDockerfile(t) });
          break;
        }
        case 'procfile': {
          const t = text();
          if (t !== undefined && base === 'Procfile' && path.dirname(f.path) === project.root)
            project.procfile = { path: f.path, rel: f.rel, entries: parseProcfile(t) };
          break;
        }
        case 'tsconfig': {
          const t = text();
          if (t !== undefined && path.dirname(f.path) === project.root && !project.tsPaths)
            project.tsPaths = parseTsPaths(f.path, t, read, root);
          break;
        }
      }
    } catch (e) {
      // Malformed JSON or YAML is the file's problem; any other exception is a bug in its reader, logged as such.
      if (isParseError(e)) logger.warn(`Skipped ${f.rel}: ${safeErrorMessage(e)}`);
      else logger.error(`Skipped ${f.rel}: its reader failed: ${safeErrorMessage(e)}`);
    }
  }
}

function isParseError(e: unknown): boolean {
  return e instanceof SyntaxError || e instanceof YAMLError;
}

export type { WorkspaceFile };
