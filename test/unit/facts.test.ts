// Imports read without a tree (preProcessFile) must sit where the tree puts them: the quoted specifier.
import * as assert from 'assert';
import { factsFromPreprocess } from '../../server/src/lang/js/facts';
import { LineIndex } from '../../server/src/util/text';
import { allFacts } from '../../server/src/core/facts';
import { ADAPTERS } from '../../server/src/engine/analyze';
import { ALL_RULES } from '../../server/src/rules';

describe('facts without a tree', () => {
  it('an import specifier range covers the quoted string (it used to start one column early)', () => {
    const text =
      "const db = require('../src/db');\nimport x from \"abc\";\nexport * from './q';\nconst y = import(`zz`);\n";
    const lines = new LineIndex(text);
    const got = factsFromPreprocess(text).imports.map((i) =>
      text.slice(lines.offset(i.range.start), lines.offset(i.range.end)),
    );
    assert.deepStrictEqual(got, ["'../src/db'", '"abc"', "'./q'", '`zz`']);
  });
});

describe('engine facts', () => {
  // Python has no rule that uses these yet: each is added to lang/py with the first Python rule that needs it, and
  // leaves this list then. A new engine fact must be listed here or get a Python extractor.
  const NOT_YET: Record<string, string[]> = {
    js: [],
    py: ['elided-imports'],
  };

  it('every engine fact a rule can use has an extractor in each language adapter, or is listed as not yet', () => {
    const engineFacts = [...new Set([...allFacts(), ...ALL_RULES.flatMap((r) => r.uses ?? [])])].filter(
      (d) => d.owner === undefined,
    );
    assert.ok(engineFacts.length >= 6, `found ${engineFacts.length}`);
    assert.deepStrictEqual(ADAPTERS.map((a) => a.id).sort(), Object.keys(NOT_YET).sort());
    for (const adapter of ADAPTERS)
      assert.deepStrictEqual(
        engineFacts
          .filter((d) => !adapter.extracts(d))
          .map((d) => d.id)
          .sort(),
        [...NOT_YET[adapter.id]].sort(),
        `${adapter.id}'s extractors`,
      );
    // The core facts (the process model reads them) are every adapter's.
    for (const adapter of ADAPTERS) for (const d of engineFacts) if (d.core) assert.ok(adapter.extracts(d), d.id);
  });
});
