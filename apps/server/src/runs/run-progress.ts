import { nowTimestamp, type TRunLog, type TRunLogProgress, type TRunProgress, type TRunState } from '@kroma/contract';

export interface TRunTotals {
  jobs: number;
  candidates: number;
  estimateUsd: number;
}

export function totalsOf(log: TRunLog, estimateUsd: number): TRunTotals {
  const perJob = (job: TRunLog['jobs'][number]) => job.planned_generation?.candidates ?? log.generation.candidates;
  return { jobs: log.jobs.length, candidates: log.jobs.reduce((sum, job) => sum + perJob(job), 0), estimateUsd };
}

/** Progress before the engine reports: nothing done yet. */
export function startingProgress(status: TRunState, stage: string, totals: TRunTotals): TRunProgress {
  return {
    status,
    stage,
    jobs_done: 0,
    jobs_total: totals.jobs,
    candidates_done: 0,
    candidates_total: totals.candidates,
    cost_usd: 0,
    estimate_usd: totals.estimateUsd,
    error: '',
    updated_at: nowTimestamp(),
  };
}

const roundUsd = (value: number): number => Math.round(value * 1e6) / 1e6;

/** The engine's progress (counts of the jobs this execution works on) as the run's live progress. */
export function progressFromEngine(engine: TRunLogProgress, previous: TRunProgress, costUsd: number): TRunProgress {
  return {
    ...previous,
    status: 'running',
    stage: engine.stage,
    jobs_done: engine.jobs_done,
    jobs_total: engine.jobs_total,
    candidates_done: engine.candidates_done,
    candidates_total: engine.candidates_total,
    cost_usd: roundUsd(costUsd),
    updated_at: nowTimestamp(),
  };
}

/** The run's spend: the sum of its log's cost events (the ledger ingest writes). */
export function costOfLog(log: TRunLog | undefined): number {
  if (log?.cost_events === undefined) return log?.cost?.actual_usd ?? 0;
  return roundUsd(log.cost_events.reduce((sum, event) => sum + event.total_cost_usd, 0));
}
