// backing-services/hardcoded-url in Python: connection URLs, client and Django hosts, object-storage endpoints, env
// fallbacks that name a deploy's service, and the move-to-env fix writing `os.environ['NAME']`.
import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, applyFix, copyFixture, findingAt, fixFor, read, scan } from '../../../helpers/engine';

const ID = 'backing-services/hardcoded-url';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);
const py = (s: Awaited<ReturnType<typeof scan>>) => s.where(ID).filter((w) => w.startsWith('python/'));

describe(`${ID} (Python)`, () => {
  it('flags create_engine (dialect+driver URLs too), Redis, Celery, MongoClient, boto3 and SMTP locations, Django hosts, deploy fallbacks and alembic.ini', async () => {
    const s = await scan(dir('positive'));
    assert.deepStrictEqual(py(s), [
      'python/alembic_app/alembic.ini:5',
      'python/db.py:10',
      'python/db.py:11',
      'python/db.py:12',
      'python/db.py:13',
      'python/db.py:14',
      'python/db.py:15',
      'python/db.py:16',
      'python/db.py:17',
      'python/db.py:18',
      'python/db.py:19',
      'python/settings.py:5',
      'python/settings.py:8',
      'python/settings.py:9',
      'python/settings/base.py:2',
    ]);
    const msg = (file: string, line: number) => findingAt(s, ID, file, line).message;
    assert.strictEqual(
      msg('python/db.py', 10),
      "Hardcoded postgresql connection URL 'postgresql://shop:***@db.prod.internal:5432/shop'.",
    );
    assert.strictEqual(
      msg('python/db.py', 11),
      "Fallback postgresql URL 'postgresql://orders.c9x2…naws.com/orders' for REPLICA_URL is not a local default.",
    );
    assert.strictEqual(msg('python/db.py', 12), "Hardcoded host 'redis.prod.internal' for a backing service.");
    assert.strictEqual(
      msg('python/db.py', 13),
      "Fallback host 'sessions.cache.internal' for SESSION_REDIS_HOST is not a local default.",
    );
    assert.strictEqual(
      msg('python/db.py', 16),
      "Hardcoded object-storage endpoint 'https://nyc3.digitaloceanspaces.com'.",
    );
    // SQLAlchemy's dialect+driver scheme names the dialect's service.
    assert.strictEqual(
      msg('python/db.py', 19),
      "Hardcoded postgresql connection URL 'postgresql+psycopg2://shop@pg…internal:5432/shop'.",
    );
    assert.strictEqual(
      msg('python/alembic_app/alembic.ini', 5),
      "alembic.ini hardcodes sqlalchemy.url 'postgresql+psycopg://app…ternal:5432/app'; read it from the environment in env.py.",
    );
    assert.strictEqual(msg('python/settings.py', 5), "Hardcoded HOST 'db.prod.internal' for a backing service.");
  });

  it('accepts env reads with local defaults (loopback, compose hosts, word passwords), overridden base settings, dev modules, branches and classes, click envvar defaults, benchmarks and tests, the alembic init placeholder, local and dev-section URLs, setup.cfg and pytest.ini', async () => {
    const s = await scan(dir('negative'));
    assert.deepStrictEqual(py(s), []);
  });

  it("moves a connection URL to DATABASE_URL: os.environ['DATABASE_URL'] and a credential-free .env.example", async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    applyFix(fixFor(s, findingAt(s, ID, 'python/db.py', 10), /^Move DATABASE_URL to \.env$/));
    const text = read(root, 'python/db.py');
    assert.match(text, /^engine = create_engine\(os\.environ\['DATABASE_URL'\]\)$/m);
    assert.strictEqual(text.match(/^import os$/gm)?.length, 1);
    assert.match(read(root, '.env.example'), /^DATABASE_URL=postgresql:\/\/db\.prod\.internal:5432\/shop$/m);
    const again = await scan(root);
    assert.ok(!again.where(ID).includes('python/db.py:10'), again.where(ID).join('\n'));
  });

  it('moves a Django HOST to DB_HOST, adding import os where the settings lack it', async () => {
    const root = copyFixture(`rules/${ID}/positive`);
    const s = await scan(root);
    applyFix(fixFor(s, findingAt(s, ID, 'python/settings.py', 5), /^Move DB_HOST to \.env$/));
    const text = read(root, 'python/settings.py');
    assert.strictEqual(text.split('\n')[0], 'import os');
    assert.match(text, /'HOST': os\.environ\['DB_HOST'\],/);
    const again = await scan(root);
    assert.ok(!again.where(ID).includes('python/settings.py:6'), again.where(ID).join('\n'));
  });
});
