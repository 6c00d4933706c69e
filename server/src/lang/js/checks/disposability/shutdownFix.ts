// disposability/no-graceful-shutdown's fix in JS/TS: a SIGTERM handler that closes the server (or worker) the finding
// points at, then exits, written in the file's style.
import * as ts from 'typescript';
import type { Fix, Position, Range } from '../../../../core/types';
import { dottedName, unwrap } from '../../astUtil';
import { LineIndex } from '../../../../util/text';
import { codeStyleOf, freeName, indentAt, usedNames } from './codeStyle';
import { parseSource } from '../../parse';

function statementOf(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (
      n.parent &&
      (ts.isSourceFile(n.parent) || ts.isBlock(n.parent) || ts.isModuleBlock(n.parent) || ts.isCaseClause(n.parent))
    )
      return n as ts.Statement;
  }
  return undefined;
}

/** The initializer a module- or function-level identifier is declared with, when declared once. */
function initializerOf(sf: ts.SourceFile, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  let count = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name) {
      count++;
      found = n.initializer && unwrap(n.initializer);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (count !== 1 || !found) return undefined;
  return ts.isAwaitExpression(found) ? unwrap(found.expression) : found;
}

/** Local names bound to a module: `import Fastify from 'fastify'`, `const fastify = require('fastify')`. */
function namesBoundTo(sf: ts.SourceFile, mod: string): Set<string> {
  const out = new Set<string>();
  const isRequire = (e: ts.Expression) =>
    ts.isCallExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'require' &&
    !!e.arguments[0] &&
    ts.isStringLiteral(e.arguments[0]) &&
    e.arguments[0].text === mod;
  for (const st of sf.statements) {
    if (
      ts.isImportDeclaration(st) &&
      ts.isStringLiteral(st.moduleSpecifier) &&
      st.moduleSpecifier.text === mod &&
      st.importClause
    ) {
      const c = st.importClause;
      if (c.name) out.add(c.name.text);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) out.add(c.namedBindings.name.text);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings))
        for (const el of c.namedBindings.elements) out.add(el.name.text);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.initializer && isRequire(unwrap(d.initializer))) out.add(d.name.text);
    }
  }
  return out;
}

/** `Fastify(…)` / `require('fastify')(…)`: the value is a Fastify instance. */
function isFastifyInstance(sf: ts.SourceFile, init: ts.Expression | undefined): boolean {
  if (!init || !ts.isCallExpression(init)) return false;
  const callee = unwrap(init.expression);
  if (ts.isIdentifier(callee)) return namesBoundTo(sf, 'fastify').has(callee.text);
  return (
    ts.isCallExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'require' &&
    !!callee.arguments[0] &&
    ts.isStringLiteral(callee.arguments[0]) &&
    callee.arguments[0].text === 'fastify'
  );
}

/** `process.on('SIGTERM', …)` anywhere in the file. */
function hasSigtermHandler(sf: ts.SourceFile): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      /^(on|once|addListener)$/.test(n.expression.name.text) &&
      dottedName(n.expression.expression) === 'process' &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0]) &&
      n.arguments[0].text === 'SIGTERM'
    )
      found = true;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** The fixes for a finding at `at` (a server, consumer or worker start) in `file`, whose text is `text`. */
export function shutdownHandlerFixes(file: string, text: string, at: Position): Fix[] {
  const sf = parseSource(file, text);
  const offset = new LineIndex(text).offset(at);
  let call: ts.CallExpression | ts.NewExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (call) return;
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.getStart(sf) === offset) call = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (!call) return [];
  // Already handled since the scan (e.g. this fix was applied): nothing to add twice.
  if (hasSigtermHandler(sf)) return [];
  const stmt = statementOf(call);
  if (!stmt) return [];
  const style = codeStyleOf(sf);
  const q = style.quote;
  const ind = indentAt(text, stmt.getStart(sf));
  const lines = new LineIndex(text);
  const atModuleScope = ts.isSourceFile(stmt.parent);
  const callee = unwrap(call.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : undefined;
  const receiverInit = receiver && ts.isIdentifier(receiver) ? initializerOf(sf, receiver.text) : undefined;
  const handler = (close: string) =>
    `${style.eol}${ind}process.on(${q}SIGTERM${q}, () => {${style.eol}${ind}${style.unit}${close}${style.semi}${style.eol}${ind}})${style.semi}`;
  const insertAfter = (newText: string) => ({ range: lines.range(stmt.getEnd(), stmt.getEnd()), newText });
  const fix = (title: string, edits: { range: Range; newText: string }[], preferred: boolean): Fix[] => [
    { title, preferred, edits: [{ path: file, edits }] },
  ];

  // BullMQ and friends: `const worker = new Worker(…)` → worker.close() waits for the current job.
  if (ts.isNewExpression(call)) {
    const decl =
      call.parent && ts.isVariableDeclaration(call.parent) && ts.isIdentifier(call.parent.name)
        ? call.parent.name.text
        : undefined;
    if (!decl) return [];
    return fix(
      `Close ${decl} on SIGTERM, then exit`,
      [insertAfter(handler(`${decl}.close().then(() => process.exit(0))`))],
      false,
    );
  }
  if (!receiver || !ts.isPropertyAccessExpression(callee) || callee.name.text !== 'listen') return [];
  const recvText = receiver.getText(sf);
  // Nest: enableShutdownHooks() closes the app (and its modules' onModuleDestroy hooks) on SIGTERM.
  if (
    receiverInit &&
    ts.isCallExpression(receiverInit) &&
    /^NestFactory\.create/.test(dottedName(receiverInit.expression) ?? '')
  ) {
    const start = lines.position(stmt.getStart(sf));
    return fix(
      `Call ${recvText}.enableShutdownHooks() before listen`,
      [{ range: { start, end: start }, newText: `${recvText}.enableShutdownHooks()${style.semi}${style.eol}${ind}` }],
      true,
    );
  }
  // Fastify: close() runs onClose hooks and waits for in-flight requests.
  if (isFastifyInstance(sf, receiverInit))
    return fix(
      `Close ${recvText} on SIGTERM, then exit`,
      [insertAfter(handler(`${recvText}.close().then(() => process.exit(0))`))],
      atModuleScope,
    );
  // http.createServer(…) is already the server; app.listen(…) returns it.
  const isServer =
    !!receiverInit &&
    (ts.isCallExpression(receiverInit) || ts.isNewExpression(receiverInit)) &&
    /^(createServer|createSecureServer|Server)$/.test(dottedName(receiverInit.expression)?.split('.').pop() ?? '');
  if (isServer && ts.isIdentifier(receiver))
    return fix(
      `Close ${recvText} on SIGTERM, then exit`,
      [insertAfter(handler(`${recvText}.close(() => process.exit(0))`))],
      atModuleScope,
    );
  const parent = call.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === call) {
    const name = parent.name.text;
    return fix(
      `Close ${name} on SIGTERM, then exit`,
      [insertAfter(handler(`${name}.close(() => process.exit(0))`))],
      atModuleScope,
    );
  }
  if (ts.isExpressionStatement(stmt) && stmt.expression === call) {
    const name = freeName(usedNames(sf), ['server', 'httpServer']);
    const start = lines.position(call.getStart(sf));
    return fix(
      `Keep the server as '${name}', close it on SIGTERM, then exit`,
      [
        { range: { start, end: start }, newText: `const ${name} = ` },
        insertAfter(handler(`${name}.close(() => process.exit(0))`)),
      ],
      atModuleScope,
    );
  }
  return [];
}
