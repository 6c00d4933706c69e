// The shapes every Python project reader returns: dependencies with their ranges (so a rule can point at the line and
// a fix can edit it) and the problems met on the way. Nothing here throws on bad input: a reader returns what it
// could read, and says what it could not in `problems`, each with the range of the text it skipped.
import type { Range } from '../../util/types';

/** Something a reader could not read: one sentence, and where. */
export interface PyProblem {
  message: string;
  range: Range;
}

/**
 * `main`: installed with the project. `optional`: an extra (`pip install app[extra]`, Poetry `optional = true`).
 * `dev`: a development group (PEP 735 group, Poetry group, PDM/uv dev-dependencies, Pipfile dev-packages, a Hatch
 * environment): not installed in production.
 */
export type DepScope = 'main' | 'optional' | 'dev';

/** Where a requirement comes from: a package index, a URL (archive or wheel), a VCS checkout, a local path. */
export type DepKind = 'registry' | 'url' | 'vcs' | 'path';

export interface PyDependency {
  /** As written (`Django`, `python_dateutil`). */
  name: string;
  /** PEP 503 normalised (`django`, `python-dateutil`): compare names with this. */
  normalized: string;
  /**
   * The version constraint as written, trimmed ('' for any). PEP 440 in PEP 508 strings and requirements files;
   * Poetry's syntax (`^1.2`) under `[tool.poetry]`; Pipenv's (`*`, `==1.2`) in a Pipfile.
   */
  specifier: string;
  /** The same constraint in PEP 440 ('' for any); undefined when it has no PEP 440 form (Poetry's `||`). */
  pep440?: string;
  /** Exactly one `==` clause without a wildcard, or `===`; a VCS URL at a full commit hash; an archive URL with a hash. */
  pinned: boolean;
  extras: string[];
  /** The PEP 508 environment marker as written, after `;` (`python_version < "3.11"`). */
  markers?: string;
  kind: DepKind;
  /** For `url`, `vcs` and `path` kinds: the URL or path as written. */
  url?: string;
  /** requirements files: `-e`; Poetry/Pipfile: `develop`/`editable = true`. */
  editable?: boolean;
  /** requirements files: the `--hash=` values on the line. */
  hashes?: string[];
  scope: DepScope;
  /** The extra, dependency group, Poetry group or Hatch environment it belongs to. */
  group?: string;
  /** Where in the file: `project.dependencies`, `tool.poetry.group.test.dependencies`, `options.install_requires`. */
  source: string;
  /** The whole entry: the string in an array, the `key = value` of a table, the requirement's line(s). */
  range: Range;
  /** The name as written. */
  nameRange: Range;
  /**
   * Compiled requirements (pip-compile, `uv pip compile`, `uv export`): the `# via` annotation's entries (`celery`,
   * `-r requirements.in`, `app (pyproject.toml)`); undefined when the line has none.
   */
  via?: string[];
}
