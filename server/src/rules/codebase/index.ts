import type { Rule } from '../../engine/types';
import { noVersionControl } from './no-version-control';
import { crossAppImport } from './cross-app-import';

export const codebaseRules: Rule[] = [noVersionControl, crossAppImport];
