// disposability/no-graceful-shutdown: a web or worker process with no SIGTERM handler anywhere it loads.
import { ownFact } from '../../core/facts';
import * as path from 'path';
import * as ts from 'typescript';
import type { Finding, Fix, FixContext, ProjectContext, Range, Rule, SourceContext } from '../../core/types';
import { dottedName, unwrap } from '../../lang/js/astUtil';
import { isDevOnly } from '../../lang/js/devOnly';
import {
  GRACEFUL_PACKAGES,
  LONG_RUNNING_TRIGGER,
  handlesOnlySigint,
  intervalLoops,
  sigtermHandling,
  schedulerStarts,
  serverStarts,
  workerStarts,
} from '../../lang/js/longRunning';
import { packageName } from '../../ecosystem/npm/packages';
import { processesOf, type ProcessInfo, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { LineIndex, toPosix } from '../../util/text';
import { codeStyleOf, freeName, indentAt, usedNames } from './codeStyle';

const ID = 'disposability/no-graceful-shutdown';

interface SiteFact {
  range: Range;
  label: string;
  kind: 'server' | 'worker' | 'interval';
}
/** `ignored`: where a SIGTERM handler only logs, so the signal is ignored (the process can only be SIGKILLed). */
interface FileFact {
  sites: SiteFact[];
  handles: boolean;
  sigintOnly: boolean;
  ignored?: { range: Range; empty: boolean }[];
}
const FILE_FACT = ownFact<FileFact>(ID, 'file');

function checkSource(ctx: SourceContext): void {
  const sites: SiteFact[] = [];
  if (!ctx.isTest && !ctx.isExample) {
    const at = (n: ts.Node): Range => {
      // The callee (`app.listen`, `new Worker`) is enough to point at; the arguments may span many lines.
      const callee = ts.isCallExpression(n) || ts.isNewExpression(n) ? n.expression : n;
      const r = ctx.rangeOf(n);
      return { start: r.start, end: ctx.rangeOf(callee).end };
    };
    for (const c of serverStarts(ctx))
      if (!isDevOnly(c))
        sites.push({ range: at(c), label: `${dottedName(c.expression) ?? 'listen'}()`, kind: 'server' });
    for (const s of [...workerStarts(ctx), ...schedulerStarts(ctx)])
      if (!isDevOnly(s.node)) sites.push({ range: at(s.node), label: s.label, kind: 'worker' });
    for (const s of intervalLoops(ctx)) sites.push({ range: at(s.node), label: s.label, kind: 'interval' });
  }
  const sigterm = sigtermHandling(ctx);
  const fact: FileFact = { sites, handles: sigterm.handles, sigintOnly: handlesOnlySigint(ctx) };
  if (sigterm.ignored.length)
    fact.ignored = sigterm.ignored.map(({ call, empty }) => ({
      range: { start: ctx.rangeOf(call).start, end: ctx.rangeOf(call.expression).end },
      empty,
    }));
  if (sites.length || fact.handles || fact.sigintOnly || fact.ignored) ctx.record(FILE_FACT, fact);
}

function factOf(ctx: ProjectContext, file: string): FileFact | undefined {
  return ctx.fact(file, FILE_FACT);
}

function handledIn(ctx: ProjectContext, files: Iterable<string>): boolean {
  for (const f of files) {
    if (factOf(ctx, f)?.handles) return true;
    if (ctx.facts(f)?.imports.some((i) => !i.typeOnly && GRACEFUL_PACKAGES.has(packageName(i.specifier) ?? '')))
      return true;
  }
  return false;
}

/** The first SIGTERM handler of the process that only logs, entry file first. */
function ignoredIn(ctx: ProjectContext, p: ProcessInfo): { file: string; range: Range; empty: boolean } | undefined {
  for (const file of entryFirst(p)) {
    const first = factOf(ctx, file)?.ignored?.[0];
    if (first) return { file, ...first };
  }
  return undefined;
}

function entryFirst(p: ProcessInfo): string[] {
  return [...p.reachable].sort((a, b) => (a === p.entry ? -1 : b === p.entry ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** Where to report for a process: its first server (or, for a worker, consumer) start, entry file first. */
function siteFor(ctx: ProjectContext, p: ProcessInfo): { file: string; site: SiteFact } | undefined {
  const files = entryFirst(p);
  const kinds: SiteFact['kind'][][] =
    p.type === 'web' ? [['server'], ['worker']] : [['worker', 'server'], ['interval']];
  for (const want of kinds) {
    for (const file of files) {
      const site = factOf(ctx, file)
        ?.sites.filter((s) => want.includes(s.kind))
        .sort((a, b) => a.range.start.line - b.range.start.line)[0];
      if (site) return { file, site };
    }
  }
  return undefined;
}

function describe(ctx: ProjectContext, p: ProcessInfo): string {
  const o = p.origin;
  const rel = toPosix(path.relative(ctx.project.root, p.entry));
  if (o.kind === 'procfile') return `The Procfile '${o.name}' process (${rel})`;
  if (o.kind === 'script') return `The '${o.name}' script's process (${rel})`;
  if (o.kind === 'docker') return `The container's process (${rel})`;
  return `The process started from ${rel}`;
}

function checkProject(ctx: ProjectContext): void {
  const processes = processesOf(ctx.project, ctx.facts, ctx.workspace);
  const reported = new Set<string>();
  for (const p of processes) {
    if (p.type !== 'web' && p.type !== 'worker') continue;
    if (handledIn(ctx, p.reachable)) continue;
    // Imports we could not follow (path aliases) may lead to the handler: then any handler in the project counts.
    if (p.incomplete && handledIn(ctx, ctx.project.sources)) continue;
    const found = siteFor(ctx, p);
    if (!found) continue;
    const { kind } = found.site;
    const ignored = ignoredIn(ctx, p);
    const at = ignored ?? { file: found.file, range: found.site.range };
    const key = `${at.file}:${at.range.start.line}:${at.range.start.character}`;
    if (reported.has(key)) continue;
    reported.add(key);
    if (ignored) {
      // A handler that only logs replaces Node's default exit: the process outlives SIGTERM until it is SIGKILLed.
      ctx.report(
        ignored.file,
        ignored.range,
        { messageId: ignored.empty ? 'handlerDoesNothing' : 'handlerOnlyLogs', data: { process: describe(ctx, p) } },
        {
          data: { kind, process: p.type, ignored: true },
        },
      );
      continue;
    }
    const sigint = [...p.reachable].some((f) => factOf(ctx, f)?.sigintOnly);
    ctx.report(
      found.file,
      found.site.range,
      { messageId: sigint ? 'onlySigint' : 'noHandler', data: { process: describe(ctx, p) } },
      {
        data: { kind, process: p.type },
      },
    );
  }
}

function appliesTo(ctx: ProjectContext): boolean {
  return processesOf(ctx.project, ctx.facts, ctx.workspace).some(
    (p) => (p.type === 'web' || p.type === 'worker') && [...p.reachable].some((f) => factOf(ctx, f)?.sites.length),
  );
}

// --- fix ---------------------------------------------------------------------------------------------------------

function scriptKind(file: string): ts.ScriptKind {
  return /\.tsx$/.test(file)
    ? ts.ScriptKind.TSX
    : /\.[cm]?ts$/.test(file)
      ? ts.ScriptKind.TS
      : /\.jsx$/.test(file)
        ? ts.ScriptKind.JSX
        : ts.ScriptKind.JS;
}

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

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  // What an ignoring handler should do instead depends on the process: no edit to offer.
  if (finding.data?.ignored) return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  const sf = ts.createSourceFile(finding.path, text, ts.ScriptTarget.Latest, true, scriptKind(finding.path));
  const offset = new LineIndex(text).offset(finding.range.start);
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
    { title, preferred, edits: [{ path: finding.path, edits }] },
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

export const noGracefulShutdown: Rule = {
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'disposability',
    severity: 'warning',
    description: 'A web or worker process that never handles SIGTERM, so stopping it cuts off in-flight work.',
    why: 'Processes shut down gracefully when the platform sends SIGTERM (factor IX); without a handler, or with one that only logs, requests in flight are dropped or the process runs on until it is SIGKILLed. On SIGTERM, close the server (or stop taking jobs), let the work in flight finish, then exit.',
    fixable: true,
    messages: {
      handlerDoesNothing: '{{process}} has a SIGTERM handler that does nothing, so it ignores the signal.',
      handlerOnlyLogs: '{{process}} has a SIGTERM handler that only logs, so it ignores the signal.',
      noHandler: '{{process}} never handles SIGTERM.',
      onlySigint: '{{process}} never handles SIGTERM (only SIGINT).',
    },
  },
  trigger: LONG_RUNNING_TRIGGER,
  checkSource,
  checkProject,
  appliesTo,
  fixes,
};
