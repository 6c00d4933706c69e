import type { Rule } from '../../core/types';
import { hardcodedUrl } from './hardcoded-url';

export const backingServicesRules: Rule[] = [hardcodedUrl];
