// What the concurrency rules' source checks record for their project halves, whatever the language.
import type { Range } from '../core/types';
import { ownFact } from '../core/facts';
import type { SiteScope } from './migrations';

/** A scheduler (cron, long-period timer) a file starts, with when it runs. */
export interface SchedulerSite extends SiteScope {
  range: Range;
  label: string;
}
export const SCHEDULER_SITES = ownFact<SchedulerSite[]>('concurrency/scheduler-in-web-process', 'sites');
