// Where a rule's documentation lives: docs/rules/<factor>/<rule>.md, shipped with the extension and the CLI.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

let docsRoot: string | undefined;

/** Finds docs/rules by walking up from the running file: works from the bundle (dist/) and from sources. */
export function docsDir(): string {
  if (docsRoot) return docsRoot;
  for (let d = __dirname; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'docs', 'rules');
    if (fs.existsSync(candidate)) return (docsRoot = candidate);
    if (path.dirname(d) === d) return (docsRoot = path.join(__dirname, '..', 'docs', 'rules'));
  }
}

export function docsPath(ruleId: string): string {
  return path.join(docsDir(), ...ruleId.split('/')) + '.md';
}

/** `codeDescription.href`: a file URL to the bundled page (the VS Code client turns it into a rendered preview link). */
export function docsUrl(ruleId: string): string {
  return pathToFileURL(docsPath(ruleId)).toString();
}

/** The repository the docs are published from (package.json's `repository`): the base of every docs web link. */
export const REPOSITORY_URL = 'https://github.com/twelve-factor-lint/twelve-factor';

/**
 * The rule's docs page on the web at a release: what SARIF `helpUri`, JSON `docsUrl` and the CI reports link to. Pinned
 * to the version's tag, so a report keeps pointing at the page that matches the rules that made it.
 */
export function docsWebUrl(ruleId: string, version: string): string {
  return `${REPOSITORY_URL}/blob/v${version}/docs/rules/${ruleId}.md`;
}

export function docsMarkdown(ruleId: string): string | undefined {
  try {
    return fs.readFileSync(docsPath(ruleId), 'utf8');
  } catch {
    return undefined;
  }
}
