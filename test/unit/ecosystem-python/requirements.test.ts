// ecosystem/python requirements: pip's requirements file format, includes followed through a read callback, and
// compiled (locked) files.
import * as assert from 'assert';
import * as path from 'path';
import {
  parseRequirements,
  requirementsScope,
  resolveRequirements,
  viaDeclaration,
} from '../../../server/src/ecosystem/python/requirements';
import type { Range } from '../../../server/src/util/types';

const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const names = (text: string) => parseRequirements(text).requirements.map((r) => r.name);

describe('ecosystem/python requirements', () => {
  it('reads PEP 508 lines with specifiers, extras, markers and exact ranges', () => {
    const f = parseRequirements(
      'Django>=4.2,<5\nrequests[socks]==2.31.0 ; python_version < "3.12"\n\n  gunicorn  # the web server\n',
    );
    assert.deepStrictEqual(
      f.requirements.map((r) => [
        r.name,
        r.normalized,
        r.specifier,
        r.pinned,
        r.extras,
        r.markers,
        at(r.range),
        at(r.nameRange),
      ]),
      [
        ['Django', 'django', '>=4.2,<5', false, [], undefined, '0:0-0:14', '0:0-0:6'],
        ['requests', 'requests', '==2.31.0', true, ['socks'], 'python_version < "3.12"', '1:0-1:49', '1:0-1:8'],
        ['gunicorn', 'gunicorn', '', false, [], undefined, '3:2-3:10', '3:2-3:10'],
      ],
    );
    assert.deepStrictEqual(f.problems, []);
    assert.strictEqual(f.requirements[0].scope, 'main');
    assert.strictEqual(f.requirements[0].source, 'requirements');
  });

  it('returns -r and -c includes as references, in every spelling', () => {
    const f = parseRequirements(
      '-r base.txt\n--requirement=dev.txt\n-c constraints.txt\n--constraint pins.txt\n-rshort.txt\n',
    );
    assert.deepStrictEqual(
      f.includes.map((i) => [i.kind, i.path, at(i.range)]),
      [
        ['requirement', 'base.txt', '0:3-0:11'],
        ['requirement', 'dev.txt', '1:14-1:21'],
        ['constraint', 'constraints.txt', '2:3-2:18'],
        ['constraint', 'pins.txt', '3:13-3:21'],
        ['requirement', 'short.txt', '4:2-4:11'],
      ],
    );
    assert.deepStrictEqual(f.requirements, []);
  });

  it('reads editable requirements, VCS and archive URLs and local paths', () => {
    const f = parseRequirements(
      [
        '-e git+https://github.com/pallets/flask.git@main#egg=flask',
        '-e .',
        '--editable ./libs/core',
        'git+https://github.com/pallets/click.git@8.1.3#egg=click',
        `lib @ git+https://github.com/a/lib.git@${'0'.repeat(40)}`,
        'https://files.example/pkgs/wheelpkg-1.0-py3-none-any.whl',
        './vendor/sdist_pkg-2.0.tar.gz',
        'https://example.com/no-name-here',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      f.requirements.map((r) => [r.name, r.kind, r.editable ?? false, r.pinned]),
      [
        ['flask', 'vcs', true, false],
        ['click', 'vcs', false, false],
        ['lib', 'vcs', false, true],
        ['wheelpkg', 'url', false, true],
        ['sdist_pkg', 'path', false, false],
      ],
    );
    assert.strictEqual(at(f.requirements[0].nameRange), '0:53-0:58');
    assert.deepStrictEqual(
      f.unnamed.map((u) => [u.text, u.editable, at(u.range)]),
      [
        ['.', true, '1:3-1:4'],
        ['./libs/core', true, '2:11-2:22'],
        ['https://example.com/no-name-here', false, '7:0-7:32'],
      ],
    );
    assert.deepStrictEqual(f.problems, []);
  });

  it('joins continuation lines and reads hashes, keeping ranges on the first line', () => {
    const f = parseRequirements(
      'requests==2.31.0 \\\n    --hash=sha256:aaa \\\n    --hash sha256:bbb\nidna==3.4 --hash=sha256:ccc\n',
    );
    assert.deepStrictEqual(
      f.requirements.map((r) => [r.name, r.hashes, at(r.range)]),
      [
        ['requests', ['sha256:aaa', 'sha256:bbb'], '0:0-0:16'],
        ['idna', ['sha256:ccc'], '3:0-3:9'],
      ],
    );
    assert.ok(f.compiled, 'hashes on every pinned requirement make a lock');
  });

  it('joins a requirement split over lines, and a comment line ends a continuation as in pip', () => {
    const f = parseRequirements('Django\\\n>=4.2\nfoo \\\n# comment \\\nbar\n');
    assert.deepStrictEqual(
      f.requirements.map((r) => [r.name, r.specifier, at(r.range)]),
      [
        ['Django', '>=4.2', '0:0-1:5'],
        ['foo', '', '2:0-2:3'],
        ['bar', '', '4:0-4:3'],
      ],
    );
  });

  it('keeps global options with their values, long names for short ones', () => {
    const f = parseRequirements(
      '--index-url https://pypi.example/simple\n-i https://mirror/simple\n--extra-index-url=https://x/simple\n' +
        '-f ./wheels\n--trusted-host x.org\n--no-binary :all:\n--pre\n--require-hashes\n--prefer-binary\nflask\n',
    );
    assert.deepStrictEqual(
      f.options.map((o) => [o.name, o.value]),
      [
        ['--index-url', 'https://pypi.example/simple'],
        ['--index-url', 'https://mirror/simple'],
        ['--extra-index-url', 'https://x/simple'],
        ['--find-links', './wheels'],
        ['--trusted-host', 'x.org'],
        ['--no-binary', ':all:'],
        ['--pre', undefined],
        ['--require-hashes', undefined],
        ['--prefer-binary', undefined],
      ],
    );
    assert.deepStrictEqual(names('--index-url https://x/simple\nflask\n'), ['flask']);
    assert.deepStrictEqual(f.problems, []);
  });

  it('drops comments at a line start or after whitespace, not a # inside a URL', () => {
    assert.deepStrictEqual(names('# just a comment\nflask # web\n  # indented\nx@https://h/p.zip#sha256=1\n'), [
      'flask',
      'x',
    ]);
    const f = parseRequirements('x @ https://h/p.zip#sha256=abc');
    assert.strictEqual(f.requirements[0].url, 'https://h/p.zip#sha256=abc');
    assert.ok(f.requirements[0].pinned);
  });

  it('handles CRLF and lone-CR line endings', () => {
    assert.deepStrictEqual(names('a==1\r\nb==2\rc==3'), ['a', 'b', 'c']);
    const f = parseRequirements('a==1 \\\r\n  --hash=sha256:x\r\nb==2\r\n');
    assert.deepStrictEqual(
      f.requirements.map((r) => [r.name, r.hashes ?? [], at(r.range)]),
      [
        ['a', ['sha256:x'], '0:0-0:4'],
        ['b', [], '2:0-2:4'],
      ],
    );
  });

  it('keeps going past malformed lines, with a problem and its range for each', () => {
    const f = parseRequirements(
      'requests==2.31.0\nbad line here !!!\n>=1.0\nflask>=\n--bogus-option x\n-r\ndjango --nope\nok\n',
    );
    assert.deepStrictEqual(names('requests==2.31.0\nbad line here !!!\nflask'), ['requests', 'bad', 'flask']);
    assert.deepStrictEqual(
      f.requirements.map((r) => [r.name, r.specifier, r.pep440, r.pinned]),
      [
        ['requests', '==2.31.0', '==2.31.0', true],
        ['bad', '', undefined, false],
        ['flask', '', undefined, false],
        ['django', '', '', false],
        ['ok', '', '', false],
      ],
    );
    assert.deepStrictEqual(
      f.problems.map((p) => [p.message, at(p.range)]),
      [
        ['Unreadable requirement: Unexpected `l` in the requirement.', '1:4-1:17'],
        ['Unreadable requirement: Not a requirement: it does not start with a package name.', '2:0-2:5'],
        ['Unreadable requirement: Expected a version after `>=`.', '3:5-3:7'],
        ['Unknown pip option `--bogus-option`: the line is skipped.', '4:0-4:16'],
        ['`--requirement` needs a value.', '5:0-5:2'],
        ['`--nope` is not an option pip takes after a requirement.', '6:7-6:13'],
      ],
    );
  });

  it('reads ${VAR} references as written (pip expands them at install time)', () => {
    const f = parseRequirements('requests==${REQUESTS_VERSION}\n-r ${BASE}/base.txt\n');
    assert.deepStrictEqual([f.requirements[0].specifier, f.requirements[0].pinned], ['==${REQUESTS_VERSION}', true]);
    assert.strictEqual(f.includes[0].path, '${BASE}/base.txt');
  });

  it('tells compiled requirements (pip-compile, uv pip compile) from hand-written ones', () => {
    const pipCompile = `#
# This file is autogenerated by pip-compile with Python 3.11
# by the following command:
#
#    pip-compile requirements.in
#
asgiref==3.7.2
    # via django
django==4.2.7
    # via -r requirements.in
sqlparse==0.4.4
    # via django
`;
    const uv = `# This file was autogenerated by uv via the following command:
#    uv pip compile requirements.in -o requirements.txt
flask==3.0.0
    # via -r requirements.in
-e ./libs/own
`;
    const viaOnly = 'click==8.1.7\n    # via flask\nflask==3.0.0\n';
    const handPinned = 'flask==3.0.0\nrequests==2.31.0\n';
    const loose = '# autogenerated by pip-compile\nflask>=3\n';
    const wildcard = 'flask==3.*  # via -r requirements.in\n';
    const result = (t: string) => {
      const f = parseRequirements(t);
      return [f.compiled, f.allPinned];
    };
    assert.deepStrictEqual(result(pipCompile), [true, true]);
    assert.deepStrictEqual(result(uv), [true, true]);
    assert.deepStrictEqual(result(viaOnly), [true, true]);
    assert.deepStrictEqual(result(handPinned), [false, true]);
    assert.deepStrictEqual(result(loose), [false, false]);
    assert.deepStrictEqual(result(wildcard), [false, false]);
    assert.deepStrictEqual(result('# via nothing\n'), [false, true]);
  });

  it('marks development requirement files by name or folder', () => {
    for (const p of [
      'requirements-dev.txt',
      'dev-requirements.txt',
      'requirements/test.txt',
      'requirements_lint.in',
      'tests/requirements.txt',
      'requirements/local.txt',
      'docs/requirements.txt',
    ])
      assert.strictEqual(requirementsScope(p), 'dev', p);
    for (const p of [
      'requirements.txt',
      'requirements/base.txt',
      'requirements/production.txt',
      'requirements.in',
      'app/requirements.txt',
    ])
      assert.strictEqual(requirementsScope(p), 'main', p);
    assert.strictEqual(parseRequirements('x', { scope: 'dev', source: 'dev.txt' }).requirements[0].scope, 'dev');
  });

  describe('resolveRequirements', () => {
    const root = path.resolve('/proj');
    const files = (map: Record<string, string>) => {
      const reads: string[] = [];
      const read = (p: string) => {
        reads.push(path.relative(root, p));
        return map[path.relative(root, p).split(path.sep).join('/')];
      };
      return { read, reads };
    };
    const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');

    it('follows -r relative to the including file and keeps -c entries apart', () => {
      const { read } = files({
        'requirements/production.txt': '-r base.txt\ngunicorn\n-c ../constraints.txt\n',
        'requirements/base.txt': 'django\n-r common/extra.txt\n',
        'requirements/common/extra.txt': 'celery\n',
        'constraints.txt': 'django==4.2.7\n-r more-pins.txt\n',
        'more-pins.txt': 'celery==5.3.4\n',
      });
      const r = resolveRequirements(path.join(root, 'requirements/production.txt'), read);
      assert.deepStrictEqual(
        r.requirements.map((d) => [d.name, rel(d.file)]),
        [
          ['gunicorn', 'requirements/production.txt'],
          ['django', 'requirements/base.txt'],
          ['celery', 'requirements/common/extra.txt'],
        ],
      );
      // A -r inside a constraints file is a constraint too, as in pip.
      assert.deepStrictEqual(
        r.constraints.map((d) => [d.name, d.specifier, rel(d.file)]),
        [
          ['django', '==4.2.7', 'constraints.txt'],
          ['celery', '==5.3.4', 'more-pins.txt'],
        ],
      );
      assert.deepStrictEqual([...r.files.keys()].map(rel), [
        'requirements/production.txt',
        'requirements/base.txt',
        'requirements/common/extra.txt',
        'constraints.txt',
        'more-pins.txt',
      ]);
      assert.deepStrictEqual(r.problems, []);
    });

    it('ends include cycles, reading each file once', () => {
      const { read, reads } = files({ 'a.txt': 'a1\n-r b.txt\n', 'b.txt': 'b1\n-r a.txt\n-r b.txt\n' });
      const r = resolveRequirements(path.join(root, 'a.txt'), read);
      assert.deepStrictEqual(
        r.requirements.map((d) => d.name),
        ['a1', 'b1'],
      );
      assert.deepStrictEqual(reads, ['a.txt', 'b.txt']);
    });

    it('reports a missing include at the line that names it, and an unreadable root', () => {
      const { read } = files({ 'requirements.txt': 'flask\n-r missing.txt\n' });
      const r = resolveRequirements(path.join(root, 'requirements.txt'), read);
      assert.deepStrictEqual(
        r.problems.map((p) => [rel(p.file), p.message, at(p.range)]),
        [['requirements.txt', 'missing.txt cannot be read.', '1:3-1:14']],
      );
      const none = resolveRequirements(path.join(root, 'nope.txt'), read);
      assert.deepStrictEqual(
        none.problems.map((p) => p.message),
        ['nope.txt cannot be read.'],
      );
    });

    it('does not follow URL includes, and stops very deep chains', () => {
      const { read, reads } = files({ 'r.txt': '-r https://example.com/base.txt\nflask\n' });
      assert.deepStrictEqual(
        resolveRequirements(path.join(root, 'r.txt'), read).requirements.map((d) => d.name),
        ['flask'],
      );
      assert.deepStrictEqual(reads, ['r.txt']);
      const chain: Record<string, string> = {};
      for (let i = 0; i < 40; i++) chain[`f${i}.txt`] = `p${i}\n-r f${i + 1}.txt\n`;
      const deep = resolveRequirements(path.join(root, 'f0.txt'), files(chain).read);
      assert.strictEqual(deep.requirements.length, 17);
      assert.deepStrictEqual(
        deep.problems.map((p) => [rel(p.file), p.message]),
        [['f16.txt', 'Includes nested too deep: not followed.']],
      );
    });

    it('scopes each file by its own name, or as asked', () => {
      const { read } = files({
        'requirements-dev.txt': '-r requirements.txt\npytest\n',
        'requirements.txt': 'flask\n',
      });
      const r = resolveRequirements(path.join(root, 'requirements-dev.txt'), read);
      assert.deepStrictEqual(
        r.requirements.map((d) => [d.name, d.scope, d.source]),
        [
          ['pytest', 'dev', 'requirements-dev.txt'],
          ['flask', 'main', 'requirements.txt'],
        ],
      );
      const all = resolveRequirements(path.join(root, 'requirements-dev.txt'), read, { scope: () => 'main' });
      assert.deepStrictEqual(
        all.requirements.map((d) => d.scope),
        ['main', 'main'],
      );
    });
  });

  it("reads compiled files' `# via` annotations (block, multi-line, inline) and their shape with a hand-added line", () => {
    const f = parseRequirements(
      [
        'celery==5.3.6',
        '    # via -r requirements.in',
        'click==8.1.7',
        '    # via',
        '    #   celery',
        '    #   click-repl',
        'django==5.0.6  # via -r requirements.in, myapp (pyproject.toml)',
        '',
        '# added by hand',
        'sentry-sdk',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      f.requirements.map((r) => [r.name, r.via]),
      [
        ['celery', ['-r requirements.in']],
        ['click', ['celery', 'click-repl']],
        ['django', ['-r requirements.in', 'myapp (pyproject.toml)']],
        ['sentry-sdk', undefined],
      ],
    );
    assert.strictEqual(f.compiled, false);
    assert.strictEqual(f.compiledShape, true);
    const own = new Set(['myapp']);
    assert.deepStrictEqual(
      f.requirements.map((r) => viaDeclaration(r, own)),
      [true, false, true, undefined],
    );
    // uv export names the project itself.
    assert.strictEqual(viaDeclaration(parseRequirements('flask==3.0.3\n    # via myapp\n').requirements[0], own), true);
    // A hand-written file with ranges and one stray comment is no compiled file.
    assert.strictEqual(parseRequirements('flask>=3\ngunicorn==22.0.0  # via docs\n').compiledShape, false);
  });
});
