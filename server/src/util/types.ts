// The shapes every layer shares: positions and edits as in LSP, and the logger. Kept here, below core/, so util
// needs nothing above it.
export interface Position {
  line: number;
  character: number;
}
/** 0-based, end-exclusive, as in LSP. */
export interface Range {
  start: Position;
  end: Position;
}
/** Offsets into a text, end-exclusive: a comment as comment readers give it (its delimiters included). */
export interface TextSpan {
  start: number;
  end: number;
}
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
