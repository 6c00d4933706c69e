import type { Rule } from '../../engine/types';

export const disposabilityRules: Rule[] = [];
