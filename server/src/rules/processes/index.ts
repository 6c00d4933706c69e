import type { Rule } from '../../engine/types';

export const processesRules: Rule[] = [];
