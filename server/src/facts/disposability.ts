// What the disposability rules' source checks record for their project halves, whatever the language.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';

/** Where a file starts a server, a consumer or scheduler (`worker`), or a long interval loop. */
export interface ShutdownSite {
  range: Range;
  label: string;
  kind: 'server' | 'worker' | 'interval';
}
/** `ignored`: where a SIGTERM handler only logs, so the signal is ignored (the process can only be SIGKILLed). */
export interface ShutdownFact {
  sites: ShutdownSite[];
  handles: boolean;
  sigintOnly: boolean;
  ignored?: { range: Range; empty: boolean }[];
}
export const SHUTDOWN_FACT = ownFact<ShutdownFact>('disposability/no-graceful-shutdown', 'file');
