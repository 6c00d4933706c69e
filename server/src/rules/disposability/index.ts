import type { Rule } from '../../core/types';
import { noGracefulShutdown } from './no-graceful-shutdown';
import { shellFormCmd } from './shell-form-cmd';
import { exitInRequestHandler } from './exit-in-request-handler';
import { swallowedFatalError } from './swallowed-fatal-error';

export const disposabilityRules: Rule[] = [noGracefulShutdown, shellFormCmd, exitInRequestHandler, swallowedFatalError];
