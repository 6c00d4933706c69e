import type { Rule } from '../../engine/types';
import { hardcodedSecret } from './hardcoded-secret';
import { envFileNotIgnored } from './env-file-not-ignored';

export const configRules: Rule[] = [hardcodedSecret, envFileNotIgnored];
