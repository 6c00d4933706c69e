// Committed `.env` files that are not an app's private config: Docker Compose's own settings file, and a local
// development file that says so and holds no secret (the full-stack-fastapi-template's and Heroku's getting-started
// `.env`, tracked on purpose as documented defaults). Both are narrow: one secret-looking value, or no word that
// the file is for development, and the file is a `.env` like any other.
import type { EnvFile } from '../core/model';
import { findProviderSecrets, isSecretName, looksLikeSecretValue } from './secrets';
import { urlCredential } from './urls';

/** Settings Docker Compose reads from the `.env` of its project folder (its CLI variables), not the app's config. */
const COMPOSE_SETTING = /^(COMPOSE_[A-Z0-9_]+|DOCKER_HOST|DOCKER_DEFAULT_PLATFORM|DOCKER_BUILDKIT|BUILDKIT_PROGRESS)$/;

/** A `.env` that holds Docker Compose settings and nothing else (`COMPOSE_PROJECT_NAME=paperless`). */
export function holdsOnlyComposeSettings(env: EnvFile): boolean {
  return env.entries.length > 0 && env.entries.every((e) => COMPOSE_SETTING.test(e.key));
}

/** Variables that name the running environment, as a `.env` sets them: `ENVIRONMENT`, `APP_ENV`, `FASTAPI_ENV`. */
const MODE_KEY = /^(ENV|ENVIRONMENT|APP_ENVIRONMENT|STAGE|APP_STAGE|[A-Z][A-Z0-9]*_ENV)$/;

/**
 * A `.env` that declares itself local development (`ENVIRONMENT=development`, `FASTAPI_ENV=local`) and holds no
 * secret: no provider-format key, no secret-named key with a secret-looking value (`SECRET_KEY=changethis` is a
 * placeholder), no URL with a real password. Such a file is a project's committed development defaults.
 */
export function isSecretFreeDevEnv(env: EnvFile): boolean {
  if (!env.entries.some((e) => MODE_KEY.test(e.key) && /^(development|dev|local)$/i.test(e.value.trim()))) return false;
  return env.entries.every(
    (e) =>
      !findProviderSecrets(e.value).length &&
      !(isSecretName(e.key) && looksLikeSecretValue(e.value, e.key)) &&
      !(e.value.includes('@') && urlCredential(e.value)),
  );
}
