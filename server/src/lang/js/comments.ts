// Which comments of a JS/TS file hold given offsets, for suppression comments: a `//` inside a string, a template
// literal, a regular expression or JSX text is no comment. Read from TypeScript's tree, not a hand-written lexer:
// telling a regex from a division, and JSX text from code, takes a parser. The tree gives every token's place, and
// the gaps between tokens (trivia, or a node's own punctuation) are scanned with TypeScript's scanner, where no
// regex or template can start (those are nodes of their own).
import * as ts from 'typescript';
import type { TextSpan } from '../../util/types';
import { parseSource } from './parse';

/**
 * The comments (delimiters included, in file order, each once) that contain one of `offsets`. A file too deeply
 * nested for the parser has none: its directives are not read (its analysis is skipped and logged too).
 */
export function jsCommentsAt(path: string, text: string, offsets: readonly number[]): TextSpan[] {
  if (!offsets.length) return [];
  let sf: ts.SourceFile;
  try {
    sf = parseSource(path, text);
  } catch (e) {
    if (e instanceof RangeError) return [];
    throw e;
  }
  const found = new Map<number, TextSpan>();
  for (const p of offsets) {
    const c = commentAt(sf, text, p);
    if (c) found.set(c.start, c);
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

/** Tokens that are one piece of text, in which `//` or `/*` is part of the value. */
function isTextToken(kind: ts.SyntaxKind): boolean {
  return (
    (kind >= ts.SyntaxKind.FirstLiteralToken && kind <= ts.SyntaxKind.LastLiteralToken) ||
    (kind >= ts.SyntaxKind.FirstTemplateToken && kind <= ts.SyntaxKind.LastTemplateToken)
  );
}

function commentAt(sf: ts.SourceFile, text: string, p: number): TextSpan | undefined {
  let node: ts.Node = sf;
  // Down the tree to the innermost node whose full range (leading trivia included) holds p.
  for (;;) {
    let child: ts.Node | undefined;
    let gapStart = node.pos;
    let gapEnd = node.end;
    ts.forEachChild(node, (c) => {
      if (c.end <= p) {
        gapStart = c.end;
        return undefined;
      }
      if (c.pos <= p) child = c;
      else gapEnd = c.pos;
      return true;
    });
    if (!child) {
      // p is among the node's own tokens (punctuation, keywords) or their trivia, or inside a one-token node.
      if (isTextToken(node.kind) && p >= node.getStart(sf)) return undefined;
      return scanForComment(text, gapStart, gapEnd, p);
    }
    const start = child.getStart(sf);
    if (p < start) return scanForComment(text, child.pos, start, p);
    node = child;
  }
}

/** The comment token within [from, to) that contains p, scanned with trivia kept. */
function scanForComment(text: string, from: number, to: number, p: number): TextSpan | undefined {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    false,
    ts.LanguageVariant.Standard,
    text,
    undefined,
    from,
    to - from,
  );
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    if (start > p) return undefined;
    if (p < end)
      return kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia
        ? { start, end }
        : undefined;
  }
  return undefined;
}
