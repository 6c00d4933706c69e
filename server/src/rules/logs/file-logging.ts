// logs/file-logging: logs written to files (winston File transports, pino file destinations, bunyan file streams,
// log4js file appenders, fs writes to *.log) instead of an event stream on stdout.
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { projectLogs } from './logging';
import { CONSOLE_USE } from '../../facts/console';
import { fileLoggingJs } from '../../lang/js/checks/logs/file-logging';
import { fileLoggingPy } from '../../lang/py/checks/logs/file-logging';
import { winstonFileToConsole } from '../../lang/js/checks/logs/winstonFix';

const ID = 'logs/file-logging';

/** Fix for winston: the File transport becomes a Console transport (or goes, when the array already has one). */
function fixes(finding: Finding, ctx: FixContext): Fix[] {
  if ((finding.data as { kind?: string } | undefined)?.kind !== 'winston') return [];
  const text = ctx.read(finding.path);
  if (text === undefined) return [];
  return winstonFileToConsole(finding, text);
}

export const fileLogging = defineRule({
  meta: {
    id: ID,
    inputs: ['package-json', 'source'],
    factor: 'logs',
    severity: 'warning',
    description:
      'Logs written to files (winston File/DailyRotateFile, pino file destinations, bunyan file streams, log4js file appenders, fs writes to *.log).',
    why: 'A twelve-factor app writes its logs as an unbuffered event stream to stdout and lets the platform route and keep them (factor XI); a file on the local disk disappears with the instance, fills the disk and is read by nobody. Log to stdout instead.',
    fixable: true,
    messages: {
      fileLog: 'Logs are written to a file ({{via}}).',
      pinoRoll: 'Logs are written to a file (pino-roll transport, which also rotates the files).',
    },
  },
  sources: [fileLoggingJs, fileLoggingPy],
  appliesTo: (ctx: ProjectContext) => projectLogs(ctx),
  uses: [CONSOLE_USE],
  fixes,
});
