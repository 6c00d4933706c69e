// `npm run bench`: the shipped bundle (dist/cli.js, dist/server.js) on a generated monorepo of real shapes, or on any
// folder, side by side with baselines measured in the same run on the same files. Timings, not assertions: people run
// this before and after a change to the engine; test/cli/bench.test.ts only checks that it still runs.
//
//   npm run bench -- [--sizes S,M,L] [--dir PATH] [--runs N] [--json] [--baselines parse,secretlint,eslint]
//                    [--no-lsp] [--no-inprocess] [--quick] [--cache-dir DIR]   (--help says more)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CORPUS_VERSION, EDIT_TARGET, SIZES, generateCorpus } from './bench/corpus';
import { RSS_METHODS, rssMethod, runChild, type ChildResult } from './bench/child';
import { BASELINES, ensureTools, eslintNoSecrets, parseOnly, secretlint, type Baseline } from './bench/baselines';
import { EDITS, QUICK_EDITS, lspSession } from './bench/lsp';

const REPO = path.join(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');

interface Options {
  sizes: string[];
  dir?: string;
  target?: string;
  runs: number;
  json: boolean;
  baselines: Baseline[];
  lsp: boolean;
  inprocess: boolean;
  quick: boolean;
  save?: string;
  /** Saved JSON files to print as one table, instead of measuring. */
  report: string[];
  cacheDir: string;
}

const USAGE = `Usage: npm run bench -- [--sizes S,M,L] [--dir PATH [--target REL]] [--runs N] [--json]
       [--baselines parse,secretlint,eslint|none] [--no-lsp] [--no-inprocess] [--quick] [--save FILE] [--report FILE]... [--cache-dir DIR]
  --sizes      generated corpus sizes: ${Object.entries(SIZES)
    .map(([k, v]) => `${k} (${v} files)`)
    .join(', ')}; default S,M
  --dir PATH   bench this folder instead (read only; the editor edits stay in the buffer)
  --target REL the file the editor measurements edit (default: the generated corpus's ${EDIT_TARGET}, or in
               --dir the app source closest to 2,000 lines)
  --runs N     runs per size (default 3); each reports min, median and max
  --json       print the results as JSON on stdout (progress goes to stderr)
  --save FILE  also write the JSON results to FILE
  --report FILE
               print saved results (repeatable: the sizes of several files in one table) without measuring
  --baselines  which baselines run (default all three; secretlint and ESLint are installed on first use)
  --no-lsp, --no-inprocess
               skip the server session or the in-process measurements
  --quick      short edit series (${QUICK_EDITS.spaced} spaced edits, ${QUICK_EDITS.keys} keys, ${QUICK_EDITS.facts} facts edits instead of ${EDITS.spaced}, ${EDITS.keys}, ${EDITS.facts}): for the bench's test
  --cache-dir  where corpora and baseline tools are kept (default node_modules/.cache/twelve-factor-bench)`;

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sizes: ['S', 'M'],
    runs: 3,
    json: false,
    baselines: [...BASELINES],
    lsp: true,
    inprocess: true,
    quick: false,
    report: [],
    cacheDir: path.join(REPO, 'node_modules', '.cache', 'twelve-factor-bench'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--sizes') o.sizes = value().split(',').filter(Boolean);
    else if (a === '--dir') o.dir = path.resolve(value());
    else if (a === '--target') o.target = value();
    else if (a === '--runs') o.runs = Math.max(1, Number(value()) || 1);
    else if (a === '--json') o.json = true;
    else if (a === '--baselines') {
      const v = value();
      o.baselines = v === 'none' ? [] : (v.split(',') as Baseline[]);
      for (const b of o.baselines) if (!BASELINES.includes(b)) throw new Error(`unknown baseline ${b}\n${USAGE}`);
    } else if (a === '--no-lsp') o.lsp = false;
    else if (a === '--no-inprocess') o.inprocess = false;
    else if (a === '--quick') o.quick = true;
    else if (a === '--save') o.save = path.resolve(value());
    else if (a === '--report') o.report.push(path.resolve(value()));
    else if (a === '--cache-dir') o.cacheDir = path.resolve(value());
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  for (const s of o.sizes) if (!(s in SIZES)) throw new Error(`unknown size ${s}\n${USAGE}`);
  return o;
}

// ---- statistics ----

interface Stat {
  unit: string;
  values: number[];
  min: number;
  median: number;
  max: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100);

function stat(unit: string, values: number[]): Stat {
  const v = values.map(round);
  return { unit, values: v, min: Math.min(...v), median: round(median(values)), max: Math.max(...v) };
}

/** Per-run samples by measure key, gathered across runs. */
class Samples {
  readonly byKey = new Map<string, { unit: string; values: number[] }>();
  add(key: string, unit: string, value: number | undefined): void {
    if (value === undefined || !Number.isFinite(value)) return;
    const s = this.byKey.get(key) ?? { unit, values: [] };
    s.values.push(value);
    this.byKey.set(key, s);
  }
  get(key: string, run: number): number | undefined {
    return this.runs.get(key)?.[run];
  }
  /** Values by run index, for pairing. */
  readonly runs = new Map<string, (number | undefined)[]>();
  addRun(key: string, unit: string, run: number, value: number | undefined): void {
    this.add(key, unit, value);
    const r = this.runs.get(key) ?? [];
    r[run] = value;
    this.runs.set(key, r);
  }
  stats(): Record<string, Stat> {
    const out: Record<string, Stat> = {};
    for (const [k, s] of this.byKey) out[k] = stat(s.unit, s.values);
    return out;
  }
}

/** Ours over a baseline, paired run by run: `3` means ours took 3× the baseline's time. */
const RATIOS: [string, string, string][] = [
  ['cold / parse-only', 'cli.cold.ms', 'parse.ms'],
  ['cold / secretlint', 'cli.cold.ms', 'secretlint.ms'],
  ['cold / eslint', 'cli.cold.ms', 'eslint.ms'],
  ['cold CPU / parse-only CPU', 'cli.cold.cpuMs', 'parse.cpuMs'],
  ['warm / cold', 'cli.warm.ms', 'cli.cold.ms'],
  ['cold RSS / parse-only RSS', 'cli.cold.rssMiB', 'parse.rssMiB'],
  ['cold RSS / secretlint RSS', 'cli.cold.rssMiB', 'secretlint.rssMiB'],
  ['cold RSS / eslint RSS', 'cli.cold.rssMiB', 'eslint.rssMiB'],
];

function ratios(samples: Samples, runs: number): Record<string, Stat> {
  const out: Record<string, Stat> = {};
  for (const [name, a, b] of RATIOS) {
    const values: number[] = [];
    for (let r = 0; r < runs; r++) {
      const x = samples.get(a, r);
      const y = samples.get(b, r);
      if (x !== undefined && y !== undefined && y > 0) values.push(x / y);
    }
    if (values.length) out[name] = stat('×', values);
  }
  return out;
}

// ---- one size ----

interface SizeResult {
  size: string;
  dir: string;
  target: string;
  corpus: { files: number; bytes: number; generatedMs?: number };
  ours: { files?: number; sources?: number; parsed?: number; findings?: number };
  baselineInfo: Record<string, unknown>;
  measures: Record<string, Stat>;
  ratios: Record<string, Stat>;
  errors: string[];
}

const log = (m: string) => process.stderr.write(`${m}\n`);

function corpusFor(size: string, o: Options): { dir: string; files: number; bytes: number; generatedMs?: number } {
  const dir = path.join(o.cacheDir, 'corpus', `${size}-v${CORPUS_VERSION}`);
  const stamp = `${dir}.json`;
  if (fs.existsSync(stamp)) return { dir, ...JSON.parse(fs.readFileSync(stamp, 'utf8')) };
  fs.rmSync(dir, { recursive: true, force: true });
  log(`Generating the ${size} corpus (${SIZES[size]} files) in ${dir}…`);
  const t0 = Date.now();
  const made = generateCorpus(dir, SIZES[size]);
  const generatedMs = Date.now() - t0;
  fs.writeFileSync(stamp, JSON.stringify({ ...made, generatedMs }));
  return { dir, ...made, generatedMs };
}

/**
 * For --dir: the app source closest to 2,000 lines (the size the issue's edit targets name), from the parse-only list;
 * not a test, fixture, example, story, migration or generated file, where rules stay quiet or edits are unusual.
 */
function pickTarget(root: string, list: string): string | undefined {
  const SKIP =
    /(^|\/)(\.[^/]*|__tests__|__mocks__|tests?|spec|e2e|fixtures?|examples?|stories|migrations?|generated|__generated__|scripts?|tools?)\/|\.(test|spec|stories|generated)\./;
  let best: { rel: string; score: number } | undefined;
  for (const p of fs.readFileSync(list, 'utf8').split('\n').filter(Boolean)) {
    const rel = path.relative(root, p).split(path.sep).join('/');
    // Server code first: a .jsx/.tsx file is likely a browser component, whose imports the bundler checks.
    if (SKIP.test(rel) || /\.[jt]sx$/.test(rel)) continue;
    // Under a src/ folder first (app code), then the nearest to 2,000 lines.
    const score = Math.abs(fs.readFileSync(p, 'utf8').split('\n').length - 2000) + (/(^|\/)src\//.test(rel) ? 0 : 1e6);
    if (!best || score < best.score) best = { rel, score };
  }
  return best?.rel;
}

const cliArgs = (dir: string, ...extra: string[]) => [
  process.execPath,
  CLI,
  'check',
  dir,
  '--format',
  'json',
  ...extra,
];

function checkCli(r: ChildResult, what: string): number {
  if (r.code !== 0 && r.code !== 1) throw new Error(`${what}: exit ${r.code}: ${r.stderr.trim().slice(-300)}`);
  return (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length;
}

async function benchSize(size: string, o: Options, tools: ReturnType<typeof ensureTools>, scratch: string) {
  const corpus = o.dir ? { dir: o.dir, files: 0, bytes: 0 } : corpusFor(size, o);
  const dir = corpus.dir;
  const res: SizeResult = {
    size,
    dir,
    target: o.target ?? EDIT_TARGET,
    corpus: {
      files: corpus.files,
      bytes: corpus.bytes,
      generatedMs: 'generatedMs' in corpus ? corpus.generatedMs : undefined,
    },
    ours: {},
    baselineInfo: {},
    measures: {},
    ratios: {},
    errors: [],
  };
  const s = new Samples();
  const sourceList = path.join(scratch, `sources-${size}.txt`);
  const jsList = path.join(scratch, `js-${size}.txt`);
  const attempt = async <T>(what: string, f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (e) {
      const m = `${what}: ${(e as Error).message}`;
      // Once per measure: the same failure in every run says nothing more.
      if (!res.errors.some((x) => x.startsWith(`${what}: `))) res.errors.push(m);
      log(`  ${m}`);
      return undefined;
    }
  };

  for (let run = 0; run < o.runs; run++) {
    log(`${size}: run ${run + 1}/${o.runs}`);
    const startup = await runChild([process.execPath, CLI, '--version']);
    s.addRun('cli.startup.ms', 'ms', run, startup.wallMs);
    s.addRun('cli.startup.rssMiB', 'MiB', run, startup.rssMiB);

    const cold = await runChild(cliArgs(dir));
    res.ours.findings = checkCli(cold, 'cold scan');
    s.addRun('cli.cold.ms', 'ms', run, cold.wallMs);
    s.addRun('cli.cold.cpuMs', 'ms', run, cold.cpuMs);
    s.addRun('cli.cold.rssMiB', 'MiB', run, cold.rssMiB);

    // parse-only always runs once: the ESLint baseline and --dir's target come from its file list.
    const parse = await attempt('parse-only', () => parseOnly(dir, run === 0 ? sourceList : undefined));
    if (parse && o.baselines.includes('parse')) {
      res.baselineInfo.parse = parse.info;
      s.addRun('parse.ms', 'ms', run, parse.wallMs);
      s.addRun('parse.cpuMs', 'ms', run, parse.cpuMs);
      s.addRun('parse.rssMiB', 'MiB', run, parse.rssMiB);
    }
    if (run === 0 && fs.existsSync(sourceList)) {
      const all = fs.readFileSync(sourceList, 'utf8').split('\n').filter(Boolean);
      fs.writeFileSync(jsList, all.filter((p) => /\.(m|c)?jsx?$/.test(p)).join('\n') + '\n');
      if (o.dir && !o.target) res.target = pickTarget(dir, sourceList) ?? '';
    }
    if (o.baselines.includes('secretlint')) {
      if (tools.errors.secretlint) {
        if (!res.errors.includes(tools.errors.secretlint)) res.errors.push(tools.errors.secretlint);
      } else {
        const r = await attempt('secretlint', () => secretlint(dir, tools, scratch));
        if (r) {
          res.baselineInfo.secretlint = r.info;
          s.addRun('secretlint.ms', 'ms', run, r.wallMs);
          s.addRun('secretlint.rssMiB', 'MiB', run, r.rssMiB);
        }
      }
    }
    if (o.baselines.includes('eslint')) {
      if (tools.errors.eslint) {
        if (!res.errors.includes(tools.errors.eslint)) res.errors.push(tools.errors.eslint);
      } else {
        const r = await attempt('eslint', () => eslintNoSecrets(dir, tools, jsList));
        if (r) {
          res.baselineInfo.eslint = r.info;
          s.addRun('eslint.ms', 'ms', run, r.wallMs);
          s.addRun('eslint.rssMiB', 'MiB', run, r.rssMiB);
        }
      }
    }

    // Warm: a fresh cache filled by one run, then the measured run reading it.
    const cacheDir = fs.mkdtempSync(path.join(scratch, 'cli-cache-'));
    const fill = await runChild(cliArgs(dir, '--cache-location', cacheDir, '--verbose'));
    checkCli(fill, 'cache fill');
    const stats = /Scanned (\d+) files \((\d+) sources, (\d+) parsed\)/.exec(fill.stderr);
    if (stats) [res.ours.files, res.ours.sources, res.ours.parsed] = stats.slice(1).map(Number);
    const warm = await runChild(cliArgs(dir, '--cache-location', cacheDir));
    checkCli(warm, 'warm scan');
    s.addRun('cli.warm.ms', 'ms', run, warm.wallMs);
    s.addRun('cli.warm.rssMiB', 'MiB', run, warm.rssMiB);
    fs.rmSync(cacheDir, { recursive: true, force: true });

    if (o.lsp && res.target) {
      const l = await attempt('server', () => lspSession(dir, res.target, run, o.quick ? QUICK_EDITS : EDITS, !!o.dir));
      if (l) {
        for (const e of l.errors)
          if (!res.errors.some((x) => x.startsWith('server: '))) res.errors.push(`server: ${e}`);
        s.addRun('lsp.start.ms', 'ms', run, l.startMs);
        s.addRun('lsp.firstDiagnostics.ms', 'ms', run, l.firstDiagnosticsMs);
        s.addRun('lsp.scan.ms', 'ms', run, l.scanMs);
        s.addRun('lsp.spaced.p50', 'ms', run, percentile(l.spacedMs, 50));
        s.addRun('lsp.spaced.p95', 'ms', run, percentile(l.spacedMs, 95));
        s.addRun('lsp.typingLag.ms', 'ms', run, l.typingLagMs);
        s.addRun('lsp.typingPublishes', 'count', run, l.typingPublishes);
        s.addRun('lsp.facts.p50', 'ms', run, percentile(l.factsMs, 50));
        s.addRun('lsp.facts.p95', 'ms', run, percentile(l.factsMs, 95));
        s.addRun('lsp.rssMiB', 'MiB', run, l.rssMiB);
      }
    }
    if (o.inprocess && res.target) {
      const r = await attempt('in-process', async () => {
        const c = await runChild(
          [
            process.execPath,
            '--expose-gc',
            '--import',
            'tsx',
            path.join(__dirname, 'bench', 'inprocess.ts'),
            dir,
            res.target,
          ],
          { cwd: REPO },
        );
        if (c.code !== 0) throw new Error(`exit ${c.code}: ${c.stderr.trim().slice(-300)}`);
        return JSON.parse(c.stdout.trim().split('\n').pop()!) as Record<string, number>;
      });
      if (r) {
        s.addRun('inprocess.scanMs', 'ms', run, r.scanMs);
        s.addRun('inprocess.rescanMs', 'ms', run, r.rescanMs);
        s.addRun('inprocess.updateMs', 'ms', run, r.updateMs);
        s.addRun('inprocess.findingsMs', 'ms', run, r.findingsMs);
        s.addRun('inprocess.retainedHeapMiB', 'MiB', run, r.retainedHeapMiB);
      }
    }
  }
  res.measures = s.stats();
  res.ratios = ratios(s, o.runs);
  return res;
}

// ---- output ----

const LABELS: Record<string, [string, string?]> = {
  'cli.cold.ms': ['CLI cold scan'],
  'cli.cold.cpuMs': ['CLI cold scan, CPU time'],
  'cli.cold.rssMiB': ['CLI cold scan, peak RSS'],
  'cli.warm.ms': ['CLI warm scan (`--cache`)'],
  'cli.warm.rssMiB': ['CLI warm scan, peak RSS'],
  'cli.startup.ms': ['CLI start-up alone (`--version`)'],
  'cli.startup.rssMiB': ['CLI start-up alone, peak RSS'],
  'lsp.start.ms': ['Server: spawn → `initialize` answered'],
  'lsp.firstDiagnostics.ms': ['Server: `didOpen` → first diagnostics', '≤ 300 ms'],
  'lsp.scan.ms': ['Server: workspace scan'],
  'lsp.spaced.p50': ['Server: edit → publish, p50 (edits ≥ 100 ms apart)'],
  'lsp.spaced.p95': ['Server: edit → publish, p95', '≤ 25 ms'],
  'lsp.typingLag.ms': ['Server: typing at 20 ms a key, lag after the last key', '≤ 300 ms'],
  'lsp.typingPublishes': ['Server: publishes while typing'],
  'lsp.facts.p50': ['Server: facts-changing edit → publish, p50'],
  'lsp.facts.p95': ['Server: facts-changing edit → publish, p95', '≤ 250 ms'],
  'lsp.rssMiB': ['Server: peak RSS (scan and all edits)', '≤ 300 MiB'],
  'parse.ms': ['Baseline parse-only'],
  'parse.cpuMs': ['Baseline parse-only, CPU time'],
  'parse.rssMiB': ['Baseline parse-only, peak RSS'],
  'secretlint.ms': ['Baseline secretlint'],
  'secretlint.rssMiB': ['Baseline secretlint, peak RSS'],
  'eslint.ms': ['Baseline ESLint + no-secrets (JS files)'],
  'eslint.rssMiB': ['Baseline ESLint + no-secrets, peak RSS'],
  'inprocess.scanMs': ['In-process (sources, tsx): scan'],
  'inprocess.rescanMs': ['In-process: rescan, nothing changed'],
  'inprocess.updateMs': ['In-process: `engine.update` of the edited file'],
  'inprocess.findingsMs': ['In-process: `findings()` per keystroke'],
  'inprocess.retainedHeapMiB': ['In-process: heap a scan retains'],
};
/** The issue's targets for the ratios. */
const RATIO_TARGETS: Record<string, string> = {
  'cold / parse-only': '≤ 1.0× (goal 0.5×)',
  'warm / cold': '≤ 0.1×',
  'cold RSS / parse-only RSS': '≤ 1.2×',
};

/** "median (min–max)" in one unit, the median's: seconds from 1,000 ms up. */
function cell(s: Stat | undefined): string {
  if (!s) return '';
  const unit = s.unit === 'ms' ? (s.median >= 1000 ? 's' : 'ms') : s.unit;
  const num = (x: number) =>
    unit === 's' ? (x / 1000).toFixed(1) : unit === '×' ? x.toFixed(2) : String(Math.round(x));
  const u = unit === '×' ? '×' : unit === 'count' ? '' : ` ${unit}`;
  return s.values.length > 1 ? `${num(s.median)}${u} (${num(s.min)}–${num(s.max)})` : `${num(s.median)}${u}`;
}

/** A Markdown table, padded so it reads in a terminal too; numbers right-aligned. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(3, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((x, c) => (c ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (c ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

function textReport(results: SizeResult[], meta: Record<string, unknown>, runs: number | string): string {
  const out: string[] = [];
  const m = meta.machine as Record<string, unknown>;
  out.push(
    `Machine: ${m.cpu}, nproc ${m.nproc}, ${m.memGiB} GiB, Node ${m.node}, ${m.os}; load average at start ${m.loadStart}, end ${m.loadEnd}`,
    `Peak RSS: ${meta.rssMethod}`,
    `Tools: ${Object.entries(meta.tools as Record<string, string>)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `Each cell: median (min–max) over ${runs} run${runs === 1 ? '' : 's'}; ratios are ours ÷ the baseline, paired run by run.`,
  );
  for (const r of results) {
    const c = r.corpus.files
      ? `${r.corpus.files} files, ${(r.corpus.bytes / 1024 / 1024).toFixed(1)} MB generated`
      : r.dir;
    const info = Object.entries(r.baselineInfo).map(([k, v]) => `${k} ${JSON.stringify(v)}`);
    out.push(
      `${r.size}: ${c}; ours: ${r.ours.files ?? '?'} files, ${r.ours.sources ?? '?'} JS/TS, ${r.ours.parsed ?? '?'} parsed, ${r.ours.findings ?? '?'} findings; edited: ${r.target}`,
      ...(info.length ? [`${r.size} baselines saw: ${info.join('; ')}`] : []),
      ...r.errors.map((e) => `${r.size} not measured: ${e}`),
    );
  }
  const rows = [
    ['Measure', ...results.map((r) => (r.ours.files ? `${r.size} (${r.ours.files} files)` : r.size)), 'Target'],
  ];
  const keys = [...Object.keys(LABELS), ...new Set(results.flatMap((r) => Object.keys(r.measures)))];
  for (const k of [...new Set(keys)].filter((k) => results.some((r) => r.measures[k]))) {
    const [label, target] = LABELS[k] ?? [k];
    rows.push([label, ...results.map((r) => cell(r.measures[k])), target ?? '']);
  }
  for (const k of [...new Set(results.flatMap((r) => Object.keys(r.ratios)))])
    rows.push([`Ratio ${k}`, ...results.map((r) => cell(r.ratios[k])), RATIO_TARGETS[k] ?? '']);
  out.push('', table(rows));
  const scaling = meta.scaling as Record<string, number> | undefined;
  if (scaling && Object.keys(scaling).length)
    out.push(
      '',
      `Scaling exponents (time ∝ files^k, medians): ${Object.entries(scaling)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}`,
    );
  return out.join('\n');
}

function scalingOf(results: SizeResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  // Generated sizes only: a --dir folder is another shape, not a point on the same curve.
  const sized = results.filter((r) => r.ours.files && r.corpus.files);
  for (let i = 1; i < sized.length; i++) {
    const a = sized[i - 1];
    const b = sized[i];
    for (const key of ['cli.cold.ms', 'cli.cold.cpuMs', 'parse.ms', 'parse.cpuMs', 'lsp.scan.ms', 'lsp.facts.p50']) {
      const x = a.measures[key]?.median;
      const y = b.measures[key]?.median;
      if (x && y) out[`${key} ${a.size}→${b.size}`] = Math.log(y / x) / Math.log(b.ours.files! / a.ours.files!);
    }
  }
  return out;
}

function machine(): Record<string, unknown> {
  const nproc = spawnSync('nproc', { encoding: 'utf8' });
  let cpu = os.cpus()[0]?.model ?? '?';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    /* not Linux */
  }
  return {
    cpu,
    nproc: nproc.status === 0 ? Number(nproc.stdout.trim()) : os.availableParallelism(),
    memGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.versions.node,
    os: `${os.type()} ${os.release()}`,
    loadStart: os.loadavg()[0].toFixed(2),
  };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.report.length) {
    const saved = o.report.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
    const results: SizeResult[] = saved.flatMap((j) => j.sizes);
    const runs = [...new Set(saved.map((j) => j.runs))].join(' or ');
    console.log(textReport(results, { ...saved[0], scaling: scalingOf(results) }, runs));
    // Each file's own conditions: on a shared machine the load differs from one run to the next.
    for (const j of saved)
      console.log(
        `${j.sizes.map((r: SizeResult) => r.size).join(', ')}: ${j.date}, load average ${j.machine.loadStart} at start, ${j.machine.loadEnd} at end`,
      );
    return;
  }
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run bench does).`);
  if (o.dir) o.sizes = [path.basename(o.dir)];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-bench-'));
  const cleanup = () => fs.rmSync(scratch, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const m = machine();
    const tools = ensureTools(o.cacheDir, o.baselines, log);
    const results: SizeResult[] = [];
    for (const size of o.sizes) results.push(await benchSize(size, o, tools, scratch));
    m.loadEnd = os.loadavg()[0].toFixed(2);
    const meta = {
      bench: 1,
      date: new Date().toISOString(),
      machine: m,
      rssMethod: RSS_METHODS[rssMethod()],
      tools: tools.versions,
      scaling: scalingOf(results),
    };
    const json = JSON.stringify({ ...meta, runs: o.runs, sizes: results }, null, 2) + '\n';
    if (o.save) fs.writeFileSync(o.save, json);
    if (o.json) process.stdout.write(json);
    else console.log(textReport(results, meta, o.runs));
  } finally {
    cleanup();
  }
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exit(2);
});
