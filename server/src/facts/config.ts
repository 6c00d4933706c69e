// What the config rules' source checks record for their project halves, whatever the language, and the
// language-neutral helpers both halves of a rule use.
import type { Message, Range } from '../core/types';
import { ownFact } from '../core/facts';
import type { PySettingsFact } from './pySettings';
import type { UrlCredential } from '../detect/urls';
import { redactUrl } from '../util/redact';
import { clip } from '../util/text';

/**
 * An environment variable a file reads (env-example-drift). `alts`: the variables read before this one in an
 * `A || B` chain (B is A's legacy alias: documenting A is enough). `flag`: compared with a literal (`X === 'true'`),
 * so a missing variable simply means "off".
 */
export interface EnvRead {
  name: string;
  range: Range;
  alts?: string[];
  flag?: boolean;
  /** Made only when some variable is set (`if 'X' in os.environ:`): the app runs without it. */
  optional?: boolean;
}
export const ENV_READS = ownFact<EnvRead[]>('config/env-example-drift', 'reads');

/** A call that loads an example env file (`.env.example`) as the live config (hardcoded-secret). */
export interface ExampleLoad {
  range: Range;
  name: string;
}
export const EXAMPLE_LOADS = ownFact<ExampleLoad[]>('config/hardcoded-secret', 'example-env-loads');

/**
 * A read of a `PUBLIC_` variable (secret-exposed-to-client): a client prefix only in SvelteKit/Astro projects, which
 * the project half can tell.
 */
export interface PublicRead {
  name: string;
  range: Range;
}
export const PUBLIC_READS = ownFact<PublicRead[]>('config/secret-exposed-to-client', 'public-reads');

// hardcoded-secret's URL passwords, in code and in data files alike: the message and where the finding goes.

/** The message for a URL that embeds a password: the user's, or the service's when the URL names no user. */
export function urlMessage(c: UrlCredential, value: string): Message<'urlUser' | 'urlService'> {
  const data = { scheme: c.scheme, url: clip(redactUrl(value)) };
  return c.user ? { messageId: 'urlUser', data: { ...data, user: c.user } } : { messageId: 'urlService', data };
}

/**
 * The password inside a URL value, where this finding goes: `backing-services/hardcoded-url` reports the whole URL
 * as a hardcoded location, so each finding sits on its own problem rather than both on one span. `raw` is the value
 * as written at file offset `at`, bare or in quotes (a JSON string, a quoted YAML scalar, a code literal); with
 * escapes the value's offsets are not the file's, and the caller keeps the whole value.
 */
export function passwordSpanIn(
  raw: string,
  value: string,
  cred: UrlCredential,
  at: number,
  range: (start: number, end: number) => Range,
): Range | undefined {
  const inner = raw === value ? 0 : raw.length === value.length + 2 && raw.slice(1, -1) === value ? 1 : -1;
  if (inner < 0) return undefined;
  const [start, end] = cred.passwordSpan;
  return range(at + inner + start, at + inner + end);
}

/** What a Python module sets, and hardcoded-secret's findings at its module-level settings (facts/pySettings.ts). */
export const PY_SECRET_SETTINGS = ownFact<PySettingsFact>('config/hardcoded-secret', 'py-settings');
/** The same for hardcoded-debug. */
export const PY_DEBUG_SETTINGS = ownFact<PySettingsFact>('config/hardcoded-debug', 'py-settings');
