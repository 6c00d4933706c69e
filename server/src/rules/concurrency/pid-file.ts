// concurrency/pid-file: a process that records its PID in a file, a daemon's habit the platform makes pointless.
import { defineRule, type ProjectContext } from '../../core/types';
import { runsServerOrWorker } from '../../detect/appCode';
import { describe, runtimeSites, siteCommands } from '../../model/startSites';
import { PROCESS_MODEL_INPUTS } from '../../model/processes';
import { pidFileJs } from '../../lang/js/checks/concurrency/pid-file';

/** `--pid /run/app.pid` (pm2), `--pidFile` (forever), `--pidfile=…` (many servers). */
const PID_FLAG = /^--pid(-?file)?(=|$)/i;

function checkProject(ctx: ProjectContext): void {
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    for (const c of siteCommands(site)) {
      const i = c.args.findIndex((a) => PID_FLAG.test(a));
      if (i < 0) continue;
      const flag = c.args[i];
      const value = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : c.args[i + 1];
      const where = describe(site);
      ctx.report(
        site.path,
        site.range,
        {
          messageId: 'flag',
          data: {
            where: `${where[0].toUpperCase()}${where.slice(1)}`,
            program: c.program ?? 'the program',
            flag: `${flag.split('=')[0]}${value ? ' ' + value : ''}`,
          },
        },
        { data: { kind: 'flag' } },
      );
      break;
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
    },
  },
  sources: [pidFileJs],
  checkProject,
  appliesTo: (ctx: ProjectContext) => runsServerOrWorker(ctx),
});
