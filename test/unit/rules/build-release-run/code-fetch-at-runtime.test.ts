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
      'py-worker/worker/selectors.py:10',
      'py-worker/worker/selectors.py:12',
      'py-worker/worker/selectors.py:16',
      'src/presets.js:9',
      'src/presets.js:14',
      'src/update.js:4',
      'src/update.js:5',
    ]);
    const pipe = s.findings.find((f) => f.ruleId === ID && f.path.endsWith('Procfile'))!;
    assert.match(pipe.message, /'curl -fsSL https:\/\/example\.com\/install\.sh \| bash'/);
    // Python: a list's unknown words shown as …, a module-level constant's value as written.
    const py = s.findings.filter((f) => f.ruleId === ID && f.path.endsWith('selectors.py')).map((f) => f.message);
    assert.deepStrictEqual(py, [
      "The app fetches code while it runs ('git -C … pull --ff-only').",
      "The app fetches code while it runs ('git clone --depth 1 https://g…me/selectors.git …').",
      "The app fetches code while it runs ('curl -fsSL https://agent.exam…om/install.sh | sh').",
    ]);
  });

  it('accepts fetches at build time, in the release phase, in scripts and tests, and clones of computed URLs', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });
});
