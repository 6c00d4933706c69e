// Every rule, grouped by factor. Each factor folder's index lists its rules.
import type { Rule } from '../engine/types';
import { dependenciesRules } from './dependencies';
import { configRules } from './config';
import { backingServicesRules } from './backing-services';
import { portBindingRules } from './port-binding';

export const ALL_RULES: readonly Rule[] = [
  ...dependenciesRules,
  ...configRules,
  ...backingServicesRules,
  ...portBindingRules,
];
