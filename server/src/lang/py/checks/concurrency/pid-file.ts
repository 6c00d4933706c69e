// concurrency/pid-file in Python: a process writing its own PID to a file (`f.write(str(os.getpid()))` on a file
// opened with `open()`, `Path(…).write_text(str(os.getpid()))`, an `open('….pid', 'w')`), the PID-file helpers of
// the daemon libraries (python-daemon's `DaemonContext(pidfile=…)` and PIDLockFile, `pid.PidFile`, daemonize's
// `Daemonize(pid=…)`), and `pidfile = '…'` in a gunicorn config module. Tests, examples and tooling scripts are not
// the app's processes; printing the PID or logging it is no file.
import type { SyntaxNode } from '../../parse';
import { pyCheck } from '../../context';
import { callArgs, childrenOf, dottedName, importBindings, resolveName, stringValue } from '../../syntax';
import { assignParts, isModuleLevel } from '../../values';
import { displayPyPath, pyPathShape, type PathContext } from '../../pathShape';
import { isPyAppCode } from '../appFiles';

type Id = 'write' | 'writeTo' | 'package' | 'pyConfig';

/** PID-file classes and functions of the daemon libraries, by resolved name, with the distribution they are from. */
const PID_HELPERS: [RegExp, string][] = [
  [/^daemon\.pidfile\.(TimeoutPIDLockFile|PIDLockFile)$|^daemon\.pidlockfile\.PIDLockFile$/, 'python-daemon'],
  [/^lockfile\.pidlockfile\.PIDLockFile$/, 'lockfile'],
  [/^pid\.(PidFile|decorator\.pidfile)$|^pid\.base\.PidFile$/, 'pid'],
  [/^pidfile\.PIDFile$/, 'pidfile'],
];
/** Calls that take a PID file by keyword: python-daemon's `DaemonContext(pidfile=…)`, daemonize's `Daemonize(pid=…)`. */
const PID_KEYWORD: [RegExp, string, string][] = [
  [/^daemon\.DaemonContext$/, 'pidfile', 'python-daemon'],
  [/^daemonize\.Daemonize$/, 'pid', 'daemonize'],
];

export const pidFilePy = pyCheck<Id>({
  trigger: /getpid|\.pid\b|pidfile|PIDLockFile|PidFile|Daemonize/i,
  check(ctx) {
    if (!isPyAppCode(ctx)) return;
    const text = ctx.text;
    const bindings = importBindings(text, ctx.index.imports);
    const resolve = (n: SyntaxNode | null | undefined) => {
      const d = dottedName(text, n);
      return d === undefined ? undefined : resolveName(d, bindings);
    };
    const pathCtx: PathContext = { text, bindings, assignments: ctx.index.assignments };
    const reported = new Set<number>();
    const report = (node: SyntaxNode, messageId: Id, data: Record<string, string> = {}) => {
      const line = ctx.rangeOf(node).start.line;
      if (reported.has(line)) return;
      reported.add(line);
      // The finding's kind, as the JS check's: a helper package, or a file write.
      const kind = data.package ? 'package' : 'fs';
      ctx.report(node, { messageId, data }, { data: { kind } });
    };
    const isGetpid = (n: SyntaxNode) => n.name === 'CallExpression' && resolve(n.firstChild) === 'os.getpid';
    /** Data that is just the PID: `str(os.getpid())`, `f"{os.getpid()}\n"`, `"%d" % os.getpid()`, `os.getpid()`. */
    const getpids = ctx.index.calls.filter(isGetpid).sort((a, b) => a.from - b.from);
    const isPidData = (n: SyntaxNode | undefined): boolean => {
      // Short by nature; the bound keeps a hostile file of many writes from scanning every call for each.
      if (!n || n.to - n.from > 80) return false;
      let lo = 0;
      for (let hi = getpids.length; lo < hi;) {
        const mid = (lo + hi) >> 1;
        if (getpids[mid].from < n.from) lo = mid + 1;
        else hi = mid;
      }
      const calls: SyntaxNode[] = [];
      for (let i = lo; i < getpids.length && getpids[i].from < n.to; i++)
        if (getpids[i].to <= n.to) calls.push(getpids[i]);
      if (calls.length !== 1) return false;
      const rest = text.slice(n.from, calls[0].from) + text.slice(calls[0].to, n.to);
      return rest.length < 40 && /^(str|format|encode|[\s(){}"'%dnsfb\\+.,])*$/.test(rest);
    };
    /** `open(path, 'w')` (or 'a'), with its path: a file opened for writing. */
    const openForWrite = (n: SyntaxNode | null | undefined): SyntaxNode | undefined => {
      if (n?.name !== 'CallExpression' || !/^(open|io\.open|builtins\.open)$/.test(resolve(n.firstChild) ?? ''))
        return undefined;
      const args = callArgs(text, n);
      const mode = stringValue(text, args.keywords.get('mode') ?? args.positional[1]);
      return mode && /[wax]/.test(mode) ? (args.keywords.get('file') ?? args.positional[0]) : undefined;
    };
    // Names bound to a file opened for writing: `with open(p, 'w') as fh:`, `fh = open(p, 'w')`.
    const files = new Map<string, SyntaxNode>();
    ctx.tree.iterate({
      enter: (ref) => {
        if (ref.name !== 'WithStatement') return undefined;
        const kids = childrenOf(ref.node);
        for (let i = 0; i + 2 < kids.length; i++) {
          const target = kids[i + 2];
          const path = openForWrite(kids[i]);
          if (path && kids[i + 1].name === 'as' && target.name === 'VariableName')
            files.set(text.slice(target.from, target.to), path);
        }
        return undefined;
      },
    });
    for (const a of ctx.index.assignments) {
      const parts = assignParts(a);
      const path = parts && openForWrite(parts.value);
      const t = parts?.targets[0];
      if (path && t?.name === 'VariableName') files.set(text.slice(t.from, t.to), path);
    }
    const where = (path: SyntaxNode | undefined): string | undefined => {
      if (!path) return undefined;
      const shape = pyPathShape(path, pathCtx);
      const last = shape.segments[shape.segments.length - 1] ?? '';
      return /^[^*]+$/.test(last) ? displayPyPath(shape) : undefined;
    };
    const writeReport = (call: SyntaxNode, path: SyntaxNode | undefined) => {
      const file = where(path);
      if (file) report(call, 'writeTo', { file });
      else report(call, 'write');
    };

    for (const call of ctx.index.calls) {
      const callee = call.firstChild;
      const resolved = resolve(callee) ?? '';
      const args = callArgs(text, call);
      const helper = PID_HELPERS.find(([re]) => re.test(resolved));
      if (helper) {
        report(call, 'package', { package: helper[1] });
        continue;
      }
      const keyword = PID_KEYWORD.find(([re]) => re.test(resolved));
      if (keyword) {
        const v = args.keywords.get(keyword[1]);
        if (v && text.slice(v.from, v.to) !== 'None') report(v, 'package', { package: keyword[2] });
        continue;
      }
      if (callee?.name !== 'MemberExpression') {
        // print(os.getpid(), file=fh)
        const out = args.keywords.get('file');
        const target = out && files.get(text.slice(out.from, out.to));
        if (resolved === 'print' && target && args.positional.length === 1 && isPidData(args.positional[0]))
          writeReport(call, target);
        continue;
      }
      const method = callee.lastChild ? text.slice(callee.lastChild.from, callee.lastChild.to) : '';
      const receiver = callee.firstChild;
      if (method === 'write_text' || method === 'write_bytes') {
        // Path('/run/worker.pid').write_text(str(os.getpid())): pathlib's write of the PID.
        if (isPidData(args.positional[0] ?? args.keywords.get('data'))) writeReport(call, receiver ?? undefined);
      } else if (method === 'write' && receiver) {
        const path =
          openForWrite(receiver) ??
          (receiver.name === 'VariableName' ? files.get(text.slice(receiver.from, receiver.to)) : undefined);
        if (path && isPidData(args.positional[0])) writeReport(call, path);
      }
    }
    // open('/var/run/app.pid', 'w') whose writes this check could not read (a PID held in a variable), unless the
    // file's PID write was found already.
    if (!reported.size)
      for (const call of ctx.index.calls) {
        const path = openForWrite(call);
        if (path && /\.pid$/i.test(where(path) ?? '')) writeReport(call, path);
      }
    // gunicorn.conf.py: `pidfile = '/tmp/gunicorn.pid'`.
    if (/(^|\/)gunicorn[\w.-]*\.py$|(^|\/)[\w-]*gunicorn\.py$/i.test(ctx.rel))
      for (const a of ctx.index.assignments) {
        const parts = assignParts(a);
        const t = parts?.targets[0];
        if (!parts || t?.name !== 'VariableName' || text.slice(t.from, t.to) !== 'pidfile' || !isModuleLevel(a))
          continue;
        const file = stringValue(text, parts.value);
        if (file && file !== '/dev/null') report(parts.value, 'pyConfig', { file });
      }
  },
});
