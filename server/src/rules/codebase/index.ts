import type { Rule } from '../../engine/types';

export const codebaseRules: Rule[] = [];
