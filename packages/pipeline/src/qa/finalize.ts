import type { TCandidateRank } from './rank.js';
import { ZERO_RANK } from './rank.js';

/*
 * Structural views of the run-log candidate and job (§8.1): only the keys ranking and finalisation touch, so the
 * run-log schema's richer types fit without a dependency on it.
 */

export interface TRankedCandidate {
  candidate_index: number;
  status: string;
  rank?: TCandidateRank;
  final_output?: string | null;
  bg_remove?: unknown;
  upscale?: unknown;
  color?: unknown;
  output_guard?: unknown;
}

export interface TFinalizableJob {
  status: string;
  candidates: readonly TRankedCandidate[];
  selected_candidate?: number | null;
  final_output?: string | null;
  output?: string;
  failure_reason?: string;
  bg_remove?: unknown;
  upscale?: unknown;
  color?: unknown;
  output_guard?: unknown;
}

export const ALL_CANDIDATES_FAILED = 'all_candidates_failed_output_guard';

/** The pass results a job takes over from its winner. */
const WINNER_OBJECT_KEYS = ['bg_remove', 'upscale', 'color', 'output_guard'] as const;

// Total order like the original's float comparison: NaN sorts after every number.
function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
  return a - b;
}

function compareCandidates(a: TRankedCandidate, b: TRankedCandidate): number {
  const rankA = a.rank ?? ZERO_RANK;
  const rankB = b.rank ?? ZERO_RANK;
  return (
    compareNumbers(rankA.hard_failures, rankB.hard_failures) ||
    compareNumbers(rankA.soft_warnings, rankB.soft_warnings) ||
    compareNumbers(rankA.avg_chroma_exceed, rankB.avg_chroma_exceed) ||
    a.candidate_index - b.candidate_index
  );
}

/** The best viable candidate (§6): only `done` ones compete, whatever the others' ranks say. */
export function selectWinner<TCandidate extends TRankedCandidate>(
  candidates: readonly TCandidate[],
): TCandidate | undefined {
  return candidates.filter((candidate) => candidate.status === 'done').sort(compareCandidates)[0];
}

/**
 * A copy of the job finalised from its candidates (§6): the winner's final file and pass results, or the
 * all-failed state. Candidates and their files are left as they are.
 */
export function finalizeJob<TJob extends TFinalizableJob>(job: TJob): TJob {
  const finalized: TFinalizableJob = { ...job };
  for (const key of WINNER_OBJECT_KEYS) delete finalized[key];
  const winner = selectWinner(job.candidates);

  if (winner === undefined) {
    delete finalized.output;
    return {
      ...finalized,
      status: 'failed_output_guard',
      failure_reason: ALL_CANDIDATES_FAILED,
      selected_candidate: null,
      final_output: null,
    } as TJob;
  }

  if (typeof winner.final_output !== 'string' || winner.final_output === '')
    throw new Error(`candidate ${winner.candidate_index} is done but has no final_output`);
  delete finalized.failure_reason;
  for (const key of WINNER_OBJECT_KEYS) if (winner[key] !== undefined) finalized[key] = winner[key];
  return {
    ...finalized,
    status: 'done',
    selected_candidate: winner.candidate_index,
    final_output: winner.final_output,
    output: winner.final_output,
  } as TJob;
}
