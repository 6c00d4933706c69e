// config/env-example-drift in JS/TS: the environment variables a file reads (with alias chains and flag
// comparisons), recorded for the project half, which compares them with the example env files.
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext } from '../../context';
import { declaredName, dottedName, isEnvObject, stringValue } from '../../astUtil';
import { VITE_BUILTINS } from '../../../../detect/envVars';
import { ENV_READS, type EnvRead as Read } from '../../../../facts/config';

function isImportMetaEnv(node: ts.Node): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'env' && ts.isMetaProperty(node.expression);
}

/** `process.env.TZ = 'UTC'`, `delete process.env.X`: the app sets the variable, it does not expect it. */
function isWrite(node: ts.Node): boolean {
  const p = node.parent;
  if (ts.isDeleteExpression(p)) return true;
  return ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** Local names bound to the env object: `const env = process.env`, `const { env } = process`. */
function envAliases(ctx: JsExtractContext): Set<string> {
  const out = new Set<string>();
  for (const v of ctx.index.variables) {
    if (!v.initializer) continue;
    if (ts.isIdentifier(v.name) && isEnvObject(v.initializer)) out.add(v.name.text);
    else if (ts.isObjectBindingPattern(v.name) && dottedName(v.initializer) === 'process') {
      for (const el of v.name.elements) {
        if (declaredName(el.propertyName ?? el.name) === 'env' && ts.isIdentifier(el.name)) out.add(el.name.text);
      }
    }
  }
  return out;
}

export const envExampleDriftJs = jsCheck<never>({
  trigger: /\benv\b/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const reads: Read[] = [];
    // Each read's node, for the alias-chain and flag questions below.
    const nodes = new Map<Read, ts.Node>();
    const add = (name: string, node: ts.Node) => {
      const read = { name, range: ctx.rangeOf(node) };
      reads.push(read);
      nodes.set(read, node);
    };
    const aliases = envAliases(ctx);
    const isEnv = (n: ts.Node) => isEnvObject(n) || (ts.isIdentifier(n) && aliases.has(n.text));
    for (const node of ctx.index.propertyAccesses) {
      if (!isEnv(node.expression) || isWrite(node)) continue;
      const name = node.name.text;
      if (isImportMetaEnv(node.expression) && VITE_BUILTINS.has(name)) continue;
      add(name, node);
    }
    for (const node of ctx.index.elementAccesses) {
      const name = isEnv(node.expression) && !isWrite(node) ? stringValue(node.argumentExpression) : undefined;
      if (name !== undefined) add(name, node);
    }
    // const { A, B = 'x' } = process.env (or an alias)
    for (const v of ctx.index.variables) {
      if (!v.initializer || !ts.isObjectBindingPattern(v.name) || !isEnv(v.initializer)) continue;
      for (const el of v.name.elements) {
        const name = declaredName(el.propertyName ?? el.name);
        if (name && !el.dotDotDotToken) add(name, el);
      }
    }
    for (const r of reads) Object.assign(r, readContext(r, nodes));
    if (reads.length) ctx.record(ENV_READS, reads);
  },
});

/** Whether a read is part of an alias chain or a flag comparison (see EnvRead). */
function readContext(read: Read, nodes: Map<Read, ts.Node>): Pick<Read, 'alts' | 'flag'> {
  const node = nodes.get(read)!;
  let top: ts.Node = node;
  while (
    top.parent &&
    (ts.isParenthesizedExpression(top.parent) ||
      (ts.isBinaryExpression(top.parent) && isAlt(top.parent.operatorToken.kind)))
  )
    top = top.parent;
  const out: Pick<Read, 'alts' | 'flag'> = {};
  if (top !== node) {
    // Only names read before this one: in `PRIMARY || LEGACY` the legacy name is the fallback. In
    // `OVERRIDE || DOCUMENTED` the override is a setting of its own, still to document.
    const inChain = [...nodes].filter(
      ([r, n]) => r !== read && r.name !== read.name && n.end <= node.pos && n.pos >= top.pos && n.end <= top.end,
    );
    if (inChain.length) out.alts = inChain.map(([r]) => r.name);
  }
  const cmp = top.parent;
  if (cmp && ts.isBinaryExpression(cmp) && isEquality(cmp.operatorToken.kind)) {
    const other = cmp.left === top ? cmp.right : cmp.left;
    if (
      ts.isStringLiteralLike(other) ||
      other.kind === ts.SyntaxKind.TrueKeyword ||
      other.kind === ts.SyntaxKind.FalseKeyword ||
      ts.isNumericLiteral(other)
    )
      out.flag = true;
  }
  return out;
}

const isAlt = (k: ts.SyntaxKind) => k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.QuestionQuestionToken;
const isEquality = (k: ts.SyntaxKind) =>
  k === ts.SyntaxKind.EqualsEqualsEqualsToken ||
  k === ts.SyntaxKind.EqualsEqualsToken ||
  k === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
  k === ts.SyntaxKind.ExclamationEqualsToken;
