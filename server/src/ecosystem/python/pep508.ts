// PEP 508 dependency strings (`requests[socks]>=2.8,<3 ; python_version < "3.11"`, `pkg @ https://…`), the form
// [project] dependencies, PEP 735 groups, PDM, Hatch, setup.cfg and requirements files share. A hand-written scanner
// (one pass, no regex that can backtrack) because the readers need offsets for every part, and because it must read
// what the strict grammar refuses: a bad version after a good name still declares the name.
import { normalizeDistName } from './names';
import type { DepKind } from './types';

export interface VersionClause {
  op: string;
  version: string;
}

export interface Pep508Requirement {
  name: string;
  /** Offsets into the text given to `parsePep508`. */
  nameStart: number;
  nameEnd: number;
  extras: string[];
  /** The version part as written, parentheses and surrounding spaces dropped ('' for none). */
  specifier: string;
  clauses: VersionClause[];
  /** `name @ url`: the URL or path. */
  url?: string;
  markers?: string;
  /** End of the requirement (before trailing spaces). */
  end: number;
}

export interface Pep508Error {
  message: string;
  start: number;
  end: number;
}

export interface Pep508Result {
  /** What could be read: present whenever a name could. */
  requirement?: Pep508Requirement;
  error?: Pep508Error;
}

const OPERATORS = ['===', '==', '!=', '<=', '>=', '~=', '<', '>'];

const isNameChar = (c: string) => /[A-Za-z0-9._-]/.test(c);
const isAlnum = (c: string) => /[A-Za-z0-9]/.test(c);
const isSpace = (c: string) => c === ' ' || c === '\t';

/** The end of the distribution name starting at `i` (PEP 508: letters and digits, with `.`, `_`, `-` inside). */
export function scanName(text: string, i: number): number {
  if (i >= text.length || !isAlnum(text[i])) return i;
  let j = i;
  while (j < text.length && isNameChar(text[j])) j++;
  while (j > i && !isAlnum(text[j - 1])) j--;
  return j;
}

/**
 * Reads one PEP 508 requirement. Never throws: on a malformed string it returns what it read (the name, when there
 * is one) and the first error with its offsets.
 */
export function parsePep508(text: string): Pep508Result {
  let i = 0;
  const skip = () => {
    while (i < text.length && isSpace(text[i])) i++;
  };
  skip();
  const nameStart = i;
  const nameEnd = scanName(text, i);
  if (nameEnd === nameStart) {
    const end = Math.max(text.trimEnd().length, i + 1);
    return { error: { message: 'Not a requirement: it does not start with a package name.', start: i, end } };
  }
  const req: Pep508Requirement = {
    name: text.slice(nameStart, nameEnd),
    nameStart,
    nameEnd,
    extras: [],
    specifier: '',
    clauses: [],
    end: nameEnd,
  };
  // At least one character, never past the text (an error at its end is an empty range there).
  const fail = (message: string, start: number, end = text.trimEnd().length): Pep508Result => ({
    requirement: req,
    error: { message, start, end: Math.min(Math.max(end, start + 1), Math.max(text.length, start)) },
  });
  i = nameEnd;
  skip();
  if (text[i] === '[') {
    const open = i;
    i++;
    for (;;) {
      skip();
      if (text[i] === ']') break;
      const e = scanName(text, i);
      if (e === i) return fail('Malformed extras: expected an extra name or `]`.', open);
      req.extras.push(text.slice(i, e));
      i = e;
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== ']') return fail('Malformed extras: expected `,` or `]`.', open);
    }
    i++;
    req.end = i;
    skip();
  }
  if (text[i] === '@') {
    const at = i;
    i++;
    skip();
    const start = i;
    while (i < text.length && !isSpace(text[i])) i++;
    if (i === start) return fail('Expected a URL after `@`.', at);
    // A `;` glued to the URL belongs to it (PEP 508 asks for a space before a marker after a URL).
    req.url = text.slice(start, i);
    req.end = i;
    skip();
  } else {
    const paren = text[i] === '(';
    if (paren) i++;
    const specStart = i;
    for (;;) {
      skip();
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) {
        if (req.clauses.length === 0) break;
        return fail('Expected a version operator after `,`.', i);
      }
      const opStart = i;
      i += op.length;
      skip();
      const vStart = i;
      while (i < text.length && !isSpace(text[i]) && !',;)#'.includes(text[i])) i++;
      if (i === vStart) return fail(`Expected a version after \`${op}\`.`, opStart);
      req.clauses.push({ op, version: text.slice(vStart, i) });
      req.end = i;
      skip();
      if (text[i] !== ',') break;
      i++;
    }
    req.specifier = text.slice(specStart, req.end).trim();
    if (paren) {
      if (text[i] !== ')') return fail('Expected `)` after the version.', specStart - 1);
      i++;
      req.end = i;
      skip();
    }
  }
  if (text[i] === ';') {
    const markers = text.slice(i + 1).trim();
    if (!markers) return fail('Expected an environment marker after `;`.', i);
    req.markers = markers;
    return { requirement: req };
  }
  if (i < text.length) return fail(`Unexpected \`${text[i]}\` in the requirement.`, i);
  return { requirement: req };
}

/** `==1.2.3` or `===1.2.3` alone: what pip installs is fixed. `==1.2.*`, `>=1`, `==1,!=2` are not. */
export function clausesPinned(clauses: readonly VersionClause[]): boolean {
  if (clauses.length !== 1) return false;
  const [{ op, version }] = clauses;
  return op === '===' || (op === '==' && !version.includes('*'));
}

/** The clauses as one PEP 440 specifier (`>=1,<2`). */
export function clausesSpecifier(clauses: readonly VersionClause[]): string {
  return clauses.map((c) => `${c.op}${c.version}`).join(',');
}

const VCS_PREFIXES = ['git+', 'hg+', 'svn+', 'bzr+'];
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;

/** What a direct reference points at. */
export function urlKind(url: string): DepKind {
  const lower = url.toLowerCase();
  if (VCS_PREFIXES.some((p) => lower.startsWith(p))) return 'vcs';
  if (lower.startsWith('file:') || !lower.includes('://')) return 'path';
  return 'url';
}

/**
 * Whether a direct reference fixes what is installed: a VCS URL at a full commit hash (`@<40 hex>`), a URL with a
 * hash fragment (`#sha256=…`), or a URL naming one archive or wheel. A branch or tag can move; a path is local code.
 */
export function urlPinned(url: string): boolean {
  const kind = urlKind(url);
  const [base, fragment = ''] = splitOnce(url, '#');
  if (kind === 'vcs') {
    const at = base.lastIndexOf('@');
    return at > base.indexOf('://') && /^[0-9a-f]{40}$/i.test(base.slice(at + 1));
  }
  if (kind === 'url') return /(?:^|&)(?:sha256|sha384|sha512|md5)=/.test(fragment) || ARCHIVE.test(base);
  return false;
}

/** The `egg=` name in a URL's fragment (`git+https://…#egg=flask`), or the distribution a wheel/sdist file names. */
export function nameFromUrl(url: string): string | undefined {
  const [base, fragment = ''] = splitOnce(url, '#');
  for (const part of fragment.split('&')) {
    if (part.startsWith('egg=')) {
      const egg = part.slice(4);
      const end = scanName(egg, 0);
      if (end > 0) return egg.slice(0, end);
    }
  }
  const file = base.slice(base.lastIndexOf('/') + 1);
  if (!ARCHIVE.test(file)) return undefined;
  // Wheels and sdists are `name-version…`: the name ends at the first `-` followed by a digit.
  const m = /^([A-Za-z0-9][A-Za-z0-9._]*(?:-[A-Za-z_][A-Za-z0-9._]*)*)-\d/.exec(file);
  return m ? m[1] : undefined;
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

/** Name, PEP 440 form and pin state of a parsed requirement, shared by the readers. */
export function requirementFacts(req: Pep508Requirement, failed: boolean) {
  const kind: DepKind = req.url ? urlKind(req.url) : 'registry';
  return {
    normalized: normalizeDistName(req.name),
    pep440: failed ? undefined : req.url ? '' : clausesSpecifier(req.clauses),
    pinned: !failed && (req.url ? urlPinned(req.url) : clausesPinned(req.clauses)),
    kind,
  };
}

export interface RequirementSpec extends Pep508Result {
  /** `-e`/`--editable` before it (requirements files, PDM). */
  editable: boolean;
  /** A bare URL or path (`git+https://…#egg=x`, `./pkg`, `pkg-1.0-py3-none-any.whl`) rather than a PEP 508 string. */
  direct: boolean;
  /** Offset of the requirement after any `-e ` prefix. */
  start: number;
}

/** Starts like a path or URL rather than a name: `.`, `/`, `~`, `C:\`, `scheme:`, `git+…`, or a name with `/` in it. */
function looksDirect(text: string, i: number): boolean {
  const c = text[i];
  if (c === '.' || c === '/' || c === '~' || c === '\\') return true;
  const end = scanName(text, i);
  if (end === i) return false;
  const next = text[end];
  if (next === ':' || next === '+' || next === '/' || next === '\\') return true;
  return ARCHIVE.test(text.slice(i, end));
}

/**
 * A requirement as requirements files and some manifests write it: PEP 508, or a bare URL or path (pip derives the
 * name from `#egg=` or a wheel/sdist file name), optionally after `-e`/`--editable`. Offsets are into `text`.
 */
export function parseRequirementSpec(text: string): RequirementSpec {
  let i = 0;
  while (i < text.length && isSpace(text[i])) i++;
  let editable = false;
  const flag = /^(?:-e|--editable)(?:[ \t=]+|$)/.exec(text.slice(i, i + 12));
  if (flag) {
    editable = true;
    i += flag[0].length;
  }
  if (!looksDirect(text, i)) {
    const r = parsePep508(text.slice(i));
    return { ...shift(r, i), editable, direct: false, start: i };
  }
  let end = i;
  while (end < text.length && !isSpace(text[end])) end++;
  const url = text.slice(i, end);
  const name = nameFromUrl(url);
  const rest = text.slice(end).trim();
  const markers = rest.startsWith(';') ? rest.slice(1).trim() : undefined;
  const base: RequirementSpec = { editable, direct: true, start: i };
  if (rest && !markers) {
    const at = text.indexOf(rest, end);
    base.error = { message: `Unexpected text after the URL or path.`, start: at, end: at + rest.length };
  }
  if (!name) return base;
  const egg = url.indexOf(`egg=${name}`);
  const nameStart = egg >= 0 ? i + egg + 4 : i;
  const requirement: Pep508Requirement = {
    name,
    nameStart,
    nameEnd: egg >= 0 ? nameStart + name.length : end,
    extras: [],
    specifier: '',
    clauses: [],
    url,
    end,
  };
  if (markers) requirement.markers = markers;
  return { ...base, requirement };
}

function shift(r: Pep508Result, by: number): Pep508Result {
  const out: Pep508Result = {};
  if (r.requirement)
    out.requirement = {
      ...r.requirement,
      nameStart: r.requirement.nameStart + by,
      nameEnd: r.requirement.nameEnd + by,
      end: r.requirement.end + by,
    };
  if (r.error) out.error = { ...r.error, start: r.error.start + by, end: r.error.end + by };
  return out;
}

/** An entry point's target without a trailing `[extras]` (`app.cli:main [fast]` → `app.cli:main`). */
export function withoutExtras(target: string): string {
  const t = target.trimEnd();
  if (!t.endsWith(']')) return target;
  const open = t.lastIndexOf('[');
  return open < 0 ? target : t.slice(0, open);
}
