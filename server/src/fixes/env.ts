// "Move into the environment": the literal becomes `process.env.NAME`, the value goes to `.env`
// (git-ignored), and only the key goes to `.env.example`.
import * as path from 'path';
import type { FileEdit, Fix, FixContext, Range } from '../engine/types';
import { parseEnvFile, quoteEnvValue } from '../parsers/envFile';
import { appendLine, ignoreFileEdit } from './gitignore';

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
  preferred?: boolean;
}

/** The folder whose `.env` the app loads: the project's root (where `npm start` runs). */
function envDir(file: string, ctx: FixContext): string {
  return ctx.project?.root ?? ctx.workspace.root;
}

/** Picks the variable name: an existing key with the same value, else the first free candidate. */
export function chooseEnvName(req: MoveToEnvRequest, envText: string | undefined): { name: string; reused: boolean } {
  const entries = envText ? parseEnvFile(envText) : [];
  const same = entries.find((e) => e.value === req.value);
  if (same) return { name: same.key, reused: true };
  const taken = new Set(entries.map((e) => e.key));
  for (const n of req.names) if (n && !taken.has(n)) return { name: n, reused: false };
  const base = req.names.find(Boolean) ?? 'SECRET';
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return { name: `${base}_${i}`, reused: false };
}

export function moveToEnvFix(req: MoveToEnvRequest, ctx: FixContext): Fix {
  const dir = envDir(req.file, ctx);
  const envPath = path.join(dir, '.env');
  const examplePath = path.join(dir, '.env.example');
  const envText = ctx.read(envPath);
  const { name, reused } = chooseEnvName(req, envText);
  const edits: FileEdit[] = [];
  const expr = req.expression ? req.expression(name) : `process.env.${name}`;
  edits.push({ path: req.file, edits: [{ range: req.range, newText: expr }] });
  if (!reused) {
    const line = `${name}=${quoteEnvValue(req.value)}`;
    edits.push(envText === undefined
      ? { path: envPath, create: true, edits: [{ range: zeroRange(), newText: line + '\n' }] }
      : { path: envPath, edits: [appendLine(envText, line)] });
  }
  const exampleText = ctx.read(examplePath);
  const exampleHasKey = exampleText !== undefined && parseEnvFile(exampleText).some((e) => e.key === name);
  if (!exampleHasKey) {
    const line = `${name}=${req.exampleValue ?? ''}`;
    edits.push(exampleText === undefined
      ? { path: examplePath, create: true, edits: [{ range: zeroRange(), newText: line + '\n' }] }
      : { path: examplePath, edits: [appendLine(exampleText, line)] });
  }
  const ignoreEdit = ignoreFileEdit(envPath, ctx);
  if (ignoreEdit) edits.push(ignoreEdit);
  return { title: `Move ${name} to .env`, preferred: req.preferred ?? true, edits };
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** `postgres://user:pass@db:5432/app` → `postgres://db:5432/app`, for `.env.example`. */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/i, '$1');
}
