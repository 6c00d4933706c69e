// ecosystem/npm/packages.ts: import specifiers to package names, builtins and local specifiers.
import * as assert from 'assert';
import { isBuiltin, isLocalSpecifier, isPathAlias, packageName } from '../../../server/src/ecosystem/npm/packages';
import type { Project } from '../../../server/src/core/model';
import { fakeProject } from '../../helpers/project';

const project = (extra: Partial<Project> = {}): Project => fakeProject(undefined, extra);

describe('ecosystem/npm/packages', () => {
  describe('packageName', () => {
    it('cuts subpaths off plain and scoped names', () => {
      const cases: [string, string][] = [
        ['lodash', 'lodash'],
        ['lodash/fp', 'lodash'],
        ['react-dom/client', 'react-dom'],
        ['@scope/pkg', '@scope/pkg'],
        ['@scope/pkg/sub/deep.js', '@scope/pkg'],
        ['fs/promises', 'fs'],
        ['Lodash', 'Lodash'],
        ['~lib', '~lib'],
      ];
      for (const [spec, name] of cases) assert.strictEqual(packageName(spec), name, spec);
    });

    it('gives nothing for relative, absolute, subpath-import and URL-like specifiers (node:, bun:, virtual:, data:, https:)', () => {
      for (const s of [
        '',
        './x',
        '../x',
        '.',
        '/abs',
        '#db',
        'node:fs',
        'node:fs/promises',
        'bun:test',
        'virtual:pwa',
        'data:text/javascript,x',
        'https://esm.sh/x',
        'C:\\x',
      ]) {
        assert.strictEqual(packageName(s), undefined, s);
      }
    });

    it('gives nothing for what npm would refuse as a name: a bare scope, spaces, versions, unicode, backslashes', () => {
      for (const s of [
        '@scope',
        '@scope/',
        '@/comp',
        '@@x/y',
        'a b',
        'pkg@1.0.0',
        'ünïcode',
        '.bin',
        '_private',
        'foo\\bar',
        'x; rm -rf /',
        '$(whoami)',
      ]) {
        assert.strictEqual(packageName(s), undefined, s);
      }
    });

    it('keeps a very long valid name whole', () => {
      const long = 'a'.repeat(300);
      assert.strictEqual(packageName(`${long}/sub`), long);
    });
  });

  it('knows Node builtins by bare name (and their subpaths), plus bun; node:-only modules and packages are not', () => {
    for (const b of ['fs', 'fs/promises', 'path', 'child_process', 'punycode', 'bun']) assert.ok(isBuiltin(b), b);
    // packageName() gives nothing for `node:` specifiers, so they never get here.
    for (const b of ['node:fs', 'bun:test', 'lodash', 'test', 'sqlite', 'constructor', '']) assert.ok(!isBuiltin(b), b);
  });

  it('tells local specifiers (relative, absolute, #subpath) from packages', () => {
    for (const s of ['./a', '../a', '.', '/a', '#db']) assert.ok(isLocalSpecifier(s), s);
    for (const s of ['a', '@a/b', '', 'node:fs', '~/a']) assert.ok(!isLocalSpecifier(s), s);
  });

  it("takes conventional aliases and tsconfig paths patterns (also the workspace root's) as path aliases", () => {
    assert.ok(isPathAlias('@/components/x', project()));
    assert.ok(isPathAlias('~/lib', project()));
    assert.ok(isPathAlias('~lib', project()));
    assert.ok(!isPathAlias('@scope/pkg', project()));
    assert.ok(!isPathAlias('lodash', project()));
    const root = project({ tsPaths: { patterns: ['@app/*', 'shared'] } });
    assert.ok(isPathAlias('@app/db', project({ parent: root })));
    assert.ok(isPathAlias('shared', project({ parent: root })));
    assert.ok(!isPathAlias('@application/db', project({ parent: root })));
  });
});
