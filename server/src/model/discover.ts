// Walks a workspace folder: honours .gitignore and excludes, survives symlink loops, and sorts files by kind.
import * as fs from 'fs';
import * as path from 'path';
import type { Logger } from '../core/types';
import type { FileKind, SkippedFile, SkipReason, WorkspaceFile } from '../core/model';
import { GitIgnore } from '../util/gitignore';
import { isEnvFileName } from '../platform/envFile';
import { isDockerfileName } from '../platform/dockerfile';
import { LOCKFILE_NAMES } from '../ecosystem/npm/lockfile';
import { PY_LOCKFILE_NAMES } from '../ecosystem/python/locks';
import { isSourcePath } from '../core/paths';
import { toPosix } from '../util/text';
import { globMatcher } from '../util/glob';
import picomatch from 'picomatch';
import { decodeText, errnoText, fileType, safeReadFile } from '../util/safeRead';

/** Never useful to scan, whatever .gitignore says. */
export const DEFAULT_SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.yarn',
  '.pnpm-store',
  'bower_components',
  'jspm_packages',
  'vendor',
  'dist',
  'build',
  'out',
  'coverage',
  '.nyc_output',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.cache',
  '.vercel',
  '.netlify',
  '.serverless',
  '.parcel-cache',
  '.angular',
  '.expo',
  '.docusaurus',
  // Python's virtual environments, caches and build output: installed packages and generated files, not the app.
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.eggs',
  '.vscode-test',
]);

export interface DiscoverOptions {
  exclude: string[];
  /**
   * Globs scanned even though DEFAULT_SKIP_DIRS or `exclude` would skip them (a config file's `!dist/server.js`); the
   * .gitignore still applies.
   */
  include?: string[];
  /** Source files above this size are skipped (and said so in the log); other kinds have their own limits. */
  maxFileSize: number;
  logger: Logger;
}

export interface Discovery {
  files: WorkspaceFile[];
  gitignore: GitIgnore;
  gitRoot?: string;
  /** Files (and folders) not scanned, and why. */
  skipped: SkippedFile[];
}

const MB = 1024 * 1024;

/**
 * Most bytes read from a file of this kind. Source files keep the configured limit (larger ones are generated);
 * a real project's lockfile passes 1 MB, and project files and data get room too.
 */
export function readLimit(kind: FileKind, sourceMax: number): number {
  if (kind === 'source') return sourceMax;
  if (kind === 'lockfile' || kind === 'python-lock') return Math.max(64 * MB, sourceMax);
  if (kind === 'package-json') return Math.max(8 * MB, sourceMax);
  // Real Dockerfiles are a few kB; the parser (dockerfile-ast) takes about 3 s per MB of hostile text.
  if (kind === 'dockerfile') return MB / 4;
  return Math.max(4 * MB, sourceMax);
}

/** safeReadFile's refusals as skip reasons. */
export function skipReasonOf(reason: 'not-a-file' | 'too-large' | 'outside' | 'unreadable'): SkipReason {
  return reason === 'outside' ? 'outside-workspace' : reason;
}

/** pyproject.toml, Pipfile, setup.cfg, `requirements*.txt`/`.in`, and the `.txt`/`.in` files of a `requirements/` folder. */
export function isPythonManifest(base: string, rel: string): boolean {
  if (base === 'pyproject.toml' || base === 'Pipfile' || base === 'setup.cfg') return true;
  if (/^requirements([-_.][\w.-]*)?\.(txt|in)$/i.test(base) || /^[\w.-]+[-_]requirements\.(txt|in)$/i.test(base))
    return true;
  return /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(rel);
}

export function classify(base: string, rel: string): FileKind {
  if (base === 'package.json') return 'package-json';
  if (base in LOCKFILE_NAMES) return 'lockfile';
  if (isEnvFileName(base)) return 'env';
  if (base === '.gitignore') return 'gitignore';
  if (isDockerfileName(base)) return 'dockerfile';
  if (base === 'Procfile' || /^Procfile\.[\w-]+$/.test(base)) return 'procfile';
  if (/^(docker-)?compose([.-][\w-]+)?\.ya?ml$/.test(base)) return 'compose';
  if (/^[tj]sconfig(\..+)?\.json$/.test(base)) return 'tsconfig';
  if (base === '.nvmrc' || base === '.node-version' || base === '.tool-versions') return 'runtime-version';
  if (isPythonManifest(base, rel)) return 'python-manifest';
  if (base in PY_LOCKFILE_NAMES) return 'python-lock';
  if (base === '.python-version' || base === 'runtime.txt') return 'python-version';
  if (isSourcePath(base)) return 'source';
  if (/\.(json|ya?ml)$/.test(base) && !/(^|\/)\.vscode\//.test(rel)) return 'data';
  if (base === 'schema.prisma' || base.endsWith('.prisma') || base === 'Aptfile') return 'data';
  return 'other';
}

export function findGitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      if (fs.existsSync(path.join(d, '.git'))) return d;
    } catch {
      /* unreadable: keep looking up */
    }
    if (path.dirname(d) === d) return undefined;
  }
}

export async function discover(root: string, opts: DiscoverOptions): Promise<Discovery> {
  const skipped = new Map<string, SkippedFile>();
  const relOf = (p: string) => toPosix(path.relative(root, p)) || '.';
  const skip = (p: string, reason: SkipReason, message: string) => {
    if (skipped.has(p)) return;
    skipped.set(p, { path: p, rel: relOf(p), reason, message });
    opts.logger[reason === 'unreadable' ? 'warn' : 'info'](`Skipped ${relOf(p)}: ${message}.`);
  };
  const gitRoot = findGitRoot(root);
  const top = gitRoot && root.startsWith(gitRoot) ? gitRoot : root;
  const gitignore = new GitIgnore(top);
  const loadGitignore = (dir: string) => {
    const p = path.join(dir, '.gitignore');
    // Above the workspace folder (up to the repository root) a .gitignore may not lead out of its own folder.
    const r = safeReadFile(p, {
      maxBytes: readLimit('gitignore', opts.maxFileSize),
      root: isInside(root, dir) ? root : dir,
    });
    if (r.ok) gitignore.add(dir, decodeText(r.bytes));
    else if (r.reason === 'outside') {
      // git itself does not follow a symlinked .gitignore (2.32+): it ignores nothing, which is known, not unknown.
      skip(p, skipReasonOf(r.reason), `${r.message}; git does not follow it either, so it ignores nothing`);
    } else if (r.reason !== 'missing') {
      gitignore.markUnknown(dir);
      skip(
        p,
        skipReasonOf(r.reason),
        `${r.message}; what it ignores is unknown, so nothing under it is called not ignored`,
      );
    }
  };
  // .gitignore files above the workspace folder, up to the repository root, apply too. Shallowest first: a folder's
  // .gitignore is registered before anything under it is asked about.
  const above: string[] = [];
  for (let d = path.dirname(root); top !== root && d.startsWith(top); d = path.dirname(d)) {
    above.push(d);
    if (d === top) break;
  }
  for (const d of above.reverse()) loadGitignore(d);
  const excludedByGlob = globMatcher(opts.exclude, { dot: true }, (g, why) =>
    opts.logger.warn(`Ignored the exclude pattern '${g}': ${why}.`),
  );
  const include = opts.include ?? [];
  const included = include.length ? globMatcher(include, { dot: true }) : () => false;
  // A folder is entered when a re-include pattern can match below it: its static base is in the folder or above it
  // (so `!**/dist/x.js`, with no base, does not open every dist/ or node_modules/).
  const bases = include.map((g) => picomatch.scan(g).base.replace(/\/$/, ''));
  const mayInclude = (rel: string) =>
    included(rel) || bases.some((b) => b === rel || b.startsWith(`${rel}/`) || (b !== '' && rel.startsWith(`${b}/`)));
  const excluded = (rel: string) => excludedByGlob(rel) && !included(rel);
  const inSkippedDir = (rel: string) =>
    rel
      .split('/')
      .slice(0, -1)
      .some((seg) => DEFAULT_SKIP_DIRS.has(seg));
  const files: WorkspaceFile[] = [];
  const seenDirs = new Set<string>();
  const realRoot = await realpathOrSelf(root);
  let visited = 0;

  // Depth-first with an explicit stack (no recursion, whatever the depth), a folder's files before its subfolders.
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    // The same folder twice (a bind mount) is told by device and inode: no realpath, which costs a system call per
    // parent folder and made deep trees quadratic.
    let id: string;
    try {
      const st = await fs.promises.stat(dir, { bigint: true });
      id = `${st.dev}:${st.ino}`;
    } catch (e) {
      skip(dir, 'unreadable', `a folder that could not be read (${errnoText(e)})`);
      continue;
    }
    if (seenDirs.has(id)) {
      opts.logger.info(`Skipped ${relOf(dir)}: already scanned through another path.`);
      continue;
    }
    seenDirs.add(id);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      skip(dir, 'unreadable', `a folder that could not be listed (${errnoText(e)})`);
      continue;
    }
    if (entries.some((e) => e.name === '.gitignore')) loadGitignore(dir);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      // Yield now and then so the server keeps answering requests during a large scan.
      if (++visited % 500 === 0) await new Promise((r) => setImmediate(r));
      const full = path.join(dir, entry.name);
      const rel = toPosix(path.relative(root, full));
      const isLink = entry.isSymbolicLink();
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let size = 0;
      let target: fs.Stats | undefined;
      if (isLink || (!isDir && !isFile)) {
        try {
          target = await fs.promises.stat(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
          size = target.size;
        } catch {
          if (classify(entry.name, rel) !== 'other' && !excluded(rel))
            skip(full, 'not-a-file', 'a symlink to nothing (dangling)');
          continue;
        }
      }
      if (isDir) {
        if ((DEFAULT_SKIP_DIRS.has(entry.name) || excluded(rel) || excluded(rel + '/')) && !mayInclude(rel)) continue;
        if (gitignore.ignores(full, true)) continue;
        if (isLink) {
          // One rule for links, folders and files alike: followed only to inside the workspace. A folder inside is
          // scanned where it really is (through the link its files would be reported twice, or under another path).
          if (isInside(realRoot, await realpathOrSelf(full)))
            opts.logger.info(`Skipped ${rel}: a symlink to a folder inside the workspace, scanned at its real path.`);
          else skip(full, 'outside-workspace', 'a symlink to a folder outside the workspace, not followed');
          continue;
        }
        subdirs.push(full);
        continue;
      }
      if (excluded(rel) || (include.length && inSkippedDir(rel) && !included(rel))) continue;
      const kind = classify(entry.name, rel);
      if (kind === 'other') continue;
      const ignored = gitignore.ignores(full);
      // Ignored files only matter where being ignored is the point (.env) or a rule still needs them.
      if (ignored && kind !== 'env' && kind !== 'lockfile') continue;
      if (isLink && !isInside(realRoot, await realpathOrSelf(full))) {
        skip(full, 'outside-workspace', 'a symlink to a file outside the workspace, not followed');
        continue;
      }
      if (!isFile) {
        skip(
          full,
          'not-a-file',
          `not a regular file (${isLink ? 'a symlink to ' : ''}${target ? fileType(target) : 'not a file'})`,
        );
        continue;
      }
      if (!size) {
        try {
          size = (await fs.promises.stat(full)).size;
        } catch {
          continue; // deleted since it was listed
        }
      }
      const limit = readLimit(kind, opts.maxFileSize);
      if (size > limit) {
        skip(full, 'too-large', `${(size / MB).toFixed(1)} MB is over the ${(limit / MB).toFixed(1)} MB limit`);
        continue;
      }
      const file: WorkspaceFile = { path: full, rel, kind, ignored, size };
      if (gitignore.isUnknown(full)) file.ignoreUnknown = true;
      files.push(file);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return { files, gitignore, gitRoot, skipped: [...skipped.values()] };
}

async function realpathOrSelf(p: string): Promise<string> {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return p;
  }
}

function isInside(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}
