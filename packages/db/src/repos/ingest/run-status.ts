import type { TRunLog } from '@kroma/contract';
import type { TIngestRunStatus, TRunStatus } from './types.js';

/** How many jobs there are, how many failed (`failed…`) and how many are `done` or `planned`. */
export interface TJobStatusTally {
  jobs: number;
  failed: number;
  doneOrPlanned: number;
}

export function tallyJobStatus(tally: TJobStatusTally, status: string): void {
  tally.jobs += 1;
  if (status.startsWith('failed')) tally.failed += 1;
  if (status === 'done' || status === 'planned') tally.doneOrPlanned += 1;
}

/** §8.3: any failed job fails the run; all done/planned is ok; anything else (also no jobs) is partial. */
export function runStatusOfTally(tally: TJobStatusTally): TRunStatus {
  if (tally.failed > 0) return 'failed';
  if (tally.jobs > 0 && tally.doneOrPlanned === tally.jobs) return 'ok';
  return 'partial';
}

/** §8.3's rule over the jobs; no jobs array at all is `unknown`. */
export function runStatusOf(jobs: readonly { status: string }[] | undefined): TRunStatus {
  if (jobs === undefined) return 'unknown';
  const tally: TJobStatusTally = { jobs: 0, failed: 0, doneOrPlanned: 0 };
  for (const job of jobs) tallyJobStatus(tally, job.status);
  return runStatusOfTally(tally);
}

/**
 * The status ingest records: a canceled run stays `canceled`; a paid run whose log still says `planned`/`running`
 * was left by a killed process, so it is `interrupted` (resumable); otherwise §8.3's status of its jobs.
 */
export function ingestStatusOf(log: Pick<TRunLog, 'mode' | 'progress'>, jobsStatus: TRunStatus): TIngestRunStatus {
  const progress = log.progress?.status;
  if (progress === 'canceled') return 'canceled';
  if (log.mode === 'run' && (progress === 'running' || progress === 'planned')) return 'interrupted';
  return jobsStatus;
}
