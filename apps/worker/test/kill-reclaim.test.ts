import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerLoop } from '../src/index.js';
import { startTestAgent, type TTestAgent } from './support/agent-server.js';
import { killAll, spawnWorker, workerBuilt, WORKER_MAIN, type TChildWorker } from './support/child-worker.js';
import { allIn, directEnv, eventsOf, fastSettings, newInstruction, rowOf, runLoopUntil, type TDirectEnv } from './support/direct-env.js';

describe('a worker killed with SIGKILL mid-dispatch', () => {
  let t: TDirectEnv;
  let agent: TTestAgent;
  let workers: TChildWorker[] = [];
  beforeEach(async () => {
    t = await directEnv();
    // The first request never gets an answer (the worker dies waiting); the next one is done.
    agent = await startTestAgent({ answerFor: (_body, n) => (n === 1 ? 'hang' : 'done') });
  });
  afterEach(async () => {
    killAll(workers);
    workers = [];
    await agent.close();
    await t.close();
  });

  it('leaves a lock that expires; another worker reclaims the instruction and finishes it', async () => {
    expect(workerBuilt(), `${WORKER_MAIN} does not exist: build the worker first (cd apps/worker && npx tsup)`).toBe(true);
    const victim = await newInstruction(t, { max_attempts: 3 });
    const doomed = spawnWorker(t.appRoot, ['--db', t.dbPath, '--max-locked-seconds', '1', '--agent-api-url', agent.url, '--worker-id', 'w-doomed'], t.env);
    workers.push(doomed);
    await agent.waitFor(victim.id, 1, 10_000);
    expect(await rowOf(t.store, victim.id)).toMatchObject({ status: 'running', locked_by: 'w-doomed' });
    doomed.child.kill('SIGKILL');
    const [, signal] = await doomed.exited;
    expect(signal).toBe('SIGKILL');
    expect(doomed.stdout()).toBe('');

    const killedAt = Date.now();
    const rescuer = new WorkerLoop({ backend: t.backend, settings: fastSettings({ agentApiUrl: agent.url, maxLockedSeconds: 1, workerId: 'w-rescuer' }), env: t.env });
    await runLoopUntil(rescuer, allIn(t.store, [victim.id], ['done']), 10_000);
    // Not before the lock went stale (1 s; lock times have second precision), and not much later either.
    const second = await agent.waitFor(victim.id, 2);
    expect(second.at - killedAt).toBeLessThan(3_500);
    expect(agent.countFor(victim.id)).toBe(2);

    expect(await rowOf(t.store, victim.id)).toMatchObject({ status: 'done', locked_by: null, attempts: 2 });
    const events = await eventsOf(t.store, victim.id);
    expect(events.map(([type]) => type)).toEqual(['created', 'queued', 'started', 'reclaimed', 'started', 'result']);
    expect(events[2]![1]).toContain('worker_id=w-doomed');
    expect(events[3]![1]).toMatch(/^worker_id=w-doomed, locked_at=\S+, attempts=1, max_attempts=3$/);
    expect(events[4]![1]).toContain('worker_id=w-rescuer');
  }, 20_000);

  it('SIGTERM twice releases the current instruction at once and exits with its summary', async () => {
    expect(workerBuilt()).toBe(true);
    const held = await newInstruction(t);
    const worker = spawnWorker(t.appRoot, ['--db', t.dbPath, '--agent-api-url', agent.url, '--worker-id', 'w-term'], t.env);
    workers.push(worker);
    await agent.waitFor(held.id, 1, 10_000);
    worker.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    worker.child.kill('SIGTERM');
    const [code] = await worker.exited;
    expect(code).toBe(0);
    expect(JSON.parse(worker.stdout())).toEqual({ ok: true, worker_id: 'w-term', processed: 1 });
    expect(worker.stderr()).toContain(`instruction ${held.id}: released (shutdown)`);
    expect(await rowOf(t.store, held.id)).toMatchObject({ status: 'confirmed', attempts: 0, locked_by: null });
  }, 20_000);
});
