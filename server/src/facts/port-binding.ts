// What the port-binding rules' source checks record for their project halves, whatever the language.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';

/** `rank` orders what says most about the HTTP port: 0 a PORT fallback, 1 a config module's port, 2 any literal listen(). */
export interface PortFact {
  port: number;
  range: Range;
  rank: number;
}
export const PORTS = ownFact<PortFact[]>('port-binding/exposed-port-mismatch', 'ports');
