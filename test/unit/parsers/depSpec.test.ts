// parsers/depSpec: package.json dependency values classified by npm-package-arg, plus yarn/pnpm protocols.
import * as assert from 'assert';
import { acceptsAnyVersion, classifySpec } from '../../../server/src/ecosystem/npm/depSpec';

describe('parsers/depSpec', () => {
  it('reads npm: aliases by their target (regexes skipped every npm: spec)', () => {
    assert.deepStrictEqual(classifySpec('npm:lodash@latest'), {
      type: 'alias',
      name: 'lodash',
      target: { type: 'tag', tag: 'latest' },
    });
    assert.deepStrictEqual(classifySpec('npm:@scope/pkg@^1.2.0'), {
      type: 'alias',
      name: '@scope/pkg',
      target: { type: 'range', range: '^1.2.0' },
    });
    // `npm:name` alone installs the latest version.
    const bare = classifySpec('npm:left-pad');
    assert.ok(bare.type === 'alias' && bare.target.type === 'range' && acceptsAnyVersion(bare.target.range));
  });

  it('classifies registry ranges, versions and dist-tags', () => {
    assert.deepStrictEqual(classifySpec('^1.2.3'), { type: 'range', range: '^1.2.3' });
    assert.deepStrictEqual(classifySpec('1.2.3'), { type: 'range', range: '1.2.3' });
    assert.deepStrictEqual(classifySpec('next'), { type: 'tag', tag: 'next' });
    for (const any of ['*', 'x', 'X.x', '', ' '])
      assert.ok(acceptsAnyVersion((classifySpec(any) as { range: string }).range), any);
    assert.ok(!acceptsAnyVersion('^1'));
  });

  it('classifies git specs with their ref, and tarball URLs as remote', () => {
    assert.deepStrictEqual(classifySpec('github:acme/x'), { type: 'git' });
    assert.deepStrictEqual(classifySpec('acme/x#main'), { type: 'git', ref: 'main' });
    assert.deepStrictEqual(classifySpec('git+https://github.com/acme/x.git#v1.2.0'), { type: 'git', ref: 'v1.2.0' });
    assert.deepStrictEqual(classifySpec('git@github.com:acme/x.git'), { type: 'git' });
    assert.deepStrictEqual(classifySpec('https://example.com/pkg-1.0.0.tgz'), { type: 'remote' });
  });

  it('classifies local folders and tarballs, with protocol and file:// prefix off (a relative path was once git)', () => {
    assert.deepStrictEqual(classifySpec('file:../common'), { type: 'local', path: '../common' });
    assert.deepStrictEqual(classifySpec('link:../../shared'), { type: 'local', path: '../../shared' });
    assert.deepStrictEqual(classifySpec('portal:../x'), { type: 'local', path: '../x' });
    assert.deepStrictEqual(classifySpec('file:///opt/lib'), { type: 'local', path: '/opt/lib' });
    assert.deepStrictEqual(classifySpec('../lib'), { type: 'local', path: '../lib' });
    assert.deepStrictEqual(classifySpec('~/lib'), { type: 'local', path: '~/lib' });
    assert.deepStrictEqual(classifySpec('~'), { type: 'local', path: '~' });
    assert.deepStrictEqual(classifySpec('vendor-1.0.0.tgz'), { type: 'local', path: 'vendor-1.0.0.tgz' });
  });

  it('never throws: yarn/pnpm protocols and specs npm refuses are other', () => {
    for (const s of [
      'workspace:*',
      'workspace:^',
      'catalog:',
      'patch:foo@1#./p.patch',
      'jsr:@std/path',
      'exec:./gen',
      'foo bar',
      'file:',
      'npm:',
      '\u0000',
      'a'.repeat(10_000),
    ]) {
      assert.doesNotThrow(() => classifySpec(s), s);
    }
    assert.deepStrictEqual(classifySpec('workspace:*'), { type: 'other' });
    assert.deepStrictEqual(classifySpec('foo bar'), { type: 'other' });
  });
});
