// concurrency/daemonizes in JS/TS: detached children that are then unref()'d, and calls of daemonizing packages.
import * as ts from 'typescript';
import { jsCheck } from '../../context';
import { declaredName, optionValues, unwrap } from '../../astUtil';
import { moduleRefs, type ModuleRefs } from '../../moduleRefs';
import { isToolingFile } from '../../../../detect/appCode';
import { lookupTable } from '../../../../util/table';

/** spawn(…, { detached: true }) whose child is then unref()'d: a process that outlives and escapes its parent. */
const SPAWNERS: Record<string, Set<string>> = lookupTable({
  child_process: new Set(['spawn', 'fork', 'execFile', 'exec']),
  'cross-spawn': new Set(['', 'spawn']),
  execa: new Set(['', 'execa', 'execaNode', 'execaCommand']),
});
/** Packages whose whole purpose is to daemonize the current process. */
const DAEMON_PACKAGES: Record<string, Set<string>> = lookupTable({
  daemon: new Set(['', 'daemon']),
  daemonize2: new Set(['setup']),
  'daemonize-process': new Set(['']),
});

function isSpawner(refs: ModuleRefs, expr: ts.Expression): boolean {
  const ref = refs.resolve(expr);
  return !!ref && !ref.called && ref.path.length <= 1 && !!SPAWNERS[ref.module]?.has(ref.path[0] ?? '');
}

function detached(call: ts.CallExpression): boolean {
  return optionValues(call.arguments, 'detached').some((v) => v.kind === ts.SyntaxKind.TrueKeyword);
}

/** The variable a call's result is bound to: `const child = spawn(…)`, `child = spawn(…)`. */
function boundTo(call: ts.CallExpression): string | undefined {
  const p = call.parent;
  if (p && ts.isVariableDeclaration(p) && p.initializer === call) return declaredName(p.name);
  if (p && ts.isBinaryExpression(p) && p.right === call && ts.isIdentifier(p.left)) return p.left.text;
  return undefined;
}

export const daemonizesJs = jsCheck<'detached' | 'package'>({
  trigger: /detached|daemon/i,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isToolingFile(ctx.rel, ctx.text)) return;
    const refs = moduleRefs(ctx.sourceFile, ctx.index);
    const unrefs = ctx.index.calls.filter(
      (c) =>
        ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'unref' && c.arguments.length === 0,
    );
    for (const call of ctx.index.calls) {
      if (isSpawner(refs, call.expression) && detached(call)) {
        const name = boundTo(call);
        const unrefd = unrefs.some((u) => {
          const target = unwrap((u.expression as ts.PropertyAccessExpression).expression);
          return target === call || (!!name && ts.isIdentifier(target) && target.text === name);
        });
        if (unrefd) {
          ctx.report(call.expression, { messageId: 'detached' }, { data: { kind: 'detached' } });
        }
        continue;
      }
      const ref = refs.resolve(call.expression);
      if (ref && !ref.called && ref.path.length <= 1 && DAEMON_PACKAGES[ref.module]?.has(ref.path[0] ?? '')) {
        ctx.report(
          call.expression,
          { messageId: 'package', data: { package: ref.module } },
          { data: { kind: 'package', package: ref.module } },
        );
      }
    }
  },
});
