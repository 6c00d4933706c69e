// logs/file-logging in JS/TS: winston File/DailyRotateFile transports, pino file destinations and transports,
// bunyan file streams, log4js file appenders, rotating streams and fs writes to *.log files.
import * as ts from 'typescript';
import { jsCheck, type JsExtractContext } from '../../context';
import { declaredName, stringValue, unwrap } from '../../astUtil';
import { moduleRefs, ModuleRefs } from '../../moduleRefs';
import { pathShape, type PathShape } from '../../pathShape';
import { fsWritesOf } from '../../fsWrites';
import { isDevOnly } from '../../devOnly';
import { isToolingFile } from '../../../../detect/appCode';

const LOG4JS_FILE = new Set(['file', 'dateFile', 'fileSync', 'multiFile']);

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
function fileDestination(e: ts.Expression | undefined, refs: ModuleRefs, ctx: JsExtractContext): string | undefined {
  if (!e || isStdStream(e)) return undefined;
  const s = pathShape(e, refs, ctx.index);
  if (s.fromEnv || s.base === 'unknown' || /^\/dev\/(stdout|stderr)$/.test(s.text)) return undefined;
  return s.base === 'app' ? `./${s.segments.join('/')}` : s.text;
}

export const fileLoggingJs = jsCheck<'fileLog' | 'pinoRoll'>({
  trigger: /console|winston|pino|bunyan|log4js|\.log\b|\/var\/log|createWriteStream|appendFile|writeFile|rotat/i,
  check(ctx) {
    if (ctx.isTest || ctx.isExample) return;
    const refs = moduleRefs(ctx.sourceFile, ctx.index);
    const reported = new Set<ts.Node>();
    const report = (node: ts.Node, via: string | undefined, data: Record<string, unknown>) => {
      if (reported.has(node) || isDevOnly(node)) return;
      reported.add(node);
      ctx.report(node, via === undefined ? { messageId: 'pinoRoll' } : { messageId: 'fileLog', data: { via } }, {
        data,
      });
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
      if (
        key === 'type' &&
        value &&
        LOG4JS_FILE.has(value) &&
        (objectProp(obj, 'filename') || objectProp(obj, 'base'))
      ) {
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
  },
});
