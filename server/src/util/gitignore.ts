// .gitignore semantics across nested folders. The `ignore` package compiles and matches the patterns; in front of
// it, an index answers the literal patterns (names, paths, `*.log`, `build-*`) that make up most of a large
// .gitignore and sends a path only to the globs that could match it, asking about as few segments as they can
// look at, so a path costs a few lookups instead of one regex test per pattern over its whole length. Folder
// verdicts are cached, so a deep tree costs no walk up to the root for every file.
import ignore, { type Ignore } from 'ignore';
import * as path from 'path';

type Verdict = 'ignored' | 'unignored' | undefined;

/**
 * The last rule (by line) an index key stands for, for files (rules without a trailing `/`) and for folders:
 * line * 2, plus 1 for a negation, so the larger is the later; -1 for none.
 */
interface Last {
  file: number;
  dir: number;
}

const GLOB_CHAR = /[*?[]/;
// A rule git and `ignore` read as written: printable ASCII (case folding is then the same), no space or escape.
const PLAIN = /^[\x21-\x5b\x5d-\x7e]+$/;

/** A path under a .gitignore's folder, as its rules see it. */
class Query {
  private relText: string | undefined;
  /**
   * @param from where the path relative to the .gitignore's folder starts in `p`
   * @param n its number of segments
   * @param name its last segment, lower-cased
   */
  constructor(
    readonly p: string,
    readonly from: number,
    readonly n: number,
    readonly name: string,
    readonly isDir: boolean,
  ) {}

  rel(): string {
    return (this.relText ??= toSlash(this.p.slice(this.from)));
  }

  /** The last `k` segments. */
  tail(k: number): string {
    let i = this.p.length;
    for (let j = 0; j < k; j++) i = this.p.lastIndexOf(path.sep, i - 1);
    return toSlash(this.p.slice(Math.max(i + 1, this.from)));
  }

  /** What `ignore` is asked for a rule of this shape, or undefined when no such rule can match. */
  asked(shape: Shape): string | undefined {
    let s: string | undefined;
    if (shape.kind === 'name') s = this.name;
    else if (shape.kind === 'exact') s = this.n === shape.k ? this.rel() : undefined;
    else if (shape.kind === 'suffix') s = this.n >= shape.k ? this.tail(shape.k) : undefined;
    else s = this.rel();
    return s !== undefined && this.isDir ? s + '/' : s;
  }
}

/**
 * What part of a path a glob rule looks at, so that what `ignore` is asked stays short on a deep path (its test
 * also walks every parent of what it is asked): a rule without a slash, the name; without `**`, paths of exactly
 * its k segments; `**` then k segments, the last k; other uses of `**`, the whole path.
 */
type Shape = { kind: 'exact' | 'suffix'; k: number } | { kind: 'name' } | { kind: 'any' };

interface GlobRule {
  line: number;
  text: string;
  alone?: Ignore;
}

const compile = (rules: string[]) => ignore({ allowRelativePaths: true }).add(rules);

/** Glob rules of one .gitignore that a path reaches the same way, one `ignore` set per shape. */
class GlobSet {
  private readonly shapes = new Map<string, { shape: Shape; rules: GlobRule[]; ig?: Ignore }>();

  add(line: number, text: string, shape: Shape): void {
    const key = shape.kind === 'exact' || shape.kind === 'suffix' ? `${shape.kind}${shape.k}` : shape.kind;
    let s = this.shapes.get(key);
    if (!s) this.shapes.set(key, (s = { shape, rules: [] }));
    s.rules.push({ line, text });
  }

  /**
   * The verdict of the last matching rule; with `withLine`, also that rule's line (-1 when none matched).
   * `inherited`: a rule that looks at the whole path matched its folder, so `ignore` answered for the folder.
   */
  test(q: Query, withLine: boolean): { verdict: Verdict; line: number; inherited?: boolean } {
    let verdict: Verdict;
    let disagree = false;
    for (const s of this.shapes.values()) {
      const asked = q.asked(s.shape);
      if (asked === undefined) continue;
      s.ig ??= compile(s.rules.map((r) => r.text));
      const v = verdictOf(s.ig.test(asked));
      if (v === 'ignored' && s.shape.kind === 'any') {
        const slash = asked.lastIndexOf('/', asked.length - 2);
        if (slash > 0 && s.ig.test(asked.slice(0, slash + 1)).ignored) return { verdict, line: -1, inherited: true };
      }
      if (v && verdict && v !== verdict) disagree = true;
      verdict ??= v;
    }
    if (!verdict || (!disagree && !withLine)) return { verdict, line: -1 };
    // Which rule decides: rule by rule from the end of each shape, down to the latest match found so far.
    let line = -1;
    for (const s of this.shapes.values()) {
      const asked = q.asked(s.shape);
      if (asked === undefined) continue;
      for (let i = s.rules.length - 1; i >= 0 && s.rules[i].line > line; i--) {
        const r = s.rules[i];
        const v = verdictOf((r.alone ??= compile([r.text])).test(asked));
        if (v) {
          line = r.line;
          verdict = v;
          break;
        }
      }
    }
    return { verdict, line };
  }
}

/**
 * One .gitignore file: the verdict of its last matching rule for a path relative to its folder.
 *
 * Literal rules (`.env`, `/dist`, `docs/api`, `*.log`, `build-*`) are looked up by name. The other rules are
 * matched by `ignore`, split by what a path needs for them to match (its last segment, a name their last segment
 * matches, its first segment), so a path is only tested against rules that could match it. When rules that match
 * disagree, the one on the latest line decides, as in git.
 */
export class IgnoreFile {
  private readonly names = new Map<string, Last>();
  private readonly suffixes = new Map<string, Last>();
  private readonly prefixes = new Map<string, Last>();
  private readonly suffixLengths: number[];
  private readonly prefixLengths: number[];
  /** Anchored literal paths, by their number of segments. */
  private readonly paths = new Map<number, Map<string, Last>>();
  /** Globs without a slash: matched against the name alone, as git does. */
  private readonly nameGlobs = new GlobSet();
  /**
   * Globs with a slash: by their literal last segment; else, when their last segment is a glob other than `*` and
   * `**`, for names that segment matches; else by their literal first segment; else for every path.
   */
  private readonly byLast = new Map<string, GlobSet>();
  private readonly byNameGlob: { names: Ignore; rules: GlobSet } | undefined;
  private readonly byFirst = new Map<string, GlobSet>();
  private readonly wild = new GlobSet();
  /** Every rule, for a path under a folder that a rule ignored and a later one re-included (see GlobSet.test). */
  private all: Ignore | undefined;

  constructor(private readonly text: string) {
    const lastGlobs: string[] = [];
    const byNameGlob = new GlobSet();
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line.trim() || line.startsWith('#')) continue;
      const neg = line.startsWith('!');
      let body = neg ? line.slice(1) : line;
      if (!PLAIN.test(body) || body.startsWith('#')) {
        this.wild.add(i, line, { kind: 'any' });
        continue;
      }
      const dirOnly = body.endsWith('/');
      if (dirOnly) body = body.slice(0, -1);
      const lead = body.startsWith('/');
      if (lead) body = body.slice(1);
      const segs = body.split('/');
      if (!body || segs.some((x) => x === '' || x === '.' || x === '..')) {
        this.wild.add(i, line, { kind: 'any' });
        continue;
      }
      // `**/x` is `x`: that name in any folder.
      let k = 0;
      while (!lead && segs[k] === '**' && k < segs.length - 1) k++;
      const literal = (x: string) => !GLOB_CHAR.test(x);
      const last = segs[segs.length - 1];
      if (!lead && segs.length - k === 1) {
        const name = segs[k];
        const affix = /^\*([^*?[]+)$|^([^*?[]+)\*$/.exec(name);
        if (literal(name)) note(this.names, name.toLowerCase(), i, neg, dirOnly);
        else if (affix?.[1]) note(this.suffixes, affix[1].toLowerCase(), i, neg, dirOnly);
        else if (affix?.[2]) note(this.prefixes, affix[2].toLowerCase(), i, neg, dirOnly);
        else this.nameGlobs.add(i, line, { kind: 'name' });
        continue;
      }
      if (segs.every(literal)) {
        let m = this.paths.get(segs.length);
        if (!m) this.paths.set(segs.length, (m = new Map()));
        note(m, body.toLowerCase(), i, neg, dirOnly);
        continue;
      }
      const stars = segs.filter((x) => x === '**').length;
      const shape: Shape = !stars
        ? { kind: 'exact', k: segs.length }
        : stars === 1 && segs[0] === '**'
          ? { kind: 'suffix', k: segs.length - 1 }
          : { kind: 'any' };
      if (literal(last)) {
        setFor(this.byLast, last.toLowerCase()).add(i, line, shape);
      } else if (last !== '*' && last !== '**') {
        lastGlobs.push(last);
        byNameGlob.add(i, line, shape);
      } else if (literal(segs[0]) && segs[0] !== '**') {
        setFor(this.byFirst, segs[0].toLowerCase()).add(i, line, shape);
      } else {
        this.wild.add(i, line, shape);
      }
    }
    this.byNameGlob = lastGlobs.length ? { names: compile(lastGlobs), rules: byNameGlob } : undefined;
    this.suffixLengths = [...new Set([...this.suffixes.keys()].map((x) => x.length))];
    this.prefixLengths = [...new Set([...this.prefixes.keys()].map((x) => x.length))];
  }

  /** The verdict of the last rule matching a path itself (parents are the caller's business). */
  test(q: Query): Verdict {
    // Plain loops and no closures: this runs for every path and every .gitignore above it.
    const name = q.name;
    const isDir = q.isDir;
    let best = -1;
    let l = this.names.get(name);
    if (l) best = Math.max(best, isDir ? l.dir : l.file);
    for (const n of this.suffixLengths) {
      if (n <= name.length && (l = this.suffixes.get(name.slice(name.length - n))))
        best = Math.max(best, isDir ? l.dir : l.file);
    }
    for (const n of this.prefixLengths) {
      if (n <= name.length && (l = this.prefixes.get(name.slice(0, n)))) best = Math.max(best, isDir ? l.dir : l.file);
    }
    const byPath = this.paths.get(q.n);
    if (byPath && (l = byPath.get(q.rel().toLowerCase()))) best = Math.max(best, isDir ? l.dir : l.file);
    const indexed: Verdict = best < 0 ? undefined : best & 1 ? 'unignored' : 'ignored';
    const sets = [this.nameGlobs, this.byLast.get(name), this.wild];
    if (this.byFirst.size) {
      const cut = q.p.indexOf(path.sep, q.from);
      sets.push(this.byFirst.get(cut < 0 ? name : q.p.slice(q.from, cut).toLowerCase()));
    }
    if (this.byNameGlob?.names.test(name).ignored) sets.push(this.byNameGlob.rules);
    let verdict = indexed;
    let disagree = false;
    for (const set of sets) {
      const r = set?.test(q, false);
      if (r?.inherited) {
        // The whole file in order: `ignore` then knows the folder was re-included.
        this.all ??= ignore({ allowRelativePaths: true }).add(this.text);
        return verdictOf(this.all.test(q.isDir ? q.rel() + '/' : q.rel()));
      }
      const v = r?.verdict;
      if (v && verdict && v !== verdict) disagree = true;
      verdict ??= v;
    }
    if (!disagree) return verdict;
    // Rules that match disagree: the latest line decides.
    let line = best < 0 ? -1 : best >> 1;
    verdict = indexed;
    for (const set of sets) {
      const r = set?.test(q, true);
      if (r && r.line > line) ({ line, verdict } = r);
    }
    return verdict;
  }
}

function setFor(map: Map<string, GlobSet>, key: string): GlobSet {
  let set = map.get(key);
  if (!set) map.set(key, (set = new GlobSet()));
  return set;
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

/** The .gitignore files that apply in a folder, deepest first, with the number of segments of their folder. */
interface Chain {
  dir: string;
  depth: number;
  file: IgnoreFile;
  next: Chain | undefined;
}

interface DirState {
  chain: Chain | undefined;
  /** The folder is ignored (so is everything under it: git can't re-include a file of an ignored folder). */
  excluded: boolean;
  /** A .gitignore of this folder or above could not be read: whether its files are ignored is unknown. */
  unknown: boolean;
  /** Its number of segments. */
  depth: number;
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
    return st.excluded || this.own(file, isDir, st) === 'ignored';
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
    for (let d = dir; !st;) {
      if (d === this.top || !this.isUnderTop(d)) {
        const depth = segments(d);
        st = { chain: this.link(d, depth, undefined), excluded: false, unknown: this.unreadable.has(d), depth };
        this.dirs.set(d, st);
        break;
      }
      pending.push(d);
      d = path.dirname(d);
      st = this.dirs.get(d);
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const d = pending[i];
      const excluded: boolean = st.excluded || this.own(d, true, st) === 'ignored';
      const depth: number = st.depth + 1;
      st = { chain: this.link(d, depth, st.chain), excluded, unknown: st.unknown || this.unreadable.has(d), depth };
      this.dirs.set(d, st);
    }
    return st;
  }

  private link(dir: string, depth: number, next: Chain | undefined): Chain | undefined {
    const file = this.files.get(dir);
    return file ? { dir, depth, file, next } : next;
  }

  /** The verdict of the deepest .gitignore with a rule for `p` itself, given its folder's state. */
  private own(p: string, isDir: boolean, parent: DirState): Verdict {
    if (!parent.chain) return undefined;
    const name = p.slice(p.lastIndexOf(path.sep) + 1).toLowerCase();
    const depth = parent.depth + 1;
    for (let c: Chain | undefined = parent.chain; c; c = c.next) {
      const from = c.dir.endsWith(path.sep) ? c.dir.length : c.dir.length + 1;
      const v = c.file.test(new Query(p, from, depth - c.depth, name, isDir));
      if (v) return v;
    }
    return undefined;
  }
}

/** Number of segments of an absolute path: `/` has none, `/w/a` two. */
function segments(p: string): number {
  return p.split(path.sep).filter(Boolean).length;
}

function toSlash(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
