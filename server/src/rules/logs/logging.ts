// What the logs rules share: which packages are loggers, and whether a project logs at all (for appliesTo).
import * as path from 'path';
import type { ProjectContext } from '../../core/types';
import { CONSOLE_USE } from '../../facts/console';
import { isTestPath, sourceLanguage } from '../../core/paths';
import { packageName } from '../../ecosystem/npm/packages';

export const LOGGER_PACKAGES = new Set([
  'winston',
  'pino',
  'bunyan',
  'log4js',
  'loglevel',
  'signale',
  'consola',
  'tslog',
  'roarr',
  'morgan',
  'pino-http',
  'express-winston',
  'nestjs-pino',
  'nest-winston',
  '@nestjs/common',
  'debug',
  'npmlog',
  'loglayer',
  'electron-log',
]);

/** Python modules that log: the standard library's `logging` and the logging libraries. */
const PY_LOGGERS = /^(logging|loguru|structlog|logzero|eliot|logbook|concurrent_log_handler)(\.|$)/;

/**
 * Whether the project logs: a logger package imported, or console output, in a non-test source file (JS/TS, or
 * Python: `logging`, loguru, structlog …, or `print`).
 */
export function projectLogs(ctx: ProjectContext): boolean {
  for (const f of ctx.project.files) {
    if (f.kind !== 'source' || sourceLanguage(f.path) !== 'py' || isTestPath(f.rel)) continue;
    if (ctx.fact(f.path, CONSOLE_USE)) return true;
    if (ctx.facts(f.path)?.imports.some((i) => PY_LOGGERS.test(i.specifier))) return true;
  }
  for (const src of ctx.project.sources) {
    if (isTestPath(path.relative(ctx.project.root, src).split(path.sep).join('/'))) continue;
    const facts = ctx.facts(src);
    if (!facts) continue;
    if (ctx.fact(src, CONSOLE_USE)) return true;
    if (facts.imports.some((i) => LOGGER_PACKAGES.has(packageName(i.specifier) ?? ''))) return true;
  }
  return false;
}
