import type { Rule } from '../../core/types';
import { noVersionControl } from './no-version-control';
import { crossAppImport } from './cross-app-import';
import { outOfRepoDependency } from './out-of-repo-dependency';

export const codebaseRules: Rule[] = [noVersionControl, crossAppImport, outOfRepoDependency];
