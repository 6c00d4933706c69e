import * as assert from 'assert';
import * as path from 'path';
import { applyFix, read, scan, scanFiles } from '../../helpers/engine';
import { applyEdits, mergeFixes } from '../../../server/src/fixes/fixAll';
import type { Fix } from '../../../server/src/core/types';
import { LineIndex } from '../../../server/src/util/text';

const at = (line: number, character: number) => ({ line, character });
const edit = (file: string, from: [number, number], to: [number, number], newText: string) => ({
  path: file,
  edits: [{ range: { start: at(...from), end: at(...to) }, newText }],
});

/** Applies non-overlapping edits to a text, as an editor would. */
function applyTo(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lines = new LineIndex(text);
  let out = text;
  for (const e of [...edits].sort((x, y) => lines.offset(y.range.start) - lines.offset(x.range.start))) {
    out = out.slice(0, lines.offset(e.range.start)) + e.newText + out.slice(lines.offset(e.range.end));
  }
  return out;
}

describe('fixes/fixAll mergeFixes', () => {
  it('takes a fix whole or not at all', () => {
    const a: Fix = {
      title: 'a',
      edits: [edit('/p/app.js', [1, 0], [1, 4], 'x'), edit('/p/.env', [0, 0], [0, 0], 'A=\n')],
    };
    // Overlaps a's app.js edit: its .env edit must not be taken on its own.
    const b: Fix = {
      title: 'b',
      edits: [edit('/p/app.js', [1, 2], [1, 6], 'y'), edit('/p/.env', [0, 0], [0, 0], 'B=\n')],
    };
    const c: Fix = { title: 'c', edits: [edit('/p/app.js', [2, 0], [2, 1], 'z')] };
    const { fix, skipped } = mergeFixes([a, b, c], () => undefined);
    assert.strictEqual(skipped, 1);
    const byFile = new Map(fix!.edits!.map((fe) => [fe.path, fe.edits.map((e) => e.newText)]));
    assert.deepStrictEqual(byFile.get('/p/app.js'), ['x', 'z']);
    assert.deepStrictEqual(byFile.get('/p/.env'), ['A=\n']);
  });

  it('keeps insertions at the same point, in order, and touching edits', () => {
    const ins = (t: string): Fix => ({ title: t, edits: [edit('/p/.env.example', [3, 0], [3, 0], t)] });
    const touching: Fix = { title: 't', edits: [edit('/p/.env.example', [2, 0], [3, 0], 'X=\n')] };
    const { fix, skipped } = mergeFixes([ins('A=\n'), ins('B=\n'), touching], () => undefined);
    assert.strictEqual(skipped, 0);
    assert.deepStrictEqual(
      fix!.edits![0].edits.map((e) => e.newText),
      ['A=\n', 'B=\n', 'X=\n'],
    );
  });

  it('chains edits that can apply to any version of their file, and refuses to mix them with plain ones', () => {
    const pkg = '/p/package.json';
    const text = '{\n  "dependencies": {\n    "express": "4.19.2"\n  }\n}\n';
    const add = (name: string): Fix => ({
      title: name,
      edits: [
        {
          path: pkg,
          edits: [{ range: { start: at(2, 0), end: at(2, 23) }, newText: 'overlapping' }],
          rewrite: (t) => t.replace('"express"', `"${name}": "1.0.0",\n    "express"`),
        },
      ],
    });
    const plain: Fix = { title: 'plain', edits: [edit(pkg, [0, 0], [0, 0], '')] };
    const { fix, skipped } = mergeFixes([add('a'), add('b'), plain], (p) => (p === pkg ? text : undefined));
    assert.strictEqual(skipped, 1, 'the plain edit to a chained file waits for the next run');
    const [fe] = fix!.edits!;
    assert.strictEqual(
      applyTo(text, fe.edits),
      '{\n  "dependencies": {\n    "a": "1.0.0",\n    "b": "1.0.0",\n    "express": "4.19.2"\n  }\n}\n',
    );
    // One fix alone keeps its own edits.
    assert.deepStrictEqual(mergeFixes([add('a')], () => text).fix!.edits![0].edits[0].newText, 'overlapping');
  });

  it('applyEdits: edits against one text, insertions at one point in the order given', () => {
    const text = 'a\nb\nc\n';
    const e = (from: [number, number], to: [number, number], newText: string) => ({
      range: { start: at(...from), end: at(...to) },
      newText,
    });
    assert.strictEqual(
      applyEdits(text, [
        e([2, 0], [2, 1], 'C'),
        e([1, 0], [1, 0], 'x\n'),
        e([1, 0], [1, 0], 'y\n'),
        e([0, 0], [0, 1], 'A'),
      ]),
      'A\nx\ny\nb\nC\n',
    );
    // An insertion and a replacement at the same point: as given.
    assert.strictEqual(applyEdits(text, [e([1, 0], [1, 0], '>'), e([1, 0], [1, 1], 'B')]), 'a\n>B\nc\n');
    assert.strictEqual(applyEdits(text, [e([1, 0], [1, 1], 'B'), e([1, 0], [1, 0], '>')]), 'a\nB>\nc\n');
    assert.strictEqual(applyEdits(text, []), text);
  });

  it('returns nothing for no edits', () => {
    assert.deepStrictEqual(
      mergeFixes([{ title: 'cmd only', command: { title: 'x', command: 'y' } }], () => undefined),
      { fix: undefined, skipped: 0, taken: [] },
    );
  });

  it('on a real file: applies every fix-all-safe fix of app.js in one go', async () => {
    const s = await scanFiles({
      'package.json':
        JSON.stringify(
          { name: 'app', version: '1.0.0', scripts: { start: 'node app.js' }, dependencies: { express: '4.19.2' } },
          null,
          2,
        ) + '\n',
      'package-lock.json': JSON.stringify({
        name: 'app',
        lockfileVersion: 3,
        packages: { '': { dependencies: { express: '4.19.2' } }, 'node_modules/express': { version: '4.19.2' } },
      }),
      '.gitignore': 'node_modules\n.env\n',
      '.env.example': 'DATABASE_URL=\n',
      'app.js':
        "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send(process.env.GREETING + process.env.DATABASE_URL));\napp.listen(3000);\n",
    });
    const file = path.join(s.root, 'app.js');
    const fixable = () => s.engine.findingsIn(file).flatMap((f) => s.engine.fixesFor(f).filter((x) => x.fixAll));
    assert.ok(
      fixable().length >= 2,
      `fix-all fixes: ${fixable()
        .map((f) => f.title)
        .join(', ')}`,
    );
    const { fix, skipped } = mergeFixes(fixable(), s.engine.read);
    assert.strictEqual(skipped, 0);
    applyFix(fix!);
    assert.match(read(s.root, 'app.js'), /listen\(.*process\.env\.PORT/);
    assert.match(read(s.root, '.env.example'), /^GREETING=$/m);
  });

  it('on a real file: adds every undeclared dependency to package.json in one run', async () => {
    const s = await scanFiles({
      'package.json':
        JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { express: '4.19.2' } }, null, 2) + '\n',
      'node_modules/express/package.json': JSON.stringify({ name: 'express', version: '4.19.2' }),
      'node_modules/zod/package.json': JSON.stringify({ name: 'zod', version: '3.23.8' }),
      'node_modules/pino/package.json': JSON.stringify({ name: 'pino', version: '9.4.0' }),
      'node_modules/axios/package.json': JSON.stringify({ name: 'axios', version: '1.7.7' }),
      'app.js':
        "const express = require('express');\nconst { z } = require('zod');\nconst pino = require('pino');\nconst axios = require('axios');\nmodule.exports = { express, z, pino, axios };\n",
    });
    const file = path.join(s.root, 'app.js');
    const fixable = s.engine.findingsIn(file).flatMap((f) => s.engine.fixesFor(f).filter((x) => x.fixAll));
    assert.strictEqual(fixable.length, 3, fixable.map((f) => f.title).join(', '));
    const { fix, skipped } = mergeFixes(fixable, s.engine.read);
    assert.strictEqual(skipped, 0);
    applyFix(fix!);
    const pkgText = read(s.root, 'package.json');
    assert.deepStrictEqual(JSON.parse(pkgText).dependencies, {
      axios: '^1.7.7',
      express: '4.19.2',
      pino: '^9.4.0',
      zod: '^3.23.8',
    });
    assert.deepStrictEqual(
      Object.keys(JSON.parse(pkgText).dependencies),
      ['axios', 'express', 'pino', 'zod'],
      'kept sorted',
    );
    const again = await scan(s.root);
    assert.deepStrictEqual(again.where('dependencies/undeclared-import'), []);
  });
});
