// disposability/no-graceful-shutdown: a web or worker process with no SIGTERM handler anywhere it loads.
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext, type Range } from '../../core/types';
import { GRACEFUL_PACKAGES } from '../../detect/shutdown';
import { noGracefulShutdownJs } from '../../lang/js/checks/disposability/no-graceful-shutdown';
import { shutdownHandlerFixes } from '../../lang/js/checks/disposability/shutdownFix';
import { noGracefulShutdownPy } from '../../lang/py/checks/disposability/no-graceful-shutdown';
import { pyShutdownHandlerFixes } from '../../lang/py/checks/disposability/shutdownFix';
import { sourceLanguage } from '../../core/paths';
import { packageName } from '../../ecosystem/npm/packages';
import { processesOf, type ProcessInfo, PROCESS_MODEL_INPUTS } from '../../model/processes';
import { toPosix } from '../../util/text';
import {
  SHUTDOWN_FACT as FILE_FACT,
  type ShutdownFact as FileFact,
  type ShutdownSite as SiteFact,
} from '../../facts/disposability';

const ID = 'disposability/no-graceful-shutdown';

function factOf(ctx: ProjectContext, file: string): FileFact | undefined {
  return ctx.fact(file, FILE_FACT);
}

function handledIn(ctx: ProjectContext, files: Iterable<string>): boolean {
  for (const f of files) {
    if (factOf(ctx, f)?.handles) return true;
    if (ctx.facts(f)?.imports.some((i) => !i.typeOnly && GRACEFUL_PACKAGES.has(packageName(i.specifier) ?? '')))
      return true;
  }
  return false;
}

/** The first SIGTERM handler of the process that only logs, entry file first. */
function ignoredIn(ctx: ProjectContext, p: ProcessInfo): { file: string; range: Range; empty: boolean } | undefined {
  for (const file of entryFirst(p)) {
    const first = factOf(ctx, file)?.ignored?.[0];
    if (first) return { file, ...first };
  }
  return undefined;
}

function entryFirst(p: ProcessInfo): string[] {
  return [...p.reachable].sort((a, b) => (a === p.entry ? -1 : b === p.entry ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** Where to report for a process: its first server (or, for a worker, consumer) start, entry file first. */
function siteFor(ctx: ProjectContext, p: ProcessInfo): { file: string; site: SiteFact } | undefined {
  const files = entryFirst(p);
  const kinds: SiteFact['kind'][][] =
    p.type === 'web' ? [['server'], ['worker']] : [['worker', 'server'], ['interval']];
  for (const want of kinds) {
    for (const file of files) {
      const site = factOf(ctx, file)
        ?.sites.filter((s) => want.includes(s.kind))
        .sort((a, b) => a.range.start.line - b.range.start.line)[0];
      if (site) return { file, site };
    }
  }
  return undefined;
}

function describe(ctx: ProjectContext, p: ProcessInfo): string {
  const o = p.origin;
  const rel = toPosix(path.relative(ctx.project.root, p.entry));
  if (o.kind === 'procfile') return `The Procfile '${o.name}' process (${rel})`;
  if (o.kind === 'config') return `The '${o.name}' process of ${path.basename(o.file)} (${rel})`;
  if (o.kind === 'script') return `The '${o.name}' script's process (${rel})`;
  if (o.kind === 'docker') return `The container's process (${rel})`;
  return `The process started from ${rel}`;
}

function checkProject(ctx: ProjectContext): void {
  const processes = processesOf(ctx.project, ctx.facts, ctx.workspace);
  const reported = new Set<string>();
  for (const p of processes) {
    if (p.type !== 'web' && p.type !== 'worker') continue;
    if (handledIn(ctx, p.reachable)) continue;
    // Imports we could not follow (path aliases) may lead to the handler: then any handler in the project counts.
    if (p.incomplete && handledIn(ctx, ctx.project.sources)) continue;
    const found = siteFor(ctx, p);
    if (!found) continue;
    const { kind } = found.site;
    const ignored = ignoredIn(ctx, p);
    const at = ignored ?? { file: found.file, range: found.site.range };
    const key = `${at.file}:${at.range.start.line}:${at.range.start.character}`;
    if (reported.has(key)) continue;
    reported.add(key);
    if (ignored) {
      // A handler that only logs replaces Node's default exit: the process outlives SIGTERM until it is SIGKILLed.
      ctx.report(
        ignored.file,
        ignored.range,
        { messageId: ignored.empty ? 'handlerDoesNothing' : 'handlerOnlyLogs', data: { process: describe(ctx, p) } },
        {
          data: { kind, process: p.type, ignored: true },
        },
      );
      continue;
    }
    const sigint = [...p.reachable].some((f) => factOf(ctx, f)?.sigintOnly);
    ctx.report(
      found.file,
      found.site.range,
      { messageId: sigint ? 'onlySigint' : 'noHandler', data: { process: describe(ctx, p) } },
      {
        data: { kind, process: p.type },
      },
    );
  }
}

function appliesTo(ctx: ProjectContext): boolean {
  return processesOf(ctx.project, ctx.facts, ctx.workspace).some(
    (p) => (p.type === 'web' || p.type === 'worker') && [...p.reachable].some((f) => factOf(ctx, f)?.sites.length),
  );
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  // What an ignoring handler should do instead depends on the process: no edit to offer.
  if (finding.data?.ignored) return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  if (sourceLanguage(finding.path) === 'py') {
    const d = finding.data as { entry?: 'main' | 'module' | 'command'; sigint?: boolean } | undefined;
    return d?.entry ? pyShutdownHandlerFixes(finding.path, text, finding.range.start, d.entry, !!d.sigint) : [];
  }
  return shutdownHandlerFixes(finding.path, text, finding.range.start);
}

export const noGracefulShutdown = defineRule({
  meta: {
    id: ID,
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'disposability',
    severity: 'warning',
    description: 'A web or worker process that never handles SIGTERM, so stopping it cuts off in-flight work.',
    why: 'Processes shut down gracefully when the platform sends SIGTERM (factor IX); without a handler, or with one that only logs, requests in flight are dropped or the process runs on until it is SIGKILLed. On SIGTERM, close the server (or stop taking jobs), let the work in flight finish, then exit.',
    fixable: true,
    messages: {
      handlerDoesNothing: '{{process}} has a SIGTERM handler that does nothing, so it ignores the signal.',
      handlerOnlyLogs: '{{process}} has a SIGTERM handler that only logs, so it ignores the signal.',
      noHandler: '{{process}} never handles SIGTERM.',
      onlySigint: '{{process}} never handles SIGTERM (only SIGINT).',
    },
  },
  sources: [noGracefulShutdownJs, noGracefulShutdownPy],
  checkProject,
  appliesTo,
  fixes,
});
