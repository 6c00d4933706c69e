// What the logs rules share: which packages are loggers, and whether a project logs at all (for appliesTo).
import * as path from 'path';
import * as ts from 'typescript';
import type { ProjectContext } from '../../core/types';
import { defineFact } from '../../core/facts';
import { dottedName } from '../../lang/js/astUtil';
import { isTestPath } from '../../core/paths';
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

/** Whether a non-test file writes to the console (the engine extracts it for the logs rules). */
export const CONSOLE_USE = defineFact<true>('console-use', 1, {
  trigger: /console/,
  extract: (ctx) =>
    !ctx.isTest &&
    ctx.index.calls.some(
      (c) => ts.isPropertyAccessExpression(c.expression) && dottedName(c.expression.expression) === 'console',
    )
      ? true
      : undefined,
});

/** Whether the project logs: a logger package imported, or console output, in a non-test source file. */
export function projectLogs(ctx: ProjectContext): boolean {
  for (const src of ctx.project.sources) {
    if (isTestPath(path.relative(ctx.project.root, src).split(path.sep).join('/'))) continue;
    const facts = ctx.facts(src);
    if (!facts) continue;
    if (ctx.fact(src, CONSOLE_USE)) return true;
    if (facts.imports.some((i) => LOGGER_PACKAGES.has(packageName(i.specifier) ?? ''))) return true;
  }
  return false;
}
