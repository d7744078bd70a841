import { describe, expect, it } from 'vitest';
import {
  finalizeJob,
  rankFromReport,
  selectWinner,
  type TCandidateRank,
  type TFinalizableJob,
  type TRankedCandidate,
} from '../src/qa/index.js';

describe('rankFromReport', () => {
  it('takes the summary counts and averages the excess over files with a numeric delta', () => {
    const report = {
      summary: { total_files: 4, hard_failures: 1, soft_warnings: 2 },
      files: [{ chroma_delta: 1.5 }, { chroma_delta: 2.6667 }, { chroma_delta: null }, { chroma_delta: 4.1 }],
    };
    // (0 + 0.6667 + 2.1) / 3 = 0.92223… → 0.9222
    expect(rankFromReport(report, 2)).toEqual({ hard_failures: 1, soft_warnings: 2, avg_chroma_exceed: 0.9222 });
  });

  it('gives zeros for missing summary values and no numeric deltas', () => {
    expect(rankFromReport({ files: [{ chroma_delta: null }] }, 2)).toEqual({
      hard_failures: 0,
      soft_warnings: 0,
      avg_chroma_exceed: 0,
    });
    expect(rankFromReport({}, 2)).toEqual({ hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 });
  });
});

const rank = (hard: number, soft: number, exceed: number): TCandidateRank => ({
  hard_failures: hard,
  soft_warnings: soft,
  avg_chroma_exceed: exceed,
});

const candidate = (index: number, status: string, candidateRank: TCandidateRank, extra: Partial<TRankedCandidate> = {}) => ({
  candidate_index: index,
  output: `outputs/job__c${index}.png`,
  status,
  rank: candidateRank,
  ...(status === 'done' ? { final_output: `color_corrected/job__c${index}_neutral.png` } : {}),
  ...extra,
});

describe('selectWinner', () => {
  it('orders by hard failures, then soft warnings, then average excess, then index', () => {
    const pick = (candidates: TRankedCandidate[]) => selectWinner(candidates)?.candidate_index;
    expect(pick([candidate(1, 'done', rank(1, 0, 0)), candidate(2, 'done', rank(0, 5, 9))])).toBe(2);
    expect(pick([candidate(1, 'done', rank(0, 2, 0)), candidate(2, 'done', rank(0, 1, 9))])).toBe(2);
    expect(pick([candidate(1, 'done', rank(0, 1, 0.5)), candidate(2, 'done', rank(0, 1, 0.4999))])).toBe(2);
    expect(pick([candidate(3, 'done', rank(0, 1, 0.5)), candidate(2, 'done', rank(0, 1, 0.5))])).toBe(2);
  });

  it('only lets done candidates compete, whatever the others rank', () => {
    const candidates = [
      candidate(1, 'failed_output_guard', rank(0, 0, 0)),
      candidate(2, 'generated', rank(0, 0, 0)),
      candidate(3, 'done', rank(0, 3, 7)),
    ];
    expect(selectWinner(candidates)?.candidate_index).toBe(3);
    expect(selectWinner(candidates.slice(0, 2))).toBeUndefined();
  });

  it('treats a missing rank as zeros (guard disabled: candidate 1 wins)', () => {
    const candidates = [
      { candidate_index: 2, status: 'done', final_output: 'b.png' },
      { candidate_index: 1, status: 'done', final_output: 'a.png' },
    ];
    expect(selectWinner(candidates)?.candidate_index).toBe(1);
  });
});

describe('finalizeJob', () => {
  const guard = (file: string) => ({ checked_input: file, summary: { total_files: 1, hard_failures: 0, soft_warnings: 0 }, files: [] });

  it('takes the winner final file and pass results, drops keys the winner lacks and leaves candidates alone', () => {
    const winner = candidate(2, 'done', rank(0, 0, 0.1), {
      bg_remove: { output: 'background_removed/job__c2_nobg.png' },
      color: { output: 'color_corrected/job__c2_neutral.png' },
      output_guard: guard('color_corrected/job__c2_neutral.png'),
    });
    const loser = candidate(1, 'done', rank(0, 1, 0), { upscale: { output: 'upscaled/job__c1_x2.png' } });
    const job = {
      id: 'job',
      status: 'running',
      upscale: { stale: true },
      failure_reason: 'stale',
      candidates: [loser, winner],
    };
    const finalized = finalizeJob(job);
    expect(finalized).toEqual({
      id: 'job',
      status: 'done',
      selected_candidate: 2,
      final_output: 'color_corrected/job__c2_neutral.png',
      output: 'color_corrected/job__c2_neutral.png',
      bg_remove: { output: 'background_removed/job__c2_nobg.png' },
      color: { output: 'color_corrected/job__c2_neutral.png' },
      output_guard: guard('color_corrected/job__c2_neutral.png'),
      candidates: [loser, winner],
    });
    expect(job.status).toBe('running');
  });

  it('marks a job whose candidates all failed the guard as failed, with no output', () => {
    const job: TFinalizableJob & { id: string } = {
      id: 'job',
      status: 'done',
      output: 'old.png',
      final_output: 'old.png',
      selected_candidate: 1,
      color: { output: 'old.png' },
      candidates: [candidate(1, 'failed_output_guard', rank(1, 0, 3)), candidate(2, 'failed_output_guard', rank(1, 1, 4))],
    };
    expect(finalizeJob(job)).toEqual({
      id: 'job',
      status: 'failed_output_guard',
      failure_reason: 'all_candidates_failed_output_guard',
      selected_candidate: null,
      final_output: null,
      candidates: job.candidates,
    });
  });

  it('refuses a done winner without a final output', () => {
    expect(() => finalizeJob({ status: 'running', candidates: [{ candidate_index: 1, status: 'done', final_output: null }] })).toThrow(
      'candidate 1 is done but has no final_output',
    );
  });
});
