import type { Rule } from '../../core/types';
import { installAtStart } from './install-at-start';
import { buildAtStart } from './build-at-start';
import { codeFetchAtRuntime } from './code-fetch-at-runtime';
import { unpinnedBaseImage } from './unpinned-base-image';

export const buildReleaseRunRules: Rule[] = [installAtStart, buildAtStart, codeFetchAtRuntime, unpinnedBaseImage];
