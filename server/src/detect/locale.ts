// Translation catalogues: locale files hold UI labels ("API Key": "API-Schlüssel"), never credentials.

/** Folders that hold translations, wherever they are (`src/lang/`, `public/locales/de/`, `shared/i18n/`). */
const LOCALE_DIR = /(^|\/)(locales?|lang|langs|languages?|i18n|l10n|translations?|intl|nls)\//i;
/** Catalogue formats that only ever hold translations. */
const CATALOGUE_EXT = /\.(po|pot|xliff|xlf|arb)$/i;
/** `translation.json`, `messages/*.json`, `strings.yaml`. */
const CATALOGUE_NAME = /(^|\/)(translations?|messages|strings)(\.[\w-]+)?\.(json|ya?ml)$|(^|\/)messages\/[^/]+\.json$/i;
/** A file named by a locale with its region or script: `de-DE.json`, `zh_Hant_TW.yml`, `pt-BR.json`. */
const REGION_LOCALE_NAME = /(^|\/)[a-z]{2,3}[-_]([A-Z][a-z]{3}[-_])?([A-Z]{2}|\d{3}|[A-Z][a-z]{3})\.(json|ya?ml)$/;

/** Whether a data file (path relative to its project, `/` separators) is a translation catalogue. */
export function isLocalePath(rel: string): boolean {
  return LOCALE_DIR.test(rel) || CATALOGUE_EXT.test(rel) || CATALOGUE_NAME.test(rel) || REGION_LOCALE_NAME.test(rel);
}
