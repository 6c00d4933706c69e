// logs/in-app-log-rotation: a log-rotation package in the app. Reported on its import; the transports and streams
// that write the files are logs/file-logging's findings, so one setup is not reported twice on the same node.
import { defineRule, type ProjectContext } from '../../core/types';
import { projectLogs } from './logging';
import { CONSOLE_USE } from '../../facts/console';
import { inAppLogRotationJs } from '../../lang/js/checks/logs/in-app-log-rotation';
import { inAppLogRotationPy } from '../../lang/py/checks/logs/in-app-log-rotation';

const ID = 'logs/in-app-log-rotation';

export const inAppLogRotation = defineRule({
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
  sources: [inAppLogRotationJs, inAppLogRotationPy],
  appliesTo: (ctx: ProjectContext) => projectLogs(ctx),
  uses: [CONSOLE_USE],
});
