import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, writeScenes } from './support/runs.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let project: { id: string; slug: string };
const TRIGGER = '/api/projects/trigger_demo/runs/trigger';
const MANAGED = "Field 'project_root' is managed by project storage; omit it or send the project's storage root";
const MISSING_KEY = 'Pipeline command failed: OPENAI_API_KEY is not set and the project has no openai/api_key secret';

beforeAll(async () => {
  t = await startTestServer();
  project = await createProject(t, 'Trigger Demo');
  await writeScenes(t.dir, 2);
});
afterAll(async () => {
  await t.close();
});

const storedTrigger = async (runId: string): Promise<unknown> => {
  const row = await t.server.store.db.selectFrom('runs').select('trigger_json').where('id', '=', runId).executeTakeFirstOrThrow();
  return JSON.parse(row.trigger_json ?? 'null');
};

describe('POST runs/trigger', () => {
  it('validates the body before the project lookup, with the exact messages', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'Provide one of: input, scene_refs'],
      [{ mode: 'fast', scene_refs: ['a.png'] }, "Field 'mode' must be one of: dry, run"],
      [{ scene_refs: [] }, "Field 'scene_refs' must not be empty"],
      [{ scene_refs: ['a.png', ''] }, "Field 'scene_refs' must not contain empty values"],
      [{ input: 'scene_dir', scene_refs: ['a.png'] }, 'Provide only one of: input, scene_refs'],
      [{ scene_refs: ['a.png'], style_refs: [] }, "Field 'style_refs' must not be empty"],
      [{ scene_refs: ['a.png'], style_refs: [' '] }, "Field 'style_refs' must not contain empty values"],
      [{ scene_refs: ['a.png'], stage: 'sky' }, "Field 'stage' must be one of: style, time, weather"],
      [{ scene_refs: ['a.png'], stage: 'time', time: 'noon' }, "Field 'time' must be one of: day, night"],
      [{ scene_refs: ['a.png'], stage: 'weather', weather: 'snow' }, "Field 'weather' must be one of: clear, rain"],
      [{ scene_refs: ['a.png'], candidates: 9 }, "Field 'candidates' must be between 1 and 6"],
      [{ scene_refs: ['a.png'], candidates: 0 }, "Field 'candidates' must be between 1 and 6"],
      [{ scene_refs: ['a.png'], time: 'night' }, "Field 'time' requires stage 'time' or 'weather'"],
      [{ scene_refs: ['a.png'], stage: 'time', weather: 'rain' }, "Field 'weather' requires stage 'weather'"],
      [{ mode: 'run', scene_refs: ['a.png'] }, 'Run mode requires explicit spend confirmation'],
    ];
    for (const [body, error] of cases) {
      for (const slug of ['nope', 'trigger_demo']) {
        const res = await t.api('POST', `/api/projects/${slug}/runs/trigger`, { body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toEqual({ ok: false, error });
      }
    }
    const missing = await t.api('POST', '/api/projects/nope/runs/trigger', { body: { mode: 'dry', scene_refs: ['a.png'] } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
    expect(await countRows(t, 'runs')).toBe(0);
  });

  it('leaves wrong JSON types to the framework (422)', async () => {
    for (const body of [{ scene_refs: ['a'], candidates: 2.5 }, { scene_refs: ['a'], confirm_spend: 'yes' }, { scene_refs: 'a.png' }]) {
      const res = await t.api('POST', TRIGGER, { body });
      expect(res.status).toBe(422);
      expect(res.body.ok).toBe(false);
    }
    expect(await countRows(t, 'runs')).toBe(0);
  });

  it('plans a dry run, ingests it and answers with the finished run', async () => {
    const res = await t.api('POST', TRIGGER, { body: { mode: 'dry', scene_refs: ['scenes/scene_1.png'] } });
    expect(res.status).toBe(200);
    const runId: string = res.body.run_id;
    const logPath: string = res.body.run.run_log_path;
    expect(logPath).toMatch(/^var\/projects\/trigger_demo\/runs\/run_.*\.json$/);
    const summary = { run_log_path: logPath, project_slug: 'trigger_demo', project_root: 'var/projects/trigger_demo', jobs: 1, mode: 'dry' };
    expect(res.body.pipeline_trigger).toEqual({
      mode: 'dry',
      status_code: 0,
      stdout: [
        `Run log: ${logPath}`,
        'Project: trigger_demo',
        'Project root: var/projects/trigger_demo',
        'Jobs: 1 (dry/planned)',
        `KROMA_PIPELINE_SUMMARY_JSON: ${JSON.stringify(summary)}`,
        '',
      ].join('\n'),
      stderr: '',
      adapter: 'in_process',
      run_id: runId,
    });
    expect(res.body.run).toMatchObject({ id: runId, project_id: project.id, run_mode: 'dry', status: 'ok', stage: 'style' });
    expect(res.body.run.progress).toMatchObject({ status: 'ok', stage: 'finished', jobs_done: 1, jobs_total: 1, cost_usd: 0, error: '' });
    expect(res.body.run.progress.estimate_usd).toBeGreaterThan(0);
    const detail = await t.api('GET', `/api/projects/trigger_demo/runs/${runId}`);
    expect(detail.body.run).toEqual(res.body.run);
    expect(detail.body.jobs.map((job: { job_key: string; status: string }) => [job.job_key, job.status])).toEqual([['style_1_scene_1', 'planned']]);
    expect(await storedTrigger(runId)).toEqual({ mode: 'dry', scene_refs: ['scenes/scene_1.png'], storage_sync_s3: false });
  });

  it('plans with the typed fields, trimmed and lower-cased, and records them for replay', async () => {
    const res = await t.api('POST', '/api/projects/Trigger%20Demo/runs/trigger', {
      body: { mode: 'DRY', scene_refs: [' scenes/scene_2.png '], stage: 'Weather', time: ' DAY ', weather: 'Clear', candidates: 2, storage_sync_s3: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.run).toMatchObject({ run_mode: 'dry', status: 'ok', stage: 'weather', time_of_day: 'day', weather: 'clear' });
    expect(res.body.run.progress).toMatchObject({ jobs_total: 1, candidates_total: 2 });
    expect(await storedTrigger(res.body.run_id)).toEqual({
      mode: 'dry',
      scene_refs: ['scenes/scene_2.png'],
      stage: 'weather',
      time: 'day',
      weather: 'clear',
      candidates: 2,
      storage_sync_s3: true,
    });
    const withInput = await t.api('POST', TRIGGER, { body: { input: ' scenes ', scene_refs: null } });
    expect(withInput.status).toBe(200);
    expect(withInput.body.run.progress.jobs_total).toBe(2);
    expect(await storedTrigger(withInput.body.run_id)).toEqual({ mode: 'dry', input: 'scenes', storage_sync_s3: false });
  });

  it('plans in a configured storage root and accepts it when sent, rejecting any other project_root', async () => {
    const storage = await t.api('PUT', '/api/projects/trigger_demo/storage/local', { body: { project_root: 'books/custom' } });
    expect(storage.status).toBe(200);
    const root = `${t.dir}/books/custom`;
    for (const sent of [undefined, '  ', root, 'books/custom', `${root}/`]) {
      const res = await t.api('POST', TRIGGER, { body: { scene_refs: ['scenes/scene_1.png'], project_root: sent } });
      expect(res.status).toBe(200);
      expect(res.body.run.run_log_path).toMatch(/^books\/custom\/runs\/run_/);
    }
    const before = await countRows(t, 'runs');
    for (const sent of ['/tmp', 'var/projects/trigger_demo', `${t.dir}/books`]) {
      const res = await t.api('POST', TRIGGER, { body: { scene_refs: ['scenes/scene_1.png'], project_root: sent } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: MANAGED });
    }
    // The project is resolved before project_root is judged.
    const missing = await t.api('POST', '/api/projects/nope/runs/trigger', { body: { scene_refs: ['a.png'], project_root: '/tmp' } });
    expect(missing.status).toBe(404);
    expect(await countRows(t, 'runs')).toBe(before);
    await t.api('PUT', '/api/projects/trigger_demo/storage/local', { body: { project_root: '' } });
  });

  it('answers a planning failure with the planner message and records no run', async () => {
    const before = await countRows(t, 'runs');
    const res = await t.api('POST', TRIGGER, { body: { scene_refs: ['scenes/missing.png'] } });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('scenes/missing.png');
    expect(await countRows(t, 'runs')).toBe(before);
  });

  it('refuses a paid run without an OpenAI key before recording anything', async () => {
    const before = await countRows(t, 'runs');
    const res = await t.api('POST', TRIGGER, { body: { mode: 'run', confirm_spend: true, scene_refs: ['scenes/scene_1.png'] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ ok: false, error: MISSING_KEY });
    expect(await countRows(t, 'runs')).toBe(before);
  });
});
