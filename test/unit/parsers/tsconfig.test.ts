// parsers/tsconfig: `extends` followed by get-tsconfig, every read through the guarded reader, inside the root only.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseTsPaths } from '../../../server/src/ecosystem/npm/tsconfig';
import { decodeText, safeReadFile } from '../../../server/src/util/safeRead';
import { tempProject } from '../../helpers/engine';

describe('parsers/tsconfig', () => {
  const made: string[] = [];
  after(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });
  /** A temp folder holding `ws/` (the root) and `outside/`; reads logged, through safeReadFile confined to ws. */
  function setup(files: Record<string, string>) {
    const dir = tempProject(files);
    made.push(dir);
    const root = path.join(dir, 'ws');
    const reads: string[] = [];
    const read = (p: string) => {
      reads.push(path.relative(dir, p));
      const r = safeReadFile(p, { maxBytes: 1 << 20, root });
      return r.ok ? decodeText(r.bytes) : undefined;
    };
    const paths = (rel: string) => {
      const file = path.join(root, rel);
      return parseTsPaths(file, fs.readFileSync(file, 'utf8'), read, root);
    };
    return { dir, root, reads, paths };
  }

  it('follows a relative extends: inherited paths, baseUrl resolved against the file that sets it', () => {
    const { root, paths } = setup({
      'ws/config/base.json': '{ "compilerOptions": { "baseUrl": "../src", "paths": { "@db/*": ["db/*"] } } }',
      'ws/tsconfig.json': '{ // comment\n "extends": "./config/base.json", "compilerOptions": { "strict": true, }, }',
    });
    assert.deepStrictEqual(paths('tsconfig.json'), { patterns: ['@db/*'], baseUrl: path.join(root, 'src') });
  });

  it('follows a package in node_modules and an extends array, the later file winning', () => {
    const { paths } = setup({
      'ws/node_modules/@acme/tsconfig/package.json': '{ "name": "@acme/tsconfig" }',
      'ws/node_modules/@acme/tsconfig/tsconfig.json': '{ "compilerOptions": { "paths": { "~pkg/*": ["./x/*"] } } }',
      'ws/local.json': '{ "compilerOptions": { "paths": { "#local/*": ["./y/*"] } } }',
      'ws/a.json': '{ "extends": "@acme/tsconfig" }',
      'ws/b.json': '{ "extends": ["@acme/tsconfig", "./local.json"] }',
    });
    assert.deepStrictEqual(paths('a.json')?.patterns, ['~pkg/*']);
    assert.deepStrictEqual(paths('b.json')?.patterns, ['#local/*']);
  });

  it("never reads outside the root, by a relative path or a link, and keeps the file's own options", () => {
    const { dir, root, reads, paths } = setup({
      'outside/base.json': '{ "compilerOptions": { "paths": { "#outside/*": ["./x/*"] } } }',
      'ws/up.json': '{ "extends": "../outside/base.json", "compilerOptions": { "paths": { "@own/*": ["./o/*"] } } }',
      'ws/link.json': '{ "extends": "./linked/base.json" }',
    });
    fs.symlinkSync(path.join(dir, 'outside'), path.join(root, 'linked'));
    assert.deepStrictEqual(paths('up.json'), { patterns: ['@own/*'], baseUrl: undefined });
    assert.strictEqual(paths('link.json'), undefined);
    assert.ok(!reads.some((r) => r.startsWith('outside')), reads.join());
  });

  it('survives circular, missing and malformed bases, and a tsconfig without extends reads no other file', () => {
    const { reads, paths } = setup({
      'ws/a.json': '{ "extends": "./b.json", "compilerOptions": { "paths": { "@a/*": ["./a/*"] } } }',
      'ws/b.json': '{ "extends": "./a.json" }',
      'ws/missing.json': '{ "extends": "./nope.json", "compilerOptions": { "paths": { "@m/*": ["./m/*"] } } }',
      'ws/bad-base.json': '{ "compilerOptions": { "paths": ',
      'ws/bad.json': '{ "extends": "./bad-base.json", "compilerOptions": { "baseUrl": "." } }',
      'ws/plain.json': '{ "compilerOptions": { "paths": { "@p/*": ["./p/*"] } } }',
    });
    assert.deepStrictEqual(paths('a.json')?.patterns, ['@a/*']);
    assert.deepStrictEqual(paths('missing.json')?.patterns, ['@m/*']);
    assert.doesNotThrow(() => paths('bad.json'));
    reads.length = 0;
    assert.deepStrictEqual(paths('plain.json')?.patterns, ['@p/*']);
    assert.deepStrictEqual(reads, []);
  });

  it('without a reader, reads the file alone (as before)', () => {
    assert.deepStrictEqual(
      parseTsPaths('/w/tsconfig.json', '{ "extends": "./base.json", "compilerOptions": { "paths": { "@x/*": [] } } }'),
      { patterns: ['@x/*'], baseUrl: undefined },
    );
  });
});
