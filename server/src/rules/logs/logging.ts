// What the logs rules share: which packages are loggers, and whether a project logs at all (for appliesTo).
import * as path from 'path';
import * as ts from 'typescript';
import type { ProjectContext, SourceContext } from '../../engine/types';
import { dottedName } from '../../engine/astUtil';
import { isTestPath } from '../../engine/paths';
import { packageName } from '../../detect/packages';

export const LOGGER_PACKAGES = new Set([
  'winston', 'pino', 'bunyan', 'log4js', 'loglevel', 'signale', 'consola', 'tslog', 'roarr', 'morgan', 'pino-http',
  'express-winston', 'nestjs-pino', 'nest-winston', '@nestjs/common', 'debug', 'npmlog', 'loglayer', 'electron-log',
]);

/** Records, under the calling rule's id, whether this file writes to the console. */
export function recordConsoleUse(ctx: SourceContext, ruleId: string): void {
  if (ctx.isTest) return;
  if (ctx.index.calls.some((c) => ts.isPropertyAccessExpression(c.expression) && dottedName(c.expression.expression) === 'console')) ctx.facts.custom[`${ruleId}/console`] = true;
}

/** Whether the project logs: a logger package imported, or console output, in a non-test source file. */
export function projectLogs(ctx: ProjectContext, ruleIds: string[]): boolean {
  for (const src of ctx.project.sources) {
    if (isTestPath(path.relative(ctx.project.root, src).split(path.sep).join('/'))) continue;
    const facts = ctx.facts(src);
    if (!facts) continue;
    if (ruleIds.some((id) => facts.custom[`${id}/console`] === true)) return true;
    if (facts.imports.some((i) => LOGGER_PACKAGES.has(packageName(i.specifier) ?? ''))) return true;
  }
  return false;
}
