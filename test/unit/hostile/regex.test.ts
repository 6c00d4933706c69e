// Defect 3 of issue 7: no regex on workspace text may backtrack super-linearly. Each detector and parser, and the
// whole engine on JSON, .env, package.json, YAML, Dockerfile and friends, runs on pathological inputs of n and 8n
// characters; the time may grow about 8-fold (linear), and must stay well below the 64-fold of quadratic code.
// Ratios, not wall-clock thresholds, so a slow CI box does not flake.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Engine } from '../../../server/src/engine/engine';
import { ALL_RULES } from '../../../server/src/rules';
import { DETECTOR_CASES, ENGINE_CASES, growth, writeFiles, type Growth } from './regexCases';
import { findProviderSecrets, isPlaceholder } from '../../../server/src/detect/secrets';

/** Linear code grows about 8-fold from n to 8n; quadratic 64-fold. */
const MAX_RATIO = 30;
const N = 16 * 1024;

/**
 * The growth, measured again (up to three times) while it is over the bound: noise from another process or a GC only
 * ever slows a run down, so a linear detector passes on some attempt while a quadratic one fails on every one.
 */
async function boundedGrowth<T>(
  prepare: (n: number) => T,
  run: (input: T) => unknown,
  withBase = false,
): Promise<Growth> {
  let g = await growth(prepare, run, N, 3, 8, withBase);
  for (let attempt = 1; attempt < 3 && g.ratio >= MAX_RATIO; attempt++)
    g = await growth(prepare, run, N, 3, 8, withBase);
  return g;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('hostile: regexes stay linear on pathological input', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const c of DETECTOR_CASES) {
    it(`${c.name}: time(8n)/time(n) < ${MAX_RATIO}`, async () => {
      const g = await boundedGrowth(c.make, c.run);
      assert.ok(
        g.ratio < MAX_RATIO,
        `grew ${g.ratio.toFixed(1)}-fold (${g.small.toFixed(2)} ms → ${g.large.toFixed(2)} ms)`,
      );
    });
  }

  for (const c of ENGINE_CASES) {
    it(`engine on a ${c.name}: time(8n)/time(n) < ${MAX_RATIO}`, async () => {
      const prepare = (n: number) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-regex-'));
        dirs.push(dir);
        writeFiles(dir, c.files(n));
        return dir;
      };
      const scan = async (root: string) => {
        const engine = new Engine({ root, rules: ALL_RULES, logger: quiet });
        await engine.scan();
        return engine.findings();
      };
      // Whole scans, fixed costs included: taking a tiny scan's time off both sides left a near-zero small time on a
      // loaded machine (0.9 ms against a usual 17) and a 90-fold "growth" of a linear case. With the fixed costs in,
      // linear code stays near 4-8x; quadratic work at 16 kB already outweighs them and still grows far past 30x.
      const g = await boundedGrowth(prepare, scan);
      assert.ok(
        g.ratio < MAX_RATIO,
        `grew ${g.ratio.toFixed(1)}-fold (${g.small.toFixed(1)} ms → ${g.large.toFixed(1)} ms)`,
      );
    });
  }

  it('findProviderSecrets, trying fewer starts, finds exactly what the plain regexes find (OpenAI keys, JWTs)', () => {
    // The regexes as they were, run from every offset; 3,000 seeded random strings of the pieces that matter.
    const plain: Record<string, RegExp> = {
      'OpenAI API key': /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b|\bsk-proj-[A-Za-z0-9_-]{40,}\b/g,
      'JSON Web Token': /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
    };
    const pieces = [
      'sk-',
      'sk-proj-',
      'proj-',
      'T3BlbkFJ',
      'eyJ',
      '.eyJ',
      'eyJhbGciOiJIUzI1NiJ9',
      '.',
      '-',
      '_',
      'a',
      'Q7',
      ' ',
      'Zk9x2Lm4Qw',
      'aB3dE6gH9jK2mN5pQ8sT',
    ];
    let seed = 7;
    const rand = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    for (let i = 0; i < 3000; i++) {
      let text = '';
      for (let k = 3 + rand(40); k > 0; k--) text += pieces[rand(pieces.length)];
      for (const [provider, re] of Object.entries(plain)) {
        const want = [...text.matchAll(re)].filter((m) => !isPlaceholder(m[0])).map((m) => `${m.index}:${m[0]}`);
        const got = findProviderSecrets(text)
          .filter((m) => m.provider === provider)
          .map((m) => `${m.start}:${m.value}`);
        assert.deepStrictEqual(got, want, JSON.stringify(text));
      }
    }
  });
});
