#!/usr/bin/env node
// Scores the built CLI on checkouts of the real-world corpus (test/realworld/): precision per rule from the judged
// verdicts, verdicts lost since they were judged, known misses now found, and findings nobody has judged yet.
//   npm run eval:real -- DIR... [--json FILE] [--unjudged FILE] [--all] [--show false|true|debatable] [--cli dist/cli.js of another build]
// Each DIR is a checkout of a manifest repository, named owner+name (the manifest's `dir`), or any folder whose
// `git rev-parse HEAD` is a manifest commit. The repositories' code is never kept in this repository.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..');
const realworld = path.join(root, 'test/realworld');

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const jsonOut = opt('--json');
const unjudgedOut = opt('--unjudged');
const showAll = flag('--all');
// List the current findings with this verdict (false, true or debatable), e.g. to see what is left to fix.
const showVerdict = opt('--show');
// Another build (e.g. one kept from before a change) to score instead of dist/cli.js.
const cli = path.resolve(opt('--cli') ?? path.join(root, 'dist/cli.js'));
if (!args.length) {
  console.error('Usage: npm run eval:real -- DIR... [--json FILE] [--unjudged FILE] [--all]');
  process.exit(2);
}
if (!fs.existsSync(cli)) {
  console.error(`${path.relative(process.cwd(), cli)} is missing: run \`npm run build\` first.`);
  process.exit(2);
}

const manifest = JSON.parse(fs.readFileSync(path.join(realworld, 'manifest.json'), 'utf8'));

/** The key a verdict is stored under: rule and exact place. A rule that moves its anchor loses the verdict, on purpose. */
export const findingKey = (f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`;
const cls = (severity) => (severity === 'info' || severity === 'hint' ? 'info' : 'ew');

function headOf(dir) {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function entryFor(dir) {
  const base = path.basename(path.resolve(dir));
  const byName = manifest.repositories.find((r) => r.dir === base);
  const head = headOf(dir);
  const byCommit = head && manifest.repositories.find((r) => r.commit === head);
  const entry = byName ?? byCommit;
  if (entry && head && head !== entry.commit)
    console.warn(`! ${base}: checked out at ${head.slice(0, 12)}, the manifest pins ${entry.commit.slice(0, 12)}`);
  return entry;
}

function scan(dir) {
  let out;
  try {
    out = execFileSync(process.execPath, [cli, 'check', dir, '--format', 'json', '--max-severity', 'hint'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // Exit 1 means findings; anything else is a failure of the scan.
    if (e.status !== 1)
      throw new Error(`scan of ${dir} failed (exit ${e.status}): ${String(e.stderr).split('\n')[0]}`, { cause: e });
    out = e.stdout;
  }
  return JSON.parse(out).findings;
}

const perRule = new Map(); // rule -> { ew: {t,f,d,u}, info: {t,f,d,u} }
const bump = (rule, c, v) => {
  if (!perRule.has(rule)) perRule.set(rule, { ew: { t: 0, f: 0, d: 0, u: 0 }, info: { t: 0, f: 0, d: 0, u: 0 } });
  perRule.get(rule)[c][v]++;
};
const repoRows = [];
const lost = [];
const shown = [];
const unjudged = [];
const missesFound = [];
const missesOpen = [];

for (const dir of args) {
  const entry = entryFor(dir);
  if (!entry) {
    console.warn(`! ${dir}: not in test/realworld/manifest.json, skipped`);
    continue;
  }
  const vfile = path.join(realworld, 'verdicts', `${entry.dir}.json`);
  const judged = fs.existsSync(vfile) ? JSON.parse(fs.readFileSync(vfile, 'utf8')) : { findings: [], misses: [] };
  const byKey = new Map(judged.findings.map((v) => [v.key, v]));
  const findings = scan(dir);
  const seen = new Set();
  const row = {
    repo: entry.repository,
    kind: entry.kind,
    ew: { t: 0, f: 0, d: 0, u: 0 },
    info: { t: 0, f: 0, d: 0, u: 0 },
  };
  for (const f of findings) {
    const key = findingKey(f);
    seen.add(key);
    const v = byKey.get(key);
    const verdict = v ? { true: 't', false: 'f', debatable: 'd' }[v.verdict] : 'u';
    bump(f.ruleId, cls(f.severity), verdict);
    row[cls(f.severity)][verdict]++;
    if (v && v.verdict === showVerdict) shown.push({ dir: entry.dir, key, severity: f.severity, reason: v.reason });
    if (!v)
      unjudged.push({
        dir: entry.dir,
        key,
        rule: f.ruleId,
        file: f.file,
        line: f.line,
        column: f.column,
        severity: f.severity,
        message: f.message,
      });
  }
  for (const v of judged.findings) if (v.verdict === 'true' && !seen.has(v.key)) lost.push({ dir: entry.dir, ...v });
  for (const m of judged.misses ?? []) {
    const hit = findings.some(
      (f) => f.ruleId === m.rule && f.file === m.file && (m.line === undefined || f.line === m.line),
    );
    (hit ? missesFound : missesOpen).push({ dir: entry.dir, ...m });
  }
  repoRows.push(row);
}

const pct = (t, f) => (t + f ? `${((100 * t) / (t + f)).toFixed(1)}%` : '–');
const cell = (c) => `${c.t}/${c.f}/${c.d}${c.u ? ` +${c.u}?` : ''}`;
console.log('\nRepositories (true/false/debatable, +unjudged?)');
console.log(['repository'.padEnd(48), 'kind'.padEnd(8), 'error+warning'.padEnd(16), 'info'].join(' '));
for (const r of repoRows)
  console.log([r.repo.padEnd(48), r.kind.padEnd(8), cell(r.ew).padEnd(16), cell(r.info)].join(' '));

console.log('\nPrecision per rule: true ÷ (true + false)');
console.log(['rule'.padEnd(46), 'error+warning'.padEnd(16), 'prec'.padEnd(7), 'info'.padEnd(14), 'prec'].join(' '));
const total = { ew: { t: 0, f: 0, d: 0, u: 0 }, info: { t: 0, f: 0, d: 0, u: 0 } };
for (const [rule, c] of [...perRule].sort((a, b) => a[0].localeCompare(b[0]))) {
  for (const k of ['ew', 'info']) for (const v of ['t', 'f', 'd', 'u']) total[k][v] += c[k][v];
  console.log(
    [
      rule.padEnd(46),
      cell(c.ew).padEnd(16),
      pct(c.ew.t, c.ew.f).padEnd(7),
      cell(c.info).padEnd(14),
      pct(c.info.t, c.info.f),
    ].join(' '),
  );
}
console.log(
  [
    'all'.padEnd(46),
    cell(total.ew).padEnd(16),
    pct(total.ew.t, total.ew.f).padEnd(7),
    cell(total.info).padEnd(14),
    pct(total.info.t, total.info.f),
  ].join(' '),
);

if (showVerdict) {
  console.log(`\nFindings judged ${showVerdict}: ${shown.length}`);
  for (const s of shown) console.log(`  ${s.dir} ${s.key} [${s.severity}] — ${s.reason}`);
}
console.log(`\nVerdicts lost (judged true, no longer found): ${lost.length}`);
for (const v of lost) console.log(`  ${v.dir} ${v.key} — ${v.reason}`);
console.log(`Known misses now found: ${missesFound.length}; still missed: ${missesOpen.length}`);
for (const m of missesFound)
  console.log(`  found: ${m.dir} ${m.rule} ${m.file}${m.line ? ':' + m.line : ''} — ${m.what}`);
console.log(`Unjudged findings: ${unjudged.length}`);
for (const u of showAll ? unjudged : unjudged.slice(0, 40))
  console.log(`  ${u.dir} ${u.key} [${u.severity}] ${u.message}`);
if (!showAll && unjudged.length > 40) console.log(`  … ${unjudged.length - 40} more (--all, or --unjudged FILE)`);

if (unjudgedOut) fs.writeFileSync(unjudgedOut, JSON.stringify(unjudged, null, 1) + '\n');
if (jsonOut) {
  const rules = Object.fromEntries([...perRule].map(([r, c]) => [r, c]));
  fs.writeFileSync(
    jsonOut,
    JSON.stringify(
      { repositories: repoRows, rules, total, lost, missesFound, missesOpen, unjudged: unjudged.length },
      null,
      1,
    ) + '\n',
  );
}
