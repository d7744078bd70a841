import type { TRunStatus } from './types.js';

/** §8.3: any failed job fails the run; all done/planned is ok; anything else (also no jobs) is partial. */
export function runStatusOf(jobs: readonly { status: string }[] | undefined): TRunStatus {
  if (jobs === undefined) return 'unknown';
  if (jobs.some((job) => job.status.startsWith('failed'))) return 'failed';
  if (jobs.length > 0 && jobs.every((job) => job.status === 'done' || job.status === 'planned')) return 'ok';
  return 'partial';
}
