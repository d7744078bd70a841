import { validationError } from '@kroma/contract';

/*
 * The safety gates of §1.6, each on its own so a caller runs them in the original's order: batch limit (also in
 * dry runs), then the spend lock, then the candidate cap (run mode only).
 */

export type TRunMode = 'dry' | 'run';

/** The safe batch limit counts jobs (scenes), not candidates or calls (§10.16). */
export function assertBatchWithinLimit(jobCount: number, safeBatchLimit: number, allowLargeBatch = false): void {
  if (jobCount > safeBatchLimit && !allowLargeBatch) {
    throw validationError(
      `${jobCount} jobs exceed the safe batch limit of ${safeBatchLimit}; split the batch or pass --allow-large-batch`,
    );
  }
}

export function assertSpendUnlocked(mode: TRunMode, confirmSpend: boolean): void {
  if (mode === 'run' && !confirmSpend) {
    throw validationError('spending is locked: pass --confirm-spend to make paid image calls');
  }
}

/** Candidates must be an integer >= 1; above `maxCandidates` only a dry run or `--allow-many-candidates` passes. */
export function assertCandidateCount(
  candidates: number,
  maxCandidates: number,
  mode: TRunMode,
  allowManyCandidates = false,
): void {
  if (!Number.isInteger(candidates) || candidates < 1) {
    throw validationError(`candidates must be an integer >= 1 (got ${candidates})`);
  }
  if (mode === 'run' && candidates > maxCandidates && !allowManyCandidates) {
    throw validationError(
      `${candidates} candidates per job exceed max_candidates ${maxCandidates}; lower --candidates or pass --allow-many-candidates`,
    );
  }
}
