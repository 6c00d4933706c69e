// port-binding/exposed-port-mismatch: the Dockerfile EXPOSEs a port the app does not listen on by default.
import * as path from 'path';
import type { Dockerfile, DockerInstruction } from '../../core/model';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { dockerVars } from '../../platform/dockerEnv';
import { fromInstructions, projectDockerfiles } from '../../ecosystem/npm/nodeVersions';
import { LineIndex } from '../../util/text';
import { moduleGraphOf, processesOf, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { PORT_BINDINGS, boundConfigPorts } from '../../facts/ports';
import { PORTS } from '../../facts/port-binding';
import { PORT_VARS } from '../../detect/envVars';
import { pythonProcesses } from '../../model/pyProcesses';
import { literalPort } from '../../platform/pyCommand';
import { startsProxy } from './commandServers';
import { exposedPortMismatchJs } from '../../lang/js/checks/port-binding/exposed-port-mismatch';

const ID = 'port-binding/exposed-port-mismatch';
/** Final-stage images that serve something else than the Node app (a static build behind nginx). */
const NON_NODE_SERVERS = /(^|\/)(nginx|httpd|caddy|traefik|envoy|haproxy|apache)(:|@|$)/i;

interface AppPort {
  port: number;
  path: string;
  rank: number;
}

/**
 * The default ports of the code an image runs: the files the Dockerfile's command reaches (across workspace
 * packages), else the project's sources. Ports in `process.env.PORT || 3000` form, `listen(3000)`, and literal
 * ports of a config module that a server there binds to.
 */
function appPorts(ctx: ProjectContext, df: Dockerfile): AppPort[] {
  const { project } = ctx;
  const runs = processesOf(project, ctx.facts, ctx.workspace).filter((p) =>
    p.origins.some((o) => o.kind === 'docker' && o.file === df.path),
  );
  const files = new Set<string>(runs.flatMap((p) => [...p.reachable]));
  if (!files.size || runs.some((p) => p.incomplete)) for (const f of project.sources) files.add(f);
  // A workspace root's image whose command could not be followed (`pnpm deploy` output, say): its members' code.
  if (!files.size && project.isWorkspaceRoot) {
    for (const m of ctx.workspace.projects) if (m.parent === project) for (const f of m.sources) files.add(f);
  }
  const sorted = [...files].sort();
  const out: AppPort[] = [];
  for (const p of sorted) {
    for (const f of ctx.fact(p, PORTS) ?? []) out.push({ port: f.port, path: p, rank: f.rank ?? 2 });
  }
  for (const b of boundConfigPorts(
    sorted,
    (p) => ctx.fact(p, PORT_BINDINGS),
    moduleGraphOf(project, ctx.facts, ctx.workspace),
  )) {
    out.push({ port: Number(b.exp.port), path: b.target, rank: 1 });
  }
  return out.sort((a, b) => a.rank - b.rank);
}

interface Stage {
  from: DockerInstruction;
  image: string;
  name?: string;
  instructions: DockerInstruction[];
}

function stagesOf(df: Dockerfile): Stage[] {
  const froms = fromInstructions(df);
  const stages: Stage[] = [];
  for (const ins of df.instructions) {
    if (ins.keyword === 'FROM') {
      const f = froms.find((x) => x.instruction === ins)!;
      stages.push({ from: ins, image: f.image, name: f.stage, instructions: [] });
    } else stages[stages.length - 1]?.instructions.push(ins);
  }
  return stages;
}

/** The port the final stage sets through `ENV PORT=…` (its own, or the stage it builds on); 'unknown' when unresolvable. */
function envPort(
  df: Dockerfile,
  text: string,
  stages: Stage[],
  vars: Map<string, string>,
): number | 'unknown' | undefined {
  const last = stages.length - 1;
  const base = stages.findIndex((s) => s.name && s.name.toLowerCase() === stages[last].image.toLowerCase());
  let port: number | 'unknown' | undefined;
  for (const v of dockerVars(df, text)) {
    if (v.keyword !== 'ENV' || !PORT_VARS.test(v.key) || v.value === undefined) continue;
    if (v.stage !== last && !(base >= 0 && v.stage === base)) continue;
    // ENV PORT=$PORT takes an ARG's default.
    const ref = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(v.value);
    const value = ref ? vars.get(ref[1]) : v.value;
    port = value !== undefined && /^\d+$/.test(value) ? Number(value) : 'unknown';
  }
  return port;
}

interface Exposed {
  port: number;
  start: number;
  end: number;
  ins: DockerInstruction;
}

function exposedPorts(stage: Stage, text: string, lines: LineIndex, vars: Map<string, string>): Exposed[] {
  const out: Exposed[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'EXPOSE') continue;
    const start = lines.offset(ins.argsRange.start);
    const src = text.slice(start, lines.offset(ins.range.end));
    for (const m of src.matchAll(/(\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|\d+)(?:-\d+)?(?:\/(?:tcp|udp))?/g)) {
      const raw = m[2] ? vars.get(m[2]) : m[1];
      if (raw === undefined || !/^\d+$/.test(raw)) continue;
      out.push({ port: Number(raw), start: start + m.index!, end: start + m.index! + m[1].length, ins });
    }
  }
  return out;
}

/**
 * Python: the literal ports the server of the image's Python process listens on — its command's bind flag
 * (`gunicorn -b 0.0.0.0:8000`), or the server the module it runs as `__main__` starts (`uvicorn.run(…, port=8000)`).
 * Undefined when the image runs no such process, or one whose port is not a literal (`$PORT`, an env read).
 */
function pythonPorts(ctx: ProjectContext, df: Dockerfile): { ports: number[]; source: string } | undefined {
  const runs = pythonProcesses(ctx.project, ctx.workspace.root, ctx.facts, ctx.read).filter(
    (p) => p.dockerfile === df.path && p.type === 'web',
  );
  const ports = new Set<number>();
  let source: string | undefined;
  for (const p of runs) {
    const literal = p.binds.map((b) => literalPort(b.port)).find((x) => x !== undefined);
    if (literal) {
      ports.add(Number(literal));
      source ??= path.basename(df.path);
      continue;
    }
    if (!p.asScript || !p.entry || p.binds.length) continue;
    const facts = ctx.fact(p.entry, PORT_BINDINGS);
    const found = [...(facts?.literals ?? []), ...(facts?.scriptEntry ?? []).flatMap((e) => e.literal ?? [])];
    for (const l of found) ports.add(Number(l.port));
    if (found.length) source ??= path.relative(ctx.project.root, p.entry).split(path.sep).join('/');
  }
  return ports.size && source ? { ports: [...ports], source } : undefined;
}

/** The Python half: an EXPOSE none of whose ports is one the image's Python server listens on. */
function pythonMismatch(ctx: ProjectContext, df: Dockerfile): boolean {
  const found = pythonPorts(ctx, df);
  const text = found && ctx.read(df.path);
  if (!found || text === undefined || startsProxy(ctx)) return false;
  const stages = stagesOf(df);
  const final = stages[stages.length - 1];
  if (!final || NON_NODE_SERVERS.test(final.image)) return true;
  const lines = LineIndex.of(text);
  const vars = new Map<string, string>();
  for (const v of dockerVars(df, text)) if (v.value !== undefined && !v.value.includes('$')) vars.set(v.key, v.value);
  const exposed = exposedPorts(final, text, lines, vars);
  if (!exposed.length || exposed.some((e) => found.ports.includes(e.port))) return true;
  const e = exposed[0];
  ctx.report(
    df.path,
    lines.range(e.start, e.end),
    {
      messageId: 'pyPort',
      data: { file: path.basename(df.path), exposed: e.port, ports: found.ports.join(' or '), source: found.source },
    },
    { data: { port: found.ports[0], exposed: e.port, effective: found.ports.length === 1 } },
  );
  return true;
}

function checkProject(ctx: ProjectContext): void {
  for (const df of projectDockerfiles(ctx.project)) {
    if (pythonMismatch(ctx, df)) continue;
    const ports = appPorts(ctx, df);
    if (!ports.length) continue;
    const text = ctx.read(df.path);
    if (text === undefined) continue;
    const stages = stagesOf(df);
    const final = stages[stages.length - 1];
    if (!final || NON_NODE_SERVERS.test(final.image) || !fromInstructions(df).some((f) => f.isNode)) continue;
    const lines = LineIndex.of(text);
    const vars = new Map<string, string>();
    for (const v of dockerVars(df, text)) if (v.value !== undefined && !v.value.includes('$')) vars.set(v.key, v.value);
    const exposed = exposedPorts(final, text, lines, vars);
    if (!exposed.length) continue;
    const fromEnv = envPort(df, text, stages, vars);
    if (fromEnv === 'unknown') continue;
    const effective = fromEnv !== undefined ? [fromEnv] : [...new Set(ports.map((p) => p.port))];
    if (exposed.some((e) => effective.includes(e.port))) continue;
    const e = exposed[0];
    const base = path.basename(df.path);
    const rel = (p: string) => {
      const r = path.relative(ctx.project.root, p);
      return (r.startsWith('..') ? path.relative(ctx.workspace.root, p) : r).split(path.sep).join('/');
    };
    const message =
      fromEnv !== undefined
        ? { messageId: 'envPort', data: { file: base, exposed: e.port, port: fromEnv } }
        : {
            messageId: 'defaultPort',
            data: {
              file: base,
              exposed: e.port,
              ports: effective.join(' or '),
              source: rel(ports.find((p) => p.port === effective[0])!.path),
            },
          };
    const target = effective[0];
    ctx.report(df.path, lines.range(e.start, e.end), message, {
      data: { port: target, exposed: e.port, effective: effective.length === 1 },
    });
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const data = finding.data as { port?: number; exposed?: number; effective?: boolean } | undefined;
  const text = ctx.read(finding.path);
  if (!data?.port || !data.effective || text === undefined) return [];
  const lines = LineIndex.of(text);
  const current = text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
  if (current !== String(data.exposed)) return [];
  return [
    {
      title: `Expose ${data.port} instead of ${data.exposed}`,
      edits: [{ path: finding.path, edits: [{ range: finding.range, newText: String(data.port) }] }],
    },
  ];
}

function appliesTo(ctx: ProjectContext): boolean {
  return projectDockerfiles(ctx.project).some((d) => d.instructions.some((i) => i.keyword === 'EXPOSE'));
}

export const exposedPortMismatch = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'port-binding',
    severity: 'info',
    description: 'A Dockerfile EXPOSE that differs from the port the app listens on by default.',
    why: 'The app exports its service by binding a port (factor VII), and EXPOSE documents which one: when they differ, whoever runs the image maps the wrong port. Expose the port the app binds, or set ENV PORT to the exposed port.',
    fixable: true,
    messages: {
      envPort: '{{file}} exposes {{exposed}}, but ENV PORT={{port}} makes the app listen on {{port}}.',
      pyPort: '{{file}} exposes {{exposed}}, but the Python server it starts listens on {{ports}} ({{source}}).',
      defaultPort:
        '{{file}} exposes {{exposed}}, but the app listens on {{ports}} by default ({{source}}), and no ENV PORT is set.',
    },
  },
  sources: [exposedPortMismatchJs],
  uses: [PORT_BINDINGS],
  checkProject,
  appliesTo,
  fixes,
});
