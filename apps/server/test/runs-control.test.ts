import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TFakeOpenAIServer } from '@kroma/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPTED_REASON } from '../src/index.js';
import { isFinal, runEnv, startFakeOpenAI, waitForRun, writeScenes } from './support/runs.js';
import { readEvents } from './support/sse.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let fake: TFakeOpenAIServer;
let t: TTestServer;
const BASE = '/api/projects/control_demo';
const PAID = { mode: 'run', confirm_spend: true, candidates: 2 };
async function waitUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const isRunning = (run: any) => run.status === 'running' && run.progress.stage !== 'starting';

beforeAll(async () => {
  fake = await startFakeOpenAI(300);
  t = await startTestServer({ env: runEnv(fake), maxConcurrentRuns: 2 });
  await createProject(t, 'Control Demo');
  for (const prefix of ['a', 'b', 'c', 'd']) await writeScenes(t.dir, 2, prefix);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('cancel and resume', () => {
  it('cancels a running run cleanly; resume finishes it under the same id without paying twice', async () => {
    const started = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, scene_refs: ['scenes/a_1.png', 'scenes/a_2.png'] } });
    const runId: string = started.body.run_id;
    await waitForRun(t, 'control_demo', runId, isRunning);
    // A watcher that goes away is unsubscribed.
    const watcher = new AbortController();
    const watching = readEvents(`${t.url}${BASE}/runs/${runId}/events`, watcher.signal);
    await waitUntil(() => t.server.runs.hub.hasListeners(runId));
    watcher.abort();
    await watching;
    await waitUntil(() => !t.server.runs.hub.hasListeners(runId));

    const canceled = await t.api('POST', `${BASE}/runs/${runId}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.run).toMatchObject({ id: runId, status: 'canceled', progress: { status: 'canceled', stage: 'finished', error: 'canceled by request' } });
    expect(canceled.body.run.progress.candidates_done).toBeLessThan(4);
    const again = await t.api('POST', `${BASE}/runs/${runId}/cancel`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ ok: false, error: 'Run is not active (status: canceled)' });

    const unconfirmed = await t.api('POST', `${BASE}/runs/${runId}/resume`, { body: {} });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toEqual({ ok: false, error: 'Run mode requires explicit spend confirmation' });
    const resumed = await t.api('POST', `${BASE}/runs/${runId}/resume`, { body: { confirm_spend: true, wait: true } });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ run_id: runId, run: { id: runId, status: 'ok' }, pipeline_trigger: { status_code: 0, run_id: runId } });
    const jobs = (await t.api('GET', `${BASE}/runs/${runId}/jobs`)).body.jobs;
    expect(jobs.map((job: any) => job.status)).toEqual(['done', 'done']);
    // One priced call per candidate: what finished before the cancel was not paid for again.
    const costs = (await t.api('GET', `${BASE}/cost-events?run_id=${runId}`)).body.cost_events;
    expect(costs.length).toBe(4);

    const finished = await t.api('POST', `${BASE}/runs/${runId}/resume`, { body: { confirm_spend: true } });
    expect(finished.status).toBe(409);
    expect(finished.body.error).toBe('Run cannot be resumed (status: ok); only interrupted, canceled, failed or partial runs can');
    const cancelDone = await t.api('POST', `${BASE}/runs/${runId}/cancel`);
    expect(cancelDone.status).toBe(409);
    expect(cancelDone.body).toEqual({ ok: false, error: 'Run is not active (status: ok)' });
    const missing = await t.api('POST', `${BASE}/runs/nope/cancel`);
    expect(missing.status).toBe(404);
  });

  it('runs at most KROMA_MAX_CONCURRENT_RUNS at once: the third waits queued and can be canceled there', async () => {
    const ids: string[] = [];
    for (const prefix of ['b', 'c', 'd']) {
      const res = await t.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, candidates: 1, scene_refs: [`scenes/${prefix}_1.png`] } });
      expect(res.status).toBe(200);
      ids.push(res.body.run_id);
    }
    const [first, second, third] = ids as [string, string, string];
    await waitForRun(t, 'control_demo', first, (run) => run.status === 'running');
    await waitForRun(t, 'control_demo', second, (run) => run.status === 'running');
    const waiting = (await t.api('GET', `${BASE}/runs/${third}`)).body.run;
    expect(waiting.progress).toMatchObject({ status: 'queued', stage: 'queued' });
    const canceled = await t.api('POST', `${BASE}/runs/${third}/cancel`);
    expect(canceled.body.run).toMatchObject({ status: 'canceled', progress: { candidates_done: 0 } });
    expect((await waitForRun(t, 'control_demo', first, isFinal)).status).toBe('ok');
    expect((await waitForRun(t, 'control_demo', second, isFinal)).status).toBe('ok');
    expect(fake.calls.some((call) => call.prompt?.includes('d_1'))).toBe(false);
  });

  it('refuses to resume a dry run', async () => {
    const dry = await t.api('POST', `${BASE}/runs/trigger`, { body: { scene_refs: ['scenes/a_1.png'] } });
    const res = await t.api('POST', `${BASE}/runs/${dry.body.run_id}/resume`, { body: { confirm_spend: true } });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('Only paid runs can be resumed (this one is a dry run)');
  });
});

describe('server shutdown mid-run', () => {
  it('records the run interrupted; the next server keeps it so, and resume finishes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kroma-server-shutdown-'));
    try {
      const first = await startTestServer({ dir, env: runEnv(fake) });
      await createProject(first, 'Control Demo');
      await writeScenes(dir, 2);
      const started = await first.api('POST', `${BASE}/runs/trigger`, { body: { ...PAID, input: 'scenes' } });
      const runId: string = started.body.run_id;
      await waitForRun(first, 'control_demo', runId, isRunning);
      await first.close();

      const second = await startTestServer({ dir, env: runEnv(fake) });
      try {
        const run = (await second.api('GET', `${BASE}/runs/${runId}`)).body.run;
        expect(run).toMatchObject({ status: 'interrupted', progress: { status: 'interrupted', error: INTERRUPTED_REASON } });
        const resumed = await second.api('POST', `${BASE}/runs/${runId}/resume`, { body: { confirm_spend: true, wait: true } });
        expect(resumed.status).toBe(200);
        expect(resumed.body.run).toMatchObject({ id: runId, status: 'ok', progress: { status: 'ok', error: '' } });
        expect((await second.api('GET', `${BASE}/runs`)).body.count).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
