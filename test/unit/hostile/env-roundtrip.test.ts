// Property: any value "Move to .env" writes reads back identically through dotenv.parse and through a POSIX shell
// that sources the file (`sh -c '. ./.env; printf %s "$KEY"'`), with nothing expanded or run. Values no quoting can
// carry for both are refused, visibly (a disabled fix with the reason). Seeded; FUZZ_RUNS raises the case count.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import * as dotenv from 'dotenv';
import { appendEnvLine, moveToEnvFix } from '../../../server/src/fixes/env';
import { envValues, quoteEnvValue } from '../../../server/src/platform/envFile';
import type { FixContext } from '../../../server/src/core/types';
import type { Workspace } from '../../../server/src/core/model';
import { LineIndex } from '../../../server/src/util/text';

const DOTENV_RUNS = Number(process.env.FUZZ_RUNS) || 4000;
const SHELL_RUNS = Math.min(DOTENV_RUNS, 300);

// Characters and pieces that mean something to dotenv or to a shell, mixed with plain text and any code point.
const PIECES = [
  "'",
  '"',
  '`',
  '$',
  '\\',
  '\n',
  '\r',
  '#',
  ' ',
  '\t',
  '=',
  ':',
  '~',
  '*',
  '?',
  '!',
  ';',
  '&',
  '|',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  '\\n',
  '\\r',
  '\\\\',
  '${HOME}',
  '$(touch pwned)',
  '`touch pwned`',
  "'; touch pwned; '",
  '"; touch pwned; "',
  '\u2028',
  '\u00a0',
  '\ufeff',
  'é',
  '😀',
  '\0',
  '\ud800',
  'export ',
  'KEY=',
  '# c',
];
const valueArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.string({
      unit: fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom(...'abcXYZ019_-./@%+,')),
      maxLength: 12,
    }),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
);

// What the .env already holds: the new line must read back whatever came before it.
// (Values the generator won't produce: an equal value would be reused, with no new line.)
const BASES = [
  '',
  'EXISTING=existing-1\n',
  'EXISTING=existing-1',
  "# note\nexport EXP='existing 2'\n",
  'CONT=existing\\',
  'CRLF=existing-3\r\n',
];

const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-env-roundtrip-'));
  dirs.push(d);
  return d;
}

/** A fix context over an in-memory project in an empty real folder (for the symlink checks), `.env` = `base`. */
function context(root: string, base: string): FixContext {
  const files = new Map([
    [path.join(root, '.env'), base],
    [path.join(root, '.gitignore'), '.env\n'],
    [path.join(root, 'app.js'), 'x'],
  ]);
  const workspace = { root, files: new Map(), projects: [], projectOf: () => undefined } as unknown as Workspace;
  return { workspace, project: undefined, read: (p) => files.get(p), exists: (p) => files.has(p) };
}

/** The `.env` text after the fix, or the reason it refused. */
function written(root: string, base: string, value: string): { text: string } | { refused: string } {
  const fix = moveToEnvFix(
    {
      file: path.join(root, 'app.js'),
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      value,
      names: ['KEY'],
    },
    context(root, base),
  );
  if (fix.disabled) return { refused: fix.disabled };
  const fe = fix.edits!.find((e) => e.path === path.join(root, '.env'));
  assert.ok(fe, `no .env edit for ${JSON.stringify(value)}`);
  const lines = new LineIndex(base);
  let text = base;
  for (const e of [...fe.edits].reverse())
    text = text.slice(0, lines.offset(e.range.start)) + e.newText + text.slice(lines.offset(e.range.end));
  return { text };
}

describe('hostile: .env values written by fixes round-trip through dotenv and sh', function () {
  this.timeout(60000);
  const refused = new Map<string, string[]>();
  let accepted = 0;
  let root: string;

  before(() => {
    root = tmpDir();
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    const total = [...refused.values()].reduce((n, l) => n + l.length, 0);
    // One line for the record: how many generated values were written and which kinds were refused.
    console.log(
      `      env round-trip (dotenv): ${accepted} values written, ${total} refused (${[...refused].map(([r, l]) => `${l.length}× ${r}`).join('; ')})`,
    );
  });

  it(`reads back every written value through dotenv.parse and the fix's own parser (${DOTENV_RUNS} seeded cases)`, () => {
    // The fix's line, appended the fix's way: quoteEnvValue and appendEnvLine (moveToEnvFix is run below).
    fc.assert(
      fc.property(valueArb, fc.constantFrom(...BASES), (value, base) => {
        const q = quoteEnvValue(value);
        if (!q.ok) {
          refused.set(q.reason, [...(refused.get(q.reason) ?? []), value]);
          return;
        }
        accepted++;
        const text = base + appendEnvLine(base, `KEY=${q.text}`).newText;
        const parsed = dotenv.parse(text);
        assert.strictEqual(parsed.KEY, value);
        assert.strictEqual(envValues(text).get('KEY'), value);
        // What was there before still reads the same.
        for (const [k, v] of Object.entries(dotenv.parse(base))) assert.strictEqual(parsed[k], v, k);
      }),
      { seed: 20240607, numRuns: DOTENV_RUNS },
    );
    assert.ok(accepted > DOTENV_RUNS / 2, `only ${accepted} of ${DOTENV_RUNS} accepted`);
  });

  for (const shell of ['sh', 'bash']) {
    it(`reads back every written value through ${shell} sourcing the file, running nothing (${SHELL_RUNS} values in one batch)`, function () {
      // Both are on every machine this project tests on (Debian); a missing one fails rather than skips.
      assert.strictEqual(spawnSync(shell, ['-c', 'exit 0']).status, 0, `${shell} is needed for this test`);
      const dir = tmpDir();
      const values = fc.sample(fc.tuple(valueArb, fc.constantFrom(...BASES.filter((b) => !b.includes('\r')))), {
        seed: 42,
        numRuns: SHELL_RUNS,
      });
      const cases: { value: string; file: string }[] = [];
      for (const [value, base] of values) {
        const r = written(root, base, value);
        if ('refused' in r) continue;
        const file = `${String(cases.length).padStart(4, '0')}.env`;
        fs.writeFileSync(path.join(dir, file), r.text);
        cases.push({ value, file });
      }
      assert.ok(cases.length > SHELL_RUNS / 2, `only ${cases.length} values to check`);
      // One shell for the batch; each file sourced in a subshell, as `sh -c '. ./.env; printf %s "$KEY"'` would.
      const script = 'for f in ./*.env; do ( . "$f"; printf %s "$KEY" > "$f.out" ); done';
      const run = spawnSync(shell, ['-c', script], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: dir },
      });
      assert.strictEqual(run.status, 0, run.stderr);
      assert.strictEqual(run.stderr, '');
      for (const c of cases)
        assert.strictEqual(
          fs.readFileSync(path.join(dir, `${c.file}.out`), 'utf8'),
          c.value,
          `${c.file}: ${JSON.stringify(c.value)}`,
        );
      assert.ok(!fs.existsSync(path.join(dir, 'pwned')), 'a value ran a command');
    });
  }

  it("writes the proof of concept (x'y'; touch pwned) as text: sourcing it runs nothing", () => {
    const dir = tmpDir();
    const value = "x'y'; touch pwned";
    const r = written(root, 'PATH_BEFORE=1\n', value);
    assert.ok('text' in r);
    assert.ok(!r.text.includes('`'), r.text);
    fs.writeFileSync(path.join(dir, '.env'), r.text);
    const run = spawnSync('sh', ['-c', '. ./.env; printf %s "$KEY"'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(run.stdout, value);
    assert.ok(!fs.existsSync(path.join(dir, 'pwned')));
  });

  it('refuses, with the reason, what no quoting carries for both readers', () => {
    for (const [value, reason] of [
      [`it's "quoted"`, /holds ' and "/],
      ["it's $HOME", /holds ' and \$/],
      ["it's `id`", /holds ' and `/],
      ["it's a\\nb", /backslash/],
      ["it's a\\\\b", /backslash/],
      ["ends in it's\\", /backslash/],
      ['a\rb', /carriage return/],
      ['a\0b', /NUL/],
      ['a\ud800b', /Unicode/],
    ] as const) {
      const q = quoteEnvValue(value);
      assert.ok(!q.ok && reason.test(q.reason), `${JSON.stringify(value)}: ${JSON.stringify(q)}`);
      const r = written(root, '', value);
      assert.ok('refused' in r && reason.test(r.refused), JSON.stringify(r));
    }
    // What they can carry, they write in the plainest form that both read alike.
    assert.deepStrictEqual(quoteEnvValue('sk_live_abc-1.2/3'), { ok: true, text: 'sk_live_abc-1.2/3' });
    assert.deepStrictEqual(quoteEnvValue('$(touch pwned) "x" `y` \\n'), {
      ok: true,
      text: '\'$(touch pwned) "x" `y` \\n\'',
    });
    assert.deepStrictEqual(quoteEnvValue("it's\na \\ b"), { ok: true, text: '"it\'s\na \\ b"' });
  });
});
