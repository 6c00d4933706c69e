// ecosystem/python pyproject: PEP 621, PEP 735, Poetry, PDM, Hatch, uv and setuptools tables as one model, with
// ranges, and malformed TOML read as far as it goes.
import * as assert from 'assert';
import { parsePyProject } from '../../../server/src/ecosystem/python/pyproject';
import type { PyDependency } from '../../../server/src/ecosystem/python/types';
import type { Range } from '../../../server/src/util/types';

const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const brief = (d: PyDependency) => [d.normalized, d.specifier, d.scope, d.group, d.source];
const slice = (text: string, r: Range) => {
  const lines = text.split('\n');
  if (r.start.line !== r.end.line) return undefined;
  return lines[r.start.line].slice(r.start.character, r.end.character);
};

const PEP621 = `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "shop"
requires-python = ">=3.10"
dynamic = ["version"]
dependencies = [
  "Django>=4.2,<5",
  'requests[socks]==2.31.0 ; python_version < "3.12"',
  "psycopg2-binary",
  "my_lib @ git+https://github.com/acme/my_lib.git@v1",
]

[project.optional-dependencies]
s3 = ["boto3~=1.28", "django-storages"]

[project.scripts]
shop = "shop.cli:main"
shop-admin = "shop.admin:run [extra]"

[project.gui-scripts]
shop-gui = "shop.gui"

[dependency-groups]
test = ["pytest>=7", {include-group = "lint"}]
lint = ["ruff==0.4.4"]
`;

describe('ecosystem/python pyproject', () => {
  it('reads PEP 621 [project]: name, requires-python, dependencies, extras, scripts', () => {
    const m = parsePyProject(PEP621);
    assert.deepStrictEqual(m.problems, []);
    assert.deepStrictEqual([m.name?.value, at(m.name!.range)], ['shop', '5:7-5:13']);
    assert.deepStrictEqual(
      [m.requiresPython?.source, m.requiresPython?.text, m.requiresPython?.anyOf, at(m.requiresPython!.range)],
      ['requires-python', '>=3.10', ['>=3.10'], '6:18-6:26'],
    );
    assert.deepStrictEqual(m.dependencies.map(brief), [
      ['django', '>=4.2,<5', 'main', undefined, 'project.dependencies'],
      ['requests', '==2.31.0', 'main', undefined, 'project.dependencies'],
      ['psycopg2-binary', '', 'main', undefined, 'project.dependencies'],
      ['my-lib', '', 'main', undefined, 'project.dependencies'],
      ['boto3', '~=1.28', 'optional', 's3', 'project.optional-dependencies.s3'],
      ['django-storages', '', 'optional', 's3', 'project.optional-dependencies.s3'],
      ['pytest', '>=7', 'dev', 'test', 'dependency-groups.test'],
      ['ruff', '==0.4.4', 'dev', 'lint', 'dependency-groups.lint'],
    ]);
    const [django, requests, , lib] = m.dependencies;
    assert.deepStrictEqual([at(django.range), at(django.nameRange)], ['9:2-9:18', '9:3-9:9']);
    assert.strictEqual(slice(PEP621, requests.range), `'requests[socks]==2.31.0 ; python_version < "3.12"'`);
    assert.strictEqual(slice(PEP621, requests.nameRange), 'requests');
    assert.deepStrictEqual(
      [requests.pinned, requests.extras, requests.markers],
      [true, ['socks'], 'python_version < "3.12"'],
    );
    assert.deepStrictEqual(
      [lib.kind, lib.url, lib.pinned],
      ['vcs', 'git+https://github.com/acme/my_lib.git@v1', false],
    );
    assert.deepStrictEqual(
      m.scripts.map((s) => [s.name, s.target, s.module, s.func, s.source, slice(PEP621, s.range)]),
      [
        ['shop', 'shop.cli:main', 'shop.cli', 'main', 'project.scripts', 'shop = "shop.cli:main"'],
        [
          'shop-admin',
          'shop.admin:run [extra]',
          'shop.admin',
          'run',
          'project.scripts',
          'shop-admin = "shop.admin:run [extra]"',
        ],
        ['shop-gui', 'shop.gui', 'shop.gui', undefined, 'project.gui-scripts', 'shop-gui = "shop.gui"'],
      ],
    );
    assert.deepStrictEqual([m.buildBackend, m.dynamic, m.tools], ['hatchling.build', ['version'], []]);
  });

  it('points name ranges at the whole string when escapes stop it mapping character for character', () => {
    const text = '[project]\ndependencies = ["\\u0072equests>=1", """multi\n"""]\n';
    const m = parsePyProject(text);
    assert.strictEqual(m.dependencies[0].name, 'requests');
    assert.strictEqual(slice(text, m.dependencies[0].nameRange), '"\\u0072equests>=1"');
    assert.strictEqual(m.dependencies[1].name, 'multi');
  });

  it('reads Poetry: dependencies with the python key, tables, groups, legacy dev-dependencies, scripts', () => {
    const text = `[tool.poetry]
name = "legacy"

[tool.poetry.dependencies]
python = "^3.11"
Django = "^4.2"
gunicorn = "21.2.0"
celery = { version = "^5.3", extras = ["redis"], optional = true }
mylib = { path = "../mylib", develop = true }
gitlib = { git = "https://github.com/a/gitlib.git", rev = "${'ab'.repeat(20)}" }
numpy = [
  { version = "<1.25", python = "<3.9" },
  { version = ">=1.25", python = ">=3.9" },
]
"weird name" = "1"

[tool.poetry.dependencies.boto3]
version = "~1.28"

[tool.poetry.dev-dependencies]
black = "*"

[tool.poetry.group.test.dependencies]
pytest = ">=7,<8"
either = "^1.0 || ^2.0"

[tool.poetry.scripts]
serve = "legacy.server:main"
tool = { callable = "legacy.tool:run" }
file-script = { reference = "bin/x.sh", type = "file" }
`;
    const m = parsePyProject(text);
    assert.deepStrictEqual([m.name?.value, m.tools], ['legacy', ['poetry']]);
    assert.deepStrictEqual(
      [m.requiresPython?.source, m.requiresPython?.anyOf, slice(text, m.requiresPython!.range)],
      ['poetry', ['>=3.11,<4'], '"^3.11"'],
    );
    assert.deepStrictEqual(
      m.dependencies.map((d) => [
        d.normalized,
        d.specifier,
        d.pep440,
        d.pinned,
        d.scope,
        d.group ?? null,
        d.kind,
        d.source,
      ]),
      [
        ['django', '^4.2', '>=4.2,<5', false, 'main', null, 'registry', 'tool.poetry.dependencies'],
        ['gunicorn', '21.2.0', '==21.2.0', true, 'main', null, 'registry', 'tool.poetry.dependencies'],
        ['celery', '^5.3', '>=5.3,<6', false, 'optional', null, 'registry', 'tool.poetry.dependencies'],
        ['mylib', '', '', false, 'main', null, 'path', 'tool.poetry.dependencies'],
        ['gitlib', '', '', true, 'main', null, 'vcs', 'tool.poetry.dependencies'],
        ['numpy', '<1.25', '<1.25', false, 'main', null, 'registry', 'tool.poetry.dependencies'],
        ['numpy', '>=1.25', '>=1.25', false, 'main', null, 'registry', 'tool.poetry.dependencies'],
        ['boto3', '~1.28', '>=1.28,<1.29', false, 'main', null, 'registry', 'tool.poetry.dependencies'],
        ['black', '*', '', false, 'dev', 'dev', 'registry', 'tool.poetry.dev-dependencies'],
        ['pytest', '>=7,<8', '>=7,<8', false, 'dev', 'test', 'registry', 'tool.poetry.group.test.dependencies'],
        ['either', '^1.0 || ^2.0', undefined, false, 'dev', 'test', 'registry', 'tool.poetry.group.test.dependencies'],
      ],
    );
    const [django, , celery, mylib, , numpy1, numpy2, boto3] = m.dependencies;
    assert.deepStrictEqual([slice(text, django.range), slice(text, django.nameRange)], ['Django = "^4.2"', 'Django']);
    assert.deepStrictEqual([celery.extras, mylib.editable, mylib.url], [['redis'], true, '../mylib']);
    assert.deepStrictEqual(
      [slice(text, numpy1.nameRange), slice(text, numpy1.range), at(numpy2.range)],
      ['numpy', '{ version = "<1.25", python = "<3.9" }', '12:2-12:42'],
    );
    assert.deepStrictEqual([slice(text, boto3.nameRange), at(boto3.range)], ['boto3', '16:0-17:17']);
    assert.deepStrictEqual(
      m.problems.map((p) => [p.message, slice(text, p.range)]),
      [['`weird name` is not a package name: it is skipped.', '"weird name"']],
    );
    assert.deepStrictEqual(
      m.scripts.map((s) => [s.name, s.module, s.func, s.source]),
      [
        ['serve', 'legacy.server', 'main', 'tool.poetry.scripts'],
        ['tool', 'legacy.tool', 'run', 'tool.poetry.scripts'],
      ],
    );
  });

  it('prefers [project] over [tool.poetry] for the name and requires-python, and keeps both constraints', () => {
    const m = parsePyProject(
      '[project]\nname = "new"\nrequires-python = ">=3.9"\n[tool.poetry]\nname = "old"\n[tool.poetry.dependencies]\npython = "~3.11"\n',
    );
    assert.strictEqual(m.name?.value, 'new');
    assert.strictEqual(m.requiresPython?.source, 'requires-python');
    assert.deepStrictEqual(
      m.pythonConstraints.map((c) => [c.source, c.anyOf]),
      [
        ['requires-python', ['>=3.9']],
        ['poetry', ['>=3.11,<3.12']],
      ],
    );
  });

  it('reads PDM dev-dependencies (with -e), Hatch environments and uv dev-dependencies and sources', () => {
    const text = `[project]
name = "mono"
dependencies = ["core", "api-client", "flask"]

[tool.pdm.dev-dependencies]
test = ["pytest>=7", "-e file:///\${PROJECT_ROOT}/packages/helpers#egg=helpers", "-e ./local"]
lint = ["flake8"]

[tool.hatch.envs.default]
dependencies = ["coverage[toml]>=6.5"]
[tool.hatch.envs.docs]
extra-dependencies = ["mkdocs"]

[tool.uv]
dev-dependencies = ["mypy==1.8.0"]

[tool.uv.sources]
core = { workspace = true }
api-client = { git = "https://github.com/acme/api-client", tag = "v2" }
flask = { index = "internal" }
other = [{ path = "../other", marker = "sys_platform == 'linux'" }]
`;
    const m = parsePyProject(text);
    assert.deepStrictEqual(m.problems, []);
    assert.deepStrictEqual(m.tools, ['pdm', 'hatch', 'uv']);
    assert.deepStrictEqual(
      m.dependencies.map((d) => [d.normalized, d.kind, d.scope, d.group ?? null, d.editable ?? false, d.source]),
      [
        ['core', 'path', 'main', null, false, 'project.dependencies'],
        ['api-client', 'vcs', 'main', null, false, 'project.dependencies'],
        ['flask', 'registry', 'main', null, false, 'project.dependencies'],
        ['pytest', 'registry', 'dev', 'test', false, 'tool.pdm.dev-dependencies.test'],
        ['helpers', 'path', 'dev', 'test', true, 'tool.pdm.dev-dependencies.test'],
        ['flake8', 'registry', 'dev', 'lint', false, 'tool.pdm.dev-dependencies.lint'],
        ['coverage', 'registry', 'dev', 'default', false, 'tool.hatch.envs.default.dependencies'],
        ['mkdocs', 'registry', 'dev', 'docs', false, 'tool.hatch.envs.docs.extra-dependencies'],
        ['mypy', 'registry', 'dev', 'dev', false, 'tool.uv.dev-dependencies'],
      ],
    );
    assert.strictEqual(m.dependencies[1].url, 'https://github.com/acme/api-client');
    assert.deepStrictEqual(
      m.uvSources.map((s) => [s.normalized, s.kind, s.value, slice(text, s.range)?.split(' =')[0]]),
      [
        ['core', 'workspace', undefined, 'core'],
        ['api-client', 'git', 'https://github.com/acme/api-client', 'api-client'],
        ['flask', 'index', 'internal', 'flask'],
        ['other', 'path', '../other', 'other'],
      ],
    );
  });

  it('reads setuptools dynamic dependency files', () => {
    const m = parsePyProject(`[project]
name = "x"
dynamic = ["dependencies", "optional-dependencies"]
[tool.setuptools.dynamic]
dependencies = { file = ["requirements.txt", "requirements-extra.txt"] }
optional-dependencies.dev = { file = "requirements-dev.txt" }
`);
    assert.deepStrictEqual(m.dynamic, ['dependencies', 'optional-dependencies']);
    assert.deepStrictEqual(
      m.dependencyFiles.map((f) => [f.path, f.optional, at(f.range)]),
      // The string literals, quotes included.
      [
        ['requirements.txt', undefined, '4:25-4:43'],
        ['requirements-extra.txt', undefined, '4:45-4:69'],
        ['requirements-dev.txt', 'dev', '5:37-5:59'],
      ],
    );
    assert.deepStrictEqual(m.tools, ['setuptools']);
  });

  it('skips values of the wrong type with a problem at the value', () => {
    const text = `[project]
name = 3
dependencies = "requests"
optional-dependencies = { x = [1, "ok"] }
scripts = { a = 5, b = "" }
[dependency-groups]
g = "nope"
[tool.poetry.dependencies]
x = 5
y = {}
`;
    const m = parsePyProject(text);
    assert.deepStrictEqual(
      m.dependencies.map((d) => d.normalized),
      ['ok'],
    );
    assert.deepStrictEqual(
      m.problems.map((p) => [p.message, slice(text, p.range)]),
      [
        ['`project.name` should be a string: it is skipped.', '3'],
        ['`project.dependencies` should be an array: it is skipped.', '"requests"'],
        ['`project.optional-dependencies.x.0` should be a requirement string: it is skipped.', '1'],
        ['`project.scripts.a` should be an object reference (`module:function`): it is skipped.', '5'],
        ['`project.scripts.b` should be an object reference (`module:function`): it is skipped.', '""'],
        ['`dependency-groups.g` should be an array: it is skipped.', '"nope"'],
        ['`tool.poetry.dependencies.x` should be a version string or a table: it is skipped.', '5'],
        ['`tool.poetry.dependencies.y` should be a version string or a table: it is skipped.', '{}'],
      ],
    );
  });

  describe('malformed TOML', () => {
    it('skips a broken line and reads the rest', () => {
      const text = `[project]
name = "x"
this line is broken
dependencies = ["flask", "celery"]
[tool.poetry.dependencies]
requests = "^2"
`;
      const m = parsePyProject(text);
      assert.deepStrictEqual(
        m.dependencies.map((d) => d.normalized),
        ['flask', 'celery', 'requests'],
      );
      assert.deepStrictEqual(
        m.problems.map((p) => [p.message.replace(/\(.*\)/, '(…)'), at(p.range)]),
        [['TOML syntax error (…): this line is skipped.', '2:0-2:19']],
      );
      assert.strictEqual(at(m.dependencies[0].nameRange), '3:17-3:22');
    });

    it('reads what precedes an array left open at the end of the file', () => {
      const text = '[project]\nname = "x"\nrequires-python = ">=3.11"\ndependencies = [\n  "flask",\n  "celery",\n';
      const m = parsePyProject(text);
      assert.deepStrictEqual([m.name?.value, m.requiresPython?.text], ['x', '>=3.11']);
      assert.ok(m.problems.length >= 1);
      assert.ok(
        m.problems.every((p) => p.range.start.line >= 3),
        JSON.stringify(m.problems),
      );
    });

    it('keeps the first of a duplicated key, and reads both sides of merge conflict markers', () => {
      const dup = parsePyProject('[project]\nname = "a"\nname = "b"\n');
      assert.deepStrictEqual([dup.name?.value, dup.problems.map((p) => at(p.range))], ['a', ['2:0-2:10']]);
      const conflict = parsePyProject(
        '[project]\ndependencies = [\n<<<<<<< HEAD\n  "flask",\n=======\n  "django",\n>>>>>>> feature\n]\n',
      );
      assert.deepStrictEqual(
        conflict.dependencies.map((d) => d.normalized),
        ['flask', 'django'],
      );
      assert.deepStrictEqual(
        conflict.problems.map((p) => [p.message, at(p.range)]),
        [['Unresolved merge conflict markers: both sides are read.', '2:0-2:12']],
      );
    });

    it('reads nothing but says so for text that is not TOML at all, and never throws', () => {
      for (const text of [
        '',
        '\uFEFF[project]\nname = "bom"\n',
        '{"json": true}',
        '[[[',
        '\u0000\u0001',
        'a = """',
        '[project]\n__proto__ = 1\nname = "p"\n',
      ]) {
        const m = parsePyProject(text);
        assert.ok(Array.isArray(m.dependencies), JSON.stringify(text));
      }
      assert.strictEqual(parsePyProject('\uFEFF[project]\nname = "bom"\n').name?.value, 'bom');
      assert.strictEqual(parsePyProject('[project]\n__proto__ = 1\nname = "p"\n').name?.value, 'p');
      const many = parsePyProject('x\n'.repeat(100) + '[project]\nname = "late"\n');
      assert.strictEqual(
        many.problems[many.problems.length - 1].message,
        'Too many TOML syntax errors: nothing in this file is read.',
      );
    });
  });
});
