// Property-based fuzzing (issue 7): no exception escapes a rule or a fix, no case hangs, every finding lies inside its
// file, and every fix edits files inside the workspace with valid, non-overlapping ranges.
// Seeded and reproducible. A long run: FUZZ_RUNS=100000 npx mocha test/unit/hostile/fuzz.test.ts (FUZZ_SEED=n for
// another seed; a failure prints the seed and the shrunk counterexample).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { analyzeSource } from '../../../server/src/engine/analyze';
import { Engine } from '../../../server/src/engine/engine';
import { ALL_RULES } from '../../../server/src/rules';
import { hashText } from '../../../server/src/util/text';
import {
  canSetString,
  ignoredSummary,
  parsePackageJson,
  JsonSyntaxError,
} from '../../../server/src/ecosystem/npm/packageJson';
import { parseLockfile } from '../../../server/src/ecosystem/npm/lockfile';
import { parseEnvFile } from '../../../server/src/platform/envFile';
import { parseDockerfile } from '../../../server/src/platform/dockerfile';
import { parseProcfile } from '../../../server/src/platform/procfile';
import { GitIgnore } from '../../../server/src/util/gitignore';
import { DEP_FIELDS } from '../../../server/src/core/model';
import type { Rule } from '../../../server/src/core/types';
import { jsCheck } from '../../../server/src/lang/js/context';
import { pyAdapter } from '../../../server/src/lang/py/adapter';
import {
  FUZZ_ROOT,
  dockerfileTextArb,
  envTextArb,
  findingProblems,
  generatedPythonArb,
  generatedSourceArb,
  gitignoreTextArb,
  loadFixtureProjects,
  loadSeeds,
  lockfileArb,
  logSpy,
  memoryEngine,
  mutatedFixtureArb,
  mutate,
  mutatedSeed,
  mutationsArb,
  packageJsonTextArb,
  procfileTextArb,
  projectArb,
  rangeProblem,
  scanAndFix,
  sourceDirArb,
  sourceExtArb,
  yamlTextArb,
} from '../../helpers/fuzz';

const SEED = Number(process.env.FUZZ_SEED ?? 20240607);
/** Cases across the properties below (their shares add up to 1); the default keeps the file to about ten seconds. */
const TOTAL = Math.max(1000, Number(process.env.FUZZ_RUNS ?? 10_200));
/** A hang guard, not a performance assertion: generous enough for a slow CI box. */
const CASE_BOUND_MS = 5000;

/** Most cases are cheap (one file through its parser or analysis); whole-engine runs with fixes cost more. */
const SHARES = {
  source: 0.27,
  python: 0.03,
  packageJson: 0.22,
  parsers: 0.447,
  oneFile: 0.037,
  projects: 0.016,
  fixtures: 0.008,
  disk: 0.002,
};
const runs = (share: number) => Math.max(20, Math.round(TOTAL * share));
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns, endOnFailure: true });
let cases = 0;

/**
 * Runs one case, failing it when it takes longer than the bound twice in a row: a slow input is slow every time,
 * while a busy machine (a GC pause, a parallel job) is not, so a single overrun is measured again.
 */
function timed<T>(what: string, f: () => T): T {
  cases++;
  let t0 = performance.now();
  let out = f();
  if (performance.now() - t0 > CASE_BOUND_MS) {
    t0 = performance.now();
    out = f();
    const ms = performance.now() - t0;
    if (ms > CASE_BOUND_MS) throw new Error(`${what} took ${Math.round(ms)} ms twice (bound ${CASE_BOUND_MS} ms)`);
  }
  return out;
}
async function timedAsync<T>(what: string, f: () => Promise<T>): Promise<T> {
  cases++;
  let t0 = performance.now();
  let out = await f();
  if (performance.now() - t0 > CASE_BOUND_MS) {
    t0 = performance.now();
    out = await f();
    const ms = performance.now() - t0;
    if (ms > CASE_BOUND_MS) throw new Error(`${what} took ${Math.round(ms)} ms twice (bound ${CASE_BOUND_MS} ms)`);
  }
  return out;
}

function noProblems(problems: (string | undefined)[]): void {
  const real = problems.filter((p): p is string => !!p);
  assert.deepStrictEqual(real, []);
}

describe(`fuzz (fast-check, seed ${SEED}, ~${TOTAL} cases)`, function () {
  this.timeout(60_000 + TOTAL * 5); // FUZZ_RUNS scales the run; the default finishes far sooner
  const seeds = loadSeeds();
  const fixtureProjects = loadFixtureProjects();

  after(() => {
    // Shown in the test output, so a long run's size is on record.
    console.log(`      fuzz: ${cases} cases, seed ${SEED}`);
  });

  it('plans at least 10,000 cases by default', () => {
    assert.ok(Object.values(SHARES).reduce((n, share) => n + runs(share), 0) >= Math.min(10_000, TOTAL));
  });

  it('JS/TS: no rule throws, every finding lies inside its file', () => {
    const file = fc.record({
      dir: sourceDirArb,
      ext: sourceExtArb,
      text: fc.oneof(
        { weight: 3, arbitrary: mutatedSeed(seeds.source).map((s) => s.text) },
        { weight: 2, arbitrary: generatedSourceArb },
      ),
    });
    fc.assert(
      fc.property(file, ({ dir, ext, text }) => {
        const rel = `${dir}file${ext}`;
        const p = path.join(FUZZ_ROOT, rel);
        const spy = logSpy();
        const a = timed(rel, () => analyzeSource(p, rel, text, hashText(text), ALL_RULES, spy));
        noProblems([
          ...findingProblems(a.findings, () => text, FUZZ_ROOT),
          a.ruleFailures ? `${a.ruleFailures} rule failure(s)` : undefined,
          ...spy.errors,
        ]);
      }),
      params(runs(SHARES.source)),
    );
  });

  it('Python: no throw, no rule failure, every fact and comment inside the file', () => {
    fc.assert(
      fc.property(fc.tuple(generatedPythonArb, mutationsArb), ([generated, muts]) => {
        const text = mutate(generated, muts);
        const rel = 'app/main.py';
        const spy = logSpy();
        const a = timed(rel, () => analyzeSource(path.join(FUZZ_ROOT, rel), rel, text, hashText(text), ALL_RULES, spy));
        const hashes = [...text.matchAll(/#/g)].map((m) => m.index);
        noProblems([
          ...findingProblems(a.findings, () => text, FUZZ_ROOT),
          ...a.facts.imports.map((i) => rangeProblem(i.range, text, `import ${i.specifier}`)),
          ...a.facts.envReads.map((r) => rangeProblem(r.range, text, `env read ${r.name}`)),
          ...pyAdapter
            .commentsAt(rel, text, hashes)
            .map((c) => (text[c.start] === '#' && c.end <= text.length ? undefined : `comment ${c.start}-${c.end}`)),
          a.ruleFailures ? `${a.ruleFailures} rule failure(s)` : undefined,
          ...spy.errors,
        ]);
      }),
      params(runs(SHARES.python)),
    );
  });

  it('package.json: parses to a typed view or fails as malformed JSON; ranges inside the file', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          packageJsonTextArb,
          mutatedSeed(seeds['package-json']).map((s) => s.text),
        ),
        (text) => {
          const problems: (string | undefined)[] = [];
          timed('package.json', () => {
            let pkg;
            try {
              pkg = parsePackageJson('/w/package.json', text);
            } catch (e) {
              if (!(e instanceof JsonSyntaxError)) throw e;
              return;
            }
            for (const [k, v] of Object.entries(pkg.scripts))
              if (typeof v !== 'string') problems.push(`scripts.${k} is ${typeof v}`);
            for (const dep of pkg.deps.values()) {
              if (typeof dep.range !== 'string') problems.push(`${dep.name}: range is ${typeof dep.range}`);
              problems.push(
                rangeProblem(dep.keyRange, text, `${dep.name} key`),
                rangeProblem(dep.valueRange, text, `${dep.name} value`),
              );
            }
            const d = pkg.data;
            for (const f of DEP_FIELDS)
              for (const v of Object.values(d[f] ?? {}))
                if (typeof v !== 'string') problems.push(`${f} holds a ${typeof v}`);
            for (const [k, v] of Object.entries({
              name: d.name,
              version: d.version,
              main: d.main,
              packageManager: d.packageManager,
              type: d.type,
            })) {
              if (v !== undefined && typeof v !== 'string') problems.push(`${k} is ${typeof v}`);
            }
            if (d.private !== undefined && typeof d.private !== 'boolean') problems.push('private is not a boolean');
            for (const v of Object.values(d.engines ?? {}))
              if (typeof v !== 'string') problems.push('engines holds a non-string');
            if (d.volta?.node !== undefined && typeof d.volta.node !== 'string')
              problems.push('volta.node is not a string');
            if (d.bin !== undefined && typeof d.bin !== 'string')
              for (const v of Object.values(d.bin)) if (typeof v !== 'string') problems.push('bin holds a non-string');
            if (!pkg.workspaces.every((w) => typeof w === 'string' && w.length > 0))
              problems.push('workspaces holds a non-string or empty glob');
          });
          noProblems(problems);
        },
      ),
      params(runs(SHARES.packageJson)),
    );
  });

  it('lockfiles, .env, Dockerfile, Procfile, .gitignore: parsers never throw on what they accept, ranges inside', () => {
    const input = fc.oneof(
      lockfileArb.map((l) => ({ kind: 'lock' as const, name: l.name, text: l.text })),
      fc
        .oneof(
          envTextArb,
          mutatedSeed(seeds.env).map((s) => s.text),
        )
        .map((text) => ({ kind: 'env' as const, name: '.env', text })),
      fc
        .oneof(
          dockerfileTextArb,
          mutatedSeed(seeds.dockerfile).map((s) => s.text),
        )
        .map((text) => ({ kind: 'docker' as const, name: 'Dockerfile', text })),
      fc
        .oneof(
          procfileTextArb,
          mutatedSeed(seeds.procfile).map((s) => s.text),
        )
        .map((text) => ({ kind: 'procfile' as const, name: 'Procfile', text })),
      fc
        .oneof(
          gitignoreTextArb,
          mutatedSeed(seeds.gitignore).map((s) => s.text),
        )
        .map((text) => ({ kind: 'gitignore' as const, name: '.gitignore', text })),
    );
    fc.assert(
      fc.property(input, ({ kind, name, text }) => {
        const problems: (string | undefined)[] = [];
        timed(name, () => {
          if (kind === 'lock') {
            let lock;
            try {
              lock = parseLockfile(`/w/${name}`, name, text);
            } catch (e) {
              // Malformed JSON or YAML is skipped by the model with a line in the log; anything else is a bug.
              if (!(e instanceof SyntaxError) && (e as Error).name !== 'YAMLParseError') throw e;
              return;
            }
            for (const [k, vs] of lock.versions)
              if (!k || !vs.every((v) => typeof v === 'string'))
                problems.push(`versions of ${k}: ${JSON.stringify(vs)}`);
          } else if (kind === 'env') {
            for (const e of parseEnvFile(text))
              problems.push(
                rangeProblem(e.keyRange, text, `${e.key} key`),
                rangeProblem(e.valueRange, text, `${e.key} value`),
              );
          } else if (kind === 'docker') {
            for (const ins of parseDockerfile(text))
              problems.push(
                rangeProblem(ins.range, text, ins.keyword),
                rangeProblem(ins.argsRange, text, `${ins.keyword} args`),
              );
          } else if (kind === 'procfile') {
            for (const e of parseProcfile(text))
              problems.push(
                rangeProblem(e.range, text, e.type),
                rangeProblem(e.commandRange, text, `${e.type} command`),
              );
          } else {
            const gi = new GitIgnore('/w');
            gi.add('/w', text);
            for (const p of ['/w/.env', '/w/src/a.js', '/w/node_modules/x', '/w/.env.example', '/w/a b/#x'])
              gi.ignores(p);
            gi.ignores('/w/dist', true);
          }
        });
        noProblems(problems);
      }),
      params(runs(SHARES.parsers)),
    );
  });

  it('one project file in memory (.env, Dockerfile, compose YAML, Procfile, .gitignore, lockfile): rules and their fixes', async () => {
    const minimal = fc.constantFrom(
      '{"name":"app","scripts":{"start":"node server.js"},"dependencies":{"express":"^4.18.2"}}',
      '{}',
      '{"name":"a","private":true}',
    );
    const file = fc.oneof(
      fc.tuple(fc.constantFrom('.env', '.env.example', '.env.production'), envTextArb),
      fc.tuple(fc.constantFrom('Dockerfile', 'Dockerfile.worker'), dockerfileTextArb),
      fc.tuple(fc.constantFrom('docker-compose.yml', 'compose.yaml', 'config/production.yaml'), yamlTextArb),
      fc.tuple(fc.constant('Procfile'), procfileTextArb),
      fc.tuple(fc.constant('.gitignore'), gitignoreTextArb),
      lockfileArb.map((l) => [l.name, l.text] as [string, string]),
    );
    await fc.assert(
      fc.asyncProperty(minimal, file, fc.boolean(), async (pkg, [name, text], withEnv) => {
        const files: Record<string, string> = {
          'package.json': pkg,
          [name]: text,
          'server.js': "require('express')().listen(3000);\n",
        };
        if (withEnv && name !== '.env') files['.env'] = 'API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n';
        const spy = logSpy();
        noProblems(await timedAsync(name, () => scanAndFix(memoryEngine(files, spy), spy)));
      }),
      params(runs(SHARES.oneFile)),
    );
  });

  it('generated projects in memory (package.json values of every type): rules and their fixes', async () => {
    await fc.assert(
      fc.asyncProperty(projectArb(seeds), async (files) => {
        const spy = logSpy();
        noProblems(await timedAsync('project', () => scanAndFix(memoryEngine(files, spy), spy)));
      }),
      params(runs(SHARES.projects)),
    );
  });

  it('mutated rule fixture projects in memory: rules and their fixes', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedFixtureArb(fixtureProjects), async (files) => {
        const spy = logSpy();
        noProblems(await timedAsync('fixture', () => scanAndFix(memoryEngine(files, spy), spy)));
      }),
      params(runs(SHARES.fixtures)),
    );
  });

  describe('on disk', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-fuzz-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('generated projects through the real discovery and reader: rules and their fixes', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(projectArb(seeds), async (files) => {
          const root = path.join(dir, String(n++));
          for (const [rel, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
            fs.writeFileSync(path.join(root, rel), text);
          }
          const spy = logSpy();
          const engine = new Engine({ root, rules: ALL_RULES, logger: spy });
          noProblems(await timedAsync('disk project', () => scanAndFix(engine, spy)));
          fs.rmSync(root, { recursive: true, force: true });
        }),
        params(runs(SHARES.disk)),
      );
    });
  });
});

describe('a rule or fix that throws', () => {
  const files = {
    'package.json': JSON.stringify({
      name: 'app',
      scripts: { start: 'node server.js' },
      dependencies: { express: '^4.18.2' },
    }),
    'server.js':
      "const express = require('express');\nexpress().listen(3000);\nconst key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';\n",
  };
  const boom = (where: string) => () => {
    throw new TypeError(`boom in ${where}\nsecond line of the message`);
  };
  const broken: Rule[] = [
    {
      meta: {
        id: 'test/throws-in-source',
        factor: 'config',
        severity: 'warning',
        description: 'x',
        why: 'x',
        messages: { kept: 'kept before the throw' },
      },
      // Reports one finding, then throws: what it reported before stays.
      sources: [
        jsCheck({
          check: (ctx) => {
            ctx.report(ctx.sourceFile, { messageId: 'kept' });
            boom('sourceCheck')();
          },
        }),
      ],
    },
    {
      meta: {
        id: 'test/throws-in-project',
        factor: 'config',
        severity: 'warning',
        description: 'x',
        why: 'x',
        messages: {},
      },
      appliesTo: boom('appliesTo'),
      checkProject: boom('checkProject'),
    },
    {
      meta: {
        id: 'test/throws-in-fixes',
        factor: 'config',
        severity: 'warning',
        description: 'x',
        why: 'x',
        fixable: true,
        messages: { broken: 'has a broken fix' },
      },
      checkProject: (ctx) =>
        ctx.report(
          path.join(ctx.project.root, 'server.js'),
          { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
          { messageId: 'broken' },
        ),
      fixes: boom('fixes'),
    },
  ];

  it("keeps every other rule's findings, logs one line per failure and counts them", async () => {
    const clean = memoryEngine(files, logSpy());
    await clean.scan();
    const expected = clean.findings().map((f) => `${f.ruleId} ${f.range.start.line}`);
    assert.ok(expected.length >= 2, 'the sample trips real rules');

    const spy = logSpy();
    const engine = memoryEngine(files, spy, [...ALL_RULES, ...broken]);
    const stats = await engine.scan();
    const got = engine.findings().map((f) => `${f.ruleId} ${f.range.start.line}`);
    assert.deepStrictEqual(
      got.filter((g) => !g.startsWith('test/')),
      expected,
    );
    assert.deepStrictEqual(got.filter((g) => g.startsWith('test/')).sort(), [
      'test/throws-in-fixes 0',
      'test/throws-in-source 0',
    ]);
    // The source check, appliesTo and checkProject, each caught on its own.
    assert.strictEqual(stats.ruleFailures, 3);
    const finding = engine.findings().find((f) => f.ruleId === 'test/throws-in-fixes')!;
    const fixes = engine.fixesFor(finding);
    assert.ok(
      fixes.some((f) => /^Show documentation/.test(f.title)),
      'the generic fixes are still offered',
    );
    assert.strictEqual(engine.ruleFailures, 4);
    assert.strictEqual(spy.errors.length, 4);
    for (const line of spy.errors) {
      assert.ok(!line.includes('\n'), `one line: ${line}`);
      assert.match(
        line,
        /^Rule test\/throws-in-\w+ (failed|applies-to failed|fixes failed) on (server\.js|\.): boom in \w+ \(at fuzz\.test\.ts:\d+\)\.$/,
      );
    }
  });
});

describe('package.json values of the wrong type', () => {
  const wrong = {
    name: 42,
    version: [],
    private: 'true',
    main: { x: 1 },
    bin: { cli: 'bin/cli.js', bad: 1 },
    type: null,
    scripts: { start: 'node server.js', build: ['tsc'], test: null, constructor: 'node c.js' },
    dependencies: { express: '^4.18.2', pg: 8, __proto__x: 'x' },
    devDependencies: 'typescript',
    engines: { node: 20, npm: '>=9' },
    volta: { node: true },
    packageManager: ['yarn@4'],
    workspaces: ['', 'packages/*', 7, '!'],
    systemDependencies: 'ffmpeg',
    overrides: [],
    imports: 'x',
  };

  it('leaves them out of the typed view and names each in one warning line', () => {
    const pkg = parsePackageJson('/w/package.json', JSON.stringify(wrong, null, 2));
    assert.deepStrictEqual({ ...pkg.scripts }, { start: 'node server.js', constructor: 'node c.js' });
    assert.deepStrictEqual([...pkg.deps.keys()], ['express', '__proto__x']);
    assert.deepStrictEqual([...pkg.malformedDeps], ['pg']);
    assert.deepStrictEqual(pkg.workspaces, ['packages/*']);
    const d = pkg.data;
    assert.deepStrictEqual(
      [
        d.name,
        d.version,
        d.private,
        d.main,
        d.type,
        d.packageManager,
        d.devDependencies,
        d.systemDependencies,
        d.imports,
        d.overrides,
      ],
      [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    );
    assert.deepStrictEqual({ ...d.engines }, { npm: '>=9' });
    assert.deepStrictEqual({ ...(d.bin as Record<string, string>) }, { cli: 'bin/cli.js' });
    assert.deepStrictEqual(d.volta, {});
    assert.deepStrictEqual(pkg.ignored.sort(), [
      'bin.bad',
      'dependencies.pg',
      'devDependencies',
      'engines.node',
      'imports',
      'main',
      'name',
      'overrides',
      'packageManager',
      'private',
      'scripts.build',
      'scripts.test',
      'systemDependencies',
      'type',
      'version',
      'volta.node',
      'workspaces "!"',
      'workspaces ""',
      'workspaces[2]',
    ]);
    assert.match(
      ignoredSummary(pkg, 'package.json')!,
      /^package\.json: ignored 19 value\(s\) of the wrong type \([^,]+, [^,]+, [^,]+, …\)\.$/,
    );
  });

  it('keys named __proto__ or constructor are plain keys: no script appears through a prototype', () => {
    const pkg = parsePackageJson(
      '/w/package.json',
      '{"scripts":{"__proto__":{"start":"rm -rf /"}},"engines":{"__proto__":{"node":"1"}}}',
    );
    assert.strictEqual(pkg.scripts.start, undefined);
    assert.strictEqual(pkg.data.engines?.node, undefined);
    assert.strictEqual(Object.getPrototypeOf(pkg.scripts), null);
  });

  it('rules and fixes meet none of them: no failure, and the manifest is still checked', async () => {
    const spy = { ...logSpy(), warnings: [] as string[] };
    spy.warn = (m: string) => spy.warnings.push(m);
    const engine = memoryEngine(
      {
        'package.json': JSON.stringify(wrong, null, 2),
        'server.js':
          "const express = require('express');\nconst pg = require('pg');\nexpress().listen(3000);\nconst stripe = 'sk_live_ErQHQwjyaxErPZDS3MoJaQNjCxkv';\n",
        'packages/a/package.json': '{"name":"a","workspaces":["!x"]}',
        'pnpm-workspace.yaml': 'packages:\n  - ""\n  - 5\n',
      },
      spy,
    );
    const problems = await scanAndFix(engine, spy);
    assert.deepStrictEqual(problems, []);
    const ids = new Set(engine.findings().map((f) => f.ruleId));
    // (Its bin makes it a CLI, whose ports are not checked: a source rule that applies everywhere shows analysis ran.)
    assert.ok(ids.has('config/hardcoded-secret'), 'source rules still run');
    assert.ok(ids.has('dev-prod-parity/unpinned-engines'), 'engines without a string node is no engines.node');
    // pg is declared, if badly: not reported as an undeclared import.
    assert.ok(!engine.findings().some((f) => f.ruleId === 'dependencies/undeclared-import' && /'pg'/.test(f.message)));
    assert.strictEqual(
      spy.warnings.filter((w) => /^package\.json: ignored \d+ value\(s\) of the wrong type/.test(w)).length,
      1,
    );
  });

  it('canSetString: a fix sets a string only where every container on the way is an object', () => {
    assert.strictEqual(canSetString('{"engines":"20"}', ['engines', 'node']), false);
    assert.strictEqual(canSetString('{"engines":{"node":20}}', ['engines', 'node']), false);
    assert.strictEqual(canSetString('{"scripts":[]}', ['scripts', 'build']), false);
    assert.strictEqual(canSetString('[]', ['scripts']), false);
    assert.strictEqual(canSetString('{}', ['engines', 'node']), true);
    assert.strictEqual(canSetString('{"engines":{}}', ['engines', 'node']), true);
    assert.strictEqual(canSetString('{"engines":{"node":"18"}}', ['engines', 'node']), true);
  });
});

describe('deeply nested and long-chained code', () => {
  const head = "const express = require('express');\nconst x = ";
  // One link per line, as code is written: a single long line would be skipped as minified before any parse.
  const shapes: Record<string, (n: number) => string> = {
    parens: (n) => '(\n'.repeat(n) + '1' + ')\n'.repeat(n),
    arrays: (n) => '[\n'.repeat(n) + ']\n'.repeat(n),
    calls: (n) => 'f' + '(f\n'.repeat(n) + ')\n'.repeat(n),
    blocks: (n) => '0;\n' + 'if (a) {\n'.repeat(n) + '}\n'.repeat(n),
    sums: (n) => 'a' + '\n  + a'.repeat(n),
    ternaries: (n) => 'a ? b :\n'.repeat(n) + 'c',
    members: (n) => 'process.env' + '\n  .a'.repeat(n),
  };

  it('no exception at any depth: past the limit the rules are skipped with one line, imports still read', async () => {
    for (const [shape, make] of Object.entries(shapes)) {
      for (const n of shape === 'members' ? [300, 1900, 4000] : [300, 4000]) {
        const text = `${head}${make(n)};\n`;
        const spy = { ...logSpy(), warnings: [] as string[] };
        spy.warn = (m: string) => spy.warnings.push(m);
        const engine = memoryEngine(
          { 'package.json': '{"name":"app","dependencies":{"express":"^4.18.2"}}', 'app.js': text },
          spy,
        );
        noProblems(await timedAsync(`${shape} ${n}`, () => scanAndFix(engine, spy)));
        const a = engine.analysis(path.join(FUZZ_ROOT, 'app.js'))!;
        assert.deepStrictEqual(
          a.facts.imports.map((i) => i.specifier),
          ['express'],
          `${shape} ${n}`,
        );
        if (a.skipped)
          assert.deepStrictEqual(
            spy.warnings.filter((w) => w.startsWith('Skipped the rules on app.js: nested more than')).length,
            1,
          );
        // Below the limit a file is analysed; a 1,900-link a.b.c chain too (in linear time: it was quadratic).
        if (n < 2000) assert.ok(a.parsed && !a.skipped, `${shape} ${n} analysed`);
      }
    }
  });
});

describe('a large hand-written source file', () => {
  it('is analysed, not skipped as minified (every file over 25 kB was)', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => `function f${i}(a, b) {\n  return a + b + ${i};\n}\n`).join('');
    const text = `const express = require('express');\n${body}express().listen(3000);\n`;
    assert.ok(text.length > 60_000);
    const spy = logSpy();
    const engine = memoryEngine(
      { 'package.json': '{"name":"app","dependencies":{"express":"^4.18.2"}}', 'app.js': text },
      spy,
    );
    await engine.scan();
    assert.deepStrictEqual(
      engine
        .findings()
        .filter((f) => f.ruleId === 'port-binding/hardcoded-port')
        .map((f) => f.range.start.line),
      [text.split('\n').length - 2],
    );
  });
});
