import type { Rule } from '../../core/types';
import { fileLogging } from './file-logging';
import { inAppLogRotation } from './in-app-log-rotation';

export const logsRules: Rule[] = [fileLogging, inAppLogRotation];
