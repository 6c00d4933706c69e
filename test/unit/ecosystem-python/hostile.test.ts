// ecosystem/python on hostile input: seeded fast-check properties (no reader throws, every range lies inside its
// text) and linear time on pathological runs (time(8n)/time(n) well below the 64 of quadratic code, as in
// test/unit/hostile/regex.test.ts).
import * as assert from 'assert';
import fc from 'fast-check';
import { parsePep508, parseRequirementSpec } from '../../../server/src/ecosystem/python/pep508';
import { parseRequirements } from '../../../server/src/ecosystem/python/requirements';
import { parsePyProject } from '../../../server/src/ecosystem/python/pyproject';
import { parsePipfile } from '../../../server/src/ecosystem/python/pipfile';
import { parseSetupCfg } from '../../../server/src/ecosystem/python/setupCfg';
import { parsePyLockfile } from '../../../server/src/ecosystem/python/locks';
import { pythonVersionFile, runtimeTxt } from '../../../server/src/ecosystem/python/pythonVersion';
import { constraintsAgree, poetryToPep440 } from '../../../server/src/ecosystem/python/versions';
import { distributionsForImport } from '../../../server/src/ecosystem/python/names';
import { fill, growth } from '../hostile/regexCases';
import type { Range } from '../../../server/src/util/types';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const RUNS = Math.max(200, Math.floor(Number(process.env.FUZZ_RUNS ?? 1500) / 5));
const params = { seed: SEED, numRuns: RUNS, endOnFailure: true };

/** Text made of the pieces each format is built from, so mutations reach deep into the readers. */
const textOf = (pieces: string[]) =>
  fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((a) => a.join(''));

const REQ = [
  'requests',
  'Django',
  '==',
  '>=',
  '~=',
  '===',
  '1.0',
  '2.*',
  '[',
  ']',
  ',',
  ';',
  '@',
  ' ',
  '\n',
  '\r\n',
  '\\\n',
  '#',
  ' #',
  '-e ',
  '-r ',
  '-c ',
  '--hash=sha256:ab',
  '--index-url ',
  'git+https://h/p.git@',
  '#egg=z',
  'python_version < "3.8"',
  './pkg',
  'x-1.0.tar.gz',
  '(',
  ')',
  '--',
  '-',
];
const TOML = [
  '[project]',
  '[tool.poetry.dependencies]',
  '[[package]]',
  '[dependency-groups]',
  '[tool.uv.sources]',
  '[packages]',
  '[requires]',
  'name = ',
  'version = ',
  'dependencies = [',
  'dependencies',
  ']',
  '"',
  "'",
  '"""',
  '{',
  '}',
  '=',
  ',',
  '\n',
  '.',
  'python = "^3.11"',
  '"flask>=2"',
  '{ version = "^1" }',
  'x = { path = "." }',
  '<<<<<<< HEAD\n',
  '=======\n',
  '\\u00',
  'true',
  '1979-05-27',
];
const INI = [
  '[options]',
  '[metadata]',
  '[options.extras_require]',
  '[options.entry_points]',
  'install_requires =',
  'console_scripts =',
  '\n    ',
  '\n',
  ' = ',
  ':',
  ';',
  '#',
  'file: ',
  'requests>=2',
  'a = b:c',
  '\t',
  '[',
];

function inside(text: string, r: Range, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} of ${lines.length}`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${what}: character ${p.character}`);
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), what);
}

/** Every `range`/`nameRange`/`keyRange` anywhere in a result. */
function rangesIn(value: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(value)) for (const v of value) rangesIn(v, out);
  else if (value instanceof Map) for (const v of value.values()) rangesIn(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.start && o.end && typeof (o.start as { line?: unknown }).line === 'number') out.push(o as unknown as Range);
    else for (const v of Object.values(o)) rangesIn(v, out);
  }
  return out;
}

const checkRanges = (text: string, result: unknown) => {
  for (const r of rangesIn(result)) inside(text, r, JSON.stringify(text).slice(0, 200));
};

describe(`ecosystem/python hostile input (fast-check, seed ${SEED})`, function () {
  this.timeout(120_000);

  it('requirements files: never throws, ranges inside the text', () => {
    fc.assert(
      fc.property(textOf(REQ), (t) => checkRanges(t, parseRequirements(t))),
      params,
    );
  });

  it('PEP 508 strings: never throws, offsets inside the text', () => {
    fc.assert(
      fc.property(textOf(REQ), (t) => {
        for (const r of [parsePep508(t), parseRequirementSpec(t)]) {
          for (const [s, e] of [
            [r.requirement?.nameStart, r.requirement?.nameEnd],
            [r.error?.start, r.error?.end],
          ])
            if (s !== undefined) assert.ok(0 <= s && s <= e! && e! <= Math.max(t.length, s + 1), t);
        }
      }),
      params,
    );
  });

  it('pyproject.toml and Pipfile: never throws, ranges inside the text', () => {
    fc.assert(
      fc.property(textOf(TOML), (t) => {
        checkRanges(t, parsePyProject(t));
        checkRanges(t, parsePipfile(t));
      }),
      params,
    );
  });

  it('lockfiles: never throws, ranges inside the text', () => {
    fc.assert(
      fc.property(textOf([...TOML, '{"default": {', '"a": {"version": "==1"}', '}', '"develop"', ':']), (t) => {
        for (const base of ['uv.lock', 'poetry.lock', 'pdm.lock', 'Pipfile.lock'])
          checkRanges(t, parsePyLockfile(base, t)!.problems);
      }),
      params,
    );
  });

  it('setup.cfg: never throws, ranges inside the text', () => {
    fc.assert(
      fc.property(textOf([...INI, ...REQ]), (t) => checkRanges(t, parseSetupCfg(t))),
      params,
    );
  });

  it('version files and constraints: never throw', () => {
    const versions = [
      '3',
      '.',
      '11',
      '4',
      '^',
      '~',
      '>=',
      '<',
      '!=',
      '==',
      '*',
      ',',
      '||',
      ' ',
      'python-',
      'rc1',
      '\n',
      'x',
    ];
    fc.assert(
      fc.property(textOf(versions), textOf(versions), (a, b) => {
        checkRanges(a, pythonVersionFile(a));
        checkRanges(a, runtimeTxt(a));
        const pa = poetryToPep440(a);
        const pb = poetryToPep440(b);
        if (pa && pb) constraintsAgree(pa, pb);
        distributionsForImport(a);
      }),
      params,
    );
  });
});

const MAX_RATIO = 30;
const N = 16 * 1024;

const CASES: { name: string; make: (n: number) => string; run: (t: string) => unknown }[] = [
  { name: 'requirements: one long name', make: (n) => fill('a', n), run: parseRequirements },
  { name: 'requirements: spaces before a #', make: (n) => `${fill(' ', n)}x#`, run: parseRequirements },
  { name: 'requirements: # glued to text', make: (n) => `x${fill('a#', n)}`, run: parseRequirements },
  { name: 'requirements: backslash continuations', make: (n) => fill('a\\\n', n), run: parseRequirements },
  {
    name: 'requirements: backslashes inside a continued line',
    make: (n) => `${fill('\\', n)}x\\`,
    run: parseRequirements,
  },
  {
    name: 'pyproject: script target of brackets',
    make: (n) => `[project.scripts]\na = "${fill('[', n)}x"\n`,
    run: parsePyProject,
  },
  {
    name: 'setup.cfg: entry point of brackets',
    make: (n) => `[options.entry_points]\nconsole_scripts =\n    a = m:${fill('[', n)}x\n`,
    run: parseSetupCfg,
  },
  {
    name: 'import name: namespace segment',
    make: (n) => `google.cloud.${fill('_v1', n)}-`,
    run: distributionsForImport,
  },
  {
    name: 'requirements: many short lines',
    make: (n) => fill('flask==1.0 --hash=sha256:ab\n', n),
    run: parseRequirements,
  },
  { name: 'requirements: option run', make: (n) => `a ${fill('-', n)}`, run: parseRequirements },
  { name: 'requirements: clauses', make: (n) => `a${fill('>=1,', n)}`, run: parseRequirements },
  { name: 'requirements: extras', make: (n) => `a[${fill('b,', n)}`, run: parseRequirements },
  { name: 'requirements: archive file name', make: (n) => `${fill('a-b', n)}-1.tar.gz`, run: parseRequirements },
  { name: 'PEP 508: name run ending in dots', make: (n) => `${fill('a.', n)}!`, run: parsePep508 },
  {
    name: 'pyproject: long dependency string',
    make: (n) => `[project]\ndependencies = ["${fill('a', n)}"]\n`,
    run: parsePyProject,
  },
  {
    name: 'pyproject: many dependencies',
    make: (n) => `[project]\ndependencies = [${fill('"abcdefghijklmnopqrstuvwxyz>=1",', n)}]\n`,
    run: parsePyProject,
  },
  { name: 'pyproject: many broken lines', make: (n) => fill('x\n', n), run: parsePyProject },
  { name: 'pyproject: conflict markers', make: (n) => `[project]\n${fill('=======\n', n)}`, run: parsePyProject },
  { name: 'pyproject: blank lines after an open array', make: (n) => `a = [\n${fill('\n', n)}`, run: parsePyProject },
  {
    name: 'Poetry: many dependencies',
    make: (n) => {
      let i = 0;
      const unit = 'abcdefghijklmnopqrstuvwxyz_0000 = "^1.0"\n';
      return `[tool.poetry.dependencies]\n${fill(unit, n).replace(/_0000/g, () => `_${i++}`)}`;
    },
    run: parsePyProject,
  },
  {
    name: 'uv.lock: many packages',
    make: (n) => fill('[[package]]\nname = "a"\nversion = "1"\n', n),
    run: (t) => parsePyLockfile('uv.lock', t),
  },
  { name: 'uv.lock: broken lines', make: (n) => fill('x\n', n), run: (t) => parsePyLockfile('uv.lock', t) },
  { name: 'Pipfile.lock: deep nesting', make: (n) => fill('{"a":', n), run: (t) => parsePyLockfile('Pipfile.lock', t) },
  {
    name: 'setup.cfg: long continuation',
    make: (n) => `[options]\ninstall_requires =\n${fill('    abcdefghijklmnopqrstuvwxyz\n', n)}`,
    run: parseSetupCfg,
  },
  {
    name: 'setup.cfg: one long line',
    make: (n) => `[options]\ninstall_requires = ${fill('abcdefghijklmnopqrstuvwxyz;', n)}`,
    run: parseSetupCfg,
  },
  { name: '.python-version: digits', make: (n) => fill('3.', n), run: pythonVersionFile },
  { name: 'Poetry constraint: clauses', make: (n) => fill('>=1 ', n), run: poetryToPep440 },
  { name: 'import name: dotted', make: (n) => fill('a.', n), run: distributionsForImport },
];

describe('ecosystem/python readers stay linear on pathological input', function () {
  this.timeout(120_000);
  for (const c of CASES) {
    it(`${c.name}: time(8n)/time(n) < ${MAX_RATIO}`, async () => {
      let g = await growth(c.make, c.run, N);
      for (let attempt = 1; attempt < 3 && g.ratio >= MAX_RATIO; attempt++) g = await growth(c.make, c.run, N);
      assert.ok(
        g.ratio < MAX_RATIO,
        `grew ${g.ratio.toFixed(1)}-fold (${g.small.toFixed(2)} ms → ${g.large.toFixed(2)} ms)`,
      );
    });
  }
});
