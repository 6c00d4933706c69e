import type { Rule } from '../../engine/types';
import { fileLogging } from './file-logging';
import { inAppLogRotation } from './in-app-log-rotation';

export const logsRules: Rule[] = [fileLogging, inAppLogRotation];
