import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan, scanFiles } from '../../../helpers/engine';

const ID = 'config/per-environment-config-files';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags each group of environment-named config files once, on the production (or staging) file', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), ['app/config.prod.yml:1', 'config/production.json:1', 'src/settings.staging.js:1']);
    const nodeConfig = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('production.json'))!;
    assert.match(nodeConfig.message, /with default\.json, development\.json, test\.json/);
    assert.match(nodeConfig.message, /custom-environment-variables\.json/);
  });

  it('accepts build-tool, Angular, compose, tsconfig and .env mode files, local-only groups, lone files, tests and env-keyed knexfiles', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('ignores config files git does not track', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      '.gitignore': 'config/production.json\n',
      'config/production.json': '{}',
      'config/development.json': '{}',
    });
    assert.deepStrictEqual(s.where(ID), []);
  });
});
