import * as assert from 'assert';
import {
  isPythonBuild,
  isPythonInstall,
  isPythonLongRunning,
  isPythonMigration,
  pythonDevServer,
  pythonInvocation,
  pythonServerBinds,
} from '../../../server/src/platform/pyCommand';
import { parseUwsgiIni, uwsgiIniOf, uwsgiStartCommand } from '../../../server/src/platform/uwsgi';
import { argvOf, commandsOf, isMigrationProgram } from '../../../server/src/platform/command';

/** The argv of the one command a line runs, as the rules see it (wrappers like `exec` and `env` removed). */
const argv = (line: string) => argvOf(commandsOf(line)[0]);

describe('platform/pyCommand', () => {
  it('sees through interpreters, -m, manage.py, project runners and APM wrappers', () => {
    assert.deepStrictEqual(pythonInvocation(argv('python3.12 -u manage.py migrate --noinput')), {
      tool: 'django',
      args: ['migrate', '--noinput'],
      file: 'manage.py',
    });
    assert.deepStrictEqual(pythonInvocation(argv('./manage.py collectstatic')), {
      tool: 'django',
      args: ['collectstatic'],
      file: 'manage.py',
    });
    assert.strictEqual(pythonInvocation(argv('/venv/bin/python -m gunicorn app:app'))?.tool, 'gunicorn');
    assert.strictEqual(pythonInvocation(argv('python -m django migrate'))?.tool, 'django');
    assert.strictEqual(pythonInvocation(argv('poetry run alembic upgrade head'))?.tool, 'alembic');
    assert.strictEqual(pythonInvocation(argv('uv run --with rich --no-sync flask db upgrade'))?.tool, 'flask');
    assert.strictEqual(pythonInvocation(argv('newrelic-admin run-program gunicorn app:app'))?.tool, 'gunicorn');
    assert.strictEqual(
      pythonInvocation(argv('opentelemetry-instrument --traces_exporter console uvicorn main:app'))?.tool,
      'uvicorn',
    );
    assert.deepStrictEqual(pythonInvocation(argv('python -m app.worker --queue high')), {
      tool: 'python',
      args: ['--queue', 'high'],
      module: 'app.worker',
    });
    assert.strictEqual(pythonInvocation(argv("python -c 'import app'")), undefined);
    assert.strictEqual(pythonInvocation(argv('python')), undefined);
    assert.strictEqual(pythonInvocation(argv('node server.js')), undefined);
    assert.strictEqual(pythonInvocation(argv('poetry install'))?.tool, 'poetry');
  });

  it('tells migrations from look-only and other commands', () => {
    for (const yes of [
      'python manage.py migrate --noinput',
      'django-admin migrate',
      'python -m django migrate_schemas',
      'alembic -c conf/alembic.ini upgrade head',
      'python -m alembic upgrade head',
      'flask --app app db upgrade',
      'aerich upgrade',
      'yoyo apply --batch',
      'piccolo migrations forwards all',
      'python scripts/migrate.py',
      'pipenv run python manage.py migrate',
    ])
      assert.ok(isPythonMigration(argv(yes)) && isMigrationProgram(argv(yes)), yes);
    for (const no of [
      'python manage.py migrate --check',
      'python manage.py migrate --plan',
      'python manage.py makemigrations',
      'python manage.py showmigrations',
      'alembic upgrade head --sql',
      'alembic current',
      'flask db migrate',
      'python app.py',
      'python scripts/check_migrations.py',
    ])
      assert.ok(!isPythonMigration(argv(no)), no);
  });

  it('tells build steps and installs', () => {
    for (const yes of [
      'python manage.py collectstatic --noinput',
      'django-admin compilemessages',
      'flask translate compile',
      'pybabel compile -d app/translations',
      'python manage.py tailwind build',
    ])
      assert.ok(isPythonBuild(argv(yes)), yes);
    for (const no of ['python manage.py check', 'flask translate update', 'flask run'])
      assert.ok(!isPythonBuild(argv(no)), no);
    for (const yes of [
      'pip install -r requirements.txt',
      'python -m pip install .',
      'pip3.12 install gunicorn',
      'uv sync --frozen',
      'uv pip install -r requirements.txt',
      'poetry install --only main',
      'pipenv install --deploy',
      'pdm sync',
      'python setup.py install',
    ])
      assert.ok(isPythonInstall(argv(yes)), yes);
    for (const no of [
      'pip --version',
      'pip install --help',
      'pip list',
      'uv run app',
      'poetry show',
      'python setup.py sdist',
    ])
      assert.ok(!isPythonInstall(argv(no)), no);
  });

  it("reads servers' addresses from their flags", () => {
    assert.deepStrictEqual(pythonServerBinds(argv('gunicorn app:app -b 0.0.0.0:8000 -w 4')), {
      tool: 'gunicorn',
      binds: [{ flag: '-b', value: '0.0.0.0:8000', host: '0.0.0.0', port: '8000' }],
    });
    assert.deepStrictEqual(pythonServerBinds(argv('gunicorn app:app --bind=[::1]:5000'))?.binds, [
      { flag: '--bind', value: '[::1]:5000', host: '[::1]', port: '5000' },
    ]);
    assert.deepStrictEqual(pythonServerBinds(argv('gunicorn app:app -b:8080'))?.binds, [
      { flag: '-b', value: ':8080', host: undefined, port: '8080' },
    ]);
    assert.deepStrictEqual(pythonServerBinds(argv('gunicorn app:app --bind unix:/run/app.sock'))?.binds, [
      { flag: '--bind', value: 'unix:/run/app.sock' },
    ]);
    assert.deepStrictEqual(pythonServerBinds(argv('uvicorn main:app --host 127.0.0.1 --port 8000'))?.binds, [
      { flag: '--host', value: '127.0.0.1', host: '127.0.0.1' },
      { flag: '--port', value: '8000', port: '8000' },
    ]);
    assert.deepStrictEqual(pythonServerBinds(argv('python manage.py runserver 8000')), {
      tool: 'runserver',
      binds: [{ flag: 'runserver', value: '8000', port: '8000' }],
    });
    assert.deepStrictEqual(pythonServerBinds(argv('python manage.py runserver')), { tool: 'runserver', binds: [] });
    assert.strictEqual(pythonServerBinds(argv('flask db upgrade')), undefined);
    assert.strictEqual(pythonServerBinds(argv('python manage.py migrate')), undefined);
  });

  it('knows long-running processes and development servers', () => {
    for (const yes of [
      'gunicorn app:app',
      'celery -A app worker -l info',
      'celery -A app beat',
      'python app.py',
      'python -m app',
      'python manage.py runserver',
      'rq worker',
      'flask run',
    ])
      assert.ok(isPythonLongRunning(argv(yes)), yes);
    for (const no of [
      'python manage.py migrate',
      'python migrate.py',
      'celery -A app inspect ping',
      'gunicorn --version',
    ])
      assert.ok(!isPythonLongRunning(argv(no)), no);
    assert.strictEqual(pythonDevServer(argv('python manage.py runserver 0.0.0.0:$PORT')), 'runserver');
    assert.strictEqual(pythonDevServer(argv('flask --app app run --host 0.0.0.0')), 'flask run');
    assert.strictEqual(pythonDevServer(argv('fastapi dev main.py')), 'fastapi dev');
    assert.strictEqual(pythonDevServer(argv('fastapi run main.py')), undefined);
  });
});

describe('platform/uwsgi', () => {
  it("reads the [uwsgi] section's options with their value ranges, marking if-env blocks", () => {
    const opts = parseUwsgiIni(
      [
        '[uwsgi]',
        'master = true',
        '; a comment',
        'hook-pre-app = exec:./manage.py migrate',
        'if-env = SMTPD_PORT',
        'attach-daemon = ./manage.py smtpd',
        'endif =',
        '[other]',
        'exec-asap = rm -rf /tmp/x',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      opts.map((o) => [o.key, o.value, o.line, o.conditional]),
      [
        ['master', 'true', 1, false],
        ['hook-pre-app', 'exec:./manage.py migrate', 3, false],
        ['attach-daemon', './manage.py smtpd', 5, true],
      ],
    );
    assert.deepStrictEqual(opts[1].valueRange, { start: { line: 3, character: 15 }, end: { line: 3, character: 39 } });
    assert.deepStrictEqual(uwsgiStartCommand(opts[1]), { command: './manage.py migrate', offset: 5 });
    assert.strictEqual(uwsgiStartCommand(opts[0]), undefined);
  });

  it('finds the ini a command line loads', () => {
    assert.deepStrictEqual(uwsgiIniOf(['--ini', 'docker/uwsgi.ini']), { file: 'docker/uwsgi.ini', section: undefined });
    assert.deepStrictEqual(uwsgiIniOf(['app.ini:prod']), { file: 'app.ini', section: 'prod' });
    assert.strictEqual(uwsgiIniOf(['--ini', '$CONFIG']), undefined);
    assert.strictEqual(uwsgiIniOf(['--http', ':8000']), undefined);
  });
});
