import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan } from '../../../helpers/engine';

const ID = 'build-release-run/code-fetch-at-runtime';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags git pull/clone and downloads run as code at start-up and in app code', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      'Dockerfile:3',
      'Procfile:1',
      'Procfile:2',
      'package.json:5',
      'src/presets.js:9',
      'src/presets.js:14',
      'src/update.js:4',
      'src/update.js:5',
    ]);
    const pipe = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('Procfile'))!;
    assert.match(pipe.message, /'curl -fsSL https:\/\/example\.com\/install\.sh \| bash'/);
  });

  it('accepts fetches at build time, in the release phase, in scripts and tests, and clones of computed URLs', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
