// The Python text of the move-to-env fix: a literal's value as written, the os.environ read, and `import os` at the
// head of the file, after the docstring and __future__ imports.
import * as assert from 'assert';
import { pyEnvRead, pyImportEdit, pyStringLiteralValue } from '../../../../server/src/lang/py/edits';
import { LineIndex } from '../../../../server/src/util/text';

/** The text with the edit applied (or unchanged without one). */
function withImport(text: string): string {
  const edit = pyImportEdit(text, 'os');
  if (!edit) return text;
  const lines = new LineIndex(text);
  const at = lines.offset(edit.range.start);
  return text.slice(0, at) + edit.newText + text.slice(lines.offset(edit.range.end));
}

describe('lang/py edits', () => {
  it('reads plain string literals, and nothing it cannot read back exactly', () => {
    assert.strictEqual(pyStringLiteralValue("'sk_live_x'"), 'sk_live_x');
    assert.strictEqual(pyStringLiteralValue('"a\'b"'), "a'b");
    assert.strictEqual(pyStringLiteralValue("r'a\\b'"), 'a\\b');
    assert.strictEqual(pyStringLiteralValue("'''x'''"), 'x');
    for (const raw of ["'a\\nb'", "b'x'", "f'{x}'", "'a' 'b'", 'x', "'a' + 'b'", "'unterminated"])
      assert.strictEqual(pyStringLiteralValue(raw), undefined, raw);
  });

  it("reads the variable in the literal's quotes", () => {
    assert.strictEqual(pyEnvRead('SECRET_KEY', "'x'"), "os.environ['SECRET_KEY']");
    assert.strictEqual(pyEnvRead('SECRET_KEY', '"x"'), 'os.environ["SECRET_KEY"]');
    assert.strictEqual(pyEnvRead('SECRET_KEY', '"""x"""'), "os.environ['SECRET_KEY']");
  });

  it('adds import os after the docstring and __future__ imports, before the other imports or the first code', () => {
    assert.strictEqual(
      withImport('"""Doc."""\nimport psycopg2\n\nX = 1\n'),
      '"""Doc."""\nimport os\nimport psycopg2\n\nX = 1\n',
    );
    assert.strictEqual(
      withImport('from __future__ import annotations\nX = 1\n'),
      'from __future__ import annotations\nimport os\n\nX = 1\n',
    );
    assert.strictEqual(
      withImport('#!/usr/bin/env python\n# coding: utf-8\nX = 1\n'),
      '#!/usr/bin/env python\n# coding: utf-8\nimport os\n\nX = 1\n',
    );
    // A docstring that mentions `import os` binds nothing.
    assert.strictEqual(withImport('"""Doc\nimport os\n"""\nX = 1\n'), '"""Doc\nimport os\n"""\nimport os\n\nX = 1\n');
    assert.strictEqual(withImport('"""Only a doc."""\n'), '"""Only a doc."""\nimport os\n\n');
    assert.strictEqual(withImport(''), 'import os\n');
    assert.strictEqual(withImport('X = 1\r\n'), 'import os\r\n\r\nX = 1\r\n');
    assert.strictEqual(
      withImport('from x import (\n    a,\n)\nY = 2\n'),
      'import os\nfrom x import (\n    a,\n)\nY = 2\n',
    );
  });

  it('adds nothing when the head already binds os, and is idempotent', () => {
    for (const text of ['import os\nX = 1\n', 'import sys, os\n', 'import os.path\nY = 2\n', '"""D."""\nimport os\n'])
      assert.strictEqual(pyImportEdit(text, 'os'), undefined, text);
    // `import os as o` binds o, not os.
    assert.strictEqual(withImport('import os as o\n'), 'import os\nimport os as o\n');
    const once = withImport('"""Doc."""\nX = 1\n');
    assert.strictEqual(withImport(once), once);
  });
});
