import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ingestRunLog, type KromaDatabase, type KromaStore } from '@kroma/db';
import { seedProject } from './support.js';

/** A valid 1×1 PNG; `variant` changes one byte of a text chunk so files differ. */
export function tinyPng(variant: number): Buffer {
  const base = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  return Buffer.concat([base, Buffer.from(`kroma-test-${variant}`)]);
}

const postprocess = {
  upscale: false, upscale_backend: null, color: false, color_profile: null, bg_remove: false, bg_remove_backends: [],
  bg_refine_openai: false, bg_refine_openai_required: false, pipeline_order: ['generate'],
};
const rank = { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 };

/** A run log of `jobs` jobs × 2 candidates whose outputs exist under the project folder. */
function writeRun(appRoot: string, rootRel: string, project: string, jobs: number) {
  const outputs = join(appRoot, rootRel, 'outputs');
  mkdirSync(outputs, { recursive: true });
  const jobList = Array.from({ length: jobs }, (_, j) => {
    const id = `style_1_scene_${j + 1}`;
    const candidates = [1, 2].map((c) => {
      const output = `${rootRel}/outputs/${id}__c${c}.png`;
      writeFileSync(join(appRoot, output), tinyPng(j * 10 + c));
      return { candidate_index: c, output, status: 'done', rank, final_output: output };
    });
    return {
      id, mode: 'style', time: 'day', weather: 'clear', input_images: [`scenes/${id}.png`], prompt: `draw ${id}`,
      status: 'done', selected_candidate: 1, final_output: candidates[0]?.output, output: candidates[0]?.output, candidates,
    };
  });
  const log = {
    timestamp: '2026-03-01T10:00:00Z', project, mode: 'run', stage: 'style', time: 'day', weather: 'clear',
    model: 'gpt-image-1', size: '1024x1024', quality: 'high', generation: { candidates: 2, max_candidates: 6 }, postprocess,
    output_guard: { enabled: true, enforce_grayscale: false, max_chroma_delta: 2, fail_on_chroma_exceed: false },
    storage: { project_root: rootRel, resolved_from_backend: true }, jobs: jobList,
    cost_events: [{ job_id: 'style_1_scene_1', candidate_index: 1, provider_code: 'openai', model_name: 'gpt-image-1', event_type: 'image_generation', units: 1, unit_cost_usd: 0.04, total_cost_usd: 0.04, currency: 'USD', meta: {} }],
  };
  const runLogPath = `${rootRel}/runs/run_20260301T100000Z.json`;
  mkdirSync(join(appRoot, rootRel, 'runs'), { recursive: true });
  writeFileSync(join(appRoot, runLogPath), `${JSON.stringify(log, null, 2)}\n`);
  return runLogPath;
}

/**
 * A project with settings (bootstrap seed, a secret with a value), one ingested run (`jobs` × 2 candidates, real
 * files), a manual asset link, and extra project files (a nested note, a settings layer).
 */
export async function richProject(store: KromaStore, name: string, jobs = 2) {
  const project = await seedProject(store, name);
  const rootRel = `var/projects/${project.slug}`;
  const runLogPath = writeRun(store.appRoot, rootRel, project.slug, jobs);
  await ingestRunLog(store, { runLogPath });
  const assets = await store.db.selectFrom('assets').select('id').where('project_id', '=', project.id).orderBy('id').execute();
  await store.db
    .insertInto('asset_links')
    .values({ id: 'link-1', project_id: project.id, parent_asset_id: assets[0]!.id, child_asset_id: assets[1]!.id, link_type: 'variant_of', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' })
    .execute();
  mkdirSync(join(store.appRoot, rootRel, 'notes', 'deep'), { recursive: true });
  writeFileSync(join(store.appRoot, rootRel, 'notes', 'deep', 'idea.txt'), 'a long-form idea\n');
  mkdirSync(join(store.appRoot, rootRel, '.kroma'), { recursive: true });
  writeFileSync(join(store.appRoot, rootRel, '.kroma', 'pipeline.settings.json'), '{"generation":{"candidates":2}}\n');
  return { project, rootRel, projectRoot: join(store.appRoot, rootRel) };
}

/** Every file below `root` (relative path → bytes). */
export function filesOf(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(root, path), readFileSync(path));
    }
  };
  if (statSync(root, { throwIfNoEntry: false })?.isDirectory()) walk(root);
  return files;
}

export const PORTABLE_TABLES = [
  'provider_accounts', 'style_guides', 'characters', 'reference_sets', 'reference_set_items', 'prompt_templates',
  'runs', 'run_jobs', 'run_candidates', 'run_job_candidates', 'assets', 'asset_links', 'quality_reports', 'cost_events',
] as const satisfies readonly (keyof KromaDatabase)[];

/** Every row of a project in the portable tables (jobs and candidates through their run), sorted by content. */
export async function projectRows(store: KromaStore, projectId: string): Promise<Record<string, unknown[]>> {
  const db = store.db;
  const runIds = (await db.selectFrom('runs').select('id').where('project_id', '=', projectId).execute()).map((r) => r.id);
  const jobIds = runIds.length === 0 ? [] : (await db.selectFrom('run_jobs').select('id').where('run_id', 'in', runIds).execute()).map((r) => r.id);
  const dump: Record<string, unknown[]> = {};
  for (const table of PORTABLE_TABLES) {
    let rows: unknown[];
    if (table === 'run_jobs') rows = runIds.length === 0 ? [] : await db.selectFrom(table).selectAll().where('run_id', 'in', runIds).execute();
    else if (table === 'run_candidates' || table === 'run_job_candidates') rows = jobIds.length === 0 ? [] : await db.selectFrom(table).selectAll().where('job_id', 'in', jobIds).execute();
    else rows = await db.selectFrom(table).selectAll().where('project_id', '=', projectId).execute();
    dump[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return dump;
}
