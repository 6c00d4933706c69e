import type { Rule } from '../../engine/types';
import { hardcodedUrl } from './hardcoded-url';

export const backingServicesRules: Rule[] = [hardcodedUrl];
