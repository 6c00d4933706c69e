// Test helpers: scan a fixture folder (or files written on the fly) and apply fixes to a scratch copy.
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import type { Finding, Fix, Logger, ReportedFinding, Rule } from '../../server/src/core/types';
import { LineIndex } from '../../server/src/util/text';
import { makeTempDir } from './tempDirs';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

export interface Scan {
  engine: Engine;
  root: string;
  findings: ReportedFinding[];
  /** Findings of one rule, as `file:line` (1-based) with the workspace-relative file. */
  where(ruleId: string): string[];
  logs: string[];
}

export async function scan(
  root: string,
  rules: readonly Rule[] = ALL_RULES,
  ruleOptions?: Record<string, unknown>,
): Promise<Scan> {
  const logs: string[] = [];
  const logger: Logger = {
    info: (m) => logs.push(`info ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    error: (m) => logs.push(`error ${m}`),
  };
  const engine = new Engine({ root, rules, logger, ruleOptions });
  await engine.scan();
  const findings = engine.findings();
  return {
    engine,
    root,
    findings,
    logs,
    where: (id) =>
      findings.filter((f) => f.ruleId === id).map((f) => `${engine.rel(f.path)}:${f.range.start.line + 1}`),
  };
}

/** Writes `files` (relative path → content) into a fresh temp folder and returns its path. */
export function tempProject(files: Record<string, string | Buffer>): string {
  const root = makeTempDir('tf-test-');
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return root;
}

/** Copies a fixture folder to a temp folder, so fixes can be applied without touching the repo. */
export function copyFixture(rel: string): string {
  const src = path.join(FIXTURES, rel);
  const dst = makeTempDir('tf-fixture-');
  fs.cpSync(src, dst, { recursive: true });
  return dst;
}

export function scanFiles(files: Record<string, string>, rules?: readonly Rule[]): Promise<Scan> {
  return scan(tempProject(files), rules);
}

/** Applies a fix's edits to disk, as an editor would: every edit of a file against that file's text before the fix. */
export function applyFix(fix: Fix): void {
  for (const fe of fix.edits ?? []) {
    const before = fs.existsSync(fe.path) ? fs.readFileSync(fe.path, 'utf8') : '';
    if (!fe.create && !fs.existsSync(fe.path)) throw new Error(`fix edits missing file ${fe.path}`);
    const lines = new LineIndex(before);
    const edits = fe.edits
      .map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText }))
      .sort((a, b) => b.start - a.start || b.end - a.end);
    let text = before;
    for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    fs.mkdirSync(path.dirname(fe.path), { recursive: true });
    fs.writeFileSync(fe.path, text);
  }
}

export function read(root: string, rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

/** The fix of a finding whose title matches. */
export function fixFor(s: Scan, finding: Finding, title: RegExp): Fix {
  const fix = s.engine.fixesFor(finding).find((f) => title.test(f.title));
  if (!fix)
    throw new Error(
      `no fix matching ${title} for ${finding.ruleId}; got: ${s.engine
        .fixesFor(finding)
        .map((f) => f.title)
        .join(', ')}`,
    );
  return fix;
}

/** The finding of `ruleId` at `file:line` (1-based), or a readable failure listing where that rule did fire. */
export function findingAt(s: Scan, ruleId: string, file: string, line: number): Finding {
  const f = s.findings.find(
    (x) => x.ruleId === ruleId && s.engine.rel(x.path) === file && x.range.start.line === line - 1,
  );
  if (!f) throw new Error(`no ${ruleId} finding at ${file}:${line}; have ${s.where(ruleId).join(', ')}`);
  return f;
}
