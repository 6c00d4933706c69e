// Where a project states its Python version: `.python-version`, `runtime.txt`, `requires-python` (PEP 621),
// Poetry's `python` dependency, a Pipfile's `[requires]`, setup.cfg's `python_requires`, and Dockerfile `FROM
// python:<tag>`. Each becomes a `PythonConstraint` (PEP 440 alternatives plus the range it is written at), and any
// two can be asked whether they agree.
import type { DockerInstruction } from '../../core/model';
import { splitImage } from '../../platform/docker';
import { lineRange } from '../../util/text';
import type { Range } from '../../util/types';
import { constraintsAgree, poetryToPep440, validSpecifier } from './versions';

export type PythonVersionSource =
  '.python-version' | 'runtime.txt' | 'requires-python' | 'poetry' | 'pipfile' | 'setup.cfg' | 'dockerfile';

export interface PythonConstraint {
  source: PythonVersionSource;
  /** As written: `3.11.4`, `python-3.11.4`, `>=3.10`, `^3.11`, `python:3.11-slim`. */
  text: string;
  /**
   * PEP 440 specifiers, any of which may hold ('' = any version): `3.11` → `==3.11.*`, `3.11.4` → `==3.11.4`.
   * Undefined when the text names no version this can read (`system`, `pypy3.9`, `python:latest`, a variable).
   */
  anyOf?: string[];
  range: Range;
}

/**
 * A version as an interpreter file or image tag gives it: `3` → `==3.*`, `3.11` → `==3.11.*`, `3.11.4` → `==3.11.4`
 * (a pre-release suffix, `3.13.0rc1`, `3.13-dev`, `3.13t`, reads as its release series). Undefined for anything else.
 */
export function versionConstraint(version: string): string[] | undefined {
  const m = /^(?:cpython-|python-?)?(\d+(?:\.\d+){0,2})(?:(?:a|b|rc)\d+|-dev|t)?(?:[-+@][\w.-]*)?$/i.exec(
    version.trim(),
  );
  if (!m) return undefined;
  const parts = m[1].split('.');
  return [parts.length === 3 ? `==${m[1]}` : `==${m[1]}.*`];
}

/** A PEP 440 `requires-python` / `python_requires` value as a constraint ('' → any version). */
export function specifierConstraint(spec: string): string[] | undefined {
  const s = spec.trim().replace(/\s+/g, '');
  return validSpecifier(s) ? [s] : undefined;
}

function lineConstraints(
  source: PythonVersionSource,
  text: string,
  read: (line: string) => string | undefined,
  firstOnly: boolean,
): PythonConstraint[] {
  const out: PythonConstraint[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const hash = lines[i].indexOf('#');
    const line = hash < 0 ? lines[i] : lines[i].slice(0, hash);
    const t = line.trim();
    if (!t) continue;
    const start = line.length - line.trimStart().length;
    const value = read(t);
    const c: PythonConstraint = { source, text: t, range: lineRange(i, start, start + t.length) };
    if (value !== undefined) {
      const anyOf = /^[<>=!~]/.test(value) ? specifierConstraint(value) : versionConstraint(value);
      if (anyOf) c.anyOf = anyOf;
    }
    out.push(c);
    if (firstOnly) break;
  }
  return out;
}

/**
 * `.python-version` (pyenv, uv, rye): one version a line, the first the project's (pyenv tries the others in order).
 * `3.11`, `3.11.4`, `cpython-3.12`, uv's `>=3.11`; `system`, `pypy3.10-7.3.12` or a virtualenv name read as no version.
 */
export function pythonVersionFile(text: string): PythonConstraint[] {
  return lineConstraints('.python-version', text, (t) => t, false);
}

/** `runtime.txt` (Heroku and others): `python-3.11.4` on its first line. */
export function runtimeTxt(text: string): PythonConstraint | undefined {
  return lineConstraints('runtime.txt', text, (t) => (/^python-\d/i.test(t) ? t.slice(7) : undefined), true)[0];
}

/** A Poetry `python = "^3.11"`, a `requires-python`, a Pipfile's `python_version`/`python_full_version`. */
export function declaredConstraint(
  source: 'requires-python' | 'poetry' | 'pipfile' | 'setup.cfg',
  text: string,
  range: Range,
): PythonConstraint {
  const anyOf =
    source === 'poetry'
      ? poetryToPep440(text)
      : source === 'pipfile'
        ? text.trim() === '*'
          ? ['']
          : versionConstraint(text)
        : specifierConstraint(text);
  return anyOf ? { source, text, anyOf, range } : { source, text, range };
}

export interface DockerPythonImage extends PythonConstraint {
  source: 'dockerfile';
  /** The stage the FROM starts (`AS build`). */
  stage?: string;
  /** Whether this FROM starts the last stage: the image that runs. */
  final: boolean;
}

/** `python:3.11-slim` → `3.11`; `ghcr.io/astral-sh/uv:python3.12-bookworm-slim` → `3.12`; `python:slim` → none. */
export function pythonImageVersion(image: string): string | undefined {
  const [repo, tag] = splitImage(image);
  if (tag === undefined) return undefined;
  const name = repo.slice(repo.lastIndexOf('/') + 1).toLowerCase();
  const m =
    name === 'python'
      ? /^(\d+(?:\.\d+){0,2})(?:(?:a|b|rc)\d+)?(?:-|$)/.exec(tag)
      : name === 'uv'
        ? /^python(\d+(?:\.\d+){0,2})(?:-|$)/.exec(tag)
        : null;
  return m?.[1];
}

/** Whether an image is a Python one, whatever its tag (`python`, `python:slim`, `cimg/python:3.11`). */
export function isPythonImage(image: string): boolean {
  const [repo, tag] = splitImage(image);
  const name = repo.slice(repo.lastIndexOf('/') + 1).toLowerCase();
  return name === 'python' || (name === 'uv' && /^python/.test(tag ?? ''));
}

/**
 * The Python images a Dockerfile's FROM lines name, `ARG` defaults before the first FROM substituted
 * (`ARG PYTHON_VERSION=3.11` / `FROM python:${PYTHON_VERSION}-slim`). The range is the image's, when it is on the
 * FROM's first line as written; otherwise the FROM's arguments.
 */
export function dockerPythonImages(instructions: readonly DockerInstruction[]): DockerPythonImage[] {
  const args = new Map<string, string>();
  const froms = instructions.filter((i) => i.keyword === 'FROM');
  const last = froms[froms.length - 1];
  const out: DockerPythonImage[] = [];
  let seenFrom = false;
  for (const ins of instructions) {
    if (ins.keyword === 'ARG' && !seenFrom)
      for (const v of ins.vars ?? []) if (v.value !== undefined) args.set(v.key, v.value);
    if (ins.keyword !== 'FROM') continue;
    seenFrom = true;
    const raw = ins.from?.image ?? '';
    const image = raw.replace(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g,
      (_m, name: string, dflt?: string) => args.get(name) ?? dflt ?? '',
    );
    if (!isPythonImage(image)) continue;
    const version = pythonImageVersion(image);
    const at = ins.argsRange.start.line === ins.argsRange.end.line ? ins.args.indexOf(raw) : -1;
    const range =
      raw && at >= 0
        ? lineRange(
            ins.argsRange.start.line,
            ins.argsRange.start.character + at,
            ins.argsRange.start.character + at + raw.length,
          )
        : ins.argsRange;
    const anyOf = version === undefined ? undefined : versionConstraint(version);
    const entry: DockerPythonImage = { source: 'dockerfile', text: image, range, final: ins === last };
    if (anyOf) entry.anyOf = anyOf;
    if (ins.from?.stage) entry.stage = ins.from.stage;
    out.push(entry);
  }
  return out;
}

/** Whether two stated versions can agree; undefined when either names no version this can read. */
export function pythonVersionsAgree(a: PythonConstraint, b: PythonConstraint): boolean | undefined {
  return a.anyOf && b.anyOf ? constraintsAgree(a.anyOf, b.anyOf) : undefined;
}
