import { cancelAgentInstruction } from '@kroma/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerLoop } from '../src/index.js';
import { startTestAgent, type TTestAgent } from './support/agent-server.js';
import { ACTOR, allIn, directEnv, eventsOf, fastSettings, newInstruction, rowOf, runLoopUntil, type TDirectEnv } from './support/direct-env.js';

describe('cancel while running, and graceful shutdown', () => {
  let t: TDirectEnv;
  let agent: TTestAgent;
  let logs: string[];
  beforeEach(async () => {
    t = await directEnv();
    agent = await startTestAgent({ slowMs: 600 });
    logs = [];
  });
  afterEach(async () => {
    await agent.close();
    await t.close();
  });

  const loopWith = (overrides: Parameters<typeof fastSettings>[0] = {}) =>
    new WorkerLoop({ backend: t.backend, settings: fastSettings({ agentApiUrl: agent.url, ...overrides }), env: t.env, log: (line) => logs.push(line) });

  it('a cancel during dispatch stops the work at the next heartbeat and nothing is written after it', async () => {
    const hanging = await newInstruction(t, { payload_json: { answers: ['hang'] } });
    const loop = loopWith({ maxLockedSeconds: 0.3 });
    const running = loop.run();
    await agent.waitFor(hanging.id);
    const canceledAt = Date.now();
    await cancelAgentInstruction(t.store, ACTOR, t.slug, hanging.id, {});
    while (!logs.some((line) => line.includes('lock lost'))) {
      if (Date.now() - canceledAt > 2_000) throw new Error(`no lock-lost within 2 s: ${logs.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    loop.stop();
    expect((await running).processed).toBe(1);
    expect(await rowOf(t.store, hanging.id)).toMatchObject({ status: 'canceled', locked_by: null, attempts: 0 });
    expect((await eventsOf(t.store, hanging.id)).map(([type]) => type)).toEqual(['created', 'queued', 'started', 'canceled']);
    expect(logs.join('\n')).toContain(`instruction ${hanging.id}: lock lost (status canceled); result dropped`);
  });

  it('a late result after a cancel is not applied (the cancel wins)', async () => {
    const slow = await newInstruction(t, { payload_json: { answers: ['slow'] } });
    const loop = loopWith();
    const summary = runLoopUntil(loop, async () => logs.some((line) => line.includes('result not applied')));
    await agent.waitFor(slow.id);
    await cancelAgentInstruction(t.store, ACTOR, t.slug, slow.id, {});
    await summary;
    expect(await rowOf(t.store, slow.id)).toMatchObject({ status: 'canceled', attempts: 0, agent_response_json: null });
    expect((await eventsOf(t.store, slow.id)).some(([type]) => type === 'result')).toBe(false);
  });

  it('on stop, the current instruction finishes within the grace period', async () => {
    const slow = await newInstruction(t, { payload_json: { answers: ['slow'] } });
    const other = await newInstruction(t, { priority: 500 });
    const loop = loopWith({ shutdownGraceSeconds: 5 });
    const running = loop.run();
    await agent.waitFor(slow.id);
    loop.stop();
    expect((await running).processed).toBe(1);
    expect((await rowOf(t.store, slow.id)).status).toBe('done');
    expect((await rowOf(t.store, other.id)).status).toBe('confirmed');
  });

  it('past the grace period the work is aborted and the instruction released, not dropped, then done by the next worker', async () => {
    const hanging = await newInstruction(t, { payload_json: { answers: ['hang', 'done'] } });
    const loop = loopWith({ shutdownGraceSeconds: 0.2 });
    const running = loop.run();
    await agent.waitFor(hanging.id);
    loop.stop();
    expect((await running).processed).toBe(1);
    expect(await rowOf(t.store, hanging.id)).toMatchObject({ status: 'confirmed', attempts: 0, locked_by: null, next_attempt_at: null });
    expect((await eventsOf(t.store, hanging.id)).at(-1)?.[0]).toBe('released');

    await runLoopUntil(loopWith(), allIn(t.store, [hanging.id], ['done']));
    expect(agent.countFor(hanging.id)).toBe(2);
  });

  it('a second stop releases at once', async () => {
    const hanging = await newInstruction(t, { payload_json: { answers: ['hang'] } });
    const loop = loopWith({ shutdownGraceSeconds: 60 });
    const running = loop.run();
    await agent.waitFor(hanging.id);
    const stoppedAt = Date.now();
    loop.stop();
    loop.stop();
    await running;
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    expect((await rowOf(t.store, hanging.id)).status).toBe('confirmed');
  });
});
