import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestRunLog, openStore, type KromaStore } from '../src/index.js';

let root: string;
let store: KromaStore;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'kroma-ingest-legacy-'));
  store = await openStore({ path: 'var/kroma.db', appRoot: root });
});
afterEach(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

/** The original's log: no run_id, schema_version, cost or progress; an RS timestamp. */
function originalLog(jobs: unknown[], extra: Record<string, unknown> = {}) {
  return {
    timestamp: '1772000000.123Z', project: 'legacy', mode: 'run', stage: 'time', time: 'night', weather: 'rain',
    model: 'gpt-image-1', size: '1536x1024', quality: 'medium', generation: { candidates: 1, max_candidates: 6 },
    postprocess: {
      upscale: true, upscale_backend: 'ncnn', color: false, color_profile: null, bg_remove: false, bg_remove_backends: [],
      bg_refine_openai: false, bg_refine_openai_required: false, pipeline_order: ['generate', 'upscale'],
    },
    output_guard: { enabled: true, enforce_grayscale: true, max_chroma_delta: 2, fail_on_chroma_exceed: false },
    storage: { project_root: 'var/projects/legacy', resolved_from_backend: false },
    jobs,
    ...extra,
  };
}

const failedJob = {
  id: 'p1', mode: 'time', time: 'night', weather: 'rain', input_images: ['refs/a.png'], prompt: 'rain', status: 'failed_output_guard',
  selected_candidate: null, final_output: null, failure_reason: 'all_candidates_failed_output_guard',
  candidates: [{ candidate_index: 1, output: 'outputs/p1.png', status: 'failed_output_guard', rank: { hard_failures: 1, soft_warnings: 1, avg_chroma_exceed: 3.5 } }],
};

describe('ingesting an original-shaped log', () => {
  it('ingests without Kroma keys, fails the run on a failed job and prices it from the legacy cost fallbacks', async () => {
    const log = originalLog([failedJob], {
      generation: { candidates: 1, max_candidates: 6, cost_usd: 0.5, images: 2 },
      cost_events: undefined,
    });
    const result = await ingestRunLog(store, { runLogPath: 'var/projects/legacy/runs/run_1.json', log, createProjectIfMissing: true });
    expect(result).toMatchObject({ jobs: 1, candidates: 1, assets_upserted: 1, quality_reports_written: 2, cost_events_written: 1, status: 'failed' });
    const job = await store.db.selectFrom('run_jobs').selectAll().executeTakeFirstOrThrow();
    expect(job).toMatchObject({ job_key: 'p1', final_output: null, final_asset_id: null, selected_candidate: null, selected_candidate_index: null });
    const report = await store.db.selectFrom('quality_reports').selectAll().where('asset_id', 'is not', null).executeTakeFirstOrThrow();
    expect(report).toMatchObject({ hard_failures: 1, soft_warnings: 1, avg_chroma_exceed: 3.5, report_type: 'output_guard', grade: '' });
    expect(JSON.parse(report.summary_json ?? '')).toEqual({
      status: 'failed_output_guard', rank: { hard_failures: 1, soft_warnings: 1, avg_chroma_exceed: 3.5 }, output_path: 'outputs/p1.png', final_output_path: null,
    });
    const cost = await store.db.selectFrom('cost_events').selectAll().executeTakeFirstOrThrow();
    expect(cost).toMatchObject({ provider_code: 'openai', event_type: 'image_generation', units: 2, unit_cost_usd: 0.25, total_cost_usd: 0.5, currency: 'USD', model_name: 'gpt-image-1', job_id: null });
    const run = await store.db.selectFrom('runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ mode: 'run', run_mode: 'run', model: 'gpt-image-1', model_name: 'gpt-image-1', time_of_day: 'night', image_quality: 'medium', status: 'failed' });
    expect(run.meta_json).toBe(run.settings_snapshot_json);
    expect(JSON.parse(run.meta_json ?? '')).toMatchObject({ timestamp: '1772000000.123Z', output_guard: { enforce_grayscale: true } });
  });

  it('falls back to a run total priced in cents and marks a running job partial', async () => {
    const running = { ...failedJob, status: 'running', candidates: [] };
    const result = await ingestRunLog(store, { runLogPath: 'r.json', log: originalLog([running], { amount_cents: 250 }), createProjectIfMissing: true });
    expect(result).toMatchObject({ status: 'partial', candidates: 1, assets_upserted: 0, cost_events_written: 1 });
    const cost = await store.db.selectFrom('cost_events').selectAll().executeTakeFirstOrThrow();
    expect(cost).toMatchObject({ provider_code: 'unknown', event_type: 'run_total', units: 1, unit_cost_usd: 2.5, total_cost_usd: 2.5 });
  });

  it('keeps a taken log run_id for the run that owns it and issues a fresh id to a different log', async () => {
    const log = originalLog([], { run_id: 'shared-id' });
    const first = await ingestRunLog(store, { runLogPath: 'a.json', log, createProjectIfMissing: true });
    const second = await ingestRunLog(store, { runLogPath: 'b.json', log });
    expect(first.run_id).toBe('shared-id');
    expect(second.run_id).not.toBe('shared-id');
    expect((await ingestRunLog(store, { runLogPath: 'b.json', log })).run_id).toBe(second.run_id);
  });
});
