import type { TRunState } from '@kroma/contract';

/** States of a run that has not finished: waiting, running, or stopped mid-run (resumable, so not finished). */
const UNFINISHED_STATES: ReadonlySet<string> = new Set<TRunState>(['queued', 'running', 'interrupted']);

/** `finished_at` for a run entering `status`: now for a final state, NULL otherwise (a resumed run is unfinished again). */
export const finishedAtFor = (status: string, now: string): string | null => (UNFINISHED_STATES.has(status) ? null : now);
