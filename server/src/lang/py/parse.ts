// How the Python adapter parses a file: @lezer/python (docs/python-parser.md says why), synchronous and pure
// JavaScript. It recovers from syntax errors with error nodes, so any text parses, but not at any cost: its tree
// builder recurses per nesting level, and its error recovery slows down superlinearly on long runs of operators
// nested inside brackets (`x = (` and 100,000 lines of `*`: seconds, minutes for a megabyte). Two guards: brackets
// nested deeper than Python itself allows are refused before parsing, and a parse that runs past its time budget
// (far above what any real file takes) is given up. Both leave the file unanalysed, said so in the log.
import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';

export type { SyntaxNode, Tree };

/** CPython's tokenizer refuses deeper bracket nesting ("too many nested parentheses"). */
export const MAX_BRACKET_DEPTH = 200;
/** A megabyte of ordinary Python parses in well under a second; the budget allows 5 s plus 5 ms per kB. */
export const parseBudgetMs = (text: string) => 5000 + text.length / 200;

/** A tree, or why there is none (the file's analysis is skipped with that reason). */
export type ParseOutcome = { tree: Tree; skipped?: undefined } | { tree?: undefined; skipped: string };

export function parsePython(text: string, budget = parseBudgetMs(text)): ParseOutcome {
  const depth = bracketDepth(text);
  if (depth > MAX_BRACKET_DEPTH)
    return { skipped: `brackets nested ${depth} deep, more than Python allows (${MAX_BRACKET_DEPTH})` };
  const deadline = performance.now() + budget;
  try {
    const parse = parser.startParse(text);
    for (let step = 1; ; step++) {
      const tree = parse.advance();
      if (tree) return { tree };
      if (step % 128 === 0 && performance.now() > deadline)
        return { skipped: `parsing took over ${Math.round(budget)} ms` };
    }
  } catch (e) {
    if (e instanceof RangeError) return { skipped: 'nested too deep for the parser' };
    throw e;
  }
}

/**
 * The deepest bracket nesting outside strings and comments, as Python's tokenizer counts it. Strings are skipped by
 * their quotes (single, triple, backslash escapes), whatever their prefix; an f-string's fields are skipped with it.
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 35) {
      // `#` to the line's end
      while (i + 1 < n && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i++;
    } else if (c === 34 || c === 39) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      i += triple ? 3 : 1;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === c && (!triple || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
          if (triple) i += 2;
          break;
        } else if (!triple && (d === 10 || d === 13)) break; // an unterminated one-line string ends at the line
      }
    }
  }
  return max;
}
