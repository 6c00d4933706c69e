// config/secret-in-example: a real-looking credential in .env.example / .env.sample / .env.template, which git
// tracks and everyone copies.
import * as path from 'path';
import { defineRule, type Finding, type Fix, type FixContext, type ProjectContext } from '../../core/types';
import { findProviderSecrets, isSecretName, looksLikeSecretValue } from '../../detect/secrets';
import { exampleEnvFiles, withArticle } from '../../detect/envVars';
import { envValues, parseEnvFile } from '../../platform/envFile';
import { LineIndex } from '../../util/text';
import { describeSecret } from '../../util/redact';
import { urlCredential } from '../../detect/urls';

/**
 * Example values are often memorable fakes (`supersecretkey123`, `my-jwt-secret-2024`): mostly made of
 * lowercase words. Random credentials rarely hold a run of four or more lowercase letters.
 */
export function isWordy(value: string): boolean {
  // `my-jwt-secret-2024`: separated lowercase words and numbers are made up by a person.
  const segments = value.split(/[-_.]/);
  if (segments.length >= 3 && segments.every((p) => /^[a-z]+$|^\d+$/.test(p))) return true;
  const words = value
    .split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])/)
    .filter((w) => w.length >= 4 && /^[A-Z]?[a-z]+$/.test(w) && /[aeiouy]/i.test(w));
  const covered = words.reduce((n, w) => n + w.length, 0);
  return covered >= value.length / 2;
}

/** `p4sta.w1th-b0logn3s3-s@uce`: a memorable phrase in leetspeak reads as words once the digits are letters again. */
function deLeet(value: string): string {
  const map: Record<string, string> = {
    '4': 'a',
    '@': 'a',
    '3': 'e',
    '1': 'i',
    '!': 'i',
    '0': 'o',
    '5': 's',
    $: 's',
    '7': 't',
  };
  return value.replace(/[4@31!05$7]/g, (c) => map[c]);
}

/** Words joined by separators (a phrase), written in leetspeak; a hex or base64 secret has no separators to split on. */
function isLeetPhrase(value: string): boolean {
  return (value.match(/[._\- ]/g)?.length ?? 0) >= 2 && isWordy(deLeet(value));
}

/** Twilio's magic test numbers (+15005550006 …) only work with its test credentials: the file holds those. */
const TWILIO_TEST_NUMBER = /^\+1500555\d{4}$/;

function checkProject(ctx: ProjectContext): void {
  for (const env of exampleEnvFiles(ctx.project)) {
    const base = path.basename(env.path);
    const twilioTest = env.entries.some((e) => TWILIO_TEST_NUMBER.test(e.value.trim()));
    for (const e of env.entries) {
      if (!e.value || (twilioTest && /(^|_)TWILIO_/.test(e.key))) continue;
      const provider = findProviderSecrets(e.value)[0];
      if (provider) {
        ctx.report(
          env.path,
          e.valueRange,
          {
            messageId: 'providerSecret',
            data: { file: base, secret: withArticle(provider.provider), value: describeSecret(provider.value) },
          },
          {
            severity: provider.live ? 'error' : 'warning',
            data: { key: e.key },
          },
        );
      } else if (
        isSecretName(e.key) &&
        looksLikeSecretValue(e.value, e.key) &&
        !isWordy(e.value) &&
        !isLeetPhrase(e.value)
      ) {
        ctx.report(
          env.path,
          e.valueRange,
          { messageId: 'realLooking', data: { key: e.key, file: base, value: describeSecret(e.value) } },
          {
            data: { key: e.key },
          },
        );
      } else {
        // SMTP_URL=smtps://postmaster:3f9c…@smtp.eu.mailgun.org: a real password inside a URL (local hosts and
        // placeholder passwords such as `postgres://postgres:postgres@localhost` do not count).
        const cred = e.value.includes('@') ? urlCredential(e.value) : undefined;
        if (cred && !isWordy(cred.password)) {
          ctx.report(
            env.path,
            e.valueRange,
            cred.user
              ? { messageId: 'userPassword', data: { key: e.key, file: base, user: cred.user } }
              : { messageId: 'servicePassword', data: { key: e.key, file: base } },
            {
              data: { key: e.key },
            },
          );
        }
      }
    }
  }
}

function fixes(finding: Finding, ctx: FixContext): Fix[] {
  const key = (finding.data as { key?: string } | undefined)?.key;
  const text = ctx.read(finding.path);
  if (!key || text === undefined) return [];
  // Re-find the entry in the current text: the value may have been edited since the scan.
  const entry = parseEnvFile(text).find((e) => e.key === key && e.line === finding.range.start.line);
  if (!entry || !entry.value) return [];
  // `KEY=` takes the next line as its value when that line starts with a quote: then `KEY=''`.
  const lines = LineIndex.of(text);
  const [start, end] = [lines.offset(entry.valueRange.start), lines.offset(entry.valueRange.end)];
  const blanks = (newText: string) => {
    const after = text.slice(0, start) + newText + text.slice(end);
    const was = envValues(text);
    const now = envValues(after);
    return (
      parseEnvFile(after).some((e) => e.key === key && e.line === entry.line && e.value === '') &&
      [...was].every(([k, v]) => k === key || now.get(k) === v)
    );
  };
  const newText = ['', "''"].find(blanks);
  if (newText === undefined) return [];
  return [
    {
      title: `Blank the value of ${key}`,
      preferred: true,
      fixAll: true,
      edits: [{ path: finding.path, edits: [{ range: entry.valueRange, newText }] }],
    },
  ];
}

function appliesTo(ctx: ProjectContext): boolean {
  return exampleEnvFiles(ctx.project).length > 0;
}

export const secretInExample = defineRule({
  meta: {
    id: 'config/secret-in-example',
    inputs: ['env'],
    factor: 'config',
    severity: 'warning',
    description: 'A real-looking secret in .env.example or another committed example env file.',
    why: 'Example env files are committed and copied, so they document config without its values (factor III). Leave the value blank or use a placeholder such as `change-me`, and rotate a secret that was ever real.',
    fixable: true,
    messages: {
      providerSecret: '{{file}} holds {{secret}} ({{value}}).',
      realLooking: '{{key}} in {{file}} has a real-looking value ({{value}}).',
      userPassword: "{{key}} in {{file}} embeds the password of user '{{user}}'.",
      servicePassword: '{{key}} in {{file}} embeds the password of the service.',
    },
  },
  checkProject,
  appliesTo,
  fixes,
});
