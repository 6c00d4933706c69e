// Globs: path globs go through picomatch (util/glob.ts; COPY sources with Docker's filepath.Match options);
// npm-run-all script patterns keep the linear matcher (script names are not paths).
import * as assert from 'assert';
import { globMatcher } from '../../../server/src/util/glob';
import { globMatch } from '../../../server/src/util/linear';
import { copySourceMatches } from '../../../server/src/rules/dependencies/install-ignores-lockfile';

describe('globs', () => {
  it('COPY sources: `*` and `?` stay within a path segment, classes work, braces, extglobs and `!` are literal', () => {
    assert.ok(copySourceMatches('package*.json', 'package-lock.json'));
    assert.ok(copySourceMatches('*.lock', 'yarn.lock'));
    assert.ok(copySourceMatches('pnpm-lock.yam?', 'pnpm-lock.yaml'));
    assert.ok(copySourceMatches('package-lock.jso[mn]', 'package-lock.json'));
    assert.ok(!copySourceMatches('package-lock.jso[^n]', 'package-lock.json'));
    // The replaced converter read `*` as `.*`: across `/`.
    assert.ok(!copySourceMatches('*', 'app/package-lock.json'));
    assert.ok(!copySourceMatches('app*json', 'app/package-lock.json'));
    assert.ok(copySourceMatches('app/*.json', 'app/package-lock.json'));
    // Go's filepath.Match has no braces, extglobs or negation.
    assert.ok(!copySourceMatches('{package.json,package-lock.json}', 'package-lock.json'));
    assert.ok(!copySourceMatches('!(x)', 'package-lock.json'));
    assert.ok(!copySourceMatches('!x*', 'package-lock.json'));
    // A dot name is matched by `*` (Docker has no dotfile rule).
    assert.ok(copySourceMatches('*', '.npmrc'));
  });

  it('COPY sources: over-long or unparseable patterns name nothing and never throw', () => {
    assert.ok(!copySourceMatches('*'.repeat(300), 'yarn.lock'));
    assert.doesNotThrow(() => copySourceMatches('[', 'yarn.lock'));
    assert.doesNotThrow(() => copySourceMatches('\\', 'yarn.lock'));
  });

  it('workspace and exclude globs: `*` stays within a segment, `**` crosses, bad patterns are skipped and said', () => {
    const skipped: string[] = [];
    const m = globMatcher(['packages/*', '', 42, 'apps/**'], {}, (p) => skipped.push(p));
    assert.ok(m('packages/api'));
    assert.ok(!m('packages/api/nested'));
    assert.ok(m('apps/web/nested'));
    assert.deepStrictEqual(skipped, ['', '42']);
  });

  it('npm-run-all patterns: `*` within a `:` part, across `/` (npm-run-all swaps them before matching)', () => {
    assert.ok(globMatch('build:*', 'build:css', { sep: ':' }));
    assert.ok(!globMatch('build:*', 'build:css:min', { sep: ':' }));
    assert.ok(globMatch('lint:*', 'lint:src/app', { sep: ':' }));
  });
});
