import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestAgent, type TTestAgent } from './support/agent-server.js';
import { killAll, spawnWorker, workerBuilt, WORKER_MAIN, type TChildWorker } from './support/child-worker.js';
import { directEnv, newInstruction, type TDirectEnv } from './support/direct-env.js';

const INSTRUCTIONS = 1_000;
const WORKERS = 3;

describe('three worker processes on one SQLite file', () => {
  let t: TDirectEnv;
  let agent: TTestAgent;
  let workers: TChildWorker[] = [];
  beforeEach(async () => {
    t = await directEnv();
    agent = await startTestAgent({ answerFor: () => 'done' });
  });
  afterEach(async () => {
    killAll(workers);
    workers = [];
    await agent.close();
    await t.close();
  });

  it('do every one of 1,000 instructions exactly once', async () => {
    expect(workerBuilt(), `${WORKER_MAIN} does not exist: build the worker first (cd apps/worker && npx tsup)`).toBe(true);
    const ids = new Set<string>();
    for (let index = 0; index < INSTRUCTIONS; index += 1) ids.add((await newInstruction(t, { priority: index % 7 })).id);
    const argv = ['--db', t.dbPath, '--poll-interval-seconds', '0.1', '--agent-api-url', agent.url];
    for (let index = 1; index <= WORKERS; index += 1) workers.push(spawnWorker(t.appRoot, [...argv, '--worker-id', `w${index}`], t.env));

    const deadline = Date.now() + 20_000;
    for (;;) {
      const { n } = await t.store.db
        .selectFrom('agent_instructions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'done')
        .executeTakeFirstOrThrow();
      if (Number(n) === INSTRUCTIONS) break;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${INSTRUCTIONS} done in 20 s; ${workers.map((w) => w.stderr()).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const { child } of workers) child.kill('SIGTERM');
    const exits = await Promise.all(workers.map((worker) => worker.exited));
    expect(exits.map(([code]) => code)).toEqual([0, 0, 0]);

    const summaries = workers.map((worker) => JSON.parse(worker.stdout()) as { ok: boolean; worker_id: string; processed: number });
    expect(summaries.map((s) => s.worker_id)).toEqual(['w1', 'w2', 'w3']);
    expect(summaries.reduce((sum, s) => sum + s.processed, 0)).toBe(INSTRUCTIONS);
    // Every worker got a share: the claim is contended, not one process doing everything.
    for (const summary of summaries) expect(summary.processed).toBeGreaterThan(0);

    expect(agent.requests).toHaveLength(INSTRUCTIONS);
    for (const id of ids) expect(agent.countFor(id)).toBe(1);
    const started = await t.store.db
      .selectFrom('agent_instruction_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_type', '=', 'started')
      .executeTakeFirstOrThrow();
    expect(Number(started.n)).toBe(INSTRUCTIONS);
  }, 35_000);
});
