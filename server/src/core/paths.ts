// What a file path says about the file: tests, examples, docs.
const TEST_DIR =
  /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|specs?|fixtures?|mocks?|e2e|cypress|playwright|testing|stories|storybook|\.storybook)\//i;
const TEST_FILE =
  /\.(test|spec|e2e|stories|story|mock|fixture)\.[cm]?[jt]sx?$|(^|\/)(test|setup-?tests?|jest\.setup|vitest\.setup|vitest\.config|jest\.config|playwright\.config|cypress\.config)\.[cm]?[jt]sx?$/i;
/** pytest's and unittest's conventions (`tests/` is in TEST_DIR): `test_*.py`, `*_test.py`, `conftest.py`. */
const PY_TEST_FILE = /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;
const EXAMPLE_DIR = /(^|\/)(examples?|samples?|demos?|docs?|documentation)\//i;

export function isTestPath(rel: string): boolean {
  return TEST_DIR.test(rel) || TEST_FILE.test(rel) || PY_TEST_FILE.test(rel);
}

/**
 * Code kept as data: snippet folders, and TypeScript under a static or public folder, which no browser or server runs
 * as it is (juice-shop serves `data/static/codefixes/*.ts` to its users as text).
 */
const DATA_CODE =
  /(^|\/)(snippets?|code-?snippets)\/|(^|\/)data\/static\/|(^|\/)(?<!src\/)(static|public)\/(.*\/)?[^/]+\.[cm]?tsx?$/i;

/** Examples, samples, demos and docs, and code kept as data: none of it runs in a deploy. */
export function isExamplePath(rel: string): boolean {
  return EXAMPLE_DIR.test(rel) || DATA_CODE.test(rel);
}

export const SOURCE_EXT = /\.(m|c)?(j|t)sx?$/;

/**
 * The language of a source file by its name, as the id of the adapter that reads it (`js`, `py`), or undefined for a
 * file that is no source: declaration files, minified bundles, Python stubs (`.pyi`: types, never run).
 */
export function sourceLanguage(p: string): 'js' | 'py' | undefined {
  if (SOURCE_EXT.test(p)) return !/\.d\.[cm]?ts$/.test(p) && !/\.min\.js$/.test(p) ? 'js' : undefined;
  if (p.endsWith('.py')) return 'py';
  return undefined;
}

/** A source file of any language (discovery's `source` kind); `sourceLanguage` says which adapter reads it. */
export function isSourcePath(p: string): boolean {
  return sourceLanguage(p) !== undefined;
}
