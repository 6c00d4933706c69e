import type { Rule } from '../../engine/types';

export const adminProcessesRules: Rule[] = [];
