import type { Rule } from '../../core/types';
import { loopbackBind } from './loopback-bind';
import { hardcodedPort } from './hardcoded-port';
import { exposedPortMismatch } from './exposed-port-mismatch';
import { devServerInProduction } from './dev-server-in-production';

export const portBindingRules: Rule[] = [hardcodedPort, exposedPortMismatch, loopbackBind, devServerInProduction];
