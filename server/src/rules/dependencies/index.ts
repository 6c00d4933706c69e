import type { Rule } from '../../engine/types';
import { undeclaredImport } from './undeclared-import';

export const dependenciesRules: Rule[] = [undeclaredImport];
