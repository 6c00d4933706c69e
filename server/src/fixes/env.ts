// "Move into the environment": the literal becomes `process.env.NAME`, the value goes to `.env`
// (git-ignored), and only the key goes to `.env.example`.
import * as path from 'path';
import type { FileEdit, Fix, FixContext, Range, TextEdit } from '../core/types';
import { envValues, isShellName, parseEnvFile, quoteEnvValue } from '../platform/envFile';
import { isRealPathInside } from '../util/safeRead';
import { eolOf } from '../util/text';
import { appendLine, ignoreFilePlan } from './gitignore';

export interface MoveToEnvRequest {
  /** File holding the literal. */
  file: string;
  /** Range of the whole literal (quotes included) to replace. */
  range: Range;
  value: string;
  /** Candidate names, best first (e.g. STRIPE_SECRET_KEY, then one derived from the variable). */
  names: string[];
  /** What `.env.example` should show as the value: '' for secrets, a credential-free URL for URLs. */
  exampleValue?: string;
  /** Code that reads the variable, given its name. */
  expression?: (name: string) => string;
  /** Further edits of the same file the read needs (a Python file's `import os`). */
  sourceEdits?: TextEdit[];
  preferred?: boolean;
}

/** The folder whose `.env` the app loads: the project's root (where `npm start` runs). */
function envDir(file: string, ctx: FixContext): string {
  return ctx.project?.root ?? ctx.workspace.root;
}

/**
 * Picks the variable name: an existing key with the same value, else the first free candidate. Only names a shell
 * can assign are used, since a shell that sources `.env` runs a `KEY=…` line whose key it can't assign.
 */
export function chooseEnvName(req: MoveToEnvRequest, envText: string | undefined): { name: string; reused: boolean } {
  const entries = envText ? parseEnvFile(envText) : [];
  const values = envValues(envText ?? '');
  const same = entries.find((e) => isShellName(e.key) && values.get(e.key) === req.value);
  if (same) return { name: same.key, reused: true };
  const taken = new Set(entries.map((e) => e.key));
  const names = req.names.filter(isShellName);
  for (const n of names) if (!taken.has(n)) return { name: n, reused: false };
  const base = names[0] ?? 'SECRET';
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return { name: `${base}_${i}`, reused: false };
}

export function moveToEnvFix(req: MoveToEnvRequest, ctx: FixContext): Fix {
  const root = ctx.workspace.root;
  const dir = envDir(req.file, ctx);
  const envPath = path.join(dir, '.env');
  const examplePath = path.join(dir, '.env.example');
  const envText = ctx.read(envPath);
  const { name, reused } = chooseEnvName(req, envText);
  const title = `Move ${name} to .env`;
  // The secret goes nowhere but a regular file inside the workspace: a committed `.env` linking to ~/.bashrc
  // must not receive it.
  if (!isRealPathInside(root, envPath))
    return { title, disabled: '.env links outside the workspace, so the fix does not write to it.' };
  if (envText === undefined && ctx.exists(envPath))
    return { title, disabled: '.env is not a readable text file (a folder, a device, or too large).' };
  const edits: FileEdit[] = [];
  const expr = req.expression ? req.expression(name) : `process.env.${name}`;
  edits.push({ path: req.file, edits: [...(req.sourceEdits ?? []), { range: req.range, newText: expr }] });
  if (!reused) {
    const quoted = quoteEnvValue(req.value);
    if (!quoted.ok) return { title, disabled: `The value can't be written to .env safely: ${quoted.reason}.` };
    const line = `${name}=${quoted.text}`;
    if (envText === undefined) {
      edits.push({ path: envPath, create: true, edits: [{ range: zeroRange(), newText: line + '\n' }] });
    } else {
      const edit = appendEnvLine(envText, line);
      // The file's own text could change how the new line reads (an unclosed quote above it): check the result.
      if (!readsBack(envText, envText + edit.newText, name, req.value)) {
        return { title, disabled: ".env's existing text would change how the new line reads; fix .env first." };
      }
      edits.push({ path: envPath, edits: [edit] });
    }
  }
  const skipped: string[] = [];
  const example = exampleEdit(examplePath, name, req.exampleValue ?? '', ctx);
  if (typeof example === 'string') skipped.push(`.env.example not updated: ${example}`);
  else if (example) edits.push(example);
  const ignore = ignoreFilePlan(envPath, ctx);
  if (ignore.kind === 'edit') edits.push(ignore.edit);
  else if (ignore.kind === 'refused') skipped.push(`not git-ignored: ${ignore.reason}`);
  return {
    title: skipped.length ? `${title} (${skipped.join('; ')})` : title,
    // A .env git doesn't ignore may be committed with the secret: the user decides, knowingly.
    preferred: skipped.length ? false : (req.preferred ?? true),
    edits,
  };
}

/** The `.env.example` edit adding the key, undefined when it has it, or why the file is left alone. */
function exampleEdit(
  examplePath: string,
  name: string,
  exampleValue: string,
  ctx: FixContext,
): FileEdit | string | undefined {
  if (!isRealPathInside(ctx.workspace.root, examplePath)) return 'it links outside the workspace';
  const text = ctx.read(examplePath);
  if (text === undefined && ctx.exists(examplePath)) return 'it is not a readable text file';
  if (text !== undefined && parseEnvFile(text).some((e) => e.key === name)) return undefined;
  // Shown as an example, but people copy it to .env and source it: quoted like a value, or left blank.
  const quoted = quoteEnvValue(exampleValue);
  const line = `${name}=${quoted.ok ? quoted.text : ''}`;
  return text === undefined
    ? { path: examplePath, create: true, edits: [{ range: zeroRange(), newText: line + '\n' }] }
    : { path: examplePath, edits: [appendEnvLine(text, line)] };
}

/**
 * Appends a line to a `.env` text. After a last line ending in `\` a blank line goes first: a shell would join
 * the next line to it (dotenv reads both forms the same).
 */
export function appendEnvLine(text: string, line: string): { range: Range; newText: string } {
  const edit = appendLine(text, line);
  const lastLine =
    text
      .replace(/(\r\n|\r|\n)$/, '')
      .split(/\r\n|\r|\n/)
      .pop() ?? '';
  const continues = /(^|[^\\])(\\\\)*\\$/.test(lastLine);
  return continues ? { range: edit.range, newText: eolOf(text) + edit.newText } : edit;
}

/** Whether `after` sets `name` to `value` and every key of `before` as it was. */
function readsBack(before: string, after: string, name: string, value: string): boolean {
  const was = envValues(before);
  const now = envValues(after);
  if (now.get(name) !== value) return false;
  for (const [k, v] of was) if (k !== name && now.get(k) !== v) return false;
  return true;
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** `postgres://user:pass@db:5432/app` → `postgres://db:5432/app`, for `.env.example`. */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/i, '$1');
}
