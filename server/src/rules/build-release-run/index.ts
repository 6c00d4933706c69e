import type { Rule } from '../../engine/types';

export const buildReleaseRunRules: Rule[] = [];
