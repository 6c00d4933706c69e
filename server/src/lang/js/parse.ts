// How the adapter parses a JS/TS file: TypeScript's parser, in the dialect the file's extension names. The trees of the
// last few documents being edited are kept by path, so a file parsed again after an edit (keystroke by keystroke) is
// parsed incrementally: only the changed span and what it touches is re-read. A scan keeps none: trees that outlive a
// few parses reach V8's old generation, and a scan's peak memory grew by half.
import * as ts from 'typescript';

function scriptKind(path: string): ts.ScriptKind {
  if (/\.tsx$/.test(path)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(path)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(path)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

/** How many trees are kept for incremental re-parses: the documents being edited, not the workspace. */
const KEPT = 4;
const recent = new Map<string, ts.SourceFile>();

/** The span of `before` that `after` replaced: the text between their common prefix and common suffix. */
export function changedSpan(before: string, after: string): ts.TextChangeRange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  return { span: { start, length: before.length - start - end }, newLength: after.length - start - end };
}

/**
 * A syntax tree with parent links (rules walk up from nodes). Syntax errors don't throw: TypeScript recovers. `keep`:
 * the file is being edited, so its tree is kept for the next parse; a kept tree is reused (same text) or updated by
 * any parse of the path.
 */
export function parseSource(path: string, text: string, keep = false): ts.SourceFile {
  const prev = recent.get(path);
  recent.delete(path);
  let sf: ts.SourceFile;
  if (prev && prev.text === text) sf = prev;
  else if (prev) {
    // updateSourceFile reuses the old tree's nodes and leaves it unusable: it is dropped from `recent` above, and
    // analyses keep no nodes (only facts and findings).
    sf = ts.updateSourceFile(prev, text, changedSpan(prev.text, text));
  } else sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  // A tree another caller kept stays kept (suppression comments parse the edited file too).
  if (keep || prev) recent.set(path, sf);
  if (recent.size > KEPT) recent.delete(recent.keys().next().value!);
  return sf;
}
