// port-binding/dev-server-in-production: the web process is a framework's development server (Django's
// `runserver`, `flask run`, `fastapi dev`) instead of a production web server the app binds its port with.
import { defineRule, type ProjectContext } from '../../core/types';
import { commandRange, describe, runtimeSites, siteCommands, START_SITE_INPUTS } from '../../model/startSites';
import { argvOf } from '../../platform/command';
import { pythonDevServer } from '../../platform/pyCommand';
import { lookupTable } from '../../util/table';

const NAMES: Record<string, string> = lookupTable({
  runserver: "Django's `runserver`",
  runserver_plus: "django-extensions' `runserver_plus`",
  'flask run': '`flask run`',
  'fastapi dev': '`fastapi dev`',
});

/** Sites that start the deployed web process: a Procfile's `web`, the image's command and the scripts it runs. */
function webSite(kind: string, key: string, runBy: string | undefined): boolean {
  if (kind === 'script') return false; // a package.json script running Python is a developer's shortcut
  if (kind === 'procfile') return key === 'web';
  return !/Procfile '(?!web')|worker|migrat|release|job/i.test(runBy ?? '');
}

function checkProject(ctx: ProjectContext): void {
  for (const site of runtimeSites(ctx.project, ctx.workspace.root, ctx.read)) {
    if (!webSite(site.kind, site.key, site.runBy)) continue;
    for (const c of siteCommands(site)) {
      const server = pythonDevServer(argvOf(c));
      if (!server) continue;
      const where = describe(site);
      ctx.report(site.path, commandRange(site, c, ctx.read(site.path)), {
        messageId: 'devServer',
        data: { where: `${where[0].toUpperCase()}${where.slice(1)}`, server: NAMES[server] ?? server },
      });
      break;
    }
  }
}

export const devServerInProduction = defineRule({
  meta: {
    id: 'port-binding/dev-server-in-production',
    inputs: [...START_SITE_INPUTS],
    factor: 'port-binding',
    severity: 'warning',
    description:
      "The web process is a framework's development server (Django's runserver, flask run, fastapi dev) instead of a production server.",
    why: 'The app exports HTTP by binding a port with a web server it declares as a dependency (factor VII); development servers are single-process, unhardened and documented as unfit for production. Serve with gunicorn, uvicorn, uWSGI or another production server bound to $PORT.',
    messages: {
      devServer: '{{where}} runs {{server}}, a development server, as the web server.',
    },
  },
  checkProject,
  appliesTo: (ctx) => runtimeSites(ctx.project, ctx.workspace.root, ctx.read).length > 0,
});
