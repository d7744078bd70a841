import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { costSummary, ingestRunLog, upsertProject, type KromaStore } from '../src/index.js';
import { costEvent, runJob, runLog, tempStore } from './support/run-logs.js';

let env: Awaited<ReturnType<typeof tempStore>>;
let store: KromaStore;

beforeEach(async () => {
  env = await tempStore('cost-summary');
  store = env.store;
  await upsertProject(store, { userId: null }, { name: 'Ledger' });
  await upsertProject(store, { userId: null }, { name: 'Empty' });
});
afterEach(() => env.close());

async function ingest(path: string, events: unknown[]) {
  return ingestRunLog(store, { runLogPath: path, log: runLog('ledger', [runJob('j1')], { cost_events: events }) });
}

/** Pins the timestamps the ingest wrote (all "now") to known values, in insertion order. */
async function stampEvents(runId: string, stamps: string[]) {
  const rows = await store.db.selectFrom('cost_events').select('id').where('run_id', '=', runId).orderBy('total_cost_usd').execute();
  for (const [index, row] of rows.entries()) {
    await store.db.updateTable('cost_events').set({ created_at: stamps[index] ?? null }).where('id', '=', row.id).execute();
  }
}

describe('costSummary', () => {
  it('sums the project ledger by event type, provider, model and run, largest first', async () => {
    const a = await ingest('runs/a.json', [
      costEvent({ usd: 0.1, units: 2 }),
      costEvent({ usd: 0.2, units: 1 }),
      costEvent({ provider: 'replicate', model: 'real-esrgan', type: 'upscale', usd: 0.05, units: 3 }),
    ]);
    const b = await ingest('runs/b.json', [costEvent({ provider: 'openai', model: null, type: 'bg_refine', usd: 0.3 })]);
    await stampEvents(a.run_id, ['2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z']);

    const summary = await costSummary(store, 'ledger');
    expect(summary).toMatchObject({
      currency: 'USD', total_usd: 0.65, events: 4, runs: 2, first_event_at: '2026-03-01T00:00:00Z',
    });
    expect(summary.last_event_at >= '2026-03-03T00:00:00Z').toBe(true);
    expect(summary.by_event_type).toEqual([
      { key: 'bg_refine', events: 1, units: 1, total_usd: 0.3 }, // a tie: by key
      { key: 'image_generation', events: 2, units: 3, total_usd: 0.3 },
      { key: 'upscale', events: 1, units: 3, total_usd: 0.05 },
    ]);
    expect(summary.by_provider).toEqual([
      { key: 'openai', events: 3, units: 4, total_usd: 0.6 },
      { key: 'replicate', events: 1, units: 3, total_usd: 0.05 },
    ]);
    // A missing model falls back to the run's model (§8.3).
    expect(summary.by_model.map((bucket) => [bucket.key, bucket.total_usd])).toEqual([['gpt-image-1', 0.6], ['real-esrgan', 0.05]]);
    expect(summary.by_run).toEqual([
      { key: a.run_id, events: 3, units: 6, total_usd: 0.35 },
      { key: b.run_id, events: 1, units: 1, total_usd: 0.3 },
    ]);
  });

  it('sums one run without a per-run breakdown, and answers 404 for a run that is not the project\'s', async () => {
    const a = await ingest('runs/a.json', [costEvent({ usd: 0.1 }), costEvent({ provider: 'replicate', usd: 0.2 })]);
    await ingest('runs/b.json', [costEvent({ usd: 5 })]);
    const summary = await costSummary(store, 'ledger', a.run_id);
    expect(summary).toMatchObject({ total_usd: 0.3, events: 2, runs: 1, by_run: [] });
    expect(summary.by_provider.map((bucket) => bucket.key)).toEqual(['replicate', 'openai']);
    for (const [slug, runId] of [['ledger', 'unknown'], ['empty', a.run_id], ['nope', a.run_id]] as const) {
      await expect(costSummary(store, slug, runId)).rejects.toMatchObject({ kind: 'not_found', message: 'Run not found' });
    }
  });

  it('answers zeros for a project without costs and 404 for an unknown project', async () => {
    expect(await costSummary(store, 'empty')).toEqual({
      currency: 'USD', total_usd: 0, events: 0, runs: 0, first_event_at: '', last_event_at: '',
      by_event_type: [], by_provider: [], by_model: [], by_run: [],
    });
    await expect(costSummary(store, 'nope')).rejects.toMatchObject({ kind: 'not_found', message: 'Project not found' });
  });
});
