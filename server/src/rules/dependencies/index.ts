import type { Rule } from '../../core/types';
import { undeclaredImport } from './undeclared-import';
import { missingLockfile } from './missing-lockfile';
import { lockfileOutOfSync } from './lockfile-out-of-sync';
import { unpinnedVersion } from './unpinned-version';
import { devDependencyInProduction } from './dev-dependency-in-production';
import { undeclaredSystemTool } from './undeclared-system-tool';
import { installIgnoresLockfile } from './install-ignores-lockfile';

export const dependenciesRules: Rule[] = [
  undeclaredImport,
  missingLockfile,
  lockfileOutOfSync,
  unpinnedVersion,
  devDependencyInProduction,
  undeclaredSystemTool,
  installIgnoresLockfile,
];
