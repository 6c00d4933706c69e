// lang/js/pathShape.ts: what a file-system path expression statically looks like.
import * as assert from 'assert';
import { displayPath, pathShape } from '../../../../server/src/lang/js/pathShape';
import { callTo, parse } from '../../../helpers/ast';

/** The shape of the first argument of `target(…)`, and how a message shows it. */
function shape(code: string): [string, string, string, boolean] {
  const p = parse(code);
  const s = pathShape(callTo(p, 'target').arguments[0], p.refs, p.idx);
  return [s.base, s.text, displayPath(s), s.fromEnv];
}

describe('lang/js/pathShape', () => {
  it('reads a module-level let as its value only while nothing assigns it again', () => {
    const base = `import path from 'path'; let dir = path.join(__dirname, 'uploads');`;
    assert.deepStrictEqual(shape(`${base} target(dir)`).slice(0, 2), ['app', '<app>/uploads']);
    assert.deepStrictEqual(shape(`${base} if (process.env.DIR) dir = process.env.DIR; target(dir)`).slice(0, 2), [
      'unknown',
      '*',
    ]);
  });

  it('resolves __dirname, process.cwd() and import.meta through path.join/resolve/dirname, imported any way', () => {
    assert.deepStrictEqual(shape(`import path from 'path'; target(path.join(__dirname, 'uploads', name))`), [
      'app',
      '<app>/uploads/*',
      './uploads/*',
      false,
    ]);
    assert.deepStrictEqual(
      shape(`const path = require('path'); target(path.resolve(__dirname, '../data', 'x.json'))`),
      ['app', '<app>/../data/x.json', './data/x.json', false],
    );
    assert.deepStrictEqual(shape(`import { join } from 'path'; target(join(process.cwd(), 'logs'))`), [
      'app',
      '<app>/logs',
      './logs',
      false,
    ]);
    assert.deepStrictEqual(shape(`import path from 'path'; target(path.dirname(__filename))`), [
      'app',
      '<app>',
      './',
      false,
    ]);
    assert.deepStrictEqual(shape(`target(import.meta.dirname + '/x')`), ['app', '<app>/x', './x', false]);
    assert.deepStrictEqual(shape(`target(new URL('./uploads/', import.meta.url))`)[2], './uploads');
    assert.deepStrictEqual(
      shape(`import { fileURLToPath } from 'url'; target(fileURLToPath(new URL('../db.sqlite', import.meta.url)))`)[2],
      './db.sqlite',
    );
  });

  it('lets the last absolute argument of path.resolve win', () => {
    assert.deepStrictEqual(
      shape(`import * as path from 'node:path'; target(path.resolve(__dirname, '/var/log', 'app.log'))`),
      ['absolute', '/var/log/app.log', '/var/log/app.log', false],
    );
  });

  it('reads templates and + concatenation, with unknown parts as *', () => {
    assert.deepStrictEqual(shape('target(`${__dirname}/logs/${name}.log`)'), [
      'app',
      '<app>/logs/*.log',
      './logs/*.log',
      false,
    ]);
    assert.deepStrictEqual(shape(`target(__dirname + '/a')`), ['app', '<app>/a', './a', false]);
  });

  it('tells temporary space, other absolute paths and relative paths apart', () => {
    assert.deepStrictEqual(
      shape(`import os from 'os'; import path from 'path'; target(path.join(os.tmpdir(), 'x'))`)[0],
      'tmp',
    );
    for (const p of ['/tmp/cache', '/var/tmp', '/tmp']) assert.strictEqual(shape(`target('${p}')`)[0], 'tmp', p);
    for (const p of ['/tmpfoo', '/var/log/app.log', '/ünïcode/Ω.log'])
      assert.deepStrictEqual(shape(`target('${p}')`).slice(0, 3), ['absolute', p, p]);
    assert.deepStrictEqual(shape(`target('./data/orders.json')`), [
      'app',
      './data/orders.json',
      './data/orders.json',
      false,
    ]);
    assert.deepStrictEqual(shape(`target('data.json')`)[2], './data.json');
  });

  it('marks environment-derived paths as configurable and unknown starts as unknown', () => {
    assert.deepStrictEqual(shape(`target(process.env.UPLOAD_DIR)`), ['unknown', '<env>', '<env>', true]);
    assert.deepStrictEqual(shape(`import path from 'path'; target(path.join(process.env.DATA || '/data', 'x'))`), [
      'unknown',
      '<env>',
      '<env>',
      true,
    ]);
    assert.deepStrictEqual(shape(`target(dir)`), ['unknown', '*', '*', false]);
    assert.deepStrictEqual(shape(`target('')`), ['unknown', '', '', false]);
    // `path` is not imported here: path.join is not known to be node's.
    assert.strictEqual(shape(`target(path.join(__dirname, 'x'))`)[0], 'unknown');
  });

  it('follows constants at module level and earlier consts in the function, never parameters or later declarations', () => {
    assert.strictEqual(shape(`const UP = require('path').join(__dirname, 'up'); target(UP)`)[1], '<app>/up');
    assert.strictEqual(
      shape(`import path from 'path'; function f() { const d = path.join(__dirname, 'x'); target(d) }`)[1],
      '<app>/x',
    );
    assert.strictEqual(
      shape(`import path from 'path'; const UP = path.join(__dirname, 'up'); function f(UP) { target(UP) }`)[1],
      '*',
    );
    assert.strictEqual(shape(`function f() { target(d); const d = '/etc' }`)[1], '*');
    assert.strictEqual(shape(`function f(__dirname) { target(__dirname + '/x') }`)[1], '*/x');
    assert.strictEqual(shape(`import path from 'path'; const a = b; const b = a; target(path.join(a, 'x'))`)[1], '*/x'); // cycles end at a depth limit
  });
});
