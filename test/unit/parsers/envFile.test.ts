// platform/envFile: dotenv's grammar (the dotenv in package.json), with the ranges rules and fixes need.
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as dotenv from 'dotenv';
import { envValues, parseEnvFile } from '../../../server/src/platform/envFile';
import { LineIndex } from '../../../server/src/util/text';

/** What the entries say, last key winning, as dotenv.parse returns it (the reader fixes and rules use). */
const asDotenv = (text: string) => Object.fromEntries(envValues(text));

describe('parsers/envFile', () => {
  it('reads `KEY: value` lines as dotenv loads them (one space or tab after the colon)', () => {
    const text = 'PORT: 3000\nexport HOST: example.com # note\nNAME:\t"quoted"\nA:b\nK : v\n';
    assert.deepStrictEqual(asDotenv(text), dotenv.parse(text));
    assert.deepStrictEqual(asDotenv(text), { PORT: '3000', HOST: 'example.com', NAME: 'quoted' });
  });

  it('gives key and value ranges on the line, for `=` and `:` forms', () => {
    const text = 'A=1\r\nB: two\nC:\n';
    const lines = new LineIndex(text);
    const slice = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
      text.slice(lines.offset(r.start), lines.offset(r.end));
    const entries = parseEnvFile(text);
    assert.deepStrictEqual(
      entries.map((e) => [e.key, slice(e.keyRange), slice(e.valueRange), e.line]),
      [
        ['A', 'A', '1', 0],
        ['B', 'B', 'two', 1],
        ['C', 'C', '', 2],
      ],
    );
  });

  it('agrees with dotenv.parse on keys and values (4,000 seeded cases)', () => {
    const piece = fc.constantFrom(
      'KEY',
      'A_1',
      'x.y-z',
      'export ',
      '=',
      ': ',
      ':',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '\r',
      '#',
      '# c',
      "'",
      '"',
      '`',
      '\\n',
      '\\',
      "\\'",
      'value',
      'a b',
      '$',
      '\u2028',
      '\u00a0',
      'é',
      '',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        assert.deepStrictEqual(asDotenv(text), { ...dotenv.parse(text) }, JSON.stringify(text));
      }),
      { seed: 9, numRuns: Number(process.env.FUZZ_RUNS) || 4000 },
    );
  });
});
