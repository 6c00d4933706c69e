// `twelve-factor check --cache`: per-file analyses kept between runs. A warm run reports exactly what a cold one does;
// a bad cache file is ignored and rewritten; the file never holds a secret, nor entries for files that are gone.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import { silentLogger, type Logger } from '../../server/src/core/types';
import { allFacts } from '../../server/src/core/facts';
import { CACHE_FILE, FileAnalysisCache } from '../../server/src/engine/cacheFile';
import type { SourceAnalysis } from '../../server/src/engine/analyze';
import { FIXTURES, tempProject } from '../helpers/engine';
import { makeTempDir } from '../helpers/tempDirs';
import { hashText } from '../../server/src/util/text';

const CLI = path.join(__dirname, '..', '..', 'bin', 'twelve-factor');
const SHOP = path.join(__dirname, '..', '..', 'examples', 'shop');
const SHOP_SECRET = 'sk_live_51H8xQ2eZvKYlo2C8Nf3kLmP9qRtW';
const FORMATS = ['text', 'json', 'sarif', 'github', 'codeclimate', 'markdown'];

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout.replace(/ in \d+ ms/g, ' in N ms'), err: r.stderr };
}

function copyOf(src: string): string {
  const dir = makeTempDir('tf-cache-');
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

/** Every format's report and exit code (text and markdown print the scan's duration, which is left out). */
function reports(dir: string, ...flags: string[]): string[] {
  return FORMATS.map((f) => {
    const r = run('check', dir, '--format', f, ...flags);
    return `${r.code}\n${r.out}`;
  });
}

/** The --verbose line the cache writes: reused, stored and declined counts. */
function cacheLine(err: string): number[] {
  const m = /Cache .*: (\d+) analyses reused, (\d+) stored, (\d+) not stored/.exec(err);
  assert.ok(m, err);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The rule fixture roots (every rule's positive and negative projects) and both examples. */
function roots(): string[] {
  const examples = path.join(__dirname, '..', '..', 'examples');
  const out = fs.readdirSync(examples).map((d) => path.join(examples, d));
  const rules = path.join(FIXTURES, 'rules');
  for (const factor of fs.readdirSync(rules))
    for (const rule of fs.readdirSync(path.join(rules, factor))) {
      const dir = path.join(rules, factor, rule);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const kind of fs.readdirSync(dir))
        if (fs.statSync(path.join(dir, kind)).isDirectory()) out.push(path.join(dir, kind));
    }
  return out.filter((d) => fs.statSync(d).isDirectory());
}

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

async function engineRun(root: string, cacheDir: string, opts: Partial<ConstructorParameters<typeof Engine>[0]> = {}) {
  const logs: string[] = [];
  const logger: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const cache = new FileAnalysisCache(cacheDir, root, 'test', logger);
  cache.load();
  const engine = new Engine({ root, rules: ALL_RULES, logger: silentLogger, analysisCache: cache, ...opts });
  await engine.scan();
  const findings = engine.findings();
  const checklist = engine.checklist();
  assert.strictEqual(cache.save(), undefined);
  return { engine, cache, findings, checklist, logs };
}

describe('--cache', function () {
  this.timeout(120000);

  it('examples/shop: the warm run reuses every analysis and prints byte for byte what a run without the cache does', () => {
    const dir = copyOf(SHOP);
    const cold = reports(dir);
    const first = run('check', dir, '--cache', '--verbose');
    const [reused, stored, declined] = cacheLine(first.err);
    assert.deepStrictEqual([reused, declined], [0, 0]);
    assert.ok(stored > 20, first.err);
    const file = path.join(dir, 'node_modules', '.cache', 'twelve-factor', CACHE_FILE);
    assert.ok(fs.existsSync(file));
    const warm = run('check', dir, '--cache', '--verbose');
    assert.deepStrictEqual(cacheLine(warm.err), [stored, 0, 0]);
    assert.deepStrictEqual(reports(dir, '--cache'), cold);
    // The report, not the cache, holds the findings: the shop's Stripe key is on no line of the file.
    assert.ok(!fs.readFileSync(file, 'utf8').includes(SHOP_SECRET.slice(8, 20)));
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)), [CACHE_FILE], 'no temp file left behind');
  });

  it('every rule fixture and example: a warm engine gives the same findings and checklist, from the cache alone', async () => {
    for (const root of roots()) {
      const cacheDir = makeTempDir('tf-cache-dir-');
      const cold = await engineRun(root, cacheDir);
      const warm = await engineRun(root, cacheDir);
      const rel = path.relative(FIXTURES, root);
      // JSON keeps no `data: undefined`; the findings are otherwise the very same values.
      assert.deepStrictEqual(plain(warm.findings), plain(cold.findings), rel);
      assert.deepStrictEqual(warm.checklist, cold.checklist, rel);
      assert.deepStrictEqual(warm.cache.stats, { hits: cold.cache.stats.stored, stored: 0, declined: 0 }, rel);
      // Only a declined analysis is made again: none of these holds a secret-looking string.
      assert.strictEqual(cold.cache.stats.declined, 0, rel);
    }
  });

  it('a rule turned off, changed options or a fact version bump make a new key; severities do not', async () => {
    const root = copyOf(SHOP);
    const cacheDir = makeTempDir('tf-cache-dir-');
    const cold = await engineRun(root, cacheDir);
    const n = cold.cache.stats.stored;
    const severity = await engineRun(root, cacheDir, { ruleSettings: { 'config/hardcoded-secret': 'info' } });
    assert.strictEqual(severity.cache.stats.hits, n);
    const off = await engineRun(root, cacheDir, { ruleSettings: { 'config/hardcoded-secret': 'off' } });
    assert.deepStrictEqual([off.cache.stats.hits, off.cache.stats.stored], [0, n]);
    const options = await engineRun(root, cacheDir, { ruleOptions: { 'config/hardcoded-secret': { allow: ['x'] } } });
    assert.deepStrictEqual([options.cache.stats.hits, options.cache.stats.stored], [0, n]);
    await engineRun(root, cacheDir);
    const fact = allFacts().find((d) => d.owner === undefined)!;
    const version = fact.version;
    (fact as { version: number }).version = version + 1;
    try {
      const bumped = await engineRun(root, cacheDir);
      assert.deepStrictEqual([bumped.cache.stats.hits, bumped.cache.stats.stored], [0, n]);
    } finally {
      (fact as { version: number }).version = version;
    }
  });

  it('a corrupt, truncated, foreign or other-version cache, or a bad entry, is ignored with a log line and rewritten', () => {
    const dir = copyOf(SHOP);
    const loc = makeTempDir('tf-cache-loc-');
    const file = path.join(loc, CACHE_FILE);
    const cold = run('check', dir, '--format', 'json');
    const stored = cacheLine(run('check', dir, '--cache-location', loc, '--verbose').err)[1];
    const good = fs.readFileSync(file, 'utf8');
    const [header, body] = [good.slice(0, good.indexOf('\n')), good.slice(good.indexOf('\n') + 1)];
    const withHeader = (h: Record<string, unknown>, b = body) =>
      `${JSON.stringify({ ...JSON.parse(header), ...h })}\n${b}`;
    const checksum = (b: string) => hashText(b);
    const entries = JSON.parse(body) as Record<string, { analysis: { findings: unknown } }>;
    const firstRel = Object.keys(entries)[0];
    entries[firstRel].analysis.findings = 'not an array';
    const withImport = Object.keys(entries).find(
      (k) => k !== firstRel && /"imports":\[\{/.test(JSON.stringify(entries[k])),
    )!;
    (entries[withImport].analysis as unknown as { facts: { imports: unknown[] } }).facts.imports[0] = null;
    const badEntry = JSON.stringify(entries);
    const cases: [string, string | Buffer, RegExp, number][] = [
      ['garbage', Buffer.from([0xff, 0x00, 0x13, 0x37]), /not a cache file/, 0],
      ['truncated', good.slice(0, Math.floor(good.length * 0.7)), /corrupt or truncated/, 0],
      ['foreign JSON', '{"version":2,"files":{}}\n{}', /not a cache file of this tool/, 0],
      ['other version', withHeader({ version: '0.0.1' }), /written by another version or build \(0\.0\.1\)/, 0],
      ['other format', withHeader({ format: 99 }), /of another format \(99\)/, 0],
      ['edited body', withHeader({}, body.replace('"parsed":true', '"parsed":false')), /checksum mismatch/, 0],
      ['bad entry', withHeader({ checksum: checksum(badEntry) }, badEntry), /unused/, stored - 2],
      ['empty', '', /not a cache file/, 0],
    ];
    for (const [name, content, log, hits] of cases) {
      fs.writeFileSync(file, content);
      const r = run('check', dir, '--format', 'json', '--cache-location', loc, '--verbose');
      assert.strictEqual(r.code, cold.code, name);
      assert.strictEqual(r.out, cold.out, name);
      if (hits === 0)
        assert.match(r.err, new RegExp(`info: Ignored the cache .*: .*${log.source}.*; it will be rewritten`), name);
      assert.deepStrictEqual(cacheLine(r.err).slice(0, 2), [hits, stored - hits], name);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), good, `${name}: rewritten as a cold run writes it`);
    }
  });

  it('drops the entries of deleted files, and a cache that cannot be written is a warning, not a failure', () => {
    const dir = tempProject({
      'package.json': '{"name":"app","scripts":{"start":"node a.js"}}',
      'a.js': "require('./b');\nrequire('http').createServer().listen(3000);\n",
      'b.js': 'module.exports = 1;\n',
    });
    const loc = makeTempDir('tf-cache-loc-');
    run('check', dir, '--cache-location', loc);
    const keys = () => Object.keys(JSON.parse(fs.readFileSync(path.join(loc, CACHE_FILE), 'utf8').split('\n')[1]));
    assert.deepStrictEqual(keys(), ['a.js', 'b.js']);
    fs.rmSync(path.join(dir, 'b.js'));
    const cold = run('check', dir);
    const warm = run('check', dir, '--cache-location', loc);
    assert.deepStrictEqual([warm.code, warm.out], [cold.code, cold.out]);
    assert.deepStrictEqual(keys(), ['a.js']);
    // A regular file where the cache folder should be: mkdir fails.
    const blocked = path.join(makeTempDir('tf-cache-loc-'), 'file');
    fs.writeFileSync(blocked, 'x');
    const r = run('check', dir, '--cache-location', blocked);
    assert.deepStrictEqual([r.code, r.out], [cold.code, cold.out]);
    assert.match(r.err, /^warn: Could not write the cache .*file[/\\]analyses\.json: .+\.$/m);
    assert.strictEqual(fs.readFileSync(blocked, 'utf8'), 'x');
  });

  it('never stores an analysis that holds a secret-looking string, a path of the checkout, or what JSON cannot keep', () => {
    const root = makeTempDir('tf-cache-root-');
    const loc = makeTempDir('tf-cache-loc-');
    const cache = new FileAnalysisCache(loc, root, 'test', silentLogger);
    const analysis = (data: Record<string, unknown>, values: Record<string, unknown> = {}): SourceAnalysis => ({
      path: path.join(root, 'a.js'),
      hash: 'h',
      facts: { imports: [], envReads: [], ambientModules: [], values },
      findings: [
        {
          ruleId: 'r',
          path: path.join(root, 'a.js'),
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
          message: 'm',
          messageId: 'm',
          severity: 'warning',
          data,
        },
      ],
      parsed: true,
      syntaxErrors: 0,
      ruleFailures: 0,
    });
    const bad = [
      analysis({ url: 'postgres://admin:s3cr3tPassw0rd@db.internal/app' }),
      analysis({ key: SHOP_SECRET }),
      analysis({}, { x: { file: path.join(root, 'src', 'a.js') } }),
      analysis({}, { x: new Map([['a', 1]]) }),
      analysis({}, { x: [undefined] }),
      analysis({}, { x: Number.NaN }),
    ];
    bad.forEach((a, i) => cache.set(path.join(root, `bad${i}.js`), 'k', a));
    cache.set(path.join(root, 'good.js'), 'k', analysis({ names: ['DB_URL'] }, { y: [{ n: 1 }] }));
    assert.deepStrictEqual(cache.stats, { hits: 0, stored: 1, declined: bad.length });
    assert.strictEqual(cache.save(), undefined);
    const text = fs.readFileSync(path.join(loc, CACHE_FILE), 'utf8');
    assert.deepStrictEqual(Object.keys(JSON.parse(text.split('\n')[1])), ['good.js']);
    assert.ok(!text.includes('s3cr3t') && !text.includes(SHOP_SECRET.slice(8)) && !text.includes(root));
    // A hit comes back with the checkout's paths, whatever folder the checkout is in now.
    const moved = makeTempDir('tf-cache-moved-');
    const again = new FileAnalysisCache(loc, moved, 'test', silentLogger);
    again.load();
    const hit = again.get(path.join(moved, 'good.js'), 'k')!;
    assert.strictEqual(hit.path, path.join(moved, 'good.js'));
    assert.strictEqual(hit.findings[0].path, path.join(moved, 'good.js'));
    assert.deepStrictEqual(hit.facts.values, { y: [{ n: 1 }] });
    assert.strictEqual(again.get(path.join(moved, 'good.js'), 'other key'), undefined);
  });

  it('several folders with one --cache-location: a subfolder each, so each warm run reuses its own analyses', () => {
    const app = (name: string) =>
      tempProject({
        'package.json': `{"name":"${name}","scripts":{"start":"node a.js"}}`,
        'a.js': "require('http').createServer().listen(3000);\n",
      });
    const [a, b] = [app('a'), app('b')];
    const loc = makeTempDir('tf-cache-loc-');
    run('check', a, b, '--cache-location', loc);
    const files = fs.readdirSync(loc).map((d) => fs.readdirSync(path.join(loc, d)));
    assert.deepStrictEqual(files, [[CACHE_FILE], [CACHE_FILE]]);
    const warm = run('check', a, b, '--cache-location', loc, '--verbose');
    const lines = warm.err.split('\n').filter((l) => /analyses reused/.test(l));
    assert.deepStrictEqual(
      lines.map((l) => cacheLine(l)),
      [
        [1, 0, 0],
        [1, 0, 0],
      ],
    );
  });

  it('--cache-location needs a value', () => {
    const r = run('check', '.', '--cache-location');
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /^twelve-factor: --cache-location needs a value$/m);
  });
});
