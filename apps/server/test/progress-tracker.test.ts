import type { TRunProgress } from '@kroma/contract';
import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../src/runs/progress-tracker.js';

const base: TRunProgress = {
  status: 'running',
  stage: 'generate',
  jobs_done: 0,
  jobs_total: 10,
  candidates_done: 0,
  candidates_total: 10,
  cost_usd: 0,
  estimate_usd: 1,
  error: '',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('ProgressTracker', () => {
  it('writes at most once per interval, a stage or status change at once, and the last value on flush', async () => {
    const written: TRunProgress[] = [];
    const tracker = new ProgressTracker(base, async (progress) => void written.push(progress), 250);
    for (let done = 1; done <= 50; done += 1) tracker.update({ ...base, candidates_done: done });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written.map((p) => p.candidates_done)).toEqual([1]);

    tracker.update({ ...base, stage: 'qa', candidates_done: 51 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(written.map((p) => [p.stage, p.candidates_done])).toEqual([['generate', 1], ['qa', 51]]);

    tracker.update({ ...base, stage: 'qa', candidates_done: 52 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(written.at(-1)?.candidates_done).toBe(52);
    tracker.update({ ...base, stage: 'qa', candidates_done: 53 });
    await tracker.flush();
    expect(written.at(-1)?.candidates_done).toBe(53);
    expect(written).toHaveLength(4);
    await tracker.flush();
    expect(written).toHaveLength(4);
  });
});
