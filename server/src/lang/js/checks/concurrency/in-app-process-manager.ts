// concurrency/in-app-process-manager in JS/TS: a cluster primary (or throng) that forks a worker again when one dies.
import * as ts from 'typescript';
import { jsCheck } from '../../context';
import { optionValues, stringValue, unwrap } from '../../astUtil';
import { moduleRefs, type ModuleRefs } from '../../moduleRefs';
import { isToolingFile } from '../../../../detect/appCode';

const CLUSTER = ['cluster', 'node:cluster'];
/** Events a supervisor answers by starting a replacement. */
const DEATH_EVENTS = new Set(['exit', 'disconnect', 'death']);
const LISTEN_METHODS = new Set(['on', 'once', 'addListener']);

/** `cluster.fork()`, and `fork()` destructured from cluster. */
function isClusterFork(refs: ModuleRefs, call: ts.CallExpression): boolean {
  const ref = refs.resolve(call.expression);
  return !!ref && !ref.called && CLUSTER.includes(ref.module) && ref.path.length === 1 && ref.path[0] === 'fork';
}

/** `x.on('exit', fn)`, `worker.once('disconnect', fn)`: the event and the listener. */
function deathListener(call: ts.CallExpression): { event: string; fn: ts.Node } | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !LISTEN_METHODS.has(callee.name.text)) return undefined;
  const event = call.arguments[0] && stringValue(unwrap(call.arguments[0]));
  const fn = call.arguments[1] && unwrap(call.arguments[1]);
  return event && DEATH_EVENTS.has(event) && fn && ts.isFunctionLike(fn) ? { event, fn } : undefined;
}

/** The name of the function a node is in: `function spawn() {…}`, `const spawn = () => {…}`. */
function enclosingName(node: ts.Node): string | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isFunctionDeclaration(p) && p.name) return p.name.text;
    if (
      (ts.isArrowFunction(p) || ts.isFunctionExpression(p)) &&
      p.parent &&
      ts.isVariableDeclaration(p.parent) &&
      ts.isIdentifier(p.parent.name)
    )
      return p.parent.name.text;
  }
  return undefined;
}

const within = (node: ts.Node, outer: ts.Node) => node.pos >= outer.pos && node.end <= outer.end;

/**
 * `throng(…)`: the package forks the workers and forks a new one whenever one exits, for as long as its `lifetime`
 * option allows (Infinity by default). Only `lifetime: 0` turns the respawning off.
 */
function throngCall(refs: ModuleRefs, call: ts.CallExpression): boolean {
  const ref = refs.resolve(call.expression);
  if (!ref || ref.called || ref.module !== 'throng' || ref.path.length !== 0) return false;
  return !optionValues(call.arguments, 'lifetime').some((v) => {
    const n = unwrap(v);
    return ts.isNumericLiteral(n) && Number(n.text) === 0;
  });
}

export const inAppProcessManagerJs = jsCheck<'throng' | 'exits' | 'disconnects'>({
  trigger: /cluster|throng/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isToolingFile(ctx.rel, ctx.text)) return;
    const refs = moduleRefs(ctx.sourceFile, ctx.index);
    if (refs.binds(['throng'])) {
      const call = ctx.index.calls.find((c) => throngCall(refs, c));
      if (call) {
        ctx.report(call, { messageId: 'throng' });
        return;
      }
    }
    if (!refs.binds(CLUSTER)) return;
    const forks = ctx.index.calls.filter((c) => isClusterFork(refs, c));
    if (!forks.length) return;
    const forkers = new Map<string, ts.CallExpression>();
    for (const f of forks) {
      const name = enclosingName(f);
      if (name && !forkers.has(name)) forkers.set(name, f);
    }
    for (const call of ctx.index.calls) {
      const l = deathListener(call);
      if (!l) continue;
      // A fork in the listener, or a call of a function of this file that forks (`spawn()`).
      const fork =
        forks.find((f) => within(f, l.fn)) ??
        ctx.index.calls
          .filter((c) => within(c, l.fn) && ts.isIdentifier(c.expression) && forkers.has(c.expression.text))
          .map((c) => forkers.get((c.expression as ts.Identifier).text)!)[0];
      if (!fork) continue;
      ctx.report(
        fork,
        { messageId: l.event === 'disconnect' ? 'disconnects' : 'exits' },
        {
          data: { event: l.event },
        },
      );
      return; // one respawn loop per file says it
    }
  },
});
