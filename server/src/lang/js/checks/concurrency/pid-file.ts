// concurrency/pid-file in JS/TS: fs writes of the PID or to a *.pid file, PID-file packages, pm2's pid_file.
import * as path from 'path';
import * as ts from 'typescript';
import { jsCheck } from '../../context';
import { declaredName, dottedName, stringValue, unwrap } from '../../astUtil';
import { moduleRefs } from '../../moduleRefs';
import { pathShape } from '../../pathShape';
import { fsWritesOf } from '../../fsWrites';
import { isToolingFile } from '../../../../detect/appCode';
import { packageName } from '../../../../ecosystem/npm/packages';

const PID_PACKAGES = new Set(['npid', 'pidfile', 'pid-file']);

/** Data that is just the PID: `process.pid`, `String(process.pid)`, `` `${process.pid}\n` ``, `process.pid + ''`. */
function isPidData(node: ts.Node | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node as ts.Expression);
  if (dottedName(n) === 'process.pid') return true;
  if (ts.isCallExpression(n)) {
    if (dottedName(n.expression) === 'String' && n.arguments.length === 1) return isPidData(n.arguments[0]);
    if (ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'toString')
      return isPidData(n.expression.expression);
    return false;
  }
  if (ts.isTemplateExpression(n)) {
    const blank = (s: string) => /^\s*$/.test(s);
    return (
      n.templateSpans.length === 1 &&
      blank(n.head.text) &&
      blank(n.templateSpans[0].literal.text) &&
      isPidData(n.templateSpans[0].expression)
    );
  }
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = stringValue(n.left);
    const r = stringValue(n.right);
    return (
      (l !== undefined && /^\s*$/.test(l) && isPidData(n.right)) ||
      (r !== undefined && /^\s*$/.test(r) && isPidData(n.left))
    );
  }
  return false;
}

export const pidFileJs = jsCheck<'ecosystem' | 'write' | 'writeTo' | 'package'>({
  trigger: /pid/i,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    // pm2 ecosystem file: { pid_file: './app.pid' }
    if (/^ecosystem\.config\.[cm]?js$/.test(path.posix.basename(ctx.rel))) {
      for (const p of ctx.index.properties) {
        if (declaredName(p.name) === 'pid_file' && stringValue(p.initializer) !== undefined) {
          ctx.report(
            p,
            { messageId: 'ecosystem', data: { file: stringValue(p.initializer)! } },
            { data: { kind: 'ecosystem' } },
          );
        }
      }
    }
    if (isToolingFile(ctx.rel, ctx.text)) return;
    const refs = moduleRefs(ctx.sourceFile, ctx.index);
    for (const w of fsWritesOf(ctx.index, refs)) {
      if (w.op !== 'write' && w.op !== 'stream') continue;
      const shape = pathShape(w.target, refs, ctx.index);
      const pidPath = /\.pid$/i.test(shape.text);
      if (!pidPath && !isPidData(w.data)) continue;
      const message = pidPath
        ? {
            messageId: 'writeTo' as const,
            data: { file: shape.base === 'app' ? './' + shape.segments.join('/') : shape.text },
          }
        : { messageId: 'write' as const };
      ctx.report(w.call, message, { data: { kind: 'fs' } });
    }
    const used = new Set<string>();
    for (const call of ctx.index.calls) {
      const ref = refs.resolve(call.expression);
      if (!ref || ref.called || !PID_PACKAGES.has(ref.module) || used.has(ref.module)) continue;
      used.add(ref.module);
      ctx.report(
        call.expression,
        { messageId: 'package', data: { package: ref.module } },
        { data: { kind: 'package', package: ref.module } },
      );
    }
    for (const imp of ctx.facts.imports) {
      const name = packageName(imp.specifier);
      if (!name || !PID_PACKAGES.has(name) || used.has(name) || imp.typeOnly) continue;
      used.add(name);
      ctx.report(
        imp.range,
        { messageId: 'package', data: { package: name } },
        { data: { kind: 'package', package: name } },
      );
    }
  },
});
