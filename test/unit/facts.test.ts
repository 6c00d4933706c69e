// Imports read without a tree (preProcessFile) must sit where the tree puts them: the quoted specifier.
import * as assert from 'assert';
import { factsFromPreprocess } from '../../server/src/core/facts';
import { LineIndex } from '../../server/src/util/text';

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
