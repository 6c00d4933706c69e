// What a Python file-system path expression statically looks like, as lang/js/pathShape.ts does for JS:
// `os.path.join(os.path.dirname(__file__), 'uploads', name)` and `BASE_DIR / 'media'` are "inside the app";
// `tempfile.gettempdir()` and `/tmp` are scratch space; anything read from the environment is configuration.
// Names are followed to a single assignment: at module level, or earlier in the function that uses them.
import type { SyntaxNode } from './parse';
import { callArgs, childrenOf, dottedName, resolveName, stringValue } from './syntax';

export interface PathShape {
  /** app: relative, `__file__`, `os.getcwd()`, `app.root_path`; tmp: tempfile, /tmp; absolute; unknown. */
  base: 'app' | 'tmp' | 'absolute' | 'unknown';
  /** Known path segments, without `.`, `..` and empty ones; `*` is a part not known statically. */
  segments: string[];
  /** Some part comes from the environment: the path is configurable, so not a hardcoded location. */
  fromEnv: boolean;
}

const APP = '\u0001';
const TMP = '\u0002';
const ENV = '\u0003';

/** Calls that read the environment (a default may follow: the value is still configurable). */
const ENV_CALLS = new Set(['os.getenv', 'os.environ.get', 'os.environ.setdefault', 'decouple.config']);
/** Calls that return their (first) path argument, or a path made of all of them. */
const PASS_THROUGH = new Set(['os.path.abspath', 'os.path.realpath', 'os.path.normpath', 'os.fspath', 'str']);
const PATH_CLASSES = new Set(['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath']);
/** Attributes that are the app's own folder (Flask's `app.root_path`, `app.instance_path`). */
const APP_ATTRS = /(^|\.)(root_path|instance_path)$/;

export interface PathContext {
  text: string;
  bindings: ReadonlyMap<string, string>;
  /** Assignments of the file (index.assignments): names are followed to their one assignment. */
  assignments: readonly SyntaxNode[];
}

class Evaluator {
  constructor(private readonly ctx: PathContext) {}

  private s(n: SyntaxNode): string {
    return this.ctx.text.slice(n.from, n.to);
  }

  eval(n: SyntaxNode | null | undefined, depth: number): string {
    if (!n || depth > 6) return '*';
    const text = this.ctx.text;
    switch (n.name) {
      case 'String': {
        const v = stringValue(text, n);
        return v ?? '*';
      }
      case 'FormatString': {
        // f"uploads/{name}": the literal parts, a `*` for each field.
        let out = '';
        let at = n.from;
        for (const k of childrenOf(n)) {
          out += text.slice(at, k.from);
          out += '*';
          at = k.to;
        }
        out += text.slice(at, n.to);
        return out.replace(/^[a-zA-Z]*(['"]{3}|['"])/, '').replace(/(['"]{3}|['"])$/, '');
      }
      case 'ParenthesizedExpression':
        return this.eval(n.firstChild?.nextSibling, depth + 1);
      case 'BinaryExpression': {
        const [l, op, r] = childrenOf(n);
        const o = op ? this.s(op) : '';
        if (o === '/') return `${this.eval(l, depth + 1)}/${this.eval(r, depth + 1)}`;
        if (o === '+') return this.eval(l, depth + 1) + this.eval(r, depth + 1);
        if (o === 'or') {
          // `os.environ.get('DIR') or 'uploads'`: configurable.
          const left = this.eval(l, depth + 1);
          return left.includes(ENV) ? ENV : '*';
        }
        return '*';
      }
      case 'VariableName': {
        const name = this.s(n);
        if (name === '__file__') return `${APP}/*`;
        return this.constant(n, name, depth);
      }
      case 'MemberExpression':
        return this.member(n, depth);
      case 'CallExpression':
        return this.call(n, depth);
    }
    return '*';
  }

  private member(n: SyntaxNode, depth: number): string {
    const last = n.lastChild;
    const dotted = dottedName(this.ctx.text, n);
    if (dotted && APP_ATTRS.test(dotted)) return APP;
    // os.environ['X'], app.config['UPLOAD_FOLDER'] (set once in this file: `app.config['UPLOAD_FOLDER'] = …`)
    if (last?.name === ']') {
      const obj = dottedName(this.ctx.text, n.firstChild);
      if (obj && resolveName(obj, this.ctx.bindings) === 'os.environ') return ENV;
      // Path(__file__).resolve().parents[2]: the third folder up.
      const up = n.firstChild;
      const index = up?.nextSibling?.nextSibling;
      if (
        up?.name === 'MemberExpression' &&
        up.lastChild &&
        this.s(up.lastChild) === 'parents' &&
        index?.name === 'Number'
      ) {
        let dir = this.eval(up.firstChild, depth + 1);
        for (let i = 0; i <= Math.min(Number(this.s(index)) || 0, 8); i++) dir = dirname(dir);
        return dir;
      }
      const key = stringValue(this.ctx.text, n.firstChild?.nextSibling?.nextSibling);
      if (!obj || !/(^|\.)config$/.test(obj) || key === undefined) return '*';
      const set = this.ctx.assignments.filter((a) => {
        const t = a.firstChild;
        return (
          t?.name === 'MemberExpression' &&
          /(^|\.)config$/.test(dottedName(this.ctx.text, t.firstChild) ?? '') &&
          stringValue(this.ctx.text, t.firstChild?.nextSibling?.nextSibling) === key
        );
      });
      return set.length === 1 ? this.eval(set[0].lastChild, depth + 1) : '*';
    }
    if (last?.name === 'PropertyName' && this.s(last) === 'parent') return dirname(this.eval(n.firstChild, depth + 1));
    return '*';
  }

  private call(n: SyntaxNode, depth: number): string {
    const callee = n.firstChild;
    const written = dottedName(this.ctx.text, callee);
    const args = callArgs(this.ctx.text, n);
    const argv = () => args.positional.map((a) => this.eval(a, depth + 1));
    if (written) {
      const name = resolveName(written, this.ctx.bindings);
      if (ENV_CALLS.has(name)) return ENV;
      // django-environ / environs: env('DIR'), env.str('DIR', default=…), env.path('DIR')
      if (/^(env|environ)(\.\w+)?$/.test(written) && args.positional[0]?.name === 'String') return ENV;
      if (name === 'os.getcwd' || name === 'pathlib.Path.cwd') return APP;
      if (name === 'tempfile.gettempdir' || name === 'tempfile.mkdtemp') return TMP;
      if (name === 'os.path.join') return argv().reduce((acc, a) => (isAbsolute(a) ? a : `${acc}/${a}`));
      if (name === 'os.path.dirname') return dirname(this.eval(args.positional[0], depth + 1));
      if (PASS_THROUGH.has(name) || PATH_CLASSES.has(name)) {
        const parts = argv();
        return parts.length ? parts.reduce((acc, a) => (isAbsolute(a) ? a : `${acc}/${a}`)) : APP;
      }
    }
    // x.resolve(), x.absolute(), x.joinpath('a', 'b')
    if (callee?.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName') {
      const method = this.s(callee.lastChild);
      if (method === 'resolve' || method === 'absolute' || method === 'expanduser')
        return this.eval(callee.firstChild, depth + 1);
      if (method === 'joinpath') return [this.eval(callee.firstChild, depth + 1), ...argv()].join('/');
    }
    return argv().some((a) => a.includes(ENV)) ? ENV : '*';
  }

  /**
   * A name assigned once: earlier in the function that uses it (a parameter of that name is not known), else at
   * module level.
   */
  private constant(at: SyntaxNode, name: string, depth: number): string {
    const assigned = this.ctx.assignments.filter((a) => {
      const t = a.firstChild;
      return (
        t?.name === 'VariableName' &&
        this.s(t) === name &&
        childrenOf(a).filter((k) => k.name === 'AssignOp').length === 1
      );
    });
    for (let p = at.parent; p; p = p.parent) {
      if (p.name !== 'FunctionDefinition') continue;
      const params = p.getChild('ParamList');
      if (params && childrenOf(params).some((k) => k.name === 'VariableName' && this.s(k) === name)) return '*';
      const local = assigned.filter((a) => enclosingDef(a)?.from === p.from);
      if (!local.length) continue;
      if (local.length !== 1 || local[0].to > at.from) return '*';
      return this.eval(local[0].lastChild, depth + 1);
    }
    const top = assigned.filter((a) => !enclosingDef(a));
    if (top.length !== 1) return '*';
    return this.eval(top[0].lastChild, depth + 1);
  }
}

function enclosingDef(n: SyntaxNode): SyntaxNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') return p;
  return undefined;
}

function isAbsolute(s: string): boolean {
  return s.startsWith('/') || s.startsWith(APP) || s.startsWith(TMP) || s.startsWith(ENV);
}

function dirname(s: string): string {
  const i = s.lastIndexOf('/');
  return i > 0 ? s.slice(0, i) : i === 0 ? '/' : s === APP ? APP : '.';
}

export function pyPathShape(expr: SyntaxNode, ctx: PathContext): PathShape {
  const raw = new Evaluator(ctx).eval(expr, 0).replace(/\/{2,}/g, '/');
  const fromEnv = raw.includes(ENV);
  let base: PathShape['base'];
  if (raw.startsWith(APP)) base = 'app';
  else if (raw.startsWith(TMP) || /^\/(var\/)?tmp(\/|$)/.test(raw)) base = 'tmp';
  else if (raw.startsWith('/')) base = 'absolute';
  else if (raw.startsWith('*') || raw.startsWith(ENV) || raw === '' || /^[A-Za-z]:[\\/]|^~/.test(raw)) base = 'unknown';
  else base = 'app';
  const segments = raw.split('/').filter((s) => s && s !== '.' && s !== '..' && s !== APP && s !== TMP && s !== ENV);
  return { base, segments, fromEnv };
}

/** A shape's path as people would write it, for messages: `./uploads/*`. */
export function displayPyPath(shape: PathShape): string {
  return shape.base === 'app' ? `./${shape.segments.join('/')}` : `/${shape.segments.join('/')}`;
}
