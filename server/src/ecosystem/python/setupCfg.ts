// setup.cfg read as data, the way setuptools reads it through Python's configparser: `[section]` headers, `key = value`
// or `key: value`, values continued on indented lines, full-line `#`/`;` comments skipped even inside a value, keys
// case-insensitive. A small reader of its own because the npm ini parsers (ini, js-ini) know neither continuation
// lines, on which every multi-line install_requires depends, nor positions. setup.py is never read: it is a program,
// and running or guessing at it is out of bounds.
import { LineIndex, lineRange } from '../../util/text';
import type { Range } from '../../util/types';
import { parseRequirementSpec, requirementFacts, withoutExtras } from './pep508';
import type { PyScript } from './pyproject';
import { declaredConstraint, type PythonConstraint } from './pythonVersion';
import type { DepScope, PyDependency, PyProblem } from './types';

export interface IniValueLine {
  text: string;
  range: Range;
}

export interface IniEntry {
  /** As written. */
  section: string;
  /** Lower-cased, `-` read as `_` (setuptools accepts `install-requires` for `install_requires`). */
  key: string;
  keyRange: Range;
  /** The value's non-empty lines: the rest of the key's line, then its continuation lines, each trimmed. */
  lines: IniValueLine[];
  /** From the key to the end of the last value line. */
  range: Range;
}

/** configparser's reading of an INI file. Never throws: lines it would refuse are problems. */
export function parseIni(text: string): { entries: IniEntry[]; problems: PyProblem[] } {
  const entries: IniEntry[] = [];
  const problems: PyProblem[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let section: string | undefined;
  let cur: { entry: IniEntry; indent: number } | undefined;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    const indent = line.length - line.trimStart().length;
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    if (!trimmed) return; // configparser keeps blank lines inside a value; setuptools drops empty lines again
    if (cur && indent > cur.indent) {
      cur.entry.lines.push({ text: trimmed, range: lineRange(i, indent, indent + trimmed.length) });
      cur.entry.range = { start: cur.entry.range.start, end: { line: i, character: indent + trimmed.length } };
      return;
    }
    cur = undefined;
    if (trimmed.startsWith('[') && trimmed.endsWith(']') && trimmed.length > 2) {
      section = trimmed.slice(1, -1);
      return;
    }
    const eq = firstDelimiter(trimmed);
    if (eq <= 0) {
      problems.push({
        message: 'Not a `key = value` line nor a section header: skipped.',
        range: lineRange(i, indent, indent + trimmed.length),
      });
      return;
    }
    if (section === undefined) {
      problems.push({
        message: 'A value before any `[section]` header: skipped.',
        range: lineRange(i, indent, indent + trimmed.length),
      });
      return;
    }
    const rawKey = trimmed.slice(0, eq).trimEnd();
    const rest = trimmed.slice(eq + 1);
    const valueStart = indent + eq + 1 + (rest.length - rest.trimStart().length);
    const value = rest.trim();
    const entry: IniEntry = {
      section,
      key: rawKey.toLowerCase().replace(/-/g, '_'),
      keyRange: lineRange(i, indent, indent + rawKey.length),
      lines: value ? [{ text: value, range: lineRange(i, valueStart, valueStart + value.length) }] : [],
      range: lineRange(i, indent, indent + trimmed.length),
    };
    entries.push(entry);
    cur = { entry, indent };
  });
  return { entries, problems };
}

/** The first `=` or `:` (configparser's delimiters). */
function firstDelimiter(s: string): number {
  for (let i = 0; i < s.length; i++) if (s[i] === '=' || s[i] === ':') return i;
  return -1;
}

export interface SetupCfgModel {
  /** `[metadata] name`. */
  name?: { value: string; range: Range };
  /** `[options] python_requires`. */
  python?: PythonConstraint;
  /** install_requires (main), `[options.extras_require]` (optional), tests_require (dev). */
  dependencies: PyDependency[];
  /** `[options.entry_points]` console_scripts and gui_scripts. */
  scripts: PyScript[];
  /** `install_requires = file: requirements.txt` (and extras): setuptools reads the requirements from these. */
  dependencyFiles: { path: string; optional?: string; range: Range }[];
  problems: PyProblem[];
}

/** A list value as setuptools splits it: one item a line, or `;`-separated on a single line. */
function listItems(entry: IniEntry): IniValueLine[] {
  if (entry.lines.length !== 1) return entry.lines;
  const [only] = entry.lines;
  const out: IniValueLine[] = [];
  let offset = 0;
  for (const part of only.text.split(';')) {
    const lead = part.length - part.trimStart().length;
    const t = part.trim();
    if (t) {
      const start = only.range.start.character + offset + lead;
      out.push({ text: t, range: lineRange(only.range.start.line, start, start + t.length) });
    }
    offset += part.length + 1;
  }
  return out;
}

/** Reads a setup.cfg. Never throws. */
export function parseSetupCfg(text: string): SetupCfgModel {
  const { entries, problems } = parseIni(text);
  const lines = new LineIndex(text);
  const model: SetupCfgModel = { dependencies: [], scripts: [], dependencyFiles: [], problems };
  const requirements = (entry: IniEntry, scope: DepScope, group?: string) => {
    const first = entry.lines[0]?.text ?? '';
    if (first.startsWith('file:')) {
      const raw = first.slice(5);
      let offset = 5;
      for (const part of raw.split(',')) {
        const t = part.trim();
        const start = entry.lines[0].range.start.character + offset + (part.length - part.trimStart().length);
        if (t) {
          const range = lineRange(entry.lines[0].range.start.line, start, start + t.length);
          model.dependencyFiles.push(group === undefined ? { path: t, range } : { path: t, optional: group, range });
        }
        offset += part.length + 1;
      }
      return;
    }
    for (const item of listItems(entry)) {
      // configparser keeps `  # note` after a value; setuptools would choke on it, a reader need not.
      const hash = item.text.search(/\s#/);
      const t = hash < 0 ? item.text : item.text.slice(0, hash).trimEnd();
      const spec = parseRequirementSpec(t);
      const base = lines.offset(item.range.start);
      const at = (s: number, e: number) => lines.range(base + s, base + e);
      if (spec.error)
        problems.push({
          message: `Unreadable requirement: ${spec.error.message}`,
          range: at(spec.error.start, spec.error.end),
        });
      const req = spec.requirement;
      if (!req) continue;
      const facts = requirementFacts(req, !!spec.error);
      const dep: PyDependency = {
        name: req.name,
        normalized: facts.normalized,
        specifier: req.specifier,
        pinned: facts.pinned,
        extras: req.extras,
        kind: facts.kind,
        scope,
        source: `${entry.section}.${entry.key}`,
        range: at(0, t.length),
        nameRange: at(req.nameStart, req.nameEnd),
      };
      if (facts.pep440 !== undefined) dep.pep440 = facts.pep440;
      if (req.markers) dep.markers = req.markers;
      if (req.url) dep.url = req.url;
      if (group !== undefined) dep.group = group;
      model.dependencies.push(dep);
    }
  };
  for (const entry of entries) {
    const section = entry.section.trim().toLowerCase();
    const value = entry.lines.map((l) => l.text).join('\n');
    if (section === 'metadata' && entry.key === 'name' && entry.lines.length)
      model.name = { value, range: entry.lines[0].range };
    else if (section === 'options' && entry.key === 'python_requires' && entry.lines.length)
      model.python = declaredConstraint('setup.cfg', value, entry.lines[0].range);
    else if (section === 'options' && entry.key === 'install_requires') requirements(entry, 'main');
    else if (section === 'options' && entry.key === 'tests_require') requirements(entry, 'dev', 'tests_require');
    else if (section === 'options.extras_require') requirements(entry, 'optional', entry.key);
    else if (section === 'options.entry_points' && (entry.key === 'console_scripts' || entry.key === 'gui_scripts'))
      for (const line of entry.lines) {
        const eq = line.text.indexOf('=');
        const name = eq < 0 ? '' : line.text.slice(0, eq).trim();
        const target = eq < 0 ? '' : line.text.slice(eq + 1).trim();
        const colon = target.indexOf(':');
        if (!name || !target) {
          problems.push({
            message: 'An entry point should read `name = module:function`: skipped.',
            range: line.range,
          });
          continue;
        }
        const script: PyScript = {
          name,
          target,
          module: colon < 0 ? target : target.slice(0, colon).trim(),
          source: `options.entry_points.${entry.key}`,
          range: line.range,
        };
        if (colon >= 0) script.func = withoutExtras(target.slice(colon + 1)).trim();
        model.scripts.push(script);
      }
  }
  return model;
}
