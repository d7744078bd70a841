import type { TRunLog, TRunLogCandidate, TRunLogJob, TRunLogProgress } from '@kroma/contract';
import { finalizeJob } from '../qa/finalize.js';

/** Candidate states no further work changes. */
const CANDIDATE_TERMINAL: ReadonlySet<string> = new Set(['done', 'failed_output_guard', 'failed']);
/** Candidates a resume keeps: the ones whose generation and QA both completed. */
const CANDIDATE_KEPT_ON_RESUME: ReadonlySet<string> = new Set(['done', 'failed_output_guard']);
const JOB_TERMINAL: ReadonlySet<string> = new Set(['done', 'failed_output_guard', 'failed']);
/** Jobs a resume leaves alone. */
export const JOB_FINISHED: ReadonlySet<string> = new Set(['done', 'failed_output_guard']);

const OUTCOME_KEYS = ['selected_candidate', 'final_output', 'output', 'failure_reason', 'bg_remove', 'upscale', 'color', 'output_guard'] as const;

export const candidateCount = (log: TRunLog, job: TRunLogJob): number =>
  job.planned_generation?.candidates ?? log.generation.candidates;

/** Puts a job back to `planned` with no outcome; `keepFinished` keeps candidates that completed (a resume). */
export function resetJob(job: TRunLogJob, keepFinished: boolean): void {
  for (const key of OUTCOME_KEYS) delete job[key];
  job.candidates = keepFinished ? (job.candidates ?? []).filter((c) => CANDIDATE_KEPT_ON_RESUME.has(c.status)) : [];
  job.status = 'planned';
}

/** The candidate indexes of a job that still need generating. */
export function pendingCandidates(log: TRunLog, job: TRunLogJob): number[] {
  const present = new Set((job.candidates ?? []).map((candidate) => candidate.candidate_index));
  return Array.from({ length: candidateCount(log, job) }, (_, i) => i + 1).filter((index) => !present.has(index));
}

/** Inserts or replaces a candidate, keeping the list in index order. */
export function putCandidate(job: TRunLogJob, candidate: TRunLogCandidate): void {
  const others = (job.candidates ?? []).filter((c) => c.candidate_index !== candidate.candidate_index);
  job.candidates = [...others, candidate].sort((a, b) => a.candidate_index - b.candidate_index);
}

export const isJobTerminal = (job: TRunLogJob): boolean => JOB_TERMINAL.has(job.status);

/**
 * Once every candidate of a job is terminal, sets the job's outcome: `failed` when a candidate failed by error
 * (that candidate has no QA result, so no winner could be trusted to be the best), else §6 finalisation.
 * Returns whether the job is now terminal.
 */
export function settleJob(log: TRunLog, job: TRunLogJob): boolean {
  const candidates = job.candidates ?? [];
  const complete =
    candidates.length === candidateCount(log, job) && candidates.every((c) => CANDIDATE_TERMINAL.has(c.status));
  if (!complete) return false;
  const failed = candidates.filter((c) => c.status === 'failed');
  if (failed.length > 0) {
    for (const key of OUTCOME_KEYS) delete job[key];
    job.status = 'failed';
    job.selected_candidate = null;
    job.final_output = null;
    job.failure_reason = failed.map((c) => `candidate ${c.candidate_index}: ${c.error ?? 'failed'}`).join('; ');
    return true;
  }
  Object.assign(job, finalizeJob({ ...job, candidates }));
  return true;
}

/** Progress over the jobs this execution works on. */
export function progressOf(
  log: TRunLog,
  selected: ReadonlySet<string>,
  status: TRunLogProgress['status'],
  stage: string,
  now: Date,
  reason?: string,
): TRunLogProgress {
  const jobs = log.jobs.filter((job) => selected.has(job.id));
  return {
    status,
    stage,
    jobs_total: jobs.length,
    jobs_done: jobs.filter(isJobTerminal).length,
    candidates_total: jobs.reduce((sum, job) => sum + candidateCount(log, job), 0),
    candidates_done: jobs.reduce(
      (sum, job) => sum + (job.candidates ?? []).filter((c) => CANDIDATE_TERMINAL.has(c.status)).length,
      0,
    ),
    cost_usd: log.cost?.actual_usd ?? 0,
    updated_at: now.toISOString(),
    ...(reason !== undefined && { reason }),
  };
}
