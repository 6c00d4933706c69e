import type { Rule } from '../../core/types';
import { hardcodedSecret } from './hardcoded-secret';
import { envFileNotIgnored } from './env-file-not-ignored';
import { envExampleDrift } from './env-example-drift';
import { perEnvironmentConfigFiles } from './per-environment-config-files';
import { secretInExample } from './secret-in-example';
import { secretInDockerfile } from './secret-in-dockerfile';
import { secretExposedToClient } from './secret-exposed-to-client';
import { hardcodedDebug } from './hardcoded-debug';

export const configRules: Rule[] = [
  hardcodedSecret,
  envFileNotIgnored,
  envExampleDrift,
  perEnvironmentConfigFiles,
  secretInExample,
  secretInDockerfile,
  secretExposedToClient,
  hardcodedDebug,
];
