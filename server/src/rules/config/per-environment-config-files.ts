// config/per-environment-config-files: config grouped into named environments (config/production.json,
// config.staging.js, settings.production.json, or `{ development: …, production: … }[NODE_ENV]` in code) and picked
// by NODE_ENV, instead of one set of env vars per deploy.
import * as path from 'path';
import { defineRule, type ProjectContext } from '../../core/types';
import type { WorkspaceFile } from '../../core/model';
import { isExamplePath, isTestPath } from '../../core/paths';
import { perEnvironmentConfigFilesJs } from '../../lang/js/checks/config/per-environment-config-files';
import { perEnvironmentConfigFilesPy } from '../../lang/py/checks/config/per-environment-config-files';

const DEPLOYED = /^(production|prod|staging|stage|preprod|preproduction|uat|qa)$/i;
const LOCAL = /^(development|dev|local|test|testing|ci|e2e|default)$/i;
/** Folders whose files are named after environments (node-config, mean.js `config/env/`). */
const CONFIG_DIRS = /^(config|configs|configuration|settings|env|envs|environments)$/i;
/** Stems of `<stem>.<env>.<ext>` files that hold app config (not build-tool config such as webpack.prod.js). */
const CONFIG_STEMS =
  /^(config|configuration|settings|appsettings|app-config|app\.config|application|secrets|credentials|database|db|ormconfig|runtime-config)$/i;
const EXT = /\.(json|json5|ya?ml|[cm]?[jt]s)$/i;

interface Member {
  file: WorkspaceFile;
  env: string;
}

/** `config/production.json` → group `config/*.json`; `settings.staging.yml` → `settings.*`. */
function groupOf(f: WorkspaceFile): { key: string; env: string } | undefined {
  const base = path.basename(f.rel);
  if (!EXT.test(base) || base.endsWith('.d.ts')) return undefined;
  const stemless = base.replace(EXT, '');
  const dir = path.posix.dirname(f.rel);
  // node-config also reads `local-production.json`: the environment is the part after `local-`.
  const plain = stemless.replace(/^local-/i, '');
  if (CONFIG_DIRS.test(path.posix.basename(dir)) && (DEPLOYED.test(plain) || LOCAL.test(plain)))
    return { key: `${dir}/*`, env: plain };
  const m = /^(.+?)[._-]([a-z]+)$/i.exec(stemless);
  if (m && CONFIG_STEMS.test(m[1]) && (DEPLOYED.test(m[2]) || LOCAL.test(m[2])))
    return { key: `${dir}/${m[1].toLowerCase()}.*`, env: m[2] };
  return undefined;
}

function checkProject(ctx: ProjectContext): void {
  const groups = new Map<string, Member[]>();
  for (const f of ctx.project.files) {
    if ((f.kind !== 'data' && f.kind !== 'source') || f.ignored || isTestPath(f.rel) || isExamplePath(f.rel)) continue;
    const g = groupOf(f);
    if (!g) continue;
    const list = groups.get(g.key) ?? [];
    list.push({ file: f, env: g.env });
    groups.set(g.key, list);
  }
  for (const members of groups.values()) {
    // A group: a deployed environment's file plus at least one sibling (another environment, or `default`).
    const deployed = members.filter((m) => DEPLOYED.test(m.env)).sort((a, b) => rank(a.env) - rank(b.env));
    const envs = new Set(members.map((m) => m.env.toLowerCase()));
    if (!deployed.length || envs.size < 2) continue;
    const at = deployed[0];

    const others = members
      .filter((m) => m !== at)
      .map((m) => path.basename(m.file.rel))
      .sort();
    const list =
      others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ');
    const firstLine = (ctx.read(at.file.path) ?? '').split(/\r?\n|\r/, 1)[0];
    ctx.report(
      at.file.path,
      { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
      { messageId: 'files', data: { file: path.basename(at.file.rel), others: list } },
      {
        data: { files: members.map((m) => m.file.path) },
      },
    );
  }
}

function rank(env: string): number {
  return /^prod/i.test(env) ? 0 : 1;
}

function appliesTo(ctx: ProjectContext): boolean {
  return ctx.project.files.some((f) => f.kind === 'data' || f.kind === 'source');
}

export const perEnvironmentConfigFiles = defineRule({
  meta: {
    id: 'config/per-environment-config-files',
    factor: 'config',
    severity: 'warning',
    description:
      'Config grouped by named environment and selected by NODE_ENV: files (config/production.json, config.staging.js) or an object keyed by environment in code.',
    why: "Config is set per deploy in environment variables (factor III): grouped by named environment, every new deploy needs a code change and every environment's values live in the code. Read each value from its own variable and keep only local defaults in files (node-config maps variables in config/custom-environment-variables.json).",
    messages: {
      files: '{{file}} (with {{others}}) splits config by environment name.',
      grouped: 'Config grouped by named environment ({{environments}}) and picked by {{selector}}.',
      groupedOnLine:
        'Config grouped by named environment ({{environments}}) and picked by {{selector}} on line {{line}}.',
      moduleByName: 'Settings module {{module}} is picked by environment name ({{selector}}).',
      groupedForImport:
        'Config classes grouped by environment name ({{environments}}) in `{{name}}`, to be picked by name.',
    },
  },
  sources: [perEnvironmentConfigFilesJs, perEnvironmentConfigFilesPy],
  checkProject,
  appliesTo,
});
