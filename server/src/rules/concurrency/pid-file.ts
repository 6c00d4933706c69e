// concurrency/pid-file: a process that records its PID in a file, a daemon's habit the platform makes pointless.
import { defineRule, type ProjectContext } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import { describe, runtimeSites, siteCommands, uwsgiConfigs } from '../../model/startSites';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { pidFileJs } from '../../lang/js/checks/concurrency/pid-file';
import { pidFilePy } from '../../lang/py/checks/concurrency/pid-file';
import { pythonInvocation } from '../../platform/pyCommand';
import { argvOf } from '../../platform/command';
import type { ShellCommand } from '../../platform/shell';

/** `--pid /run/app.pid` (pm2, gunicorn), `--pidFile` (forever), `--pidfile=…` (many servers), uWSGI's `--pidfile2`. */
const PID_FLAG = /^--(safe-)?pid(-?file2?)?(=|$)/i;
/** uWSGI's ini options that write a PID file. */
const UWSGI_PID_OPTION = /^(safe-)?pidfile2?$/;

/**
 * The PID-file flag of a command and its value, when it names a file: `--pidfile=` with an empty value (Celery's way
 * to write none) and `/dev/null` write nothing. gunicorn's `-p FILE` too.
 */
function pidFlag(c: ShellCommand): { flag: string; value?: string } | undefined {
  const gunicorn = pythonInvocation(argvOf(c))?.tool === 'gunicorn';
  for (let i = 0; i < c.args.length; i++) {
    const arg = c.args[i];
    if (!PID_FLAG.test(arg) && !(gunicorn && arg === '-p')) continue;
    const eq = arg.indexOf('=');
    const value = eq >= 0 ? arg.slice(eq + 1) : c.args[i + 1];
    if (value === '' || value === '/dev/null' || (eq < 0 && value === undefined && arg === '-p')) continue;
    return { flag: eq >= 0 ? arg.slice(0, eq) : arg, value: value?.startsWith('-') ? undefined : value };
  }
  return undefined;
}

function checkProject(ctx: ProjectContext): void {
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const c of siteCommands(site)) {
      const found = pidFlag(c);
      if (!found) continue;
      const { flag, value } = found;
      const where = describe(site);
      ctx.report(
        site.path,
        site.range,
        {
          messageId: 'flag',
          data: {
            where: `${where[0].toUpperCase()}${where.slice(1)}`,
            program: c.program ?? 'the program',
            flag: `${flag}${value ? ' ' + value : ''}`,
          },
        },
        { data: { kind: 'flag' } },
      );
      break;
    }
  }
  // `pidfile = /tmp/app.pid` in the uWSGI config a start command loads.
  for (const config of uwsgiConfigs(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const o of config.options) {
      if (!UWSGI_PID_OPTION.test(o.key) || o.conditional || !o.value || o.value === '/dev/null') continue;
      ctx.report(config.path, o.valueRange, {
        messageId: 'uwsgi',
        data: { option: o.key, file: o.value, by: config.runBy },
      });
    }
  }
}

export const pidFile = defineRule({
  meta: {
    id: 'concurrency/pid-file',
    inputs: [...PROCESS_MODEL_INPUTS],
    factor: 'concurrency',
    severity: 'warning',
    description:
      'A PID file written by the app (fs write of process.pid or to *.pid, npid/pidfile packages, --pid flags).',
    why: "The platform's process manager already tracks and signals its processes (factor VIII), and a PID file left behind by a killed container or dyno can block the next start. Drop it.",
    messages: {
      ecosystem: 'pm2 is told to write a PID file ({{file}}).',
      write: 'This writes the process id to a PID file.',
      writeTo: 'This writes the process id to a PID file ({{file}}).',
      package: '{{package}} writes a PID file for this process.',
      flag: '{{where}} asks {{program}} to write a PID file ({{flag}}).',
      uwsgi: 'The uWSGI config that {{by}} loads writes a PID file ({{option}} = {{file}}).',
      pyConfig: 'This gunicorn config writes a PID file ({{file}}).',
    },
  },
  sources: [pidFileJs, pidFilePy],
  checkProject,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
