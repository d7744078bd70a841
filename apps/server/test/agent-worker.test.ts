import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentServer, type TAgentServer } from './support/agent-server.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let agent: TAgentServer;
const TOKEN = 'agent-token-5f1c2e';
const BASE = '/api/projects/worker_test/agent/instructions';
const WORKER = '/api/agent/worker';

beforeAll(async () => {
  agent = await startAgentServer();
  t = await startTestServer();
  await createProject(t, 'Worker Test');
  await createProject(t, 'No Agent');
  for (const [name, value] of [['url', `${agent.url}/agent`], ['token', TOKEN]]) {
    const res = await t.api('POST', '/api/projects/worker_test/secrets', { body: { provider_code: 'agent_api', secret_name: name, secret_value: value } });
    expect(res.status, res.text).toBe(200);
  }
});
afterAll(async () => {
  await t.close();
  await agent.close();
});

/** Creates a queued instruction (typed dialect, no confirmation) and claims it as `worker`; asserts it was this one. */
async function claimNew(payload: Record<string, unknown> = {}, worker = 'w1', base = BASE) {
  const created = await t.api('POST', base, { body: { instruction_type: 'custom', payload_json: payload, requires_confirmation: false } });
  expect(created.status, created.text).toBe(200);
  const claimed = await t.api('POST', `${WORKER}/claim`, { body: { worker_id: worker } });
  expect(claimed.status, claimed.text).toBe(200);
  expect(claimed.body.instruction?.id).toBe(created.body.instruction.id);
  return claimed.body as { instruction: Record<string, any> & { id: string }; project_slug: string };
}

const complete = (id: string, body: Record<string, unknown>) => t.api('POST', `${WORKER}/instructions/${id}/complete`, { body });
const heartbeat = (id: string, worker: string) => t.api('POST', `${WORKER}/instructions/${id}/heartbeat`, { body: { worker_id: worker } });
const dispatch = (id: string, body: Record<string, unknown> = {}) =>
  t.api('POST', `${WORKER}/instructions/${id}/dispatch`, { body: { worker_id: 'w1', backoff_seconds: 0.1, ...body } });
const eventTypes = async (id: string) =>
  ((await t.api('GET', `${BASE}/${id}/events`)).body.events as Array<{ event_type: string }>).map((e) => e.event_type);

describe('the queue', () => {
  it('pauses and resumes: a paused queue hands out nothing', async () => {
    expect((await t.api('GET', '/api/agent/queue')).body).toEqual({
      ok: true,
      queue: { paused: false, paused_at: '', counts: { pending: 0, confirmed: 0, running: 0, done: 0, failed: 0, canceled: 0 } },
    });
    const created = await t.api('POST', BASE, { body: { instruction_type: 'qa_check', requires_confirmation: false } });
    const paused = await t.api('POST', '/api/agent/queue/pause', { body: {} });
    expect(paused.body.queue).toMatchObject({ paused: true, counts: { confirmed: 1 } });
    expect((await t.api('POST', `${WORKER}/claim`, { body: { worker_id: 'w1' } })).body).toEqual({ ok: true, instruction: null, project_slug: '' });
    expect((await t.api('POST', '/api/agent/queue/resume', { body: {} })).body.queue).toMatchObject({ paused: false, paused_at: '' });
    const claimed = await t.api('POST', `${WORKER}/claim`, { body: { worker_id: 'w1', types: ['qa_check'], max_locked_seconds: 30, default_max_attempts: 2 } });
    expect(claimed.body).toMatchObject({ project_slug: 'worker_test', instruction: { id: created.body.instruction.id, status: 'running', locked_by: 'w1' } });
    const done = await complete(created.body.instruction.id, { worker_id: 'w1', outcome: 'done', response: { status: 'done' }, http_status: 200 });
    expect(done.body).toMatchObject({ ok: true, applied: true, instruction: { status: 'done', attempts: 1, agent_response_json: { status: 'done' } } });
    expect(await eventTypes(created.body.instruction.id)).toEqual(['created', 'queued', 'started', 'result']);
  });

  it('needs the lock holder for heartbeats and results; a cancel wins over a late result', async () => {
    const { instruction } = await claimNew();
    expect((await heartbeat(instruction.id, 'w1')).body).toEqual({ ok: true, locked: true, status: 'running' });
    expect((await heartbeat(instruction.id, 'w2')).body).toEqual({ ok: true, locked: false, status: 'running' });
    expect((await complete(instruction.id, { worker_id: 'w2', outcome: 'done' })).body).toMatchObject({ applied: false, instruction: { status: 'running' } });
    expect((await t.api('POST', `${BASE}/${instruction.id}/cancel`, { body: { message: 'stop it' } })).body.instruction.status).toBe('canceled');
    expect((await heartbeat(instruction.id, 'w1')).body).toEqual({ ok: true, locked: false, status: 'canceled' });
    const late = await complete(instruction.id, { worker_id: 'w1', outcome: 'done', response: { status: 'done' } });
    expect(late.body).toMatchObject({ ok: true, applied: false, instruction: { status: 'canceled', agent_response_json: {} } });
    expect(await eventTypes(instruction.id)).toEqual(['created', 'queued', 'started', 'canceled']);

    expect((await heartbeat('missing', 'w1')).body).toEqual({ ok: false, error: 'Agent instruction not found' });
    expect((await heartbeat(instruction.id, '   ')).body).toEqual({ ok: false, error: "Field 'worker_id' is required" });
    expect((await t.api('POST', `${WORKER}/claim`, { body: { worker_id: '' } })).status).toBe(422);
    expect((await complete(instruction.id, { worker_id: 'w1', outcome: 'finished' })).status).toBe(422);
  });

  it('schedules retries with backoff and polls a remote running answer again later', async () => {
    const { instruction } = await claimNew();
    const retry = await complete(instruction.id, { worker_id: 'w1', outcome: 'retry', error: 'http_503:busy', retry_backoff_seconds: 60 });
    expect(retry.body.instruction).toMatchObject({ status: 'confirmed', attempts: 1, last_error: 'http_503:busy', locked_by: '' });
    expect(Date.parse(retry.body.instruction.next_attempt_at) - Date.now()).toBeGreaterThan(55_000);
    expect((await t.api('POST', `${WORKER}/claim`, { body: { worker_id: 'w1' } })).body.instruction).toBeNull();

    await t.server.store.db.updateTable('agent_instructions').set({ next_attempt_at: '2020-01-01T00:00:00Z' }).where('id', '=', instruction.id).execute();
    expect((await t.api('POST', `${WORKER}/claim`, { body: { worker_id: 'w1' } })).body.instruction.id).toBe(instruction.id);
    const polled = await complete(instruction.id, { worker_id: 'w1', outcome: 'remote_running', response: { status: 'running' }, http_status: 202, poll_after_seconds: 30 });
    expect(polled.body.instruction).toMatchObject({ status: 'confirmed', attempts: 2, agent_response_json: { status: 'running' } });
    expect(await eventTypes(instruction.id)).toEqual(['created', 'queued', 'started', 'retry_scheduled', 'started', 'result']);
    await t.api('POST', `${BASE}/${instruction.id}/cancel`, { body: {} });
  });

  it("applies the worker's default max attempts sent with a retry (max of row, default, 1)", async () => {
    const created = await t.api('POST', BASE, { body: { instruction_type: 'custom', requires_confirmation: false, max_attempts: 1 } });
    const id = created.body.instruction.id as string;
    const statuses: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await t.server.store.db.updateTable('agent_instructions').set({ next_attempt_at: null }).where('id', '=', id).execute();
      const claimed = await t.api('POST', `${WORKER}/claim`, { body: { worker_id: 'w1' } });
      if (claimed.body.instruction?.id !== id) break;
      const retry = await complete(id, { worker_id: 'w1', outcome: 'retry', error: 'http_500:down', retry_backoff_seconds: 1, default_max_attempts: 5 });
      statuses.push(retry.body.instruction.status);
    }
    expect(statuses).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'failed']);
  });
});

describe('dispatch through the server', () => {
  it("posts the envelope with the project's agent_api secrets and returns the answer, never the token", async () => {
    const payload = { answer: 'done', objective: ' Ink page 4 ', constraints: { max_cost_usd: 1 }, requested_by: 'chat' };
    const { instruction } = await claimNew(payload);
    const before = agent.requests.length;
    const res = await dispatch(instruction.id);
    expect(res.body).toEqual({ ok: true, dispatch: { ok: true, http_status: 200, response: { status: 'done', echo: 'Ink page 4' }, error: '', requests: 1 } });
    expect(res.text).not.toContain(TOKEN);
    const [request] = agent.requests.slice(before);
    expect(request?.path).toBe('/agent');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({
      instruction_id: instruction.id, project_slug: 'worker_test', instruction_type: 'custom', objective: 'Ink page 4',
      constraints: { max_cost_usd: 1 }, inputs: {}, execution: {}, confirmation_required: false, requested_by: 'chat',
      callback: {}, payload,
    });
    expect((await t.api('GET', `${BASE}/${instruction.id}`)).body.instruction.status).toBe('running');
    await complete(instruction.id, { worker_id: 'w1', outcome: 'done', response: res.body.dispatch.response });
  });

  it.each([
    ['failed', { ok: true, http_status: 200, response: { status: 'failed', error: 'cannot do that' }, error: '', requests: 1 }],
    ['running', { ok: true, http_status: 202, response: { status: 'running', job: 'j1' }, error: '', requests: 1 }],
    ['flaky', { ok: true, http_status: 200, requests: 2 }],
    ['500', { ok: false, http_status: 500, response: {}, error: 'http_500:agent exploded', requests: 3 }],
    ['nonjson', { ok: false, http_status: 200, response: {}, error: 'invalid_json:all good!', requests: 3 }],
  ])('hands back what the agent answered: %s', async (answer, expected) => {
    const { instruction } = await claimNew({ answer });
    const started = Date.now();
    const res = await dispatch(instruction.id);
    expect(res.body.dispatch).toMatchObject(expected);
    // Failed tries are retried after backoff × try number: 0.1 s, then 0.2 s.
    if (expected.requests === 3) expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await complete(instruction.id, { worker_id: 'w1', outcome: 'failed', error: res.body.dispatch.error });
  });

  it('gives up on a slow agent after the per-request timeout', async () => {
    const { instruction } = await claimNew({ answer: 'slow' });
    const started = Date.now();
    const res = await dispatch(instruction.id, { timeout_seconds: 0.2, retries: 1 });
    expect(res.body.dispatch).toEqual({ ok: false, http_status: null, response: {}, error: 'timeout after 0.2s', requests: 2 });
    expect(Date.now() - started).toBeLessThan(900);
    await complete(instruction.id, { worker_id: 'w1', outcome: 'release' });
    await t.api('POST', `${BASE}/${instruction.id}/cancel`, { body: {} });
  });

  it('refuses a worker that does not hold the lock, and reports a missing agent URL', async () => {
    const { instruction } = await claimNew();
    const foreign = await dispatch(instruction.id, { worker_id: 'w9' });
    expect(foreign.status).toBe(409);
    expect(foreign.body).toEqual({ ok: false, error: 'Instruction is not locked by worker w9 (status: running)' });
    expect((await dispatch('missing')).status).toBe(404);
    await complete(instruction.id, { worker_id: 'w1', outcome: 'done' });

    const orphan = await claimNew({}, 'w1', '/api/projects/no_agent/agent/instructions');
    expect((await dispatch(orphan.instruction.id)).body.dispatch).toEqual({ ok: false, http_status: null, response: {}, error: 'missing_agent_api_url', requests: 0 });
    await complete(orphan.instruction.id, { worker_id: 'w1', outcome: 'done' });
  });

  it("prefers the server's IAT_AGENT_API_URL and IAT_AGENT_API_TOKEN to the project's secrets", async () => {
    const other = await startTestServer({ env: { IAT_AGENT_API_URL: ` ${agent.url}/from-env `, IAT_AGENT_API_TOKEN: '  ' } });
    try {
      await createProject(other, 'Worker Test');
      await other.api('POST', '/api/projects/worker_test/secrets', { body: { provider_code: 'agent_api', secret_name: 'url', secret_value: `${agent.url}/from-secret` } });
      await other.api('POST', '/api/projects/worker_test/secrets', { body: { provider_code: 'agent_api', secret_name: 'token', secret_value: 'from-secret-token' } });
      await other.api('POST', BASE, { body: { instruction_text: 'Plan page 5', requires_confirmation: false } });
      const claimed = await other.api('POST', `${WORKER}/claim`, { body: { worker_id: 'w1' } });
      const before = agent.requests.length;
      const res = await other.api('POST', `${WORKER}/instructions/${claimed.body.instruction.id}/dispatch`, { body: { worker_id: 'w1' } });
      expect(res.body.dispatch).toMatchObject({ ok: true, requests: 1 });
      const [request] = agent.requests.slice(before);
      expect(request?.path).toBe('/from-env');
      expect(request?.headers.authorization).toBe('Bearer from-secret-token');
      expect(request?.body).toMatchObject({ instruction_type: 'agent_instruction', objective: 'Plan page 5', payload: {} });
    } finally {
      await other.close();
    }
  });
});
