// config/per-environment-config-files in Python: settings modules chosen by an environment's name, and config
// dicts keyed by environment names (with classes as values) picked by one, when a deployed entry holds its own value.
import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, findingAt, scan, scanFiles } from '../../../helpers/engine';

const ID = 'config/per-environment-config-files';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const py = (s: Awaited<ReturnType<typeof scan>>) => s.where(ID).filter((w) => w.startsWith('python/'));

describe(`${ID} (Python)`, () => {
  it('flags DJANGO_SETTINGS_MODULE and import_module built from an env name, env-picked star imports and Flask config dicts', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(py(s), [
      'python/flask_app.py:18',
      'python/flasky/config.py:17',
      'python/proj/loader.py:4',
      'python/proj/settings/__init__.py:6',
      'python/proj/wsgi.py:6',
    ]);
    const msg = (file: string, line: number) => findingAt(s, ID, file, line).message;
    assert.strictEqual(
      msg('python/proj/wsgi.py', 6),
      "Settings module f'proj.settings.{DJANGO_ENV}' is picked by environment name (DJANGO_ENV).",
    );
    assert.strictEqual(
      msg('python/proj/settings/__init__.py', 6),
      'Settings module .production is picked by environment name (ENVIRONMENT).',
    );
    assert.strictEqual(
      msg('python/flask_app.py', 18),
      'Config grouped by named environment (development, production) and picked by FLASK_ENV on line 25.',
    );
    // The registry of config classes that another module's app factory picks from.
    assert.strictEqual(
      msg('python/flasky/config.py', 17),
      'Config classes grouped by environment name (development, production) in `config`, to be picked by name.',
    );
  });

  it('accepts a fixed DJANGO_SETTINGS_MODULE default, per-mode tuning, non-environment module names and parameters', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(py(s), []);
  });

  it('reads a selector through a variable and a %-format', async () => {
    const s = await scanFiles({
      'manage.py': [
        'import os',
        "env = os.environ.get('DJANGO_ENV') or 'dev'",
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.settings.%s' % env",
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(s.where(ID), ['manage.py:3']);
  });
});
