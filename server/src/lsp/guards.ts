// Protocol guards vscode-languageserver leaves to the server: the lifecycle (no requests before `initialize` or
// after `shutdown`) and the framing of a stdio stream (a header it cannot read must end the process, not deafen it).
import {
  ErrorCodes,
  Message,
  ResponseError,
  type Connection,
  type MessageStrategy,
  type NotificationMessage,
  type RequestMessage,
} from 'vscode-languageserver/node';

/** Internal method a refused request is handed to, so the connection answers it with the refusal's error. */
const REFUSED = '$/twelveFactor/refused';

interface Refusal {
  code: number;
  message: string;
}

const isRefusal = (v: unknown): v is Refusal =>
  typeof (v as Refusal)?.code === 'number' && typeof (v as Refusal)?.message === 'string';

/**
 * The spec's lifecycle: until `initialize`, requests fail with ServerNotInitialized and notifications other than
 * `exit` are dropped; after `shutdown`, requests fail with InvalidRequest and notifications other than `exit` are
 * dropped. vscode-languageserver serves them all, so the connection runs every incoming message through `strategy`.
 */
export function lifecycleGate(): { strategy: MessageStrategy; attach(connection: Connection): void } {
  let state: 'new' | 'initialized' | 'shutdown' = 'new';
  const refuse = (m: RequestMessage, refusal: Refusal): RequestMessage => ({
    jsonrpc: m.jsonrpc,
    id: m.id,
    method: REFUSED,
    params: refusal,
  });
  const strategy: MessageStrategy = {
    handleMessage(message, next) {
      if (Message.isRequest(message)) {
        if (state === 'new' && message.method !== 'initialize') {
          return next(
            refuse(message, {
              code: ErrorCodes.ServerNotInitialized,
              message: `The server is not initialized: ${message.method} before initialize.`,
            }),
          );
        }
        if (state !== 'new' && message.method === 'initialize')
          return next(
            refuse(message, { code: ErrorCodes.InvalidRequest, message: 'The server is already initialized.' }),
          );
        if (state === 'shutdown')
          return next(
            refuse(message, {
              code: ErrorCodes.InvalidRequest,
              message: `The server is shutting down: ${message.method} after shutdown.`,
            }),
          );
        if (message.method === 'initialize') state = 'initialized';
        else if (message.method === 'shutdown') state = 'shutdown';
      } else if (
        Message.isNotification(message) &&
        state !== 'initialized' &&
        (message as NotificationMessage).method !== 'exit'
      ) {
        return;
      }
      return next(message);
    },
  };
  return {
    strategy,
    attach(connection) {
      connection.onRequest(REFUSED, (refusal: unknown) =>
        isRefusal(refusal)
          ? new ResponseError(refusal.code, refusal.message)
          : new ResponseError(ErrorCodes.InvalidRequest, 'Not a request a client sends.'),
      );
    },
  };
}

/** Far above any real header (about 60 bytes) or message; VS Code does not sync files over 50 MB to extensions. */
export const MAX_HEADER_BYTES = 64 * 1024;
export const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;

const CR = 13;
const LF = 10;

/**
 * Follows the base protocol's framing (`Content-Length: N\r\n…\r\n\r\n` + N bytes) of a byte stream alongside
 * vscode-jsonrpc's reader, which buffers without limit: a header that never ends, a Content-Length that is missing,
 * not a number or huge, would leave the server alive but deaf. `check` says why a chunk makes the stream unreadable.
 * It finds the end of a header with the same automaton as vscode-jsonrpc's MessageBuffer so the two never disagree,
 * and accepts a subset of what that reader accepts.
 */
export class FramingGuard {
  /** 0 → CR 1 → LF 2 → CR 3 → LF 4 (end of header); any other byte back to 0. */
  private state = 0;
  private header: Buffer[] = [];
  private headerBytes = 0;
  /** Bytes of the current body still to come. */
  private body = 0;

  check(chunk: Buffer): string | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.body > 0) {
        const n = Math.min(this.body, chunk.length - i);
        this.body -= n;
        i += n;
        continue;
      }
      const start = i;
      while (i < chunk.length && this.state !== 4) {
        const b = chunk[i++];
        this.state =
          b === CR
            ? this.state === 0
              ? 1
              : this.state === 2
                ? 3
                : 0
            : b === LF
              ? this.state === 1
                ? 2
                : this.state === 3
                  ? 4
                  : 0
              : 0;
      }
      this.headerBytes += i - start;
      if (this.headerBytes > MAX_HEADER_BYTES) return `a message header longer than ${MAX_HEADER_BYTES} bytes`;
      this.header.push(chunk.subarray(start, i));
      if (this.state !== 4) return undefined;
      const text = Buffer.concat(this.header).toString('latin1');
      this.state = 0;
      this.header = [];
      this.headerBytes = 0;
      const problem = this.readHeader(text);
      if (problem) return problem;
    }
    return undefined;
  }

  private readHeader(text: string): string | undefined {
    // As vscode-jsonrpc reads it: lines split at CRLF (the last two are empty), `key: value`, the last one wins.
    const lines = text.split('\r\n');
    let length: string | undefined;
    for (const line of lines.slice(0, -2)) {
      const colon = line.indexOf(':');
      if (colon === -1) return 'a message header line without a colon';
      if (line.slice(0, colon).toLowerCase() === 'content-length') length = line.slice(colon + 1).trim();
    }
    if (length === undefined) return 'a message header without Content-Length';
    if (!/^\d+$/.test(length)) return `a Content-Length that is not a number (${JSON.stringify(length.slice(0, 20))})`;
    if (Number(length) > MAX_CONTENT_LENGTH)
      return `a Content-Length of ${length.slice(0, 20)} bytes, over the limit of ${MAX_CONTENT_LENGTH}`;
    this.body = Number(length);
    return undefined;
  }
}

/**
 * Checks every chunk of `input` before vscode-jsonrpc's reader sees it (the listener goes first) and calls `fatal`
 * with the reason when the stream cannot be read any more.
 */
export function guardFraming(input: NodeJS.ReadableStream, fatal: (reason: string) => void): void {
  const guard = new FramingGuard();
  input.prependListener('data', (chunk: Buffer | string) => {
    const problem = guard.check(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (problem) fatal(problem);
  });
}
