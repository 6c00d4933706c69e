// Walks a workspace folder: honours .gitignore and excludes, survives symlink loops, and sorts files by kind.
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import type { Logger } from '../engine/types';
import type { FileKind, WorkspaceFile } from './types';
import { GitIgnore } from './gitignore';
import { isEnvFileName } from '../parsers/envFile';
import { isDockerfileName } from '../parsers/dockerfile';
import { LOCKFILE_NAMES } from '../parsers/lockfile';
import { isSourcePath } from '../engine/paths';
import { toPosix } from '../util/text';

/** Never useful to scan, whatever .gitignore says. */
export const DEFAULT_SKIP_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', '.yarn', '.pnpm-store', 'bower_components', 'jspm_packages', 'vendor',
  'dist', 'build', 'out', 'coverage', '.nyc_output', '.next', '.nuxt', '.output', '.svelte-kit', '.turbo', '.cache',
  '.vercel', '.netlify', '.serverless', '.parcel-cache', '.angular', '.expo', '.docusaurus', '.vscode-test',
]);

export interface DiscoverOptions {
  exclude: string[];
  /** Files above this size are skipped (and said so in the log). */
  maxFileSize: number;
  logger: Logger;
}

export interface Discovery {
  files: WorkspaceFile[];
  gitignore: GitIgnore;
  gitRoot?: string;
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
  if (isSourcePath(base)) return 'source';
  if (/\.(json|ya?ml)$/.test(base) && !/(^|\/)\.vscode\//.test(rel)) return 'data';
  if (base === 'schema.prisma' || base.endsWith('.prisma') || base === 'Aptfile') return 'data';
  return 'other';
}

export function findGitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      if (fs.existsSync(path.join(d, '.git'))) return d;
    } catch { /* unreadable: keep looking up */ }
    if (path.dirname(d) === d) return undefined;
  }
}

export async function discover(root: string, opts: DiscoverOptions): Promise<Discovery> {
  const gitRoot = findGitRoot(root);
  const top = gitRoot && root.startsWith(gitRoot) ? gitRoot : root;
  const gitignore = new GitIgnore(top);
  // .gitignore files above the workspace folder, up to the repository root, apply too.
  for (let d = path.dirname(root); top !== root && d.startsWith(top); d = path.dirname(d)) {
    loadGitignore(gitignore, d);
    if (d === top) break;
  }
  const excluded = opts.exclude.length ? picomatch(opts.exclude, { dot: true }) : () => false;
  const files: WorkspaceFile[] = [];
  const seenDirs = new Set<string>();
  const realRoot = await realpathOrSelf(root);
  let visited = 0;

  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await fs.promises.realpath(dir);
    } catch (e) {
      opts.logger.warn(`Skipped ${dir}: ${(e as Error).message}`);
      return;
    }
    if (seenDirs.has(real)) {
      opts.logger.info(`Skipped ${toPosix(path.relative(root, dir))}: already scanned through another path (symlink loop or alias).`);
      return;
    }
    seenDirs.add(real);
    loadGitignore(gitignore, dir);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      opts.logger.warn(`Skipped ${dir}: ${(e as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      // Yield now and then so the server keeps answering requests during a large scan.
      if (++visited % 500 === 0) await new Promise((r) => setImmediate(r));
      const full = path.join(dir, entry.name);
      const rel = toPosix(path.relative(root, full));
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let size = 0;
      if (entry.isSymbolicLink() || (!isDir && !isFile)) {
        try {
          const st = await fs.promises.stat(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
          size = st.size;
        } catch {
          continue; // dangling link
        }
        // A link to a folder inside the workspace would report its files twice, or under the link's path
        // instead of their own; the folder is scanned where it really is.
        if (isDir && entry.isSymbolicLink()) {
          // Inside the workspace the folder is scanned at its real path; outside it could be any tree (/, $HOME).
          const inside = isInside(realRoot, await realpathOrSelf(full));
          opts.logger.info(inside ? `Skipped ${rel}: a symlink to a folder inside the workspace, scanned at its real path.` : `Skipped ${rel}: a symlink to a folder outside the workspace, not followed.`);
          continue;
        }
      }
      if (isDir) {
        if (DEFAULT_SKIP_DIRS.has(entry.name) || excluded(rel) || excluded(rel + '/')) continue;
        if (gitignore.ignores(full, true)) continue;
        subdirs.push(full);
        continue;
      }
      if (!isFile || excluded(rel)) continue;
      const kind = classify(entry.name, rel);
      if (kind === 'other') continue;
      const ignored = gitignore.ignores(full);
      // Ignored files only matter where being ignored is the point (.env) or a rule still needs them.
      if (ignored && kind !== 'env' && kind !== 'lockfile') continue;
      if (!size) {
        try {
          size = (await fs.promises.stat(full)).size;
        } catch {
          continue;
        }
      }
      if (size > opts.maxFileSize) {
        opts.logger.info(`Skipped ${rel}: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${(opts.maxFileSize / 1024 / 1024).toFixed(1)} MB limit.`);
        continue;
      }
      files.push({ path: full, rel, kind, ignored, size });
    }
    for (const d of subdirs) await walk(d);
  };
  await walk(root);
  return { files, gitignore, gitRoot };
}

async function realpathOrSelf(p: string): Promise<string> {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return p;
  }
}

function isInside(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir + path.sep);
}

function loadGitignore(gi: GitIgnore, dir: string): void {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    gi.add(dir, text);
  } catch {
    /* no .gitignore here */
  }
}
