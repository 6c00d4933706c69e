// The ports a Python file's servers bind (facts/ports.ts's PORT_BINDINGS), and the hosts they bind to, for the
// port-binding rules: Flask/Quart/Sanic/Dash/Flask-SocketIO `run()`, `uvicorn.run`/`uvicorn.Config`, aiohttp's
// `web.run_app`, waitress `serve`, werkzeug `run_simple`, wsgiref `make_server`, `HTTPServer((host, port), …)` and
// the other socketserver/gevent/eventlet servers, tornado's `listen`, bottle's and bjoern's `run`, hypercorn's
// `config.bind` and a gunicorn config module's `bind`. Explicit library calls only: precision over recall.
// A development server is left out (`debug=True`, `reload=True`, a dev-only branch, or a script entry bound to
// loopback: see devOnly.ts), and so is a port read from the environment with a literal default.
import type { LiteralPort, PortBindings, ScriptEntryBind } from '../../facts/ports';
import { LOOPBACK } from '../../detect/urls';
import { LineIndex } from '../../util/text';
import type { SyntaxNode } from './parse';
import { callArgs, childrenOf, dottedName, importBindings, resolveName, stringValue, type PyIndex } from './syntax';
import { inScriptEntry, isDevOnly, mainCalls } from './devOnly';

/** Where a server call takes its host and port: keyword names and positional indexes. */
interface Signature {
  host?: string[];
  port?: string[];
  hostAt?: number;
  portAt?: number;
  /** The first argument (or `hostAt`) is a `(host, port)` address tuple. */
  address?: number;
  /** `listen='host:port'` strings (waitress). */
  listen?: string;
  /** Binds 127.0.0.1 when no host is given (Flask, uvicorn, Sanic, bottle, …). */
  loopbackDefault?: boolean;
}

const RUN: Signature = { host: ['host'], port: ['port'], hostAt: 0, portAt: 1, loopbackDefault: true };
/** Module functions (resolved through the imports) that start a server. */
const SERVER_FUNCTIONS: ReadonlyMap<string, Signature> = new Map([
  ['uvicorn.run', { host: ['host'], port: ['port'], loopbackDefault: true }],
  ['uvicorn.Config', { host: ['host'], port: ['port'], loopbackDefault: true }],
  ['uvicorn.config.Config', { host: ['host'], port: ['port'], loopbackDefault: true }],
  ['aiohttp.web.run_app', { host: ['host'], port: ['port'] }],
  // aiohttp's low-level server: `web.TCPSite(runner, host, port)`.
  ['aiohttp.web.TCPSite', { host: ['host'], port: ['port'], hostAt: 1, portAt: 2 }],
  ['aiohttp.web_runner.TCPSite', { host: ['host'], port: ['port'], hostAt: 1, portAt: 2 }],
  ['waitress.serve', { host: ['host'], port: ['port'], listen: 'listen' }],
  ['werkzeug.serving.run_simple', { host: ['hostname'], port: ['port'], hostAt: 0, portAt: 1 }],
  ['wsgiref.simple_server.make_server', { host: ['host'], port: ['port'], hostAt: 0, portAt: 1 }],
  ['bottle.run', { host: ['host'], port: ['port'], loopbackDefault: true }],
  ['bjoern.run', { host: ['host'], port: ['port'], hostAt: 1, portAt: 2 }],
  ['http.server.HTTPServer', { address: 0 }],
  ['http.server.ThreadingHTTPServer', { address: 0 }],
  ['socketserver.TCPServer', { address: 0 }],
  ['socketserver.ThreadingTCPServer', { address: 0 }],
  ['gevent.pywsgi.WSGIServer', { address: 0 }],
  ['eventlet.listen', { address: 0 }],
]);
/** Classes whose instances' `run()` (or `listen()`) serve, with that method's signature. */
const SERVING_METHODS: ReadonlyMap<string, [string, Signature]> = new Map([
  ['flask.Flask', ['run', RUN]],
  ['quart.Quart', ['run', RUN]],
  ['sanic.Sanic', ['run', RUN]],
  ['dash.Dash', ['run', { host: ['host'], port: ['port'], loopbackDefault: true }]],
  ['flask_socketio.SocketIO', ['run', { host: ['host'], port: ['port'], hostAt: 1, portAt: 2, loopbackDefault: true }]],
  ['tornado.web.Application', ['listen', { host: ['address'], port: ['port'], portAt: 0, hostAt: 1 }]],
  ['tornado.httpserver.HTTPServer', ['listen', { host: ['address'], port: ['port'], portAt: 0, hostAt: 1 }]],
]);
/** `x.run(port=…)` on an object of unknown class serves when the file imports one of these or the name says app. */
const WEB_MODULES =
  /^(flask|quart|sanic|dash|bottle|fastapi|starlette|aiohttp|tornado|flask_socketio|socketio|falcon|litestar)(\.|$)/;
const APP_NAME = /(^|_)(app|application|server|api|socketio|sio)$/i;
/** Keyword arguments that make a server a development one: the debugger or the reloader. */
const DEV_KEYWORDS = new Set(['debug', 'reload', 'use_reloader', 'use_debugger', 'dev', 'auto_reload']);
/** Module-level names of gunicorn settings: a module that sets `bind` and one of these is a gunicorn config file. */
const GUNICORN_SETTINGS = new Set([
  'workers',
  'worker_class',
  'threads',
  'timeout',
  'graceful_timeout',
  'keepalive',
  'accesslog',
  'errorlog',
  'loglevel',
  'preload_app',
  'max_requests',
  'max_requests_jitter',
  'worker_connections',
  'wsgi_app',
  'backlog',
  'reload',
  'capture_output',
  'forwarded_allow_ips',
  'proxy_allow_ips',
  'worker_tmp_dir',
]);

/** One place a server is told where to listen. */
export interface PyServerBind {
  /** The call (or `bind = …` statement) that starts or configures the server. */
  node: SyntaxNode;
  /** A literal port, where written (a constant's value when the argument is a name bound once to a literal). */
  port?: SyntaxNode;
  portText?: string;
  /** A loopback host literal, where written. */
  host?: SyntaxNode;
  hostText?: string;
  /** The port and host are one `host:port` string (gunicorn's and hypercorn's `bind`, waitress's `listen`). */
  bindString?: boolean;
  /** A local development server: the debugger or reloader on, a dev-only branch, or a script entry on loopback. */
  dev: boolean;
  /**
   * Development only because it is a script entry on loopback: when a production process runs the module as
   * `__main__` (`python -m app.main`), it is the production server (model/pyProcesses.ts).
   */
  scriptEntry?: true;
}

/** A port written as a literal: `8000`, `'8000'`. */
function portValue(text: string, node: SyntaxNode): string | undefined {
  const raw = node.name === 'Number' ? text.slice(node.from, node.to) : stringValue(text, node);
  if (raw === undefined || !/^\d{2,5}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 && n < 65536 ? String(n) : undefined;
}

/** `host:port`, `[::1]:8000`, `:8000` (not `unix:/path`, not `fd://3`). */
function splitBind(value: string): { host: string; port: string } | undefined {
  const m = /^(\[[^\]]*\]|[^:[\]]*):(\d{2,5})$/.exec(value.trim());
  return m && Number(m[2]) > 0 && Number(m[2]) < 65536 ? { host: m[1], port: m[2] } : undefined;
}

/** The file's reading of its own names: a name bound exactly once, by `name = value`, to that value. */
function constants(text: string, idx: PyIndex): Map<string, SyntaxNode> {
  const seen = new Map<string, SyntaxNode | null>();
  for (const a of idx.assignments) {
    const kids = childrenOf(a);
    const eq = kids.findIndex((k) => k.name === 'AssignOp');
    if (eq < 0) continue;
    const value = kids[kids.length - 1];
    for (const t of kids.slice(0, eq)) {
      if (t.name !== 'VariableName') continue;
      const name = text.slice(t.from, t.to);
      // A second binding (or `a = b = 1` chains counted once each) leaves the name unknown.
      seen.set(name, seen.has(name) || eq !== kids.length - 2 ? null : value);
    }
  }
  const out = new Map<string, SyntaxNode>();
  for (const [k, v] of seen) if (v) out.set(k, v);
  return out;
}

export function pyServerBinds(text: string, idx: PyIndex): PyServerBind[] {
  const bindings = importBindings(text, idx.imports);
  const consts = constants(text, idx);
  const importsWeb = [...bindings.values()].some((m) => WEB_MODULES.test(m));
  // `app = Flask(__name__)`: what each name was made from (any scope: an app factory makes it inside a function).
  const made = new Map<string, string>();
  for (const [name, value] of consts) {
    if (value.name !== 'CallExpression') continue;
    const cls = dottedName(text, value.firstChild);
    if (cls) made.set(name, resolveName(cls, bindings));
  }
  for (const a of idx.assignments) {
    const kids = childrenOf(a);
    if (kids.length === 3 && kids[0].name === 'VariableName' && kids[2].name === 'CallExpression') {
      const cls = dottedName(text, kids[2].firstChild);
      const name = text.slice(kids[0].from, kids[0].to);
      if (cls && !made.has(name)) made.set(name, resolveName(cls, bindings));
    }
  }
  /** A constant's value through names bound once: `PORT = 8000`, `ADDRESS = ('', PORT)`. */
  const valueOf = (node: SyntaxNode | undefined): SyntaxNode | undefined => {
    let n = node;
    for (let i = 0; n && i < 3; i++) {
      if (n.name === 'ParenthesizedExpression' && n.firstChild?.nextSibling) n = n.firstChild.nextSibling;
      else if (n.name === 'VariableName' && consts.has(text.slice(n.from, n.to)))
        n = consts.get(text.slice(n.from, n.to));
      else if (n.name === 'CallExpression' && /^(int|str)$/.test(dottedName(text, n.firstChild) ?? '')) {
        const args = callArgs(text, n);
        if (args.positional.length !== 1 || args.keywords.size) return undefined;
        n = args.positional[0];
      } else break;
    }
    return n;
  };
  const out: PyServerBind[] = [];
  let entry: Set<string> | undefined;
  const add = (node: SyntaxNode, sig: Signature) => {
    const args = callArgs(text, node);
    const arg = (names: string[] | undefined, at: number | undefined) => {
      for (const k of names ?? []) if (args.keywords.has(k)) return args.keywords.get(k);
      return at === undefined ? undefined : args.positional[at];
    };
    const bind: PyServerBind = { node, dev: false };
    let hostNode = arg(sig.host, sig.hostAt);
    let portNode = arg(sig.port, sig.portAt);
    if (sig.address !== undefined) {
      const tuple = valueOf(args.positional[sig.address] ?? args.keywords.get('server_address'));
      if (tuple?.name === 'TupleExpression') {
        const items = childrenOf(tuple).filter((c) => !/^[(),]$/.test(c.name));
        if (items.length === 2) [hostNode, portNode] = items;
      }
    }
    const listen = sig.listen ? stringValue(text, valueOf(args.keywords.get(sig.listen))) : undefined;
    const listenParts = listen !== undefined ? splitBind(listen) : undefined;
    const port = valueOf(portNode);
    const portText = port && portValue(text, port);
    if (port && portText) Object.assign(bind, { port, portText });
    else if (listenParts) {
      Object.assign(bind, {
        port: valueOf(args.keywords.get(sig.listen!)),
        portText: listenParts.port,
        bindString: true,
      });
    }
    const host = valueOf(hostNode);
    const hostText = host ? stringValue(text, host) : listenParts?.host;
    if (hostText !== undefined && LOOPBACK.has(hostText)) {
      bind.host = host ?? valueOf(args.keywords.get(sig.listen!));
      bind.hostText = hostText;
    }
    const devFlag = [...args.keywords].some(
      ([k, v]) => DEV_KEYWORDS.has(k) && v.name === 'Boolean' && text.slice(v.from, v.to) === 'True',
    );
    const loopback = !!bind.host || (sig.loopbackDefault === true && !hostNode && !listen && !args.spread);
    entry ??= mainCalls(text, idx.calls);
    const devCode = devFlag || isDevOnly(text, node);
    const script = loopback && inScriptEntry(text, node, entry);
    bind.dev = devCode || script;
    if (script && !devCode) bind.scriptEntry = true;
    out.push(bind);
  };

  for (const call of idx.calls) {
    const callee = call.firstChild;
    const dotted = dottedName(text, callee);
    if (dotted !== undefined) {
      const fn = SERVER_FUNCTIONS.get(resolveName(dotted, bindings));
      if (fn) {
        add(call, fn);
        continue;
      }
    }
    if (callee?.name !== 'MemberExpression' || callee.lastChild?.name !== 'PropertyName') continue;
    const method = text.slice(callee.lastChild.from, callee.lastChild.to);
    if (method !== 'run' && method !== 'run_server' && method !== 'listen') continue;
    // The receiver: a name made from a serving class, or a constructor call (`Flask(__name__).run()`).
    const recv = callee.firstChild;
    const recvName = recv ? dottedName(text, recv) : undefined;
    let cls: string | undefined;
    if (recvName !== undefined) cls = made.get(recvName);
    else if (recv?.name === 'CallExpression') {
      const ctor = dottedName(text, recv.firstChild);
      cls = ctor && resolveName(ctor, bindings);
    }
    const known = cls ? SERVING_METHODS.get(cls) : undefined;
    if (known) {
      if (known[0] === method || (method === 'run_server' && cls === 'dash.Dash')) add(call, known[1]);
      continue;
    }
    // `create_app().run(port=5000)`, `app.run(host=…, port=…)` with the app made elsewhere: keywords only.
    if (method === 'listen' || cls) continue;
    const args = callArgs(text, call);
    const last = recvName?.split('.').pop() ?? '';
    if (args.keywords.has('port') && (importsWeb || APP_NAME.test(last) || recv?.name === 'CallExpression'))
      add(call, { host: ['host'], port: ['port'] });
  }

  // hypercorn: `config = Config(); config.bind = ['0.0.0.0:8000']`; gunicorn config modules: `bind = '0.0.0.0:8000'`.
  const moduleNames = new Set<string>();
  for (const a of idx.assignments) {
    const first = a.firstChild;
    if (a.parent?.name === 'Script' && first?.name === 'VariableName')
      moduleNames.add(text.slice(first.from, first.to));
  }
  const gunicornConfig = moduleNames.has('bind') && [...moduleNames].some((n) => GUNICORN_SETTINGS.has(n));
  for (const a of idx.assignments) {
    const kids = childrenOf(a);
    if (kids.length !== 3 || kids[1].name !== 'AssignOp') continue;
    const target = kids[0];
    let isBind = false;
    if (target.name === 'VariableName' && text.slice(target.from, target.to) === 'bind')
      isBind = gunicornConfig && a.parent?.name === 'Script';
    else if (target.name === 'MemberExpression' && target.lastChild?.name === 'PropertyName') {
      const owner = dottedName(text, target.firstChild);
      const prop = text.slice(target.lastChild.from, target.lastChild.to);
      isBind = prop === 'bind' && !!owner && /^hypercorn\.(config\.)?Config$/.test(made.get(owner) ?? '');
    }
    if (!isBind) continue;
    const value = valueOf(kids[2]);
    const items =
      value?.name === 'ArrayExpression' || value?.name === 'TupleExpression'
        ? childrenOf(value).filter((c) => !/^[()[\],]$/.test(c.name))
        : value
          ? [value]
          : [];
    for (const item of items) {
      const s = valueOf(item);
      const parts = s && stringValue(text, s) !== undefined ? splitBind(stringValue(text, s)!) : undefined;
      const bind: PyServerBind = { node: a, dev: isDevOnly(text, a), bindString: true };
      // gunicorn on loopback is the reverse proxy on the same host setup (gunicorn's own deployment guide): the
      // port is the proxy's to know, not the platform's. Without the process model, nothing says it runs in a container.
      const behindProxy = target.name === 'VariableName' && !!parts && LOOPBACK.has(parts.host);
      if (parts && s && !behindProxy) {
        bind.port = s;
        bind.portText = String(Number(parts.port));
        if (LOOPBACK.has(parts.host)) Object.assign(bind, { host: s, hostText: parts.host });
      }
      out.push(bind);
    }
  }
  return out;
}

/** PORT_BINDINGS for a Python file: whether it starts a server, and the literal ports of its production servers. */
export function pyPortBindings(text: string, idx: PyIndex): PortBindings | undefined {
  if (!/port|bind|listen|serve|run|Server/.test(text)) return undefined;
  const binds = pyServerBinds(text, idx);
  if (!binds.length) return undefined;
  const out: PortBindings = { server: true };
  const literals: LiteralPort[] = [];
  const scriptEntry: ScriptEntryBind[] = [];
  const seen = new Set<number>();
  const lines = new LineIndex(text);
  for (const b of binds) {
    if (b.scriptEntry) {
      const port = b.port && b.portText ? b.port : undefined;
      const entry: ScriptEntryBind = {};
      if (port)
        entry.literal = {
          range: lines.range(port.from, port.to),
          port: b.portText!,
          numeric: port.name === 'Number',
          ...(b.bindString ? { bind: true as const } : {}),
        };
      if (b.host && b.hostText) entry.host = { range: lines.range(b.host.from, b.host.to), host: b.hostText };
      if (entry.literal || entry.host) scriptEntry.push(entry);
      continue;
    }
    if (b.dev || !b.port || !b.portText || seen.has(b.port.from)) continue;
    seen.add(b.port.from);
    literals.push({
      range: lines.range(b.port.from, b.port.to),
      port: b.portText,
      numeric: b.port.name === 'Number',
      ...(b.bindString ? { bind: true as const } : {}),
    });
  }
  if (literals.length) out.literals = literals;
  if (scriptEntry.length) out.scriptEntry = scriptEntry;
  return out;
}
