// config/hardcoded-debug: debug mode switched on in code (Django's `DEBUG = True`, Flask's `app.run(debug=True)`,
// `FastAPI(debug=True)`), or defaulting to on when the environment says nothing, instead of set per deploy.
import { defineRule, type ProjectContext } from '../../core/types';
import { sourceLanguage } from '../../core/paths';
import { PY_DEBUG_SETTINGS } from '../../facts/config';
import { reportPySettingCandidates } from '../../facts/pySettings';
import { hardcodedDebugPy } from '../../lang/py/checks/config/hardcoded-debug';

function checkProject(ctx: ProjectContext): void {
  // `DEBUG = True` in settings/base.py is a development default when settings/production.py sets DEBUG again.
  reportPySettingCandidates(ctx, PY_DEBUG_SETTINGS);
}

function appliesTo(ctx: ProjectContext): boolean {
  return ctx.project.files.some((f) => f.kind === 'source' && sourceLanguage(f.path) === 'py');
}

export const hardcodedDebug = defineRule({
  meta: {
    id: 'config/hardcoded-debug',
    inputs: ['source'],
    factor: 'config',
    severity: 'warning',
    description:
      'Debug mode turned on in code (DEBUG = True, app.run(debug=True), FastAPI(debug=True)) or by a default of true.',
    why: 'Whether an app runs in debug mode differs between deploys, so it is config and belongs in the environment (factor III); hardcoded, production serves tracebacks, settings and source to anyone who triggers an error. Read it from a variable that defaults to off.',
    messages: {
      setting: '{{name}} is hardcoded to True in a settings module production loads.',
      configItem: '{{target}} is set to True in code.',
      configCall: '{{call}}(DEBUG=True) turns debug mode on in code.',
      attribute: '{{target}} = True turns debug mode on in code.',
      run: '{{call}}(debug=True) runs the server in debug mode outside a __main__ block.',
      app: '{{call}}(debug=True) creates the app in debug mode.',
      fallback: '{{name}} defaults to True whenever {{variable}} is not set.',
    },
  },
  sources: [hardcodedDebugPy],
  checkProject,
  appliesTo,
});
