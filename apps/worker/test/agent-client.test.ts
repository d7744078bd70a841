import type { TAgentInstruction } from '@kroma/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgentEnvelope, postToAgent, workResultOfDispatch } from '../src/index.js';
import { startTestAgent, type TAgentAnswer, type TTestAgent } from './support/agent-server.js';

const instruction = (id: string, payload: Record<string, unknown> = {}): TAgentInstruction => ({
  id,
  project_id: 'p1',
  instruction_text: 'Touch up panel 3',
  instruction_type: 'asset_edit',
  payload_json: payload,
  status: 'running',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  confirmed_at: '',
  canceled_at: '',
  priority: 100,
  requires_confirmation: true,
  attempts: 0,
  max_attempts: 3,
  next_attempt_at: '',
  last_error: '',
  locked_by: 'w',
  locked_at: '',
  started_at: '',
  finished_at: '',
  agent_response_json: {},
});

describe('the agent client (data.md §3.8 / §3.9)', () => {
  let agent: TTestAgent;
  const never = new AbortController().signal;
  beforeAll(async () => {
    agent = await startTestAgent({ slowMs: 1_000 });
  });
  afterAll(() => agent.close());

  const post = (id: string, answers: TAgentAnswer[], extra: Partial<Parameters<typeof postToAgent>[0]> = {}) =>
    postToAgent({
      url: agent.url,
      body: buildAgentEnvelope(instruction(id, { answers }), 'demo'),
      timeoutSeconds: 2,
      retries: 2,
      backoffSeconds: 0.05,
      signal: never,
      ...extra,
    });

  it('sends the full envelope with the bearer token and maps done / accepted / queued to done', async () => {
    const result = await post('env-1', ['accepted'], { token: 'agent-secret' });
    expect(result).toMatchObject({ ok: true, http_status: 200, requests: 1, error: '' });
    expect(workResultOfDispatch(result).outcome).toBe('done');
    const [request] = agent.requests.filter((r) => r.instructionId === 'env-1');
    expect(request!.headers.authorization).toBe('Bearer agent-secret');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({
      instruction_id: 'env-1',
      project_slug: 'demo',
      instruction_type: 'asset_edit',
      objective: 'Touch up panel 3',
      constraints: {},
      inputs: {},
      execution: {},
      confirmation_required: true,
      requested_by: 'local',
      callback: {},
      payload: { answers: ['accepted'] },
    });
  });

  it('takes objective, constraints and requested_by from the payload', () => {
    const payload = { objective: '  Recolour  ', constraints: { max: 1 }, inputs: [1], requested_by: 'chat', callback: { url: 'x' } };
    const envelope = buildAgentEnvelope(instruction('env-2', payload), 'demo');
    expect(envelope).toMatchObject({ objective: 'Recolour', constraints: { max: 1 }, inputs: {}, requested_by: 'chat', callback: { url: 'x' } });
  });

  it('maps failed, running and an unknown status', async () => {
    expect(workResultOfDispatch(await post('map-f', ['failed']))).toMatchObject({ outcome: 'failed', error: 'agent could not do it', httpStatus: 200 });
    expect(workResultOfDispatch(await post('map-r', ['running']))).toMatchObject({ outcome: 'remote_running' });
    expect(workResultOfDispatch(await post('map-x', ['rejected']))).toMatchObject({ outcome: 'failed', error: 'the agent answered an unknown status: rejected' });
  });

  it('retries a 500 with backoff × try number, then succeeds', async () => {
    const result = await post('retry-1', ['500', '500', 'done'], { backoffSeconds: 0.1 });
    expect(result).toMatchObject({ ok: true, requests: 3 });
    const times = agent.requests.filter((r) => r.instructionId === 'retry-1').map((r) => r.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(95);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(195);
  });

  it('gives up after retries + 1 requests with http_<code>:<body>, the token never in the error', async () => {
    const result = await post('fail-500', ['500'], { token: 'exploded' });
    expect(result).toEqual({ ok: false, http_status: 500, response: {}, error: 'http_500:agent [redacted]', requests: 3 });
    expect(agent.countFor('fail-500')).toBe(3);
    expect(workResultOfDispatch(result)).toMatchObject({ outcome: 'retry', error: 'http_500:agent [redacted]', httpStatus: 500 });
  });

  it('counts a non-JSON 2xx as a failed try', async () => {
    const result = await post('html', ['non_json', 'done']);
    expect(result).toMatchObject({ ok: true, requests: 2 });
    const never2 = await post('html-2', ['non_json'], { retries: 0 });
    expect(never2).toMatchObject({ ok: false, http_status: 200, error: 'invalid_json:<html>not json</html>', requests: 1 });
  });

  it('times a slow agent out per request', async () => {
    const started = Date.now();
    const result = await post('slow-1', ['slow'], { timeoutSeconds: 0.2, retries: 1 });
    expect(result).toMatchObject({ ok: false, http_status: null, error: 'timeout after 0.2s', requests: 2 });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('reports an unreachable agent as url_error', async () => {
    const result = await post('gone', ['done'], { url: 'http://127.0.0.1:1/agent', retries: 0 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^url_error:/);
  });

  it('rethrows an abort instead of failing the try', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('lock lost')), 100);
    await expect(post('abort-1', ['slow'], { signal: controller.signal })).rejects.toThrow('lock lost');
  });
});
