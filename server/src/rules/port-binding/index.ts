import type { Rule } from '../../engine/types';
import { hardcodedPort } from './hardcoded-port';

export const portBindingRules: Rule[] = [hardcodedPort];
