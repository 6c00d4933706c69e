import type { Rule } from '../../core/types';
import { inMemorySessionStore } from './in-memory-session-store';
import { localFileStorage } from './local-file-storage';
import { moduleLevelState } from './module-level-state';
import { stickySessions } from './sticky-sessions';

export const processesRules: Rule[] = [inMemorySessionStore, localFileStorage, moduleLevelState, stickySessions];
