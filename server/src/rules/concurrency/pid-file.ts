// concurrency/pid-file: a process that records its PID in a file, a daemon's habit the platform makes pointless.
import * as path from 'path';
import * as ts from 'typescript';
import type { ProjectContext, Rule, SourceContext } from '../../core/types';
import { declaredName, dottedName, stringValue, unwrap } from '../../lang/js/astUtil';
import { moduleRefs } from '../../lang/js/moduleRefs';
import { packageName } from '../../ecosystem/npm/packages';
import { pathShape } from '../../lang/js/pathShape';
import { fsWritesOf } from '../../lang/js/fsWrites';
import { isToolingFile, runsServerOrWorker } from '../../detect/appCode';
import { describe, runtimeSites, siteCommands } from '../../model/startSites';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';

const PID_PACKAGES = new Set(['npid', 'pidfile', 'pid-file']);
/** `--pid /run/app.pid` (pm2), `--pidFile` (forever), `--pidfile=…` (many servers). */
const PID_FLAG = /^--pid(-?file)?(=|$)/i;

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

function checkSource(ctx: SourceContext): void {
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
      ? { messageId: 'writeTo', data: { file: shape.base === 'app' ? './' + shape.segments.join('/') : shape.text } }
      : { messageId: 'write' };
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
}

function checkProject(ctx: ProjectContext): void {
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const c of siteCommands(site)) {
      const i = c.args.findIndex((a) => PID_FLAG.test(a));
      if (i < 0) continue;
      const flag = c.args[i];
      const value = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : c.args[i + 1];
      const where = describe(site);
      ctx.report(
        site.path,
        site.range,
        {
          messageId: 'flag',
          data: {
            where: `${where[0].toUpperCase()}${where.slice(1)}`,
            program: c.program ?? 'the program',
            flag: `${flag.split('=')[0]}${value ? ' ' + value : ''}`,
          },
        },
        { data: { kind: 'flag' } },
      );
      break;
    }
  }
}

export const pidFile: Rule = {
  meta: {
    id: 'concurrency/pid-file',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'concurrency',
    severity: 'warning',
    description:
      'A PID file written by the app (fs write of process.pid or to *.pid, npid/pidfile packages, --pid flags).',
    why: "The platform's process manager already tracks and signals its processes (factor VIII), and a PID file left behind by a killed container or dyno can block the next start. Drop it.",
    messages: {
      ecosystem: 'pm2 is told to write a PID file ({{file}}).',
      write: 'This writes the process id to a PID file.',
      writeTo: 'This writes the process id to a PID file ({{file}}).',
      package: '{{package}} writes a PID file for this process.',
      flag: '{{where}} asks {{program}} to write a PID file ({{flag}}).',
    },
  },
  trigger: /pid/i,
  checkSource,
  checkProject,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
};
