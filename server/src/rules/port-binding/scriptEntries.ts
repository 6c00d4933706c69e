// Python servers in a module's `if __name__ == "__main__":` block (or its module level) bound to loopback: local
// development while production imports the module by path (gunicorn, uvicorn), but the production server itself when
// a declared process runs the module as `__main__` (`CMD ["python", "-m", "app.main"]`, `web: python server.py`).
import * as path from 'path';
import type { ProjectContext } from '../../core/types';
import { PORT_BINDINGS, type ScriptEntryBind } from '../../facts/ports';
import { pythonProcesses, type PyProcess } from '../../model/pyProcesses';
import { isExamplePath, isTestPath } from '../../core/paths';
import { toPosix } from '../../util/text';
import { startsProxy } from './commandServers';

export interface ScriptEntryServer {
  process: PyProcess;
  file: string;
  bind: ScriptEntryBind;
}

/** The script-entry servers of the modules production processes run as `__main__` (none behind a proxy). */
export function productionScriptEntries(ctx: ProjectContext): ScriptEntryServer[] {
  const out: ScriptEntryServer[] = [];
  const seen = new Set<string>();
  const processes = pythonProcesses(ctx.project, ctx.workspace.root, ctx.facts, ctx.read);
  for (const p of processes) {
    // A worker's own loopback server (metrics for a sidecar) is no service the platform routes to.
    if (p.type !== 'web' || !p.asScript || !p.entry || seen.has(p.entry)) continue;
    const rel = toPosix(path.relative(ctx.project.root, p.entry));
    if (isTestPath(rel) || isExamplePath(rel)) continue;
    const binds = ctx.fact(p.entry, PORT_BINDINGS)?.scriptEntry;
    if (!binds?.length) continue;
    seen.add(p.entry);
    for (const bind of binds) out.push({ process: p, file: p.entry, bind });
  }
  // nginx (or a supervisor) started beside the app takes the platform's port: the app's own address is internal.
  return out.length && startsProxy(ctx) ? [] : out;
}
