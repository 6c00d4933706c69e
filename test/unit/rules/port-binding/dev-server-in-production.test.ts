import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES, scan, scanFiles } from '../../../helpers/engine';

const ID = 'port-binding/dev-server-in-production';
const dir = (k: string) => path.join(FIXTURES, 'rules', ID, k);

describe(ID, () => {
  it("flags Django's runserver, flask run and fastapi dev as the web process", async () => {
    const s = await scan(dir('py-positive'));
    assert.deepStrictEqual(s.where(ID).sort(), ['Procfile:1', 'fastapi/entrypoint.sh:3', 'flask/Dockerfile:5']);
    const msg = (file: string) => s.findings.find((f) => f.ruleId === ID && s.engine.rel(f.path) === file)!.message;
    assert.strictEqual(
      msg('Procfile'),
      "The Procfile 'web' process runs Django's `runserver`, a development server, as the web server.",
    );
    assert.strictEqual(
      msg('flask/Dockerfile'),
      'The Dockerfile CMD runs `flask run`, a development server, as the web server.',
    );
  });

  it('accepts production servers, non-web Procfile entries, dev images and dev-named entrypoints', async () => {
    assert.deepStrictEqual((await scan(dir('py-negative'))).where(ID), []);
  });

  it('leaves a package.json script that runs the dev server alone (a developer shortcut)', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'site', private: true, scripts: { start: 'python manage.py runserver' } }),
      'manage.py': 'import sys\n',
    });
    assert.deepStrictEqual(s.where(ID), []);
  });
});
