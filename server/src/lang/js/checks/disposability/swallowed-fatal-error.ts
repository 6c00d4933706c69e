// disposability/swallowed-fatal-error in JS/TS: an uncaughtException/unhandledRejection listener that only logs, with
// the edit that appends process.exit(1) to it.
import * as ts from 'typescript';
import type { Range } from '../../../../core/types';
import { jsCheck, type JsExtractContext } from '../../context';
import { constInitializer, dottedName, stringValue, unwrap } from '../../astUtil';

const FATAL_EVENTS = new Set(['uncaughtException', 'unhandledRejection']);
const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const LOG_METHODS =
  /^(log|info|warn|warning|error|debug|trace|fatal|critical|crit|alert|emerg|notice|verbose|silly|http|dir|table)$/;
/** Objects whose log methods only log: console, loggers by their usual names. */
const LOGGER_OBJECT =
  /^(console|(this\.)?(log|logger|_logger|_log|appLogger|errorLogger|winston|pino|bunyan|signale|consola|loglevel|fastify\.log|app\.log|server\.log|req\.log))$/i;
/** Error trackers' report calls. */
const REPORT_CALL =
  /^(Sentry\.(captureException|captureMessage|captureEvent)|Bugsnag\.notify|bugsnag\.notify|Honeybadger\.notify|honeybadger\.notify|rollbar\.(error|critical|log)|Rollbar\.(error|critical|log)|newrelic\.noticeError|airbrake\.notify|Raven\.captureException)$/;

function isProcess(node: ts.Expression): boolean {
  const n = dottedName(unwrap(node));
  return n === 'process' || n === 'global.process' || n === 'globalThis.process';
}

function isLogging(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  const name = dottedName(callee);
  if (!name) return false;
  if (REPORT_CALL.test(name)) return true;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  return LOG_METHODS.test(callee.name.text) && LOGGER_OBJECT.test(dottedName(callee.expression) ?? '');
}

type Handler = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration;

/** The handler function: inline, or a function of this file named by an identifier. */
function handlerOf(ctx: JsExtractContext, arg: ts.Expression | undefined): Handler | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
  if (!ts.isIdentifier(e)) return undefined;
  const decl = ctx.sourceFile.statements.find(
    (s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === e.text && !!s.body,
  );
  if (decl) return decl;
  const value = constInitializer(ctx.index, e.text);
  if (!value) return undefined;
  const init = unwrap(value);
  return ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? init : undefined;
}

const within = (n: ts.Node, outer: ts.Node) => n.pos >= outer.pos && n.end <= outer.end;

/** Whether the handler only logs: no throw, no exitCode, and every call is a log call (or inside one's arguments). */
function onlyLogs(ctx: JsExtractContext, fn: Handler): boolean {
  const body = fn.body;
  if (!body) return false;
  const text = body.getText(ctx.sourceFile);
  // `throw` anywhere (even inside a string) counts as rethrowing: precision first.
  if (/\bthrow\b/.test(text)) return false;
  if (
    ctx.index.assignments.some(
      (a) =>
        within(a, body) && /^(process|global\.process|globalThis\.process)\.exitCode$/.test(dottedName(a.left) ?? ''),
    )
  )
    return false;
  const calls = ctx.index.calls.filter((c) => within(c, body));
  const logs = calls.filter(isLogging);
  const inLogArgs = (c: ts.CallExpression) => logs.some((l) => l !== c && l.arguments.some((a) => within(c, a)));
  if (!calls.every((c) => isLogging(c) || inLogArgs(c))) return false;
  // `new Something()` may start a shutdown as well.
  return !ctx.index.news.some((n) => within(n, body) && !calls.some((c) => within(n, c)));
}

/** The edit appending `process.exit(1);` to the handler body, computed now; the fix checks the text is unchanged. */
function exitEdit(ctx: JsExtractContext, fn: Handler): { range: Range; old: string; newText: string } | undefined {
  const body = fn.body!;
  const sf = ctx.sourceFile;
  const text = ctx.text;
  const fileSemi = /;[ \t]*\r?$/m.test(text);
  if (ts.isBlock(body)) {
    const semi = body.statements.length ? body.statements.some((s) => s.getText(sf).trimEnd().endsWith(';')) : fileSemi;
    const stmt = `process.exit(1)${semi ? ';' : ''}`;
    const close = body.getEnd() - 1;
    const last = body.statements[body.statements.length - 1];
    const open = body.getStart(sf);
    const lineStart = (pos: number) => text.lastIndexOf('\n', pos - 1) + 1;
    const indentAt = (pos: number) => /^[ \t]*/.exec(text.slice(lineStart(pos)))![0];
    if (last) {
      const lastEnd = last.getEnd();
      const sameLine = !text.slice(open, close).includes('\n');
      const needsSep = sameLine && !last.getText(sf).trimEnd().endsWith(';');
      const newText = sameLine ? `${needsSep ? ';' : ''} ${stmt}` : `\n${indentAt(last.getStart(sf))}${stmt}`;
      const at = ctx.rangeOf(last);
      return { range: { start: at.end, end: at.end }, old: text.slice(lastEnd - 1, lastEnd), newText };
    }
    // Empty body: `() => {}`.
    const at = ctx.rangeOf(body);
    const unit = /^( +|\t)/m.exec(text)?.[1] ?? '  ';
    const newText = `{\n${indentAt(open)}${unit}${stmt}\n${indentAt(open)}}`;
    return { range: at, old: body.getText(sf), newText };
  }
  // `(err) => console.error(err)`: give it a block.
  const expr = body.getText(sf);
  return { range: ctx.rangeOf(body), old: expr, newText: `{ ${expr}; process.exit(1)${fileSemi ? ';' : ''} }` };
}

/**
 * `process.addListener('unhandledRejection', listener)` … `process.removeListener('unhandledRejection', listener)`:
 * a listener held around one operation (uptime-kuma's Database.close()), not a process-wide handler.
 */
function removedLater(ctx: JsExtractContext, event: string, handler: ts.Expression | undefined): boolean {
  if (!handler || !ts.isIdentifier(unwrap(handler))) return false;
  const name = (unwrap(handler) as ts.Identifier).text;
  return ctx.index.calls.some((c) => {
    const callee = unwrap(c.expression);
    if (
      !ts.isPropertyAccessExpression(callee) ||
      !/^(removeListener|off)$/.test(callee.name.text) ||
      !isProcess(callee.expression)
    )
      return false;
    const arg = c.arguments[1] && unwrap(c.arguments[1]);
    return (
      stringValue(c.arguments[0] && unwrap(c.arguments[0])) === event &&
      !!arg &&
      ts.isIdentifier(arg) &&
      arg.text === name
    );
  });
}

export const swallowedFatalErrorJs = jsCheck<
  'ignoresException' | 'logsException' | 'ignoresRejection' | 'logsRejection'
>({
  trigger: /uncaughtException|unhandledRejection/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    for (const call of ctx.index.calls) {
      const callee = unwrap(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !LISTEN.has(callee.name.text) || !isProcess(callee.expression))
        continue;
      const event = stringValue(call.arguments[0] && unwrap(call.arguments[0]));
      if (!event || !FATAL_EVENTS.has(event)) continue;
      const fn = handlerOf(ctx, call.arguments[1]);
      if (!fn || !onlyLogs(ctx, fn)) continue;
      if (removedLater(ctx, event, call.arguments[1])) continue;
      const empty = !!fn.body && ts.isBlock(fn.body) && fn.body.statements.length === 0;
      const exception = event === 'uncaughtException';
      const edit = exitEdit(ctx, fn);
      ctx.report(
        call,
        {
          messageId: exception
            ? empty
              ? 'ignoresException'
              : 'logsException'
            : empty
              ? 'ignoresRejection'
              : 'logsRejection',
          data: { event },
        },
        {
          data: edit ? { edit } : undefined,
        },
      );
    }
  },
});
