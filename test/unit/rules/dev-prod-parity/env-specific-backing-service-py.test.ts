// dev-prod-parity/env-specific-backing-service in Python: SQLite or an in-memory cache for development against a
// server for production, by config class, environment branch or settings module, reported at the development value.
import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, findingAt, scan, scanFiles } from '../../../helpers/engine';

const ID = 'dev-prod-parity/env-specific-backing-service';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const py = (s: Awaited<ReturnType<typeof scan>>) => s.where(ID).filter((w) => w.startsWith('python/'));

describe(`${ID} (Python)`, () => {
  it('flags Flask config classes, Django settings modules, DEBUG and app.config["ENV"] branches that pick SQLite or a memory cache locally', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(py(s), [
      'python/debug_branch/db.py:6',
      'python/debug_branch/settings.py:8',
      'python/django_split/proj/settings/dev.py:6',
      'python/django_split/proj/settings/dev.py:10',
      'python/fakes/app/extensions.py:9',
      'python/flask_classes/config.py:13',
      'python/flask_classes/config.py:14',
      'python/flask_factory/app.py:9',
    ]);
    const msg = (file: string, line: number) => findingAt(s, ID, `python/${file}`, line).message;
    // An in-process fake in the development branch, the real client in the other.
    assert.strictEqual(
      msg('fakes/app/extensions.py', 9),
      '`FLASK_ENV` switches between fakeredis (in memory) and Redis.',
    );
    // Production reads DATABASE_URL: the one server driver the project declares names its kind.
    assert.strictEqual(
      msg('flask_classes/config.py', 13),
      'DevelopmentConfig uses SQLite but ProductionConfig uses PostgreSQL (DATABASE_URL, psycopg2-binary).',
    );
    // ProductionConfig sets no cache: it inherits Config's.
    assert.strictEqual(
      msg('flask_classes/config.py', 14),
      'DevelopmentConfig uses SimpleCache but ProductionConfig uses Redis.',
    );
    assert.strictEqual(
      msg('django_split/proj/settings/dev.py', 6),
      'settings/dev.py uses SQLite but settings/production.py uses PostgreSQL.',
    );
    // production.py sets no CACHES: the base module's is what production runs.
    assert.strictEqual(
      msg('django_split/proj/settings/dev.py', 10),
      'settings/dev.py uses LocMemCache but settings/base.py uses Redis.',
    );
    assert.strictEqual(
      msg('debug_branch/settings.py', 8),
      'Development uses SQLite but production uses MySQL (DATABASE_URL, mysqlclient).',
    );
    // create_app(): a branch on app.config["ENV"], an f-string URL.
    assert.strictEqual(
      msg('flask_factory/app.py', 9),
      'Development uses SQLite but production uses PostgreSQL (DATABASE_URL, psycopg2-binary).',
    );
    assert.strictEqual(msg('debug_branch/db.py', 6), 'Development uses SQLite but production uses PostgreSQL.');
  });

  it('accepts test configs and modules, SQLite as an env default, the same server in both, switches that are no environment, env reads with no declared driver and pydantic settings defaults', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(py(s), []);
  });

  it('reads a lattice of config classes (each deriving from every class of the next layer) once per class', async () => {
    const lines = [
      'class Config:',
      '    SQLALCHEMY_DATABASE_URI = "postgresql://app@db.prod.internal/app"',
      '',
      'class DevelopmentConfig(Config):',
      '    SQLALCHEMY_DATABASE_URI = "sqlite:///dev.db"',
      '',
    ];
    // Six layers of twelve: 12^6 paths through the bases; each class is one step.
    const layer = (k: number) => Array.from({ length: 12 }, (_, i) => `L${k}_${i}`);
    for (let k = 5; k >= 0; k--) {
      const bases = k === 5 ? 'Config' : layer(k + 1).join(', ');
      for (const name of layer(k)) lines.push(`class ${name}(${bases}):`, '    pass', '');
    }
    lines.push(`class ProductionConfig(${layer(0).join(', ')}):`, '    pass', '');
    const s = await scanFiles({ 'requirements.txt': 'flask==3.0.3\n', 'config.py': lines.join('\n') });
    assert.deepStrictEqual(s.where(ID), ['config.py:5']);
  });
});
