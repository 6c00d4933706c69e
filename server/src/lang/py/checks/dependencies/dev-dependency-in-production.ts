// dependencies/dev-dependency-in-production in Python: the imports a production process may never run (under `if
// DEBUG:` or another development branch, in the `if __name__ == "__main__":` block, inside a function: a `flask test`
// command imports pytest only when run), recorded for the project half, which knows what the manifests declare only
// for development.
import { pyCheck } from '../../context';
import { enclosingFunction, isDevOnly, mainBlockOf } from '../../devOnly';
import type { Range } from '../../../../core/types';
import { GUARDED_LOADS } from '../../../../facts/dependencies';

export const devDependencyInProductionPy = pyCheck<never>({
  trigger: /\bimport\b/,
  check(ctx) {
    const guarded: Range[] = [];
    for (const stmt of ctx.index.imports)
      if (enclosingFunction(stmt) || isDevOnly(ctx.text, stmt) || mainBlockOf(ctx.text, stmt))
        guarded.push(ctx.rangeOf(stmt));
    if (guarded.length) ctx.record(GUARDED_LOADS, guarded);
  },
});
