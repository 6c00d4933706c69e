// What the port-binding rules' source checks record for their project halves, whatever the language, and the names
// both halves agree on.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';

/** Variables that carry the port the HTTP server binds to. */
export const PORT_VARS = /^(PORT|HTTP_PORT|APP_PORT|SERVER_PORT|WEB_PORT)$/;

/** `rank` orders what says most about the HTTP port: 0 a PORT fallback, 1 a config module's port, 2 any literal listen(). */
export interface PortFact {
  port: number;
  range: Range;
  rank: number;
}
export const PORTS = ownFact<PortFact[]>('port-binding/exposed-port-mismatch', 'ports');

/** Loopback hosts: a server bound to one is reachable only from its own machine or container. */
export const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
