// Whether a non-test source file writes to the console: a fact the language adapters extract for the logs rules.
import { defineFact } from '../core/facts';

export const CONSOLE_USE = defineFact<true>('console-use', 1);
