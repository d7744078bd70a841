import { describe, expect, it } from 'vitest';
import { assertBatchWithinLimit, assertCandidateCount, assertSpendUnlocked, estimateRunCost } from '../src/index.js';

describe('safety gates', () => {
  it('batch limit counts jobs; the override lets a large batch through', () => {
    expect(() => assertBatchWithinLimit(20, 20)).not.toThrow();
    expect(() => assertBatchWithinLimit(21, 20)).toThrow(
      '21 jobs exceed the safe batch limit of 20; split the batch or pass --allow-large-batch',
    );
    expect(() => assertBatchWithinLimit(21, 20, true)).not.toThrow();
  });

  it('spend lock: run needs --confirm-spend, dry never does', () => {
    expect(() => assertSpendUnlocked('run', false)).toThrow('spending is locked: pass --confirm-spend to make paid image calls');
    expect(() => assertSpendUnlocked('run', true)).not.toThrow();
    expect(() => assertSpendUnlocked('dry', false)).not.toThrow();
  });

  it('candidates: integer >= 1 always; above the max only in dry or with the override', () => {
    expect(() => assertCandidateCount(0, 6, 'dry')).toThrow('candidates must be an integer >= 1 (got 0)');
    expect(() => assertCandidateCount(1.5, 6, 'run')).toThrow('candidates must be an integer >= 1 (got 1.5)');
    expect(() => assertCandidateCount(7, 6, 'run')).toThrow(
      '7 candidates per job exceed max_candidates 6; lower --candidates or pass --allow-many-candidates',
    );
    expect(() => assertCandidateCount(7, 6, 'run', true)).not.toThrow();
    expect(() => assertCandidateCount(7, 6, 'dry')).not.toThrow();
    expect(() => assertCandidateCount(6, 6, 'run')).not.toThrow();
  });
});

describe('estimateRunCost', () => {
  it('prices generation and refine calls per image plus the input allowance per call', () => {
    expect(estimateRunCost({ model: 'gpt-image-1', size: '1024x1536', quality: 'high', jobs: 3, candidates: 2, refineCalls: 6 })).toEqual({
      model: 'gpt-image-1',
      priced_size: '1024x1536',
      priced_quality: 'high',
      generation_calls: 6,
      refine_calls: 6,
      per_image_usd: 0.25,
      input_allowance_per_call_usd: 0.03,
      output_usd: 3,
      input_usd: 0.36,
      total_usd: 3.36,
    });
  });

  it('uses the row of the size and quality asked for', () => {
    const low = estimateRunCost({ model: 'gpt-image-1', size: '1024x1024', quality: 'low', jobs: 2, candidates: 1, refineCalls: 0 });
    expect([low.per_image_usd, low.output_usd, low.input_usd, low.total_usd]).toEqual([0.011, 0.022, 0.06, 0.082]);
    const medium = estimateRunCost({ model: 'gpt-image-1', size: '1536x1024', quality: 'medium', jobs: 5, candidates: 3, refineCalls: 0 });
    expect([medium.per_image_usd, medium.output_usd, medium.total_usd]).toEqual([0.063, 0.945, 1.395]);
  });

  it('prices auto at the dearest option and refuses what it has no price for', () => {
    const auto = estimateRunCost({ model: 'gpt-image-1', size: 'auto', quality: 'auto', jobs: 1, candidates: 1, refineCalls: 0 });
    expect([auto.priced_size, auto.priced_quality, auto.per_image_usd]).toEqual(['1024x1536', 'high', 0.25]);
    const base = { size: '1024x1536', quality: 'high', jobs: 1, candidates: 1, refineCalls: 0 };
    expect(() => estimateRunCost({ ...base, model: 'dall-e-2' })).toThrow('no price table for model dall-e-2');
    expect(() => estimateRunCost({ ...base, model: 'gpt-image-1', size: '768x1152' })).toThrow('no price for size 768x1152 of gpt-image-1');
    expect(() => estimateRunCost({ ...base, model: 'gpt-image-1', quality: 'ultra' })).toThrow('no price for quality ultra of gpt-image-1');
    expect(() => estimateRunCost({ ...base, model: 'gpt-image-1', jobs: -1 })).toThrow('jobs must be an integer >= 0');
  });
});
