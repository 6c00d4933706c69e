// Adding a Python requirement to the file a project declares its dependencies in, in that file's style: a
// requirements file (`requirements.in` when the project compiles one, else a requirements.txt that is not compiled),
// pyproject.toml's PEP 621 `dependencies` array, or Poetry's `[tool.poetry.dependencies]` table. Sorted files get the
// line at its sorted place; the specifier follows the file (`==x.y.z` where it pins, `>=x.y.z` where it uses ranges,
// the bare name where it names no versions); quotes and indentation are kept. Pure functions of the file's text.
import * as path from 'path';
import type { FileEdit, Fix, FixContext } from '../core/types';
import type { Project } from '../core/model';
import { parseRequirements } from '../ecosystem/python/requirements';
import { parsePyProject } from '../ecosystem/python/pyproject';
import { getPath, parseTomlManifest, tableEntries } from '../ecosystem/python/toml';
import { normalizeDistName } from '../ecosystem/python/names';
import { LineIndex } from '../util/text';

export type PyAddKind = 'requirements' | 'pep621' | 'poetry';

export interface PyAddTarget {
  path: string;
  kind: PyAddKind;
}

/** An insertion into a text: the fix's one edit, and what `rewrite` recomputes on any later version of the file. */
interface Insertion {
  offset: number;
  text: string;
  /** The entry as written, for the fix's title. */
  entry: string;
}

/** The files at a project's root where its main dependencies are declared, and can be added to. */
export function pyAddTargets(project: Project, read: (p: string) => string | undefined): PyAddTarget[] {
  const out: PyAddTarget[] = [];
  const at = (base: string) => path.join(project.root, base);
  const pyproject = read(at('pyproject.toml'));
  if (pyproject !== undefined) {
    const model = parsePyProject(pyproject);
    const doc = parseTomlManifest(pyproject);
    if (!model.dynamic.includes('dependencies') && Array.isArray(getPath(doc.data, ['project', 'dependencies'])))
      out.push({ path: at('pyproject.toml'), kind: 'pep621' });
    else if (tableEntries(getPath(doc.data, ['tool', 'poetry', 'dependencies'])).length)
      out.push({ path: at('pyproject.toml'), kind: 'poetry' });
  }
  const input = read(at('requirements.in'));
  if (input !== undefined) out.push({ path: at('requirements.in'), kind: 'requirements' });
  else {
    const txt = read(at('requirements.txt'));
    // A compiled requirements.txt is a lock: a line added by hand is the unpinned-version finding.
    if (txt !== undefined && !parseRequirements(txt).compiledShape)
      out.push({ path: at('requirements.txt'), kind: 'requirements' });
  }
  return out;
}

type Style = 'pin' | 'range' | 'bare';

/** The style most of a file's specifiers follow (ranges on a tie). */
function styleOf(specifiers: readonly string[]): Style {
  let pin = 0;
  let range = 0;
  let bare = 0;
  for (const s of specifiers) {
    if (!s.trim()) bare++;
    else if (/^===?\s*[^,]+$/.test(s.trim())) pin++;
    else range++;
  }
  if (pin > range && pin > bare) return 'pin';
  if (bare > range && bare > pin) return 'bare';
  return 'range';
}

/** The specifier for a new entry in that style; undefined when the file pins and no version is known. */
function specifierFor(style: Style, version: string | undefined): string | undefined {
  if (style === 'bare') return '';
  if (!version) return style === 'pin' ? undefined : '';
  return style === 'pin' ? `==${version}` : `>=${version}`;
}

function isSorted(names: readonly string[]): boolean {
  return names.every((n, i) => i === 0 || names[i - 1].localeCompare(n) <= 0);
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function requirementsInsertion(text: string, dist: string, version?: string): Insertion | undefined {
  const parsed = parseRequirements(text);
  const regs = parsed.requirements.filter((r) => r.kind === 'registry');
  if (parsed.requirements.some((r) => r.normalized === dist)) return undefined;
  const spec = specifierFor(styleOf(regs.map((r) => r.specifier)), version);
  if (spec === undefined) return undefined;
  const entry = `${dist}${spec}`;
  const nl = eol(text);
  const lines = new LineIndex(text);
  const names = regs.map((r) => r.normalized);
  const next = isSorted(names) ? regs.find((r) => r.normalized.localeCompare(dist) > 0) : undefined;
  if (next)
    return { offset: lines.offset({ line: next.range.start.line, character: 0 }), text: `${entry}${nl}`, entry };
  // On the line after the last requirement, else at the end.
  const last = parsed.requirements[parsed.requirements.length - 1];
  if (last) {
    const lineEnd = lines.offset({ line: last.range.end.line + 1, character: 0 });
    if (lineEnd > lines.offset(last.range.end) && /\n$/.test(text.slice(0, lineEnd)))
      return { offset: lineEnd, text: `${entry}${nl}`, entry };
  }
  const needsNl = text.length > 0 && !text.endsWith('\n');
  return { offset: text.length, text: `${needsNl ? nl : ''}${entry}${nl}`, entry };
}

function pep621Insertion(text: string, dist: string, version?: string): Insertion | undefined {
  const doc = parseTomlManifest(text);
  const arr = getPath(doc.data, ['project', 'dependencies']);
  const arrRange = doc.valueRange(['project', 'dependencies']);
  if (!Array.isArray(arr) || !arrRange || !arr.every((x) => typeof x === 'string')) return undefined;
  const lines = doc.lines;
  const items = (arr as string[]).map((s, i) => {
    const r = doc.entryRange(['project', 'dependencies', i])!;
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)/.exec(s);
    return {
      name: normalizeDistName(m?.[1] ?? s),
      spec: (m?.[2] ?? '').trim(),
      start: lines.offset(r.start),
      end: lines.offset(r.end),
    };
  });
  if (items.some((i) => i.name === dist)) return undefined;
  const spec = specifierFor(styleOf(items.map((i) => i.spec)), version);
  if (spec === undefined) return undefined;
  const q = items.length && text[items[0].start] === "'" ? "'" : '"';
  const entry = `${q}${dist}${spec}${q}`;
  const open = lines.offset(arrRange.start);
  if (!items.length) return { offset: open + 1, text: entry, entry };
  const multiline = arrRange.start.line !== arrRange.end.line;
  const first = items[0];
  const lineStart = lines.offset({ line: lines.position(first.start).line, character: 0 });
  const indent = multiline ? text.slice(lineStart, first.start).replace(/\S.*$/, '') : '';
  const sep = multiline ? `,${eol(text)}${indent}` : ', ';
  const next = isSorted(items.map((i) => i.name)) ? items.find((i) => i.name.localeCompare(dist) > 0) : undefined;
  if (next) return { offset: next.start, text: `${entry}${sep}`, entry };
  const last = items[items.length - 1];
  const after = /^\s*,/.exec(text.slice(last.end));
  if (after && multiline) return { offset: last.end + after[0].length, text: `${eol(text)}${indent}${entry},`, entry };
  return { offset: last.end, text: `${sep}${entry}`, entry };
}

function poetryInsertion(text: string, dist: string, version?: string): Insertion | undefined {
  const doc = parseTomlManifest(text);
  const table = ['tool', 'poetry', 'dependencies'];
  const entries = tableEntries(getPath(doc.data, table));
  if (entries.some(([k]) => normalizeDistName(k) === dist)) return undefined;
  const lines = doc.lines;
  const placed = entries.map(([k, v]) => ({ key: k, value: v, range: doc.entryRange([...table, k]) }));
  // A sub-table (`[tool.poetry.dependencies.x]`) would take a key appended after it.
  if (!placed.length || placed.some((p) => !p.range || text[lines.offset(p.range.start)] === '[')) return undefined;
  const values = placed.map((p) => p.value).filter((v): v is string => typeof v === 'string');
  const caret = values.filter((v) => v.startsWith('^')).length;
  const exact = values.filter((v) => /^\d/.test(v)).length;
  const value = !version ? '*' : exact > caret ? version : `^${version}`;
  const entry = `${dist} = "${value}"`;
  const nl = eol(text);
  const deps = placed.filter((p) => p.key !== 'python');
  const next = isSorted(deps.map((p) => normalizeDistName(p.key)))
    ? deps.find((p) => normalizeDistName(p.key).localeCompare(dist) > 0)
    : undefined;
  if (next)
    return { offset: lines.offset({ line: next.range!.start.line, character: 0 }), text: `${entry}${nl}`, entry };
  const last = placed.reduce((a, b) => (lines.offset(b.range!.end) > lines.offset(a.range!.end) ? b : a));
  const end = lines.offset(last.range!.end);
  return { offset: end, text: `${nl}${entry}`, entry };
}

function insertionFor(kind: PyAddKind, text: string, dist: string, version?: string): Insertion | undefined {
  if (kind === 'requirements') return requirementsInsertion(text, dist, version);
  if (kind === 'pep621') return pep621Insertion(text, dist, version);
  return poetryInsertion(text, dist, version);
}

/**
 * The edit adding `dist` (a normalised distribution name) to the target, at `version` in the file's style, and the
 * entry as written; undefined when the file already names it, or pins and no version is known.
 */
export function addRequirementEdit(
  target: PyAddTarget,
  text: string,
  dist: string,
  version?: string,
): { edit: FileEdit; entry: string } | undefined {
  const ins = insertionFor(target.kind, text, dist, version);
  if (!ins) return undefined;
  const lines = new LineIndex(text);
  const at = lines.position(ins.offset);
  const rewrite = (t: string) => {
    const again = insertionFor(target.kind, t, dist, version);
    return again ? t.slice(0, again.offset) + again.text + t.slice(again.offset) : t;
  };
  return {
    edit: { path: target.path, edits: [{ range: { start: at, end: at }, newText: ins.text }], rewrite },
    entry: ins.entry,
  };
}

/**
 * The fixes adding `dist` to the project's declaring files, at the version its lock has: one per file, preferred (and
 * safe for "fix all" with a known version) only when there is one such file.
 */
export function addRequirementFixes(ctx: FixContext, dist: string): Fix[] {
  const project = ctx.project;
  if (!project?.python || !dist) return [];
  const version = project.python.lock?.versions?.get(dist)?.[0];
  const targets = pyAddTargets(project, ctx.read);
  const out: Fix[] = [];
  for (const t of targets) {
    const text = ctx.read(t.path);
    const add = text === undefined ? undefined : addRequirementEdit(t, text, dist, version);
    if (!add) continue;
    const rel = path.relative(ctx.workspace.root, t.path).split(path.sep).join('/');
    const sure = targets.length === 1;
    out.push({
      title: `Add ${add.entry} to ${rel}`,
      ...(sure ? { preferred: true } : {}),
      ...(sure && version ? { fixAll: true } : {}),
      edits: [add.edit],
    });
  }
  return out;
}
