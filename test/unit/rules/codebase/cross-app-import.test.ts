import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'codebase/cross-app-import';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it("flags relative imports into another app's or package's source", async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      'apps/api/functions/index.js:1',
      'apps/web/src/format.ts:1',
      'apps/web/src/orders.ts:2',
    ]);
    const [nested, lib, app] = s.findings.filter((f) => f.ruleId === ID);
    assert.match(nested.message, /reaches out of its package into apps\/api\/src\/db, which belongs to '@acme\/api'/);
    assert.match(app.message, /source of another app, '@acme\/api' \(apps\/api\)/);
    assert.strictEqual(
      lib.message,
      "This imports '@acme/shared' (packages/shared) by a relative path into its source instead of as a dependency.",
    );
  });

  it('accepts imports inside the package, by package name, type-only (also elided), and from tests, configs and root scripts', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
