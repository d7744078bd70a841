import type { TRunLog, TRunProgress } from '@kroma/contract';
import type { TIngestRunStatus } from './types.js';

export type TProgressCounts = Pick<TRunProgress, 'jobs_done' | 'jobs_total' | 'candidates_done' | 'candidates_total'>;

const roundUsd = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * The run's progress as ingest leaves it: the log's own counts when it has them (else `counted` from its jobs),
 * the cost the log reports (else the sum of the cost rows written), and the stage an interrupted run stopped in.
 */
export function ingestProgressOf(
  log: TRunLog,
  status: TIngestRunStatus,
  counted: TProgressCounts,
  costRows: readonly { total_cost_usd?: number | null }[],
  now: string,
): TRunProgress {
  const logged = log.progress;
  const counts: TProgressCounts = logged
    ? {
        jobs_done: logged.jobs_done,
        jobs_total: logged.jobs_total,
        candidates_done: logged.candidates_done,
        candidates_total: logged.candidates_total,
      }
    : counted;
  const costSum = costRows.reduce((sum, row) => sum + (row.total_cost_usd ?? 0), 0);
  return {
    status,
    stage: status === 'interrupted' && logged ? logged.stage : 'finished',
    ...counts,
    cost_usd: roundUsd(log.cost?.actual_usd ?? costSum),
    estimate_usd: log.cost?.estimate_usd ?? 0,
    error: typeof logged?.reason === 'string' ? logged.reason : '',
    updated_at: now,
  };
}
