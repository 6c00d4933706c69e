// What a file-system path expression statically looks like: `path.join(__dirname, 'uploads', name)` is
// "inside the app, uploads/*"; `os.tmpdir()` is temporary space; anything read from the environment is config.
import * as ts from 'typescript';
import type { NodeIndex } from './nodeIndex';
import { declaredName, dottedName, enclosingFunction, readsEnv, unwrap } from './astUtil';
import { boundNames, type ModuleRefs } from './moduleRefs';

export interface PathShape {
  /**
   * app: relative, `__dirname`, `process.cwd()` (the app's own tree); tmp: os.tmpdir(), /tmp; absolute: another
   * absolute path; unknown: starts with something not known statically (a config value, a parameter).
   */
  base: 'app' | 'tmp' | 'absolute' | 'unknown';
  /** Readable form: `<app>/uploads/*`, `./data/orders.json`, `/var/log/app.log`; `*` is a part not known statically. */
  text: string;
  /** Known path segments, without `.`, `..` and empty ones. */
  segments: string[];
  /** Some part comes from the environment: the path is configurable, so not a hardcoded location. */
  fromEnv: boolean;
}

const APP = '\u0001';
const TMP = '\u0002';
const ENV = '\u0003';

class Evaluator {
  constructor(
    private readonly refs: ModuleRefs,
    private readonly idx: NodeIndex,
  ) {}

  eval(expr: ts.Expression, depth: number): string {
    const n = unwrap(expr);
    if (depth > 5) return '*';
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isNumericLiteral(n)) return n.text;
    if (ts.isTemplateExpression(n)) {
      let s = n.head.text;
      for (const span of n.templateSpans) s += this.eval(span.expression, depth + 1) + span.literal.text;
      return s;
    }
    if (ts.isBinaryExpression(n)) {
      if (n.operatorToken.kind === ts.SyntaxKind.PlusToken)
        return this.eval(n.left, depth + 1) + this.eval(n.right, depth + 1);
      return readsEnv(n) ? ENV : '*';
    }
    if (readsEnv(n)) return ENV;
    if (ts.isIdentifier(n)) {
      if (n.text === '__dirname' && !this.refs.isShadowed(n.text, n)) return APP;
      if (n.text === '__filename' && !this.refs.isShadowed(n.text, n)) return `${APP}/*`;
      return this.constant(n, depth);
    }
    if (ts.isPropertyAccessExpression(n) && ts.isMetaProperty(n.expression)) {
      if (n.name.text === 'dirname') return APP;
      if (n.name.text === 'url' || n.name.text === 'filename') return `${APP}/*`;
    }
    if (ts.isNewExpression(n) && dottedName(n.expression) === 'URL' && n.arguments?.length === 2) {
      // new URL('./uploads/', import.meta.url)
      const base = this.eval(n.arguments[1], depth + 1);
      const rel = this.eval(n.arguments[0], depth + 1);
      return rel.startsWith('/') ? rel : `${dirname(base)}/${rel}`;
    }
    if (ts.isCallExpression(n)) return this.call(n, depth);
    return '*';
  }

  private call(n: ts.CallExpression, depth: number): string {
    const args = n.arguments.map((a) => this.eval(a, depth + 1));
    const name = dottedName(n.expression);
    if (name === 'process.cwd') return APP;
    const ref = this.refs.resolve(n.expression);
    if (ref && !ref.called) {
      const fn = ref.path[ref.path.length - 1];
      if (ref.module === 'os' && fn === 'tmpdir' && ref.path.length === 1) return TMP;
      if ((ref.module === 'path' || ref.module === 'path/posix') && ref.path.length <= 2) {
        if (fn === 'join') return args.join('/');
        if (fn === 'resolve') {
          // The last absolute argument wins, as in path.resolve.
          let out = '';
          for (let i = args.length - 1; i >= 0; i--) {
            out = out ? `${args[i]}/${out}` : args[i];
            if (isAbsolute(args[i])) break;
          }
          return out;
        }
        if (fn === 'dirname') return dirname(args[0] ?? '*');
      }
      if (ref.module === 'url' && fn === 'fileURLToPath') return args[0] ?? '*';
    }
    return args.some((a) => a.includes(ENV)) ? ENV : '*';
  }

  /**
   * A name bound once to a value: `const UPLOADS = path.join(__dirname, 'uploads')` (or a `let` never assigned again)
   * at module level, or a `const dir` declared earlier in the function that uses it (the nearest function declaring
   * the name wins; a parameter of that name is not known statically).
   */
  private constant(id: ts.Identifier, depth: number): string {
    const named = this.idx.variables.filter((v) => declaredName(v.name) === id.text);
    for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
      if (!ts.isFunctionLike(p)) continue;
      if ((p as ts.SignatureDeclaration).parameters.some((param) => boundNames(param.name).includes(id.text)))
        return '*';
      const local = named.filter((v) => enclosingFunction(v) === p);
      if (!local.length) continue;
      const d = local[0];
      const isConst = ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0;
      if (local.length !== 1 || !isConst || !d.initializer || d.end > id.pos) return '*';
      return this.eval(d.initializer, depth + 1);
    }
    if (this.refs.isShadowed(id.text, id)) return '*';
    const decls = named.filter((v) => !enclosingFunction(v));
    if (decls.length !== 1 || !decls[0].initializer) return '*';
    // A `let` or `var` is bound once only if nothing assigns it (`if (process.env.DIR) dir = process.env.DIR`).
    const d = decls[0];
    const isConst = ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst && this.idx.assignments.some((a) => ts.isIdentifier(a.left) && a.left.text === id.text)) return '*';
    return this.eval(d.initializer!, depth + 1);
  }
}

function isAbsolute(s: string): boolean {
  return s.startsWith('/') || s.startsWith(APP) || s.startsWith(TMP) || s.startsWith(ENV);
}

function dirname(s: string): string {
  const i = s.lastIndexOf('/');
  return i > 0 ? s.slice(0, i) : i === 0 ? '/' : '.';
}

export function pathShape(expr: ts.Expression, refs: ModuleRefs, idx: NodeIndex): PathShape {
  const raw = new Evaluator(refs, idx).eval(expr, 0).replace(/\/{2,}/g, '/');
  const fromEnv = raw.includes(ENV);
  let base: PathShape['base'];
  if (raw.startsWith(APP)) base = 'app';
  else if (raw.startsWith(TMP) || /^\/(var\/)?tmp(\/|$)/.test(raw)) base = 'tmp';
  else if (raw.startsWith('/')) base = 'absolute';
  else if (raw.startsWith('*') || raw.startsWith(ENV) || raw === '') base = 'unknown';
  else base = 'app';
  const text = raw.split(APP).join('<app>').split(TMP).join('<tmp>').split(ENV).join('<env>');
  const segments = raw.split('/').filter((s) => s && s !== '.' && s !== '..' && s !== APP && s !== TMP && s !== ENV);
  return { base, text, segments, fromEnv };
}

/** A shape's path as people would write it, for messages: `./uploads/*`, `/var/log/app.log`. */
export function displayPath(shape: PathShape): string {
  if (shape.base === 'app') return `./${shape.segments.join('/')}`;
  return shape.text;
}
