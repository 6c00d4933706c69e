import type { Rule } from '../../engine/types';
import { noGracefulShutdown } from './no-graceful-shutdown';
import { shellFormCmd } from './shell-form-cmd';
import { exitInRequestHandler } from './exit-in-request-handler';

export const disposabilityRules: Rule[] = [noGracefulShutdown, shellFormCmd, exitInRequestHandler];
