import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TFakeOpenAIServer } from '@kroma/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_KEY, isFinal, runEnv, startFakeOpenAI, waitForRun, writeScenes } from './support/runs.js';
import { readEvents } from './support/sse.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let fake: TFakeOpenAIServer;
let t: TTestServer;
const BASE = '/api/projects/exec_demo';
const PAID = { mode: 'run', confirm_spend: true, candidates: 2 };

beforeAll(async () => {
  fake = await startFakeOpenAI(60);
  t = await startTestServer({ env: runEnv(fake) });
  await createProject(t, 'Exec Demo');
  await writeScenes(t.dir, 2);
  // An upscale pass (sharp, no external tool) makes each final file differ from its candidate: asset links.
  const settings = join(t.dir, 'var/projects/exec_demo/.kroma/pipeline.settings.json');
  mkdirSync(join(settings, '..'), { recursive: true });
  writeFileSync(settings, JSON.stringify({ postprocess: { upscale: true } }));
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('a paid run through the server', () => {
  it('answers at once, shows live progress, and leaves everything queryable', async () => {
    const callsBefore = fake.calls.length;
    const res = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, input: 'scenes' } });
    expect(res.status).toBe(200);
    const runId: string = res.body.run_id;
    expect(res.body.pipeline_trigger).toMatchObject({ mode: 'run', status_code: 0, stderr: '', adapter: 'in_process', run_id: runId });
    expect(res.body.pipeline_trigger.stdout).toContain('Jobs: 2 (run/completed)');
    expect(['queued', 'running']).toContain(res.body.run.status);
    expect(res.body.run.progress).toMatchObject({ jobs_total: 2, candidates_total: 4, cost_usd: 0 });

    const seen: any[] = [];
    const final = await waitForRun(t, 'exec_demo', runId, (run) => {
      seen.push(run.progress);
      return isFinal(run);
    });
    const live = seen.filter((progress) => progress.status === 'running');
    expect(live.length).toBeGreaterThan(0);
    expect(live.some((progress) => ['generate', 'postprocess', 'qa'].includes(progress.stage))).toBe(true);
    const done = live.map((progress) => progress.candidates_done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    // Cost so far: a finished candidate has been paid for.
    for (const progress of live.filter((p) => p.candidates_done > 0)) expect(progress.cost_usd).toBeGreaterThan(0);
    const liveCosts = live.map((progress) => progress.cost_usd);
    expect(liveCosts).toEqual([...liveCosts].sort((a, b) => a - b));

    expect(final.status).toBe('ok');
    expect(final.progress).toMatchObject({ status: 'ok', stage: 'finished', jobs_done: 2, jobs_total: 2, candidates_done: 4, candidates_total: 4, error: '' });
    expect(final.progress.cost_usd).toBeGreaterThan(0);
    expect(final.started_at).not.toBe('');
    expect(final.finished_at).not.toBe('');
    expect(fake.calls.length - callsBefore).toBe(4);
    expect(fake.calls.every((call) => call.authorization === `Bearer ${FAKE_KEY}`)).toBe(true);

    const jobs = (await t.api('GET', `${BASE}/runs/${runId}/jobs`)).body.jobs;
    expect(jobs.map((job: any) => job.status)).toEqual(['done', 'done']);
    for (const job of jobs) {
      expect(job.candidates).toHaveLength(2);
      expect(job.final_asset_id).not.toBe('');
      for (const candidate of job.candidates) expect(candidate.output_asset_id).not.toBe(candidate.final_asset_id);
    }
    const assets = (await t.api('GET', `${BASE}/assets`)).body.assets;
    expect(assets.length).toBe(8);
    expect(assets.every((asset: any) => /^[0-9a-f]{64}$/.test(asset.sha256))).toBe(true);
    const links = (await t.api('GET', `${BASE}/asset-links`)).body;
    expect(links.count).toBe(4);
    expect(links.asset_links.every((link: any) => link.link_type === 'derived_from')).toBe(true);
    const reports = (await t.api('GET', `${BASE}/quality-reports?run_id=${runId}`)).body;
    expect(reports.count).toBeGreaterThanOrEqual(4);
    expect(reports.quality_reports.every((report: any) => report.run_id === runId)).toBe(true);
    const costs = (await t.api('GET', `${BASE}/cost-events?run_id=${runId}`)).body;
    expect(costs.count).toBe(4);
    const ledger = costs.cost_events.reduce((sum: number, event: any) => sum + event.total_cost_usd, 0);
    expect(final.progress.cost_usd).toBeCloseTo(ledger, 6);
    const summary = (await t.api('GET', `${BASE}/runs/${runId}/cost-summary`)).body;
    expect(summary).toMatchObject({ ok: true, run_id: runId, cost_summary: { currency: 'USD', events: 4, runs: 1 } });
    expect(summary.cost_summary.total_usd).toBeCloseTo(ledger, 6);
    const project = (await t.api('GET', `${BASE}/cost-summary`)).body.cost_summary;
    expect(project.by_run.map((bucket: any) => bucket.key)).toContain(runId);
  });

  it('streams the run as Server-Sent Events: progress first, then one end with the final run', async () => {
    const res = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, scene_refs: ['scenes/scene_1.png'] } });
    const runId: string = res.body.run_id;
    const stream = await readEvents(`${t.url}${BASE}/runs/${runId}/events`);
    expect(stream.status).toBe(200);
    expect(stream.type).toMatch(/^text\/event-stream/);
    const names = stream.events.map((event) => event.event);
    expect(names.at(-1)).toBe('end');
    expect(names.slice(0, -1).every((name) => name === 'progress')).toBe(true);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(stream.events.at(-1)?.data).toMatchObject({ id: runId, status: 'ok', progress: { stage: 'finished', candidates_done: 2 } });
    expect(stream.events.some((event) => event.data.progress.status === 'running')).toBe(true);

    // A finished run: one progress and the end at once.
    const again = await readEvents(`${t.url}${BASE}/runs/${runId}/events`);
    expect(again.events.map((event) => event.event)).toEqual(['progress', 'end']);
    const missing = await t.api('GET', `${BASE}/runs/nope/events`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Run not found' });
  });

  it('waits with wait:true; a failed run it waited for is the original 400, after ingest', async () => {
    const body = { ...PAID, candidates: 1, scene_refs: ['scenes/scene_2.png'], storage_sync_s3: true, wait: true };
    const ok = await t.api('POST', `${BASE}/runs/trigger`, { body });
    expect(ok.status).toBe(200);
    expect(ok.body.run).toMatchObject({ status: 'ok', progress: { status: 'ok', candidates_done: 1 } });
    expect(ok.body.pipeline_trigger).toMatchObject({ status_code: 0, stderr: 'S3 sync skipped: S3 storage is not enabled for this project\n' });

    fake.failNext({ status: 400, message: 'Your request was rejected by the safety system.' });
    const failed = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, candidates: 1, scene_refs: ['scenes/scene_2.png'], wait: true } });
    expect(failed.status).toBe(400);
    expect(failed.body.error).toMatch(/^Pipeline command failed: 1 of 1 job\(s\) failed/);
    const runs = (await t.api('GET', `${BASE}/runs`)).body.runs.filter((run: any) => run.status === 'failed');
    expect(runs).toHaveLength(1);
    expect(runs[0].progress).toMatchObject({ status: 'failed', stage: 'finished' });
    expect(runs[0].progress.error).toMatch(/^1 of 1 job\(s\) failed/);
    const jobs = (await t.api('GET', `${BASE}/runs/${runs[0].id}/jobs`)).body.jobs;
    expect(jobs[0].status).toBe('failed');
  });
});

describe('the OpenAI key', () => {
  it('comes from the project openai/api_key secret before the environment', async () => {
    const keyless = await startTestServer({ env: { ...runEnv(fake), OPENAI_API_KEY: 'sk-wrong-environment-key' } });
    try {
      await createProject(keyless, 'Exec Demo');
      await writeScenes(keyless.dir, 1);
      const secret = await keyless.api('POST', `${BASE}/secrets`, { body: { provider_code: 'openai', secret_name: 'api_key', secret_value: FAKE_KEY } });
      expect(secret.status).toBe(200);
      const res = await keyless.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, candidates: 1, input: 'scenes', wait: true } });
      expect(res.status).toBe(200);
      expect(res.body.run.status).toBe('ok');
      expect(JSON.stringify(res.body)).not.toContain(FAKE_KEY);
      expect(fake.calls.at(-1)?.authorization).toBe(`Bearer ${FAKE_KEY}`);
    } finally {
      await keyless.close();
    }
  });
});
