// The edit debouncer: a pause runs the analysis; continuous typing still runs it at least every maxWait.
import * as assert from 'assert';
import { ChangeDebouncer, type Timers } from '../../../server/src/lsp/debounce';

/** A clock the test moves by hand: timers fire in order as time passes. */
class FakeTimers implements Timers {
  t = 0;
  private next = 0;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.set(id, { at: this.t + ms, fn });
    return id;
  }
  clear(h: unknown): void {
    this.queue.delete(h as number);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.queue.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.queue.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

describe('ChangeDebouncer', () => {
  it('runs once after a pause of quietMs', () => {
    const clock = new FakeTimers();
    const runs: [string, number][] = [];
    const d = new ChangeDebouncer((k) => runs.push([k, clock.now()]), 150, 250, clock);
    d.schedule('a');
    clock.advance(100);
    d.schedule('a');
    clock.advance(149);
    assert.deepStrictEqual(runs, []);
    clock.advance(1);
    assert.deepStrictEqual(runs, [['a', 250]]);
    clock.advance(1000);
    assert.strictEqual(runs.length, 1);
  });

  it('while typing every 20 ms, runs every maxWaitMs, never later', () => {
    const clock = new FakeTimers();
    const runs: number[] = [];
    const d = new ChangeDebouncer(() => runs.push(clock.now()), 150, 250, clock);
    for (let i = 0; i < 100; i++) {
      d.schedule('a');
      clock.advance(20);
    }
    clock.advance(1000);
    // A run at most 250 ms after the first change it covers.
    assert.ok(runs.length >= 7, runs.join());
    let first = 0;
    for (const at of runs.slice(0, -1)) {
      assert.ok(at - first <= 250 + 20, `${at} - ${first}`);
      first = Math.ceil(at / 20) * 20;
    }
    // The last change (at 1980 ms) is covered by a run after it, no later than the quiet time.
    const last = runs.at(-1)!;
    assert.ok(last >= 1980 && last <= 1980 + 150, String(last));
  });

  it('keeps files apart, and cancel drops a pending run', () => {
    const clock = new FakeTimers();
    const runs: string[] = [];
    const d = new ChangeDebouncer((k) => runs.push(k), 150, 250, clock);
    d.schedule('a');
    d.schedule('b');
    d.cancel('a');
    clock.advance(200);
    assert.deepStrictEqual(runs, ['b']);
    d.schedule('c');
    d.cancelAll();
    clock.advance(500);
    assert.deepStrictEqual(runs, ['b']);
  });
});
