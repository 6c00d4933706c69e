// `npm run bench`: scans a generated 7,400-file TypeScript monorepo (about the size of the real one the
// foundation issue measured) and compares against bench/baseline.json. Timings, not assertions: CI runs tests,
// people run this before and after a change to the engine.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Engine } from '../server/src/engine/engine';
import { ALL_RULES } from '../server/src/rules';
import { silentLogger } from '../server/src/core/types';

// Outside the repository, so the repository's own .gitignore does not apply to it.
const ROOT = path.join(os.tmpdir(), 'twelve-factor-bench', 'monorepo');
const BASELINE = path.join(__dirname, '..', 'bench', 'baseline.json');
const PACKAGES = 37;
const FILES_PER_PACKAGE = 200;

/** Deterministic PRNG so every run scans the same tree. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function moduleText(r: () => number, pkg: number, i: number): string {
  const lines: string[] = [];
  lines.push(
    `import { z } from 'zod';`,
    `import type { Request, Response } from 'express';`,
    `import { helper${i % 7} } from './util/helper${i % 7}';`,
    `import { logger } from '@acme/logger';`,
    '',
  );
  const fns = 6 + Math.floor(r() * 6);
  for (let f = 0; f < fns; f++) {
    lines.push(
      `export interface Input${f} { id: string; amount: number; tags: string[]; createdAt: Date }`,
      `const schema${f} = z.object({ id: z.string(), amount: z.number().int().positive(), tags: z.array(z.string()) });`,
      `export async function handle${f}(req: Request, res: Response): Promise<void> {`,
      `  const parsed = schema${f}.safeParse(req.body);`,
      `  if (!parsed.success) { res.status(400).json({ error: parsed.error.flatten() }); return; }`,
      `  const total = parsed.data.tags.reduce((sum, tag) => sum + tag.length * ${f + 1}, parsed.data.amount);`,
      `  logger.info({ total, pkg: ${pkg}, file: ${i} }, 'handled request ${f}');`,
      `  res.json({ ok: true, total, value: helper${i % 7}(total) });`,
      `}`,
      '',
    );
  }
  // A sprinkling of real findings, as a real codebase has.
  if (i % 97 === 0) lines.push(`const apiToken = 'Zx${pkg}q8N3vZ2kLp0xR7tY4wB9eD5s${i}';`);
  if (i % 151 === 0) lines.push(`export const db = 'postgres://app:pw${i}@db.internal:5432/app';`);
  return lines.join('\n') + '\n';
}

function generate(): void {
  if (fs.existsSync(path.join(ROOT, '.complete'))) return;
  fs.rmSync(ROOT, { recursive: true, force: true });
  const r = rng(42);
  fs.mkdirSync(ROOT, { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, 'package.json'),
    JSON.stringify(
      { name: 'monorepo', private: true, workspaces: ['packages/*'], devDependencies: { typescript: '^5.4.0' } },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(ROOT, '.gitignore'), 'node_modules/\ndist/\n');
  for (let p = 0; p < PACKAGES; p++) {
    const dir = path.join(ROOT, 'packages', `pkg-${p}`);
    fs.mkdirSync(path.join(dir, 'src', 'util'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify(
        {
          name: `@acme/pkg-${p}`,
          version: '1.0.0',
          dependencies: { zod: '^3.23.0', express: '^4.19.0', '@acme/logger': '*' },
        },
        null,
        2,
      ),
    );
    for (let h = 0; h < 7; h++)
      fs.writeFileSync(
        path.join(dir, 'src', 'util', `helper${h}.ts`),
        `export function helper${h}(n: number): number {\n  return n * ${h + 1};\n}\n`,
      );
    for (let i = 0; i < FILES_PER_PACKAGE - 7; i++)
      fs.writeFileSync(path.join(dir, 'src', `module${i}.ts`), moduleText(r, p, i));
  }
  fs.writeFileSync(path.join(ROOT, '.complete'), '');
}

async function main(): Promise<void> {
  const t0 = Date.now();
  generate();
  const genMs = Date.now() - t0;
  const engine = new Engine({ root: ROOT, rules: ALL_RULES, logger: silentLogger });
  // Retained, not allocated: collect before each reading (`npm run bench` runs node with --expose-gc).
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const cold = await engine.scan();
  collect();
  const heapAfter = process.memoryUsage().heapUsed;
  const findings = engine.findings().length;
  // Warm rescan: every file unchanged, so analyses come from the content-hash cache.
  const warm = await engine.scan();
  // One edited file, as on a keystroke in the editor.
  const target = path.join(ROOT, 'packages', 'pkg-3', 'src', 'module10.ts');
  const t1 = process.hrtime.bigint();
  await engine.update(target, 'changed');
  const updateMs = Number(process.hrtime.bigint() - t1) / 1e6;
  // A real edit: a line added at the top shifts every position in the file's facts.
  const original = fs.readFileSync(target, 'utf8');
  fs.writeFileSync(target, `// edited\n${original}`);
  const t2 = process.hrtime.bigint();
  await engine.update(target, 'changed');
  const editMs = Number(process.hrtime.bigint() - t2) / 1e6;
  fs.writeFileSync(target, original);
  await engine.update(target, 'changed');
  // findings() after an update (the server's per-keystroke read): merge, settings, suppressions, redaction, fingerprints.
  const findingsRuns: number[] = [];
  // Each round is a real edit (alternating texts): an update with unchanged text does no work and keeps the cache.
  for (let i = 0; i < 21; i++) {
    fs.writeFileSync(target, i % 2 ? original : `// edit ${i}\n${original}`);
    await engine.update(target, 'changed');
    const t3 = process.hrtime.bigint();
    engine.findings();
    findingsRuns.push(Number(process.hrtime.bigint() - t3) / 1e6);
  }
  fs.writeFileSync(target, original);
  await engine.update(target, 'changed');
  const findingsMs = findingsRuns.sort((a, b) => a - b)[10];
  let bytes = 0;
  for (const f of engine.workspace!.files.values()) bytes += f.size;
  const result = {
    files: cold.files,
    megabytes: +(bytes / 1024 / 1024).toFixed(1),
    parsed: cold.parsed,
    findings,
    coldScanMs: cold.durationMs,
    warmScanMs: warm.durationMs,
    singleFileUpdateMs: +updateMs.toFixed(1),
    editedFileUpdateMs: +editMs.toFixed(1),
    findingsMs: +findingsMs.toFixed(2),
    retainedHeapMB: +((heapAfter - heapBefore) / 1024 / 1024).toFixed(0),
  };
  console.log(`generated tree in ${genMs} ms (cached after the first run)`);
  console.table(result);
  if (fs.existsSync(BASELINE)) {
    const base = JSON.parse(fs.readFileSync(BASELINE, 'utf8'));
    for (const k of ['coldScanMs', 'warmScanMs', 'singleFileUpdateMs', 'editedFileUpdateMs', 'findingsMs'] as const) {
      if (base[k] === undefined) continue;
      const delta = ((result[k] - base[k]) / base[k]) * 100;
      console.log(`${k}: ${result[k]} vs baseline ${base[k]} (${delta >= 0 ? '+' : ''}${delta.toFixed(0)}%)`);
    }
    if (result.findings !== base.findings)
      console.log(`findings: ${result.findings} vs baseline ${base.findings} (rules changed?)`);
  }
  if (process.argv.includes('--update-baseline')) {
    fs.mkdirSync(path.dirname(BASELINE), { recursive: true });
    fs.writeFileSync(
      BASELINE,
      JSON.stringify({ ...result, machine: '2 cores, Node 20', date: new Date().toISOString().slice(0, 10) }, null, 2) +
        '\n',
    );
    console.log(`baseline written to ${path.relative(process.cwd(), BASELINE)}`);
  }
}

void main();
