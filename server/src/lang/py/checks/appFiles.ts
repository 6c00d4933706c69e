// Which Python files the Python checks treat as the app's own running code: not tests, examples or tooling folders
// (`scripts/`, `bin/`, `migrations/`, …: detect/appCode.ts; a shebang is common on an app's own Python entry files, so
// only the path counts), nor folders named as examples with a prefix (`push-examples/`, `code_samples/`, `api-demo/`),
// which core/paths.ts does not count (a script there is a sample for users to copy, not a process of the app).
import { isToolingFile } from '../../../detect/appCode';

const EXAMPLE_LIKE = /(^|\/)[\w.-]*[-_.](examples?|samples?|demos?)\/|(^|\/)(examples?|samples?|demos?)[-_.][\w.-]*\//i;

export function isPyAppCode(ctx: { rel: string; isTest: boolean; isExample: boolean }): boolean {
  return !ctx.isTest && !ctx.isExample && !isToolingFile(ctx.rel, '') && !EXAMPLE_LIKE.test(ctx.rel);
}
