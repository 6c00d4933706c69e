import type { Rule } from '../../core/types';
import { daemonizes } from './daemonizes';
import { inAppProcessManager } from './in-app-process-manager';
import { pidFile } from './pid-file';
import { schedulerInWebProcess } from './scheduler-in-web-process';

export const concurrencyRules: Rule[] = [daemonizes, pidFile, schedulerInWebProcess, inAppProcessManager];
