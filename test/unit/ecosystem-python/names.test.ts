// ecosystem/python names: PEP 503 normalisation, the import-name → distribution table, namespace packages.
import * as assert from 'assert';
import { IMPORT_DISTRIBUTIONS, NAMESPACE_PREFIXES } from '../../../server/src/ecosystem/python/importNames';
import {
  distributionsForImport,
  importNamesForDistribution,
  importProvidedBy,
  normalizeDistName,
} from '../../../server/src/ecosystem/python/names';

const dists = (m: string) => distributionsForImport(m).distributions;

describe('ecosystem/python names', () => {
  it('normalises distribution names as PEP 503 does', () => {
    assert.strictEqual(normalizeDistName('Django'), 'django');
    assert.strictEqual(normalizeDistName('python_dateutil'), 'python-dateutil');
    assert.strictEqual(normalizeDistName('ruamel.yaml'), 'ruamel-yaml');
    assert.strictEqual(normalizeDistName('Foo.-_Bar__baz'), 'foo-bar-baz');
    assert.strictEqual(normalizeDistName('zope.interface'), 'zope-interface');
  });

  it('maps the well-known mismatches', () => {
    const expected: Record<string, string> = {
      yaml: 'pyyaml',
      cv2: 'opencv-python',
      PIL: 'pillow',
      sklearn: 'scikit-learn',
      bs4: 'beautifulsoup4',
      dateutil: 'python-dateutil',
      dotenv: 'python-dotenv',
      jwt: 'pyjwt',
      magic: 'python-magic',
      psycopg2: 'psycopg2',
      attr: 'attrs',
      OpenSSL: 'pyopenssl',
      Crypto: 'pycryptodome',
      MySQLdb: 'mysqlclient',
      serial: 'pyserial',
      git: 'gitpython',
      docx: 'python-docx',
      jose: 'python-jose',
      slugify: 'python-slugify',
      multipart: 'python-multipart',
      rest_framework: 'djangorestframework',
      corsheaders: 'django-cors-headers',
      googleapiclient: 'google-api-python-client',
      grpc: 'grpcio',
      win32api: 'pywin32',
      pkg_resources: 'setuptools',
    };
    for (const [imp, dist] of Object.entries(expected)) {
      assert.strictEqual(dists(imp)[0], dist, imp);
      assert.ok(distributionsForImport(imp).known, imp);
    }
  });

  it('gives every distribution that provides an import, the likeliest first', () => {
    assert.deepStrictEqual(dists('psycopg2'), ['psycopg2', 'psycopg2-binary']);
    assert.deepStrictEqual(dists('cv2').slice(0, 2), ['opencv-python', 'opencv-python-headless']);
    assert.ok(dists('environ').includes('django-environ'));
  });

  it('matches dotted imports by their longest known prefix', () => {
    assert.deepStrictEqual(dists('google.cloud.storage'), ['google-cloud-storage']);
    assert.deepStrictEqual(dists('google.cloud.storage.blob'), ['google-cloud-storage']);
    assert.deepStrictEqual(dists('google.cloud.secretmanager_v1'), ['google-cloud-secret-manager']);
    assert.deepStrictEqual(dists('google.protobuf.json_format'), ['protobuf']);
    assert.deepStrictEqual(dists('ruamel.yaml'), ['ruamel-yaml']);
    assert.deepStrictEqual(dists('yaml.loader'), ['pyyaml']);
  });

  it('guesses under a namespace package and accepts any distribution under its prefix', () => {
    const r = distributionsForImport('google.cloud.scheduler_v1');
    assert.deepStrictEqual(r, {
      distributions: ['google-cloud-scheduler'],
      known: false,
      namespacePrefix: 'google-cloud-',
    });
    assert.ok(importProvidedBy('google.cloud.scheduler_v1', new Set(['google-cloud-scheduler'])));
    assert.ok(importProvidedBy('google.cloud', new Set(['google-cloud-storage'])));
    assert.ok(importProvidedBy('zope.interface', new Set(['zope-interface'])));
    assert.ok(importProvidedBy('azure.mgmt.compute', new Set(['azure-mgmt-compute'])));
    assert.ok(!importProvidedBy('google.cloud.storage', new Set(['google-auth'])));
  });

  it('falls back to the default rule: the top-level import name, normalised', () => {
    assert.deepStrictEqual(distributionsForImport('requests'), { distributions: ['requests'], known: false });
    assert.deepStrictEqual(dists('flask_sqlalchemy'), ['flask-sqlalchemy']);
    assert.deepStrictEqual(dists('django.db.models'), ['django']);
    assert.deepStrictEqual(dists('PyQt5.QtCore'), ['pyqt5']);
  });

  it('says whether a declared distribution provides an import', () => {
    const declared = new Set(['pyyaml', 'psycopg2-binary', 'django', 'flask-sqlalchemy']);
    assert.ok(importProvidedBy('yaml', declared));
    assert.ok(importProvidedBy('psycopg2.extras', declared));
    assert.ok(importProvidedBy('django.conf', declared));
    assert.ok(importProvidedBy('flask_sqlalchemy', declared));
    assert.ok(!importProvidedBy('requests', declared));
    assert.ok(!importProvidedBy('cv2', declared));
    // A table entry does not stop a distribution named like the import from counting.
    assert.ok(importProvidedBy('docker', new Set(['docker'])));
  });

  it('does not answer for Object.prototype names', () => {
    assert.deepStrictEqual(dists('constructor'), ['constructor']);
    assert.deepStrictEqual(dists('__proto__'), ['-proto-']);
    assert.ok(!importProvidedBy('toString', new Set(['requests'])));
  });

  it('lists the import names a distribution provides', () => {
    assert.deepStrictEqual(importNamesForDistribution('PyYAML'), ['yaml', 'pyyaml']);
    assert.deepStrictEqual(importNamesForDistribution('pymongo'), ['bson', 'gridfs', 'pymongo']);
    assert.deepStrictEqual(importNamesForDistribution('requests'), ['requests']);
    assert.deepStrictEqual(importNamesForDistribution('flask-sqlalchemy'), ['flask_sqlalchemy']);
  });

  it('keeps the table lean and sound: every entry differs from what the default rule gives', () => {
    const entries = Object.entries(IMPORT_DISTRIBUTIONS);
    assert.ok(entries.length >= 300, `${entries.length} entries`);
    const needless = entries.filter(([imp, d]) => {
      const list = typeof d === 'string' ? [d] : d;
      return list.length === 1 && normalizeDistName(list[0]) === normalizeDistName(imp.split('.')[0]);
    });
    assert.deepStrictEqual(needless, []);
    for (const [imp, d] of entries) {
      assert.match(imp, /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/, imp);
      for (const dist of typeof d === 'string' ? [d] : d) assert.match(dist, /^[A-Za-z0-9][A-Za-z0-9._-]*$/, dist);
    }
    for (const prefix of Object.values(NAMESPACE_PREFIXES)) assert.ok(prefix.endsWith('-'), prefix);
  });
});
