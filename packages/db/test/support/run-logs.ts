import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type KromaStore } from '../../src/index.js';

/** A fresh store in a temp app root; `close` removes both. */
export async function tempStore(prefix: string): Promise<{ root: string; store: KromaStore; close(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), `kroma-${prefix}-`));
  const store = await openStore({ path: 'var/backend/app.db', appRoot: root });
  return {
    root,
    store,
    close: async () => {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const postprocess = {
  upscale: false, upscale_backend: null, color: false, color_profile: null, bg_remove: false, bg_remove_backends: [],
  bg_refine_openai: false, bg_refine_openai_required: false, pipeline_order: ['generate'],
};
const guard = { enabled: true, enforce_grayscale: false, max_chroma_delta: 2, fail_on_chroma_exceed: false };

/** A Kroma run log for project `project` with these jobs and extra run-level keys. */
export function runLog(project: string, jobs: unknown[], extra: Record<string, unknown> = {}) {
  return {
    timestamp: '2026-03-01T10:00:00Z', project, mode: 'run', stage: 'style', time: 'day', weather: 'clear',
    model: 'gpt-image-1', size: '1024x1024', quality: 'high', generation: { candidates: 2, max_candidates: 6 },
    postprocess, output_guard: guard, storage: { project_root: `var/projects/${project}`, resolved_from_backend: true },
    jobs, ...extra,
  };
}

const rank = { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 };

/** A job with `count` candidates (status `candidateStatus`), outputs under `outputs/`. */
export function runJob(id: string, status = 'done', count = 2, candidateStatus = 'done') {
  const candidates = Array.from({ length: count }, (_, index) => ({
    candidate_index: index + 1, output: `outputs/${id}__c${index + 1}.png`, status: candidateStatus, rank,
  }));
  return {
    id, mode: 'style', time: 'day', weather: 'clear', input_images: [`scenes/${id}.png`], prompt: `draw ${id}`, status,
    ...(count > 0 ? { selected_candidate: 1, final_output: candidates[0]?.output, output: candidates[0]?.output } : {}),
    candidates,
  };
}

/** One priced call in the log's cost_events shape. */
export function costEvent(fields: { provider?: string; model?: string | null; type?: string; units?: number; usd: number }) {
  return {
    job_id: null, candidate_index: null, provider_code: fields.provider ?? 'openai', model_name: fields.model ?? 'gpt-image-1',
    event_type: fields.type ?? 'image_generation', units: fields.units ?? 1, unit_cost_usd: fields.usd,
    total_cost_usd: fields.usd, currency: 'USD', meta: {},
  };
}
