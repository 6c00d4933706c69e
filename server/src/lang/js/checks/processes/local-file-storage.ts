// processes/local-file-storage in JS/TS: uploads (multer, formidable, multiparty, express-fileupload) and user data
// or JSON "databases" written with fs into the app's own directory.
import * as ts from 'typescript';
import type { Message } from '../../../../core/types';
import { jsCheck, type JsExtractContext } from '../../context';
import { declaredName, unwrap } from '../../astUtil';
import { moduleRefs, type ModuleRefs } from '../../moduleRefs';
import { displayPath, pathShape, type PathShape } from '../../pathShape';
import { fsWritesOf } from '../../fsWrites';
import { isDevOnly } from '../../devOnly';
import { handlersOf } from '../../handlers';
import { isToolingFile } from '../../../../detect/appCode';

/** Folder names that hold what users create. */
const USER_DATA =
  /^(uploads?|user[-_]?(uploads|data|files|content)|userdata|attachments?|avatars?|media|data|db|database|storage|files|documents)$/i;
/** Logs (logs/file-logging), PID files (concurrency/pid-file) and scratch space are other matters. */
const NOT_DATA = /^(logs?|tmp|temp|\.?cache)$|\.(log|pid)$/i;
/** A file written from a request handler with one of these extensions is being used as a database. */
const DB_FILE = /\.(json|jsonl|ndjson|db|sqlite3?|csv)$/i;
const UPLOAD_MODULES = new Set(['formidable', 'multiparty']);
/** multer and its Koa wrappers, which take the same `{ dest }` and `diskStorage({ destination })` options. */
const MULTER_MODULES = new Set(['multer', '@koa/multer', 'koa-multer']);

function inAppTree(shape: PathShape): boolean {
  return shape.base === 'app' && !shape.fromEnv && !shape.segments.some((s) => NOT_DATA.test(s));
}

function objectProp(obj: ts.Expression | undefined, key: string): ts.Expression | undefined {
  const o = obj && unwrap(obj);
  if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && declaredName(p.name) === key) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
    if (ts.isMethodDeclaration(p) && declaredName(p.name) === key) return undefined;
  }
  return undefined;
}

/** multer.diskStorage({ destination }): a path, or a function calling `cb(null, path)`. */
function destinationPaths(dest: ts.Expression, ctx: JsExtractContext): ts.Expression[] {
  const n = unwrap(dest);
  if (!ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) return [n];
  const cbParam = n.parameters[2];
  const cb = cbParam && ts.isIdentifier(cbParam.name) ? cbParam.name.text : undefined;
  if (!cb) return [];
  return ctx.index.calls
    .filter(
      (c) =>
        ts.isIdentifier(c.expression) &&
        c.expression.text === cb &&
        c.arguments.length === 2 &&
        c.pos >= n.pos &&
        c.end <= n.end,
    )
    .map((c) => c.arguments[1]);
}

type Id = 'multer' | 'uploadDir' | 'uploadDirAssigned' | 'moved' | 'mkdir' | 'jsonDb' | 'userData';

export const localFileStorageJs = jsCheck<Id>({
  trigger:
    /multer|formidable|multiparty|uploadDir|\.mv\(|writeFile|writeJson|outputFile|outputJson|appendFile|createWriteStream|mkdir|ensureDir|rename|move|copy|\bcp/i,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isToolingFile(ctx.rel, ctx.text)) return;
    const refs: ModuleRefs = moduleRefs(ctx.sourceFile, ctx.index);
    const shape = (e: ts.Expression) => pathShape(e, refs, ctx.index);
    const reported = new Set<ts.Node>();
    const report = (node: ts.Node, message: Message<Id>, kind: string) => {
      if (reported.has(node) || isDevOnly(node)) return;
      reported.add(node);
      ctx.report(node, message, { data: { kind } });
    };

    for (const call of ctx.index.calls) {
      const ref = refs.resolve(call.expression);
      if (ref && !ref.called && MULTER_MODULES.has(ref.module)) {
        // multer({ dest: 'uploads/' }), multer.diskStorage({ destination: … })
        const isRoot = ref.path.length === 0;
        const isDisk = ref.path.length === 1 && ref.path[0] === 'diskStorage';
        if (!isRoot && !isDisk) continue;
        const dest = objectProp(call.arguments[0], isRoot ? 'dest' : 'destination');
        for (const d of dest ? destinationPaths(dest, ctx) : []) {
          const s = shape(d);
          if (inAppTree(s))
            report(
              d,
              { messageId: 'multer', data: { path: displayPath(s), option: isRoot ? 'dest' : 'diskStorage' } },
              'multer',
            );
        }
      }
    }
    // formidable({ uploadDir }), new formidable.IncomingForm({ uploadDir }), new multiparty.Form({ uploadDir })
    for (const node of [...ctx.index.calls, ...ctx.index.news]) {
      const ref = refs.resolve(node.expression);
      if (!ref || ref.called || !UPLOAD_MODULES.has(ref.module)) continue;
      const dir = objectProp(node.arguments?.[0], 'uploadDir');
      const s = dir && shape(dir);
      if (dir && s && inAppTree(s))
        report(dir, { messageId: 'uploadDir', data: { path: displayPath(s), package: ref.module } }, ref.module);
    }
    if (ctx.facts.imports.some((i) => UPLOAD_MODULES.has(i.specifier))) {
      for (const a of ctx.index.assignments) {
        const s =
          ts.isPropertyAccessExpression(a.left) && a.left.name.text === 'uploadDir' ? shape(a.right) : undefined;
        if (s && inAppTree(s))
          report(a.right, { messageId: 'uploadDirAssigned', data: { path: displayPath(s) } }, 'formidable');
      }
    }
    // express-fileupload: req.files.avatar.mv(path.join(__dirname, 'uploads', name))
    for (const call of ctx.index.calls) {
      const callee = call.expression;
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'mv' || !call.arguments[0]) continue;
      const s = shape(call.arguments[0]);
      if (inAppTree(s) && s.segments.some((x) => USER_DATA.test(x)))
        report(call.arguments[0], { messageId: 'moved', data: { path: displayPath(s) } }, 'mv');
    }

    const handlers = handlersOf(ctx);
    const dirs: { node: ts.Node; message: Message<Id> }[] = [];
    for (const w of fsWritesOf(ctx.index, refs)) {
      const s = shape(w.target);
      if (!inAppTree(s)) continue;
      const isData = s.segments.some((x) => USER_DATA.test(x));
      const last = s.segments[s.segments.length - 1] ?? '';
      const asDb =
        !isData && (w.op === 'write' || w.op === 'append') && DB_FILE.test(last) && !!handlers.enclosing(w.call);
      if (!isData && !asDb) continue;
      const fn = `fs.${w.method}`;
      if (w.op === 'mkdir') {
        dirs.push({ node: w.target, message: { messageId: 'mkdir', data: { call: fn, path: displayPath(s) } } });
      } else if (asDb) {
        report(w.target, { messageId: 'jsonDb', data: { path: displayPath(s), call: fn } }, 'json-db');
      } else {
        report(w.target, { messageId: 'userData', data: { path: displayPath(s), call: fn } }, 'fs');
      }
    }
    // `mkdirSync('uploads')` next to the writes it prepares for says nothing new; alone it is the only sign.
    if (reported.size === 0) for (const d of dirs) report(d.node, d.message, 'mkdir');
  },
});
