// logs/file-logging: logs written to files (winston File transports, pino file destinations, bunyan file streams,
// log4js file appenders, fs writes to *.log) instead of an event stream on stdout.
import * as ts from 'typescript';
import type { Finding, Fix, FixContext, ProjectContext, Rule, SourceContext } from '../../core/types';
import { declaredName, stringValue, unwrap } from '../../lang/js/astUtil';
import { buildNodeIndex } from '../../lang/js/nodeIndex';
import { moduleRefs, ModuleRefs } from '../../lang/js/moduleRefs';
import { pathShape, type PathShape } from '../../lang/js/pathShape';
import { fsWritesOf } from '../../lang/js/fsWrites';
import { isDevOnly } from '../../lang/js/devOnly';
import { isToolingFile } from '../../detect/appCode';
import { projectLogs } from './logging';
import { CONSOLE_USE } from '../../facts/console';
import { LineIndex } from '../../util/text';

const ID = 'logs/file-logging';

const LOG4JS_FILE = new Set(['file', 'dateFile', 'fileSync', 'multiFile']);
/** winston File-transport options that only matter for files; anything else would be lost by the fix. */
const WINSTON_FILE_ONLY = new Set([
  'filename',
  'dirname',
  'maxsize',
  'maxSize',
  'maxFiles',
  'tailable',
  'zippedArchive',
  'datePattern',
  'frequency',
  'options',
  'eol',
  'lazy',
  'createSymlink',
  'symlinkName',
  'auditFile',
  'utc',
  'extension',
  'json',
  'watchLog',
  'auditHashType',
  'name',
]);
/** Options a Console transport takes just the same. */
const WINSTON_SHARED = new Set(['level', 'format', 'handleExceptions', 'handleRejections', 'silent']);

function objectProp(obj: ts.Node | undefined, key: string): ts.Expression | undefined {
  const o = obj && unwrap(obj as ts.Expression);
  if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && declaredName(p.name) === key) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}

/** stdout/stderr given as a destination: 1, 2, '/dev/stdout', process.stdout(.fd). */
function isStdStream(e: ts.Expression): boolean {
  const n = unwrap(e);
  if (ts.isNumericLiteral(n)) return n.text === '1' || n.text === '2';
  const s = stringValue(n);
  if (s !== undefined) return /^(1|2|\/dev\/(stdout|stderr))$/.test(s);
  return /^process\.(stdout|stderr)(\.fd)?$/.test(n.getText());
}

function isLogPath(s: PathShape): boolean {
  if (s.fromEnv || /^\/dev\/(stdout|stderr)$/.test(s.text)) return false;
  const last = s.segments[s.segments.length - 1] ?? '';
  return (
    /\.log(\.\d+)?$/i.test(last) ||
    s.text.includes('/var/log/') ||
    s.segments.slice(0, -1).some((x) => /^logs?$/i.test(x))
  );
}

/** A statically known file path (not stdout, not from the environment, not an opaque value). */
function fileDestination(e: ts.Expression | undefined, refs: ModuleRefs, ctx: SourceContext): string | undefined {
  if (!e || isStdStream(e)) return undefined;
  const s = pathShape(e, refs, ctx.index);
  if (s.fromEnv || s.base === 'unknown' || /^\/dev\/(stdout|stderr)$/.test(s.text)) return undefined;
  return s.base === 'app' ? `./${s.segments.join('/')}` : s.text;
}

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const refs = moduleRefs(ctx.sourceFile, ctx.index);
  const reported = new Set<ts.Node>();
  const report = (node: ts.Node, via: string | undefined, data: Record<string, unknown>) => {
    if (reported.has(node) || isDevOnly(node)) return;
    reported.add(node);
    ctx.report(node, via === undefined ? { messageId: 'pinoRoll' } : { messageId: 'fileLog', data: { via } }, { data });
  };
  const fileOf = (opts: ts.Expression | undefined, key: string) => {
    const f = objectProp(opts, key);
    const s = f ? stringValue(unwrap(f)) : undefined;
    return s ? `, ${s}` : '';
  };

  for (const n of ctx.index.news) {
    const ref = refs.resolve(n.expression);
    if (!ref || ref.called) continue;
    const opts = n.arguments?.[0];
    const p = ref.path.join('.');
    if (
      (ref.module === 'winston' && (p === 'transports.File' || p === 'transports.DailyRotateFile')) ||
      (ref.module === 'winston-daily-rotate-file' && p === '')
    ) {
      const filename = objectProp(opts, 'filename');
      if (filename && isStdStream(filename)) continue;
      report(
        n,
        `winston ${p === 'transports.File' ? 'File' : 'DailyRotateFile'} transport${fileOf(opts, 'filename')}`,
        { kind: 'winston' },
      );
    } else if (ref.module === 'bunyan' && p === 'RotatingFileStream') {
      report(n, `bunyan RotatingFileStream${fileOf(opts, 'path')}`, { kind: 'bunyan' });
    }
  }
  // winston 2: winston.add(winston.transports.File, { filename })
  for (const pa of ctx.index.propertyAccesses) {
    const parent = pa.parent;
    if (
      (ts.isNewExpression(parent) && parent.expression === pa) ||
      ts.isPropertyAccessExpression(parent) ||
      ts.isVariableDeclaration(parent)
    )
      continue;
    if (refs.is(pa, 'winston', ['transports', 'File'])) report(pa, 'winston File transport', { kind: 'winston-add' });
  }

  for (const call of ctx.index.calls) {
    const ref = refs.resolve(call.expression);
    if (!ref || ref.called) continue;
    const p = ref.path.join('.');
    if (ref.module === 'pino' && p === 'destination') {
      const arg = call.arguments[0];
      const dest = arg && ts.isObjectLiteralExpression(unwrap(arg)) ? objectProp(arg, 'dest') : arg;
      const file = fileDestination(dest, refs, ctx);
      if (file) report(call, `pino.destination ${file}`, { kind: 'pino' });
    } else if (
      (ref.module === 'rotating-file-stream' && (p === 'createStream' || p === '')) ||
      (ref.module === 'file-stream-rotator' && p === 'getStream')
    ) {
      report(call, `${ref.module} stream`, { kind: 'rotating-stream' });
    }
  }

  const importsBunyan = ctx.facts.imports.some((i) => i.specifier === 'bunyan');
  const importsLog4js = ctx.facts.imports.some((i) => i.specifier === 'log4js');
  for (const prop of ctx.index.properties) {
    const key = declaredName(prop.name);
    const obj = prop.parent;
    if (!ts.isObjectLiteralExpression(obj)) continue;
    const value = stringValue(unwrap(prop.initializer));
    // pino transports: { target: 'pino/file', options: { destination: './app.log' } }, pino-roll, pino-pretty to a file
    if (key === 'target' && value && /pino/.test(value)) {
      const dest =
        objectProp(objectProp(obj, 'options'), 'destination') ?? objectProp(objectProp(obj, 'options'), 'file');
      if (value === 'pino-roll') report(prop, undefined, { kind: 'pino-transport' });
      else {
        const file = fileDestination(dest, refs, ctx);
        if (file) report(prop, `pino transport ${value} to ${file}`, { kind: 'pino-transport' });
      }
    }
    // log4js: appenders: { app: { type: 'file', filename: 'app.log', maxLogSize: 10485760 } }
    if (key === 'type' && value && LOG4JS_FILE.has(value) && (objectProp(obj, 'filename') || objectProp(obj, 'base'))) {
      const grand = obj.parent?.parent;
      const inAppenders = !!grand && ts.isPropertyAssignment(grand) && declaredName(grand.name) === 'appenders';
      if (importsLog4js || inAppenders)
        report(
          prop,
          `log4js ${value} appender${fileOf(obj, 'filename')}${value === 'dateFile' || objectProp(obj, 'maxLogSize') ? ', rotated by the app' : ''}`,
          { kind: 'log4js' },
        );
    }
    // bunyan: streams: [{ path: '/var/log/app.log' }], logger.addStream({ path })
    if (key === 'path' && (importsBunyan || value === 'rotating-file')) {
      const arr = obj.parent;
      const inStreams =
        ts.isArrayLiteralExpression(arr) &&
        ts.isPropertyAssignment(arr.parent) &&
        declaredName(arr.parent.name) === 'streams';
      const added =
        ts.isCallExpression(arr) &&
        ts.isPropertyAccessExpression(arr.expression) &&
        arr.expression.name.text === 'addStream';
      if ((inStreams || added) && !isStdStream(prop.initializer))
        report(prop, `bunyan file stream${value ? `, ${value}` : ''}`, { kind: 'bunyan' });
    }
  }

  if (isToolingFile(ctx.rel, ctx.text)) return;
  for (const w of fsWritesOf(ctx.index, refs)) {
    if (w.op !== 'write' && w.op !== 'append' && w.op !== 'stream') continue;
    const s = pathShape(w.target, refs, ctx.index);
    if (isLogPath(s))
      report(w.call, `fs.${w.method} to ${s.base === 'app' ? './' + s.segments.join('/') : s.text}`, { kind: 'fs' });
  }
}

/** Fix for winston: the File transport becomes a Console transport (or goes, when the array already has one). */
function fixes(finding: Finding, ctx: FixContext): Fix[] {
  if ((finding.data as { kind?: string } | undefined)?.kind !== 'winston') return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  const kind = /\.tsx$/.test(finding.path)
    ? ts.ScriptKind.TSX
    : /\.[cm]?ts$/.test(finding.path)
      ? ts.ScriptKind.TS
      : /\.jsx$/.test(finding.path)
        ? ts.ScriptKind.JSX
        : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(finding.path, text, ts.ScriptTarget.Latest, true, kind);
  const idx = buildNodeIndex(sf);
  const lines = new LineIndex(text);
  const start = lines.offset(finding.range.start);
  const end = lines.offset(finding.range.end);
  const node = idx.news.find((n) => n.getStart(sf) === start && n.getEnd() === end);
  if (!node) return [];
  const refs = new ModuleRefs(sf, idx);
  const isConsole = (e: ts.Expression) =>
    ts.isNewExpression(e) && refs.is(e.expression, 'winston', ['transports', 'Console']);
  const parent = node.parent;
  if (ts.isArrayLiteralExpression(parent) && parent.elements.some((e) => e !== node && isConsole(unwrap(e)))) {
    // transports: [new Console(), new File(…)]: the console already gets every line.
    const i = parent.elements.indexOf(node);
    const els = parent.elements;
    const from = i < els.length - 1 ? node.getStart(sf) : els[i - 1].getEnd();
    const to = i < els.length - 1 ? els[i + 1].getStart(sf) : node.getEnd();
    return [
      {
        title: 'Remove the file transport (the logger already logs to the console)',
        edits: [{ path: finding.path, edits: [{ range: lines.range(from, to), newText: '' }] }],
      },
    ];
  }
  const callee = node.expression;
  let ctor: string | undefined;
  if (ts.isPropertyAccessExpression(callee) && refs.is(callee.expression, 'winston', ['transports']))
    ctor = `${callee.expression.getText(sf)}.Console`;
  else {
    const direct = refs.nameFor('winston', ['transports', 'Console']);
    const transports = refs.nameFor('winston', ['transports']);
    const root = refs.nameFor('winston');
    ctor = direct ?? (transports ? `${transports}.Console` : root ? `${root}.transports.Console` : undefined);
  }
  if (!ctor) return [];
  const arg = node.arguments?.[0];
  const kept: string[] = [];
  let exact = (node.arguments?.length ?? 0) <= 1;
  if (arg) {
    const o = unwrap(arg);
    if (!ts.isObjectLiteralExpression(o)) exact = false;
    else {
      for (const p of o.properties) {
        const key = declaredName(p.name);
        if (key && WINSTON_SHARED.has(key)) kept.push(p.getText(sf));
        else if (!key || !WINSTON_FILE_ONLY.has(key) || ts.isSpreadAssignment(p)) exact = false;
      }
    }
  }
  // A second Console transport elsewhere in the file (logger.add) would print every line twice.
  const otherConsole = idx.news.some((n) => n !== node && isConsole(n));
  const replacement = `new ${ctor}(${kept.length ? `{ ${kept.join(', ')} }` : ''})`;
  return [
    {
      title: `Log to the console: ${replacement.length > 60 ? `new ${ctor}(…)` : replacement}`,
      preferred: exact && !otherConsole,
      edits: [{ path: finding.path, edits: [{ range: finding.range, newText: replacement }] }],
    },
  ];
}

export const fileLogging: Rule = {
  meta: {
    id: ID,
    inputs: ['package-json', 'source'],
    factor: 'logs',
    severity: 'warning',
    description:
      'Logs written to files (winston File/DailyRotateFile, pino file destinations, bunyan file streams, log4js file appenders, fs writes to *.log).',
    why: 'A twelve-factor app writes its logs as an unbuffered event stream to stdout and lets the platform route and keep them (factor XI); a file on the local disk disappears with the instance, fills the disk and is read by nobody. Log to stdout instead.',
    fixable: true,
    messages: {
      fileLog: 'Logs are written to a file ({{via}}).',
      pinoRoll: 'Logs are written to a file (pino-roll transport, which also rotates the files).',
    },
  },
  trigger: /console|winston|pino|bunyan|log4js|\.log\b|\/var\/log|createWriteStream|appendFile|writeFile|rotat/i,
  checkSource,
  appliesTo: (ctx: ProjectContext) => projectLogs(ctx),
  uses: [CONSOLE_USE],
  fixes,
};
