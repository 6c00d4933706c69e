// What the backing-services rules' source checks record for their project halves.
import { ownFact } from '../core/facts';
import type { PySettingsFact } from './pySettings';

/** What a Python module sets, and hardcoded-url's findings at its module-level settings (facts/pySettings.ts). */
export const PY_URL_SETTINGS = ownFact<PySettingsFact>('backing-services/hardcoded-url', 'py-settings');
