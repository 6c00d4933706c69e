// port-binding/loopback-bind in Python: a loopback host literal a production server binds to (`uvicorn.run(app,
// host='127.0.0.1')`, `HTTPServer(('localhost', port), …)`, hypercorn's `config.bind`). A script entry on
// loopback is a local development server (lang/py/ports.ts), gunicorn on loopback sits behind a proxy on the same host,
// a management command is run by hand, and an implicit default host is not reported.
import { pyCheck } from '../../context';
import { pyServerBinds } from '../../ports';
import { MANAGEMENT_COMMAND } from './sites';

export const loopbackBindPy = pyCheck<'loopback'>({
  trigger: /127\.0\.0\.1|localhost|::1/,
  check(ctx) {
    if (ctx.isTest || ctx.isExample || MANAGEMENT_COMMAND.test(ctx.rel)) return;
    const seen = new Set<number>();
    for (const b of pyServerBinds(ctx.text, ctx.index)) {
      if (b.dev || !b.host || !b.hostText || seen.has(b.host.from)) continue;
      seen.add(b.host.from);
      ctx.report(b.host, { messageId: 'loopback', data: { host: b.hostText } });
    }
  },
});
