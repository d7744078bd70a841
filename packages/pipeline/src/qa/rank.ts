import { round4 } from './rounding.js';

/** The rank of one candidate (§5.4); lower is better in every field. */
export interface TCandidateRank {
  hard_failures: number;
  soft_warnings: number;
  avg_chroma_exceed: number;
}

/** The parts of a guard report a rank needs; a report from an older run log may lack any of them. */
export interface TRankableReport {
  summary?: { hard_failures?: number; soft_warnings?: number };
  files?: ReadonlyArray<{ chroma_delta?: number | null }>;
}

export const ZERO_RANK: TCandidateRank = Object.freeze({ hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 });

/**
 * Averages the excess over the threshold of the files that have a delta, from their rounded report values (as
 * the original). The threshold is clamped at 0 like the guard's own, so a negative setting ranks consistently.
 */
export function rankFromReport(report: TRankableReport, maxChromaDelta: number): TCandidateRank {
  const threshold = Math.max(0, maxChromaDelta);
  const deltas = (report.files ?? [])
    .map((entry) => entry.chroma_delta)
    .filter((delta): delta is number => typeof delta === 'number' && Number.isFinite(delta));
  const exceedSum = deltas.reduce((sum, delta) => sum + Math.max(0, delta - threshold), 0);
  return {
    hard_failures: report.summary?.hard_failures ?? 0,
    soft_warnings: report.summary?.soft_warnings ?? 0,
    avg_chroma_exceed: deltas.length === 0 ? 0 : round4(exceedSum / deltas.length),
  };
}
