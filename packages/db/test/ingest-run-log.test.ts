import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRunDetail, ingestRunLog, openStore, runStatusOf, type KromaStore } from '../src/index.js';

let root: string;
let store: KromaStore;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'kroma-ingest-'));
  store = await openStore({ path: 'var/kroma.db', appRoot: root });
});
afterEach(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

const rank = (hard = 0) => ({ hard_failures: hard, soft_warnings: 0, avg_chroma_exceed: 0 });
const postprocess = {
  upscale: false, upscale_backend: null, color: true, color_profile: 'neutral', bg_remove: false,
  bg_remove_backends: [], bg_refine_openai: false, bg_refine_openai_required: false, pipeline_order: ['generate', 'color'],
};
const guard = { enabled: true, enforce_grayscale: false, max_chroma_delta: 2, fail_on_chroma_exceed: false };

function baseLog(jobs: unknown[], extra: Record<string, unknown> = {}) {
  return {
    timestamp: '2026-02-25T01:20:56Z', project: 'Noir Test', mode: 'run', stage: 'style', time: 'day', weather: 'clear',
    model: 'gpt-image-1', size: '1024x1024', quality: 'high', generation: { candidates: 2, max_candidates: 6 },
    postprocess, output_guard: guard, storage: { project_root: 'var/projects/noir_test', resolved_from_backend: true },
    jobs, ...extra,
  };
}

const out = (name: string) => `var/projects/noir_test/outputs/${name}`;
const job = (id: string) => ({
  id, mode: 'style', time: 'day', weather: 'clear', input_images: [], prompt: `draw ${id}`, status: 'done',
  selected_candidate: 1, final_output: out(`${id}__c1_neutral.png`), output: out(`${id}__c1_neutral.png`),
  candidates: [1, 2].map((k) => ({
    candidate_index: k, output: out(`${id}__c${k}.png`), status: 'done', rank: rank(), final_output: out(`${id}__c${k}_neutral.png`),
  })),
});

const costEvent = {
  job_id: 'j1', candidate_index: 1, provider_code: 'openai', model_name: 'gpt-image-1', event_type: 'image_generation',
  units: 2, unit_cost_usd: 0.04, total_cost_usd: 0.08, currency: 'USD', meta: { size: '1024x1024' },
};

function writeImages(names: string[]) {
  mkdirSync(join(root, out('')), { recursive: true });
  for (const name of names) writeFileSync(join(root, out(name)), `bytes of ${name}`);
}
const sha = (name: string) => createHash('sha256').update(`bytes of ${name}`).digest('hex');

async function counts() {
  const tables = ['runs', 'run_jobs', 'run_candidates', 'run_job_candidates', 'assets', 'asset_links', 'quality_reports', 'cost_events'] as const;
  const result: Record<string, number> = {};
  for (const table of tables) {
    const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

describe('ingestRunLog', () => {
  it('writes a Kroma-executed log into every table and re-ingests with the same run id', async () => {
    writeImages(['j1__c1.png', 'j1__c1_neutral.png', 'j1__c2.png', 'j1__c2_neutral.png']);
    const log = baseLog([job('j1'), job('j2')], { run_id: 'run-fixed-1', cost_events: [costEvent] });
    writeFileSync(join(root, 'run.json'), JSON.stringify(log));
    const first = await ingestRunLog(store, { runLogPath: 'run.json', createProjectIfMissing: true });
    expect(first).toEqual({
      project_slug: 'noir_test', run_id: 'run-fixed-1', run_log_path: 'run.json', jobs: 2, candidates: 4,
      assets_upserted: 10, quality_reports_written: 5, cost_events_written: 1, status: 'ok',
    });
    expect(await counts()).toEqual({
      runs: 1, run_jobs: 2, run_candidates: 4, run_job_candidates: 4, assets: 8, asset_links: 4, quality_reports: 5, cost_events: 1,
    });
    const assets = await store.db.selectFrom('assets').selectAll().orderBy('rel_path').execute();
    const byPath = new Map(assets.map((a) => [a.rel_path, a]));
    const winner = byPath.get(out('j1__c1_neutral.png'));
    expect(winner).toMatchObject({ kind: 'job_final_output', asset_kind: 'job_final_output', candidate_id: null, sha256: sha('j1__c1_neutral.png'), mime_type: 'image/png', width: null });
    expect(JSON.parse(winner?.metadata_json ?? '')).toEqual({ path_exists: true, selected_candidate: 1 });
    expect(byPath.get(out('j1__c2_neutral.png'))).toMatchObject({ kind: 'candidate_final_output', sha256: sha('j1__c2_neutral.png') });
    expect(byPath.get(out('j2__c2.png'))).toMatchObject({ kind: 'candidate_output', sha256: null, metadata_json: '{"path_exists":false}' });
    const link = await store.db.selectFrom('asset_links').selectAll().where('child_asset_id', '=', byPath.get(out('j1__c2_neutral.png'))?.id ?? '').executeTakeFirstOrThrow();
    expect(link).toMatchObject({ parent_asset_id: byPath.get(out('j1__c2.png'))?.id, link_type: 'derived_from' });
    const cost = await store.db.selectFrom('cost_events').selectAll().executeTakeFirstOrThrow();
    expect(cost).toMatchObject({ run_id: 'run-fixed-1', job_id: 'j1', provider_code: 'openai', units: 2, unit_cost_usd: 0.04, total_cost_usd: 0.08, currency: 'USD', meta_json: '{"size":"1024x1024"}' });

    const detail = await getRunDetail(store, 'noir_test', 'run-fixed-1');
    expect(detail.run).toMatchObject({ run_mode: 'run', model_name: 'gpt-image-1', status: 'ok', time_of_day: 'day', image_size: '1024x1024' });
    const j1 = detail.jobs.find((j) => j.job_key === 'j1');
    expect(j1).toMatchObject({ selected_candidate_index: 1, final_asset_id: winner?.id, prompt_text: 'draw j1' });
    expect(j1?.candidates.map((c) => [c.candidate_index, c.final_output_path])).toEqual([[1, out('j1__c1_neutral.png')], [2, out('j1__c2_neutral.png')]]);

    const again = await ingestRunLog(store, { runLogPath: join(root, 'run.json'), computeHashes: false });
    expect(again).toEqual(first);
    expect(await counts()).toEqual({
      runs: 1, run_jobs: 2, run_candidates: 4, run_job_candidates: 4, assets: 8, asset_links: 4, quality_reports: 5, cost_events: 1,
    });
    const assetsAfter = await store.db.selectFrom('assets').select(['id', 'rel_path']).orderBy('rel_path').execute();
    expect(assetsAfter).toEqual(assets.map((a) => ({ id: a.id, rel_path: a.rel_path })));
    const winnerAfter = await store.db.selectFrom('assets').select('sha256').where('id', '=', winner?.id ?? '').executeTakeFirstOrThrow();
    expect(winnerAfter.sha256).toBe(sha('j1__c1_neutral.png'));
  });

  it('ingests a dry, original-shaped log with synthetic candidates and N + 1 reports', async () => {
    const dryJob = (id: string) => ({ id, mode: 'style', time: 'day', weather: 'clear', input_images: [], prompt: 'p', status: 'planned' });
    const result = await ingestRunLog(store, {
      runLogPath: 'runs/dry.json', log: baseLog([dryJob('a'), dryJob('b'), dryJob('c')], { mode: 'dry' }), createProjectIfMissing: true,
    });
    expect(result).toMatchObject({ jobs: 3, candidates: 3, assets_upserted: 0, quality_reports_written: 4, cost_events_written: 0, status: 'ok', run_log_path: 'runs/dry.json' });
    expect(result.run_id).toMatch(/^[0-9a-f-]{36}$/);
    const candidates = await store.db.selectFrom('run_candidates').selectAll().execute();
    expect(candidates.map((c) => [c.candidate_index, c.status, c.output_path, c.rank_hard_failures])).toEqual([
      [1, 'planned', null, 0], [1, 'planned', null, 0], [1, 'planned', null, 0],
    ]);
    const runReport = await store.db.selectFrom('quality_reports').selectAll().where('asset_id', 'is', null).execute();
    expect(runReport.length).toBe(4);
  });

  it('derives the run status', () => {
    expect(runStatusOf(undefined)).toBe('unknown');
    expect(runStatusOf([])).toBe('partial');
    expect(runStatusOf([{ status: 'done' }, { status: 'failed_output_guard' }])).toBe('failed');
    expect(runStatusOf([{ status: 'done' }, { status: 'running' }])).toBe('partial');
    expect(runStatusOf([{ status: 'done' }, { status: 'planned' }])).toBe('ok');
  });

  it('rejects bad fields naming the path and writes nothing', async () => {
    const bad = job('j1');
    (bad.candidates[1] as { rank: unknown }).rank = { hard_failures: 'x', soft_warnings: 0, avg_chroma_exceed: 0 };
    const before = await counts();
    await expect(ingestRunLog(store, { runLogPath: 'bad.json', log: baseLog([bad]), createProjectIfMissing: true })).rejects.toMatchObject({
      kind: 'validation',
      message: 'Run log is invalid: jobs.0.candidates.1.rank.hard_failures: Expected number, received string',
    });
    expect(await counts()).toEqual(before);
    expect(await store.db.selectFrom('projects').selectAll().execute()).toEqual([]);
  });

  it('answers 404 for a missing project unless creation is allowed', async () => {
    await expect(ingestRunLog(store, { runLogPath: 'x.json', log: baseLog([]) })).rejects.toMatchObject({ kind: 'not_found', message: 'Project not found' });
    const result = await ingestRunLog(store, { runLogPath: 'x.json', log: baseLog([]), createProjectIfMissing: true });
    expect(result).toMatchObject({ project_slug: 'noir_test', status: 'partial', jobs: 0 });
    const storage = await store.db.selectFrom('project_storage').selectAll().execute();
    expect(storage.length).toBe(1);
  });
});
