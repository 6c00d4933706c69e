// dependencies/dev-dependency-in-production in Python: the imports a production process never runs (under `if DEBUG:`
// or another development branch, in the `if __name__ == "__main__":` block), recorded for the project half, which
// knows what the manifests declare only for development.
import { pyCheck } from '../../context';
import { isDevOnly, mainBlockOf } from '../../devOnly';
import type { Range } from '../../../../core/types';
import { GUARDED_LOADS } from '../../../../facts/dependencies';

export const devDependencyInProductionPy = pyCheck<never>({
  trigger: /\bimport\b/,
  check(ctx) {
    const guarded: Range[] = [];
    for (const stmt of ctx.index.imports)
      if (isDevOnly(ctx.text, stmt) || mainBlockOf(ctx.text, stmt)) guarded.push(ctx.rangeOf(stmt));
    if (guarded.length) ctx.record(GUARDED_LOADS, guarded);
  },
});
