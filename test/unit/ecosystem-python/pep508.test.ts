// ecosystem/python pep508: dependency strings with offsets, and what counts as pinned.
import * as assert from 'assert';
import {
  clausesPinned,
  nameFromUrl,
  parsePep508,
  parseRequirementSpec,
  urlKind,
  urlPinned,
} from '../../../server/src/ecosystem/python/pep508';

const ok = (text: string) => {
  const r = parsePep508(text);
  assert.strictEqual(r.error, undefined, `${text}: ${r.error?.message}`);
  return r.requirement!;
};

describe('ecosystem/python pep508', () => {
  it('reads a name, extras, version clauses and markers with the name offsets', () => {
    const r = ok('  requests[security, socks] >=2.8.1, ==2.8.* ; python_version < "2.7"');
    assert.deepStrictEqual(
      [r.name, r.nameStart, r.nameEnd, r.extras, r.specifier, r.clauses, r.markers],
      [
        'requests',
        2,
        10,
        ['security', 'socks'],
        '>=2.8.1, ==2.8.*',
        [
          { op: '>=', version: '2.8.1' },
          { op: '==', version: '2.8.*' },
        ],
        'python_version < "2.7"',
      ],
    );
  });

  it('reads every operator, parenthesised versions and names with dots, dashes and underscores', () => {
    for (const op of ['===', '==', '!=', '<=', '>=', '~=', '<', '>'])
      assert.deepStrictEqual(ok(`x${op}1.0`).clauses, [{ op, version: '1.0' }], op);
    assert.deepStrictEqual(ok('name (>=1.0, <2)').clauses, [
      { op: '>=', version: '1.0' },
      { op: '<', version: '2' },
    ]);
    assert.strictEqual(ok('zope.interface_x-y').name, 'zope.interface_x-y');
    assert.strictEqual(ok('A').name, 'A');
  });

  it('reads direct references with their URL and a marker after whitespace', () => {
    const r = ok('pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; python_version >= "3"');
    assert.strictEqual(r.url, 'https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee');
    assert.strictEqual(r.markers, 'python_version >= "3"');
    assert.strictEqual(
      ok('flask @ git+https://github.com/pallets/flask.git@2.3.0').url,
      'git+https://github.com/pallets/flask.git@2.3.0',
    );
  });

  it('keeps the name when the rest is malformed, with the error offsets', () => {
    const cases: [string, string, number][] = [
      ['requests>=', 'Expected a version after `>=`.', 8],
      ['requests[socks', 'Malformed extras: expected `,` or `]`.', 8],
      ['requests>=1,', 'Expected a version operator after `,`.', 12],
      ['requests (>=1', 'Expected `)` after the version.', 9],
      ['requests @ ', 'Expected a URL after `@`.', 9],
      ['requests;', 'Expected an environment marker after `;`.', 8],
      ['requests !!', 'Unexpected `!` in the requirement.', 9],
      ['requests 2.0', 'Unexpected `2` in the requirement.', 9],
    ];
    for (const [text, message, start] of cases) {
      const r = parsePep508(text);
      assert.strictEqual(r.requirement?.name, 'requests', text);
      assert.deepStrictEqual([r.error?.message, r.error?.start], [message, start], text);
      // At least one character, except at the very end of the text, where the range is empty.
      const { start: s, end: e } = r.error!;
      assert.ok(e <= text.length && (e > s || s === text.length), text);
    }
  });

  it('reads no requirement without a name', () => {
    for (const text of ['', '   ', '>=1.0', '-foo', '[x]', '.']) {
      const r = parsePep508(text);
      assert.strictEqual(r.requirement, undefined, text);
      assert.ok(r.error, text);
    }
  });

  it('calls pinned exactly one == without a wildcard, or ===', () => {
    const pinned = (s: string) => clausesPinned(ok(`x${s}`).clauses);
    assert.ok(pinned('==1.2.3'));
    assert.ok(pinned('===1.2.3'));
    assert.ok(pinned('==1.2.3+local'));
    assert.ok(!pinned('==1.2.*'));
    assert.ok(!pinned('>=1.2'));
    assert.ok(!pinned('~=1.2'));
    assert.ok(!pinned('==1.2,!=1.3'));
    assert.ok(!pinned(''));
  });

  it('tells URL kinds and which direct references are pinned', () => {
    assert.strictEqual(urlKind('git+https://x/y.git@main'), 'vcs');
    assert.strictEqual(urlKind('hg+https://x/y'), 'vcs');
    assert.strictEqual(urlKind('https://x/y-1.0.tar.gz'), 'url');
    assert.strictEqual(urlKind('file:///src/pkg'), 'path');
    assert.strictEqual(urlKind('./pkg'), 'path');
    assert.ok(urlPinned(`git+https://github.com/a/b.git@${'a1'.repeat(20)}#egg=b`));
    assert.ok(!urlPinned('git+https://github.com/a/b.git@v1.2.3#egg=b'));
    assert.ok(!urlPinned('git+https://github.com/a/b.git'));
    assert.ok(urlPinned('https://files.example/pkg-1.0-py3-none-any.whl'));
    assert.ok(urlPinned('https://example.com/download?id=3#sha256=abc'));
    assert.ok(!urlPinned('https://example.com/download?id=3'));
    assert.ok(!urlPinned('./pkg'));
  });

  it('names a direct reference from #egg= or a wheel/sdist file name', () => {
    assert.strictEqual(nameFromUrl('git+https://github.com/pallets/click.git@8.1.3#egg=click'), 'click');
    assert.strictEqual(nameFromUrl('git+https://x/y.git#subdirectory=pkg&egg=my_pkg'), 'my_pkg');
    assert.strictEqual(nameFromUrl('https://x/requests-2.31.0-py3-none-any.whl'), 'requests');
    assert.strictEqual(nameFromUrl('./dist/my_pkg-1.0.tar.gz'), 'my_pkg');
    assert.strictEqual(nameFromUrl('https://x/python-dateutil-2.8.2.tar.gz'), 'python-dateutil');
    assert.strictEqual(nameFromUrl('git+https://github.com/a/b.git'), undefined);
    assert.strictEqual(nameFromUrl('.'), undefined);
  });

  it('reads -e, bare URLs and paths as requirements files write them', () => {
    const e = parseRequirementSpec('-e git+https://github.com/pallets/flask.git@main#egg=flask');
    assert.deepStrictEqual(
      [e.editable, e.direct, e.requirement?.name, e.requirement?.url, e.error],
      [true, true, 'flask', 'git+https://github.com/pallets/flask.git@main#egg=flask', undefined],
    );
    const text = '-e git+https://github.com/pallets/flask.git@main#egg=flask';
    assert.strictEqual(text.slice(e.requirement!.nameStart, e.requirement!.nameEnd), 'flask');
    const dot = parseRequirementSpec('-e .');
    assert.deepStrictEqual([dot.editable, dot.direct, dot.requirement], [true, true, undefined]);
    assert.strictEqual(parseRequirementSpec('--editable=./pkg').editable, true);
    assert.strictEqual(parseRequirementSpec('./wheels/pkg-1.0-py3-none-any.whl').requirement?.name, 'pkg');
    assert.strictEqual(parseRequirementSpec('C:\\src\\pkg').direct, true);
    assert.strictEqual(parseRequirementSpec('pkg-1.0.tar.gz').requirement?.name, 'pkg');
    const marked = parseRequirementSpec('https://x/a-1.0.zip ; sys_platform == "linux"');
    assert.deepStrictEqual([marked.requirement?.name, marked.requirement?.markers], ['a', 'sys_platform == "linux"']);
    const pep = parseRequirementSpec('  -e  flask @ git+https://x/flask.git');
    assert.deepStrictEqual([pep.direct, pep.requirement?.name, pep.requirement?.nameStart], [false, 'flask', 6]);
    assert.strictEqual(parseRequirementSpec('./pkg junk').error?.message, 'Unexpected text after the URL or path.');
  });
});
