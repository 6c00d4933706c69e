// What the dev-prod-parity rules' source checks record for their project halves.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';

/** A backing-service setting whose value says its kind (or that it is read from the environment), and where. */
export interface PyBackingSetting {
  category: 'database' | 'store';
  /** 'sqlite', 'postgresql', 'memory', 'redis', …; undefined when the value is an environment read. */
  kind?: string;
  /** How a message names the kind: SQLite, PostgreSQL, LocMemCache. */
  label?: string;
  /** The variable an environment read names, when the value is one (with no default of a local kind). */
  env?: string;
  /** Which environment the value serves: by its class, branch or module name; 'base' is neither (shared). */
  side: 'dev' | 'prod' | 'base';
  scope: 'class' | 'branch' | 'module';
  /** The class whose body sets it, for the class scope. */
  owner?: string;
  range: Range;
}

/** A config class of the file, with the backing-service categories its body sets (whatever the values). */
export interface PyConfigClass {
  name: string;
  bases: string[];
  side: 'dev' | 'prod' | 'test' | 'base';
  sets: ('database' | 'store')[];
}

export interface PyBackingSettings {
  /** The module's environment by its name (settings/dev.py, settings/production.py), 'base' otherwise. */
  module: 'dev' | 'prod' | 'test' | 'base';
  /** The categories the module sets anywhere, whatever the values: a production module's own database hides its base's. */
  sets: ('database' | 'store')[];
  settings: PyBackingSetting[];
  classes: PyConfigClass[];
}

export const PY_BACKING_SETTINGS = ownFact<PyBackingSettings>(
  'dev-prod-parity/env-specific-backing-service',
  'py-settings',
);
