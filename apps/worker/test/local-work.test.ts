import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestPng, startFakeOpenAIImagesServer, startLocalS3Server } from '@kroma/adapters/testing';
import { confirmAgentInstruction, updateS3Storage, upsertSecret } from '@kroma/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerLoop } from '../src/index.js';
import { ACTOR, allIn, directEnv, fastSettings, newInstruction, rowOf, runLoopUntil, type TDirectEnv } from './support/direct-env.js';

const FAKE_KEY = 'sk-test-worker-0123456789';

async function writePng(path: string, color: { r: number; g: number; b: number }): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, await makeTestPng({ width: 16, height: 16, color }));
}

const responseOf = async (t: TDirectEnv, id: string) => JSON.parse((await rowOf(t.store, id)).agent_response_json ?? '{}');

describe('work the worker does itself (direct mode)', () => {
  let t: TDirectEnv;
  beforeEach(async () => {
    t = await directEnv({ OPENAI_IMAGE_SIZE: '1024x1024', OPENAI_IMAGE_QUALITY: 'low' });
  });
  afterEach(() => t.close());

  const work = (ids: string[], statuses = ['done', 'failed']) =>
    runLoopUntil(new WorkerLoop({ backend: t.backend, settings: fastSettings(), env: t.env }), allIn(t.store, ids, statuses), 20_000);

  it('qa_check runs the output guard over a project folder and answers its summary', async () => {
    await writePng(join(t.projectRoot, 'outputs/grey.png'), { r: 120, g: 120, b: 120 });
    await writePng(join(t.projectRoot, 'outputs/red.png'), { r: 250, g: 10, b: 10 });
    const qa = await newInstruction(t, { instruction_type: 'qa_check', payload_json: { folder: 'outputs', enforce_grayscale: true } });
    const escape = await newInstruction(t, { instruction_type: 'qa_check', payload_json: { folder: '../../..' } });
    await work([qa.id, escape.id]);
    expect((await rowOf(t.store, qa.id)).status).toBe('done');
    const answer = await responseOf(t, qa.id);
    expect(answer).toMatchObject({ ok: false, has_hard_failures: true, summary: { total_files: 2, hard_failures: 1 } });
    expect(answer.failed_files).toEqual([{ file: expect.stringMatching(/outputs\/red\.png$/), reasons: ['not_grayscale_like'] }]);
    expect(await rowOf(t.store, escape.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: "Field 'folder' must be inside the project root" });
  });

  it('pipeline_run in dry mode plans and ingests the run; a paid run without confirm_spend fails without retry', async () => {
    await writePng(join(t.appRoot, 'scenes/a.png'), { r: 90, g: 90, b: 90 });
    const dry = await newInstruction(t, { instruction_type: 'pipeline_run', payload_json: { mode: 'dry', input: 'scenes' } });
    const unconfirmed = await newInstruction(t, { instruction_type: 'pipeline_run', payload_json: { mode: 'run', input: 'scenes' } }, false);
    await confirmAgentInstruction(t.store, ACTOR, t.slug, unconfirmed.id, {});
    await work([dry.id, unconfirmed.id]);
    const answer = await responseOf(t, dry.id);
    expect(await rowOf(t.store, dry.id)).toMatchObject({ status: 'done', last_error: null });
    expect(answer).toMatchObject({ ok: true, mode: 'dry', jobs: 1, ingest: { run_id: answer.run_id } });
    const run = await t.store.db.selectFrom('runs').selectAll().where('id', '=', answer.run_id).executeTakeFirstOrThrow();
    expect(run.mode).toBe('dry');
    expect(await rowOf(t.store, unconfirmed.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'Run mode requires explicit spend confirmation',
    });
  });

  it("pipeline_run in run mode generates with the project's OpenAI key, ingests, and records the cost", async () => {
    const fake = await startFakeOpenAIImagesServer({ apiKey: FAKE_KEY, latencyMs: 0 });
    try {
      t.env.OPENAI_BASE_URL = fake.url;
      await upsertSecret(t.store, ACTOR, t.slug, { provider_code: 'openai', secret_name: 'api_key', secret_value: FAKE_KEY });
      for (const name of ['a', 'b']) await writePng(join(t.appRoot, `scenes/${name}.png`), { r: 90, g: 90, b: 90 });
      const paid = await newInstruction(t, {
        instruction_type: 'pipeline_run',
        payload_json: { mode: 'run', input: 'scenes', candidates: 2, confirm_spend: true },
      });
      expect(paid.status).toBe('pending');
      await confirmAgentInstruction(t.store, ACTOR, t.slug, paid.id, {});
      await work([paid.id]);
      const answer = await responseOf(t, paid.id);
      expect(await rowOf(t.store, paid.id)).toMatchObject({ status: 'done' });
      expect(answer).toMatchObject({ ok: true, mode: 'run', jobs: 2, ingest: { status: 'ok' } });
      expect(fake.calls).toHaveLength(4);
      const costs = await t.store.db.selectFrom('cost_events').select('run_id').where('run_id', '=', answer.run_id).execute();
      expect(costs.length).toBeGreaterThan(0);
      expect(JSON.stringify(await rowOf(t.store, paid.id))).not.toContain(FAKE_KEY);
    } finally {
      await fake.close();
    }
  });

  it('storage_sync mirrors the project folder to S3 with the project settings and aws secrets', async () => {
    const s3 = await startLocalS3Server(['kroma-sync']);
    try {
      await updateS3Storage(t.store, ACTOR, t.slug, { enabled: true, bucket: 'kroma-sync', endpoint_url: s3.endpointUrl, region: 'us-east-1' });
      await upsertSecret(t.store, ACTOR, t.slug, { provider_code: 'aws', secret_name: 'access_key_id', secret_value: s3.credentials.accessKeyId });
      await upsertSecret(t.store, ACTOR, t.slug, { provider_code: 'aws', secret_name: 'secret_access_key', secret_value: s3.credentials.secretAccessKey });
      await writePng(join(t.projectRoot, 'outputs/final.png'), { r: 100, g: 100, b: 100 });
      const sync = await newInstruction(t, { instruction_type: 'storage_sync', payload_json: {} });
      await work([sync.id]);
      expect((await rowOf(t.store, sync.id)).status).toBe('done');
      const answer = await responseOf(t, sync.id);
      expect(answer).toMatchObject({ ok: true, skipped: false, uploaded: ['outputs/final.png'], destination: `s3://kroma-sync/iat-projects/${t.projectId}/` });
      expect(await s3.listKeys('kroma-sync')).toEqual([`iat-projects/${t.projectId}/outputs/final.png`]);
    } finally {
      await s3.close();
    }
  });

  it('storage_sync with S3 disabled fails with the route message, no retry', async () => {
    const sync = await newInstruction(t, { instruction_type: 'storage_sync' });
    await work([sync.id]);
    expect(await rowOf(t.store, sync.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'S3 storage is not enabled for this project' });
  });
});
