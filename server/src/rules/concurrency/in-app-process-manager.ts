// concurrency/in-app-process-manager: a process that forks workers and forks them again when they die, doing the
// job of the platform's process manager inside the app; or a container whose command is a process supervisor
// (supervisord, s6-overlay, honcho) or a uWSGI master that keeps worker daemons alive beside the web app.
import { defineRule, type ProjectContext } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { commandRange, describe, runtimeSites, siteCommands, uwsgiConfigs } from '../../model/startSites';
import { argvOf } from '../../platform/command';
import { pythonInvocation } from '../../platform/pyCommand';
import { UWSGI_DAEMON_OPTIONS } from '../../platform/uwsgi';
import type { ShellCommand } from '../../platform/shell';
import { inAppProcessManagerJs } from '../../lang/js/checks/concurrency/in-app-process-manager';
import { clip } from '../../util/text';

/** Supervisors that run several programs and restart them: what the container's command starts. */
const SUPERVISORS = /^(supervisord|circusd|runsvdir|s6-svscan)$/;
/** Procfile runners that start every process type together (`honcho start` runs web and worker in one container). */
const PROCFILE_RUNNERS = /^(honcho|foreman|forego|overmind|hivemind)$/;

/** The supervisor a command runs, by name; `/init` is s6-overlay's when the Dockerfile installs s6-overlay. */
function supervisorOf(c: ShellCommand, s6: boolean): string | undefined {
  const program = c.program ?? '';
  if (SUPERVISORS.test(program)) return program;
  if (PROCFILE_RUNNERS.test(program) && (program === 'hivemind' || c.args[0] === 'start')) return `${program} start`;
  if (s6 && c.programWord?.text === '/init') return 's6-overlay';
  return undefined;
}

function checkProject(ctx: ProjectContext): void {
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    // Only what starts the container or a Procfile web/worker process: a script's helper lines are not its PID 1.
    if (site.kind === 'script') continue;
    const df = site.kind === 'docker' ? ctx.project.dockerfiles.find((d) => d.path === site.path) : undefined;
    const s6 = !!df?.instructions.some((i) => /s6-overlay/i.test(i.args));
    for (const c of siteCommands(site)) {
      const manager = supervisorOf(c, s6);
      const daemon = manager ? undefined : uwsgiDaemonFlag(c);
      if (!manager && !daemon) continue;
      const where = describe(site);
      ctx.report(
        site.path,
        commandRange(site, c, ctx.read(site.path)),
        manager
          ? { messageId: 'supervisor', data: { where: `${where[0].toUpperCase()}${where.slice(1)}`, manager } }
          : { messageId: 'attachDaemon', data: { command: clip(daemon!.command, 44), option: daemon!.option } },
      );
      break;
    }
  }
  for (const config of uwsgiConfigs(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const o of config.options) {
      if (!UWSGI_DAEMON_OPTIONS.test(o.key) || o.conditional || !o.value) continue;
      ctx.report(config.path, o.valueRange, {
        messageId: 'attachDaemon',
        data: { command: clip(daemonCommand(o.value, o.key), 44), option: o.key },
      });
    }
  }
}

/**
 * The command a daemon option runs: `attach-daemon2 = cmd=celery worker,freq=3` (keyval form), `smart-attach-daemon
 * = /tmp/celery.pid celery worker` (a PID file, then the command).
 */
function daemonCommand(value: string, option: string): string {
  const m = /(?:^|,)cmd=([^,]*)/.exec(value);
  if (m) return m[1].trim();
  return /smart-attach-daemon$/.test(option) ? value.trim().replace(/^\S+\s+/, '') : value.trim();
}

/** `uwsgi --attach-daemon "celery -A app worker"` on the command line. */
function uwsgiDaemonFlag(c: ShellCommand): { command: string; option: string } | undefined {
  const inv = pythonInvocation(argvOf(c));
  if (inv?.tool !== 'uwsgi') return undefined;
  for (let i = 0; i < inv.args.length; i++) {
    const [flag, inline] = inv.args[i].split(/=(.*)/s, 2);
    if (!flag.startsWith('--') || !UWSGI_DAEMON_OPTIONS.test(flag.slice(2))) continue;
    const value = inline ?? inv.args[i + 1];
    if (value) return { command: daemonCommand(value, flag.slice(2)), option: flag.slice(2) };
  }
  return undefined;
}

export const inAppProcessManager = defineRule({
  meta: {
    id: 'concurrency/in-app-process-manager',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'concurrency',
    severity: 'info',
    description:
      'A cluster primary that forks workers again when they exit, or a process supervisor (supervisord, s6, uWSGI attach-daemon) inside the container.',
    why: "Supervising processes is the platform's job (factor VIII): Procfile process types, Kubernetes or systemd restart crashed processes, and an in-app respawn loop hides crashes from them. Run one process per container or dyno, let the platform restart it, and scale by adding processes.",
    messages: {
      throng:
        'throng forks the workers and forks a new one whenever one exits, so the app supervises its own processes.',
      exits: 'This forks a new worker when one exits, so the app supervises its own processes.',
      disconnects: 'This forks a new worker when one disconnects, so the app supervises its own processes.',
      supervisor: "{{where}} runs {{manager}}, which supervises the app's processes inside one container.",
      attachDaemon: 'The uWSGI master runs `{{command}}` beside the web app ({{option}}).',
    },
  },
  sources: [inAppProcessManagerJs],
  checkProject,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
