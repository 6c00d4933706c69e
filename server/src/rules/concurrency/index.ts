import type { Rule } from '../../engine/types';

export const concurrencyRules: Rule[] = [];
