// logs/in-app-log-rotation in Python: the import of a rotating handler, once per name and file, where the file
// uses it (fileLogSites.ts): `from logging.handlers import RotatingFileHandler`, `TimedRotatingFileHandler`, and the
// rotation packages (concurrent-log-handler, ConcurrentLogHandler's `cloghandler`). The handler itself, a rotating
// handler named in a dict config, and loguru's `rotation=` are logs/file-logging's findings ("rotated by the app"),
// as log4js's built-in rotation is in JS: the same code is not reported twice.
import type { SyntaxNode } from '../../parse';
import { pyCheck } from '../../context';
import { isDevSettingsPath } from '../../devOnly';
import { childrenOf, importGroups } from '../../syntax';
import { fileLogSites } from './fileLogSites';

/** Modules whose job is rotating log files, by import name. */
const ROTATION_MODULES = new Set(['concurrent_log_handler', 'cloghandler']);

export const inAppLogRotationPy = pyCheck<'rotates'>({
  trigger: /Rotating|concurrent_log_handler|cloghandler/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || isDevSettingsPath(ctx.rel)) return;
    // Rotating handlers constructed in code, by the name the code calls them (a class named only in a dict config
    // needs no import; one reached through `logging.handlers.` does not use the `from` import).
    const used = fileLogSites(ctx).flatMap((s) => (s.rotates && s.callee ? [s.callee] : []));
    const uses = (local: string) => used.some((c) => c === local || c.startsWith(`${local}.`));
    if (!used.length) return;
    const seen = new Set<string>();
    const report = (node: { from: number; to: number }, name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      ctx.report(ctx.rangeOf(node), { messageId: 'rotates', data: { package: name } }, { data: { package: name } });
    };
    for (const stmt of ctx.index.imports) {
      const kids = childrenOf(stmt);
      if (kids[0]?.name === 'import') {
        // `import concurrent_log_handler`
        for (const g of importGroups(ctx.text, kids.slice(1)))
          if (ROTATION_MODULES.has(g.name) && uses(g.alias ?? g.name)) report(g, packageOf(g.name));
        continue;
      }
      const at = kids.findIndex((k) => k.name === 'import');
      if (kids[0]?.name !== 'from' || at < 0) continue;
      const module = textOf(ctx.text, kids.slice(1, at));
      for (const g of importGroups(ctx.text, kids.slice(at + 1))) {
        const rotating = ROTATION_MODULES.has(module) || /^(Timed)?RotatingFileHandler$/.test(g.name);
        if (!rotating || !uses(g.alias ?? g.name)) continue;
        // `from logging.handlers import RotatingFileHandler`: the class is what rotates; a package: the package.
        report(g, ROTATION_MODULES.has(module) ? packageOf(module) : g.name);
      }
    }
  },
});

function textOf(text: string, nodes: readonly SyntaxNode[]): string {
  return nodes.map((k) => text.slice(k.from, k.to)).join('');
}

/** The distribution a rotation module comes from, as the message names it. */
function packageOf(module: string): string {
  return module === 'cloghandler' ? 'ConcurrentLogHandler' : module.replace(/_/g, '-');
}
