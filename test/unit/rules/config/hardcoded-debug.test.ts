import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, findingAt, scan, scanFiles } from '../../../helpers/engine';

const ID = 'config/hardcoded-debug';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it('flags DEBUG = True in settings and config classes, app.config, app.debug, app.run and FastAPI, and true defaults', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(s.where(ID), [
      'app.py:5',
      'app.py:6',
      'app.py:7',
      'app.py:8',
      'app.py:10',
      'app_settings.py:8',
      'config.py:5',
      'config.py:13',
      'proj/env_settings.py:8',
      'proj/env_settings.py:9',
      'proj/env_settings.py:10',
      'proj/env_settings.py:11',
      'proj/settings.py:3',
      'proj/settings/base.py:2',
    ]);
    const msg = (file: string, line: number) => findingAt(s, ID, file, line).message;
    assert.strictEqual(msg('proj/settings.py', 3), 'DEBUG is hardcoded to True in a settings module production loads.');
    assert.strictEqual(msg('app.py', 5), "app.config['DEBUG'] is set to True in code.");
    assert.strictEqual(msg('app.py', 6), 'app.debug = True turns debug mode on in code.');
    assert.strictEqual(msg('app.py', 7), 'app.config.update(DEBUG=True) turns debug mode on in code.');
    assert.strictEqual(msg('app.py', 8), 'FastAPI(debug=True) creates the app in debug mode.');
    assert.strictEqual(
      msg('app.py', 10),
      'app.run(debug=True) runs the server in debug mode outside a __main__ block.',
    );
    assert.strictEqual(msg('proj/env_settings.py', 8), 'DEBUG defaults to True whenever DJANGO_DEBUG is not set.');
    // A pydantic settings field reads DEBUG from the environment: True is its fallback.
    assert.strictEqual(msg('config.py', 13), 'DEBUG defaults to True whenever DEBUG is not set.');
    // pydantic-settings matches `debug` to DEBUG (case-insensitive by default).
    assert.strictEqual(msg('app_settings.py', 8), 'debug defaults to True whenever DEBUG is not set.');
    for (const f of s.findings.filter((x) => x.ruleId === ID)) assert.strictEqual(f.severity, 'warning');
  });

  it('accepts overridden base settings, dev/test/local modules, dev branches and classes, __main__ blocks, false defaults, tests and examples', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(s.where(ID), []);
  });

  it('reports a base setting again once the production module stops overriding it', async () => {
    const files = {
      'proj/settings/__init__.py': '',
      'proj/settings/base.py': 'DEBUG = True\n',
      'proj/settings/production.py': 'from .base import *\nDEBUG = False\n',
    };
    assert.deepStrictEqual((await scanFiles(files)).where(ID), []);
    const s = await scanFiles({ ...files, 'proj/settings/production.py': 'from .base import *\n' });
    assert.deepStrictEqual(s.where(ID), ['proj/settings/base.py:1']);
  });

  it('re-runs its project half when the production settings module changes', async () => {
    const s = await scanFiles({
      'settings/base.py': 'DEBUG = True\n',
      'settings/production.py': 'from .base import *\n',
    });
    assert.deepStrictEqual(s.where(ID), ['settings/base.py:1']);
    const prod = path.join(s.root, 'settings/production.py');
    fs.writeFileSync(prod, 'from .base import *\nDEBUG = False\n');
    await s.engine.update(prod, 'changed');
    assert.deepStrictEqual(
      s.engine.findings().filter((f) => f.ruleId === ID),
      [],
    );
  });
});
