// What the build-release-run rules' source checks record for their project halves, whatever the language.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';

/** A command run by the app's code that fetches code (`git pull`, `curl … | sh`), shown as written. */
export interface FetchFact {
  command: string;
  range: Range;
}
export const FETCHES = ownFact<FetchFact[]>('build-release-run/code-fetch-at-runtime', 'fetches');
