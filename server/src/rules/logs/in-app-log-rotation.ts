// logs/in-app-log-rotation: a log-rotation package in the app. Reported on its import; the transports and streams
// that write the files are logs/file-logging's findings, so one setup is not reported twice on the same node.
import type { ProjectContext, Rule, SourceContext } from '../../core/types';
import { packageName } from '../../ecosystem/npm/packages';
import { projectLogs } from './logging';
import { CONSOLE_USE } from '../../facts/console';

const ID = 'logs/in-app-log-rotation';
const ROTATION_PACKAGES = new Set([
  'winston-daily-rotate-file',
  'file-stream-rotator',
  'rotating-file-stream',
  'logrotate-stream',
  'pino-roll',
]);

function checkSource(ctx: SourceContext): void {
  if (ctx.isTest || ctx.isExample) return;
  const seen = new Set<string>();
  for (const imp of ctx.facts.imports) {
    const name = packageName(imp.specifier);
    if (!name || !ROTATION_PACKAGES.has(name) || imp.typeOnly || seen.has(name)) continue;
    seen.add(name);
    ctx.report(
      imp.range,
      { messageId: 'rotates', data: { package: name } },
      {
        data: { package: name },
      },
    );
  }
}

export const inAppLogRotation: Rule = {
  meta: {
    id: ID,
    inputs: ['source'],
    factor: 'logs',
    severity: 'info',
    description:
      'A log-rotation package (winston-daily-rotate-file, rotating-file-stream, file-stream-rotator, pino-roll, …) used by the app.',
    why: "Rotation, retention and archiving of logs are the platform's job (factor XI): once the app logs to stdout, the log router (docker, journald, a log service) handles them. Log to stdout and drop the rotation package.",
    messages: {
      rotates: '{{package}} rotates log files inside the app.',
    },
  },
  trigger: /rotat|pino-roll|console|winston|pino|bunyan|log4js/i,
  checkSource,
  appliesTo: (ctx: ProjectContext) => projectLogs(ctx),
  uses: [CONSOLE_USE],
};
