// `npm run bench` still runs: the smallest generated size, one run, short edit series, the parse-only baseline (the
// others are installed from the registry on first use, so they stay out of the test). Checks the JSON's shape, never
// a timing.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { makeTempDir } from '../helpers/tempDirs';

const REPO = path.join(__dirname, '..', '..');

interface Stat {
  unit: string;
  values: number[];
  min: number;
  median: number;
  max: number;
}

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/bench.ts', ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench', function () {
  // A whole CLI, server and in-process session on a 120-file corpus: about 25 s on a busy 2-core machine.
  this.timeout(180000);

  it('measures the bundle, the server and parse-only on a tiny corpus, and prints the JSON report', async () => {
    const cache = makeTempDir('tf-bench-test-');
    const r = await runBench([
      '--sizes',
      'XS',
      '--runs',
      '1',
      '--json',
      '--quick',
      '--baselines',
      'parse',
      '--cache-dir',
      cache,
    ]);
    assert.strictEqual(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.strictEqual(report.runs, 1);
    assert.match(report.machine.node, /^\d+\.\d+\.\d+$/);
    assert.ok(report.machine.nproc >= 1);
    assert.match(report.rssMethod, /time|VmHWM/);
    assert.strictEqual(report.sizes.length, 1);
    const xs = report.sizes[0];
    assert.strictEqual(xs.size, 'XS');
    assert.deepStrictEqual(xs.errors, []);
    assert.ok(xs.corpus.files >= 100, 'a generated corpus');
    assert.ok(xs.ours.findings > 0 && xs.ours.parsed > 0, 'the scan found the sprinkled violations');
    for (const key of [
      'cli.cold.ms',
      'cli.cold.rssMiB',
      'cli.warm.ms',
      'lsp.firstDiagnostics.ms',
      'lsp.spaced.p50',
      'lsp.spaced.p95',
      'lsp.typingLag.ms',
      'lsp.facts.p95',
      'lsp.rssMiB',
      'parse.ms',
      'parse.rssMiB',
      'inprocess.findingsMs',
    ]) {
      const s: Stat = xs.measures[key];
      assert.ok(s, `${key} measured`);
      assert.strictEqual(s.values.length, 1, key);
      assert.ok(s.min <= s.median && s.median <= s.max && s.min >= 0, key);
    }
    for (const key of ['cold / parse-only', 'warm / cold', 'cold RSS / parse-only RSS'])
      assert.ok(xs.ratios[key]?.median > 0, `${key} ratio`);
  });

  it('refuses an unknown size with exit 2', async () => {
    const r = await runBench(['--sizes', 'XXL']);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /unknown size XXL/);
  });
});
