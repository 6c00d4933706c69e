// ecosystem/python Pipfile and setup.cfg: the other two manifests, read as data.
import * as assert from 'assert';
import { parsePipfile } from '../../../server/src/ecosystem/python/pipfile';
import { parseIni, parseSetupCfg } from '../../../server/src/ecosystem/python/setupCfg';
import type { Range } from '../../../server/src/util/types';

const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const slice = (text: string, r: Range) =>
  r.start.line === r.end.line ? text.split(/\r?\n/)[r.start.line].slice(r.start.character, r.end.character) : undefined;

describe('ecosystem/python Pipfile', () => {
  const PIPFILE = `[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
django = "*"
requests = "==2.31.0"
celery = {version = ">=5.3", extras = ["redis"]}
gunicorn = "21.2.0"
mylib = {path = "./mylib", editable = true}
tool = {git = "https://github.com/a/tool.git", ref = "main"}
"bad name" = "*"
broken = {}
vague = "not a version"

[dev-packages]
pytest = "~=7.4"

[docs]
sphinx = "*"

[requires]
python_version = "3.11"

[scripts]
serve = "gunicorn app:app"
`;

  it('reads packages, dev-packages and categories with their ranges', () => {
    const m = parsePipfile(PIPFILE);
    assert.deepStrictEqual(
      m.dependencies.map((d) => [d.normalized, d.specifier, d.pep440, d.pinned, d.kind, d.scope, d.group]),
      [
        ['django', '*', '', false, 'registry', 'main', 'packages'],
        ['requests', '==2.31.0', '==2.31.0', true, 'registry', 'main', 'packages'],
        ['celery', '>=5.3', '>=5.3', false, 'registry', 'main', 'packages'],
        ['gunicorn', '21.2.0', '==21.2.0', true, 'registry', 'main', 'packages'],
        ['mylib', '', '', false, 'path', 'main', 'packages'],
        ['tool', '', '', false, 'vcs', 'main', 'packages'],
        ['vague', 'not a version', undefined, false, 'registry', 'main', 'packages'],
        ['pytest', '~=7.4', '~=7.4', false, 'registry', 'dev', 'dev-packages'],
        ['sphinx', '*', '', false, 'registry', 'dev', 'docs'],
      ],
    );
    const [django, , celery, , mylib] = m.dependencies;
    assert.deepStrictEqual(
      [slice(PIPFILE, django.range), slice(PIPFILE, django.nameRange)],
      ['django = "*"', 'django'],
    );
    assert.deepStrictEqual([celery.extras, mylib.editable, mylib.url], [['redis'], true, './mylib']);
    assert.deepStrictEqual(
      m.problems.map((p) => [p.message, slice(PIPFILE, p.range)]),
      [
        ['`bad name` is not a package name: it is skipped.', '"bad name"'],
        ['`broken` should be a version or a table: it is skipped.', 'broken = {}'],
        ['Unreadable version for `vague`.', '"not a version"'],
      ],
    );
  });

  it('reads the Python version and the sources', () => {
    const m = parsePipfile(PIPFILE);
    assert.deepStrictEqual(
      [m.python?.source, m.python?.text, m.python?.anyOf, at(m.python!.range)],
      ['pipfile', '3.11', ['==3.11.*'], '23:17-23:23'],
    );
    assert.deepStrictEqual(
      m.sources.map((s) => [s.name, s.url, at(s.range)]),
      [['pypi', 'https://pypi.org/simple', '0:0-3:13']],
    );
    const full = parsePipfile('[requires]\npython_version = "3.11"\npython_full_version = "3.11.4"\n');
    assert.deepStrictEqual(full.python?.anyOf, ['==3.11.4']);
  });

  it('reads what it can of a malformed Pipfile', () => {
    const m = parsePipfile('[packages]\nflask = "*"\nthis is not toml\nrequests = "*"\n');
    assert.deepStrictEqual(
      m.dependencies.map((d) => d.name),
      ['flask', 'requests'],
    );
    assert.strictEqual(m.problems.length, 1);
    assert.strictEqual(at(m.problems[0].range), '2:0-2:16');
  });
});

describe('ecosystem/python setup.cfg', () => {
  const CFG = `[metadata]
name = legacy-app
version = 1.0

[options]
python_requires = >=3.8
install_requires =
    requests>=2.28
    # a comment line inside the value
    Django>=4.2,<5  # an inline note
    psycopg2-binary; sys_platform == "linux"

tests_require = pytest; pytest-django
packages = find:

[options.extras_require]
s3 =
    boto3
Redis = redis>=4

[options.entry_points]
console_scripts =
    legacy = legacy.cli:main
    legacy-admin = legacy.admin:run [extra]
gui_scripts =
    broken
`;

  it('reads name, python_requires, install_requires, extras and tests_require with ranges', () => {
    const m = parseSetupCfg(CFG);
    assert.deepStrictEqual([m.name?.value, at(m.name!.range)], ['legacy-app', '1:7-1:17']);
    assert.deepStrictEqual(
      [m.python?.source, m.python?.anyOf, at(m.python!.range)],
      ['setup.cfg', ['>=3.8'], '5:18-5:23'],
    );
    assert.deepStrictEqual(
      m.dependencies.map((d) => [
        d.normalized,
        d.specifier,
        d.markers,
        d.scope,
        d.group,
        d.source,
        at(d.range),
        at(d.nameRange),
      ]),
      [
        ['requests', '>=2.28', undefined, 'main', undefined, 'options.install_requires', '7:4-7:18', '7:4-7:12'],
        ['django', '>=4.2,<5', undefined, 'main', undefined, 'options.install_requires', '9:4-9:18', '9:4-9:10'],
        [
          'psycopg2-binary',
          '',
          'sys_platform == "linux"',
          'main',
          undefined,
          'options.install_requires',
          '10:4-10:44',
          '10:4-10:19',
        ],
        ['pytest', '', undefined, 'dev', 'tests_require', 'options.tests_require', '12:16-12:22', '12:16-12:22'],
        ['pytest-django', '', undefined, 'dev', 'tests_require', 'options.tests_require', '12:24-12:37', '12:24-12:37'],
        ['boto3', '', undefined, 'optional', 's3', 'options.extras_require.s3', '17:4-17:9', '17:4-17:9'],
        ['redis', '>=4', undefined, 'optional', 'redis', 'options.extras_require.redis', '18:8-18:16', '18:8-18:13'],
      ],
    );
  });

  it('reads console and GUI scripts, and says which entry points it cannot read', () => {
    const m = parseSetupCfg(CFG);
    assert.deepStrictEqual(
      m.scripts.map((s) => [s.name, s.module, s.func, s.source, at(s.range)]),
      [
        ['legacy', 'legacy.cli', 'main', 'options.entry_points.console_scripts', '22:4-22:28'],
        ['legacy-admin', 'legacy.admin', 'run', 'options.entry_points.console_scripts', '23:4-23:43'],
      ],
    );
    assert.deepStrictEqual(
      m.problems.map((p) => [p.message, at(p.range)]),
      [['An entry point should read `name = module:function`: skipped.', '25:4-25:10']],
    );
  });

  it('reads file: directives as dependency files', () => {
    const m = parseSetupCfg(
      '[options]\ninstall_requires = file: requirements.txt, requirements-extra.txt\n[options.extras_require]\ndev = file: dev.txt\n',
    );
    assert.deepStrictEqual(
      m.dependencyFiles.map((f) => [f.path, f.optional, at(f.range)]),
      [
        ['requirements.txt', undefined, '1:25-1:41'],
        ['requirements-extra.txt', undefined, '1:43-1:65'],
        ['dev.txt', 'dev', '3:12-3:19'],
      ],
    );
    assert.deepStrictEqual(m.dependencies, []);
  });

  it('reads INI as configparser does: `:` delimiters, case-insensitive keys, dashes, continuation and junk lines', () => {
    const text = 'stray = 1\n[Options]\nInstall-Requires: flask\n  click\n; comment\nno delimiter here\n[empty]\n';
    const { entries, problems } = parseIni(text);
    assert.deepStrictEqual(
      entries.map((e) => [e.section, e.key, e.lines.map((l) => l.text), at(e.range)]),
      [['Options', 'install_requires', ['flask', 'click'], '2:0-3:7']],
    );
    assert.deepStrictEqual(
      problems.map((p) => [p.message, at(p.range)]),
      [
        ['A value before any `[section]` header: skipped.', '0:0-0:9'],
        ['Not a `key = value` line nor a section header: skipped.', '5:0-5:17'],
      ],
    );
    assert.deepStrictEqual(
      parseSetupCfg(text).dependencies.map((d) => d.name),
      ['flask', 'click'],
    );
  });

  it('reads CRLF files and never throws on garbage', () => {
    const m = parseSetupCfg('[options]\r\ninstall_requires =\r\n    flask\r\n    bad>=\r\n');
    assert.deepStrictEqual(
      m.dependencies.map((d) => [d.name, at(d.range)]),
      [
        ['flask', '2:4-2:9'],
        ['bad', '3:4-3:9'],
      ],
    );
    assert.deepStrictEqual(
      m.problems.map((p) => at(p.range)),
      ['3:7-3:9'],
    );
    for (const t of ['', '[', ']]]', '=', '[options]\ninstall_requires', '\u0000[x]\n=\n']) parseSetupCfg(t);
  });
});
