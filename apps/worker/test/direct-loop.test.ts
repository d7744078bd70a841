import { setInstructionQueuePaused, upsertSecret } from '@kroma/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MISSING_AGENT_URL, WorkerLoop } from '../src/index.js';
import { startTestAgent, type TTestAgent } from './support/agent-server.js';
import { ACTOR, allIn, directEnv, eventsOf, fastSettings, newInstruction, rowOf, runLoopUntil, type TDirectEnv } from './support/direct-env.js';

describe('the loop in direct mode (a real SQLite file)', () => {
  let t: TDirectEnv;
  let agent: TTestAgent;
  beforeEach(async () => {
    t = await directEnv();
    agent = await startTestAgent({ slowMs: 3_000 });
  });
  afterEach(async () => {
    await agent.close();
    await t.close();
  });

  const loopWith = (overrides: Parameters<typeof fastSettings>[0] = {}) =>
    new WorkerLoop({ backend: t.backend, settings: fastSettings({ agentApiUrl: agent.url, ...overrides }), env: t.env });

  it('carries done, failed and unknown answers to their final states, each dispatched once', async () => {
    const done = await newInstruction(t, { payload_json: { answers: ['done'] } });
    const failed = await newInstruction(t, { payload_json: { answers: ['failed'] } });
    const odd = await newInstruction(t, { payload_json: { answers: ['rejected'] } });
    const ids = [done.id, failed.id, odd.id];
    const summary = await runLoopUntil(loopWith(), allIn(t.store, ids, ['done', 'failed']));
    expect(summary.processed).toBe(3);
    expect((await rowOf(t.store, done.id)).status).toBe('done');
    expect(JSON.parse((await rowOf(t.store, done.id)).agent_response_json ?? '{}')).toMatchObject({ status: 'done', handled: done.id });
    expect(await rowOf(t.store, failed.id)).toMatchObject({ status: 'failed', last_error: 'agent could not do it', attempts: 1 });
    expect(await rowOf(t.store, odd.id)).toMatchObject({ status: 'failed', last_error: 'the agent answered an unknown status: rejected' });
    for (const id of ids) expect(agent.countFor(id)).toBe(1);
  });

  it('retries a failing agent with linear backoff and then succeeds; never before next_attempt_at', async () => {
    const flaky = await newInstruction(t, { payload_json: { answers: ['500', '500', 'done'] }, max_attempts: 3 });
    await runLoopUntil(loopWith(), allIn(t.store, [flaky.id], ['done', 'failed']));
    expect(await rowOf(t.store, flaky.id)).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    const events = await eventsOf(t.store, flaky.id);
    const retries = events.filter(([type]) => type === 'retry_scheduled').map(([, message]) => message);
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatch(/^error=http_500:agent exploded, attempts=1, max_attempts=3, next_attempt_at=\S+Z$/);
    expect(retries[1]).toMatch(/attempts=2, max_attempts=3/);
    const requests = agent.requests.filter((r) => r.instructionId === flaky.id);
    // Each retry waited for its next_attempt_at (base 1 s × attempts; timestamps have second precision).
    for (const [index, message] of retries.entries()) {
      const next = Date.parse(/next_attempt_at=(\S+)$/.exec(message)![1]!);
      expect(requests[index + 1]!.at).toBeGreaterThanOrEqual(next);
    }
  });

  it('fails for good once attempts reach the maximum', async () => {
    const broken = await newInstruction(t, { payload_json: { answers: ['500'] }, max_attempts: 2 });
    // max(row, worker default, 1) attempts, as the newest original counted them.
    const settings = { defaultMaxAttempts: 1, dispatch: { timeoutSeconds: 2, retries: 1, backoffSeconds: 0.05 } };
    await runLoopUntil(loopWith(settings), allIn(t.store, [broken.id], ['failed']));
    expect(await rowOf(t.store, broken.id)).toMatchObject({ status: 'failed', attempts: 2, last_error: 'http_500:agent exploded' });
    expect(agent.countFor(broken.id)).toBe(4);
    expect((await eventsOf(t.store, broken.id)).at(-1)).toEqual(['error', expect.stringMatching(/next_attempt_at=none$/)]);
  });

  it('asks a remote running instruction again later instead of parking it', async () => {
    const remote = await newInstruction(t, { payload_json: { answers: ['running', 'done'] } });
    await runLoopUntil(loopWith(), allIn(t.store, [remote.id], ['done']));
    expect(agent.countFor(remote.id)).toBe(2);
    const results = (await eventsOf(t.store, remote.id)).filter(([type]) => type === 'result').map(([, m]) => m);
    expect(results[0]).toMatch(/^remote_status=running, attempts=1, http_status=200, next_attempt_at=/);
    expect(results[1]).toMatch(/^remote_status=done, attempts=2/);
  });

  it("falls back to the project's agent_api secrets, and without a URL retries with missing_agent_api_url", async () => {
    const noUrl = await newInstruction(t, { max_attempts: 1 });
    await runLoopUntil(loopWith({ agentApiUrl: undefined, defaultMaxAttempts: 1 }), allIn(t.store, [noUrl.id], ['failed']));
    expect(await rowOf(t.store, noUrl.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: MISSING_AGENT_URL });

    await upsertSecret(t.store, ACTOR, t.slug, { provider_code: 'agent_api', secret_name: 'url', secret_value: agent.url });
    await upsertSecret(t.store, ACTOR, t.slug, { provider_code: 'agent_api', secret_name: 'token', secret_value: 'from-secret' });
    const viaSecret = await newInstruction(t);
    await runLoopUntil(loopWith({ agentApiUrl: undefined }), allIn(t.store, [viaSecret.id], ['done']));
    expect((await agent.waitFor(viaSecret.id)).headers.authorization).toBe('Bearer from-secret');
  });

  it('--once processes one instruction (or none) and returns', async () => {
    const first = await newInstruction(t, { priority: 1 });
    const second = await newInstruction(t, { priority: 5 });
    expect(await loopWith({ once: true }).run()).toMatchObject({ processed: 1 });
    expect((await rowOf(t.store, first.id)).status).toBe('done');
    expect((await rowOf(t.store, second.id)).status).toBe('confirmed');
    expect(await loopWith({ once: true }).run()).toMatchObject({ processed: 1 });
    expect(await loopWith({ once: true }).run()).toMatchObject({ processed: 0 });
  });

  it('claims nothing while the queue is paused and resumes after', async () => {
    await setInstructionQueuePaused(t.store, true);
    const waiting = await newInstruction(t);
    expect(await loopWith({ once: true }).run()).toMatchObject({ processed: 0 });
    const loop = loopWith();
    const running = loop.run();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agent.countFor(waiting.id)).toBe(0);
    await setInstructionQueuePaused(t.store, false);
    await agent.waitFor(waiting.id);
    await allIn(t.store, [waiting.id], ['done']);
    loop.stop();
    expect((await running).processed).toBe(1);
  });
});
