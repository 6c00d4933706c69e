// Servers the port-binding rules find in start commands rather than in code (a Python app's `gunicorn app:app`).
import type { ProjectContext } from '../../core/types';
import { runtimeSites, siteCommands } from '../../model/startSites';
import { argvOf } from '../../platform/command';
import { pythonServerBinds } from '../../platform/pyCommand';

/** A start command runs a Python server (`gunicorn app:app`, `uvicorn main:app`, `manage.py runserver`). */
export function commandStartsPythonServer(ctx: ProjectContext): boolean {
  return runtimeSites(ctx.project, ctx.workspace.root, ctx.read).some((site) =>
    siteCommands(site).some((c) => !!pythonServerBinds(argvOf(c))),
  );
}

/** Programs that proxy to an app on the same machine, or run it beside one (supervisord running nginx and gunicorn). */
const PROXIES = /^(nginx|caddy|httpd|apache2|apache2ctl|haproxy|traefik|envoy|supervisord|s6-svscan|honcho)$/;

/**
 * A start command runs a proxy or supervisor: the app server's address is then internal (nginx takes the platform's
 * port and forwards to `127.0.0.1:8000`), so neither its port nor a loopback host says anything about port binding.
 */
export function startsProxy(ctx: ProjectContext): boolean {
  return runtimeSites(ctx.project, ctx.workspace.root, ctx.read).some((site) =>
    siteCommands(site).some((c) => PROXIES.test(c.program ?? '')),
  );
}
