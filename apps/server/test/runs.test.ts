import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRow, seedRows } from './support/seed.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let projectId: string;
let otherProjectId: string;
const RUNS = '/api/projects/runs_demo/runs';

const NO_PROGRESS = { jobs_done: 0, jobs_total: 0, candidates_done: 0, candidates_total: 0, cost_usd: 0, estimate_usd: 0, error: '' };

const FULL_RUN = {
  run_mode: 'run',
  mode: 'dry',
  status: 'ok',
  stage: 'style',
  time_of_day: 'day',
  weather: 'clear',
  model_name: 'gpt-image-1',
  model: 'legacy-model',
  provider_code: 'openai',
  settings_snapshot_json: '{"seed":true,"steps":24}',
  meta_json: '{"legacy":true}',
  started_at: '2026-02-21T00:00:00Z',
  finished_at: '2026-02-21T00:01:00Z',
  created_at: '2026-02-21T00:00:00Z',
  run_log_path: 'var/projects/runs_demo/runs/run.json',
  image_size: '1024x1536',
  image_quality: 'high',
};

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Runs Demo')).id;
  otherProjectId = (await createProject(t, 'Other Runs')).id;
});
afterAll(async () => {
  await t.close();
});

describe('GET runs', () => {
  let fullId: string;
  let legacyId: string;
  beforeAll(async () => {
    fullId = await seedRow(t, 'runs', { ...FULL_RUN, project_id: projectId });
    // Legacy-only columns (canonical NULL or blank) and NULL everywhere else.
    legacyId = await seedRow(t, 'runs', {
      project_id: projectId,
      run_mode: '  ',
      mode: 'dry',
      model: 'dall-e',
      meta_json: '{"timestamp":"t1"}',
      created_at: '2026-02-20T00:00:00Z',
    });
    await seedRow(t, 'runs', { ...FULL_RUN, project_id: otherProjectId });
  });

  it('lists the project runs with every field, canonical columns first', async () => {
    const res = await t.api('GET', RUNS);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.count).toBe(2);
    expect(res.body.runs).toHaveLength(2);
    expect(res.body.runs[0]).toEqual({
      id: fullId,
      project_id: projectId,
      ...FULL_RUN,
      mode: undefined,
      model: undefined,
      meta_json: undefined,
      settings_snapshot_json: { seed: true, steps: 24 },
      // Rows written before live progress existed: the status, zero counts, the last timestamp.
      progress: { ...NO_PROGRESS, status: 'ok', stage: 'finished', updated_at: '2026-02-21T00:01:00Z' },
    });
    expect(Object.keys(res.body.runs[0])).not.toContain('mode');
    expect(res.body.runs[1]).toEqual({
      id: legacyId,
      project_id: projectId,
      run_mode: 'dry',
      status: '',
      stage: '',
      time_of_day: '',
      weather: '',
      model_name: 'dall-e',
      provider_code: '',
      settings_snapshot_json: { timestamp: 't1' },
      started_at: '',
      finished_at: '',
      created_at: '2026-02-20T00:00:00Z',
      run_log_path: '',
      image_size: '',
      image_quality: '',
      progress: { ...NO_PROGRESS, status: '', stage: '', updated_at: '2026-02-20T00:00:00Z' },
    });
  });

  it('answers Project not found for an unknown project, and 400 for a non-integer limit', async () => {
    const missing = await t.api('GET', '/api/projects/nope/runs');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
    for (const bad of ['abc', '', '2.5']) {
      const res = await t.api('GET', `${RUNS}?limit=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.ok).toBe(false);
    }
  });
});

describe('GET runs/{runId} and runs/{runId}/jobs', () => {
  let runId: string;
  let jobLate: string;
  const jobEarly = 'job_b_early';
  const jobTieA = 'job_a_tie';
  const jobTieC = 'job_c_tie';
  beforeAll(async () => {
    runId = await seedRow(t, 'runs', { ...FULL_RUN, project_id: projectId, created_at: '2026-03-01T00:00:00Z' });
    const otherRun = await seedRow(t, 'runs', { project_id: projectId, created_at: '2026-03-02T00:00:00Z' });
    jobLate = await seedRow(t, 'run_jobs', {
      run_id: runId,
      job_key: 'cover',
      status: 'done',
      prompt_text: 'hero portrait',
      selected_candidate_index: 2,
      selected_candidate: 9,
      final_asset_id: 'asset_final',
      final_output: 'outputs/cover.png',
      meta_json: '{"id":"cover"}',
      created_at: '2026-03-01T00:00:30Z',
    });
    await seedRows(t, 'run_jobs', [
      { id: jobEarly, run_id: runId, selected_candidate: 1, created_at: '2026-03-01T00:00:10Z' },
      { id: jobTieC, run_id: runId, created_at: '2026-03-01T00:00:20Z', meta_json: 'not json' },
      { id: jobTieA, run_id: runId, created_at: '2026-03-01T00:00:20Z' },
      { id: 'job_other_run', run_id: otherRun, created_at: '2026-03-01T00:00:00Z' },
    ]);
    await seedRows(t, 'run_candidates', [
      { id: 'cand_2', job_id: jobLate, candidate_index: 2, created_at: '2026-03-01T00:00:40Z' },
      {
        id: 'cand_1',
        job_id: jobLate,
        candidate_index: 1,
        status: 'done',
        output_asset_id: 'asset_out',
        final_asset_id: 'asset_final',
        output_path: 'outputs/cover__c1.png',
        final_output_path: 'outputs/cover__c1_nobg.png',
        rank_hard_failures: 1,
        rank_soft_warnings: 3,
        rank_avg_chroma_exceed: 0.25,
        meta_json: '{"score":0.98}',
        created_at: '2026-03-01T00:00:50Z',
      },
      { id: 'cand_0b', job_id: jobLate, candidate_index: 0 },
      { id: 'cand_0a', job_id: jobLate, candidate_index: null },
      { id: 'cand_elsewhere', job_id: 'job_other_run', candidate_index: 0 },
    ]);
  });

  it('returns the run with its jobs (oldest first) and their candidates (by candidate_index)', async () => {
    const res = await t.api('GET', `${RUNS}/${runId}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['jobs', 'ok', 'run']);
    expect(res.body.run.id).toBe(runId);
    expect(res.body.run.model_name).toBe('gpt-image-1');
    const jobs = res.body.jobs;
    expect(jobs.map((job: { id: string }) => job.id)).toEqual([jobEarly, jobTieA, jobTieC, jobLate]);
    expect(jobs[0].selected_candidate_index).toBe(1);
    expect(jobs[1].selected_candidate_index).toBeNull();
    expect(jobs[2].meta_json).toEqual({});
    expect(jobs[0].candidates).toEqual([]);
    const late = jobs[3];
    expect({ ...late, candidates: undefined }).toEqual({
      id: jobLate,
      run_id: runId,
      job_key: 'cover',
      status: 'done',
      prompt_text: 'hero portrait',
      selected_candidate_index: 2,
      final_asset_id: 'asset_final',
      final_output: 'outputs/cover.png',
      meta_json: { id: 'cover' },
      created_at: '2026-03-01T00:00:30Z',
      candidates: undefined,
    });
    expect(late.candidates.map((c: { id: string }) => c.id)).toEqual(['cand_0a', 'cand_0b', 'cand_1', 'cand_2']);
    expect(late.candidates[0]).toEqual({
      id: 'cand_0a',
      job_id: jobLate,
      candidate_index: 0,
      status: '',
      output_asset_id: '',
      final_asset_id: '',
      output_path: '',
      final_output_path: '',
      rank_hard_failures: 0,
      rank_soft_warnings: 0,
      rank_avg_chroma_exceed: 0,
      meta_json: {},
      created_at: '',
    });
    expect(late.candidates[2]).toEqual({
      id: 'cand_1',
      job_id: jobLate,
      candidate_index: 1,
      status: 'done',
      output_asset_id: 'asset_out',
      final_asset_id: 'asset_final',
      output_path: 'outputs/cover__c1.png',
      final_output_path: 'outputs/cover__c1_nobg.png',
      rank_hard_failures: 1,
      rank_soft_warnings: 3,
      rank_avg_chroma_exceed: 0.25,
      meta_json: { score: 0.98 },
      created_at: '2026-03-01T00:00:50Z',
    });
  });

  it('lists the jobs alone, echoing the run id', async () => {
    const detail = await t.api('GET', `${RUNS}/${runId}`);
    const res = await t.api('GET', `${RUNS}/${runId}/jobs`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, run_id: runId, count: 4, jobs: detail.body.jobs });
  });

  it('answers Run not found for unknown runs, other projects\u2019 runs and unknown projects', async () => {
    const foreignRun = await seedRow(t, 'runs', { project_id: otherProjectId });
    for (const path of [`${RUNS}/missing-run`, `${RUNS}/${foreignRun}`, `/api/projects/nope/runs/${runId}`, '/api/projects/nope/runs/x']) {
      for (const suffix of ['', '/jobs']) {
        const res = await t.api('GET', path + suffix);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ ok: false, error: 'Run not found' });
      }
    }
  });
});
