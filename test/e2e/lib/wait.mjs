// Polling with a deadline: the only way tests wait. No fixed sleeps, no retries.

/**
 * Calls `probe` until it returns a truthy value (which is returned) or the
 * deadline passes. Exceptions from `probe` count as "not yet" so that probes
 * can touch DOM that is still being built; the last one is reported on timeout.
 * An error with `fatal: true` ends the wait at once.
 */
export async function waitFor(probe, { timeout = 30_000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  let lastValue;
  for (;;) {
    try {
      lastValue = await probe();
      if (lastValue) return lastValue;
      lastError = undefined;
    } catch (err) {
      if (err?.fatal) throw err; // the probe knows waiting longer cannot help
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `; last error: ${lastError.message}` : `; last value: ${JSON.stringify(lastValue)}`;
      const label = typeof what === 'function' ? what() : what; // a function can describe the latest state
      throw new Error(`Timed out after ${timeout} ms waiting for ${label}${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
