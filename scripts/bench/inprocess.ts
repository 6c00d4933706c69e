// The bench's secondary, in-process measurements (the engine from source, through tsx, not the bundle):
// findings() per keystroke and the heap a scan retains. Run as its own process with --expose-gc:
// `node --expose-gc --import tsx scripts/bench/inprocess.ts ROOT TARGET_REL`; prints one JSON line.
// Edits go through the engine's overlay, as the server's open buffers do: nothing is written to disk.
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import { silentLogger } from '../../server/src/core/types';

async function main(): Promise<void> {
  const [root, rel] = process.argv.slice(2);
  const target = path.join(root, rel);
  const buffers = new Map<string, string>();
  const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger, overlay: (p) => buffers.get(p) });
  // Retained, not allocated: collect before each reading.
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const cold = await engine.scan();
  collect();
  const heapAfter = process.memoryUsage().heapUsed;
  // Rescan with every file unchanged: analyses come from the content-hash cache.
  const warm = await engine.scan();
  const original = fs.readFileSync(target, 'utf8');
  const findingsRuns: number[] = [];
  const updateRuns: number[] = [];
  // Each round is a real edit (alternating texts): an update with unchanged text does no work and keeps the cache.
  for (let i = 0; i < 21; i++) {
    buffers.set(target, i % 2 ? original : `// edit ${i}\n${original}`);
    const t0 = process.hrtime.bigint();
    await engine.update(target, 'changed');
    const t1 = process.hrtime.bigint();
    // The server's per-keystroke read: merge, settings, suppressions, redaction, fingerprints.
    engine.findings();
    findingsRuns.push(Number(process.hrtime.bigint() - t1) / 1e6);
    updateRuns.push(Number(t1 - t0) / 1e6);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  process.stdout.write(
    JSON.stringify({
      scanMs: cold.durationMs,
      rescanMs: warm.durationMs,
      updateMs: median(updateRuns),
      findingsMs: median(findingsRuns),
      retainedHeapMiB: (heapAfter - heapBefore) / 1024 / 1024,
      files: cold.files,
      sources: cold.sources,
      parsed: cold.parsed,
    }) + '\n',
  );
}

void main();
