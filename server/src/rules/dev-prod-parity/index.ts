import type { Rule } from '../../core/types';
import { envSpecificBackingService } from './env-specific-backing-service';
import { runtimeVersionDrift } from './runtime-version-drift';
import { unpinnedEngines } from './unpinned-engines';

export const devProdParityRules: Rule[] = [envSpecificBackingService, runtimeVersionDrift, unpinnedEngines];
