import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestRunLog, upsertProject, type KromaStore } from '../src/index.js';
import { costEvent, runJob, runLog, tempStore } from './support/run-logs.js';

let env: Awaited<ReturnType<typeof tempStore>>;
let store: KromaStore;

beforeEach(async () => {
  env = await tempStore('ingest-state');
  store = env.store;
  await upsertProject(store, { userId: null }, { name: 'State' });
});
afterEach(() => env.close());

const logged = (status: string, extra: Record<string, unknown> = {}) => ({
  status, stage: 'generate', jobs_total: 3, jobs_done: 1, candidates_total: 6, candidates_done: 3,
  updated_at: '2026-03-01T10:05:00.000Z', ...extra,
});

async function ingested(log: unknown) {
  const result = await ingestRunLog(store, { runLogPath: 'runs/run.json', log });
  const run = await store.db.selectFrom('runs').selectAll().where('id', '=', result.run_id).executeTakeFirstOrThrow();
  return { result, run, progress: JSON.parse(run.progress_json ?? '') as Record<string, unknown> };
}

describe('ingest records how the run ended', () => {
  it('keeps a canceled run canceled, with the log\'s counts, cost and reason', async () => {
    const log = runLog('state', [runJob('j1'), runJob('j2', 'canceled', 0)], {
      progress: logged('canceled', { reason: 'canceled by the user' }),
      cost: { estimate_usd: 0.48, actual_usd: 0.16, cap_usd: null },
      cost_events: [costEvent({ usd: 0.08 }), costEvent({ usd: 0.08 })],
    });
    const { result, run, progress } = await ingested(log);
    expect(result.status).toBe('canceled');
    expect(run.status).toBe('canceled');
    expect(run.finished_at).toMatch(/Z$/);
    expect(progress).toMatchObject({
      status: 'canceled', stage: 'finished', jobs_total: 3, jobs_done: 1, candidates_total: 6, candidates_done: 3,
      cost_usd: 0.16, estimate_usd: 0.48, error: 'canceled by the user',
    });
    expect(progress.updated_at).toMatch(/Z$/);
  });

  it('marks a paid run left running or planned by a killed process interrupted, in the stage it stopped', async () => {
    for (const status of ['running', 'planned']) {
      const { result, run, progress } = await ingested(runLog('state', [runJob('j1'), runJob('j2', 'running', 0)], { progress: logged(status) }));
      expect(result.status).toBe('interrupted');
      expect(run).toMatchObject({ status: 'interrupted', finished_at: null });
      expect(progress).toMatchObject({ status: 'interrupted', stage: 'generate', jobs_done: 1, error: '' });
    }
  });

  it('applies §8.3 otherwise: a dry log still planned is ok, a paid run done with a failed job is failed', async () => {
    const dry = runLog('state', [runJob('j1', 'planned', 0)], { mode: 'dry', progress: logged('planned') });
    expect((await ingested(dry)).result.status).toBe('ok');
    const failed = runLog('state', [runJob('j1'), runJob('j2', 'failed_output_guard', 2, 'failed_output_guard')], { progress: logged('done') });
    const { result, progress } = await ingested(failed);
    expect(result.status).toBe('failed');
    expect(progress).toMatchObject({ status: 'failed', stage: 'finished' });
  });

  it('counts progress from the jobs when the log has none, and sums the cost rows', async () => {
    const log = runLog('state', [runJob('j1'), runJob('j2', 'failed', 2, 'failed'), runJob('j3', 'running', 2, 'generated'), runJob('j4', 'planned', 0)], {
      cost_events: [costEvent({ usd: 0.1 }), costEvent({ usd: 0.2 })],
    });
    const { result, progress } = await ingested(log);
    expect(result.status).toBe('failed');
    expect(progress).toMatchObject({
      status: 'failed', stage: 'finished', jobs_total: 4, jobs_done: 3, candidates_total: 7, candidates_done: 5,
      cost_usd: 0.3, estimate_usd: 0, error: '',
    });
  });
});
