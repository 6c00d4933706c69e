// logs/file-logging in Python: file handlers (FileHandler, WatchedFileHandler, the rotating ones) in code or in a
// logging dict config, `logging.basicConfig(filename=…)`, loguru file sinks, structlog loggers writing to an opened
// file, and `open()` appends to log files (fileLogSites.ts). Not in tests, examples or development settings modules.
import { pyCheck } from '../../context';
import { isDevSettingsPath } from '../../devOnly';
import { fileLogSites } from './fileLogSites';

export const FILE_LOG_TRIGGER = /FileHandler|basicConfig|loguru|structlog|\.log\b|\/var\/log|logs?\//;

export const fileLoggingPy = pyCheck<'fileLog'>({
  trigger: FILE_LOG_TRIGGER,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isDevSettingsPath(ctx.rel)) return;
    for (const site of fileLogSites(ctx))
      ctx.report(site.node, { messageId: 'fileLog', data: { via: site.via } }, { data: { kind: 'python' } });
  },
});
