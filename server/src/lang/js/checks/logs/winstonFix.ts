// logs/file-logging's fix in JS/TS: a winston File transport (the finding's node) becomes a Console transport, or
// goes when the transports array already has one.
import * as ts from 'typescript';
import type { Finding, Fix } from '../../../../core/types';
import { declaredName, unwrap } from '../../astUtil';
import { buildNodeIndex } from '../../nodeIndex';
import { ModuleRefs } from '../../moduleRefs';
import { LineIndex } from '../../../../util/text';
import { parseSource } from '../../parse';

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

/** The fixes for a winston File-transport finding of logs/file-logging, given the file's current text. */
export function winstonFileToConsole(finding: Finding, text: string): Fix[] {
  const sf = parseSource(finding.path, text);
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
