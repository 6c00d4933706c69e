// logs/in-app-log-rotation in JS/TS: imports of log-rotation packages, once per package and file.
import { jsCheck } from '../../context';
import { packageName } from '../../../../ecosystem/npm/packages';

const ROTATION_PACKAGES = new Set([
  'winston-daily-rotate-file',
  'file-stream-rotator',
  'rotating-file-stream',
  'logrotate-stream',
  'pino-roll',
]);

export const inAppLogRotationJs = jsCheck<'rotates'>({
  trigger: /rotat|pino-roll|console|winston|pino|bunyan|log4js/i,
  check(ctx) {
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
  },
});
