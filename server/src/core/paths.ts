// What a file path says about the file: tests, examples, docs.
const TEST_DIR =
  /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|specs?|fixtures?|mocks?|e2e|cypress|playwright|testing|stories|storybook|\.storybook)\//i;
const TEST_FILE =
  /\.(test|spec|e2e|stories|story|mock|fixture)\.[cm]?[jt]sx?$|(^|\/)(test|setup-?tests?|jest\.setup|vitest\.setup|vitest\.config|jest\.config|playwright\.config|cypress\.config)\.[cm]?[jt]sx?$/i;
const EXAMPLE_DIR = /(^|\/)(examples?|samples?|demos?|docs?|documentation)\//i;

export function isTestPath(rel: string): boolean {
  return TEST_DIR.test(rel) || TEST_FILE.test(rel);
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

export function isSourcePath(p: string): boolean {
  return SOURCE_EXT.test(p) && !/\.d\.[cm]?ts$/.test(p) && !/\.min\.js$/.test(p);
}
