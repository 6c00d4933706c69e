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
