import type { Rule } from '../../engine/types';

export const logsRules: Rule[] = [];
