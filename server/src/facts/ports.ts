// The ports a file's servers bind: a fact the language adapters extract for the port-binding rules and
// unpinned-engines (whether a file starts a server, literal ports it binds, and ports written as literals in a config
// module and bound to in another file, which hardcoded-port's project half joins through the module graph).
import type { ProjectContext, Range } from '../core/types';
import { defineFact } from '../core/facts';

/** A literal port a module exports, by the member path an importer reads it at (`config.port` → ['config', 'port']). */
export interface PortExport {
  path: string[];
  port: string;
  range: Range;
}
/** An imported value a server binds to: `listen(config.port)` with `config` from './config'. */
export interface PortUse {
  specifier: string;
  path: string[];
  range: Range;
}

/** A literal port a server binds in this file; hardcoded-port's project half reports it, knowing whether this is an app. */
export interface LiteralPort {
  range: Range;
  port: string;
  numeric: boolean;
  /** The port is part of a `host:port` bind string (gunicorn's `bind`), not a value of its own. */
  bind?: true;
}

export interface PortBindings {
  /** The file starts a server (tests too: whether a project serves at all). */
  server?: true;
  /** Not in tests and examples: */
  exports?: PortExport[];
  uses?: PortUse[];
  literals?: LiteralPort[];
  /**
   * Python: servers in the module's script entry (`if __name__ == "__main__":`) bound to loopback, left out of
   * `literals` as local development unless a production process runs the module as `__main__` (model/pyProcesses.ts).
   */
  scriptEntry?: ScriptEntryBind[];
}

/** A script-entry server's literal port and loopback host, where written. */
export interface ScriptEntryBind {
  literal?: LiteralPort;
  host?: { range: Range; host: string };
}

export const PORT_BINDINGS = defineFact<PortBindings>('port-bindings', 2);

/** Whether an export at `path` is what an importer reads at `use` (a namespace import also sees `default`). */
export function sameMember(exp: string[], use: string[]): boolean {
  const a = exp.join('.');
  return a === use.join('.') || (use[0] === 'default' && a === use.slice(1).join('.'));
}

/** A config-module port that a server binds to: where the literal is, and which file binds it through which member. */
export interface BoundPort {
  target: string;
  exp: PortExport;
  src: string;
  use: PortUse;
}

/** The config-module ports the servers in `sources` bind to, each once. */
export function boundConfigPorts(
  sources: Iterable<string>,
  factsOf: (p: string) => PortBindings | undefined,
  graph: { resolve(from: string, specifier: string): string | null | undefined },
): BoundPort[] {
  const out: BoundPort[] = [];
  const done = new Set<string>();
  for (const src of sources) {
    for (const use of factsOf(src)?.uses ?? []) {
      const target = graph.resolve(src, use.specifier);
      if (!target) continue;
      const exp = (factsOf(target)?.exports ?? []).find((e) => sameMember(e.path, use.path));
      const key = exp && `${target}:${exp.range.start.line}:${exp.range.start.character}`;
      if (!exp || !key || done.has(key)) continue;
      done.add(key);
      out.push({ target, exp, src, use });
    }
  }
  return out;
}

/** Whether a file of the project starts a server (for rules that apply only then). */
export function startsServerIn(ctx: ProjectContext): boolean {
  return ctx.project.sources.some((p) => ctx.fact(p, PORT_BINDINGS)?.server === true);
}
