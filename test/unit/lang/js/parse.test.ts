import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { changedSpan, parseSource } from '../../../../server/src/lang/js/parse';

const ROOT = path.join(__dirname, '../../../..');

/** Every node as kind@pos-end, depth first, checking each child's parent link on the way. */
function shape(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    out.push(`${ts.SyntaxKind[n.kind]}@${n.pos}-${n.end}`);
    n.forEachChild((c) => {
      assert.strictEqual(c.parent, n, `parent of ${ts.SyntaxKind[c.kind]} at ${c.pos}`);
      visit(c);
    });
  };
  visit(sf);
  return out;
}

/** A small deterministic generator (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('lang/js parse: incremental re-parse of an edited file', () => {
  it('changedSpan is the text between the common prefix and suffix', () => {
    assert.deepStrictEqual(changedSpan('abcdef', 'abXYef'), { span: { start: 2, length: 2 }, newLength: 2 });
    assert.deepStrictEqual(changedSpan('aaa', 'aaaa'), { span: { start: 3, length: 0 }, newLength: 1 });
    assert.deepStrictEqual(changedSpan('abc', ''), { span: { start: 0, length: 3 }, newLength: 0 });
    assert.deepStrictEqual(changedSpan('same', 'same'), { span: { start: 4, length: 0 }, newLength: 0 });
  });

  it('gives the same tree, with parent links, as a fresh parse after each of 300 random edits', () => {
    const files = ['examples/shop/src/app.js', 'examples/clean-service/src/server.ts', 'server/src/lsp/debounce.ts'];
    const pieces = ['{', '}', '(', ')', "'", '`', '/*', '*/', '//', '\n', ' ', 'const x = ', 'async ', '<div>', ';'];
    const random = rng(12);
    for (const rel of files) {
      const p = path.join('/virtual', rel);
      let text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
      parseSource(p, text, true);
      for (let i = 0; i < 100; i++) {
        const at = Math.floor(random() * text.length);
        const cut = random() < 0.4 ? Math.floor(random() * 12) : 0;
        const piece = random() < 0.7 ? pieces[Math.floor(random() * pieces.length)] : '';
        text = text.slice(0, at) + piece + text.slice(at + cut);
        const incremental = parseSource(p, text, true);
        const kind = /\.ts$/.test(rel) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
        const fresh = ts.createSourceFile(p, text, ts.ScriptTarget.Latest, true, kind);
        assert.deepStrictEqual(shape(incremental), shape(fresh), `${rel} after edit ${i} at ${at}`);
        const errors = (sf: ts.SourceFile) =>
          (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => `${d.start}:${d.code}`);
        assert.deepStrictEqual(errors(incremental), errors(fresh), `${rel} syntax errors after edit ${i}`);
      }
    }
  });

  it('keeps a tree only for a file being edited: a scan parses each file afresh and keeps nothing', () => {
    const text = 'const a = 1;\n';
    assert.notStrictEqual(parseSource('/virtual/scan.ts', text), parseSource('/virtual/scan.ts', text));
    const kept = parseSource('/virtual/edited.ts', text, true);
    // Reused for the same text, by any caller (suppression comments parse the edited file too).
    assert.strictEqual(parseSource('/virtual/edited.ts', text), kept);
  });
});
