// A Project built by hand for unit tests of detect/ and ecosystem/ functions that take one: empty lists, the
// package.json parsed from `pkg` when given, and whatever `extra` sets.
import type { Project } from '../../server/src/core/model';
import { parsePackageJson } from '../../server/src/ecosystem/npm/packageJson';
import { Memo } from '../../server/src/util/memo';

export function fakeProject(pkg?: object, extra: Partial<Project> = {}): Project {
  return {
    root: '/p',
    isWorkspaceRoot: false,
    files: [],
    sources: [],
    envFiles: [],
    dockerfiles: [],
    memo: new Memo(),
    pkg: pkg ? parsePackageJson('/p/package.json', JSON.stringify(pkg)) : undefined,
    ...extra,
  };
}
