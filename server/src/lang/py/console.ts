// CONSOLE_USE for a Python file (facts/console.ts): it writes to stdout or stderr with `print(…)` or
// `sys.stdout.write(…)`, so the project logs as factor XI asks (the logs rules apply to it).
import type { PyIndex } from './syntax';
import { dottedName, importBindings, resolveName } from './syntax';

export function pyConsoleUse(text: string, idx: PyIndex): true | undefined {
  if (!/print|stdout|stderr/.test(text)) return undefined;
  const bindings = importBindings(text, idx.imports);
  for (const call of idx.calls) {
    const d = dottedName(text, call.firstChild);
    if (!d) continue;
    // `print` rebound by an import (`from rich import print`) still prints.
    const name = bindings.has(d) ? d : resolveName(d, bindings);
    if (name === 'print' || /^sys\.(stdout|stderr)\.write$/.test(name)) return true;
  }
  return undefined;
}
