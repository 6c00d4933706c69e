// .gitignore semantics across nested directories, using the `ignore` package for pattern matching.
import ignore, { type Ignore } from 'ignore';
import * as path from 'path';

export class GitIgnore {
  /** Directory → matcher for the .gitignore in that directory. */
  private readonly matchers = new Map<string, Ignore>();

  constructor(private readonly top: string) {}

  /** Registers the .gitignore found in `dir` (its text). */
  add(dir: string, text: string): void {
    this.matchers.set(dir, ignore({ allowRelativePaths: true }).add(text));
  }

  clear(): void {
    this.matchers.clear();
  }

  /** Directories that have a .gitignore, nearest to `file` first. */
  gitignoreDirsFor(file: string): string[] {
    const dirs: string[] = [];
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (this.matchers.has(dir)) dirs.push(dir);
      if (dir === this.top || dir === path.dirname(dir) || !dir.startsWith(this.top)) break;
    }
    return dirs;
  }

  /**
   * Whether git would ignore `file`. Deeper .gitignore files win, as in git; a negation in a deeper file
   * re-includes what a shallower one excluded. A directory excluded by any ancestor stays excluded.
   */
  ignores(file: string, isDir = false): boolean {
    let verdict = false;
    const dirs = this.gitignoreDirsFor(file).reverse(); // shallowest first
    for (const dir of dirs) {
      let rel = path.relative(dir, file).split(path.sep).join('/');
      if (!rel || rel.startsWith('..')) continue;
      if (isDir) rel += '/';
      const r = this.matchers.get(dir)!.test(rel);
      if (r.ignored) verdict = true;
      else if (r.unignored) verdict = false;
    }
    return verdict;
  }
}
