// port-binding/hardcoded-port: a server bound to a fixed port instead of the one the environment gives.
import * as path from 'path';
import * as ts from 'typescript';
import type { Finding, Fix, FixContext, ProjectContext, Rule, SourceContext } from '../../engine/types';
import { calleeName, constInitializer, declaredName, unwrap } from '../../engine/astUtil';
import { moduleRefs } from '../../detect/moduleRefs';
import { moduleGraphOf } from '../../model/processes';
import { commandRange, describe, runtimeSites, siteCommands } from '../../model/startSites';
import { LineIndex, toPosix } from '../../util/text';
import { EXPORTS_FACT, USES_FACT, boundConfigPorts, literalPort, portExports, type PortUse } from './configPorts';
import { excerpt } from '../../util/redact';

/** Calls that take `{ port }` options: fastify/net `listen({ port })`, hapi `server({ port })`, hono/bun `serve({ port })`. */
const OPTION_CALLS = new Set(['listen', 'server', 'Server', 'serve', 'createServer', 'startStandaloneServer', 'WebSocketServer']);
/** `new WebSocketServer({ port })`, `new WebSocket.Server({ port })` (ws), `new Server({ port })` (ws, socket.io): servers of their own. */
const SERVER_NEWS = new Set(['WebSocketServer', 'Server']);

/** `const PORT = 3000` in this file, when the argument is a plain identifier bound once to a literal. */
function resolveConst(ctx: SourceContext, id: ts.Identifier): ts.NumericLiteral | ts.StringLiteral | undefined {
  const init = constInitializer(ctx.index, id.text);
  return init && literalPort(init);
}

function literalFor(ctx: SourceContext, arg: ts.Expression): ts.NumericLiteral | ts.StringLiteral | undefined {
  const n = unwrap(arg);
  if (ts.isIdentifier(n)) return resolveConst(ctx, n);
  return literalPort(n);
}

const SERVER_FACT = 'port-binding/starts-server';

function checkSource(ctx: SourceContext): void {
  if (ctx.index.calls.some((c) => SERVER_CALLS.has(calleeName(c.expression) ?? ''))
    || ctx.index.news.some((n) => SERVER_NEWS.has(calleeName(n.expression) ?? '') && n.arguments?.some((a) => hasPortOption(unwrap(a))))) {
    ctx.facts.custom[SERVER_FACT] = true;
  }
  if (ctx.isTest || ctx.isExample) return;
  const exported = portExports(ctx);
  if (exported.length) ctx.facts.custom[EXPORTS_FACT] = exported;
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  const uses: PortUse[] = [];
  /** A port read from another module (`config.port`): the project-level half looks for a literal there. */
  const imported = (arg: ts.Expression) => {
    const n = unwrap(arg);
    const ref = ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) ? refs.resolve(n) : undefined;
    if (ref && !ref.called && ref.path.length) uses.push({ specifier: ref.module, path: ref.path, range: ctx.rangeOf(n) });
  };
  const reported = new Set<ts.Node>();
  const report = (lit: ts.NumericLiteral | ts.StringLiteral) => {
    if (reported.has(lit)) return;
    reported.add(lit);
    ctx.report(lit, `Port ${lit.text} is hardcoded. Bind to the port the environment gives (process.env.PORT) and keep ${lit.text} only as the local default (factor VII).`, {
      data: { port: lit.text, numeric: ts.isNumericLiteral(lit) },
    });
  };
  for (const call of ctx.index.calls) {
    const name = calleeName(call.expression);
    if (!name) continue;
    const first = call.arguments[0];
    if (!first) continue;
    // Nest: @WebSocketGateway(8081) serves the gateway on a port of its own.
    if (name === 'WebSocketGateway' && ts.isDecorator(call.parent)) {
      const lit = literalFor(ctx, first);
      if (lit) report(lit);
      else if (!ts.isObjectLiteralExpression(unwrap(first))) imported(first);
    }
    if (name === 'listen' && ts.isPropertyAccessExpression(call.expression)) {
      const lit = literalFor(ctx, first);
      if (lit) report(lit);
      else imported(first);
    }
    if (OPTION_CALLS.has(name)) {
      for (const arg of call.arguments) checkPortOption(ctx, unwrap(arg), report, imported);
    }
  }
  for (const n of ctx.index.news) {
    const name = calleeName(n.expression);
    if (name && OPTION_CALLS.has(name)) for (const arg of n.arguments ?? []) checkPortOption(ctx, unwrap(arg), report, imported);
  }
  if (uses.length) ctx.facts.custom[USES_FACT] = uses;
}

function hasPortOption(node: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(node) && node.properties.some((p) => p.name !== undefined && declaredName(p.name)?.toLowerCase() === 'port');
}

function checkPortOption(ctx: SourceContext, node: ts.Expression, report: (l: ts.NumericLiteral | ts.StringLiteral) => void, imported: (e: ts.Expression) => void): void {
  if (!ts.isObjectLiteralExpression(node)) return;
  for (const prop of node.properties) {
    if (ts.isPropertyAssignment(prop) && declaredName(prop.name) === 'port') {
      const lit = literalFor(ctx, prop.initializer);
      if (lit) report(lit);
      else imported(prop.initializer);
    } else if (ts.isShorthandPropertyAssignment(prop) && prop.name.text.toLowerCase() === 'port') {
      const lit = resolveConst(ctx, prop.name);
      if (lit) report(lit);
      else imported(prop.name);
    }
  }
}

/** A server in one file binding to a literal port another module exports (`listen(config.port)`). */
/** Servers whose port is given on their command line: `next start -p 3000`, `serve -l 5000`, `http-server -p 8080`. */
const PORT_FLAGS: Record<string, RegExp> = {
  next: /^(-p|--port)$/, nuxt: /^--port$/, nuxi: /^--port$/, vite: /^--port$/, astro: /^--port$/,
  serve: /^(-l|--listen|-p)$/, 'http-server': /^-p$/, 'live-server': /^--port$/, node: /^--port$/,
};

/** `PORT=3000 node server.js` or a fixed port flag in a start command: the platform's PORT is overridden. */
function startCommandPorts(ctx: ProjectContext): void {
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const c of siteCommands(site)) {
      let port: string | undefined;
      let how = '';
      const assign = c.words.find((w) => (!c.programWord || w.start < c.programWord.start) && /^PORT=\d{2,5}$/.test(w.text));
      if (assign) {
        port = assign.text.slice(5);
        how = `sets PORT=${port} itself`;
      } else if (c.program && PORT_FLAGS[c.program]) {
        for (let i = 0; i < c.args.length && !port; i++) {
          const [flag, inline] = c.args[i].split('=', 2);
          if (!PORT_FLAGS[c.program].test(flag)) continue;
          const value = inline ?? c.args[i + 1];
          // `serve -l tcp://0.0.0.0:5000` too; `-p $PORT` is what it should be.
          const m = value && /^(?:tcp:\/\/[^:]*:)?(\d{2,5})$/.exec(value);
          if (m) { port = m[1]; how = `passes ${flag} ${port}`; }
        }
      }
      if (!port) continue;
      const where = describe(site);
      ctx.report(site.path, commandRange(site, c, ctx.read(site.path)), `${where[0].toUpperCase()}${where.slice(1)} ${how} (\`${excerpt(c.text, 50, 47)}\`), so the app binds ${port} whatever port the platform assigns in PORT. Pass the environment's port instead (\`-p $PORT\`, or leave it out where the server reads PORT) (factor VII).`, {
        data: { command: true },
      });
    }
  }
}

function checkProject(ctx: ProjectContext): void {
  const { project, workspace } = ctx;
  startCommandPorts(ctx);
  for (const { target, exp, src, use } of boundConfigPorts(project.sources, ctx.facts, moduleGraphOf(project, ctx.facts, workspace))) {
    // Beside it: `./server.ts`; in another package of the workspace: its workspace path.
    const near = toPosix(path.relative(path.dirname(target), src));
    const from = near.startsWith('../../') ? toPosix(path.relative(workspace.root, src)) : near.startsWith('.') ? near : `./${near}`;
    ctx.report(target, exp.range, `Port ${exp.port} is hardcoded in this module, and ${from} binds the server to it (${use.path.join('.')}). Bind to the port the environment gives (process.env.PORT) and keep ${exp.port} only as the local default (factor VII).`, {
      data: { port: exp.port, via: src },
    });
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  const lines = new LineIndex(text);
  const raw = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  const port = raw.replace(/['"]/g, '');
  if (!/^\d{1,5}$/.test(port)) return [];
  // Number(...) keeps the type a number (TypeScript accepts it where a port is typed), and NaN falls back.
  const replacement = raw.startsWith("'") || raw.startsWith('"') ? `process.env.PORT || ${raw}` : `Number(process.env.PORT) || ${raw}`;
  return [{
    title: `Read the port from PORT, defaulting to ${port}`,
    preferred: true,
    fixAll: true,
    edits: [{ path: finding.path, edits: [{ range: finding.range, newText: replacement }] }],
  }];
}

const SERVER_CALLS = new Set(['listen', 'createServer', 'serve', 'startStandaloneServer']);

/** Applies where the project starts a server at all. */
function appliesTo(ctx: ProjectContext): boolean {
  return ctx.project.sources.some((p) => ctx.facts(p)?.custom[SERVER_FACT] === true);
}

export const hardcodedPort: Rule = {
  meta: {
    id: 'port-binding/hardcoded-port',
    factor: 'port-binding',
    severity: 'warning',
    description: 'A server that listens on a fixed port instead of process.env.PORT.',
    fixable: true,
  },
  trigger: /listen|\bport\b|serve|WebSocketGateway/i,
  checkSource,
  checkProject,
  appliesTo,
  fixes,
};
