import type { Rule } from '../../engine/types';
import { hardcodedPort } from './hardcoded-port';
import { exposedPortMismatch } from './exposed-port-mismatch';

export const portBindingRules: Rule[] = [hardcodedPort, exposedPortMismatch];
