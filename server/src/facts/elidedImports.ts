// The imports a TypeScript compile elides (every binding used only as a type): they never load at run time.
import type { Range } from '../core/types';
import { defineFact } from '../core/facts';

/** The specifier ranges of the elided imports of a file (ranges, so an edit that moves code is no change of facts). */
export const ELIDED_IMPORTS = defineFact<Range[]>('elided-imports', 2);
