// Environment variable names: which ones the platform or the shell provides (never documented by the app),
// which prefixes frameworks inline into client bundles, and which client-side names hold secrets.
import * as path from 'path';
import type { EnvFile, Project } from '../core/model';
import { isTestPath, isExamplePath } from '../core/paths';

/** Set by the OS, the shell, Node, npm, CI systems or hosting platforms: nobody writes them into .env.example. */
const PROVIDED = new Set([
  'NODE_ENV',
  'NODE_OPTIONS',
  'NODE_DEBUG',
  'NODE_PATH',
  'NODE_APP_INSTANCE',
  'NODE_UNIQUE_ID',
  'NODE_EXTRA_CA_CERTS',
  'HOME',
  'PATH',
  'PWD',
  'OLDPWD',
  'USER',
  'USERNAME',
  'LOGNAME',
  'SHELL',
  'TERM',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'HOSTNAME',
  'EDITOR',
  'VISUAL',
  'COLUMNS',
  'LINES',
  'SHLVL',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'COMPUTERNAME',
  'SYSTEMROOT',
  'WINDIR',
  'PROGRAMFILES',
  'COMSPEC',
  'FORCE_COLOR',
  'NO_COLOR',
  'INIT_CWD',
  'CI',
  'CONTINUOUS_INTEGRATION',
  'BUILD_NUMBER',
  'GITHUB_ACTIONS',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_WORKSPACE',
  'GITHUB_REPOSITORY',
  'GITHUB_EVENT_NAME',
  'GITHUB_HEAD_REF',
  'GITHUB_BASE_REF',
  'GITHUB_SERVER_URL',
  'GITLAB_CI',
  'BUILDKITE',
  'CIRCLECI',
  'TRAVIS',
  'JENKINS_URL',
  'DYNO',
  'SOURCE_VERSION',
  'VERCEL',
  'NETLIFY',
  'RENDER',
  'K_SERVICE',
  'K_REVISION',
  'K_CONFIGURATION',
  'LAMBDA_TASK_ROOT',
  'AWS_EXECUTION_ENV',
  '_HANDLER',
  'KUBERNETES_SERVICE_HOST',
  'KUBERNETES_SERVICE_PORT',
  'NEXT_RUNTIME',
  'NEXT_PHASE',
  'JEST_WORKER_ID',
  'VITEST',
  'VITEST_WORKER_ID',
  'MOCHA_WORKER_ID',
  // Proxy settings every HTTP tool honours, set by the machine or the network, not by the app's deployer.
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  // Set by Expo's bundler, and Datadog's unified service tags set by its agent or deploy tooling.
  'EXPO_OS',
  'DD_ENV',
  'DD_SERVICE',
  'DD_VERSION',
  // Python's runtime and Django's settings selector, set by the interpreter's caller or the app's own entry points.
  'PYTHONPATH',
  'PYTHONUNBUFFERED',
  'PYTHONDONTWRITEBYTECODE',
  'PYTHONHASHSEED',
  'VIRTUAL_ENV',
  'DJANGO_SETTINGS_MODULE',
]);
const PROVIDED_PREFIX =
  /^(npm_|LC_|VERCEL_|NETLIFY_|RENDER_|RAILWAY_|FLY_|HEROKU_|CI_|GAE_|FUNCTION_|AWS_LAMBDA_|__NEXT_|TURBO_|OPENSHIFT_)/;

/** `import.meta.env` keys Vite and Astro define themselves. */
export const VITE_BUILTINS = new Set(['MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'SITE', 'ASSETS_PREFIX']);

export function isProvidedEnvVar(name: string): boolean {
  // Platforms also expose their variables under client prefixes (NEXT_PUBLIC_VERCEL_URL).
  const bare = name.replace(/^(NEXT_PUBLIC_|VITE_|REACT_APP_|GATSBY_|EXPO_PUBLIC_|NUXT_PUBLIC_|PUBLIC_)/, '');
  return PROVIDED.has(name) || PROVIDED_PREFIX.test(name) || (bare !== name && PROVIDED_PREFIX.test(bare));
}

/** Prefixes whose variables frameworks inline into browser bundles. `PUBLIC_` only counts for SvelteKit/Astro. */
const CLIENT_PREFIXES = [
  'NEXT_PUBLIC_',
  'NUXT_PUBLIC_',
  'EXPO_PUBLIC_',
  'REACT_APP_',
  'VITE_',
  'GATSBY_',
  'VUE_APP_',
  'STORYBOOK_',
];
const PUBLIC_PREFIX_FRAMEWORKS = ['@sveltejs/kit', 'astro'];

export function clientPrefixOf(name: string, project: Project | undefined): string | undefined {
  const p = CLIENT_PREFIXES.find((x) => name.startsWith(x) && name.length > x.length);
  if (p) return p;
  if (name.startsWith('PUBLIC_') && name.length > 7 && project && dependsOnAny(project, PUBLIC_PREFIX_FRAMEWORKS))
    return 'PUBLIC_';
  return undefined;
}

export function dependsOnAny(project: Project, names: string[]): boolean {
  for (let p: Project | undefined = project; p; p = p.parent) {
    if (names.some((n) => p!.pkg?.deps.has(n))) return true;
  }
  return false;
}

// Names that are public by design even though they say "key" or "token": publishable/anon/site keys,
// client ids, analytics write keys, map tokens, Sentry DSNs, Firebase web config.
const PUBLISHABLE =
  /(^|_)(PUBLISHABLE|PUBLIC|ANON|SITE_KEY|CLIENT_ID|APP_ID|MEASUREMENT_ID|TRACKING_ID|WRITE_KEY|DSN|FIREBASE|MAPS?|MAPBOX|ALGOLIA_SEARCH|SEARCH_KEY|SEARCH_API_KEY|POSTHOG|AMPLITUDE|MIXPANEL|SEGMENT|ANALYTICS|GA|GA4|GTM|CLIENT_TOKEN|RUM|BROWSER)(_|$)|_ID$/;
// Words that make a client-side name a secret whatever the provider. SECRET and PASSWORD also count at the end
// of a run-together word (JWTSECRET, DBPASSWORD), so wherever they occur before `_` or the end.
const SECRET_WORD =
  /(^|_)(SECRETS?|PASS|PRIVATE_KEY|SERVICE_ROLE|SERVICE_ROLE_KEY|SERVICE_KEY|SECRET_KEY|CLIENT_SECRET|MASTER_KEY|AUTH_TOKEN|BOT_TOKEN|SIGNING_KEY|ENCRYPTION_KEY|WEBHOOK_SECRET)(_|$)|(SECRETS?|PASSWORD|PASSWD)(_|$)/;

/**
 * An administrator's credential: ADMIN_KEY, ADMIN_TOKEN, ADMIN_API_TOKEN, ADMIN_ACCESS_KEY, SUPERADMIN_TOKEN; not the
 * keys a front end names things by (ADMIN_STORAGE_KEY, ADMIN_SORT_KEY) nor per-session CSRF tokens.
 * `/(^|_|SUPER)ADMIN(_[A-Z0-9]+)*_(TOKEN|KEY)$/`, read backwards one `_SEGMENT` at a time: the regex read to the end
 * from every ADMIN of a long name.
 */
function isAdminCredential(name: string): boolean {
  const last = /_(TOKEN|KEY)$/.exec(name);
  if (!last) return false;
  let end = last.index;
  for (;;) {
    if (name.endsWith('ADMIN', end) && (end === 5 || name[end - 6] === '_' || name.endsWith('SUPER', end - 5)))
      return true;
    let i = end - 1;
    while (i >= 0 && /[A-Z0-9]/.test(name[i])) i--;
    if (i < 0 || i === end - 1 || name[i] !== '_') return false;
    end = i;
  }
}
const NAMING_KEY =
  /(^|_)(SORT|CACHE|STORAGE|QUERY|PARTITION|PRIMARY|ROUTING|HOT|SHORTCUT|COOKIE|I18N|TRANSLATION|FEATURE|FLAG|EVENT|CSRF|XSRF)_(KEY|TOKEN)$/;
// Names about a secret rather than holding one: where to send it, how long it must be, what it is called.
const ABOUT_A_SECRET =
  /_(URL|URI|PATH|ROUTE|PAGE|ENDPOINT|HEADER|HEADER_NAME|NAME|LABEL|HINT|FIELD|PARAM|LENGTH|MIN_LENGTH|MAX_LENGTH|POLICY|REGEX|PATTERN|RULES|STRENGTH|ENABLED|REQUIRED|ID|ARN|REGION)$/;
const SERVER_URL = /^(DATABASE|DB|POSTGRES|POSTGRESQL|PG|MYSQL|MONGO|MONGODB|REDIS)_(URL|URI|CONNECTION_STRING|DSN)$/;
// Providers whose API keys and tokens are never meant for a browser.
const SERVER_ONLY_PROVIDER =
  /^(OPENAI|ANTHROPIC|SENDGRID|MAILGUN|RESEND|POSTMARK|TWILIO|GROQ|COHERE|MISTRAL|REPLICATE|HUGGINGFACE|HF|PINECONE|ELEVENLABS|GITHUB|GITLAB|SLACK|DISCORD|TELEGRAM|NPM|SENTRY_AUTH|AWS|DEEPSEEK|PERPLEXITY|TOGETHER|FIREWORKS|XAI)(_[A-Z0-9]+)*_(API_KEY|TOKEN|KEY|ACCESS_TOKEN)$/;

/** For a client-exposed variable (prefix stripped), why its name says it holds a secret, or undefined. */
export function clientSecretReason(rest: string): string | undefined {
  if (SERVER_URL.test(rest)) return 'a server-side connection string';
  if (ABOUT_A_SECRET.test(rest)) return undefined;
  // A demo or sandbox account's password is shown to visitors on purpose (NEXT_PUBLIC_DEMO_PASSWORD prefills a login).
  if (/(^|_)(DEMO|SANDBOX|GUEST)(_|$)/.test(rest)) return undefined;
  if (SECRET_WORD.test(rest) && !/(^|_)(PUBLISHABLE|ANON)(_|$)/.test(rest)) return 'a secret';
  // Before the provider exemptions: FIREBASE_ADMIN_KEY is the Admin SDK's, not the web config's.
  if (
    isAdminCredential(rest) &&
    !NAMING_KEY.test(rest) &&
    !/(^|_)(PUBLISHABLE|PUBLIC|ANON|SITE_KEY|CLIENT_ID)(_|$)/.test(rest)
  )
    return 'an admin credential';
  if (PUBLISHABLE.test(rest)) return undefined;
  if (SERVER_ONLY_PROVIDER.test(rest)) return 'a server-only API credential';
  return undefined;
}

/** Example files (.env.example, .env.sample, .env.template …) of a project, outside tests and docs. */
export function exampleEnvFiles(project: Project): EnvFile[] {
  return project.envFiles.filter((e) => e.isExample && !isTestPath(e.rel) && !isExamplePath(e.rel));
}

/** `.env.development`, `.env.production`, `.env.test` …: the per-mode files some tools load and document committing. */
export function envModeOf(file: string): string | undefined {
  const m = /^\.env\.([a-z]+)$/i.exec(path.basename(file));
  if (!m) return undefined;
  return /^(development|dev|production|prod|test|testing|staging|preview|ci)$/i.test(m[1])
    ? m[1].toLowerCase()
    : undefined;
}

/** Tools that load `.env.<mode>` files and whose docs say to commit them (secrets go in `.env*.local`). */
export const MODE_FILE_TOOLS = [
  'next',
  'vite',
  'react-scripts',
  'nuxt',
  'gatsby',
  '@vue/cli-service',
  'astro',
  '@sveltejs/kit',
  'expo',
  'dotenv-flow',
  '@remix-run/dev',
  '@angular/cli',
  'parcel',
];

/** "a Stripe secret key", "an AWS access key ID", "an npm token". */
export function withArticle(noun: string): string {
  return `${/^([aeiou]|npm\b)/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** Variables that carry the port the HTTP server binds to. */
export const PORT_VARS = /^(PORT|HTTP_PORT|APP_PORT|SERVER_PORT|WEB_PORT)$/;
