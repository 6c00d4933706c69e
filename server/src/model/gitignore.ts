// .gitignore semantics across nested folders. The `ignore` package compiles and matches the patterns; in front of
// it, an index answers the literal patterns (names, paths, `*.log`, `build-*`) that make up most of a large
// .gitignore and sends a path only to the globs that could match it, so a path costs a few lookups instead of one
// regex test per pattern. Folder verdicts are cached, so a deep tree costs no walk up to the root for every file.
import ignore, { type Ignore } from 'ignore';
import * as path from 'path';

type Verdict = 'ignored' | 'unignored' | undefined;

/**
 * The last rule (by line) an index key stands for, for files (rules without a trailing `/`) and for folders:
 * line * 2, plus 1 for a negation, so the larger is the later; -1 for none.
 */
interface Last { file: number; dir: number }

const GLOB_CHAR = /[*?[]/;
// A rule git and `ignore` read as written: printable ASCII (case folding is then the same), no space or escape.
const PLAIN = /^[\x21-\x5b\x5d-\x7e]+$/;

/**
 * One .gitignore file: the verdict of its last matching rule for a path relative to its folder.
 *
 * Literal rules (`.env`, `/dist`, `docs/api`, `*.log`, `build-*`) are looked up by name. The other rules are
 * matched by `ignore`, split by what a path must have for them to match (its name, or its first or last segment
 * relative to this folder), so a path is only tested against rules that could match it. Where two rules that match
 * a path disagree and their order is not known, `ignore` decides with every rule, in order.
 */
export class IgnoreFile {
  private readonly names = new Map<string, Last>();
  private readonly suffixes = new Map<string, Last>();
  private readonly prefixes = new Map<string, Last>();
  private readonly suffixLengths: number[];
  private readonly prefixLengths: number[];
  /** Anchored literal paths, by their first segment. */
  private readonly paths = new Map<string, Map<string, Last>>();
  /** Globs without a slash: matched against the name alone, as git does. */
  private readonly nameGlobs: Ignore | undefined;
  /** Globs with a slash, by their literal first segment, else by their literal last segment, else the rest. */
  private readonly byFirst = new Map<string, Ignore>();
  private readonly byLast = new Map<string, Ignore>();
  private readonly wild: Ignore | undefined;
  private all: Ignore | undefined;

  constructor(private readonly text: string) {
    const nameGlobs: string[] = [];
    const byFirst = new Map<string, string[]>();
    const byLast = new Map<string, string[]>();
    const wild: string[] = [];
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line.trim() || line.startsWith('#')) continue;
      const neg = line.startsWith('!');
      let body = neg ? line.slice(1) : line;
      if (!PLAIN.test(body) || body.startsWith('#')) {
        wild.push(line);
        continue;
      }
      const dirOnly = body.endsWith('/');
      if (dirOnly) body = body.slice(0, -1);
      const lead = body.startsWith('/');
      if (lead) body = body.slice(1);
      const segs = body.split('/');
      if (!body || segs.some((x) => x === '' || x === '.' || x === '..')) {
        wild.push(line);
        continue;
      }
      // `**/x` is `x`: that name in any folder.
      let k = 0;
      while (!lead && segs[k] === '**' && k < segs.length - 1) k++;
      const literal = (x: string) => !GLOB_CHAR.test(x);
      if (!lead && segs.length - k === 1) {
        const name = segs[k];
        const affix = /^\*([^*?[]+)$|^([^*?[]+)\*$/.exec(name);
        if (literal(name)) note(this.names, name.toLowerCase(), i, neg, dirOnly);
        else if (affix?.[1]) note(this.suffixes, affix[1].toLowerCase(), i, neg, dirOnly);
        else if (affix?.[2]) note(this.prefixes, affix[2].toLowerCase(), i, neg, dirOnly);
        else nameGlobs.push(line);
      } else if (segs.every(literal)) {
        const first = segs[0].toLowerCase();
        let m = this.paths.get(first);
        if (!m) this.paths.set(first, (m = new Map()));
        note(m, body.toLowerCase(), i, neg, dirOnly);
      } else if (literal(segs[0]) && segs[0] !== '**') {
        push(byFirst, segs[0].toLowerCase(), line);
      } else if (literal(segs[segs.length - 1])) {
        push(byLast, segs[segs.length - 1].toLowerCase(), line);
      } else {
        wild.push(line);
      }
    }
    const compile = (rules: string[]) => ignore({ allowRelativePaths: true }).add(rules);
    this.nameGlobs = nameGlobs.length ? compile(nameGlobs) : undefined;
    for (const [key, rules] of byFirst) this.byFirst.set(key, compile(rules));
    for (const [key, rules] of byLast) this.byLast.set(key, compile(rules));
    this.wild = wild.length ? compile(wild) : undefined;
    this.suffixLengths = [...new Set([...this.suffixes.keys()].map((x) => x.length))];
    this.prefixLengths = [...new Set([...this.prefixes.keys()].map((x) => x.length))];
  }

  /**
   * The verdict of the last rule matching a path itself (parents are the caller's business): `name` is its last
   * segment, lower-cased; `p.slice(from)` its path relative to this file's folder.
   */
  test(name: string, p: string, from: number, isDir: boolean): Verdict {
    // Plain loops and no closures: this runs for every path and every .gitignore above it.
    let best = -1;
    let l = this.names.get(name);
    if (l) best = Math.max(best, isDir ? l.dir : l.file);
    for (const n of this.suffixLengths) {
      if (n <= name.length && (l = this.suffixes.get(name.slice(name.length - n)))) best = Math.max(best, isDir ? l.dir : l.file);
    }
    for (const n of this.prefixLengths) {
      if (n <= name.length && (l = this.prefixes.get(name.slice(0, n)))) best = Math.max(best, isDir ? l.dir : l.file);
    }
    const cut = p.indexOf(path.sep, from);
    const first = cut < 0 ? name : p.slice(from, cut).toLowerCase();
    let rel: string | undefined;
    const byPath = this.paths.size ? this.paths.get(first) : undefined;
    if (byPath && (l = byPath.get((rel = toSlash(p.slice(from))).toLowerCase()))) best = Math.max(best, isDir ? l.dir : l.file);
    let verdict: Verdict = best < 0 ? undefined : best & 1 ? 'unignored' : 'ignored';
    let unsure = false;
    if (this.nameGlobs) {
      const v = verdictOf(this.nameGlobs.test(isDir ? name + '/' : name));
      if (v && verdict && v !== verdict) unsure = true;
      verdict ??= v;
    }
    const groups = [this.byFirst.get(first), this.byLast.get(name), this.wild];
    for (const g of groups) {
      if (!g) continue;
      rel ??= toSlash(p.slice(from));
      const v = verdictOf(g.test(isDir ? rel + '/' : rel));
      if (!v) continue;
      // `ignore` also answers "ignored" for a path under a folder its rules ignore. The caller knows that folder is
      // not ignored (a deeper rule re-included it), so that answer may not be about this path.
      const slash = rel.lastIndexOf('/');
      if ((verdict && v !== verdict) || (v === 'ignored' && slash > 0 && g.test(rel.slice(0, slash + 1)).ignored)) unsure = true;
      verdict ??= v;
    }
    if (!unsure) return verdict;
    rel ??= toSlash(p.slice(from));
    this.all ??= ignore({ allowRelativePaths: true }).add(this.text);
    return verdictOf(this.all.test(isDir ? rel + '/' : rel));
  }
}

function push(map: Map<string, string[]>, key: string, line: string): void {
  const list = map.get(key);
  if (list) list.push(line);
  else map.set(key, [line]);
}

function verdictOf(r: { ignored: boolean; unignored: boolean }): Verdict {
  return r.ignored ? 'ignored' : r.unignored ? 'unignored' : undefined;
}

function note(map: Map<string, Last>, key: string, line: number, neg: boolean, dirOnly: boolean): void {
  let l = map.get(key);
  if (!l) map.set(key, (l = { file: -1, dir: -1 }));
  // Later lines win; a rule ending in `/` matches folders only.
  l.dir = line * 2 + (neg ? 1 : 0);
  if (!dirOnly) l.file = l.dir;
}

/** The .gitignore files that apply in a folder, deepest first. */
interface Chain { dir: string; file: IgnoreFile; next: Chain | undefined }

interface DirState {
  chain: Chain | undefined;
  /** The folder is ignored (so is everything under it: git can't re-include a file of an ignored folder). */
  excluded: boolean;
  /** A .gitignore of this folder or above could not be read: whether its files are ignored is unknown. */
  unknown: boolean;
}

export class GitIgnore {
  private readonly files = new Map<string, IgnoreFile>();
  private readonly unreadable = new Set<string>();
  private readonly dirs = new Map<string, DirState>();

  constructor(private readonly top: string) {}

  /** Registers the .gitignore found in `dir` (its text). Call it before asking about anything under `dir`. */
  add(dir: string, text: string): void {
    this.files.set(dir, new IgnoreFile(text));
    this.dirs.delete(dir);
  }

  /** `dir` has a .gitignore that could not be read. Call it before asking about anything under `dir`. */
  markUnknown(dir: string): void {
    this.unreadable.add(dir);
    this.dirs.delete(dir);
  }

  clear(): void {
    this.files.clear();
    this.unreadable.clear();
    this.dirs.clear();
  }

  /**
   * Whether git would ignore `file`. Deeper .gitignore files win, as in git; a negation in a deeper file
   * re-includes what a shallower one excluded. Everything under an ignored folder stays ignored.
   */
  ignores(file: string, isDir = false): boolean {
    if (!this.isUnderTop(file)) return false;
    const st = this.state(path.dirname(file));
    return st.excluded || this.own(file, isDir, st.chain) === 'ignored';
  }

  /** Whether a .gitignore that applies to `file` could not be read, so `ignores(file)` may be wrong. */
  isUnknown(file: string): boolean {
    return this.isUnderTop(file) && this.state(path.dirname(file)).unknown;
  }

  private isUnderTop(p: string): boolean {
    return p.startsWith(this.top.endsWith(path.sep) ? this.top : this.top + path.sep);
  }

  /** A folder's state, from its nearest known ancestor's: each folder is worked out once. */
  private state(dir: string): DirState {
    const pending: string[] = [];
    let st = this.dirs.get(dir);
    for (let d = dir; !st; ) {
      if (d === this.top || !this.isUnderTop(d)) {
        st = { chain: this.link(d, undefined), excluded: false, unknown: this.unreadable.has(d) };
        this.dirs.set(d, st);
        break;
      }
      pending.push(d);
      d = path.dirname(d);
      st = this.dirs.get(d);
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const d = pending[i];
      const excluded: boolean = st.excluded || this.own(d, true, st.chain) === 'ignored';
      st = { chain: this.link(d, st.chain), excluded, unknown: st.unknown || this.unreadable.has(d) };
      this.dirs.set(d, st);
    }
    return st;
  }

  private link(dir: string, next: Chain | undefined): Chain | undefined {
    const file = this.files.get(dir);
    return file ? { dir, file, next } : next;
  }

  /** The verdict of the deepest .gitignore with a rule for `p` itself. */
  private own(p: string, isDir: boolean, chain: Chain | undefined): Verdict {
    if (!chain) return undefined;
    const name = p.slice(p.lastIndexOf(path.sep) + 1).toLowerCase();
    for (let c: Chain | undefined = chain; c; c = c.next) {
      const v = c.file.test(name, p, c.dir.endsWith(path.sep) ? c.dir.length : c.dir.length + 1, isDir);
      if (v) return v;
    }
    return undefined;
  }
}

function toSlash(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
