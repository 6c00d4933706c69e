// Which `#` comments of a Python file hold given offsets, for suppression comments: read from the parser's tree, so
// a `#` inside a string (triple-quoted, f-string, bytes) is no comment.
import type { TextSpan } from '../../util/types';
import { parsePython } from './parse';

/** The comments (the `#` included, to the line's end) that contain one of `offsets`, in file order, each once. */
export function pyCommentsAt(_path: string, text: string, offsets: readonly number[]): TextSpan[] {
  if (!offsets.length || !text.includes('#')) return [];
  const out: TextSpan[] = [];
  // A file the parser gives up on has no comments: its directives are not read (its analysis is skipped and logged).
  parsePython(text).tree?.iterate({
    enter: (node) => {
      if (node.name === 'Comment' && offsets.some((p) => node.from <= p && p < node.to))
        out.push({ start: node.from, end: node.to });
    },
  });
  return out;
}
