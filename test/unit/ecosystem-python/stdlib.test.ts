// ecosystem/python stdlib: the standard library's modules per Python version (data generated from interpreters by
// scripts/python-stdlib.mjs).
import * as assert from 'assert';
import { isStdlibModule, stdlibModules } from '../../../server/src/ecosystem/python/stdlib';
import { STDLIB_EVERYWHERE, STDLIB_SOME } from '../../../server/src/ecosystem/python/stdlibData';

/** The minors (3.x) of 8–14 where `module` is in the standard library. */
const minorsOf = (module: string) => [8, 9, 10, 11, 12, 13, 14].filter((m) => isStdlibModule(module, m));

describe('ecosystem/python stdlib', () => {
  it('knows the modules every version has, and submodules by their top level', () => {
    for (const m of ['os', 'sys', 'json', 'asyncio', 'logging', 'subprocess', 'typing', 'os.path', 'xml.etree'])
      assert.deepStrictEqual(minorsOf(m), [8, 9, 10, 11, 12, 13, 14], m);
  });

  it('follows additions and removals by version', () => {
    assert.deepStrictEqual(minorsOf('tomllib'), [11, 12, 13, 14]);
    assert.deepStrictEqual(minorsOf('zoneinfo'), [9, 10, 11, 12, 13, 14]);
    assert.deepStrictEqual(minorsOf('graphlib'), [9, 10, 11, 12, 13, 14]);
    for (const m of ['distutils', 'imp', 'asynchat', 'asyncore', 'smtpd'])
      assert.deepStrictEqual(minorsOf(m), [8, 9, 10, 11], m);
    for (const m of ['cgi', 'telnetlib', 'crypt', 'lib2to3', 'imghdr', 'pipes'])
      assert.deepStrictEqual(minorsOf(m), [8, 9, 10, 11, 12], m);
    assert.deepStrictEqual(minorsOf('binhex'), [8, 9, 10]);
    assert.deepStrictEqual(minorsOf('parser'), [8, 9]);
    assert.deepStrictEqual(minorsOf('dummy_threading'), [8]);
    assert.deepStrictEqual(minorsOf('annotationlib'), [14]);
  });

  it('lists platform-specific modules whatever the generating machine', () => {
    for (const m of ['winreg', 'msvcrt', 'nt', 'winsound', 'posix', 'grp', '_winapi'])
      assert.deepStrictEqual(minorsOf(m), [8, 9, 10, 11, 12, 13, 14], m);
  });

  it('leaves out third-party and test modules', () => {
    for (const m of ['requests', 'yaml', 'numpy', 'setuptools', 'pip', 'test', '_testcapi', 'xxlimited', 'six'])
      assert.deepStrictEqual(minorsOf(m), [], m);
  });

  it('answers for any version when the version is unknown, and clamps versions outside the data', () => {
    assert.ok(isStdlibModule('distutils'));
    assert.ok(isStdlibModule('tomllib'));
    assert.ok(isStdlibModule('annotationlib'));
    assert.ok(!isStdlibModule('requests'));
    assert.strictEqual(stdlibModules(6), stdlibModules(8));
    assert.strictEqual(stdlibModules(40), stdlibModules(14));
    assert.strictEqual(stdlibModules(Number.NaN), stdlibModules());
    assert.ok(!isStdlibModule('constructor', 11));
  });

  it('keeps the generated data consistent: no module both everywhere and in some versions, minors in range', () => {
    assert.ok(STDLIB_EVERYWHERE.length > 250);
    for (const [m, minors] of Object.entries(STDLIB_SOME)) {
      assert.ok(!STDLIB_EVERYWHERE.includes(m), m);
      assert.ok(minors.length > 0 && minors.length < 6 && minors.every((v) => v >= 8 && v <= 13), m);
    }
  });
});
