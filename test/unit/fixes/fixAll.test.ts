import * as assert from 'assert';
import * as path from 'path';
import { applyFix, read, scanFiles } from '../../helpers/engine';
import { mergeFixes } from '../../../server/src/fixes/fixAll';
import type { Fix } from '../../../server/src/engine/types';

const at = (line: number, character: number) => ({ line, character });
const edit = (file: string, from: [number, number], to: [number, number], newText: string) =>
  ({ path: file, edits: [{ range: { start: at(...from), end: at(...to) }, newText }] });

describe('fixes/fixAll mergeFixes', () => {
  it('takes a fix whole or not at all', () => {
    const a: Fix = { title: 'a', edits: [edit('/p/app.js', [1, 0], [1, 4], 'x'), edit('/p/.env', [0, 0], [0, 0], 'A=\n')] };
    // Overlaps a's app.js edit: its .env edit must not be taken on its own.
    const b: Fix = { title: 'b', edits: [edit('/p/app.js', [1, 2], [1, 6], 'y'), edit('/p/.env', [0, 0], [0, 0], 'B=\n')] };
    const c: Fix = { title: 'c', edits: [edit('/p/app.js', [2, 0], [2, 1], 'z')] };
    const { fix, skipped } = mergeFixes([a, b, c]);
    assert.strictEqual(skipped, 1);
    const byFile = new Map(fix!.edits!.map((fe) => [fe.path, fe.edits.map((e) => e.newText)]));
    assert.deepStrictEqual(byFile.get('/p/app.js'), ['x', 'z']);
    assert.deepStrictEqual(byFile.get('/p/.env'), ['A=\n']);
  });

  it('keeps insertions at the same point, in order, and touching edits', () => {
    const ins = (t: string): Fix => ({ title: t, edits: [edit('/p/.env.example', [3, 0], [3, 0], t)] });
    const touching: Fix = { title: 't', edits: [edit('/p/.env.example', [2, 0], [3, 0], 'X=\n')] };
    const { fix, skipped } = mergeFixes([ins('A=\n'), ins('B=\n'), touching]);
    assert.strictEqual(skipped, 0);
    assert.deepStrictEqual(fix!.edits![0].edits.map((e) => e.newText), ['A=\n', 'B=\n', 'X=\n']);
  });

  it('returns nothing for no edits', () => {
    assert.deepStrictEqual(mergeFixes([{ title: 'cmd only', command: { title: 'x', command: 'y' } }]), { fix: undefined, skipped: 0 });
  });

  it('on a real file: applies every fix-all-safe fix of app.js in one go', async () => {
    const s = await scanFiles({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', scripts: { start: 'node app.js' }, dependencies: { express: '4.19.2' } }, null, 2) + '\n',
      'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { dependencies: { express: '4.19.2' } }, 'node_modules/express': { version: '4.19.2' } } }),
      '.gitignore': 'node_modules\n.env\n',
      '.env.example': 'DATABASE_URL=\n',
      'app.js': "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send(process.env.GREETING + process.env.DATABASE_URL));\napp.listen(3000);\n",
    });
    const file = path.join(s.root, 'app.js');
    const fixable = () => s.engine.findingsIn(file).flatMap((f) => s.engine.fixesFor(f).filter((x) => x.fixAll));
    assert.ok(fixable().length >= 2, `fix-all fixes: ${fixable().map((f) => f.title).join(', ')}`);
    const { fix, skipped } = mergeFixes(fixable());
    assert.strictEqual(skipped, 0);
    applyFix(fix!);
    assert.match(read(s.root, 'app.js'), /listen\(.*process\.env\.PORT/);
    assert.match(read(s.root, '.env.example'), /^GREETING=$/m);
  });
});
