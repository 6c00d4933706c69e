import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan, scanFiles } from '../../../helpers/engine';

const ID = 'config/per-environment-config-files';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags each group of environment-named config files once, on the production (or staging) file', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s.where(ID).filter((w) => !/^src\/(api|buckets|origins)\.|^python\//.test(w)),
      ['app/config.prod.yml:1', 'config/production.json:1', 'src/settings.staging.js:1'],
    );
    const nodeConfig = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('production.json'))!;
    assert.strictEqual(
      nodeConfig.message,
      'production.json (with default.json, development.json, test.json) splits config by environment name.',
    );
  });

  it('flags objects keyed by environment name whose entry code picks by NODE_ENV, APP_ENV or STAGE, at the object literal', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(
      s.where(ID).filter((w) => /^src\/(api|buckets|origins)\./.test(w)),
      ['src/api.js:3', 'src/buckets.ts:6', 'src/origins.ts:3', 'src/origins.ts:6'],
    );
    const msg = (w: string) =>
      s.findings.find((f) => f.ruleId === ID && `${s.engine.rel(f.path)}:${f.range.start.line + 1}` === w)!.message;
    assert.strictEqual(
      msg('src/buckets.ts:6'),
      'Config grouped by named environment (development, staging, production) and picked by NODE_ENV on line 14.',
    );
    assert.match(msg('src/api.js:3'), /picked by APP_ENV on line 9\.$/);
    assert.strictEqual(
      msg('src/origins.ts:3'),
      'Config grouped by named environment (development, production) and picked by NODE_ENV.',
    );
    assert.match(msg('src/origins.ts:6'), /\(dev, prod\) and picked by STAGE on line 7/);
    const f = s.findings.find((x) => x.ruleId === ID && x.path.endsWith('buckets.ts'))!;
    assert.deepStrictEqual(
      [f.range.start, f.range.end],
      [
        { line: 5, character: 45 },
        { line: 5, character: 46 },
      ],
    );
  });

  it('counts lines as editors do (a U+2028 in a comment breaks no line)', async () => {
    const s = await scanFiles({
      'package.json': '{ "name": "app", "version": "1.0.0", "main": "src/config.js" }\n',
      'src/config.js':
        "// a\u2028b\nconst byEnv = {\n  development: { host: 'localhost' },\n  production: { host: 'db.acme-prod.internal' },\n};\nmodule.exports = byEnv[process.env.NODE_ENV];\n",
    });
    const f = s.findings.find((x) => x.ruleId === ID)!;
    assert.ok(f, JSON.stringify(s.findings.map((x) => x.ruleId)));
    assert.deepStrictEqual(
      [f.range.start, f.range.end],
      [
        { line: 1, character: 14 },
        { line: 1, character: 15 },
      ],
    );
    assert.match(f.message, /picked by NODE_ENV on line 6\.$/);
  });

  it('accepts build-tool, Angular, compose, tsconfig and .env mode files, local-only groups, lone files, tests and env-keyed knexfiles', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('accepts env-keyed objects nothing picks by an environment variable (or only a parameter does), log levels and formats picked by a switch or a map, numbers and switches, values every environment shares, webpack/jest configs and tests', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(
      s.where(ID).filter((w) => /^(src|test)\/|\.config\.js$/.test(w)),
      [],
    );
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
