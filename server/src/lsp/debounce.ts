// When to analyse a file again while the user types: after a quiet spell, but never later than a maximum wait after
// the first change not yet analysed, so continuous typing still gets diagnostics.

export interface Timers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  now: () => Date.now(),
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class ChangeDebouncer {
  private readonly pending = new Map<string, { handle: unknown; since: number }>();

  constructor(
    private readonly run: (key: string) => void,
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  /** A change to `key`: runs it after `quietMs` without another change, or `maxWaitMs` after the first one. */
  schedule(key: string): void {
    const prev = this.pending.get(key);
    if (prev) this.timers.clear(prev.handle);
    const since = prev?.since ?? this.timers.now();
    const wait = Math.max(0, Math.min(this.quietMs, since + this.maxWaitMs - this.timers.now()));
    const handle = this.timers.set(() => {
      this.pending.delete(key);
      this.run(key);
    }, wait);
    this.pending.set(key, { handle, since });
  }

  /** Drops a pending run (the caller analyses now). */
  cancel(key: string): void {
    const prev = this.pending.get(key);
    if (prev) this.timers.clear(prev.handle);
    this.pending.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
