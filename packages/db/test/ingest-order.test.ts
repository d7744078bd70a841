import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getRunDetail, ingestRunLog, openStore } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const plannedJob = (id: string) => ({
  id,
  mode: 'style',
  time: 'day',
  weather: 'clear',
  input_images: [`scenes/${id}.png`],
  prompt: 'p',
  status: 'planned',
});

describe('ingest keeps the run log order of jobs', () => {
  it('returns jobs in log order although they share one created_at', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kroma-ingest-order-'));
    dirs.push(dir);
    const store = await openStore({ path: 'app.db', appRoot: dir });
    const ids = ['zeta', 'alpha', 'mike', 'bravo', 'yankee', 'charlie', 'xray', 'delta'];
    const log = {
      timestamp: '2026-11-23T00:00:00.000Z',
      project: 'order_test',
      mode: 'dry',
      stage: 'style',
      time: 'day',
      weather: 'clear',
      model: 'gpt-image-1',
      size: '1024x1536',
      quality: 'high',
      generation: { candidates: 1, max_candidates: 6 },
      postprocess: {
        upscale: false, upscale_backend: null, color: false, color_profile: null, bg_remove: false,
        bg_remove_backends: [], bg_refine_openai: false, bg_refine_openai_required: false, pipeline_order: ['generate'],
      },
      output_guard: { enabled: true, enforce_grayscale: false, max_chroma_delta: 2, fail_on_chroma_exceed: false },
      storage: { project_root: 'proj', resolved_from_backend: false },
      jobs: ids.map(plannedJob),
    };
    const result = await ingestRunLog(store, { runLogPath: 'runs/run_order.json', log, createProjectIfMissing: true, computeHashes: false });
    const detail = await getRunDetail(store, 'order_test', result.run_id);
    expect(detail.jobs.map((job) => job.job_key)).toEqual(ids);
    await store.close();
  });
});
