import type { Rule } from '../../core/types';
import { adminTaskEndpoint } from './admin-task-endpoint';
import { migrationsOnBoot } from './migrations-on-boot';
import { undeclaredAdminScript } from './undeclared-admin-script';

export const adminProcessesRules: Rule[] = [migrationsOnBoot, undeclaredAdminScript, adminTaskEndpoint];
