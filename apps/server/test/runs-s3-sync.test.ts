import { startLocalS3Server, type TFakeOpenAIServer, type TLocalS3Server } from '@kroma/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEnv, startFakeOpenAI, waitForRun, writeScenes } from './support/runs.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

const BUCKET = 'run-mirror';
const BASE = '/api/projects/synced_runs';
const PAID = { mode: 'run', confirm_spend: true, candidates: 1, scene_refs: ['scenes/scene_1.png'] };

let fake: TFakeOpenAIServer;
let s3: TLocalS3Server;
let t: TTestServer;
let prefix: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  s3 = await startLocalS3Server([BUCKET]);
  t = await startTestServer({ env: runEnv(fake) });
  prefix = `iat-projects/${(await createProject(t, 'Synced Runs')).id}/`;
  await writeScenes(t.dir, 1);
  await t.api('PUT', `${BASE}/storage/s3`, { body: { enabled: true, bucket: BUCKET, endpoint_url: s3.endpointUrl } });
  for (const [secret_name, secret_value] of Object.entries({ access_key_id: 'S3RVER', secret_access_key: 'S3RVER' })) {
    await t.api('POST', `${BASE}/secrets`, { body: { provider_code: 'aws', secret_name, secret_value } });
  }
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
  await fake?.close();
});

describe('the post-run S3 sync (pipeline.md §9.3)', () => {
  it('does not mirror a run that did not ask for it', async () => {
    const res = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, wait: true } });
    expect(res.body.run.status).toBe('ok');
    expect(await s3.listKeys(BUCKET, prefix)).toEqual([]);
  });

  it('mirrors the project folder after the ingest of a paid run with storage_sync_s3', async () => {
    const res = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, storage_sync_s3: true, wait: true } });
    expect(res.status).toBe(200);
    expect(res.body.pipeline_trigger).toMatchObject({ status_code: 0, stderr: '' });
    const keys = await s3.listKeys(BUCKET, prefix);
    const runLog = `${prefix}${res.body.pipeline_trigger.stdout.match(/Run log: var\/projects\/synced_runs\/(\S+)/)[1]}`;
    expect(keys).toContain(runLog);
    expect(keys.some((key) => /\/outputs\/.+\.png$/.test(key))).toBe(true);
    const run = (await t.api('GET', `${BASE}/runs/${res.body.run_id}`)).body.run;
    expect(run.progress).toMatchObject({ status: 'ok', error: '' });
  });

  it('notes a failed sync in stderr and the progress error, and leaves the run ok', async () => {
    await t.api('PUT', `${BASE}/storage/s3`, { body: { bucket: 'absent-bucket' } });
    const note = "S3 sync skipped: S3 bucket 'absent-bucket' does not exist";
    const waited = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, storage_sync_s3: true, wait: true } });
    expect(waited.status).toBe(200);
    expect(waited.body.pipeline_trigger).toMatchObject({ status_code: 0, stderr: `${note}\n` });
    const detail = (await t.api('GET', `${BASE}/runs/${waited.body.run_id}`)).body.run;
    expect(detail).toMatchObject({ status: 'ok', progress: { status: 'ok', error: note } });

    // In the background too: the note lands once the run has ended.
    const background = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, storage_sync_s3: true } });
    const run = await waitForRun(t, 'synced_runs', background.body.run_id, (r) => r.progress.error !== '');
    expect(run).toMatchObject({ status: 'ok', progress: { status: 'ok', error: note } });
  });
});
