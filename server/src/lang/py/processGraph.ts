// The process-graph fact of a Python file (facts/processGraph.ts): the servers and workers it starts, by explicit
// library calls only (precision over recall), and the functions it calls that it imported from its own package
// (relative imports: absolute ones need the project model to tell the app's own modules from installed ones).
import type { GraphFact } from '../../facts/processGraph';
import type { SyntaxNode } from './parse';
import { childrenOf, dottedName, importBindings, importGroups, resolveName, type PyIndex } from './syntax';

/** Calls that start a server whatever they are called on. */
const SERVER_CALLS = new Set([
  'uvicorn.run',
  'waitress.serve',
  'aiohttp.web.run_app',
  'bjoern.run',
  'hypercorn.asyncio.serve',
  'hypercorn.trio.serve',
]);
/** App classes whose `run()` serves (Flask's, Quart's, Sanic's development servers, Flask-SocketIO's). */
const SERVING_APPS = new Set(['flask.Flask', 'quart.Quart', 'sanic.Sanic', 'flask_socketio.SocketIO']);
/** Class → the method that starts it as a long-running worker or scheduler. */
const WORKER_STARTS = new Map([
  ['apscheduler.schedulers.blocking.BlockingScheduler', 'start'],
  ['rq.Worker', 'work'],
  ['rq.worker.Worker', 'work'],
  ['celery.Celery', 'worker_main'],
]);
const WORKER_CALLS = new Set(['schedule.run_pending']);

export function pyProcessGraph(text: string, idx: PyIndex): GraphFact | undefined {
  const bindings = importBindings(text, idx.imports);
  // `app = Flask(__name__)`: what each name was made from.
  const made = new Map<string, string>();
  for (const a of idx.assignments) {
    const kids = childrenOf(a);
    if (kids.length !== 3 || kids[0].name !== 'VariableName' || kids[2].name !== 'CallExpression') continue;
    const cls = dottedName(text, kids[2].firstChild);
    if (cls) made.set(text.slice(kids[0].from, kids[0].to), resolveName(cls, bindings));
  }
  const local = localImports(text, idx.imports);
  const fact: GraphFact = {};
  const calls = new Set<string>();
  for (const call of idx.calls) {
    const callee = call.firstChild;
    const dotted = dottedName(text, callee);
    if (dotted === undefined) {
      // Flask(__name__).run(), Worker([q]).work(), make_server(…).serve_forever()
      if (callee?.name === 'MemberExpression') method(text, callee, dottedName(text, callee.firstChild?.firstChild));
      continue;
    }
    const resolved = resolveName(dotted, bindings);
    if (SERVER_CALLS.has(resolved)) fact.server = true;
    if (WORKER_CALLS.has(resolved)) fact.worker = true;
    if (local.has(dotted)) calls.add(dotted);
    const dot = dotted.lastIndexOf('.');
    if (dot > 0) {
      const owner = made.get(dotted.slice(0, dot));
      const name = dotted.slice(dot + 1);
      if (name === 'serve_forever') fact.server = true;
      if (owner && SERVING_APPS.has(owner) && name === 'run') fact.server = true;
      if (owner && WORKER_STARTS.get(owner) === name) fact.worker = true;
    }
  }
  function method(t: string, member: SyntaxNode, ctor: string | undefined): void {
    const name = member.lastChild ? t.slice(member.lastChild.from, member.lastChild.to) : '';
    const cls = ctor && resolveName(ctor, bindings);
    if (name === 'serve_forever') fact.server = true;
    if (cls && SERVING_APPS.has(cls) && name === 'run') fact.server = true;
    if (cls && WORKER_STARTS.get(cls) === name) fact.worker = true;
  }
  if (calls.size) fact.calls = [...calls];
  return fact.server || fact.worker || fact.calls ? fact : undefined;
}

/** Names imported from the file's own package: `from .tasks import migrate` → migrate. */
function localImports(text: string, imports: readonly SyntaxNode[]): Set<string> {
  const out = new Set<string>();
  for (const stmt of imports) {
    const kids = childrenOf(stmt);
    if (kids[0]?.name !== 'from' || !/^[.]|^Ellipsis$/.test(kids[1]?.name ?? '')) continue;
    const at = kids.findIndex((k) => k.name === 'import');
    if (at > 0) for (const g of importGroups(text, kids.slice(at + 1))) out.add(g.alias ?? g.name);
  }
  return out;
}
