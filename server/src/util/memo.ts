// Memos the engine owns. Nothing derived from workspace text is cached in a module-level WeakMap or Map: a value
// computed once and shared lives in a Memo whose holder the engine drops or clears when an input changes.
//   - per file: `NodeIndex.memo`, made with the file's index and dropped with its tree after one analysis;
//   - per project: `Project.memo`, made with the project and cleared by the engine when the project's inputs change
//     (a source of it re-analysed, any source's facts changed, any project file changed); a rebuilt model brings
//     new projects, and so new memos.
// A value may depend only on what its holder stands for: the file's tree, or the project, its workspace, the facts of
// the workspace's sources and files read through the engine's reader. One exception, keyed by the text itself and so
// never stale: LineIndex.of keeps the last few texts' line indexes (util/text.ts).

/** A typed key: `const HANDLERS = memoKey<Handlers>('handlers')`. Compared by identity, the name is for debugging. */
export interface MemoKey<T> {
  readonly name: string;
  /** Type witness only. */
  readonly _type?: T;
}

export function memoKey<T>(name: string): MemoKey<T> {
  return { name };
}

/**
 * The paths read while a project rule (or a memo's computation) runs: the engine opens a set per rule run, and a
 * value a memo returns from its store adds the reads that computed it, so a rule that got a shared value still
 * depends on the files behind it (runtimeSites reads the shell scripts a start command runs).
 */
export class ReadLog {
  private readonly open: Set<string>[] = [];

  /** Runs `fn` and returns what it read (nested logs see their inner reads too). */
  record<T>(fn: () => T): { value: T; reads: Set<string> } {
    const reads = new Set<string>();
    this.open.push(reads);
    try {
      return { value: fn(), reads };
    } finally {
      this.open.pop();
    }
  }

  /** Called by the engine's reader for every path read. */
  add(p: string): void {
    for (const s of this.open) s.add(p);
  }

  addAll(paths: Iterable<string>): void {
    if (!this.open.length) return;
    for (const p of paths) this.add(p);
  }
}

export class Memo {
  private readonly values = new Map<MemoKey<unknown>, { value: unknown; reads?: Set<string> }>();

  /** `log`: the engine's read log, so reads behind a stored value are replayed to whoever gets it. */
  constructor(private readonly log?: ReadLog) {}

  get<T>(key: MemoKey<T>, compute: () => T): T {
    const hit = this.values.get(key);
    if (hit) {
      if (hit.reads) this.log?.addAll(hit.reads);
      return hit.value as T;
    }
    if (!this.log) {
      const value = compute();
      this.values.set(key, { value });
      return value;
    }
    // The reads also reach the sets open around this one (ReadLog.add adds to every open set).
    const { value, reads } = this.log.record(compute);
    this.values.set(key, { value, reads });
    return value;
  }

  clear(): void {
    this.values.clear();
  }
}

/** `holder.memo` when the engine gave it one (hand-built test projects have none: computed every time). */
export function memoized<T>(holder: { memo?: Memo }, key: MemoKey<T>, compute: () => T): T {
  return holder.memo ? holder.memo.get(key, compute) : compute();
}
