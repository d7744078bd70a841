import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TFakeOpenAIServer } from '@kroma/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEnv, startFakeOpenAI, writeScenes } from './support/runs.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let fake: TFakeOpenAIServer;
let t: TTestServer;
const BASE = '/api/projects/replay_demo';
const NO_TRIGGER = 'Run has no recorded trigger parameters (it was not started through the API); use remix with explicit parameters';

const storedTrigger = async (runId: string): Promise<unknown> => {
  const row = await t.server.store.db.selectFrom('runs').select('trigger_json').where('id', '=', runId).executeTakeFirstOrThrow();
  return JSON.parse(row.trigger_json ?? 'null');
};
const trigger = async (body: Record<string, unknown>) => {
  const res = await t.api('POST', `${BASE}/runs/trigger`, { body });
  expect(res.status, res.text).toBe(200);
  return res.body;
};

beforeAll(async () => {
  fake = await startFakeOpenAI(0);
  t = await startTestServer({ env: runEnv(fake) });
  await createProject(t, 'Replay Demo');
  await writeScenes(t.dir, 2);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('replay', () => {
  it('starts a new run with the recorded parameters; spending is confirmed again', async () => {
    const dry = await trigger({ scene_refs: ['scenes/scene_1.png'], stage: 'time', time: 'night', candidates: 2 });
    const replayed = await t.api('POST', `${BASE}/runs/${dry.run_id}/replay`, { body: {} });
    expect(replayed.status).toBe(200);
    expect(replayed.body.run_id).not.toBe(dry.run_id);
    expect(replayed.body.run).toMatchObject({ status: 'ok', stage: 'time', time_of_day: 'night' });
    expect(await storedTrigger(replayed.body.run_id)).toEqual(await storedTrigger(dry.run_id));

    const paid = await trigger({ mode: 'run', confirm_spend: true, candidates: 1, scene_refs: ['scenes/scene_2.png'], wait: true });
    const unconfirmed = await t.api('POST', `${BASE}/runs/${paid.run_id}/replay`, { body: {} });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toEqual({ ok: false, error: 'Run mode requires explicit spend confirmation' });
    const calls = fake.calls.length;
    const again = await t.api('POST', `${BASE}/runs/${paid.run_id}/replay`, { body: { confirm_spend: true, wait: true } });
    expect(again.status).toBe(200);
    expect(again.body.run).toMatchObject({ run_mode: 'run', status: 'ok' });
    expect(fake.calls.length - calls).toBe(1);
  });

  it('refuses runs that were not started through the API, and unknown runs', async () => {
    const dry = await trigger({ scene_refs: ['scenes/scene_1.png'] });
    const log = JSON.parse(readFileSync(join(t.dir, dry.run.run_log_path), 'utf8'));
    const ingested = await t.api('POST', `${BASE}/runs/ingest`, { body: { run_log: { ...log, run_id: 'cli_run_1' } } });
    expect(ingested.status).toBe(200);
    expect(ingested.body.ingest.run_id).toBe('cli_run_1');
    const res = await t.api('POST', `${BASE}/runs/cli_run_1/replay`, { body: {} });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ ok: false, error: NO_TRIGGER });
    const missing = await t.api('POST', `${BASE}/runs/nope/replay`, { body: {} });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Run not found' });
  });
});

describe('remix', () => {
  it('overlays the request on the recorded parameters; input and scene_refs replace each other', async () => {
    const dry = await trigger({ scene_refs: ['scenes/scene_1.png'], stage: 'weather', weather: 'rain' });
    const remixed = await t.api('POST', `${BASE}/runs/${dry.run_id}/remix`, { body: { input: 'scenes', weather: 'clear' } });
    expect(remixed.status).toBe(200);
    expect(remixed.body.run.progress.jobs_total).toBe(2);
    expect(await storedTrigger(remixed.body.run_id)).toEqual({ mode: 'dry', input: 'scenes', stage: 'weather', weather: 'clear', storage_sync_s3: false });
    const back = await t.api('POST', `${BASE}/runs/${remixed.body.run_id}/remix`, { body: { scene_refs: ['scenes/scene_2.png'] } });
    expect(await storedTrigger(back.body.run_id)).toEqual({ mode: 'dry', scene_refs: ['scenes/scene_2.png'], stage: 'weather', weather: 'clear', storage_sync_s3: false });
  });

  it('validates the merged parameters like a trigger; a run without recorded parameters starts from nothing', async () => {
    const dry = await trigger({ scene_refs: ['scenes/scene_1.png'], stage: 'weather', weather: 'rain' });
    const bad = await t.api('POST', `${BASE}/runs/${dry.run_id}/remix`, { body: { stage: 'time' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ ok: false, error: "Field 'weather' requires stage 'weather'" });
    const paid = await t.api('POST', `${BASE}/runs/${dry.run_id}/remix`, { body: { mode: 'run' } });
    expect(paid.body).toEqual({ ok: false, error: 'Run mode requires explicit spend confirmation' });
    const empty = await t.api('POST', `${BASE}/runs/cli_run_1/remix`, { body: {} });
    expect(empty.body).toEqual({ ok: false, error: 'Provide one of: input, scene_refs' });
    const fromNothing = await t.api('POST', `${BASE}/runs/cli_run_1/remix`, { body: { scene_refs: ['scenes/scene_1.png'] } });
    expect(fromNothing.status).toBe(200);
  });
});

describe('regenerate', () => {
  it('generates one job again inside its run, by job key or row id', async () => {
    const paid = await trigger({ mode: 'run', confirm_spend: true, candidates: 1, input: 'scenes', wait: true });
    const runId: string = paid.run_id;
    const jobs = (await t.api('GET', `${BASE}/runs/${runId}/jobs`)).body.jobs;
    const [first, second] = jobs;
    const calls = fake.calls.length;
    const byKey = await t.api('POST', `${BASE}/runs/${runId}/jobs/${first.job_key}/regenerate`, { body: { confirm_spend: true, wait: true } });
    expect(byKey.status).toBe(200);
    expect(byKey.body).toMatchObject({ run_id: runId, run: { id: runId, status: 'ok', progress: { jobs_total: 1, jobs_done: 1 } } });
    expect(fake.calls.length - calls).toBe(1);
    expect(fake.calls.at(-1)?.prompt).toBe(first.prompt_text);
    const after = (await t.api('GET', `${BASE}/runs/${runId}/jobs`)).body.jobs;
    expect(after.map((job: any) => [job.job_key, job.status])).toEqual([[first.job_key, 'done'], [second.job_key, 'done']]);
    expect((await t.api('GET', `${BASE}/cost-events?run_id=${runId}`)).body.count).toBe(3);

    const byId = await t.api('POST', `${BASE}/runs/${runId}/jobs/${after[1].id}/regenerate`, { body: { confirm_spend: true, wait: true } });
    expect(byId.status).toBe(200);
    expect(fake.calls.at(-1)?.prompt).toBe(second.prompt_text);
  });

  it('answers 404 for an unknown job, 400 without spend confirmation, 409 for a dry run', async () => {
    const paid = await trigger({ mode: 'run', confirm_spend: true, candidates: 1, scene_refs: ['scenes/scene_1.png'], wait: true });
    const key = (await t.api('GET', `${BASE}/runs/${paid.run_id}/jobs`)).body.jobs[0].job_key;
    const unknown = await t.api('POST', `${BASE}/runs/${paid.run_id}/jobs/nope/regenerate`, { body: { confirm_spend: true } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ ok: false, error: 'Job not found' });
    const unconfirmed = await t.api('POST', `${BASE}/runs/${paid.run_id}/jobs/${key}/regenerate`, { body: {} });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toEqual({ ok: false, error: 'Run mode requires explicit spend confirmation' });
    const dry = await trigger({ scene_refs: ['scenes/scene_1.png'] });
    const dryKey = (await t.api('GET', `${BASE}/runs/${dry.run_id}/jobs`)).body.jobs[0].job_key;
    const refused = await t.api('POST', `${BASE}/runs/${dry.run_id}/jobs/${dryKey}/regenerate`, { body: { confirm_spend: true } });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ ok: false, error: 'Only paid runs can be regenerated (this one is a dry run)' });
  });
});
