// The console-use fact of a JS/TS file (facts/console.ts): a `console.*` call outside tests.
import * as ts from 'typescript';
import type { JsExtractContext } from './context';
import { dottedName } from './astUtil';

export function consoleUse(ctx: JsExtractContext): true | undefined {
  return !ctx.isTest &&
    ctx.index.calls.some(
      (c) => ts.isPropertyAccessExpression(c.expression) && dottedName(c.expression.expression) === 'console',
    )
    ? true
    : undefined;
}
