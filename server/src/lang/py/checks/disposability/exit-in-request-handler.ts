// disposability/exit-in-request-handler in Python: `sys.exit()`, `os._exit()`, `os.abort()`, `exit()` or `quit()`
// inside a request handler (lang/py/handlers.ts), nested functions included.
import { pyCheck } from '../../context';
import { dottedName, importBindings, resolveName } from '../../syntax';
import { pyHandlers } from '../../handlers';
import { Scopes } from '../../scopes';
import { isPyAppCode } from '../appFiles';
import { clip } from '../../../../util/text';

/** Resolved names of the calls that end the process (`exit`/`quit` are the site module's builtins). */
const EXITS = new Set(['sys.exit', 'os._exit', 'os.abort', 'exit', 'quit']);

export const exitInRequestHandlerPy = pyCheck<'exitInHandler'>({
  trigger: /\b(exit|_exit|abort|quit)\s*\(/,
  check(ctx) {
    if (!isPyAppCode(ctx)) return;
    const { text } = ctx;
    const bindings = importBindings(text, ctx.index.imports);
    const scopes = new Scopes(text);
    const exits = ctx.index.calls.flatMap((c) => {
      const written = dottedName(text, c.firstChild);
      if (!written) return [];
      const name = resolveName(written, bindings);
      if (!EXITS.has(name)) return [];
      // `exit` and `quit` are builtins only where nothing in scope rebinds them (`from sys import exit` is sys's).
      if (name === written && !scopes.isModuleName(written, c.firstChild!)) return [];
      return [{ call: c, written, name }];
    });
    if (!exits.length) return;
    const handlers = pyHandlers(ctx);
    // A module that defines its own `exit()` calls that one.
    const own = new Set(handlers.defs.functions.filter((f) => f.topLevel).map((f) => f.name));
    for (const { call, written, name } of exits) {
      if (name === written && own.has(written)) continue;
      const h = handlers.enclosing(call);
      if (!h) continue;
      ctx.report(call, { messageId: 'exitInHandler', data: { call: name, handler: clip(h.phrase, 56) } });
    }
  },
});
