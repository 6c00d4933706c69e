// disposability/no-graceful-shutdown's fix in Python: a SIGTERM handler installed where the process starts (the top
// of the `__main__` block or of the management command's handle(), or just before the top-level statement that starts
// the loop), with `import signal` (and `import sys`) added after the file's imports when missing. The handler raises
// SystemExit, so `finally` blocks, `with` exits and atexit hooks run; a file that already stops on Ctrl-C
// (`except KeyboardInterrupt`) gets `signal.default_int_handler`, so SIGTERM takes that same path.
import type { Fix, Position } from '../../../../core/types';
import { LineIndex } from '../../../../util/text';
import { parsePython, type SyntaxNode } from '../../parse';
import { childrenOf, importBindings, indexTree } from '../../syntax';
import { LongRunning, sigtermHandling, type EntryKind } from '../../longRunning';
import { isStdlibModule } from '../../../../ecosystem/python/stdlib';

/** The start of the line after offset `pos`'s line, or undefined at the end of the text. */
function nextLine(text: string, pos: number): number | undefined {
  const m = /\r\n|\n|\r/.exec(text.slice(pos));
  return m ? pos + m.index + m[0].length : undefined;
}

/**
 * Where `import <name>` goes among the top-level imports before `limit`, in isort's order: among the standard
 * library's plain imports by name, else after the last standard-library import, else before the first import (as a
 * group of its own); undefined when no import comes before.
 */
function importPlace(
  text: string,
  imports: readonly SyntaxNode[],
  limit: number,
  name: string,
): { offset: number; newGroup?: boolean } | undefined {
  const before = imports.filter((s) => s.to <= limit);
  const moduleOf = (s: SyntaxNode) => {
    const kids = childrenOf(s);
    return kids[1] ? text.slice(kids[1].from, kids[1].to) : '';
  };
  const stdlib = before.filter((s) => {
    const m = moduleOf(s);
    return m !== '__future__' && !m.startsWith('.') && isStdlibModule(m);
  });
  const plainAfter = stdlib.find((s) => s.firstChild?.name === 'import' && moduleOf(s) > name);
  if (plainAfter) return { offset: lineStartOf(text, plainAfter.from) };
  const anchor = stdlib[stdlib.length - 1];
  if (anchor) {
    const at = nextLine(text, anchor.to);
    return at === undefined ? undefined : { offset: at };
  }
  const first = before.find((s) => moduleOf(s) !== '__future__');
  if (first) return { offset: lineStartOf(text, first.from), newGroup: true };
  const future = before[before.length - 1];
  const at = future && nextLine(text, future.to);
  return at === undefined ? undefined : { offset: at };
}

function lineStartOf(text: string, pos: number): number {
  return Math.max(text.lastIndexOf('\n', pos - 1), text.lastIndexOf('\r', pos - 1)) + 1;
}

/** The statements of a Body (its `:` left out). */
function statements(body: SyntaxNode): SyntaxNode[] {
  return childrenOf(body).filter((k) => k.name !== ':');
}

function isDocstring(stmt: SyntaxNode | undefined): boolean {
  return stmt?.name === 'ExpressionStatement' && stmt.firstChild?.name === 'String' && !stmt.firstChild.nextSibling;
}

export function pyShutdownHandlerFixes(
  file: string,
  text: string,
  at: Position,
  entry: EntryKind,
  sigint: boolean,
): Fix[] {
  const { tree } = parsePython(text);
  if (!tree) return [];
  const index = indexTree(tree);
  const rel = file.split('\\').join('/');
  const lr = new LongRunning({ text, tree, index, rel });
  // Already handled since the scan (e.g. this fix was applied): nothing to add twice.
  if (sigtermHandling({ text, index, tree }, lr.bindings).handles) return [];
  const lines = new LineIndex(text);
  const offset = lines.offset(at);
  const site = lr.sites().find((s) => s.from === offset && s.entry === entry);
  if (!site) return [];

  // `signal` and `sys` must name those modules at the top level; another binding of either name: no safe edit.
  const top = childrenOf(tree.topNode);
  const topImports = top.filter((s) => s.name === 'ImportStatement');
  const bound = importBindings(text, topImports);
  const need: string[] = [];
  for (const mod of sigint ? ['signal'] : ['signal', 'sys']) {
    const b = bound.get(mod);
    if (b === undefined) {
      if (lr.bindings.has(mod) && lr.bindings.get(mod) !== mod) return [];
      need.push(mod);
    } else if (b !== mod) return [];
  }

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = /^( +|\t)\S/m.exec(text)?.[1] ?? '    ';
  const handler = sigint
    ? 'signal.signal(signal.SIGTERM, signal.default_int_handler)'
    : 'signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))';
  const lineStart = (pos: number) => lineStartOf(text, pos);
  const indentAt = (pos: number) => /^[ \t]*/.exec(text.slice(lineStart(pos)))![0];

  // Where the handler goes: an insertion `{ at, text }`, or the rewrite of a one-line block.
  let place: { from: number; to: number; text: string } | undefined;
  const intoBody = (owner: SyntaxNode, body: SyntaxNode) => {
    const stmts = statements(body);
    const first = isDocstring(stmts[0]) && stmts[1] ? stmts[1] : stmts[0];
    if (!first) return undefined;
    const colon = body.firstChild!;
    if (!text.slice(colon.to, first.from).includes('\n') && !text.slice(colon.to, first.from).includes('\r')) {
      // `if __name__ == "__main__": main()` → the block on its own lines.
      const ind = indentAt(owner.from) + unit;
      return { from: colon.to, to: first.from, text: `${eol}${ind}${handler}${eol}${ind}` };
    }
    if (isDocstring(first)) {
      // Only a docstring: the handler after it.
      return { from: first.to, to: first.to, text: `${eol}${indentAt(first.from)}${handler}` };
    }
    const start = lineStart(first.from);
    return { from: start, to: start, text: `${indentAt(first.from)}${handler}${eol}` };
  };
  if (entry === 'main') {
    const guard = top.find(
      (s) => s.name === 'IfStatement' && /__main__/.test(text.slice(s.from, s.getChild('Body')?.from ?? s.from)),
    );
    const body = guard?.getChild('Body');
    if (guard && body) place = intoBody(guard, body);
  } else if (entry === 'command') {
    let handle: SyntaxNode | undefined;
    for (let p = site.node.parent; p; p = p.parent) {
      if (p.name !== 'FunctionDefinition') continue;
      const n = p.getChild('VariableName');
      if (n && text.slice(n.from, n.to) === 'handle') handle = p;
    }
    // The loop may be in a method handle() calls: find handle() itself.
    if (!handle) {
      tree.topNode.cursor().iterate((ref) => {
        if (handle || ref.name !== 'FunctionDefinition') return;
        const n = ref.node.getChild('VariableName');
        if (n && text.slice(n.from, n.to) === 'handle' && ref.node.parent?.parent?.name === 'ClassDefinition')
          handle = ref.node;
      });
    }
    const body = handle?.getChild('Body');
    if (handle && body) place = intoBody(handle, body);
  } else {
    const stmt = top.find((s) => s.from <= site.from && s.to >= site.to);
    if (stmt) {
      const start = lineStart(stmt.from);
      place = { from: start, to: start, text: `${handler}${eol}` };
    }
  }
  if (!place) return [];

  const edits: { from: number; to: number; text: string }[] = [];
  if (need.length) {
    const importText = need.map((m) => `import ${m}${eol}`).join('');
    const at = importPlace(text, topImports, place.from, need[0]);
    if (at === undefined) {
      // No import before: at the first statement, after a module docstring.
      const first = top.find((s) => s.name !== 'Comment');
      if (!first) return [];
      if (isDocstring(first))
        edits.push({ from: first.to, to: first.to, text: `${eol}${importText.slice(0, -eol.length)}` });
      else edits.push({ from: lineStart(first.from), to: lineStart(first.from), text: importText });
    } else edits.push({ from: at.offset, to: at.offset, text: importText + (at.newGroup ? eol : '') });
  }
  // Two insertions at one place: the imports first.
  const same = edits.find((e) => e.from === place!.from && e.to === place!.from && place!.from === place!.to);
  if (same) same.text += place.text;
  else edits.push(place);

  const title = sigint
    ? 'Add a SIGTERM handler that raises KeyboardInterrupt, as Ctrl-C does'
    : 'Add a SIGTERM handler that exits cleanly (raises SystemExit)';
  return [
    {
      title,
      preferred: false,
      edits: [{ path: file, edits: edits.map((e) => ({ range: lines.range(e.from, e.to), newText: e.text })) }],
    },
  ];
}
