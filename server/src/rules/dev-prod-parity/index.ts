import type { Rule } from '../../engine/types';

export const devProdParityRules: Rule[] = [];
