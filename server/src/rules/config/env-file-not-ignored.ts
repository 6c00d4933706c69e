// config/env-file-not-ignored: a real .env that .gitignore does not ignore, so it is (or will be) committed.
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { ignoreFilePlan } from '../../fixes/gitignore';
import { isExamplePath, isTestPath } from '../../core/paths';
import { MODE_FILE_TOOLS, dependsOnAny, envModeOf } from '../../detect/envVars';
import { holdsOnlyComposeSettings, isSecretFreeDevEnv } from '../../detect/devEnvFiles';

function checkProject(ctx: ProjectContext): void {
  for (const env of ctx.project.envFiles) {
    // An unreadable .gitignore above it: whether it is ignored is unknown (discovery logged it), so no claim.
    if (env.ignored || env.ignoreUnknown || env.isExample || isTestPath(env.rel) || isExamplePath(env.rel)) continue;
    // `.env.test` holds test values; `.env.production` & co. are committed defaults where Next, Vite, CRA or
    // dotenv-flow load them (secrets go to `.env*.local`). A secret in them is still config/hardcoded-secret's.
    const mode = envModeOf(env.path);
    if (mode && (/^(test|testing|ci)$/.test(mode) || dependsOnAny(ctx.project, MODE_FILE_TOOLS))) continue;
    // Docker Compose's own settings file, and a development file that says so and holds no secret, are committed
    // on purpose: neither is the app's private config.
    if (holdsOnlyComposeSettings(env) || isSecretFreeDevEnv(env)) continue;
    const base = path.basename(env.path);
    const first = env.entries[0]?.keyRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    ctx.report(
      env.path,
      first,
      { messageId: 'notIgnored', data: { file: base } },
      {
        data: { file: env.path },
      },
    );
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const plan = ignoreFilePlan(finding.path, ctx);
  const title = `Add ${path.basename(finding.path)} to .gitignore`;
  if (plan.kind === 'ignored') return [];
  if (plan.kind === 'refused') return [{ title, disabled: `Not offered: ${plan.reason}.` }];
  return [{ title, preferred: true, fixAll: true, edits: [plan.edit] }];
}

export const envFileNotIgnored = defineRule({
  meta: {
    id: 'config/env-file-not-ignored',
    inputs: ['env', 'package-json'],
    factor: 'config',
    severity: 'warning',
    description: 'A .env file (not an example) that .gitignore does not ignore.',
    why: 'Config, secrets above all, stays out of the codebase (factor III). Add the file to .gitignore and commit only .env.example; if it was ever committed, untrack it (`git rm --cached`) and rotate the secrets it held.',
    fixable: true,
    messages: {
      notIgnored: '{{file}} is not git-ignored, so it is (or will be) committed.',
    },
  },
  checkProject,
  fixes,
});
